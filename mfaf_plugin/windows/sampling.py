"""Windows centred on cells: the sampling that gives a CNN enough examples and a fine map.

Framing
-------
The paper cuts the stack into a grid of windows and labels a window "ore" when any deposit
falls inside: tens to a few hundred samples and a map with one value per window. Here a window
is centred on a cell and answers "does this cell hold a known deposit?":

* positives: windows centred on every deposit cell of the training area;
* negatives: windows centred on background cells at least ``min_distance_px`` cells from every
  known deposit (so that a cell next to a deposit is not taught as barren), drawn afresh every
  epoch, ``negative_ratio`` of them per positive;
* augmentation on the fly: each window is rotated by a random multiple of 90 degrees and
  flipped at random (the eight symmetries of the square, :func:`mfaf_plugin.training.epochs.dihedral`;
  evidence maps have no preferred orientation at this scale); the window is cut one cell larger
  when its side is even and cropped after turning, so the labelled cell stays at the centre
  ``(t // 2, t // 2)`` the classifier reads (:attr:`WindowSource.turn_px`);
* prediction: every cell (or every ``stride``-th cell, the others filled from the nearest
  predicted centre) gets the probability of its own window; in the cross-validation every
  held-out deposit cell is scored by its own window and the grid of predicted centres is
  anchored at a seeded random cell (:func:`scoring_offset`), so that the deposits and an unbiased
  sample of the background are scored exactly, as the classical methods score every cell.

Window of a cell
----------------
The window of cell ``(r, c)`` covers rows ``r - h .. r - h + t - 1`` and columns
``c - h .. c - h + t - 1`` with ``h = t // 2``; cells outside the raster are 0 (as nodata cells
are in the tile datasets).
"""

from typing import Dict, Sequence, Tuple

import numpy as np

from ..common.errors import InputError

__all__ = ["FRAMINGS", "WindowSource", "positive_cells", "background_cells", "draw_epoch", "representative_centres",
           "scoring_offset", "samples"]

FRAMINGS = ("centred", "grid")  # windows centred on every cell; the paper's grid of windows (see samples)


class WindowSource:
    """Windows of a stack held in memory, cut around centre cells.

    Args:
        data: (bands, rows, cols) float32 stack with nodata cells already set to 0.
        tile_px: window side in cells.
        padded: ``data`` is already padded (``t // 2`` cells before, ``t - t // 2`` after, along
            rows and columns, e.g. a strip of a larger raster with its neighbours); ``shape`` is
            then ``data``'s shape less the padding.
    """

    def __init__(self, data: np.ndarray, tile_px: int, padded: bool = False):
        t = int(tile_px)
        if t < 1:
            raise InputError("The window size must be at least 1 cell (got {}).".format(tile_px))
        self.tile_px, self.half = t, t // 2
        data = np.asarray(data, dtype=np.float32)
        h = self.half
        if padded:
            self._padded = data
            self.shape = (data.shape[1] - t, data.shape[2] - t)
        else:
            self.shape = data.shape[1:]
            self._padded = np.pad(data, ((0, 0), (h, t - h), (h, t - h)), mode="constant")
        self._view = np.lib.stride_tricks.sliding_window_view(self._padded, (t, t), axis=(1, 2))

    @property
    def bands(self) -> int:
        return int(self._padded.shape[0])

    @property
    def turn_px(self) -> int:
        """The odd window side (``t`` or ``t + 1``) whose centre cell stays in place under all 8
        turns and flips of the square: training windows are cut this size, turned, then cropped
        to their first ``t`` rows and columns (:func:`mfaf_plugin.training.epochs.dihedral`), so
        that cell ``t // 2`` of every augmented window is still the cell the label belongs to."""
        return self.tile_px | 1

    def windows(self, rows: np.ndarray, cols: np.ndarray, size: int = 0) -> np.ndarray:
        """(n, bands, t, t) float32 windows centred on cells ``(rows[i], cols[i])``; ``size``
        ``t + 1`` (see :attr:`turn_px`) gives the odd windows rows ``r - t // 2 .. r + t // 2``."""
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        size = int(size) or self.tile_px
        view = self._view
        if size != self.tile_px:
            if size != self.turn_px:
                raise InputError("Windows of {} cells cannot be cut from a source of {}-cell windows.".format(
                    size, self.tile_px))
            view = np.lib.stride_tricks.sliding_window_view(self._padded, (size, size), axis=(1, 2))
        # view[b, r, c] is the window whose top-left padded cell is (r, c) = centre (r, c)
        return np.ascontiguousarray(np.moveaxis(view[:, rows, cols], 0, 1))


