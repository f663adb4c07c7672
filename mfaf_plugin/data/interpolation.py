"""Stage 2: inverse distance weighting of element values onto one grid (METHOD.md, stage 2).

The value at a pixel centre p is ``sum_i w_i z_i / sum_i w_i`` with ``w_i = 1 / d(p, x_i)^power``
over the sample points x_i used (all of them, those within ``radius``, or the ``max_points``
nearest within ``radius``); a point lying on the pixel centre gives its own value. GDAL's
``gdal.Grid`` is the reference implementation:

- all points (``max_points == 0``): ``gdal.Grid`` ``invdist`` itself, multithreaded
  (``GDAL_NUM_THREADS=ALL_CPUS`` unless the user set it), with ``radius1 = radius2 = radius``
  when a radius is given;
- ``max_points > 0``: a k-nearest search (``scipy.spatial.cKDTree.query``, all cores) and
  vectorised weights, equal to ``gdal.Grid`` ``invdistnn:max_points=k:radius=R`` (points at a
  distance <= R; no radius = unlimited; a pixel with no point in reach is nodata) and much
  faster on large grids. The neighbours and weights are computed once and reused by every
  element that has values at the same samples.

Grids are north-up; values are computed at pixel centres; pixel (row 0, col 0) is the top-left.
"""

import math
import os
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr

from ..common.errors import Canceled, InputError
from .gridcheck import check_grid_shape
from ..common.progress import Steps, check_canceled, noop_progress

gdal.UseExceptions()

__all__ = ["GridSpec", "grid_spec", "estimate_memory_bytes", "check_memory", "idw_gdal", "idw_knn",
           "interpolate_elements", "check_band"]

# Block of pixels handled at once by the k-nearest path (bounds its temporary memory).
_BLOCK_PIXELS = 262144


@dataclass(frozen=True)
class GridSpec:
    """A north-up grid: top-left corner, pixel sizes (positive) and size in pixels."""

    xmin: float
    ymax: float
    pixel_x: float
    pixel_y: float
    cols: int
    rows: int

    @property
    def xmax(self) -> float:
        return self.xmin + self.cols * self.pixel_x

    @property
    def ymin(self) -> float:
        return self.ymax - self.rows * self.pixel_y

    @property
    def geotransform(self) -> Tuple[float, float, float, float, float, float]:
        return (self.xmin, self.pixel_x, 0.0, self.ymax, 0.0, -self.pixel_y)

    def centres_x(self) -> np.ndarray:
        return self.xmin + (np.arange(self.cols) + 0.5) * self.pixel_x

    def centres_y(self) -> np.ndarray:
        return self.ymax - (np.arange(self.rows) + 0.5) * self.pixel_y


def grid_spec(extent: Sequence[float], pixel_size: float = 0.0, width: int = 0, height: int = 0) -> GridSpec:
    """The grid over ``extent = (xmin, ymin, xmax, ymax)``.

    With ``width`` and ``height`` > 0 they win: the extent is split into exactly that many
    pixels (pixels need not be square). Otherwise square pixels of ``pixel_size`` start at the
    top-left corner and cover the extent (the last row/column may reach past it).

    Raises:
        InputError: an empty extent, neither a pixel size nor a width and height, or a pixel size
            too small for any raster.
    """
    xmin, ymin, xmax, ymax = map(float, extent)
    if not (xmax > xmin and ymax > ymin):
        raise InputError("The extent ({}, {}, {}, {}) is empty: the points may all lie on one line or at one place; "
                         "set an extent.".format(xmin, ymin, xmax, ymax))
    if width and height and width > 0 and height > 0:
        return GridSpec(xmin, ymax, (xmax - xmin) / int(width), (ymax - ymin) / int(height), int(width), int(height))
    if not pixel_size or pixel_size <= 0:
        raise InputError("Set a pixel size, or a width and a height in pixels, for the output grid.")
    check_grid_shape(xmax - xmin, ymax - ymin, pixel_size)
    cols = max(1, int(math.ceil((xmax - xmin) / pixel_size - 1e-9)))
    rows = max(1, int(math.ceil((ymax - ymin) / pixel_size - 1e-9)))
    return GridSpec(xmin, ymax, float(pixel_size), float(pixel_size), cols, rows)


def estimate_memory_bytes(grid: GridSpec, n_bands: int, max_points: int = 0) -> int:
    """Peak memory of :func:`interpolate_elements` (output bands + one working band or block)."""
    pixels = grid.rows * grid.cols
    out = 4 * pixels * n_bands
    if max_points > 0:
        work = min(pixels, _BLOCK_PIXELS) * max_points * 8 * 5 + 8 * pixels
    else:
        work = 8 * pixels
    return out + work


