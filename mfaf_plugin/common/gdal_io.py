"""GDAL raster I/O shared by the pipeline stages.

Outputs are written whole or not at all: every writer goes through
:func:`~mfaf_plugin.common.run_outputs.atomic_output`, which writes to a temporary sibling file and
renames it into place only on success, so an error or a cancel never leaves a half-written
GeoTIFF where the user asked for one.

Evidence stacks carry their own description in the GeoTIFF's ``MFAF`` metadata domain
(key ``STACK``, a JSON document): band names in order, the normalisation applied to each band
(method and parameters), the nodata value. Prediction reads it back with
:func:`read_stack_metadata` and compares it with the model's metadata, so new data are scaled
exactly as the training data were.
"""

import contextlib
import json
import math
from typing import Dict, Iterator, List, Optional, Sequence

import numpy as np
from osgeo import gdal

from .errors import InputError
from .run_outputs import atomic_output, current_path

gdal.UseExceptions()

__all__ = [
    "NODATA",
    "write_raster",
    "open_raster",
    "read_stack_metadata",
    "write_stack_metadata",
    "read_stack_arrays",
    "STACK_DOMAIN",
    "GTIFF_OPTIONS",
    "NORMALIZATION_METHODS",
    "normalization_problem",
    "cache_limit",
]

NODATA = -9999.0
STACK_DOMAIN = "MFAF"
_STACK_KEY = "STACK"

GTIFF_OPTIONS = ["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", "BIGTIFF=IF_SAFER"]


@contextlib.contextmanager
def cache_limit(max_bytes: int) -> Iterator[int]:
    """Hold GDAL's block cache (process-wide) at no more than ``max_bytes`` for the block and
    restore the earlier limit after it; yields the limit in force. GDAL caches the blocks it
    reads (e.g. of a large raster being resampled) up to 5 % of the memory by default, whatever
    a step's own memory limit says."""
    old = gdal.GetCacheMax()
    limit = int(max(1, min(old, max_bytes)))
    gdal.SetCacheMax(limit)
    try:
        yield limit
    finally:
        gdal.SetCacheMax(old)


def write_raster(
    path: str,
    data: np.ndarray,
    geotransform: Sequence[float],
    crs_wkt: str,
    band_names: Optional[List[str]] = None,
    nodata: Optional[float] = NODATA,
    metadata: Optional[Dict[str, str]] = None,
    metadata_domain: str = "",
    dtype=gdal.GDT_Float32,
) -> str:
    """Write a (bands, rows, cols) or (rows, cols) array as a GeoTIFF, atomically.

    Args:
        path: destination ``.tif``.
        data: array; NaN cells are written as ``nodata``.
        geotransform: GDAL geotransform of the grid (north-up).
        crs_wkt: CRS as WKT (empty string for none).
        band_names: one description per band.
        nodata: nodata value set on every band (None: no nodata).
        metadata: extra metadata items written in ``metadata_domain``.

    Returns:
        ``path``.
    """
    arr = np.asarray(data)
    if arr.ndim == 2:
        arr = arr[None]
    n, rows, cols = arr.shape
    with atomic_output(path) as tmp:
        options = GTIFF_OPTIONS if dtype in (gdal.GDT_Float32, gdal.GDT_Float64) else \
            [o.replace("PREDICTOR=3", "PREDICTOR=2") for o in GTIFF_OPTIONS]
        ds = gdal.GetDriverByName("GTiff").Create(tmp, cols, rows, n, dtype, options=options)
        ds.SetGeoTransform(list(geotransform))
        if crs_wkt:
            ds.SetProjection(crs_wkt)
        for i in range(n):
            band = ds.GetRasterBand(i + 1)
            values = arr[i]
            if nodata is not None:
                band.SetNoDataValue(float(nodata))
                if np.issubdtype(values.dtype, np.floating):
                    values = np.where(np.isfinite(values), values, nodata)
            band.WriteArray(values)
            if band_names is not None:
                band.SetDescription(str(band_names[i]))
        if metadata:
            ds.SetMetadata({str(k): str(v) for k, v in metadata.items()}, metadata_domain)
        ds.FlushCache()
        ds = None
    return path


def open_raster(path: str, what: str = "raster") -> "gdal.Dataset":
    """Open a raster read-only or raise :class:`InputError` naming ``what``. An output of the
    active run that is staged but not yet committed is read from its staged file."""
    try:
        ds = gdal.Open(str(current_path(path)), gdal.GA_ReadOnly)
    except RuntimeError as exc:
        raise InputError("Cannot open the {} '{}': {}".format(what, path, exc)) from exc
    if ds is None:
        raise InputError("Cannot open the {} '{}'.".format(what, path))
    return ds


def write_stack_metadata(ds: "gdal.Dataset", stack_meta: dict) -> None:
    """Store the stack description (band names, normalisation, nodata) in the dataset."""
    ds.SetMetadataItem(_STACK_KEY, json.dumps(stack_meta, sort_keys=True), STACK_DOMAIN)


def _damaged_stack(name: str, detail: str) -> InputError:
    return InputError("The evidence stack '{}' carries a damaged MFAF description ({}). Build it again with "
                      "mfaf:stacklayers.".format(name, detail))


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


NORMALIZATION_METHODS = ("minmax", "zscore", "none")  # how a stack's bands are scaled: (raw - a) / b


