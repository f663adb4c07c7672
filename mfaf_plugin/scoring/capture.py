"""The success-rate (capture) curve: the share of known deposits captured against the share of area.

Units of area (cells of a map, held-out cells, held-out tiles) are taken in order of decreasing
value (Agterberg and Bonham-Carter, 2005, "Measuring the performance of mineral-potential maps");
units of equal value are taken together, so the curve runs straight across a tie (the expected
result of any order within it) and does not depend on sort order. The area under it is 0.5 for a
map no better than chance and tends to 1 for a map that ranks every deposit unit first.

:func:`capture_curve` is the one computation; every figure and plot of a capture (the share of
the deposits in the top x % of the area, the success-rate AUC, the prediction-area plot, the
report curves) reads it.
"""

from typing import Dict, Sequence, Tuple

import numpy as np

from ..common.numpy_compat import trapezoid

__all__ = ["capture_curve", "curve_points", "captured_at", "success_rate_curve"]


def capture_curve(values: np.ndarray, deposit_count: np.ndarray) -> Dict[str, object]:
    """The capture curve of units of equal area.

    Args:
        values: (n,) value of every unit (higher = more prospective); non-finite units are left out
            with their deposits.
        deposit_count: (n,) known deposits in every unit (negative counts count as none).

    Returns:
        dict: ``levels`` (the distinct values, decreasing), ``area`` and ``deposits`` (the shares
        0..1 of the area and of the deposits at or above each level, after a first point (0, 0)),
        ``auc`` (trapezoids under the curve) and ``n_deposits``; without deposits ``deposits`` is
        NaN after the first point and ``auc`` NaN.
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    d = np.maximum(np.asarray(deposit_count, dtype=np.int64).ravel(), 0)
    ok = np.isfinite(v)
    v, d = v[ok], d[ok]
    total = int(d.sum())
    neg_levels, inverse = np.unique(-v, return_inverse=True)  # distinct values, decreasing
    area = np.cumsum(np.bincount(inverse, minlength=len(neg_levels))) / float(max(1, v.size))
    dep = np.cumsum(np.bincount(inverse, weights=d, minlength=len(neg_levels)))
    dep = dep / float(total) if total > 0 else np.full(len(neg_levels), np.nan)
    area = np.concatenate([[0.0], area])
    dep = np.concatenate([[0.0], dep])
    auc = float(trapezoid(dep, area)) if total > 0 and v.size else float("nan")
    return {"levels": -neg_levels, "area": area, "deposits": dep, "auc": auc, "n_deposits": total}


def curve_points(curve: Dict[str, object]) -> Tuple[np.ndarray, np.ndarray]:
    """``(area, deposits)`` of a curve to draw or interpolate: the chance diagonal when it is undefined."""
    if not np.isfinite(curve["auc"]):
        return np.array([0.0, 1.0]), np.array([0.0, 1.0])
    return curve["area"], curve["deposits"]


def captured_at(curve: Dict[str, object], shares: Sequence[float]) -> Dict[float, float]:
    """The share of the deposits inside the top ``s`` of the area, for every ``s`` of ``shares``
    (linear inside a group of tied values: the expectation over any order); NaN without deposits."""
    if not np.isfinite(curve["auc"]):
        return {s: float("nan") for s in shares}
    return {s: float(np.interp(s, curve["area"], curve["deposits"])) for s in shares}


def success_rate_curve(prob: np.ndarray, valid_mask: np.ndarray,
                       deposit_rows_cols) -> Tuple[np.ndarray, np.ndarray, float]:
    """:func:`capture_curve` of a map: cells of ``prob`` where ``valid_mask`` holds a value.

    Args:
        prob: 2-D prospectivity array.
        valid_mask: 2-D bool, True where ``prob`` holds a value (nodata cells are excluded from
            both the area and the deposits).
        deposit_rows_cols: (n, 2) integer pixel rows and columns of the known deposits; deposits
            outside the array or on invalid cells are ignored; several deposits in one cell
            count separately.

    Returns:
        ``(area_share, deposit_share, auc)``: the curve's points from (0, 0) to (1, 1) and the
        area under it. ``auc`` is NaN when no valid cell or no deposit is usable.
    """
    prob = np.asarray(prob, dtype=np.float64)
    valid = np.asarray(valid_mask, dtype=bool) & np.isfinite(prob)
    rc = np.asarray(deposit_rows_cols, dtype=np.int64).reshape(-1, 2)
    inside = (rc[:, 0] >= 0) & (rc[:, 0] < prob.shape[0]) & (rc[:, 1] >= 0) & (rc[:, 1] < prob.shape[1])
    counts = np.zeros(prob.shape, dtype=np.int64)
    np.add.at(counts, (rc[inside, 0], rc[inside, 1]), 1)
    curve = capture_curve(prob[valid], counts[valid])
    return curve_points(curve) + (curve["auc"],)
