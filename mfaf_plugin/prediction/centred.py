"""The map of a model trained in the centred framing (``mfaf:crossvalidate``'s model output).

Every valid cell of the stack gets the ore probability of the window centred on it (with stride
``s``: of its ``s x s`` block's middle cell, :mod:`mfaf_plugin.dense`). The stack is read in
strips of rows (with the half window above and below), so memory is bounded by one strip of
windows' rows whatever the area. Bands are first scaled with the model's recorded
``input_scaling`` (the mean and standard deviation of the training cells), then nodata cells set
to 0, exactly as in training.

Band 1 of the output: the ore probability; band 2: its spread, the standard deviation of the
ensemble members' probabilities (or of the branches' for a single network).
"""

from typing import Dict, Optional, Tuple

import numpy as np

from ..common.errors import InputError

__all__ = ["read_padded_rows", "scale_bands", "centred_strip_rows", "predict_centred_strip"]


def read_padded_rows(ds, y0: int, y1: int, half: int, tile: int, nodatas) -> Tuple[np.ndarray, np.ndarray]:
    """Rows ``y0 - half .. y1 - half + tile - 2`` of every band, columns padded by ``half`` before
    and ``tile - half`` after; outside the raster zeros. Returns ``(data, valid)``, valid False outside."""
    rows, cols, nb = ds.RasterYSize, ds.RasterXSize, ds.RasterCount
    top, bottom = y0 - half, y1 - half + tile - 1
    height = bottom - top
    data = np.zeros((nb, height, cols + tile), dtype=np.float32)
    valid = np.zeros((height, cols + tile), dtype=bool)
    r0, r1 = max(0, top), min(rows, bottom)
    if r1 > r0:
        block = np.asarray(ds.ReadAsArray(0, r0, cols, r1 - r0), dtype=np.float32).reshape(nb, r1 - r0, cols)
        ok = np.all(np.isfinite(block), axis=0)
        for b, nd in enumerate(nodatas):
            if nd is not None:
                ok &= block[b] != np.float32(nd)
        data[:, r0 - top:r1 - top, half:half + cols] = block
        valid[r0 - top:r1 - top, half:half + cols] = ok
    return data, valid


def scale_bands(data: np.ndarray, valid: np.ndarray, scaling: Optional[dict]) -> np.ndarray:
    """``(data - mean) / sd`` per band with the model's ``input_scaling`` (if any); invalid cells -> 0."""
    if scaling:
        mean = np.asarray(scaling["mean"], dtype=np.float32).reshape(-1, 1, 1)
        sd = np.asarray(scaling["sd"], dtype=np.float32).reshape(-1, 1, 1)
        if mean.shape[0] != data.shape[0]:
            raise InputError("The model's input scaling has {} bands, the stack {}.".format(mean.shape[0], data.shape[0]))
        data = (data - mean) / np.where(sd > 0, sd, 1.0)
    return np.where(valid[None], data, np.float32(0.0)).astype(np.float32)


def _cell_sums(grid_shape, tile: int, y0: int, p: np.ndarray, agree: np.ndarray, ok: np.ndarray, sums: Dict) -> None:
    """Add a strip's probabilities to the per-cell sums of the tile grid (cell = tile x tile window)."""
    n_rows, n_cols = grid_shape
    rr = (y0 + np.arange(p.shape[0]))[:, None] // tile
    cc = (np.arange(p.shape[1]))[None, :] // tile
    inside = ok & (rr < n_rows) & (cc < n_cols)
    idx = (np.broadcast_to(rr, p.shape) * n_cols + np.broadcast_to(cc, p.shape))[inside]
    size = n_rows * n_cols
    sums["p"] += np.bincount(idx, weights=p[inside], minlength=size)
    sums["agree"] += np.bincount(idx, weights=agree[inside], minlength=size)
    sums["n"] += np.bincount(idx, minlength=size)


def centred_strip_rows(stride: int, strip_rows: int = 0) -> int:
    """Rows of one strip: a multiple of the stride (so that the stride blocks of every strip are
    those of the whole map), about ``strip_rows`` (0: 256)."""
    s = max(1, int(stride))
    return max(s, ((int(strip_rows) or 256) // s) * s)


def predict_centred_strip(ds, net, scaling: Optional[dict], nodatas, tile: int, stride: int, device: str,
                          batch_size: int, y0: int, y1: int, is_canceled=None, threshold: float = 0.5) -> dict:
    """Rows ``y0 .. y1 - 1`` of the map, read with half a window of rows above and below.

    Returns ``p``, ``sd`` (float64, NaN where not predicted), ``agree`` (0 there), ``ok`` (the
    valid cells) and ``n_windows``.
    """
    from .dense import predict_cells
    from ..windows.sampling import WindowSource

    half, cols = tile // 2, ds.RasterXSize
    data, valid = read_padded_rows(ds, y0, y1, half, tile, nodatas)
    data = scale_bands(data, valid, scaling)
    ok = valid[half:half + y1 - y0, half:half + cols]
    cells = np.argwhere(ok)
    out = {"p": np.full((y1 - y0, cols), np.nan), "sd": np.full((y1 - y0, cols), np.nan),
           "agree": np.zeros((y1 - y0, cols)), "ok": ok, "n_windows": 0}
    if len(cells):
        pred = predict_cells(net, WindowSource(data, tile, padded=True), cells, stride, device,
                             batch_size=batch_size, is_canceled=is_canceled, threshold=threshold)
        out["p"][ok], out["sd"][ok], out["agree"][ok] = pred["p_ore"], pred["spread"], pred["agreement"]
        out["n_windows"] = pred["n_windows"]
    return out


def _cell_records(grid, sums: dict, tile: int, threshold: float, min_valid_fraction: float):
    """Per cell window: mean probability and agreement of its valid pixels (class and target by
    the one rule, probability >= threshold); branch votes do not apply to a per-pixel map."""
    cell_out, cell_valid = {}, {}
    for i in range(len(grid)):
        key = (int(grid.yoff[i]), int(grid.xoff[i]))
        share = float(sums["n"][i]) / (tile * tile)
        cell_valid[key] = share
        if share > 0 and share >= float(min_valid_fraction):
            p = float(sums["p"][i] / sums["n"][i])
            cell_out[key] = {"probability": p, "votes": None, "branches": None, "class": int(p >= threshold),
                             "agreement": float(sums["agree"][i] / sums["n"][i])}
    return cell_out, cell_valid