def normalization_problem(norm, n_bands: int) -> Optional[str]:
    """What is wrong with a recorded normalisation (of a stack or of a model), or None: a known
    method, and per band null or a finite (a, b) with b > 0 (``(raw - a) / b``)."""
    if norm is None:
        return None
    params = norm.get("params") if isinstance(norm, dict) else None
    if not isinstance(norm, dict) or not (params is None or (isinstance(params, list) and len(params) == n_bands)):
        return "'normalization' must give a method and one (a, b) pair or null per band"
    method = norm.get("method", "none")
    if method not in NORMALIZATION_METHODS:
        return "normalisation method {!r:.40} is not one of {}".format(method, ", ".join(NORMALIZATION_METHODS))
    for i, p in enumerate(params or []):
        if p is None:
            continue
        if not isinstance(p, list) or len(p) != 2 or not all(_is_number(v) for v in p):
            return "'normalization' must give a method and one (a, b) pair or null per band"
        if not all(math.isfinite(v) for v in p) or not p[1] > 0:
            return "the normalisation of band {} is ({:g}, {:g}): (raw - a) / b needs finite numbers and b must be " \
                   "greater than 0".format(i + 1, p[0], p[1])
    return None


def _check_stack_metadata(meta, n_bands: int, name: str) -> None:
    """Refuse a stack description of the wrong shape or types (it steers how bands are read)."""
    if not isinstance(meta, dict):
        raise _damaged_stack(name, "it is not a table")
    bands = meta.get("bands")
    if not isinstance(bands, list) or not all(isinstance(b, str) for b in bands):
        raise _damaged_stack(name, "'bands' must list the band names")
    if len(bands) != n_bands:
        raise _damaged_stack(name, "it names {} bands but the raster has {}".format(len(bands), n_bands))
    problem = normalization_problem(meta.get("normalization"), len(bands))
    if problem:
        raise _damaged_stack(name, problem)
    if meta.get("nodata") is not None and not _is_number(meta["nodata"]):
        raise _damaged_stack(name, "'nodata' must be a number")
    gt = meta.get("geotransform")
    if gt is not None and not (isinstance(gt, list) and len(gt) == 6 and all(_is_number(v) for v in gt)):
        raise _damaged_stack(name, "'geotransform' must be six numbers")
    for key, kind in (("crs_wkt", str), ("band_kinds", list), ("classes", dict)):
        if meta.get(key) is not None and not isinstance(meta[key], kind):
            raise _damaged_stack(name, "'{}' has the wrong type".format(key))


def read_stack_metadata(path_or_ds) -> dict:
    """Return the stack description written by the stacking step.

    For a raster that is not an MFAF stack, a description is derived from the file itself
    (band descriptions, no normalisation) so that any multi-band raster can still be used.
    """
    ds = open_raster(path_or_ds, "evidence stack") if isinstance(path_or_ds, str) else path_or_ds
    text = ds.GetMetadataItem(_STACK_KEY, STACK_DOMAIN)
    if text:
        name = path_or_ds if isinstance(path_or_ds, str) else ds.GetDescription()
        try:
            meta = json.loads(text)
        except ValueError:
            raise _damaged_stack(name, "it is not valid JSON") from None
        _check_stack_metadata(meta, ds.RasterCount, name)
        return meta
    names = []
    for i in range(ds.RasterCount):
        desc = ds.GetRasterBand(i + 1).GetDescription()
        names.append(desc if desc else "band_{}".format(i + 1))
    nd = ds.GetRasterBand(1).GetNoDataValue() if ds.RasterCount else None
    return {"bands": names, "normalization": {"method": "none", "params": [None] * len(names)},
            "nodata": nd}


def read_stack_arrays(path: str, is_canceled=None) -> dict:
    """Read a whole evidence stack into memory.

    A cell is valid when every band holds a finite value other than the band's nodata (or, for
    a band without one, the stack description's nodata). Invalid cells are set to 0 in every
    band, as in the tile datasets.

    Returns:
        dict: ``data`` (bands, rows, cols) float32, ``valid`` (rows, cols) bool, ``geotransform``,
        ``crs_wkt``, ``meta`` (:func:`read_stack_metadata`), ``band_names``.
    """
    from .progress import check_canceled

    ds = open_raster(path, "evidence stack")
    meta = read_stack_metadata(ds)
    rows, cols, nb = ds.RasterYSize, ds.RasterXSize, ds.RasterCount
    data = np.empty((nb, rows, cols), dtype=np.float32)
    valid = np.ones((rows, cols), dtype=bool)
    for b in range(nb):
        check_canceled(is_canceled)
        band = ds.GetRasterBand(b + 1)
        a = band.ReadAsArray().astype(np.float32)
        nd = band.GetNoDataValue()
        if nd is None:
            nd = meta.get("nodata")
        ok = np.isfinite(a)
        if nd is not None:
            ok &= a != np.float32(nd)
        valid &= ok
        data[b] = a
    data[:, ~valid] = 0.0
    names = list(meta.get("bands") or ["band_{}".format(b + 1) for b in range(nb)])
    return {"data": data, "valid": valid, "geotransform": list(ds.GetGeoTransform()),
            "crs_wkt": ds.GetProjection() or "", "meta": meta, "band_names": names}
