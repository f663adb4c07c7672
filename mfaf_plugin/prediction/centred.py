"""The map of a model trained in the centred framing (``mfaf:crossvalidate``'s model output).

Every valid cell of the stack gets the ore probability of the window centred on its
representative centre (:func:`mfaf_plugin.windows.sampling.representative_centres`): with
stride 1 the cell's own window, with stride ``s`` the window of the middle cell of its ``s x s``
block (:func:`predict_cells`, which the cross-validation uses on its held-out cells too). The
windows go through the network in batches and the stack is read in strips of rows (with the
half window above and below), so memory is bounded by one strip of windows' rows whatever the
area. Bands are first scaled with the model's recorded ``input_scaling`` (the mean and standard
deviation of the training cells), then nodata cells set to 0, exactly as in training.

Band 1 of the output: the ore probability; band 2: its spread, the standard deviation of the
ensemble members' probabilities (or of the branches' for a single network). The numbered cells
(windows of the tile grid) take the mean of their pixels (:func:`cell_sums`, :func:`cell_records`).
"""

from typing import Callable, Dict, Optional, Tuple

import numpy as np

from ..common.progress import check_canceled
from ..windows.band_scaling import scale_bands

__all__ = ["read_padded_rows", "centred_strip_rows", "predict_centred_strip", "predict_cells", "cell_sums",
           "cell_records"]


def read_padded_rows(ds, y0: int, y1: int, half: int, tile: int, nodatas) -> Tuple[np.ndarray, np.ndarray]:
    """Rows ``y0 - half .. y1 - half + tile - 1`` of every band, columns padded by ``half`` before
    and ``tile - half`` after, as :class:`WindowSource` takes padded data (its ``shape`` is then the
    strip's, ``y1 - y0`` rows); outside the raster zeros. Returns ``(data, valid)``, valid False outside."""
    rows, cols, nb = ds.RasterYSize, ds.RasterXSize, ds.RasterCount
    top, bottom = y0 - half, y1 - half + tile
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


def cell_sums(grid_shape, tile: int, y0: int, values: Dict[str, np.ndarray], ok: np.ndarray, sums: Dict) -> None:
    """Add a strip's per-pixel ``values`` (e.g. probability, agreement, spread) of its ``ok`` pixels to
    the per-cell sums of the tile grid (cell = tile x tile window), and the pixel count to ``sums["n"]``."""
    n_rows, n_cols = grid_shape
    shape = ok.shape
    rr = (y0 + np.arange(shape[0]))[:, None] // tile
    cc = (np.arange(shape[1]))[None, :] // tile
    inside = ok & (rr < n_rows) & (cc < n_cols)
    idx = (np.broadcast_to(rr, shape) * n_cols + np.broadcast_to(cc, shape))[inside]
    size = n_rows * n_cols
    for key, v in values.items():
        sums[key] += np.bincount(idx, weights=v[inside], minlength=size)
    sums["n"] += np.bincount(idx, minlength=size)


