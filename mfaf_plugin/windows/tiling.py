"""Stage 4: cut an evidence stack into windows, label them with deposits, split train / test.

The window grid
---------------
Windows of ``tile_size`` x ``tile_size`` pixels start at the top-left pixel of the stack and
step by ``stride`` pixels (default: the tile size, i.e. no overlap). A window that would extend
past the right or bottom raster edge is not used, so a margin narrower than one window can stay
uncovered there. Windows are numbered row-major from 1 over this full grid
(``cell_id = row * n_cols + col + 1``); ``mfaf:maketiles`` and ``mfaf:predict`` share the
numbering through :func:`window_grid` (the layout follows torchgeo's ``GridGeoSampler``).

Labels
------
A window is "ore" (1) when at least one known deposit falls inside it, else "no ore" (0). A
deposit exactly on the right or bottom edge of the raster belongs to the last column or row.

Splits
------
``"blocks"`` (default, spatial): windows are grouped into square blocks of ``block_size`` x
``block_size`` windows; whole blocks go to the test split by a seeded draw stratified by
whether the block holds an ore window. Then every training window that overlaps or *touches*
a test window (their pixel squares share at least one point: an edge or a corner) is
excluded, so that no test window is adjacent to a training window. With stride = tile size this
is a ring one window wide around the test blocks; with a smaller stride it is wider
(``floor(tile_size / stride)`` windows).

``"random"``: stratified random draw of windows (as the paper did). With stride < tile size
test windows then overlap training windows; the test score is optimistic.

Validation: a share (``validation_fraction``) of the remaining training blocks (or windows,
with the random split) is drawn the same way and set apart to choose the training epoch
(``mfaf:trainmodel``); training windows touching a validation window are excluded as well. The
held-out test windows never choose anything.
"""

from collections import namedtuple
from typing import Callable, Dict, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from ..common.errors import InputError

__all__ = [
    "Window",
    "WindowGrid",
    "window_grid",
    "point_pixels",
    "label_windows",
    "valid_fractions",
    "split_windows",
    "touching",
    "window_polygon",
    "make_tiles",
    "SPLIT_METHODS",
    "SPLIT_CODES",
]

Window = namedtuple("Window", "cell_id row col yoff xoff")

SPLIT_METHODS = ("blocks", "random")
# status of a window of the full grid (the cells layer's ``split`` field)
SPLIT_CODES = {0: "train", 1: "test", 2: "excluded", 3: "dropped", 4: "validation"}
# window status -> the tile dataset's ``split`` value (0 train, 1 test, 2 validation)
DATASET_SPLIT = {0: 0, 1: 1, 4: 2}


class WindowGrid:
    """The windows of one raster, row-major. Iterating yields :data:`Window` tuples.

    Attributes:
        n_rows, n_cols: windows per column / per row of the grid.
        tile_size, stride: in pixels.
        cell_id, row, col, yoff, xoff: int64 arrays (one entry per window, row-major);
            ``yoff`` / ``xoff`` are the window's top-left pixel.
    """

    def __init__(self, rows: int, cols: int, tile_size: int, stride: int):
        self.raster_rows, self.raster_cols = int(rows), int(cols)
        self.tile_size, self.stride = int(tile_size), int(stride)
        self.n_rows = (self.raster_rows - self.tile_size) // self.stride + 1
        self.n_cols = (self.raster_cols - self.tile_size) // self.stride + 1
        r, c = np.meshgrid(np.arange(self.n_rows), np.arange(self.n_cols), indexing="ij")
        self.row = r.ravel().astype(np.int64)
        self.col = c.ravel().astype(np.int64)
        self.cell_id = self.row * self.n_cols + self.col + 1
        self.yoff = self.row * self.stride
        self.xoff = self.col * self.stride

    def __len__(self) -> int:
        return self.n_rows * self.n_cols

    def __iter__(self):
        for i in range(len(self)):
            yield Window(int(self.cell_id[i]), int(self.row[i]), int(self.col[i]), int(self.yoff[i]),
                         int(self.xoff[i]))

    def window_geotransform(self, geotransform: Sequence[float], i: int) -> Tuple[float, ...]:
        """GDAL geotransform of window ``i`` (its top-left corner moved, pixel size kept)."""
        gt = list(geotransform)
        x0 = gt[0] + self.xoff[i] * gt[1] + self.yoff[i] * gt[2]
        y0 = gt[3] + self.xoff[i] * gt[4] + self.yoff[i] * gt[5]
        return (x0, gt[1], gt[2], y0, gt[4], gt[5])


