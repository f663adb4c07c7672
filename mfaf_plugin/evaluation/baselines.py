"""Classical baselines in the cell framing: the comparison a CNN has to win.

Three scikit-learn / imbalanced-learn classifiers, each on two feature sets, fitted on exactly
the cells the networks learn from (deposit cells and background cells of the training area, see
:mod:`mfaf_plugin.sampling`) and scored on the same held-out cells:

* models: ``logistic_regression`` (standardised features, L2, C = 1, classes weighted to balance),
  ``random_forest`` (300 trees, leaves of at least 5 cells, classes weighted per bootstrap
  sample), ``balanced_random_forest`` (imbalanced-learn's BalancedRandomForestClassifier: each
  of 300 trees sees a bootstrap sample with as many background as deposit cells; Chen, Liaw
  and Breiman 2004);
* features: ``cells`` = the stack's band values at the cell; ``window`` = per band the mean,
  standard deviation, minimum and maximum over the valid cells of the cell's window (the
  window the network sees: ``tile_px`` wide, centred as in :mod:`mfaf_plugin.sampling`).

Method names are ``<model>_<features>``, e.g. ``logistic_regression_cells``.
"""

from typing import Sequence

import numpy as np

from ..common.errors import InputError

__all__ = ["MODELS", "FEATURE_SETS", "METHODS", "LABELS", "split_method", "window_statistics", "features",
           "fit_predict"]

MODELS = ("logistic_regression", "random_forest", "balanced_random_forest")
FEATURE_SETS = ("cells", "window")
METHODS = tuple("{}_{}".format(m, f) for f in FEATURE_SETS for m in MODELS)
_MODEL_LABELS = {"logistic_regression": "Logistic regression", "random_forest": "Random forest",
                 "balanced_random_forest": "Balanced random forest"}
LABELS = {"{}_{}".format(m, f): "{} ({})".format(_MODEL_LABELS[m], "cell values" if f == "cells" else
                                                 "window statistics")
          for m in MODELS for f in FEATURE_SETS}


def split_method(method: str):
    """``"random_forest_window"`` -> ``("random_forest", "window")``."""
    for f in FEATURE_SETS:
        if method.endswith("_" + f) and method[:-len(f) - 1] in MODELS:
            return method[:-len(f) - 1], f
    raise InputError("Unknown classical method '{}'; choose from {}.".format(method, ", ".join(METHODS)))


def window_statistics(data: np.ndarray, valid: np.ndarray, tile_px: int) -> np.ndarray:
    """Per band mean, std, min and max over the valid cells of every cell's centred window.

    Args:
        data: (bands, rows, cols) float32 stack (values of invalid cells are ignored).
        valid: (rows, cols) boolean.
        tile_px: window side in cells.

    Returns:
        (bands * 4, rows, cols) float32, band by band (mean, std, min, max); 0 where a window has
        no valid cell.
    """
    from scipy import ndimage

    t = int(tile_px)
    v = np.asarray(valid, dtype=np.float64)
    # ndimage's centred size-t filters cover r - t//2 .. r - t//2 + t - 1: the sampling module's window
    share = ndimage.uniform_filter(v, size=t, mode="constant", cval=0.0)
    out = []
    with np.errstate(all="ignore"):
        for band in np.asarray(data, dtype=np.float64):
            mean = ndimage.uniform_filter(band * v, size=t, mode="constant") / share
            sq = ndimage.uniform_filter(band * band * v, size=t, mode="constant") / share
            std = np.sqrt(np.maximum(sq - mean * mean, 0.0))
            lo = ndimage.minimum_filter(np.where(v > 0, band, np.inf), size=t, mode="constant", cval=np.inf)
            hi = ndimage.maximum_filter(np.where(v > 0, band, -np.inf), size=t, mode="constant", cval=-np.inf)
            out += [mean, std, lo, hi]
    stats = np.stack(out).astype(np.float32)
    stats[~np.isfinite(stats)] = 0.0
    return stats


def features(feature_set: str, data: np.ndarray, valid: np.ndarray, tile_px: int) -> np.ndarray:
    """(n_features, rows, cols) features of every cell for ``feature_set``."""
    if feature_set == "cells":
        return np.asarray(data, dtype=np.float32)
    if feature_set == "window":
        return window_statistics(data, valid, tile_px)
    raise InputError("Unknown feature set '{}'.".format(feature_set))


def _classifier(model: str, seed: int, n_jobs: int):
    if model == "logistic_regression":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000,
                                                                  random_state=int(seed)))
    if model == "random_forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(n_estimators=300, min_samples_leaf=5, class_weight="balanced_subsample",
                                      random_state=int(seed), n_jobs=n_jobs)
    if model == "balanced_random_forest":
        from imblearn.ensemble import BalancedRandomForestClassifier

        return BalancedRandomForestClassifier(n_estimators=300, sampling_strategy="all", replacement=True,
                                              bootstrap=False, random_state=int(seed), n_jobs=n_jobs)
    raise InputError("Unknown classical model '{}'; choose from {}.".format(model, ", ".join(MODELS)))


def fit_predict(model: str, feats: np.ndarray, positives: np.ndarray, negatives: np.ndarray,
                predict_cells: np.ndarray, seed: int = 0, n_jobs: int = -1) -> np.ndarray:
    """Fit ``model`` on the positive and negative cells, return P(deposit) of ``predict_cells``.

    Args:
        model: one of :data:`MODELS`.
        feats: (n_features, rows, cols) from :func:`features`.
        positives, negatives: (n, 2) row/col of the training cells of each class.
        predict_cells: (m, 2) row/col of the cells to score.
        seed: seed of the classifier.
        n_jobs: parallel jobs of the forests (the result does not depend on it).
    """
    pos = np.asarray(positives, dtype=np.int64).reshape(-1, 2)
    neg = np.asarray(negatives, dtype=np.int64).reshape(-1, 2)
    if len(pos) == 0 or len(neg) == 0:
        raise InputError("The training area holds {} deposit cells and {} background cells: both are needed."
                         .format(len(pos), len(neg)))
    cells = np.concatenate([pos, neg])
    x = feats[:, cells[:, 0], cells[:, 1]].T
    y = np.concatenate([np.ones(len(pos), np.int64), np.zeros(len(neg), np.int64)])
    clf = _classifier(model, seed, n_jobs)
    clf.fit(x, y)
    pc = np.asarray(predict_cells, dtype=np.int64).reshape(-1, 2)
    out = np.empty(len(pc), dtype=np.float64)
    for s in range(0, len(pc), 200_000):  # bounded memory on large areas
        part = pc[s:s + 200_000]
        out[s:s + len(part)] = clf.predict_proba(feats[:, part[:, 0], part[:, 1]].T)[:, 1]
    return out
