"""Figures of predictions on held-out tiles (the tile protocol of ``mfaf:comparemodels``), with
percentile bootstrap intervals.

* accuracy, ROC AUC, recall and F1 at threshold 0.5 (:mod:`mfaf_plugin.scoring.classification`);
* deposit-level figures: the share of the held-out known deposits (``deposit_count`` of the
  held-out ore tiles) inside the top 10 % and 20 % of the held-out area, tiles ranked by the
  predicted ore probability (every window has the same area), and the area under the
  success-rate curve over the held-out tiles (:mod:`mfaf_plugin.scoring.capture`);
* a percentile bootstrap 95 % interval of every figure (test tiles resampled with replacement,
  seeded; with several training seeds each resample scores the mean over seeds, so the interval
  is that of the reported mean) and paired differences between methods on the same resamples
  (:mod:`mfaf_plugin.scoring.intervals`).
"""

import math
from typing import Dict, Sequence, Tuple

import numpy as np

from .capture import capture_curve, captured_at
from .intervals import paired_difference, percentile_interval

__all__ = ["CLASSIFICATION", "DEPOSIT_LEVEL", "METRICS", "deposit_capture", "score", "bootstrap_indices",
           "bootstrap_intervals", "paired_differences"]

# Figures reported per method. The first four are the paper's; the rest are deposit-level.
CLASSIFICATION = ("accuracy", "auc", "recall", "f1")
DEPOSIT_LEVEL = ("deposits_top10", "deposits_top20", "success_rate_auc")
METRICS = CLASSIFICATION + DEPOSIT_LEVEL


def deposit_capture(p_ore: np.ndarray, deposit_count: np.ndarray, area_shares=(0.1, 0.2)) -> Dict[str, float]:
    """Deposit-level figures over held-out tiles ranked by decreasing ``p_ore``.

    Every tile is one unit of area carrying its ``deposit_count`` deposits
    (:func:`~mfaf_plugin.scoring.capture.capture_curve`); the share of deposits in the top ``s`` of
    the area is the curve at ``s`` (linear inside a group of tied probabilities, i.e. the
    expectation over any order).

    Returns:
        ``{"deposits_top10": share, "deposits_top20": share, "success_rate_auc": auc}`` as
        fractions (keys follow ``area_shares`` in percent); NaN when no deposit is held out.
    """
    curve = capture_curve(p_ore, deposit_count)
    out = {"deposits_top{}".format(int(round(100 * s))): v for s, v in captured_at(curve, area_shares).items()}
    out["success_rate_auc"] = curve["auc"]
    return out


def _classification(y: np.ndarray, p: np.ndarray, threshold: float) -> Dict[str, float]:
    from .classification import classification_metrics

    m = classification_metrics(np.asarray(y).astype(int), np.asarray(p, dtype=np.float64), threshold)
    if not isinstance(m, dict):  # a tuple (accuracy, auc, recall, f1)
        m = dict(zip(CLASSIFICATION, m))
    return {k: float(m[k]) if m[k] is not None else float("nan") for k in CLASSIFICATION}


def score(y: np.ndarray, p: np.ndarray, deposit_count: np.ndarray, threshold: float = 0.5) -> Dict[str, float]:
    """Every figure of :data:`METRICS` (fractions, not %) for one set of predictions."""
    out = _classification(y, p, threshold)
    out.update(deposit_capture(p, deposit_count))
    return out


def _fast_classification(yb: np.ndarray, pb: np.ndarray, threshold: float) -> Dict[str, np.ndarray]:
    """Vectorised accuracy, AUC (Mann-Whitney), recall and F1 of the positive class, row by row.

    Used for the bootstrap only after checking that it reproduces
    ``metrics.classification_metrics`` on the full sample (see :func:`bootstrap_intervals`).
    """
    from scipy.stats import rankdata

    yb = yb.astype(bool)
    pred = pb >= threshold
    tp = np.sum(pred & yb, axis=1).astype(float)
    fp = np.sum(pred & ~yb, axis=1).astype(float)
    fn = np.sum(~pred & yb, axis=1).astype(float)
    n = yb.shape[1]
    n1 = yb.sum(axis=1).astype(float)
    n0 = n - n1
    with np.errstate(all="ignore"):
        acc = np.mean(pred == yb, axis=1)
        recall = np.where(n1 > 0, tp / n1, np.nan)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        ranks = rankdata(pb, axis=1)
        auc = (np.sum(ranks * yb, axis=1) - n1 * (n1 + 1) / 2.0) / (n1 * n0)
        auc = np.where((n1 > 0) & (n0 > 0), auc, np.nan)
    return {"accuracy": acc, "auc": auc, "recall": recall, "f1": f1}


