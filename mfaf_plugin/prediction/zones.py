"""Target zones: the drill targets at the map's own resolution.

A numbered target is a window of the model's size (16 x 16 km on the demo); the probability map
has the stack's pixels. :func:`target_zones` finds the connected groups of pixels that are
prospective, either those at or above the probability threshold or those in the most
prospective ``top_percent`` % of the predicted area (the user's choice), with
:func:`scipy.ndimage.label` (pixels joined by an edge, not by a corner only: the rule of GDAL's
default polygonize, so each zone is one polygon). Zones are ranked by their peak probability
(ties: the larger zone first) and each gets:

* ``area_km2``: its pixels times the pixel area (the CRS's units taken as metres);
* ``peak_probability`` and its pixel ``peak_row`` / ``peak_col`` (the first in row order on
  ties), the pixel's centre as ``easting`` / ``northing`` in the stack's CRS and ``longitude`` /
  ``latitude`` in WGS 84 (:func:`mfaf_plugin.prediction.drill_targets.to_wgs84`);
* ``mean_probability`` and ``mean_uncertainty`` (the mean of the map's band 2, the spread of the
  ensemble's members or branches; empty for maps without one);
* ``deposits`` (known deposits whose pixel lies in the zone), ``greenfield`` (1: none) and
  ``nearest_deposit_km`` (from the peak pixel's centre to the nearest known deposit inside the
  stack; empty without deposits).

:func:`zone_polygons` turns the zones' pixels into polygons with ``gdal.Polygonize`` (edges on the
stack's grid), :func:`write_zones_csv` writes the table.
"""

import math
from typing import List, Optional, Sequence

import numpy as np

from ..common.errors import InputError
from ..common.gdal_io import open_raster
from ..common.tables import write_csv
from .drill_targets import crs_label, to_wgs84

__all__ = ["ZONE_MODES", "ZONE_CSV_COLUMNS", "read_probability", "zone_mask", "target_zones", "zone_polygons",
           "write_zones_csv"]

ZONE_MODES = ("threshold", "top_percent")
ZONE_CSV_COLUMNS = ("rank", "zone_id", "area_km2", "cells", "peak_probability", "easting", "northing", "crs",
                    "longitude", "latitude", "mean_probability", "mean_uncertainty", "deposits", "greenfield",
                    "nearest_deposit_km")


def read_probability(path: str):
    """Band 1 (probability) and band 2 (uncertainty, or None) of the map, NaN where not predicted."""
    ds = open_raster(path, "probability raster")
    out = []
    for b in range(1, min(2, ds.RasterCount) + 1):
        band = ds.GetRasterBand(b)
        a = band.ReadAsArray().astype(np.float64)
        nd = band.GetNoDataValue()
        if nd is not None:
            a[a == nd] = np.nan
        a[~np.isfinite(a)] = np.nan
        out.append(a)
    return out[0], (out[1] if len(out) > 1 else None)


def zone_mask(prob: np.ndarray, mode: str, threshold: float, top_percent: float) -> np.ndarray:
    """The prospective pixels: ``prob >= threshold`` (``mode`` "threshold"), or the pixels whose
    probability reaches that of the ``ceil(top_percent % x predicted pixels)``-th best one
    ("top_percent"; pixels tied with it are all in)."""
    ok = np.isfinite(prob)
    if mode == "threshold":
        return ok & (prob >= float(threshold))
    if mode != "top_percent":
        raise InputError("Unknown zone rule '{}'; choose from {}.".format(mode, ", ".join(ZONE_MODES)))
    if not 0.0 < float(top_percent) <= 100.0:
        raise InputError("The share of the area for the zones must lie above 0 and at most 100 % "
                         "(got {}).".format(top_percent))
    values = np.sort(prob[ok])[::-1]
    if not len(values):
        return ok
    k = max(1, int(math.ceil(len(values) * float(top_percent) / 100.0)))
    return ok & (prob >= values[k - 1])


def _deposits_inside(result: dict, deposits_xy):
    """Pixel (row, col) and coordinates of the known deposits inside the stack (``predict_map`` found
    their pixels, -1 outside)."""
    rc = np.asarray(result["deposits_rows_cols"], dtype=np.int64).reshape(-1, 2)
    inside = rc[:, 0] >= 0
    return rc[inside], np.asarray(deposits_xy, dtype=float).reshape(-1, 2)[inside]


