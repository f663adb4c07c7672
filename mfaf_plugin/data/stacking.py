"""Stage 3: put element rasters, geology, faults and extra rasters on one grid as one stack.

Every layer is brought onto one reference grid (:class:`Grid`) with GDAL:

* element rasters (e.g. ``mfaf:idwrasters``'s multi-band output) and extra rasters:
  ``gdal.Warp`` (bilinear for continuous bands, nearest neighbour for categorical ones);
* geology polygons: ``gdal.RasterizeLayer``. Without a class field the band is 1 inside the
  polygons and 0 outside. With a field, the classes (distinct values, sorted) are either one
  coded band (code ``i + 1`` for the i-th class, 0 outside every polygon; where polygons overlap
  the later feature wins) or one 0/1 band per class (one-hot). The classes are recorded in the
  stack metadata (``classes``);
* geology contacts (optional): distance to the nearest polygon boundary (``gdal.ComputeProximity``
  on the rasterised boundaries);
* faults: distance to the nearest fault (``gdal.ComputeProximity`` in map units: metres; only
  faults inside the grid count), rasterised lines (1 on cells a fault touches) or line density
  (fault cells within ``radius`` x cell size / circle area, in km of fault per km2).

Nodata: a cell is nodata in every band when any band lacks data there or it lies outside the
optional mask polygons, so the stack has one mask.

Normalisation (recorded as ``normalised = (raw - a) / b`` per band, so prediction scales new
data exactly as training did): continuous bands ``minmax`` (a = min, b = max - min) or
``zscore`` (a = mean, b = standard deviation) over the valid cells; categorical bands (coded
geology, one-hot, rasterised faults, categorical extras) are scaled by their code range, not by
the data: a = 0, b = the largest code (1 for 0/1 bands), so codes map into 0..1 under both
methods. With ``none`` nothing is scaled and every ``params`` entry is null.

Element transform (optional, before the normalisation): ``log`` or centred log-ratio ``clr`` of
the element bands (:mod:`mfaf_plugin.data.transforms`), recorded as ``normalization["transform"]``.
"""

import math
import os
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
from osgeo import gdal, ogr, osr

from ..common.errors import InputError
from ..common.gdal_io import NODATA, NORMALIZATION_METHODS, open_raster, write_stack_metadata
from ..common.run_outputs import atomic_output
from .gridcheck import check_grid_shape, check_reference_pixel_size
from .transforms import TRANSFORMS, floors, transform_bands, transform_record
from .plausibility import empty_layer_warning, implausible_warning
from ..common.progress import Steps, check_canceled, noop_progress

gdal.UseExceptions()
ogr.UseExceptions()

__all__ = ["Grid", "grid_from_extent", "grid_from_raster", "estimate_bytes", "build_stack", "geology_classes",
           "require_projected_wkt",
           "NORMALIZATIONS", "FAULT_MODES", "GEOLOGY_ENCODINGS", "MAX_STACK_BYTES"]

NORMALIZATIONS = NORMALIZATION_METHODS
FAULT_MODES = ("distance", "rasterized", "density")
GEOLOGY_ENCODINGS = ("coded", "onehot")
MAX_STACK_BYTES = 4 * 1024 ** 3  # default refusal threshold of the working memory estimate
_INT_TYPES = (gdal.GDT_Byte, gdal.GDT_UInt16, gdal.GDT_Int16, gdal.GDT_UInt32, gdal.GDT_Int32)


@dataclass
class Grid:
    """A north-up reference grid: GDAL geotransform, size and CRS (WKT)."""

    geotransform: tuple
    rows: int
    cols: int
    crs_wkt: str

    @property
    def bounds(self):
        gt = self.geotransform
        return (gt[0], gt[3] + self.rows * gt[5], gt[0] + self.cols * gt[1], gt[3])

    @property
    def cell_size(self) -> float:
        return abs(self.geotransform[1])