def _available_bytes() -> int:
    """Memory available to a new allocation: Linux's MemAvailable (free memory plus reclaimable
    file cache; the free pages alone are often a small part of it), else the free physical pages."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 8 << 30


def check_memory(grid: GridSpec, n_bands: int, max_points: int = 0, available: Optional[int] = None) -> int:
    """Refuse a grid whose estimated memory exceeds 60 % of the free memory; return the estimate."""
    need = estimate_memory_bytes(grid, n_bands, max_points)
    avail = _available_bytes() if available is None else available
    if need > 0.6 * avail:
        raise InputError(
            "The output grid of {} x {} pixels x {} element(s) needs about {:.1f} GiB of memory but only {:.1f} GiB "
            "is free: use a larger pixel size, a smaller extent or fewer elements.".format(
                grid.cols, grid.rows, n_bands, need / 2 ** 30, avail / 2 ** 30))
    return need


def _points_dataset(xy: np.ndarray, z: np.ndarray):
    """An in-memory GDAL vector dataset of 2.5D points (z = the value), for gdal.Grid."""
    ds = gdal.GetDriverByName("Memory").Create("", 0, 0, 0, gdal.GDT_Unknown)
    layer = ds.CreateLayer("points", geom_type=ogr.wkbPoint25D)
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for (x, y), v in zip(xy.tolist(), z.tolist()):
        feat = ogr.Feature(defn)
        geom = ogr.Geometry(ogr.wkbPoint25D)
        geom.AddPoint(x, y, v)
        feat.SetGeometryDirectly(geom)
        layer.CreateFeature(feat)
    layer.CommitTransaction()
    return ds


def idw_gdal(
    xy: np.ndarray,
    z: np.ndarray,
    grid: GridSpec,
    power: float = 2.0,
    radius: float = 0.0,
    max_points: int = 0,
    progress: Callable[[float], None] = noop_progress,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> np.ndarray:
    """IDW of one element with ``gdal.Grid`` (invdist, or invdistnn when ``max_points > 0``).

    Returns a float32 (rows, cols) array, NaN where no point was in reach.
    """
    nodata = -1.0e30
    if max_points > 0:
        r = radius if radius > 0 else 1.0e30
        algo = "invdistnn:power={!r}:smoothing=0:radius={!r}:max_points={:d}:min_points=0:nodata={!r}".format(
            float(power), float(r), int(max_points), nodata)
    elif radius > 0:
        algo = "invdist:power={!r}:smoothing=0:radius1={!r}:radius2={!r}:angle=0:max_points=0:min_points=0:" \
               "nodata={!r}".format(float(power), float(radius), float(radius), nodata)
    else:
        algo = "invdist:power={!r}:smoothing=0:nodata={!r}".format(float(power), nodata)
    src = _points_dataset(np.asarray(xy, dtype=np.float64), np.asarray(z, dtype=np.float64))

    def callback(fraction, _msg, _data):
        progress(fraction)
        return 0 if (is_canceled is not None and is_canceled()) else 1

    old = gdal.GetConfigOption("GDAL_NUM_THREADS")
    if old is None:
        gdal.SetConfigOption("GDAL_NUM_THREADS", "ALL_CPUS")
    try:
        # outputBounds = [ulx, uly, lrx, lry]: GDAL evaluates at pixel centres of this north-up grid.
        out = gdal.Grid("", src, format="MEM", outputType=gdal.GDT_Float32, width=grid.cols, height=grid.rows,
                        outputBounds=[grid.xmin, grid.ymax, grid.xmax, grid.ymin], algorithm=algo,
                        callback=callback)
    except RuntimeError as exc:
        if is_canceled is not None and is_canceled():
            raise Canceled() from exc
        raise
    finally:
        if old is None:
            gdal.SetConfigOption("GDAL_NUM_THREADS", None)
    if out is None:
        check_canceled(is_canceled)
        raise InputError("gdal.Grid failed to interpolate the points.")
    arr = out.GetRasterBand(1).ReadAsArray().astype(np.float32, copy=False)
    arr[arr == np.float32(nodata)] = np.nan
    return arr


def _block_pixels(k: int) -> int:
    """Pixels per block of the k-nearest path: its temporaries stay those of 12 neighbours."""
    return _BLOCK_PIXELS if k <= 12 else max(1, _BLOCK_PIXELS * 12 // k)


def _relative_weights(dist: np.ndarray, power: float) -> np.ndarray:
    """IDW weights ``1 / d^power`` of each row's neighbours (sorted by distance), scaled by the
    nearest one's: ``(d_min / d)^power``. Normalised they are the same weights, but they neither
    underflow (``1 / 5000^100`` is 0 in float64) nor overflow; the nearest point weighs 1, a
    missing neighbour (d = inf) and a row without any weigh 0."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        w = (dist[:, :1] / dist) ** float(power)
    w[~np.isfinite(w)] = 0.0
    return w