def window_grid(rows: int, cols: int, tile_size: int, stride: Optional[int] = None) -> WindowGrid:
    """The grid of complete windows of a ``rows`` x ``cols`` raster.

    Windows start at pixel (0, 0) and step by ``stride``; per axis there are

        n = floor((size - tile_size) / stride) + 1

    windows (``size`` = rows or cols), the last one ending at pixel
    ``(n - 1) * stride + tile_size <= size``. Pixels beyond it (a margin narrower than one
    stride) are in no window: windows that would extend past the raster edge are not used.

    Args:
        rows, cols: raster size in pixels.
        tile_size: window side in pixels (> 0).
        stride: step in pixels (> 0); default ``tile_size`` (adjacent windows, no overlap).

    Returns:
        :class:`WindowGrid` (iterable of ``Window(cell_id, row, col, yoff, xoff)``, row-major,
        ``cell_id = row * n_cols + col + 1``).

    Raises:
        InputError: tile size or stride not positive, or the tile is larger than the raster.
    """
    tile_size = int(tile_size)
    stride = tile_size if stride is None or int(stride) == 0 else int(stride)
    if tile_size <= 0 or stride <= 0:
        raise InputError("Tile size and stride must be positive (got {} and {}).".format(tile_size, stride))
    if tile_size > rows or tile_size > cols:
        raise InputError(
            "The tile size ({0} px) is larger than the raster ({1} rows x {2} columns): choose a tile "
            "size of at most {3} px, or a smaller pixel size for the evidence stack.".format(
                tile_size, rows, cols, min(rows, cols)))
    return WindowGrid(rows, cols, tile_size, stride)


def point_pixels(xy, geotransform: Sequence[float], rows: int, cols: int) -> np.ndarray:
    """Pixel ``(row, col)`` of each point; ``(-1, -1)`` for points outside the raster.

    A point exactly on the right or bottom raster edge belongs to the last column or row (the
    pixel rule is half-open inside, closed at the outer edge), so such a deposit is kept.
    """
    d = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    gt = [float(v) for v in geotransform]
    det = gt[1] * gt[5] - gt[2] * gt[4]
    dx, dy = d[:, 0] - gt[0], d[:, 1] - gt[3]
    fc = (gt[5] * dx - gt[2] * dy) / det
    fr = (-gt[4] * dx + gt[1] * dy) / det
    eps = 1e-9
    inside = (fc >= -eps) & (fc <= cols + eps) & (fr >= -eps) & (fr <= rows + eps)
    out = np.full((len(d), 2), -1, dtype=np.int64)
    if len(d):
        out[:, 0] = np.clip(np.floor(fr), 0, rows - 1)
        out[:, 1] = np.clip(np.floor(fc), 0, cols - 1)
        out[~inside] = -1
    return out