def _srs(crs_wkt: str) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromWkt(crs_wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def require_projected_wkt(crs_wkt: str, what: str) -> None:
    """Refuse an empty or geographic CRS where distances and cell sizes are needed."""
    if not crs_wkt:
        raise InputError("{} has no coordinate reference system: set a projected one.".format(what))
    srs = _srs(crs_wkt)
    if srs.IsGeographic() or not srs.IsProjected():
        raise InputError("{} is in a geographic CRS (degrees): distances and cell sizes need a projected CRS "
                         "in metres. Choose a projected target CRS.".format(what))


def grid_from_extent(xmin: float, ymin: float, xmax: float, ymax: float, pixel_size: float,
                     crs_wkt: str) -> Grid:
    """Grid with its top-left corner at (xmin, ymax), square cells, covering the extent (ceil)."""
    if not pixel_size or pixel_size <= 0:
        raise InputError("Give a pixel size (map units, e.g. metres) greater than 0 for the reference grid.")
    if xmax <= xmin or ymax <= ymin:
        raise InputError("The extent of the reference grid is empty.")
    require_projected_wkt(crs_wkt, "The reference grid")
    check_grid_shape(xmax - xmin, ymax - ymin, pixel_size)
    cols = int(math.ceil((xmax - xmin) / pixel_size - 1e-9))
    rows = int(math.ceil((ymax - ymin) / pixel_size - 1e-9))
    return Grid((float(xmin), float(pixel_size), 0.0, float(ymax), 0.0, -float(pixel_size)), rows, cols, crs_wkt)


def grid_from_raster(path: str, crs_wkt: Optional[str] = None, pixel_size: Optional[float] = None) -> Grid:
    """The grid of a raster; reprojected to ``crs_wkt`` and/or resampled to ``pixel_size`` if given."""
    ds = open_raster(path, "element raster")
    gt = ds.GetGeoTransform()
    if gt[2] != 0 or gt[4] != 0:
        raise InputError("The raster '{}' is rotated; warp it to a north-up grid first.".format(path))
    src_wkt = ds.GetProjection()
    same_crs = not crs_wkt or (src_wkt and _srs(src_wkt).IsSame(_srs(crs_wkt)))
    if same_crs and not pixel_size:
        require_projected_wkt(src_wkt, "The raster '{}'".format(os.path.basename(path)))
        return Grid(tuple(gt), ds.RasterYSize, ds.RasterXSize, src_wkt)
    opts = {"format": "VRT", "dstSRS": crs_wkt or src_wkt}
    if pixel_size:
        opts.update(xRes=pixel_size, yRes=pixel_size)
    vrt = gdal.Warp("", ds, **opts)
    wkt = vrt.GetProjection()
    require_projected_wkt(wkt, "The reference grid")
    return Grid(tuple(vrt.GetGeoTransform()), vrt.RasterYSize, vrt.RasterXSize, wkt)


def estimate_bytes(grid: Grid, n_bands: int) -> int:
    """Working memory of :func:`build_stack`: the float32 input bands and the float32 stack (held
    together while normalising; the warp likewise holds GDAL's copy and ours) plus about 4 float64
    scratch grids."""
    cells = int(grid.rows) * int(grid.cols)
    return cells * (8 * max(1, n_bands) + 4 * 8)


def _mem_raster(grid: Grid, dtype=gdal.GDT_Float32, n: int = 1) -> "gdal.Dataset":
    ds = gdal.GetDriverByName("MEM").Create("", grid.cols, grid.rows, n, dtype)
    ds.SetGeoTransform(list(grid.geotransform))
    ds.SetProjection(grid.crs_wkt)
    return ds


def _warp(path: str, grid: Grid, resample: str, what: str) -> (List[np.ndarray], List[str], List[int]):
    """Warp every band of ``path`` onto ``grid``; returns arrays (NaN = nodata), descriptions, dtypes."""
    src = open_raster(path, what)
    if not src.GetProjection():
        raise InputError("The {} '{}' has no CRS; assign one first.".format(what, path))
    xmin, ymin, xmax, ymax = grid.bounds
    src_nd = [src.GetRasterBand(b + 1).GetNoDataValue() for b in range(src.RasterCount)]
    kw = dict(format="MEM", outputBounds=(xmin, ymin, xmax, ymax), width=grid.cols, height=grid.rows,
              dstSRS=grid.crs_wkt, resampleAlg=resample, outputType=gdal.GDT_Float32,
              dstNodata=float("nan"), multithread=False,
              # each band's nodata on its own: the default treats a cell as nodata only where every band
              # is, so one element's nodata (-9999) would be warped as a value where another has data
              warpOptions=["UNIFIED_SRC_NODATA=NO"])
    if all(v is not None for v in src_nd):
        kw["srcNodata"] = " ".join(repr(float(v)) for v in src_nd)
    out = gdal.Warp("", src, **kw)
    arrays, names, dtypes = [], [], []
    for b in range(src.RasterCount):
        arrays.append(out.GetRasterBand(b + 1).ReadAsArray().astype(np.float32))
        names.append(src.GetRasterBand(b + 1).GetDescription())
        dtypes.append(src.GetRasterBand(b + 1).DataType)
    return arrays, names, dtypes


def _open_vector(path: str, what: str):
    try:
        ds = ogr.Open(path)
    except RuntimeError as exc:
        raise InputError("Cannot open the {} '{}': {}".format(what, path, exc)) from exc
    if ds is None or ds.GetLayerCount() == 0:
        raise InputError("Cannot open the {} '{}'.".format(what, path))
    return ds


def _rasterize(grid: Grid, layer, burn=1.0, all_touched=False, attribute=None) -> np.ndarray:
    mem = _mem_raster(grid, gdal.GDT_Float32)
    mem.GetRasterBand(1).Fill(0.0)
    opts = ["ALL_TOUCHED=TRUE"] if all_touched else []
    if attribute:
        gdal.RasterizeLayer(mem, [1], layer, options=opts + ["ATTRIBUTE={}".format(attribute)])
    else:
        gdal.RasterizeLayer(mem, [1], layer, burn_values=[burn], options=opts)
    return mem.GetRasterBand(1).ReadAsArray().astype(np.float32)


def geology_classes(path: str, field: Optional[str]) -> List:
    """Distinct non-null values of ``field`` in the geology layer, sorted (strings sort as text)."""
    ds = _open_vector(path, "geology layer")
    layer = ds.GetLayer(0)
    defn = layer.GetLayerDefn()
    if defn.GetFieldIndex(field) < 0:
        raise InputError("The geology layer has no field '{}'.".format(field))
    values = set()
    for feat in layer:
        if feat.IsFieldSetAndNotNull(field):
            values.add(feat.GetField(field))
    if not values:
        raise InputError("The geology field '{}' holds no values.".format(field))
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


def _geology_bands(path: str, field: Optional[str], encoding: str, grid: Grid):
    """Returns (arrays, names, classes-per-band, max codes)."""
    ds = _open_vector(path, "geology layer")
    src = ds.GetLayer(0)
    if not field:
        return [_rasterize(grid, src)], ["geology"], [["outside", "inside"]], [1]
    classes = geology_classes(path, field)
    # copy into a memory layer with an integer code per class (no hand-written rasterisation:
    # GDAL burns the code attribute)
    mem_ds = ogr.GetDriverByName("Memory").CreateDataSource("geology")
    lyr = mem_ds.CreateLayer("geology", srs=src.GetSpatialRef(), geom_type=ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn("mfaf_code", ogr.OFTInteger))
    code_of = {v: i + 1 for i, v in enumerate(classes)}
    src.ResetReading()
    for feat in src:
        if not feat.IsFieldSetAndNotNull(field) or feat.GetGeometryRef() is None:
            continue
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(feat.GetGeometryRef().Clone())
        f.SetField("mfaf_code", code_of[feat.GetField(field)])
        lyr.CreateFeature(f)
    names = [str(c) for c in classes]
    if encoding == "coded":
        arr = _rasterize(grid, lyr, attribute="mfaf_code")
        return [arr], ["geology"], [["outside"] + names], [len(classes)]
    arrays = []
    for i in range(len(classes)):
        lyr.SetAttributeFilter("mfaf_code = {}".format(i + 1))
        arrays.append(_rasterize(grid, lyr))
    lyr.SetAttributeFilter(None)
    return arrays, ["geology_{}".format(n) for n in names], [["outside", n] for n in names], [1] * len(classes)


def _proximity(grid: Grid, lines: np.ndarray) -> np.ndarray:
    """Distance in map units from every cell to the nearest non-zero cell (gdal.ComputeProximity)."""
    src = _mem_raster(grid, gdal.GDT_Byte)
    src.GetRasterBand(1).WriteArray((lines > 0).astype(np.uint8))
    dst = _mem_raster(grid, gdal.GDT_Float32)
    gdal.ComputeProximity(src.GetRasterBand(1), dst.GetRasterBand(1), ["VALUES=1", "DISTUNITS=GEO"])
    return dst.GetRasterBand(1).ReadAsArray().astype(np.float32)


def _contact_distance(path: str, grid: Grid) -> np.ndarray:
    """Distance to the geology polygons' boundaries (contacts), via their boundary lines."""
    ds = _open_vector(path, "geology layer")
    src = ds.GetLayer(0)
    mem_ds = ogr.GetDriverByName("Memory").CreateDataSource("contacts")
    lyr = mem_ds.CreateLayer("contacts", srs=src.GetSpatialRef(), geom_type=ogr.wkbMultiLineString)
    src.ResetReading()
    for feat in src:
        g = feat.GetGeometryRef()
        if g is None:
            continue
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(g.Boundary())
        lyr.CreateFeature(f)
    lines = _rasterize(grid, lyr, all_touched=True)
    if not lines.any():
        raise InputError("No geology contact crosses the reference grid: the distance to contacts cannot be computed.")
    return _proximity(grid, lines)


def _fault_band(path: str, mode: str, radius_m: float, grid: Grid) -> (np.ndarray, str, str):
    ds = _open_vector(path, "fault layer")
    layer = ds.GetLayer(0)
    lines = _rasterize(grid, layer, all_touched=True)
    if mode == "rasterized":
        return lines, "faults", "categorical"
    if mode == "distance":
        if not lines.any():
            raise InputError("No fault line crosses the reference grid: the distance to faults cannot be computed.")
        return _proximity(grid, lines), "fault_distance", "continuous"
    if mode == "density":
        from scipy.signal import fftconvolve

        if not radius_m or radius_m <= 0:
            raise InputError("The fault density radius must be greater than 0 metres.")
        r_px = radius_m / grid.cell_size
        k = int(math.ceil(r_px))
        yy, xx = np.mgrid[-k:k + 1, -k:k + 1]
        disk = ((yy ** 2 + xx ** 2) <= r_px ** 2).astype(np.float64)
        n_cells = fftconvolve(lines.astype(np.float64), disk, mode="same")
        n_cells = np.clip(np.round(n_cells, 6), 0, None)
        # fault length ~ cells crossed x cell size; per circle area; m/m2 -> km/km2 (x 1000)
        density = n_cells * grid.cell_size / (math.pi * radius_m ** 2) * 1000.0
        return density.astype(np.float32), "fault_density", "continuous"
    raise InputError("Unknown fault mode '{}' (use one of {}).".format(mode, ", ".join(FAULT_MODES)))


def _warn_if(warn: Callable[[str], None], message: Optional[str]) -> None:
    if message:
        warn(message)


def _unique(names: List[str]) -> List[str]:
    seen: Dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            out.append("{}_{}".format(n, seen[n]))
        else:
            seen[n] = 1
            out.append(n)
    return out


def _reference_normalization(reference: dict, names: List[str]) -> dict:
    """The normalisation of ``reference`` (stack or model metadata) for bands ``names``.

    Raises:
        InputError: the reference has other bands, another order, or no normalisation.
    """
    ref_names = list(reference.get("bands") or reference.get("band_names") or [])
    norm = reference.get("normalization") or {}
    if ref_names != list(names):
        for i in range(max(len(ref_names), len(names))):
            a = names[i] if i < len(names) else None
            r = ref_names[i] if i < len(ref_names) else None
            if a != r:
                raise InputError(
                    "The normalisation reference has bands {} but this stack would have {}: band {} is '{}' "
                    "here but '{}' in the reference. Build the stack with the same layers and options as "
                    "the reference.".format(ref_names, list(names), i + 1, a, r))
    params = norm.get("params")
    if norm.get("method") not in NORMALIZATIONS or params is None or len(params) != len(names):
        raise InputError("The normalisation reference records no usable normalisation.")
    return {"method": norm["method"], "params": params}


def build_stack(
    output_path: str,
    grid: Grid,
    elements: Optional[str] = None,
    geology: Optional[str] = None,
    geology_field: Optional[str] = None,
    geology_encoding: str = "coded",
    geology_contact_distance: bool = False,
    faults: Optional[str] = None,
    fault_mode: str = "distance",
    fault_density_radius_m: float = 5000.0,
    extra_rasters: Sequence[str] = (),
    extra_categorical: Optional[bool] = None,
    normalize: str = "minmax",
    mask: Optional[str] = None,
    max_bytes: int = MAX_STACK_BYTES,
    normalize_like: Optional[dict] = None,
    element_transform: str = "none",
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    log: Optional[Callable[[str], None]] = None,
    warn: Optional[Callable[[str], None]] = None,
) -> dict:
    """Build the evidence stack and write it as one float32 GeoTIFF (atomically).

    Args:
        output_path: destination GeoTIFF.
        grid: reference grid (projected CRS); vector inputs must already be in ``grid.crs_wkt``.
        elements: multi-band element raster (band descriptions = names), warped bilinearly.
        geology: polygon file (OGR) ; ``geology_field`` None = inside / outside the polygons.
        geology_encoding: ``"coded"`` (one band of class codes) or ``"onehot"``.
        geology_contact_distance: add a band ``contact_distance``: metres to the nearest polygon
            boundary (lithological contact; only boundaries inside the grid count).
        faults: line file (OGR); ``fault_mode`` in :data:`FAULT_MODES`.
        fault_density_radius_m: search radius of the ``density`` mode, metres.
        extra_rasters: further rasters; each band is one stack band named after the file (and band
            description). ``extra_categorical`` True / False forces the kind; None: integer data
            types are categorical (nearest neighbour), others continuous (bilinear).
        normalize: one of :data:`NORMALIZATIONS` (see the module docstring).
        mask: polygon file (OGR): cells outside are nodata.
        max_bytes: refuse grids whose working memory estimate exceeds this.
        normalize_like: ``{"bands": [...], "normalization": {"method", "params"}}`` of an earlier
            stack or of a model's metadata: scale every band with those parameters instead of
            computing them here (overrides ``normalize``), so a model trained on that stack can be
            applied to this one. The bands must be the same, in the same order. Its element
            transform (method and floors) is applied too, whatever ``element_transform`` says.
        element_transform: ``none``, ``log`` or ``clr`` of the element bands before the
            normalisation (:mod:`mfaf_plugin.data.transforms`); recorded as
            ``normalization["transform"]`` (absent for ``none``).
        warn: callback for warnings (default ``log``): a geology or fault layer covering no cell,
            values of implausible magnitude (:mod:`mfaf_plugin.data.plausibility`).

    Returns:
        The stack metadata written into the file (``gdal_io.read_stack_metadata`` format).

    Raises:
        InputError: nothing to stack, grid too large, unreadable inputs, no valid cell.
    """
    log = log or (lambda _m: None)
    warn = warn or log
    src = _StackSources(elements, geology, geology_field, geology_encoding, geology_contact_distance, faults,
                        fault_mode, fault_density_radius_m, extra_rasters, extra_categorical)
    _check_request(src, grid, normalize, normalize_like, warn, element_transform)
    _check_size(src, grid, max_bytes, log)
    steps = Steps(progress or noop_progress, 6)
    layers = _gather_layers(src, grid, steps, is_canceled, warn)
    names = _unique(layers.names)
    valid = _valid_cells(layers.bands, names, grid, mask, warn)
    log("{:.1%} of the grid cells hold data in every band.".format(valid.mean()))
    transform = _transform_elements(layers, names, valid, element_transform, normalize_like, log)
    steps.step(4)(0.5)
    stack, method, params = _normalised_stack(layers, names, valid, grid, normalize, normalize_like, log, warn)
    steps.step(4)(1.0)
    meta = _stack_meta(src, grid, layers, names, method, params)
    if transform:
        meta["normalization"]["transform"] = transform
    check_canceled(is_canceled)
    _write_stack(output_path, grid, stack, meta)
    steps.step(5)(1.0)
    return meta


@dataclass
class _StackSources:
    """The layer inputs of :func:`build_stack` (its arguments of the same names)."""

    elements: Optional[str]
    geology: Optional[str]
    geology_field: Optional[str]
    geology_encoding: str
    geology_contact_distance: bool
    faults: Optional[str]
    fault_mode: str
    fault_density_radius_m: float
    extra_rasters: Sequence[str]
    extra_categorical: Optional[bool]


class _Layers:
    """The bands gathered so far, in stack order, with their names, kinds, code ranges, classes and sources."""

    def __init__(self):
        self.bands: List[np.ndarray] = []
        self.names: List[str] = []
        self.kinds: List[str] = []
        self.max_codes: List[Optional[int]] = []
        self.classes: Dict[int, List[str]] = {}
        self.sources: List[str] = []

    def add(self, array: np.ndarray, name: str, kind: str, max_code: Optional[int], source: str) -> None:
        """Append one band."""
        self.bands.append(array)
        self.names.append(name)
        self.kinds.append(kind)
        self.max_codes.append(max_code)
        self.sources.append(source)


def _check_request(src: _StackSources, grid: Grid, normalize: str, normalize_like: Optional[dict], warn,
                   element_transform: str = "none") -> None:
    """Refuse unknown options, an unprojected or empty grid and an empty request (before any reading)."""
    if normalize not in NORMALIZATIONS:
        raise InputError("Unknown normalisation '{}' (use one of {}).".format(normalize, ", ".join(NORMALIZATIONS)))
    if element_transform not in TRANSFORMS:
        raise InputError("Unknown transform '{}' (use one of {}).".format(element_transform, ", ".join(TRANSFORMS)))
    if element_transform != "none" and not src.elements and not normalize_like:
        raise InputError("The '{}' transform applies to the element rasters: give element rasters, or use the "
                         "transform 'none'.".format(element_transform))
    if src.geology_encoding not in GEOLOGY_ENCODINGS:
        raise InputError("Unknown geology encoding '{}'.".format(src.geology_encoding))
    require_projected_wkt(grid.crs_wkt, "The reference grid")
    if not (src.elements or src.geology or src.faults or src.extra_rasters):
        raise InputError("Nothing to stack: give element rasters, a geology layer, a fault layer or extra rasters.")
    if grid.rows <= 0 or grid.cols <= 0:
        raise InputError("The reference grid is empty.")
    if normalize_like:
        check_reference_pixel_size(normalize_like, grid.geotransform, grid.crs_wkt, warn=warn)


def _check_size(src: _StackSources, grid: Grid, max_bytes: int, log) -> None:
    """Count the bands before any heavy work and refuse grids that do not fit in ``max_bytes``."""
    n_bands = 0
    if src.elements:
        n_bands += open_raster(src.elements, "element raster").RasterCount
    if src.geology:
        n_bands += (1 if (not src.geology_field or src.geology_encoding == "coded")
                    else len(geology_classes(src.geology, src.geology_field)))
        n_bands += 1 if src.geology_contact_distance else 0
    if src.faults:
        n_bands += 1
    for p in src.extra_rasters:
        n_bands += open_raster(p, "extra raster").RasterCount
    need = estimate_bytes(grid, n_bands)
    if need > max_bytes:
        raise InputError(
            "The evidence stack would be {} rows x {} columns x {} bands and need about {:.1f} GiB of memory, "
            "more than the {:.1f} GiB allowed: use a larger pixel size or a smaller extent.".format(
                grid.rows, grid.cols, n_bands, need / 1024 ** 3, max_bytes / 1024 ** 3))
    log("Reference grid: {} rows x {} columns of {:g} m, {} bands (about {:.0f} MiB).".format(
        grid.rows, grid.cols, grid.cell_size, n_bands, need / 1024 ** 2))


def _add_elements(layers: _Layers, elements: str, grid: Grid) -> None:
    """The element raster's bands, warped bilinearly (named after their descriptions or the file)."""
    arrs, descs, _ = _warp(elements, grid, "bilinear", "element raster")
    base = os.path.splitext(os.path.basename(elements))[0]
    for i, (a, d) in enumerate(zip(arrs, descs)):
        layers.add(a, d or "{}_{}".format(base, i + 1), "continuous", None, "elements")


def _add_geology(layers: _Layers, src: _StackSources, grid: Grid, warn) -> None:
    """The geology bands (inside / outside, coded or one-hot) and the optional contact distance."""
    arrs, gnames, gclasses, codes = _geology_bands(src.geology, src.geology_field, src.geology_encoding, grid)
    _warn_if(warn, empty_layer_warning(arrs, "geology"))
    for a, n, c, m in zip(arrs, gnames, gclasses, codes):
        layers.classes[len(layers.bands)] = c
        layers.add(a, n, "categorical", m, "geology")
    if src.geology_contact_distance:
        layers.add(_contact_distance(src.geology, grid), "contact_distance", "continuous", None, "geology")


def _add_faults(layers: _Layers, src: _StackSources, grid: Grid, warn) -> None:
    """The fault band of ``src.fault_mode``."""
    a, n, k = _fault_band(src.faults, src.fault_mode, src.fault_density_radius_m, grid)
    _warn_if(warn, empty_layer_warning([a], "fault"))
    if k == "categorical":
        layers.classes[len(layers.bands)] = ["no fault", "fault"]
    layers.add(a, n, k, 1 if k == "categorical" else None, "faults")


def _add_extra(layers: _Layers, path: str, extra_categorical: Optional[bool], grid: Grid) -> None:
    """The bands of one extra raster (categorical: nearest neighbour and code range; else bilinear)."""
    src = open_raster(path, "extra raster")
    dtypes = [src.GetRasterBand(b + 1).DataType for b in range(src.RasterCount)]
    cat = all(t in _INT_TYPES for t in dtypes) if extra_categorical is None else bool(extra_categorical)
    arrs, descs, _ = _warp(path, grid, "near" if cat else "bilinear", "extra raster")
    base = os.path.splitext(os.path.basename(path))[0]
    for i, (a, d) in enumerate(zip(arrs, descs)):
        max_code = None
        if cat:
            finite = a[np.isfinite(a)]
            max_code = max(1, int(np.nanmax(finite))) if finite.size else 1
        layers.add(a, base if len(arrs) == 1 else "{}_{}".format(base, d or i + 1),
                   "categorical" if cat else "continuous", max_code, path)


def _gather_layers(src: _StackSources, grid: Grid, steps: Steps, is_canceled, warn) -> _Layers:
    """Every input layer on the grid, in stack order (cancel checked and progress reported after each)."""
    layers = _Layers()
    if src.elements:
        _add_elements(layers, src.elements, grid)
    check_canceled(is_canceled)
    steps.step(0)(1.0)
    if src.geology:
        _add_geology(layers, src, grid, warn)
    check_canceled(is_canceled)
    steps.step(1)(1.0)
    if src.faults:
        _add_faults(layers, src, grid, warn)
    check_canceled(is_canceled)
    steps.step(2)(1.0)
    for j, p in enumerate(src.extra_rasters):
        _add_extra(layers, p, src.extra_categorical, grid)
        check_canceled(is_canceled)
        steps.step(3)((j + 1) / len(src.extra_rasters))
    return layers


def _valid_cells(bands: List[np.ndarray], names: List[str], grid: Grid, mask: Optional[str], warn) -> np.ndarray:
    """Cells holding data in every band (and inside the mask); warns of implausible values.

    Raises:
        InputError: a band holds no data on the grid, or no cell is valid.
    """
    valid = np.ones((grid.rows, grid.cols), dtype=bool)
    for a, n in zip(bands, names):
        _warn_if(warn, implausible_warning(a, "Band '{}'".format(n)))
        ok = np.isfinite(a)
        if not ok.any():
            raise InputError("The band '{}' holds no data on the reference grid (all nodata, or the layer does not "
                             "overlap the grid): leave it out or check its extent and CRS.".format(n))
        valid &= ok
    if mask:
        mds = _open_vector(mask, "mask layer")
        inside = _rasterize(grid, mds.GetLayer(0)) > 0
        valid &= inside
    if not valid.any():
        raise InputError("No cell of the reference grid holds data in every layer (inside the mask): check that "
                         "the layers overlap the extent.")
    return valid


def _transform_elements(layers: _Layers, names: List[str], valid: np.ndarray, method: str,
                        normalize_like: Optional[dict], log) -> Optional[dict]:
    """Transform the element bands in place (the reference's transform when one is given); returns what the
    stack records (:func:`transforms.transform_record`)."""
    idx = [i for i, src in enumerate(layers.sources) if src == "elements"]
    element_names = [names[i] for i in idx]
    ref = ((normalize_like or {}).get("normalization") or {}).get("transform") if normalize_like else None
    if normalize_like:
        method, band_floors = (ref["method"], ref["floors"]) if ref else ("none", None)
        if ref and list(ref.get("bands") or []) != element_names:
            raise InputError("The reference transformed the element bands {} ({}) but this stack's element bands "
                             "are {}.".format(ref.get("bands"), ref["method"], element_names))
        if ref:
            log("Element transform copied from the reference ({}, same floors).".format(method))
    if method == "none":
        return None
    if not normalize_like:
        band_floors = floors([layers.bands[i] for i in idx], valid, element_names)
    out = transform_bands([layers.bands[i] for i in idx], method, band_floors)
    for i, a in zip(idx, out):
        layers.bands[i] = a
    log("Element bands {} transformed: {} (values <= 0 taken as half the band's smallest positive value).".format(
        ", ".join(element_names), method))
    return transform_record(method, element_names, band_floors)


def _fixed_scaling(ref) -> tuple:
    """``(recorded params, (a, b))`` of a band scaled with a reference's parameters ``ref``."""
    param = None if ref is None else [float(ref[0]), float(ref[1])]
    ab = (0.0, 1.0) if ref is None else (float(ref[0]), float(ref[1]) or 1.0)
    return param, ab


def _computed_scaling(v: np.ndarray, kind: str, max_code: Optional[int], normalize: str) -> tuple:
    """``(recorded params, (a, b))`` of a band from its valid values ``v`` (module docstring)."""
    if normalize == "none":
        return None, (0.0, 1.0)
    if kind == "categorical":
        ab = (0.0, float(max_code or 1))
        return [ab[0], ab[1]], ab
    if normalize == "minmax":
        lo, hi = float(v.min()), float(v.max())
        ab = (lo, hi - lo if hi > lo else 1.0)
    else:
        sd = float(v.std())
        ab = (float(v.mean()), sd if sd > 0 else 1.0)
    return [ab[0], ab[1]], ab


def _normalised_stack(layers: _Layers, names: List[str], valid: np.ndarray, grid: Grid, normalize: str,
                      normalize_like: Optional[dict], log, warn) -> tuple:
    """The float32 stack, every band scaled over the valid cells (nodata elsewhere); frees the bands as it goes.
    Warns of a band holding one value in every valid cell.

    Returns:
        ``(stack, method, params)``: the method used (the reference's with ``normalize_like``) and
        the per-band ``[a, b]`` (None where a band is not scaled).
    """
    stack = np.full((len(layers.bands), grid.rows, grid.cols), NODATA, dtype=np.float32)
    params: List[Optional[List[float]]] = []
    fixed = _reference_normalization(normalize_like, names) if normalize_like else None
    if fixed is not None:
        normalize = fixed["method"]
        log("Normalisation copied from the reference ({}), not computed from this area.".format(normalize))
    for b, a in enumerate(layers.bands):
        v = a[valid].astype(np.float64)
        if fixed is not None:
            param, ab = _fixed_scaling(fixed["params"][b])
        else:
            param, ab = _computed_scaling(v, layers.kinds[b], layers.max_codes[b], normalize)
        if v.max() == v.min():
            warn("Band '{}' holds one value ({:g}) in every valid cell: it carries no evidence. Check its layer, or "
                 "leave it out.".format(names[b], float(v[0])))
        params.append(param)
        stack[b][valid] = ((v - ab[0]) / ab[1]).astype(np.float32)
        layers.bands[b] = None  # free as we go
    return stack, normalize, params


def _stack_meta(src: _StackSources, grid: Grid, layers: _Layers, names: List[str], method: str,
                params: List[Optional[List[float]]]) -> dict:
    """The stack metadata written into the file (``gdal_io.read_stack_metadata`` format)."""
    return {
        "bands": names,
        "normalization": {"method": method, "params": params},
        "nodata": NODATA,
        "crs_wkt": grid.crs_wkt,
        "geotransform": list(grid.geotransform),
        "band_kinds": layers.kinds,
        "classes": {names[i]: c for i, c in layers.classes.items()},
        "sources": layers.sources,
        "fault_mode": src.fault_mode if src.faults else None,
        "geology_encoding": src.geology_encoding if src.geology else None,
        "geology_field": src.geology_field if src.geology else None,
    }


def _write_stack(output_path: str, grid: Grid, stack: np.ndarray, meta: dict) -> None:
    """Write ``stack`` with its band names and ``meta`` as one float32 GeoTIFF, staged atomically."""
    names = meta["bands"]
    with atomic_output(output_path) as tmp:
        ds = gdal.GetDriverByName("GTiff").Create(
            tmp, grid.cols, grid.rows, len(names), gdal.GDT_Float32,
            options=["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", "BIGTIFF=IF_SAFER"])
        ds.SetGeoTransform(list(grid.geotransform))
        ds.SetProjection(grid.crs_wkt)
        for b, n in enumerate(names):
            band = ds.GetRasterBand(b + 1)
            band.SetNoDataValue(NODATA)
            band.SetDescription(n)
            band.WriteArray(stack[b])
        write_stack_metadata(ds, meta)
        ds.FlushCache()
        ds = None

