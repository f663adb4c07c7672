"""Cell-level figures of a prospectivity map against known deposits, with block-bootstrap intervals.

For a set of cells (e.g. the held-out cells of a fold, or all cells of an out-of-fold map):

* ``cell_auc``: ROC AUC of the deposit cells (cells holding at least one known deposit) against
  every other valid cell, from the map's values (ties count one half);
* ``top1``, ``top5``, ``top10``, ``top20``: share of the known deposits inside the 1 / 5 / 10 /
  20 % of the area with the highest values (cells of equal value are taken together, the
  curve runs straight across them: the expectation over any order);
* ``success_rate_auc``: area under that success-rate curve (deposits captured against area;
  Agterberg and Bonham-Carter 2005; 0.5 = chance).

Intervals (:func:`block_bootstrap`): the blocks of the spatial cross-validation are resampled
with replacement, not single cells or tiles: neighbouring cells are not independent (Airola et
al. 2019), and a resample of cells would give intervals far too narrow. Each resample's figures
are computed on value histograms (``n_bins`` quantile bins of the map; cells of one bin count as
tied), which changes the figures by much less than their intervals.
"""

from typing import Dict, Sequence, Tuple

import numpy as np

from ..common.numpy_compat import trapezoid
from .capture import capture_curve, captured_at
from .intervals import percentile_interval

__all__ = ["SHARES", "FIGURES", "ranking_figures", "block_bootstrap", "summarise"]

SHARES = (0.01, 0.05, 0.10, 0.20)
FIGURES = ("cell_auc",) + tuple("top{}".format(int(round(100 * s))) for s in SHARES) + ("success_rate_auc",)


def ranking_figures(values: np.ndarray, deposit_count: np.ndarray) -> Dict[str, float]:
    """Every figure of :data:`FIGURES` for one set of cells (NaN when no deposit is among them).

    Args:
        values: (n,) map values of the cells (higher = more prospective); non-finite cells are left out.
        deposit_count: (n,) known deposits in each cell.
    """
    from scipy.stats import rankdata

    v = np.asarray(values, dtype=np.float64).ravel()
    d = np.asarray(deposit_count, dtype=np.int64).ravel()
    ok = np.isfinite(v)
    v, d = v[ok], d[ok]
    out = {k: float("nan") for k in FIGURES}
    pos = d > 0
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0:
        return out
    if n0 > 0:
        ranks = rankdata(v)
        out["cell_auc"] = float((ranks[pos].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))
    curve = capture_curve(v, d)
    for s, share in captured_at(curve, SHARES).items():
        out["top{}".format(int(round(100 * s)))] = share
    out["success_rate_auc"] = curve["auc"]
    return out


def _bin_index(values: np.ndarray, n_bins: int) -> Tuple[np.ndarray, int]:
    """Bin of every value, bins ordered by DEcreasing value; equal values share a bin."""
    from scipy.stats import rankdata

    levels = np.unique(values)
    if levels.size <= n_bins:
        return (levels.size - 1 - np.searchsorted(levels, values)).astype(np.int64), int(levels.size)
    r = rankdata(-values, method="min") - 1  # 0 = highest; ties share the lowest rank
    return np.minimum((r * n_bins) // values.size, n_bins - 1).astype(np.int64), int(n_bins)


def _histogram_figures(area: np.ndarray, dep: np.ndarray, pos: np.ndarray) -> Dict[str, np.ndarray]:
    """Figures from per-bin counts (rows = resamples, columns = bins by decreasing value)."""
    neg = area - pos
    n1, n0 = pos.sum(axis=1), neg.sum(axis=1)
    neg_below = n0[:, None] - np.cumsum(neg, axis=1)  # negatives in later (lower) bins
    with np.errstate(all="ignore"):
        auc = np.sum(pos * (neg_below + 0.5 * neg), axis=1) / (n1 * n0)
        ca = np.concatenate([np.zeros((len(area), 1)), np.cumsum(area, axis=1)], axis=1) / area.sum(axis=1)[:, None]
        cd = np.concatenate([np.zeros((len(dep), 1)), np.cumsum(dep, axis=1)], axis=1) / dep.sum(axis=1)[:, None]
    out = {"cell_auc": np.where((n1 > 0) & (n0 > 0), auc, np.nan)}
    for s in SHARES:
        out["top{}".format(int(round(100 * s)))] = np.array([np.interp(s, a, d) for a, d in zip(ca, cd)])
    out["success_rate_auc"] = trapezoid(cd, ca, axis=1)
    return out


def block_bootstrap(values: np.ndarray, deposit_count: np.ndarray, block: np.ndarray, n_bootstrap: int = 1000,
                    seed: int = 0, n_bins: int = 2048, level: float = 0.95, return_draws: bool = False):
    """Percentile intervals of every figure, resampling the blocks with replacement.

    Args:
        values, deposit_count: (n,) map values and deposits per cell.
        block: (n,) block id of every cell.
        n_bootstrap: resamples (seeded with ``seed``).

    Returns:
        ``{figure: (low, high)}`` (NaN when undefined); with ``return_draws`` also the figures of
        every resample ``{figure: (n_bootstrap,)}``. Two maps of the same cells and blocks
        resampled with the same seed share their resamples, so their draws can be paired.
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    ok = np.isfinite(v)
    v = v[ok]
    d = np.asarray(deposit_count, dtype=np.int64).ravel()[ok]
    _, blk = np.unique(np.asarray(block).ravel()[ok], return_inverse=True)
    nb = int(blk.max()) + 1 if blk.size else 0
    if nb == 0 or d.sum() == 0:
        nan = {k: (float("nan"), float("nan")) for k in FIGURES}
        return (nan, {k: np.full(int(n_bootstrap), np.nan) for k in FIGURES}) if return_draws else nan
    k, n_k = _bin_index(v, int(n_bins))
    flat = blk * n_k + k
    area = np.bincount(flat, minlength=nb * n_k).reshape(nb, n_k).astype(np.float64)
    dep = np.bincount(flat, weights=d, minlength=nb * n_k).reshape(nb, n_k)
    pos = np.bincount(flat, weights=(d > 0), minlength=nb * n_k).reshape(nb, n_k)
    rng = np.random.default_rng(int(seed))
    draws = {f: [] for f in FIGURES}
    for start in range(0, int(n_bootstrap), 250):  # bounded memory: 250 resamples at a time
        m = min(250, int(n_bootstrap) - start)
        picks = rng.integers(0, nb, size=(m, nb))
        w = np.zeros((m, nb))
        np.add.at(w, (np.repeat(np.arange(m), nb), picks.ravel()), 1.0)
        figs = _histogram_figures(w @ area, w @ dep, w @ pos)
        for f in FIGURES:
            draws[f].append(figs[f])
    out, all_draws = {}, {}
    for f in FIGURES:
        all_draws[f] = np.concatenate(draws[f])
        out[f] = percentile_interval(all_draws[f], level)
    return (out, all_draws) if return_draws else out


def summarise(rows: Sequence[Dict[str, float]]) -> Dict[str, Tuple[float, float]]:
    """Mean and standard deviation (ddof 1; NaN for one row) of every figure over ``rows``."""
    out = {}
    for f in FIGURES:
        x = np.array([r.get(f, np.nan) for r in rows], dtype=np.float64)
        x = x[np.isfinite(x)]
        out[f] = (float(x.mean()) if x.size else float("nan"), float(x.std(ddof=1)) if x.size > 1 else float("nan"))
    return out
