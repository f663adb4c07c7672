"""What a network's score means to a geologist: a calibrated chance, or a share of the area.

The networks learn from deposit-centred windows with a few background windows each, so their
score (the softmax "ore probability") ranks ground but is not the chance that a cell holds a
deposit: a score of 0.84 is not an 84 % chance. Two readings are offered, one rule each:

* :func:`fit_calibration`: where a spatial cross-validation produced out-of-fold scores (every
  cell scored by a model that never saw its block), an isotonic regression (sklearn) of "the
  cell holds a known deposit" on the score. It is recorded with the final model as breakpoints
  (``x``: score, ``y``: chance), so :func:`apply_calibration` needs numpy only. The chance is
  per stack cell (e.g. 1 km x 1 km), the unit the cross-validation counted deposits in.
* :func:`top_shares`: with no calibration, the share of the scored area that scores at least as
  high as each value ("top 3 % of the map"): a percentile of the area, not a chance.

:func:`reliability` bins out-of-fold scores for a reliability diagram (observed share of
deposit cells against the mean predicted chance per bin); :func:`score_reading` names the
reading of a model's score in words, for band descriptions, legends, tables and reports.
"""

from typing import Dict, Optional

import numpy as np

__all__ = ["MIN_POSITIVES", "fit_calibration", "apply_calibration", "reliability", "top_shares",
           "score_reading"]

MIN_POSITIVES = 10  # fewer deposit cells than this: no calibration is fitted (too few to say)


def fit_calibration(scores, labels, cell_size_m: Optional[float] = None) -> Optional[Dict[str, object]]:
    """Isotonic calibration of ``scores`` against 0/1 ``labels`` (finite scores only).

    Returns ``{"method": "isotonic", "x", "y" (breakpoints, lists), "n_cells", "n_deposit_cells",
    "cell_size_m"}``, or None when fewer than :data:`MIN_POSITIVES` deposit cells or no barren
    cell have a score (nothing trustworthy to fit).
    """
    from sklearn.isotonic import IsotonicRegression

    s = np.asarray(scores, dtype=float).ravel()
    y = np.asarray(labels, dtype=float).ravel()
    ok = np.isfinite(s) & np.isfinite(y)
    s, y = s[ok], (y[ok] > 0).astype(float)
    n_pos = int(y.sum())
    if n_pos < MIN_POSITIVES or n_pos == len(y):
        return None
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip").fit(s, y)
    return {"method": "isotonic", "x": [float(v) for v in iso.X_thresholds_],
            "y": [float(v) for v in iso.y_thresholds_], "n_cells": int(len(y)), "n_deposit_cells": n_pos,
            "cell_size_m": None if cell_size_m is None else float(cell_size_m)}


def apply_calibration(calibration: Dict[str, object], scores) -> np.ndarray:
    """The calibrated chance of ``scores`` (NaN stays NaN; scores beyond the fitted range are clipped)."""
    s = np.asarray(scores, dtype=float)
    out = np.interp(s, np.asarray(calibration["x"], dtype=float), np.asarray(calibration["y"], dtype=float))
    return np.where(np.isfinite(s), out, np.nan)


def reliability(scores, labels, calibration: Optional[Dict[str, object]] = None, n_bins: int = 10) -> dict:
    """Reliability table of out-of-fold scores: equal-count bins of the (calibrated when given) chance.

    Returns ``{"predicted": mean chance per bin, "observed": share of deposit cells per bin,
    "count": cells per bin}`` (arrays, bins with cells only).
    """
    s = np.asarray(scores, dtype=float).ravel()
    y = np.asarray(labels, dtype=float).ravel()
    ok = np.isfinite(s) & np.isfinite(y)
    p = s[ok] if calibration is None else apply_calibration(calibration, s[ok])
    y = (y[ok] > 0).astype(float)
    if not len(p):
        return {"predicted": np.zeros(0), "observed": np.zeros(0), "count": np.zeros(0, dtype=int)}
    edges = np.unique(np.quantile(p, np.linspace(0.0, 1.0, n_bins + 1)))
    idx = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, max(0, len(edges) - 2))
    count = np.bincount(idx, minlength=max(1, len(edges) - 1))
    keep = count > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        pred = np.bincount(idx, weights=p, minlength=len(count)) / count
        obs = np.bincount(idx, weights=y, minlength=len(count)) / count
    return {"predicted": pred[keep], "observed": obs[keep], "count": count[keep]}


def top_shares(values, scored) -> np.ndarray:
    """For each of ``values``: the share (0..1) of the ``scored`` area (its finite values, one per
    unit of area) scoring at least as high. The best value gets the smallest share ("top 1 %");
    NaN for a NaN value or an empty area."""
    ref = np.sort(np.asarray(scored, dtype=float).ravel())
    ref = ref[np.isfinite(ref)]
    v = np.asarray(values, dtype=float)
    if not len(ref):
        return np.full(v.shape, np.nan)
    at_least = len(ref) - np.searchsorted(ref, np.nan_to_num(v, nan=np.inf), side="left")
    return np.where(np.isfinite(v), np.maximum(at_least, 1) / float(len(ref)), np.nan)


def score_reading(meta: dict) -> Dict[str, str]:
    """How to read a model's score, in words: ``kind`` ("calibrated" or "area share"), ``band`` (the
    raster band description), ``column`` (the table heading of the reading) and ``sentence``."""
    cal = meta.get("calibration") if isinstance(meta, dict) else None
    if isinstance(cal, dict) and cal.get("x"):
        cell = cal.get("cell_size_m")
        where = "a {:g} m stack cell".format(cell) if cell else "a stack cell"
        return {"kind": "calibrated", "band": "Network score (0-1; see the legend for the calibrated chance)",
                "column": "chance of a deposit (calibrated)",
                "sentence": ("The network's score ranks ground; it is not itself a probability. This model records "
                             "a calibration fitted on the out-of-fold scores of its cross-validation ({} cells, {} "
                             "with a known deposit): the chance column is the observed share of cells holding a known "
                             "deposit among those scoring alike, i.e. the chance that {} at that score holds a known "
                             "deposit.").format(cal.get("n_cells"), cal.get("n_deposit_cells"), where)}
    return {"kind": "area share", "band": "Network score (ranks ground; not a probability)",
            "column": "top share of the map",
            "sentence": ("The network's score ranks ground; it is not a probability (the network learnt from windows "
                         "centred on deposits with a few background windows each, so 0.84 is not an 84 % chance). "
                         "This model records no calibration, so each target is given as its share of the map: "
                         "'top 3 %' means only 3 % of the scored cells score as high or higher.")}