def target_zones(result: dict, deposits_xy=None, mode: str = "threshold", top_percent: float = 5.0,
                 prob: Optional[np.ndarray] = None, uncertainty: Optional[np.ndarray] = None) -> dict:
    """The zones of a :func:`~mfaf_plugin.prediction.predict.predict_map` result (module docstring).

    Args:
        result: the prediction's result (its ``output`` raster is read unless ``prob`` is given).
        deposits_xy: the known deposits (n, 2) in the stack's CRS given to ``predict_map``, or None.
        mode: one of :data:`ZONE_MODES`; ``top_percent``: the share of the predicted area for "top_percent".

    Returns:
        ``{"zones": [record, ...] by rank, "labels": (rows, cols) int32 zone id per pixel (0: none),
        "cutoff": the lowest probability inside a zone (NaN without zones), "rule": words}``.
    """
    if prob is None:
        prob, uncertainty = read_probability(result["output"])
    mask = zone_mask(prob, mode, result["threshold"], top_percent)
    from scipy import ndimage

    labels, n = ndimage.label(mask)  # edge-connected (the default cross), as GDAL's polygonize
    deps = None if deposits_xy is None else _deposits_inside(result, deposits_xy)
    dep_count = None if deps is None else np.bincount(labels[deps[0][:, 0], deps[0][:, 1]], minlength=n + 1)
    pixel_km2 = abs(result["geotransform"][1] * result["geotransform"][5]) / 1e6
    zones = [_zone_record(labels, sl, i + 1, prob, uncertainty, pixel_km2, dep_count)
             for i, sl in enumerate(ndimage.find_objects(labels))]
    zones.sort(key=lambda z: (-z["peak_probability"], -z["cells"], z["zone_id"]))
    _place(zones, result, deps)
    rule = ("a network score of {:.2f} or more".format(result["threshold"]) if mode == "threshold" else
            "the most prospective {:g} % of the predicted area".format(float(top_percent)))
    cutoff = float(np.min(prob[mask])) if mask.any() else float("nan")
    return {"zones": zones, "labels": labels.astype(np.int32), "cutoff": cutoff, "rule": rule}


def _zone_record(labels, box, zone_id: int, prob, uncertainty, pixel_km2: float, dep_count) -> dict:
    """One zone's figures from the pixels of ``labels == zone_id`` inside its bounding ``box``."""
    rr, cc = np.nonzero(labels[box] == zone_id)
    rr, cc = rr + box[0].start, cc + box[1].start
    p = prob[rr, cc]
    k = int(np.argmax(p))  # the first pixel in row order among equal maxima
    unc = None
    if uncertainty is not None:
        u = uncertainty[rr, cc]
        unc = float(np.nanmean(u)) if np.isfinite(u).any() else None
    n_dep = None if dep_count is None else int(dep_count[zone_id])
    return {"zone_id": zone_id, "cells": int(len(rr)), "area_km2": len(rr) * pixel_km2,
            "peak_probability": float(p[k]), "peak_row": int(rr[k]), "peak_col": int(cc[k]),
            "mean_probability": float(p.mean()), "mean_uncertainty": unc, "deposits": n_dep,
            "greenfield": None if n_dep is None else int(n_dep == 0)}


def _place(zones: List[dict], result: dict, deps) -> None:
    """Rank, peak coordinates (stack CRS and WGS 84) and the distance to the nearest deposit."""
    gt = result["geotransform"]
    xy = np.array([[gt[0] + (z["peak_col"] + 0.5) * gt[1], gt[3] + (z["peak_row"] + 0.5) * gt[5]]
                   for z in zones]).reshape(-1, 2)
    lonlat = to_wgs84(xy, result["crs_wkt"])
    label = crs_label(result["crs_wkt"])
    dist = None
    if deps is not None and len(deps[1]) and len(zones):
        from scipy.spatial import cKDTree

        dist = cKDTree(deps[1]).query(xy)[0] / 1000.0
    for i, z in enumerate(zones):
        z.update({"rank": i + 1, "easting": float(xy[i, 0]), "northing": float(xy[i, 1]), "crs": label,
                  "longitude": round(float(lonlat[i, 0]), 6), "latitude": round(float(lonlat[i, 1]), 6),
                  "nearest_deposit_km": None if dist is None else round(float(dist[i]), 3)})


def zone_polygons(labels: np.ndarray, result: dict) -> dict:
    """``{zone_id: WKB polygon}`` of every zone of ``labels``, by ``gdal.Polygonize`` of the label
    raster on the stack's grid (edges on pixel edges; holes kept)."""
    from osgeo import gdal, ogr, osr

    rows, cols = labels.shape
    mem = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Int32)
    mem.SetGeoTransform(list(result["geotransform"]))
    band = mem.GetRasterBand(1)
    band.WriteArray(labels.astype(np.int32))
    mask_ds = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Byte)
    mask_ds.GetRasterBand(1).WriteArray((labels > 0).astype(np.uint8))
    srs = osr.SpatialReference()
    if result["crs_wkt"]:
        srs.ImportFromWkt(result["crs_wkt"])
    vec = ogr.GetDriverByName("Memory").CreateDataSource("zones")
    layer = vec.CreateLayer("zones", srs=srs, geom_type=ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("zone_id", ogr.OFTInteger))
    gdal.Polygonize(band, mask_ds.GetRasterBand(1), layer, 0, [])
    out = {}
    for f in layer:
        zid = int(f.GetField(0))
        geom = f.GetGeometryRef().Clone()
        out[zid] = geom if zid not in out else out[zid].Union(geom)  # one polygon per zone; Union is a guard
    return {k: bytes(g.ExportToWkb()) for k, g in out.items()}


def write_zones_csv(path: str, zones: Sequence[dict], extra_columns: Sequence[str] = ()) -> str:
    """The zones as CSV (:data:`ZONE_CSV_COLUMNS` and ``extra_columns``, by rank)."""
    rows = [dict(z, area_km2=round(z["area_km2"], 3), peak_probability=round(z["peak_probability"], 4),
                 mean_probability=round(z["mean_probability"], 4), easting=round(z["easting"], 2),
                 northing=round(z["northing"], 2),
                 mean_uncertainty=None if z["mean_uncertainty"] is None else round(z["mean_uncertainty"], 4))
            for z in zones]
    return write_csv(path, tuple(ZONE_CSV_COLUMNS) + tuple(extra_columns), rows)
