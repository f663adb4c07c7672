"""Spatial k-fold cross-validation folds on the cells of an evidence stack.

Blocks
------
The stack's grid is cut into square blocks of ``block_px`` x ``block_px`` cells, anchored at
the top-left cell (block ``(i, j)`` holds rows ``i*block_px .. (i+1)*block_px - 1``). Every block
with at least one valid cell belongs to exactly one of ``k`` folds, so every cell is held out
exactly once. Spatial blocks rather than random cells because neighbouring cells share their
evidence: a random split scores interpolation, not prediction of unseen ground (Roberts et al.
2017, "Cross-validation strategies for data with temporal, spatial, hierarchical, or
phylogenetic structure"; Airola et al. 2019 for the buffered variant used here).

Assignment (seeded, deterministic): blocks holding deposits are taken by decreasing deposit
count (ties in a seeded random order) and each goes to the fold with the fewest deposits so far
(then the fewest valid cells); the other blocks, in a seeded random order, go to the fold with the
fewest valid cells. So every fold holds about the same number of deposits and area.

Buffer
------
A model evaluated on fold ``f`` may only learn from windows that do not reach a held-out cell:
:func:`clear_of` gives the cells whose window (``tile_px`` wide, centred as in
:mod:`mfaf_plugin.windows.sampling`), grown by ``margin_px`` on every side, contains no cell of a
mask. With ``margin_px = 1`` a training window never even touches a held-out block. The buffer
(:func:`near`) and the stratified draw of blocks (:func:`draw_blocks`) are the rules the tile
split of :mod:`mfaf_plugin.windows.tiling` uses too.
"""

from typing import Dict, Optional, Sequence

import numpy as np

from ..common.errors import InputError

__all__ = ["block_ids", "assign_folds", "near", "clear_of", "draw_blocks", "deposit_cells", "choose_block_px"]