def centred_strip_rows(stride: int, strip_rows: int = 0) -> int:
    """Rows of one strip: a multiple of the stride (so that the stride blocks of every strip are
    those of the whole map), about ``strip_rows`` (0: 256)."""
    s = max(1, int(stride))
    return max(s, ((int(strip_rows) or 256) // s) * s)


def predict_centred_strip(ds, net, scaling: Optional[dict], nodatas, tile: int, stride: int, device: str,
                          batch_size: int, y0: int, y1: int, is_canceled=None, threshold: float = 0.5,
                          progress: Optional[Callable[[float], None]] = None) -> dict:
    """Rows ``y0 .. y1 - 1`` of the map, read with half a window of rows above and below
    (``progress``: share of the strip's windows done, after each batch).

    Returns ``p``, ``sd`` (float64, NaN where not predicted), ``agree`` (0 there), ``ok`` (the
    valid cells) and ``n_windows``.
    """
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
                             batch_size=batch_size, is_canceled=is_canceled, threshold=threshold, progress=progress)
        out["p"][ok], out["sd"][ok], out["agree"][ok] = pred["p_ore"], pred["spread"], pred["agreement"]
        out["n_windows"] = pred["n_windows"]
    return out


def cell_records(grid, sums: dict, tile: int, threshold: float, min_valid_fraction: float):
    """Per cell window: mean probability, agreement and spread of its valid pixels (class and target
    by the one rule, probability >= threshold); branch votes do not apply to a per-pixel map."""
    cell_out, cell_valid = {}, {}
    for i in range(len(grid)):
        key = (int(grid.yoff[i]), int(grid.xoff[i]))
        share = float(sums["n"][i]) / (tile * tile)
        cell_valid[key] = share
        if share > 0 and share >= float(min_valid_fraction):
            n = sums["n"][i]
            p = float(sums["p"][i] / n)
            cell_out[key] = {"probability": p, "votes": None, "branches": None, "class": int(p >= threshold),
                             "agreement": float(sums["agree"][i] / n), "spread": float(sums["spread"][i] / n)}
    return cell_out, cell_valid


def predict_cells(net, source, cells: np.ndarray, stride: int, device: str, batch_size: int = 256,
                  is_canceled: Optional[Callable[[], bool]] = None,
                  progress: Optional[Callable[[float], None]] = None,
                  threshold: float = 0.5, offset=(0, 0), exact=None) -> Dict[str, np.ndarray]:
    """Ore probability of ``cells`` from windows of ``source`` (a :class:`sampling.WindowSource`).

    Args:
        net: network in eval mode on ``device``.
        cells: (n, 2) row/col of the cells to predict.
        stride: step of the predicted centres in cells (1 = every cell its own window).
        batch_size: windows per forward pass (the result does not depend on it).
        offset, exact: anchor of the stride grid and the cells scored by their own window
            (:func:`mfaf_plugin.windows.sampling.representative_centres`).

    Returns:
        dict: ``p_ore`` (n,) float64 per cell; ``agreement`` (n,) share of branches on the side of
        the class ``p_ore >= threshold`` (1 for single-branch networks); ``spread`` (n,) standard
        deviation of the members' probabilities for an ensemble (``models.Ensemble``), else of the
        branches' (0 for single-branch networks); ``n_windows`` predicted.
    """
    import torch

    from ...models import branch_outputs
    from ..windows.sampling import representative_centres

    rep = representative_centres(cells, stride, source.shape, offset, exact)
    centres = rep["centres"]
    p = np.empty(len(centres), dtype=np.float64)
    agree = np.empty(len(centres), dtype=np.float64)
    spread = np.empty(len(centres), dtype=np.float64)
    members = len(getattr(net, "members", ())) or 1
    net.eval()
    with torch.inference_mode():
        for i in range(0, len(centres), int(batch_size)):
            check_canceled(is_canceled)
            c = centres[i:i + int(batch_size)]
            x = torch.from_numpy(source.windows(c[:, 0], c[:, 1])).to(device)
            out = branch_outputs(net(x), threshold)
            p[i:i + len(c)] = out["p_ore"].double().cpu().numpy()
            agree[i:i + len(c)] = out["agreement"].double().cpu().numpy()
            bp = out["branch_p"].double()
            groups = bp.reshape(members, -1, bp.shape[-1]).mean(dim=1) if members > 1 else bp
            spread[i:i + len(c)] = (groups.std(dim=0, unbiased=False) if len(groups) > 1
                                    else torch.zeros(len(c), dtype=torch.float64)).cpu().numpy()
            if progress is not None:
                progress(min(1.0, (i + len(c)) / max(1, len(centres))))
    idx = rep["index"]
    return {"p_ore": p[idx], "agreement": agree[idx], "spread": spread[idx], "n_windows": int(len(centres))}