def positive_cells(deposit_count: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """(n, 2) row/col of the deposit cells inside ``allowed`` (each cell once)."""
    return np.argwhere((np.asarray(deposit_count) > 0) & np.asarray(allowed, dtype=bool))


def background_cells(deposit_count: np.ndarray, allowed: np.ndarray, min_distance_px: float) -> np.ndarray:
    """(n, 2) row/col of the ``allowed`` cells at least ``min_distance_px`` cells from every deposit."""
    from scipy import ndimage

    dep = np.asarray(deposit_count) > 0
    if dep.any():
        dist = ndimage.distance_transform_edt(~dep)
    else:
        dist = np.full(dep.shape, np.inf)
    return np.argwhere(np.asarray(allowed, dtype=bool) & (dist >= float(min_distance_px)))


def draw_epoch(positives: np.ndarray, negatives: np.ndarray, negative_ratio: float,
               rng: np.random.Generator, min_windows: int = 0) -> Tuple[np.ndarray, np.ndarray]:
    """Centres and labels of one epoch: every positive, ``ratio x`` as many fresh negatives.

    When ``positives x (1 + ratio)`` is below ``min_windows`` the positives are repeated (each
    repeat gets its own random rotation / flip in training) and the negatives scaled alike, so an
    epoch holds at least ``min_windows`` windows. Negatives are drawn without replacement when
    there are enough, else with replacement.

    Returns:
        ``(centres (n, 2) int64, labels (n,) int64)``, in a random order.
    """
    n_pos = len(positives)
    if n_pos == 0 or len(negatives) == 0:
        raise InputError("The training area holds {} deposit cells and {} background cells: both are needed."
                         .format(n_pos, len(negatives)))
    per_pos = 1.0 + float(negative_ratio)
    repeats = max(1, int(np.ceil(int(min_windows) / (n_pos * per_pos))))
    pos = np.tile(np.asarray(positives, dtype=np.int64).reshape(-1, 2), (repeats, 1))
    n_neg = int(round(float(negative_ratio) * len(pos)))
    pick = rng.choice(len(negatives), size=n_neg, replace=n_neg > len(negatives))
    centres = np.concatenate([pos, np.asarray(negatives)[pick].astype(np.int64).reshape(-1, 2)])
    labels = np.concatenate([np.ones(len(pos), np.int64), np.zeros(n_neg, np.int64)])
    order = rng.permutation(len(labels))
    return centres[order], labels[order]


def representative_centres(cells: np.ndarray, stride: int, shape: Sequence[int], offset: Sequence[int] = (0, 0),
                           exact=None) -> Dict[str, np.ndarray]:
    """Centres to predict so that every cell of ``cells`` gets a value at stride ``stride``.

    Cell ``(r, c)`` takes the value of centre ``(min(max((r - o_r) // s * s + o_r + s // 2, 0),
    rows - 1), likewise for c)``: the middle of its ``s x s`` block of a grid anchored at cell
    ``offset`` (0, 0: the top-left cell). Cells where ``exact`` (n bools) holds are their own
    centre. With ``stride = 1`` every cell is its own centre.

    Returns:
        dict: ``centres`` (m, 2) unique centres; ``index`` (n,) position in ``centres`` of each cell's
        representative.
    """
    s = max(1, int(stride))
    cells = np.asarray(cells, dtype=np.int64).reshape(-1, 2)
    rep = np.empty_like(cells)
    for k in (0, 1):
        o = int(offset[k]) % s
        rep[:, k] = np.clip((cells[:, k] - o) // s * s + o + s // 2, 0, int(shape[k]) - 1)
    if exact is not None:
        exact = np.asarray(exact, dtype=bool).reshape(-1)
        rep[exact] = cells[exact]
    centres, index = np.unique(rep, axis=0, return_inverse=True)
    return {"centres": centres, "index": index.reshape(-1)}


def scoring_offset(stride: int, fold_seed: int, fold: int) -> Tuple[int, int]:
    """The seeded random anchor (row, column offsets in ``0 .. stride - 1``) of the grid of centres
    at which a cross-validation's networks score a held-out fold's background (the same for every
    method and training seed of the fold): each cell is a grid centre with the same chance
    ``1 / stride**2``, so the centres are an unbiased (systematic, random-start) sample of the
    background, and every other cell takes the value of its block's centre."""
    s = max(1, int(stride))
    rng = np.random.default_rng([int(fold_seed), int(fold) + 1, 19])
    return int(rng.integers(0, s)), int(rng.integers(0, s))


# -- window centres of a training area --------------------------------------------------------------------------------------
def _grid_centres(shape, tile_px: int) -> np.ndarray:
    from .tiling import window_grid

    g = window_grid(shape[0], shape[1], tile_px, tile_px)
    return np.stack([g.yoff + tile_px // 2, g.xoff + tile_px // 2], axis=1)


def samples(cv: dict, region: np.ndarray, s) -> Tuple[np.ndarray, np.ndarray]:
    """Positive and negative window centres ((n, 2) each) inside ``region`` for the framing.

    ``cv``: the stack's ``deposits`` and ``valid`` rasters; ``s``: the cross-validation's settings
    (``framing``, ``tile_px``, ``min_negative_distance_px``, ``min_valid_fraction``). Centred framing:
    deposit cells and background cells; the paper's grid framing: windows of the tile grid with
    enough valid cells, ore when a deposit lies inside."""
    from scipy import ndimage

    dep, valid = cv["deposits"], cv["valid"]
    if s.framing == "centred":
        return positive_cells(dep, region & valid), background_cells(dep, region & valid,
                                                                     s.min_negative_distance_px)
    t = int(s.tile_px)
    c = _grid_centres(valid.shape, t)
    c = c[region[c[:, 0], c[:, 1]]]
    share = ndimage.uniform_filter(valid.astype(np.float64), size=t, mode="constant")[c[:, 0], c[:, 1]]
    ore = ndimage.uniform_filter((dep > 0).astype(np.float64), size=t, mode="constant")[c[:, 0], c[:, 1]] > 0.5 / t ** 2
    c, ore = c[share >= float(s.min_valid_fraction)], ore[share >= float(s.min_valid_fraction)]
    return c[ore], c[~ore]