def idw_knn(
    xy: np.ndarray,
    z: np.ndarray,
    grid: GridSpec,
    power: float = 2.0,
    radius: float = 0.0,
    max_points: int = 12,
    progress: Callable[[float], None] = noop_progress,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> np.ndarray:
    """IDW from the ``max_points`` nearest points (within ``radius`` if > 0) of each pixel centre.

    Args:
        xy: (n, 2) point coordinates.
        z: (n,) values of one element or (n, e) of several elements (same points).
        grid: output grid.

    Returns:
        float32 array (rows, cols) or (e, rows, cols); NaN where no point is in reach.
    """
    from scipy.spatial import cKDTree

    xy = np.asarray(xy, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    single = z.ndim == 1
    zz = z[:, None] if single else z
    n, n_el = zz.shape
    k = int(min(max_points, n))
    tree = cKDTree(xy)
    # index n (no neighbour in reach) reads a padded zero with weight 0
    zpad = np.vstack([zz, np.zeros((1, n_el))])
    out = np.empty((n_el, grid.rows, grid.cols), dtype=np.float32)
    cx, cy = grid.centres_x(), grid.centres_y()
    rows_per_block = max(1, _block_pixels(k) // grid.cols)
    # gdal keeps points at distance <= radius; cKDTree keeps d < bound: nudge the bound up.
    bound = radius * (1.0 + 1e-12) if radius > 0 else np.inf
    for r0 in range(0, grid.rows, rows_per_block):
        check_canceled(is_canceled)
        r1 = min(grid.rows, r0 + rows_per_block)
        px = np.tile(cx, r1 - r0)
        py = np.repeat(cy[r0:r1], grid.cols)
        q = np.column_stack([px, py])
        dist, idx = tree.query(q, k=k, distance_upper_bound=bound, workers=-1)
        if k == 1:
            dist, idx = dist[:, None], idx[:, None]
        w = _relative_weights(dist, power)
        # gdal: a point (nearly) on the pixel centre (d^2 < 1e-13) gives its value
        on_point = dist[:, 0] * dist[:, 0] < 1e-13
        if on_point.any():
            w[on_point] = 0.0
            w[on_point, 0] = 1.0
        wsum = w.sum(axis=1)
        empty = wsum == 0
        wsum[empty] = 1.0
        for e in range(n_el):
            val = np.einsum("ij,ij->i", w, zpad[idx, e]) / wsum
            val[empty] = np.nan
            out[e, r0:r1] = val.reshape(r1 - r0, grid.cols)
        progress(r1 / grid.rows)
    return out[0] if single else out


def interpolate_elements(
    xy: np.ndarray,
    values: Dict[str, np.ndarray],
    grid: GridSpec,
    power: float = 2.0,
    radius: float = 0.0,
    max_points: int = 0,
    progress: Callable[[float], None] = noop_progress,
    is_canceled: Optional[Callable[[], bool]] = None,
    log: Optional[Callable[[str], None]] = None,
    warn: Optional[Callable[[str], None]] = None,
) -> np.ndarray:
    """IDW of every element onto ``grid``; returns float32 (elements, rows, cols), NaN = nodata.

    Each element uses the samples where its cleaned value is finite. Elements with the same
    valid samples share one neighbour search (``max_points > 0``). Where GDAL's weights
    ``1 / d^power`` underflow (a high power at long distances), the element is computed with
    weights relative to the nearest sample instead (:func:`idw_knn` over all samples). ``warn``
    (default ``log``) hears of bands mostly nodata or constant (:func:`check_band`).

    Raises:
        InputError: an element has no valid value, a band would be nodata everywhere, or the grid
            does not fit in memory.
        Canceled: the user canceled (checked between elements and between blocks).
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    names = list(values)
    if not names:
        raise InputError("No element to interpolate.")
    if power <= 0:
        raise InputError("The IDW power must be greater than 0.")
    check_memory(grid, len(names), max_points)
    log = log or (lambda _m: None)
    out = np.empty((len(names), grid.rows, grid.cols), dtype=np.float32)
    masks = {}
    for name in names:
        ok = np.isfinite(np.asarray(values[name], dtype=np.float64))
        if not ok.any():
            raise InputError("Element '{}' has no valid value to interpolate.".format(name))
        masks.setdefault(ok.tobytes(), []).append(name)
    steps = Steps(progress, len(names))
    done = 0
    for key, group in masks.items():
        ok = np.frombuffer(key, dtype=bool)
        z = np.column_stack([np.asarray(values[g], dtype=np.float64)[ok] for g in group])
        first = done

        def prog(f, first=first, m=len(group)):
            progress((first + f * m) / len(names))

        if max_points > 0:
            check_canceled(is_canceled)
            log("Interpolating {} from {} points ({} nearest)".format(", ".join(group), int(ok.sum()), max_points))
            res = idw_knn(xy[ok], z, grid, power, radius, max_points, prog, is_canceled)
        else:
            res = _idw_all_points(xy[ok], z, group, grid, power, radius, steps, done, is_canceled, log)
        for j, g in enumerate(group):
            out[names.index(g)] = res[j]
            check_band(out[names.index(g)], g, xy[ok], z[:, j], grid, radius, warn or log)
        done += len(group)
    progress(1.0)
    return out


def _idw_all_points(xy, z, group, grid, power, radius, steps, done, is_canceled, log) -> np.ndarray:
    """gdal.Grid invdist of each element of ``group`` (columns of ``z``); the elements whose weights
    underflowed (NaN where a sample is in reach) again, together, with weights relative to the
    nearest sample (:func:`idw_knn` over all samples: one neighbour search for them all)."""
    res = np.empty((len(group), grid.rows, grid.cols), dtype=np.float32)
    for j, g in enumerate(group):
        check_canceled(is_canceled)
        log("Interpolating {} from {} points".format(g, len(xy)))
        res[j] = idw_gdal(xy, z[:, j], grid, power, radius, 0, steps.step(done + j), is_canceled)
    reach = _in_reach(xy, grid, radius)
    redo = [j for j in range(len(group)) if np.isnan(res[j][reach]).any()]
    if redo:
        log("Interpolating {} with weights relative to the nearest sample: 1/d^{:g} underflows at these "
            "distances".format(", ".join(group[j] for j in redo), power))
        res[redo] = idw_knn(xy, z[:, redo], grid, power, radius, len(xy), is_canceled=is_canceled)
    return res


def _nearest_sample(xy: np.ndarray, grid: GridSpec) -> np.ndarray:
    """(rows, cols) distance from each pixel centre to the nearest sample."""
    from scipy.spatial import cKDTree

    cx, cy = np.meshgrid(grid.centres_x(), grid.centres_y())
    dist, _ = cKDTree(xy).query(np.column_stack([cx.ravel(), cy.ravel()]), k=1, workers=-1)
    return dist.reshape(grid.rows, grid.cols)


def _in_reach(xy: np.ndarray, grid: GridSpec, radius: float) -> np.ndarray:
    """Pixels with a sample within ``radius`` (every pixel when there is no radius)."""
    if radius <= 0:
        return np.ones((grid.rows, grid.cols), dtype=bool)
    return _nearest_sample(xy, grid) <= radius * (1.0 + 1e-12)


def check_band(band: np.ndarray, name: str, xy: np.ndarray, z: np.ndarray, grid: GridSpec, radius: float,
               warn: Callable[[str], None]) -> None:
    """Refuse a band that is nodata everywhere; warn of one mostly nodata or constant, with the
    reason and the parameter to change. ``xy``, ``z``: the samples it was interpolated from."""
    ok = np.isfinite(band)
    if not ok.any():
        raise InputError(
            "The raster of '{}' would be nodata everywhere: no sample lies within the search radius ({:g}) of a pixel "
            "centre (the nearest lies {:.6g} map units from one). Raise 'Search radius' (or set it to 0, unlimited), "
            "or choose an extent that holds the samples.".format(name, radius, float(_nearest_sample(xy, grid).min())))
    share = 1.0 - ok.mean()
    if share >= 0.5:
        warn("{:.0f} % of the pixels of '{}' are nodata: no sample lies within the search radius ({:g}) of them. "
             "Raise 'Search radius' for a fuller map.".format(100 * share, name, radius))
    v = band[ok].astype(np.float64)
    if v.max() - v.min() <= 1e-5 * np.abs(v).max():  # one value, up to rounding
        places = len(np.unique(np.asarray(xy), axis=0))
        if places == 1:
            why = "its values come from 1 place ({} sample{})".format(len(xy), "" if len(xy) == 1 else "s")
        else:
            why = "every sample holds that value" if np.all(z == z[0]) else "the samples reached give one value"
        warn("'{}' has the same value {:g} everywhere: {}. A constant band carries no evidence: give samples at "
             "several places with differing values, or leave the element out.".format(name, float(v[0]), why))
