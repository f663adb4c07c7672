"""Drill targets: the target cells of a prediction as places a geologist can go to.

:func:`drill_targets` turns the target cells of :func:`mfaf_plugin.prediction.predict.predict_map`
(probability at or above the threshold) into one record per target, by rank:

* ``probability``: the network's score (it ranks ground; it is not a calibrated probability),
  ``top_pct``: the share of the scored cells of the map scoring at least as high, in % ("top 3 %
  of the map"), ``chance``: the calibrated chance that a stack cell at this score holds a known
  deposit, when the model records a calibration (:mod:`mfaf_plugin.scoring.calibration`), else empty;

* ``easting`` / ``northing``: the cell's centre in the stack's CRS, from the stack's geotransform;
  ``longitude`` / ``latitude``: the same point in WGS 84 (EPSG:4326, degrees; GDAL/PROJ choose
  the datum transformation, e.g. AGD84 to WGS 84, unless the result names one in
  ``result["wgs84"]["proj"]``), and ``crs``: the stack's CRS named in words
  (authority code, name and datum), since many survey data sets use a legacy datum;
* ``deposits``: known deposits inside the cell, ``greenfield``: 1 when it holds none (a new
  place to look), 0 when it holds known deposits (brownfield); both empty without known deposits;
* ``agreement``: the share of the network's branches on the side of the cell's class, and
  ``spread``: the mean over the cell of the prediction's spread band (standard deviation of the
  ensemble members' probabilities, or of the branches' for one network; the cell's ``spread``
  that the map summed while writing it, so the raster is not read again; empty for maps of the
  paper's grid framing, which have no spread band). Low agreement or a large spread: uncertain.

:func:`write_targets_csv` writes them as CSV (UTF-8, one row per target), atomically.
"""

from typing import List, Sequence

import numpy as np

from ..common.tables import write_csv

__all__ = ["CSV_COLUMNS", "crs_label", "to_wgs84", "drill_targets", "write_targets_csv",
           "greenfield_first"]

CSV_COLUMNS = ("rank", "cell_id", "probability", "top_pct", "chance", "easting", "northing", "crs", "longitude",
               "latitude", "deposits", "greenfield", "agreement", "spread", "why_here", "top_evidence")


def _srs(crs_wkt: str):
    from osgeo import osr

    srs = osr.SpatialReference()
    if crs_wkt:
        srs.ImportFromWkt(crs_wkt)
    return srs


def crs_label(crs_wkt: str) -> str:
    """'EPSG:20350 - AGD84 / AMG zone 50 (datum Australian Geodetic Datum 1984)', or '' without a CRS."""
    if not crs_wkt:
        return ""
    srs = _srs(crs_wkt)
    code = srs.GetAuthorityCode(None)
    auth = srs.GetAuthorityName(None)
    name = srs.GetName() or ""
    datum = srs.GetAttrValue("DATUM") or ""
    head = "{}:{} - {}".format(auth, code, name) if auth and code else name
    return "{} (datum {})".format(head, datum.replace("_", " ")) if datum else head


def to_wgs84(xy: np.ndarray, crs_wkt: str, operation: str = "") -> np.ndarray:
    """(n, 2) map coordinates in ``crs_wkt`` -> (n, 2) longitude, latitude in WGS 84 (NaN without a CRS);
    ``operation``: the PROJ pipeline to run (e.g. chosen by the caller and named in the report), else
    GDAL/PROJ's own choice."""
    from osgeo import osr

    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if not crs_wkt or not len(xy):
        return np.full(xy.shape, np.nan)
    src = _srs(crs_wkt)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)  # x = easting / longitude
    if operation:
        options = osr.CoordinateTransformationOptions()
        options.SetOperation(operation)
        tr = osr.CoordinateTransformation(src, dst, options)
    else:
        tr = osr.CoordinateTransformation(src, dst)
    return np.array([tr.TransformPoint(float(x), float(y))[:2] for x, y in xy])


def drill_targets(result: dict, with_deposits: bool) -> List[dict]:
    """One record per target cell of a :func:`~mfaf_plugin.prediction.predict.predict_map` result, by
    rank (see the module docstring for the fields; ``bounds`` is kept for the layer's polygon)."""
    gt, tile = result["geotransform"], int(result["tile_size"])
    cells = sorted((c for c in result["cells"] if c["target"]), key=lambda c: c["rank"])
    centres = np.array([[gt[0] + (c["xoff"] + tile / 2.0) * gt[1], gt[3] + (c["yoff"] + tile / 2.0) * gt[5]]
                        for c in cells]).reshape(-1, 2)
    lonlat = to_wgs84(centres, result["crs_wkt"], (result.get("wgs84") or {}).get("proj", ""))
    label = crs_label(result["crs_wkt"])
    out = []
    for i, c in enumerate(cells):
        n = int(c["deposits"] or 0) if with_deposits else None
        out.append({"rank": int(c["rank"]), "cell_id": int(c["cell_id"]),
                    "probability": round(float(c["probability"]), 2),
                    "top_pct": None if c.get("top_share") is None else round(100.0 * c["top_share"], 2),
                    "chance": None if c.get("chance") is None else round(float(c["chance"]), 4),
                    "easting": round(float(centres[i, 0]), 2), "northing": round(float(centres[i, 1]), 2), "crs": label,
                    "longitude": round(float(lonlat[i, 0]), 6), "latitude": round(float(lonlat[i, 1]), 6),
                    "deposits": n, "greenfield": None if n is None else int(n == 0),
                    "agreement": None if c.get("agreement") is None else round(float(c["agreement"]), 3),
                    "spread": None if c.get("spread") is None else round(c["spread"], 4), "bounds": c["bounds"]})
    return out


def greenfield_first(targets: Sequence[dict]) -> List[dict]:
    """Greenfield targets (no known deposit) first, then the others; by rank within each."""
    return sorted(targets, key=lambda t: (t["greenfield"] != 1, t["rank"]))


def write_targets_csv(path: str, targets: Sequence[dict]) -> str:
    """The targets as CSV (:data:`CSV_COLUMNS`, by rank; empty fields for unknown values)."""
    return write_csv(path, CSV_COLUMNS, targets)
