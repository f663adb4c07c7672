"""The one rule for intervals, paired differences and verdicts, used by every table, report and page.

* :func:`percentile_interval`: the percentile bootstrap interval of a figure from its resampled
  values (resamples where it is undefined, e.g. an AUC with one class, are left out);
* :func:`paired_difference`: the difference a - b of a figure, with the percentile interval of
  the differences of the same resamples (both methods scored on each resample);
* :func:`verdict`: "a better" when that interval lies above 0, "b better" when below, "no
  conclusion" when it contains 0, "undefined" when it cannot be computed. An interval that
  contains 0 allows no conclusion, whatever the point difference.
"""

from typing import Dict, Tuple

import numpy as np

__all__ = ["LEVEL", "VERDICTS", "percentile_interval", "verdict", "paired_difference"]

LEVEL = 0.95
VERDICTS = ("a better", "b better", "no conclusion", "undefined")


def percentile_interval(values: np.ndarray, level: float = LEVEL) -> Tuple[float, float]:
    """``(low, high)``: the ``(1 - level) / 2`` and ``1 - (1 - level) / 2`` quantiles of the finite
    ``values`` (NaN, NaN when none is finite)."""
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return float("nan"), float("nan")
    a = (1.0 - level) / 2.0
    return float(np.quantile(v, a)), float(np.quantile(v, 1.0 - a))


def verdict(low: float, high: float) -> str:
    """The verdict of a difference a - b from its interval (module docstring)."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "undefined"
    if low > 0:
        return "a better"
    if high < 0:
        return "b better"
    return "no conclusion"


def paired_difference(draws_a: np.ndarray, draws_b: np.ndarray, point_a: float, point_b: float,
                      level: float = LEVEL) -> Dict[str, object]:
    """``{"diff", "ci_low", "ci_high", "verdict"}`` of a - b: the point difference, the interval of
    the paired resampled differences and its :func:`verdict`."""
    low, high = percentile_interval(np.asarray(draws_a, dtype=float) - np.asarray(draws_b, dtype=float), level)
    return {"diff": point_a - point_b, "ci_low": low, "ci_high": high, "verdict": verdict(low, high)}