def block_ids(shape: Sequence[int], block_px: int) -> np.ndarray:
    """Block number of every cell (int32, row-major over blocks, from 0)."""
    rows, cols = int(shape[0]), int(shape[1])
    b = int(block_px)
    if b < 1:
        raise InputError("The block size must be at least 1 cell (got {}).".format(block_px))
    n_bcols = -(-cols // b)
    r = (np.arange(rows) // b)[:, None]
    c = (np.arange(cols) // b)[None, :]
    return (r * n_bcols + c).astype(np.int32)


def deposit_cells(deposit_rc: np.ndarray, shape: Sequence[int]) -> np.ndarray:
    """Number of deposits in every cell (int32 raster); ``deposit_rc`` rows of -1 are ignored."""
    counts = np.zeros((int(shape[0]), int(shape[1])), dtype=np.int32)
    rc = np.asarray(deposit_rc, dtype=np.int64).reshape(-1, 2)
    rc = rc[rc[:, 0] >= 0]
    np.add.at(counts, (rc[:, 0], rc[:, 1]), 1)
    return counts


def _greedy(order: np.ndarray, load: np.ndarray, weight: np.ndarray, tiebreak: np.ndarray,
            fold_of: np.ndarray, n_folds: int, weight2: Optional[np.ndarray] = None,
            load2: Optional[np.ndarray] = None) -> None:
    """Give each block of ``order`` to the fold with the smallest load (then load2, then fold)."""
    for blk in order:
        keys = [load] if load2 is None else [load, load2]
        best = min(range(n_folds), key=lambda f: tuple(k[f] for k in keys) + (tiebreak[f],))
        fold_of[blk] = best
        load[best] += weight[blk]
        if load2 is not None:
            load2[best] += weight2[blk]


def assign_folds(valid: np.ndarray, deposit_count: np.ndarray, block_px: int, n_folds: int = 5,
                 seed: int = 0) -> Dict[str, np.ndarray]:
    """Assign the blocks of the grid to ``n_folds`` folds balanced by deposits and area.

    Args:
        valid: boolean raster (every band holds data).
        deposit_count: deposits per cell (:func:`deposit_cells`).
        block_px: block side in cells.
        n_folds: number of folds (at least 2).
        seed: seed of the tie-breaking order.

    Returns:
        dict: ``fold`` (int16 raster, fold 0..k-1 of each cell of a used block, -1 elsewhere),
        ``block`` (int32 raster of block ids), ``block_fold`` (fold of every block id, -1 unused),
        ``deposits_per_fold`` and ``cells_per_fold`` (int arrays of length k).

    Raises:
        InputError: fewer than 2 folds, or fewer blocks holding deposits than folds.
    """
    n_folds = int(n_folds)
    if n_folds < 2:
        raise InputError("Cross-validation needs at least 2 folds (got {}).".format(n_folds))
    valid = np.asarray(valid, dtype=bool)
    dep = np.where(valid, np.asarray(deposit_count), 0)
    block = block_ids(valid.shape, block_px)
    n_blocks = int(block.max()) + 1
    cells = np.bincount(block.ravel(), weights=valid.ravel(), minlength=n_blocks).astype(np.int64)
    deps = np.bincount(block.ravel(), weights=dep.ravel(), minlength=n_blocks).astype(np.int64)
    rng = np.random.default_rng(int(seed))
    shuffled = rng.permutation(n_blocks)
    ore_blocks = shuffled[deps[shuffled] > 0]
    ore_blocks = ore_blocks[np.argsort(-deps[ore_blocks], kind="stable")]
    if len(ore_blocks) < n_folds:
        raise InputError(
            "Only {} block(s) of {} x {} cells hold a known deposit: {} folds need at least one each. Use "
            "fewer folds or smaller blocks.".format(len(ore_blocks), block_px, block_px, n_folds))
    other = shuffled[(deps[shuffled] == 0) & (cells[shuffled] > 0)]
    fold_of = np.full(n_blocks, -1, dtype=np.int64)
    dep_load = np.zeros(n_folds, dtype=np.int64)
    cell_load = np.zeros(n_folds, dtype=np.int64)
    tiebreak = rng.permutation(n_folds)
    _greedy(ore_blocks, dep_load, deps, tiebreak, fold_of, n_folds, cells, cell_load)
    _greedy(other, cell_load, cells, tiebreak, fold_of, n_folds)
    fold = np.where(valid, fold_of[block], -1).astype(np.int16)
    return {"fold": fold, "block": block, "block_fold": fold_of, "deposits_per_fold": dep_load,
            "cells_per_fold": cell_load}


def choose_block_px(valid: np.ndarray, deposit_count: np.ndarray, tile_px: int, n_folds: int,
                    margin_px: int = 1, seed: int = 0) -> int:
    """Default block side: the one of 1, 1.5, 2, 3 and 4 windows that leaves the most training
    deposit cells in the worst fold (ties: the larger block).

    The window buffer around held-out blocks removes training ground; with clustered deposits
    small blocks scatter that buffer over most clusters, large blocks make lumpy folds. This
    looks only at where the deposits are, never at any model's result.

    Raises:
        InputError: no candidate puts a deposit block in every fold.
    """
    t = int(tile_px)
    dep = np.where(np.asarray(valid, dtype=bool), np.asarray(deposit_count), 0) > 0
    best, best_key = None, None
    for b in sorted({t, (3 * t) // 2, 2 * t, 3 * t, 4 * t}):
        try:
            plan = assign_folds(valid, deposit_count, b, n_folds, seed)
        except InputError:
            continue
        worst = min(int((dep & clear_of(plan["fold"] == f, t, margin_px)).sum()) for f in range(int(n_folds)))
        if best_key is None or (worst, b) > best_key:
            best, best_key = b, (worst, b)
    if best is None:
        raise InputError("The deposits fall into fewer blocks than the {} folds at every block size from one to four "
                         "windows: use fewer folds or smaller windows.".format(n_folds))
    return int(best)


def near(mask: np.ndarray, size: int) -> np.ndarray:
    """The one buffer rule: True where a ``size`` x ``size`` square centred on the cell (or window)
    holds a True cell of ``mask``; outside the array counts as False.

    A centred size-n square covers ``r - n // 2 .. r - n // 2 + n - 1`` (ndimage's convention),
    which is the window of :mod:`mfaf_plugin.windows.sampling` for even and odd sizes alike.
    """
    from scipy import ndimage

    hit = ndimage.maximum_filter(np.asarray(mask, dtype=np.uint8), size=int(size), mode="constant", cval=0)
    return hit > 0


def clear_of(mask: np.ndarray, tile_px: int, margin_px: int = 1) -> np.ndarray:
    """Cells whose centred window (grown by ``margin_px``) holds no True cell of ``mask``.

    The window of cell ``(r, c)`` covers rows ``r - h .. r - h + tile_px - 1`` (``h = tile_px // 2``),
    columns likewise (:mod:`mfaf_plugin.windows.sampling`); with the margin it covers ``tile_px + 2 *
    margin_px`` cells per side (:func:`near`). Outside the raster counts as clear.
    """
    return ~near(mask, int(tile_px) + 2 * int(margin_px))


def draw_blocks(ore_blocks: np.ndarray, other_blocks: np.ndarray, fraction: float,
                rng: np.random.Generator) -> np.ndarray:
    """The one stratified block draw (test and validation blocks of the tiles, validation blocks of a
    fold): ``fraction`` of the blocks holding deposits (at least one, and at least one left) and the
    same fraction of the others, drawn with ``rng`` in that order. Returns the drawn block ids."""
    n_ore = max(1, min(len(ore_blocks) - 1, int(round(float(fraction) * len(ore_blocks)))))
    n_other = min(len(other_blocks), int(round(float(fraction) * len(other_blocks))))
    return np.concatenate([rng.choice(ore_blocks, n_ore, replace=False),
                           rng.choice(other_blocks, n_other, replace=False) if n_other else np.zeros(0, np.int64)])
