"""Classification metrics of the paper's Table 3 (accuracy, ROC AUC, recall, F1), via scikit-learn.

Used by training (per-epoch test metrics), prediction and the evaluation algorithms, so that
every table in the project is computed the same way. The positive class is "ore" (label 1):
recall, precision and F1 are those of the ore class (``pos_label=1``), the usual reading of the
paper's recall column (share of ore tiles found). AUC is computed from the continuous ore
probability, not from the thresholded class.
"""

from typing import Dict, Optional

import numpy as np

__all__ = ["classification_metrics", "METRIC_NAMES"]

METRIC_NAMES = ("accuracy", "auc", "recall", "f1", "precision", "n")


def classification_metrics(y_true, p_ore, threshold: float = 0.5) -> Dict[str, Optional[float]]:
    """Accuracy, ROC AUC, recall, F1 and precision of ore predictions.

    Args:
        y_true: true labels, 1 ore / 0 no ore, shape (n,).
        p_ore: predicted ore probability (or any score where larger means more ore-like),
            shape (n,).
        threshold: tiles with ``p_ore >= threshold`` are predicted ore.

    Returns:
        dict with ``accuracy``, ``auc``, ``recall``, ``f1``, ``precision`` (floats in 0..1) and
        ``n`` (int, number of tiles). ``auc`` is ``None`` when ``y_true`` holds a single class
        (ROC AUC is undefined then); recall / precision / F1 are 0 when undefined
        (scikit-learn's ``zero_division=0``). With ``n == 0`` every metric is ``None``.

    Raises:
        ValueError: ``y_true`` and ``p_ore`` differ in length or labels are not 0/1.
    """
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score

    y = np.asarray(y_true).astype(np.int64).ravel()
    p = np.asarray(p_ore, dtype=np.float64).ravel()
    if y.shape != p.shape:
        raise ValueError("y_true has {} values, p_ore {}".format(y.size, p.size))
    if y.size == 0:
        return {"accuracy": None, "auc": None, "recall": None, "f1": None, "precision": None, "n": 0}
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 (no ore) or 1 (ore)")
    pred = (p >= threshold).astype(np.int64)
    auc = float(roc_auc_score(y, p)) if np.unique(y).size == 2 else None
    return {
        "accuracy": float(accuracy_score(y, pred)),
        "auc": auc,
        "recall": float(recall_score(y, pred, labels=[0, 1], pos_label=1, zero_division=0)),
        "f1": float(f1_score(y, pred, labels=[0, 1], pos_label=1, zero_division=0)),
        "precision": float(precision_score(y, pred, labels=[0, 1], pos_label=1, zero_division=0)),
        "n": int(y.size),
    }
