"""Pixel size and CRS of the grids a model sees: recorded at training, checked before use.

A model's windows are a fixed number of pixels (its tile size); what they cover on the ground
is that number times the pixel size of the stack it was trained on. Training records that pixel
size in metres (``pixel_size``) and the stack's CRS (``crs_wkt``) in the model's metadata, from
the tile dataset's ``stack_geotransform`` and ``crs_wkt`` (:func:`dataset_grid`). Prediction
(:func:`check_stack_grid`) and ``NORMALIZE_LIKE`` (:func:`check_reference_pixel_size`) refuse a
stack with another pixel size, or warn when the model predates the record. Windows are square
in pixels, so pixels whose width and height differ by more than 5 % are refused
(:func:`check_square`), and pixel sizes need a projected CRS. :func:`check_grid_shape` refuses a
pixel size that would make a grid no raster can hold (e.g. 1e-300 for 1000).
"""

from typing import Callable, Optional, Sequence

from ..common.errors import InputError

__all__ = ["REL_TOL", "SQUARE_TOL", "pixel_size_m", "check_square", "check_projected", "dataset_grid", "check_stack_grid",
           "reference_pixel_size", "check_reference_pixel_size", "MAX_SIDE", "check_grid_shape"]

REL_TOL = 1e-3  # pixel sizes closer than 0.1 % are the same
MAX_SIDE = 2 ** 31 - 1  # GDAL's largest raster width or height, in pixels
SQUARE_TOL = 0.05  # width and height within 5 % count as square (real grids, e.g. 4244 x 4179 m, are near-square)


def _srs(crs_wkt: str):
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromWkt(crs_wkt)
    return srs


def _close(a: float, b: float, tol: float = REL_TOL) -> bool:
    return abs(a - b) <= tol * max(abs(a), abs(b))


def pixel_size_m(geotransform: Sequence[float], crs_wkt: str = "") -> float:
    """Pixel width in metres (map units times the CRS's metres per unit; map units without a CRS)."""
    size = abs(float(geotransform[1]))
    if crs_wkt:
        srs = _srs(crs_wkt)
        if srs.IsProjected():
            size *= srs.GetLinearUnits() or 1.0
    return size


def check_square(geotransform: Sequence[float], what: str) -> None:
    """Refuse pixels whose width and height differ by more than :data:`SQUARE_TOL` (windows
    square in pixels would not be square on the ground)."""
    w, h = abs(float(geotransform[1])), abs(float(geotransform[5]))
    if not _close(w, h, SQUARE_TOL):
        raise InputError("The {} has pixels of {:g} x {:g} map units, not square: the square windows of the model "
                         "would be {:g} times longer one way than the other. Build it again with square pixels "
                         "(mfaf:stacklayers with a pixel size, or GDAL Warp with one resolution).".format(
                             what, w, h, max(w, h) / min(w, h) if min(w, h) > 0 else float("inf")))


def check_grid_shape(width: float, height: float, pixel_size: float) -> None:
    """Refuse a pixel size that would split an extent of ``width`` x ``height`` map units into
    more than :data:`MAX_SIDE` pixels a side (before any count of pixels or bytes overflows)."""
    cols, rows = float(width) / float(pixel_size), float(height) / float(pixel_size)
    if not (cols <= MAX_SIDE and rows <= MAX_SIDE):
        raise InputError("A pixel size of {:g} would make a grid of {:.3g} x {:.3g} pixels, more than any raster can "
                         "hold ({:,} a side). Give the pixel size in map units of the CRS (metres in a projected "
                         "CRS), e.g. 1000 for 1 km pixels.".format(pixel_size, cols, rows, MAX_SIDE))