def label_windows(xy, geotransform: Sequence[float], grid: WindowGrid) -> Dict[str, np.ndarray]:
    """Count the deposits in every window of ``grid``.

    Returns:
        dict with ``counts`` (int64 per window, row-major as ``grid``), ``outside`` (indices of
        the points outside the raster), ``uncovered`` (indices of the points inside the raster but
        in no complete window: in the right / bottom margin).
    """
    pix = point_pixels(xy, geotransform, grid.raster_rows, grid.raster_cols)
    counts = np.zeros((grid.n_rows, grid.n_cols), dtype=np.int64)
    outside, uncovered = [], []
    t, s = grid.tile_size, grid.stride
    for k, (r, c) in enumerate(pix):
        if r < 0:
            outside.append(k)
            continue
        # windows i with i*s <= r < i*s + t
        r0, r1 = max(0, -(-(r - t + 1) // s)), min(grid.n_rows - 1, r // s)
        c0, c1 = max(0, -(-(c - t + 1) // s)), min(grid.n_cols - 1, c // s)
        if r0 > r1 or c0 > c1:
            uncovered.append(k)
            continue
        counts[r0:r1 + 1, c0:c1 + 1] += 1
    return {"counts": counts.ravel(), "outside": np.asarray(outside, dtype=np.int64),
            "uncovered": np.asarray(uncovered, dtype=np.int64)}


def valid_fractions(valid: np.ndarray, grid: WindowGrid) -> np.ndarray:
    """Share of valid cells (``valid`` is a boolean raster) in every window, via an integral image."""
    v = np.asarray(valid, dtype=bool)
    # int32 and in-place sums: about 4 bytes per pixel instead of 32 (a 10000 x 10000 stack
    # would otherwise need over 3 GB here); int64 only when a count could exceed int32
    dt = np.int32 if v.size < 2 ** 31 else np.int64
    ii = np.zeros((v.shape[0] + 1, v.shape[1] + 1), dtype=dt)
    for r0 in range(0, v.shape[0], 512):  # in row chunks: numpy's temporary copies stay small
        part = ii[r0 + 1:r0 + 513, 1:]
        np.cumsum(v[r0:r0 + 512], axis=1, dtype=dt, out=part)
        np.cumsum(part, axis=0, out=part)
        part += ii[r0, 1:]
    t = grid.tile_size
    y0, x0 = grid.yoff, grid.xoff
    total = (ii[y0 + t, x0 + t].astype(np.int64) - ii[y0, x0 + t] - ii[y0 + t, x0] + ii[y0, x0])
    return (total / float(t * t)).astype(np.float64)


def _touch_radius(grid: WindowGrid) -> int:
    """Windows ``k`` grid steps apart overlap or touch iff ``k * stride <= tile_size``."""
    return grid.tile_size // grid.stride


def touching(a_mask: np.ndarray, grid: WindowGrid) -> np.ndarray:
    """Windows (boolean, row-major) that overlap or touch (share an edge or corner) a window of ``a_mask``."""
    from .folds import near

    k = _touch_radius(grid)
    return near(np.asarray(a_mask, dtype=bool).reshape(grid.n_rows, grid.n_cols), 2 * k + 1).ravel()


def _blocks(grid: WindowGrid, block_size: int) -> np.ndarray:
    brow, bcol = grid.row // block_size, grid.col // block_size
    return brow * (grid.n_cols // block_size + 1) + bcol


def _draw_blocks(block: np.ndarray, candidates: np.ndarray, labels: np.ndarray, fraction: float,
                 rng: np.random.Generator) -> np.ndarray:
    """Blocks of the ``candidates`` windows drawn by :func:`~mfaf_plugin.windows.folds.draw_blocks`
    (blocks holding ore windows, and the others)."""
    from .folds import draw_blocks

    ore_blocks = np.unique(block[candidates & (labels == 1)])
    return draw_blocks(ore_blocks, np.setdiff1d(np.unique(block[candidates]), ore_blocks), fraction, rng)


def _block_size_for(labels, usable, grid, block_size, log) -> int:
    block_size = max(1, int(block_size))
    while block_size > 1 and len(np.unique(_blocks(grid, block_size)[usable & (labels == 1)])) < 2:
        block_size -= 1
        log("All ore windows fall into one block: block size reduced to {} x {} windows.".format(
            block_size, block_size))
    return block_size


def _random_split(labels, usable, status, test_fraction, validation_fraction, rng) -> None:
    """Stratified random draw per class (ore kept on both sides), seeded: test, then validation."""
    for code, fraction in ((1, test_fraction), (4, validation_fraction)):
        if fraction <= 0:
            continue
        for cls in (1, 0):
            idx = np.flatnonzero((status == 0) & (labels == cls))
            n = int(round(fraction * len(idx)))
            if cls == 1:
                n = max(1, min(len(idx) - 1, n))
            status[rng.permutation(idx)[:n]] = code


def _validation_blocks(labels, status, grid, block, fraction, rng, log) -> None:
    """Validation blocks among the training windows, with an excluded buffer (in place)."""
    train = status == 0
    if len(np.unique(block[train & (labels == 1)])) < 2:
        log("Fewer than 2 training blocks hold ore windows: no validation blocks were drawn (training keeps "
            "its last epoch).")
        return
    vblocks = _draw_blocks(block, train, labels, fraction, rng)
    val = train & np.isin(block, vblocks)
    buffer = touching(val, grid) & train & ~val
    if not np.any(train & ~val & ~buffer & (labels == 1)):
        log("Validation blocks would leave no training window with ore: none were drawn (training keeps its last "
            "epoch). Use a smaller block size or more deposits.")
        return
    status[val] = 4
    status[buffer] = 2
    log("Validation: {} training blocks set apart to choose the epoch; {} training windows touching them were "
        "excluded.".format(len(vblocks), int(buffer.sum())))


def split_windows(
    labels: np.ndarray,
    usable: np.ndarray,
    grid: WindowGrid,
    method: str = "blocks",
    test_fraction: float = 0.2,
    block_size: int = 3,
    seed: int = 0,
    log: Optional[Callable[[str], None]] = None,
    validation_fraction: float = 0.0,
) -> Dict[str, object]:
    """Assign every window to train (0), test (1), excluded (2), dropped (3) or validation (4).

    Args:
        labels: 0/1 per window (row-major).
        usable: boolean per window (enough valid cells); the others are "dropped".
        grid: the window grid.
        method: ``"blocks"`` (spatial blocks with an excluded buffer) or ``"random"``.
        test_fraction: share of blocks (``blocks``) or windows (``random``) drawn for testing.
        block_size: blocks of ``block_size`` x ``block_size`` windows (``blocks`` only). When
            all ore windows fall in one block it is reduced (down to 1) and the log says so.
        seed: seed of the draw.
        log: receives messages about what was done (e.g. block size reduced).
        validation_fraction: share of the remaining training blocks (windows) set apart for
            validation (0: none).

    Returns:
        dict: ``status`` (int8 per window, codes of :data:`SPLIT_CODES`), ``block_size`` used.

    Raises:
        InputError: fewer than 2 usable ore windows, or no split leaves ore windows on both sides.
    """
    log = log or (lambda _m: None)
    labels = np.asarray(labels).astype(np.int64)
    usable = np.asarray(usable, dtype=bool)
    _check_split(labels, usable, method, test_fraction, validation_fraction)
    rng = np.random.default_rng(seed)
    status = np.full(len(labels), 3, dtype=np.int8)
    status[usable] = 0
    if method == "random":
        _random_split(labels, usable, status, float(test_fraction), float(validation_fraction), rng)
        return {"status": status, "block_size": 1}
    block_size = _block_split(labels, usable, status, grid, block_size, test_fraction, validation_fraction, rng, log)
    return {"status": status, "block_size": block_size}


def _check_split(labels, usable, method, test_fraction, validation_fraction) -> None:
    """Refuse an unknown method, fractions out of range and fewer than 2 usable ore windows."""
    if method not in SPLIT_METHODS:
        raise InputError("Unknown split method '{}' (use one of {}).".format(method, ", ".join(SPLIT_METHODS)))
    if not 0.0 < float(test_fraction) < 1.0 or not 0.0 <= float(validation_fraction) < 1.0:
        raise InputError("The test fraction must lie strictly between 0 and 1 and the validation fraction in "
                         "[0, 1) (got {} and {}).".format(test_fraction, validation_fraction))
    n_ore = int(np.sum(usable & (labels == 1)))
    if n_ore < 2:
        raise InputError(
            "Only {} window(s) with a known deposit have enough data: at least 2 are needed (one to "
            "train, one to test). Use a smaller tile size, a smaller pixel size, or a larger extent.".format(n_ore))


def _block_split(labels, usable, status, grid, block_size, test_fraction, validation_fraction, rng, log) -> int:
    """The spatial split into ``status`` (in place): test blocks, their buffer, validation blocks.

    Returns the block size used.
    """
    block_size = _block_size_for(labels, usable, grid, block_size, log)
    block = _blocks(grid, block_size)
    if len(np.unique(block[usable & (labels == 1)])) < 2:
        raise InputError("All ore windows lie in one block; no spatial split is possible. Use a smaller "
                         "tile size or the random split.")
    test_blocks = _draw_blocks(block, usable, labels, float(test_fraction), rng)
    test = usable & np.isin(block, test_blocks)
    status[test] = 1
    buffer = touching(test, grid) & usable & ~test
    status[buffer] = 2
    log("Spatial blocks of {0} x {0} windows: {1} of {2} blocks drawn for testing; {3} training windows touching "
        "a test window were excluded.".format(block_size, len(test_blocks), len(np.unique(block[usable])),
                                              int(buffer.sum())))
    if validation_fraction > 0:
        _validation_blocks(labels, status, grid, block, float(validation_fraction), rng, log)
    _check_both_sides(labels, status)
    return block_size


def _check_both_sides(labels, status) -> None:
    """Refuse a spatial split that leaves no ore window in training or in test."""
    train_ore = int(np.sum((status == 0) & (labels == 1)))
    test_ore = int(np.sum((status == 1) & (labels == 1)))
    if train_ore == 0 or test_ore == 0:
        raise InputError(
            "After the spatial split {} training and {} test windows hold a deposit: both need at least "
            "one. Use a smaller tile size, a smaller block size, another seed or the random split.".format(
                train_ore, test_ore))


def window_polygon(geotransform: Sequence[float], grid: WindowGrid, i: int):
    """Corner coordinates (closed ring) of window ``i``."""
    gt = list(geotransform)
    t = grid.tile_size
    pts = []
    for dr, dc in ((0, 0), (0, t), (t, t), (t, 0), (0, 0)):
        r, c = grid.yoff[i] + dr, grid.xoff[i] + dc
        pts.append((gt[0] + c * gt[1] + r * gt[2], gt[3] + c * gt[4] + r * gt[5]))
    return pts


def _open_grid(stack_path: str, tile_size: int, stride: Optional[int], max_bytes: int):
    """Open and check the stack, build its window grid, refuse what cannot fit in memory."""
    from ..common.gdal_io import open_raster
    from ..data.gridcheck import check_projected, check_square

    ds = open_raster(stack_path, "evidence stack")
    crs_wkt = ds.GetProjection()
    check_projected(crs_wkt, "evidence stack")
    check_square(ds.GetGeoTransform(), "evidence stack")
    rows, cols, nb = ds.RasterYSize, ds.RasterXSize, ds.RasterCount
    grid = window_grid(rows, cols, tile_size, stride)
    # the stack and the tiles (about as large again, more with overlapping windows) live in memory
    need = 4 * nb * (rows * cols + len(grid) * grid.tile_size ** 2)
    if need > max_bytes:
        raise InputError(
            "The evidence stack ({} bands of {} x {} cells) and its {} tiles need about {:.1f} GiB of memory, more "
            "than the {:.1f} GiB allowed: use a coarser stack, fewer bands or a larger stride.".format(
                nb, rows, cols, len(grid), need / 1024 ** 3, max_bytes / 1024 ** 3))
    return {"crs_wkt": crs_wkt, "geotransform": ds.GetGeoTransform(), "rows": rows, "cols": cols, "bands": nb,
            "grid": grid}


def _label_checked(deposits_xy, info: dict, log) -> dict:
    """Deposit counts per window; refuse deposits that all miss the stack, log the others."""
    lab = label_windows(deposits_xy, info["geotransform"], info["grid"])
    n_dep = len(np.asarray(deposits_xy).reshape(-1, 2))
    n_out, n_unc = len(lab["outside"]), len(lab["uncovered"])
    if n_dep == 0 or n_out == n_dep:
        raise InputError(
            "None of the {} deposit points lies inside the evidence stack's extent: check that the deposit "
            "layer and the stack cover the same area (and their CRSs).".format(n_dep))
    if n_out:
        log("{} of {} deposits lie outside the evidence stack and are ignored.".format(n_out, n_dep))
    if n_unc:
        log("{} deposits lie in the right / bottom margin that no complete window covers.".format(n_unc))
    lab.update({"total": n_dep, "n_outside": n_out, "n_uncovered": n_unc})
    return lab


def _usable_labels(valid: np.ndarray, lab: dict, grid: WindowGrid, min_valid_fraction: float):
    vf = valid_fractions(valid, grid)
    usable = (vf >= float(min_valid_fraction)) & (vf > 0)
    labels = (lab["counts"] > 0).astype(np.int64)
    if int(np.sum(labels)) == 0:
        raise InputError(
            "No window of {0} x {0} px holds a deposit: use a smaller tile size, a larger extent, or a "
            "smaller stride.".format(grid.tile_size))
    if int(np.sum(usable & (labels == 1))) == 0:
        raise InputError(
            "Every window with a deposit has less than {:.0%} valid cells: lower the minimum valid fraction, "
            "use a smaller tile size, or check the stack's nodata.".format(min_valid_fraction))
    return vf, usable, labels


def _check_augmented_memory(status, labels, nb, tile_size, smote, smote_ratio, noise_variance, noise_copies,
                            max_bytes) -> None:
    """The augmented data set (real tiles, SMOTE tiles and noisy copies, held twice while joined)."""
    n_tr = int(np.sum(status == 0))
    n_tr_ore = int(np.sum((status == 0) & (labels == 1)))
    n_smote = (max(0, int(np.floor(float(smote_ratio) * (n_tr - n_tr_ore))) - n_tr_ore)
               if smote and n_tr_ore >= 2 and 0.0 < float(smote_ratio) <= 1.0 else 0)
    n_noise = max(0, int(noise_copies)) * (n_tr + n_smote) if noise_variance > 0 else 0
    n_final = int(np.sum((status == 1) | (status == 4))) + n_tr + n_smote + n_noise
    need_aug = 2 * 4 * nb * tile_size ** 2 * n_final
    if need_aug > max_bytes:
        raise InputError(
            "The tile data set would hold {} tiles after augmentation ({} SMOTE tiles, {} noisy copies) and need "
            "about {:.1f} GiB of memory, more than the {:.1f} GiB allowed: use fewer noisy copies, a lower SMOTE "
            "ratio, a larger stride or a coarser stack.".format(
                n_final, n_smote, n_noise, need_aug / 1024 ** 3, max_bytes / 1024 ** 3))


def _cut(data, valid, grid: WindowGrid, keep: np.ndarray, is_canceled):
    """Tiles and their validity masks of the windows ``keep`` (row-major order)."""
    from ..common.progress import check_canceled

    t = grid.tile_size
    x = np.empty((len(keep), data.shape[0], t, t), dtype=np.float32)
    vmask = np.empty((len(keep), t, t), dtype=bool)
    for j, i in enumerate(keep):
        if j % 256 == 0:
            check_canceled(is_canceled)
        y0, x0 = grid.yoff[i], grid.xoff[i]
        x[j] = data[:, y0:y0 + t, x0:x0 + t]
        vmask[j] = valid[y0:y0 + t, x0:x0 + t]
    return x, vmask


def _join_augmented(arrays: dict, aug: dict, tr_idx: np.ndarray) -> dict:
    """Append the augmented training tiles (their metadata copied from their source window)."""
    m = len(aug["x"])
    if not m:
        return arrays
    src = aug["source"]
    real = src >= 0
    srcg = np.where(real, tr_idx[np.maximum(src, 0)], 0)

    def from_src(key, fill):
        a = arrays[key][srcg].copy()
        a[~real] = fill
        return a

    new = {
        "x": aug["x"], "y": aug["y"], "split": np.zeros(m, np.int8), "origin": aug["origin"],
        "cell_id": from_src("cell_id", -1), "row": from_src("row", -1), "col": from_src("col", -1),
        "geotransform": from_src("geotransform", np.nan), "deposit_count": from_src("deposit_count", -1),
        "valid_fraction": from_src("valid_fraction", np.nan),
    }
    return {k: np.concatenate([arrays[k], new[k]]) for k in arrays}


def make_tiles(
    stack_path: str,
    deposits_xy,
    output_path: str,
    tile_size: int = 128,
    stride: Optional[int] = None,
    split: str = "blocks",
    test_fraction: float = 0.2,
    min_valid_fraction: float = 0.5,
    block_size: int = 3,
    smote: bool = True,
    smote_ratio: float = 1.0,
    noise_variance: float = 0.01,
    noise_copies: int = 1,
    seed: int = 0,
    max_bytes: int = 4 * 1024 ** 3,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    log: Optional[Callable[[str], None]] = None,
    validation_fraction: float = 0.0,
) -> Dict[str, object]:
    """Cut ``stack_path`` into labelled windows, split them, augment the training side, save.

    Args:
        stack_path: evidence stack GeoTIFF (``mfaf:stacklayers``; any float raster works).
        deposits_xy: (n, 2) deposit coordinates in the stack's CRS.
        output_path: ``.npz`` tile dataset (:func:`mfaf_plugin.windows.tile_dataset.save_dataset`).
        tile_size, stride: window size and step in pixels (stride default = tile size).
        split: ``"blocks"`` or ``"random"`` (see the module docstring).
        test_fraction: share drawn for testing.
        min_valid_fraction: windows with a smaller share of valid cells (every band holds data)
            are dropped.
        block_size: spatial blocks of ``block_size`` x ``block_size`` windows.
        smote, smote_ratio, noise_variance, noise_copies: training-side augmentation
            (:mod:`mfaf_plugin.windows.augmentation`); ``noise_variance`` 0 turns the noise off.
        seed: seed of the split and of the augmentation (same seed -> identical file).
        max_bytes: refuse stacks whose estimated working memory exceeds this.
        validation_fraction: share of the training blocks set apart for validation (split 2 in
            the dataset; never augmented).

    Returns:
        dict: ``counts`` (train/test ore/no-ore before and ``*_augmented`` after augmentation,
        ``validation_*``), ``cells`` (one dict per window of the full grid: cell_id, row, col,
        label, deposits, split, valid_fraction, ring), ``outside`` / ``uncovered`` deposit counts,
        ``block_size``.

    Raises:
        InputError: geographic CRS, tile larger than the raster, no deposit inside the raster,
        no ore window, too few ore windows for the split.
    """
    from ..common.progress import noop_progress

    log = log or (lambda _m: None)
    progress = progress or noop_progress
    if not 0.0 <= float(min_valid_fraction) <= 1.0:
        raise InputError("The minimum valid fraction must lie between 0 and 1.")
    opts = _TileOptions(split, test_fraction, min_valid_fraction, block_size, smote, smote_ratio, noise_variance,
                        noise_copies, seed, validation_fraction)
    info = _open_grid(stack_path, tile_size, stride, max_bytes)
    lab = _label_checked(deposits_xy, info, log)  # cheap, and the commonest errors show before reading
    tiles = _split_and_cut(stack_path, info, lab, opts, max_bytes, progress, is_canceled, log)
    progress(0.6)
    arrays, counts = _augmented(_tile_arrays(tiles, lab, info), tiles["vmask"], opts, is_canceled, log)
    progress(0.8)
    _save_tiles(output_path, arrays, counts, info, lab, tiles, opts)
    progress(1.0)
    return {"counts": counts, "cells": _cell_dicts(info, lab, tiles), "outside": lab["n_outside"],
            "uncovered": lab["n_uncovered"], "block_size": tiles["block_size"], "n_tiles": len(arrays["x"])}


class _TileOptions(NamedTuple):
    """The split and augmentation settings of :func:`make_tiles` (its arguments of the same names)."""

    split: str
    test_fraction: float
    min_valid_fraction: float
    block_size: int
    smote: bool
    smote_ratio: float
    noise_variance: float
    noise_copies: int
    seed: int
    validation_fraction: float


def _split_and_cut(stack_path: str, info: dict, lab: dict, opts: _TileOptions, max_bytes: int, progress,
                   is_canceled, log) -> dict:
    """Read the stack, split its windows and cut the kept ones (progress 0.3 once read, 0.4 once split).

    Returns:
        dict: ``x`` / ``vmask`` (tiles and validity masks of the kept windows ``keep``, row-major),
        per window of the grid ``labels``, ``status`` and ``vf`` (valid fraction), the
        ``block_size`` used, the stack's ``band_names`` and metadata ``smeta``.
    """
    from ..common.gdal_io import read_stack_arrays

    grid = info["grid"]
    stack = read_stack_arrays(stack_path, is_canceled)
    progress(0.3)
    vf, usable, labels = _usable_labels(stack["valid"], lab, grid, opts.min_valid_fraction)
    sp = split_windows(labels, usable, grid, method=opts.split, test_fraction=opts.test_fraction,
                       block_size=opts.block_size, seed=opts.seed, log=log,
                       validation_fraction=opts.validation_fraction)
    status = sp["status"]
    _check_augmented_memory(status, labels, info["bands"], grid.tile_size, opts.smote, opts.smote_ratio,
                            opts.noise_variance, opts.noise_copies, max_bytes)
    progress(0.4)
    keep = np.flatnonzero(np.isin(status, list(DATASET_SPLIT)))  # row-major: train, test, validation by cell id
    x, vmask = _cut(stack["data"], stack["valid"], grid, keep, is_canceled)
    return {"x": x, "vmask": vmask, "keep": keep, "labels": labels, "status": status, "vf": vf,
            "block_size": sp["block_size"], "band_names": stack["band_names"], "smeta": stack["meta"]}


def _tile_arrays(tiles: dict, lab: dict, info: dict) -> dict:
    """The tile dataset's arrays of the kept windows (before augmentation)."""
    grid, gt, keep = info["grid"], info["geotransform"], tiles["keep"]
    status = tiles["status"]
    return {
        "x": tiles["x"], "y": tiles["labels"][keep],
        "split": np.array([DATASET_SPLIT[int(c)] for c in status[keep]], dtype=np.int8),
        "origin": np.zeros(len(keep), np.int8), "cell_id": grid.cell_id[keep], "row": grid.row[keep],
        "col": grid.col[keep], "deposit_count": lab["counts"][keep], "valid_fraction": tiles["vf"][keep],
        "geotransform": np.array([grid.window_geotransform(gt, i) for i in keep], dtype=np.float64).reshape(-1, 6),
    }


def _augmented(arrays: dict, vmask: np.ndarray, opts: _TileOptions, is_canceled, log):
    """Augment the training tiles and append them; returns the arrays and the counts before and after."""
    from . import tile_dataset
    from .augmentation import augment_training
    from ..common.progress import check_canceled

    x = arrays["x"]
    before = tile_dataset.counts(arrays["y"], arrays["split"])
    tr_idx = np.flatnonzero(arrays["split"] == 0)
    aug = augment_training(x[tr_idx], arrays["y"][tr_idx], vmask[tr_idx], smote=opts.smote,
                           smote_ratio=opts.smote_ratio, noise_variance=opts.noise_variance,
                           copies=opts.noise_copies, seed=opts.seed, log=log, is_canceled=is_canceled)
    check_canceled(is_canceled)
    arrays = _join_augmented(arrays, aug, tr_idx)
    after = tile_dataset.counts(arrays["y"], arrays["split"])
    counts = dict(before)
    counts.update({k + "_augmented": v for k, v in after.items() if not k.startswith("validation")})
    return arrays, counts


def _save_tiles(output_path: str, arrays: dict, counts: dict, info: dict, lab: dict, tiles: dict,
                opts: _TileOptions) -> None:
    """Save the tile dataset with its metadata (:func:`mfaf_plugin.windows.tile_dataset.save_dataset`)."""
    from . import tile_dataset

    grid, gt, smeta = info["grid"], info["geotransform"], tiles["smeta"]
    out_meta = {
        "band_names": tiles["band_names"], "normalization": smeta.get("normalization"),
        "band_kinds": smeta.get("band_kinds"),
        "tile_size": grid.tile_size, "stride": grid.stride, "crs_wkt": info["crs_wkt"], "stack_geotransform": list(gt),
        "stack_shape": [info["rows"], info["cols"]], "grid_shape": [grid.n_rows, grid.n_cols],
        "split_method": opts.split, "test_fraction": float(opts.test_fraction), "block_size": tiles["block_size"],
        "validation_fraction": float(opts.validation_fraction), "framing": "grid",
        "min_valid_fraction": float(opts.min_valid_fraction), "seed": int(opts.seed),
        "augmentation": {"smote": bool(opts.smote), "smote_ratio": float(opts.smote_ratio),
                         "noise_variance": float(opts.noise_variance), "noise_copies": int(opts.noise_copies),
                         "applied_to": "train"},
        "counts": counts,
        "deposits": {"total": lab["total"], "outside": lab["n_outside"], "uncovered": lab["n_uncovered"]},
    }
    tile_dataset.save_dataset(output_path, arrays, out_meta)


def _cell_dicts(info: dict, lab: dict, tiles: dict) -> list:
    """One dict per window of the full grid (the ``cells`` of :func:`make_tiles`)."""
    grid, gt = info["grid"], info["geotransform"]
    labels, status, vf = tiles["labels"], tiles["status"], tiles["vf"]
    return [{"cell_id": int(grid.cell_id[i]), "row": int(grid.row[i]), "col": int(grid.col[i]),
             "label": int(labels[i]), "deposits": int(lab["counts"][i]), "split": SPLIT_CODES[int(status[i])],
             "valid_fraction": float(vf[i]), "ring": window_polygon(gt, grid, i)} for i in range(len(grid))]
