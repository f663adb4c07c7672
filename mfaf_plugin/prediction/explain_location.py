"""Explain one location (``mfaf:explainlocation``): the model's probability there, its uncertainty, and
which evidence raises and which lowers it (:mod:`mfaf_plugin.prediction.attribution`).

The point's pixel gets the value the map of ``mfaf:predictprospectivity`` gives it with the same
stride (the model's default when 0), from the same window; the uncertainty is the spread of the
ensemble's members (or of the network's branches) for that window, as in the map's band 2
(:func:`mfaf_plugin.prediction.centred.predict_cells`).
"""

from typing import Sequence

import numpy as np

from ..common.errors import InputError
from ..common.gdal_io import open_raster, read_stack_metadata
from ..common.tables import write_csv
from .attribution import IG_STEPS, explain_pixels, window_pixels
from .inference import load_predictor
from .predict import check_compatible, deposit_pixels

__all__ = ["LOCATION_STEPS", "CONTRIBUTION_COLUMNS", "explain_location", "write_contributions_csv"]

LOCATION_STEPS = 4 * IG_STEPS  # one place: a finer path integral than the prediction run's lists
CONTRIBUTION_COLUMNS = ("band", "value", "value_text", "contribution")


def explain_location(stack_path: str, model, xy: Sequence[float], device: str = "cpu", stride: int = 0,
                     steps: int = LOCATION_STEPS) -> dict:
    """The explanation of the pixel holding the point ``xy`` (stack CRS).

    Returns :func:`~mfaf_plugin.prediction.attribution.explain_pixels`'s record with ``row``, ``col``,
    ``easting`` / ``northing`` (the pixel's centre), ``uncertainty``, ``agreement``, ``stride``,
    ``window`` (bands, t, t: the stack's values the network read, NaN for nodata), ``window_gt``
    (its geotransform) and ``band_names``.

    Raises:
        InputError: the point lies outside the stack or where it holds no data, or the stack does
            not match the model.
    """
    from ..windows.sampling import WindowSource
    from .centred import predict_cells

    ds = open_raster(stack_path, "evidence stack")
    net, meta = load_predictor(model, device)
    check_compatible(read_stack_metadata(ds), meta, ds.RasterCount)
    gt, rows, cols = ds.GetGeoTransform(), ds.RasterYSize, ds.RasterXSize
    r, c = (int(v) for v in deposit_pixels(np.array([xy], dtype=float), gt, rows, cols)[0])
    if r < 0:
        raise InputError("The point ({:.1f}, {:.1f}) lies outside the evidence stack.".format(*xy))
    tile = int(meta["tile_size"])
    stride = int(stride) or (int(meta.get("stride") or 1) if meta.get("framing") == "centred" else tile)
    got = window_pixels(ds, meta, np.array([[r, c]]), stride)
    if not np.isfinite(got["values"][0]).all():
        raise InputError("The evidence stack holds no data in every band at the point ({:.1f}, {:.1f}): the "
                         "model gives it no probability.".format(*xy))
    e = explain_pixels(ds, (net, meta), np.array([[r, c]]), stride, device, steps)[0]
    pred = predict_cells(net, WindowSource(got["windows"][0], tile), np.array([[tile // 2, tile // 2]]), 1, device)
    r0, c0 = got["origin"][0]
    return dict(e, row=r, col=c, easting=gt[0] + (c + 0.5) * gt[1], northing=gt[3] + (r + 0.5) * gt[5],
                uncertainty=float(pred["spread"][0]), agreement=float(pred["agreement"][0]), stride=stride,
                window=got["raw"][0], window_gt=[gt[0] + c0 * gt[1], gt[1], 0.0, gt[3] + r0 * gt[5], 0.0, gt[5]],
                band_names=[x["band"] for x in e["contributions"]], map_probability=float(pred["p_ore"][0]))


def write_contributions_csv(path: str, contributions: Sequence[dict]) -> str:
    """The contributions as CSV, the largest first (one row per evidence band)."""
    rows = sorted(contributions, key=lambda x: -x["contribution"])
    return write_csv(path, CONTRIBUTION_COLUMNS, [dict(x, contribution=round(x["contribution"], 6)) for x in rows])