def check_projected(crs_wkt: str, what: str) -> None:
    """Refuse an empty or geographic CRS: windows and pixel sizes need metres."""
    if not crs_wkt:
        raise InputError("The {} has no coordinate reference system: assign its projected CRS (Layer Properties "
                         "> Source, or mfaf:stacklayers with a target CRS).".format(what))
    srs = _srs(crs_wkt)
    if srs.IsGeographic() or not srs.IsProjected():
        raise InputError("The {} is in a geographic CRS (degrees): pixel sizes and windows need a projected CRS in "
                         "metres. Build it again with a projected target CRS (mfaf:stacklayers, TARGET_CRS)."
                         .format(what))


def dataset_grid(dataset_meta: dict, name: str) -> dict:
    """``{"pixel_size", "crs_wkt"}`` of the stack a tile dataset was cut from (empty when the
    dataset does not record it), for the model's metadata.

    Raises:
        InputError: the stack had non-square pixels.
    """
    gt = dataset_meta.get("stack_geotransform")
    if not gt:
        return {}
    crs_wkt = str(dataset_meta.get("crs_wkt") or "")
    check_square(gt, "evidence stack the tile dataset {} was cut from".format(name))
    return {"pixel_size": pixel_size_m(gt, crs_wkt), "crs_wkt": crs_wkt}


def _pixel_message(here: float, recorded: float, tile: Optional[int], what: str,
                   other: str = "the model was trained on pixels of") -> str:
    cover = ""
    if tile:
        cover = " The model's {} x {} px windows would cover {:g} km instead of {:g} km.".format(
            int(tile), int(tile), int(tile) * here / 1000.0, int(tile) * recorded / 1000.0)
    return ("The {} has pixels of {:g} m but {} {:g} m.{} Build the stack with a pixel size of {:g} m "
            "(mfaf:stacklayers, PIXEL_SIZE), or train a model on this pixel size.".format(
                what, here, other, recorded, cover, recorded))


def check_stack_grid(geotransform: Sequence[float], crs_wkt: str, model_meta: dict,
                     warn: Optional[Callable[[str], None]] = None, what: str = "evidence stack") -> None:
    """Refuse a stack the model cannot be applied to: no CRS, a geographic CRS, non-square
    pixels, or another pixel size than the model's (a warning when the model records none)."""
    check_projected(crs_wkt, what)
    check_square(geotransform, what)
    here = pixel_size_m(geotransform, crs_wkt)
    tile = model_meta.get("tile_size")
    recorded = model_meta.get("pixel_size")
    if recorded is None:
        if warn is not None:
            warn("The model does not record the pixel size it was trained on (it was made by an older version): "
                 "make sure the {} has the training stack's pixel size ({:g} m here).".format(what, here))
        return
    if not _close(here, float(recorded)):
        raise InputError(_pixel_message(here, float(recorded), tile, what))


def reference_pixel_size(reference: dict) -> Optional[float]:
    """The pixel size in metres a normalisation reference records: a model's ``pixel_size`` or
    a stack description's ``geotransform`` (and ``crs_wkt``); None when it records neither."""
    if reference.get("pixel_size") is not None:
        return float(reference["pixel_size"])
    gt = reference.get("geotransform")
    if gt:
        return pixel_size_m(gt, str(reference.get("crs_wkt") or ""))
    return None


def check_reference_pixel_size(reference: dict, geotransform: Sequence[float], crs_wkt: str,
                               warn: Optional[Callable[[str], None]] = None) -> None:
    """Refuse a new stack whose pixel size differs from its normalisation reference's (a model
    trained on the reference could not be applied to it); warn when the reference records none."""
    recorded = reference_pixel_size(reference)
    here = pixel_size_m(geotransform, crs_wkt)
    if recorded is None:
        if warn is not None:
            warn("The normalisation reference does not record its pixel size (made by an older version): make "
                 "sure it is {:g} m, the pixel size of this stack.".format(here))
        return
    if not _close(here, recorded):
        raise InputError(_pixel_message(here, recorded, reference.get("tile_size"), "new evidence stack",
                                        "its normalisation reference has pixels of"))