def _resample_scores(y, p_by_seed, deposit_count, idx, threshold, fast) -> Dict[str, np.ndarray]:
    """Figures on every resample (rows of ``idx``), averaged over seeds: {metric: (B,)}."""
    n_boot = idx.shape[0]
    totals = {k: np.zeros(n_boot) for k in METRICS}
    yb = y[idx]
    db = deposit_count[idx]
    for p in p_by_seed:
        pb = p[idx]
        if fast:
            cls = _fast_classification(yb, pb, threshold)
        else:
            rows = [_classification(yb[b], pb[b], threshold) for b in range(n_boot)]
            cls = {k: np.array([r[k] for r in rows]) for k in CLASSIFICATION}
        for k in CLASSIFICATION:
            totals[k] += cls[k]
        dep = [deposit_capture(pb[b], db[b]) for b in range(n_boot)]
        for k in DEPOSIT_LEVEL:
            totals[k] += np.array([d[k] for d in dep])
    return {k: v / len(p_by_seed) for k, v in totals.items()}


def _use_fast(y, p_by_seed, threshold) -> bool:
    """True when the vectorised metrics reproduce ``classification_metrics`` on every seed's sample."""
    for p in p_by_seed:
        ref = _classification(y, p, threshold)
        fast = _fast_classification(y[None, :], p[None, :], threshold)
        for k in CLASSIFICATION:
            a, b = ref[k], float(fast[k][0])
            if not ((math.isnan(a) and math.isnan(b)) or abs(a - b) < 1e-9):
                return False
    return True


def bootstrap_indices(n: int, n_bootstrap: int, seed: int) -> np.ndarray:
    """(n_bootstrap, n) indices of test tiles drawn with replacement (seeded)."""
    rng = np.random.default_rng(int(seed))
    return rng.integers(0, n, size=(int(n_bootstrap), int(n)))


def bootstrap_intervals(y: np.ndarray, p_by_seed: Sequence[np.ndarray], deposit_count: np.ndarray,
                        idx: np.ndarray, threshold: float = 0.5) -> Tuple[Dict[str, Tuple[float, float]],
                                                                          Dict[str, np.ndarray]]:
    """Percentile bootstrap 95 % intervals of the seed-mean of every figure.

    Args:
        y: (n,) labels of the held-out tiles.
        p_by_seed: one (n,) array of P(ore) per training seed.
        deposit_count: (n,) deposits per held-out tile.
        idx: resample indices from :func:`bootstrap_indices` (share them between methods for
            paired comparisons).

    Returns:
        ``(intervals, draws)``: ``{metric: (low, high)}`` and the per-resample values
        ``{metric: (B,)}`` (resamples where a figure is undefined, e.g. AUC with one class, are
        NaN and left out of the interval).
    """
    y = np.asarray(y).astype(int)
    p_by_seed = [np.asarray(p, dtype=np.float64) for p in p_by_seed]
    deposit_count = np.asarray(deposit_count)
    draws = _resample_scores(y, p_by_seed, deposit_count, idx, threshold, _use_fast(y, p_by_seed, threshold))
    return {k: percentile_interval(v) for k, v in draws.items()}, draws


def paired_differences(draws_a: Dict[str, np.ndarray], draws_b: Dict[str, np.ndarray],
                       point_a: Dict[str, float], point_b: Dict[str, float]) -> Dict[str, Dict[str, float]]:
    """Difference a - b of every figure with its paired bootstrap interval and verdict
    (:func:`~mfaf_plugin.scoring.intervals.paired_difference`, the one rule)."""
    return {k: paired_difference(draws_a[k], draws_b[k], point_a[k], point_b[k]) for k in METRICS}
