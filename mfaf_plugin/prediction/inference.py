"""The steps every way of making a map shares: the model made ready, a row of windows read and
scaled as in training, windows through the network, a cell's record, the output GeoTIFF.

Used by :mod:`mfaf_plugin.prediction.predict` (here, the paper's grid framing),
:mod:`mfaf_plugin.prediction.strips` (strips here or as Dask tasks) and
:mod:`mfaf_plugin.prediction.centred` (a window centred on every cell), so that the map is the
same whichever path made it.
"""

import os
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..common.errors import InputError
from ..common.gdal_io import GTIFF_OPTIONS, NODATA
from ..common.progress import check_canceled
from ..windows.band_scaling import scale_bands

__all__ = ["load_predictor", "forward", "valid_mask", "stack_nodatas", "read_window_row", "predict_window_row",
           "cell_record", "create_output"]


def load_predictor(model, device: str = "cpu"):
    """``model`` as a path (loaded with ``modelio.load_model``) or a ``(module, meta)`` pair.

    Returns ``(module in eval mode on device, meta)``.
    """
    if isinstance(model, (str, os.PathLike)):
        path = str(model)
        if not os.path.exists(path):
            raise InputError("The model file '{}' does not exist.".format(path))
        from ..training.modelio import load_model

        net, meta = load_model(path, device=device)
    else:
        net, meta = model
        net = net.to(device)
    net.eval()
    return net, dict(meta)


def forward(net, batch: np.ndarray, device: str, threshold: float = 0.5) -> Dict[str, np.ndarray]:
    """A batch of windows through the network: ``p_ore``, ``votes``, ``class``, ``agreement`` (arrays)
    and ``n_branches`` (``models.branch_outputs``)."""
    import torch

    from ...models import branch_outputs

    x = torch.from_numpy(np.ascontiguousarray(batch, dtype=np.float32)).to(device)
    out = branch_outputs(net(x), threshold)
    res = {}
    for key in ("p_ore", "votes", "class", "agreement"):
        v = out[key]
        res[key] = v.detach().float().cpu().numpy() if hasattr(v, "detach") else np.asarray(v, dtype=float)
    res["n_branches"] = int(out["n_branches"])
    return res


def valid_mask(strip: np.ndarray, nodatas: Sequence[Optional[float]]) -> np.ndarray:
    """True where every band holds data (finite and not its nodata value)."""
    valid = np.all(np.isfinite(strip), axis=0)
    for b, nd in enumerate(nodatas):
        if nd is not None:
            valid &= strip[b] != nd
    return valid


def stack_nodatas(ds, stack_meta: Optional[dict] = None) -> List[Optional[float]]:
    """Each band's nodata value: the band's own, else the stack's recorded one (or None)."""
    from ..common.gdal_io import read_stack_metadata

    meta = read_stack_metadata(ds) if stack_meta is None else stack_meta
    out = []
    for b in range(ds.RasterCount):
        nd = ds.GetRasterBand(b + 1).GetNoDataValue()
        out.append(nd if nd is not None else meta.get("nodata"))
    return out


def read_window_row(ds, yoff: int, tile: int, nodatas, scaling: Optional[dict]) -> Tuple[np.ndarray, np.ndarray]:
    """The stack's rows ``[yoff, yoff + tile)``: bands scaled as in training (nodata 0) and the valid mask."""
    strip = np.asarray(ds.ReadAsArray(0, yoff, ds.RasterXSize, tile), dtype=np.float32).reshape(-1, tile,
                                                                                                 ds.RasterXSize)
    valid = valid_mask(strip, nodatas)
    return scale_bands(strip, valid, scaling), valid


def predict_window_row(net, strip: np.ndarray, valid: np.ndarray, pred_x: set, cell_x: set, device: str,
                       threshold: float, batch_size: int, min_valid_fraction: float,
                       is_canceled=None) -> Tuple[Dict[int, float], List[tuple]]:
    """One row of windows of the grid framing through the network, in batches of ``batch_size``.

    ``pred_x`` are the x offsets of the windows of the map (the stride grid), ``cell_x`` those of
    the numbered cells (the tile grid); a window with a share of valid cells below
    ``min_valid_fraction`` (or none) is left out.

    Returns:
        ``(shares, done)``: the valid share of every cell window ``{xoff: share}``, and in the order
        predicted ``[(xoff, p_ore or None, cell record or None)]`` (``p_ore`` for map windows, the
        record for cell windows).
    """
    tile = strip.shape[1]
    shares, todo = {}, []
    for xoff in sorted(pred_x | cell_x):
        vf = float(valid[:, xoff:xoff + tile].mean())
        if xoff in cell_x:
            shares[xoff] = vf
        if vf >= min_valid_fraction and vf > 0:
            todo.append(xoff)
    done = []
    for b0 in range(0, len(todo), batch_size):
        check_canceled(is_canceled)
        xs = todo[b0:b0 + batch_size]
        out = forward(net, np.stack([strip[:, :, x:x + tile] for x in xs]), device, threshold)
        for k, xoff in enumerate(xs):
            done.append((xoff, out["p_ore"][k] if xoff in pred_x else None,
                         cell_record(out, k) if xoff in cell_x else None))
    return shares, done


def cell_record(out: dict, k: int) -> dict:
    """The record of window ``k`` of a :func:`forward` batch (one numbered cell of the grid)."""
    return {"probability": float(out["p_ore"][k]), "votes": int(round(float(out["votes"][k]))),
            "branches": int(out["n_branches"]), "class": int(round(float(out["class"][k]))),
            "agreement": float(out["agreement"][k]), "spread": None}


def create_output(tmp: str, setup: dict, descriptions: Sequence[str]):
    """The map's GeoTIFF on the stack's grid (float32, one band per description, nodata set)."""
    from osgeo import gdal

    out_ds = gdal.GetDriverByName("GTiff").Create(tmp, setup["cols"], setup["rows"], len(descriptions),
                                                  gdal.GDT_Float32, options=GTIFF_OPTIONS)
    out_ds.SetGeoTransform(setup["gt"])
    if setup["crs_wkt"]:
        out_ds.SetProjection(setup["crs_wkt"])
    for i, d in enumerate(descriptions):
        band = out_ds.GetRasterBand(i + 1)
        band.SetNoDataValue(NODATA)
        band.SetDescription(d)
    return out_ds
