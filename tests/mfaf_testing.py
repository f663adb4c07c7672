"""Shared test helpers (imported by conftest and tests): import this checkout as the package ``mfaf`` (whatever its folder is called),
register the real provider in the real QgsApplication that pytest-qgis starts, and give tests
the real data of ../shared/data and a qgis_process runner."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLUGINS_DIR = REPO / "build" / "plugins"
PLUGINS_DIR.mkdir(parents=True, exist_ok=True)
_link = PLUGINS_DIR / "mfaf"
if not _link.exists():
    _link.symlink_to(REPO, target_is_directory=True)
if str(PLUGINS_DIR) not in sys.path:
    sys.path.insert(0, str(PLUGINS_DIR))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Real public data sets (see ../shared/data/README.md); CI has them beside the clone.
SHARED_DATA = Path(os.environ.get("MFAF_SHARED_DATA", REPO.parent / "shared" / "data"))
TEST_DATA = REPO / "tests" / "data"
QGIS_PROCESS = REPO / "scripts" / "qgis_process"


def shared(*parts) -> Path:
    """Path of a file in ../shared/data; skips the test (with the reason) when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip("real data set {} not found (set MFAF_SHARED_DATA)".format(path))
    return path


def qgis_process(*args, env=None, timeout=900):
    """Run scripts/qgis_process (the README's way) with a private profile; return the result."""
    full_env = dict(os.environ)
    full_env.setdefault("QGIS_CUSTOM_CONFIG_PATH", str(REPO / "build" / "qgis-profile-tests"))
    if env:
        full_env.update(env)
    return subprocess.run(
        [str(QGIS_PROCESS), *map(str, args)], capture_output=True, text=True, env=full_env,
        timeout=timeout,
    )


def qgis_process_json(*args, **kw):
    """``qgis_process --json run ...``: return the parsed JSON (fails the test with stderr)."""
    res = qgis_process("--json", *args, **kw)
    assert res.returncode == 0, "qgis_process failed ({}):\n{}\n{}".format(
        res.returncode, res.stdout[-3000:], res.stderr[-3000:])
    return json.loads(res.stdout)


# --- Real-data helpers: South China lithium element grids as sample points (stages 1-2) --------
LI_SET = "nanling_li_rasters"


def _li_path(name):
    return shared(LI_SET, name)


def lithium_strip_mask():
    """Element-grid cells at least half inside the NE-SW strip where Faults/Granite/Strata are
    non-zero (data README: 6,949 valid cells). Boolean (rows, cols) on the Idw_* grid."""
    from osgeo import gdal

    ref = gdal.Open(str(_li_path("Idw_Li.tif")))
    gt = ref.GetGeoTransform()
    inside = None
    for name in ("Faults.tif", "Granite.tif", "Strata.tif"):
        a = gdal.Open(str(_li_path(name))).ReadAsArray() != 0
        inside = a if inside is None else inside | a
    src = gdal.Open(str(_li_path("Faults.tif")))
    mem = gdal.GetDriverByName("MEM").Create("", src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Float32)
    mem.SetGeoTransform(src.GetGeoTransform())
    mem.SetProjection(src.GetProjection())
    mem.GetRasterBand(1).WriteArray(inside.astype("float32"))
    bounds = [gt[0], gt[3] + gt[5] * ref.RasterYSize, gt[0] + gt[1] * ref.RasterXSize, gt[3]]
    frac = gdal.Warp("", mem, format="MEM", outputBounds=bounds, width=ref.RasterXSize,
                     height=ref.RasterYSize, resampleAlg="average").ReadAsArray()
    return frac >= 0.5


def lithium_grid_points(elements, strip=True):
    """Nodes of ``Idw_<element>.tif`` as sample points (pixel centres, as QGIS "Raster pixels to
    points" does), keeping nodes valid in every listed element (nodata -1 dropped) and, with
    ``strip``, inside the strip. Never pass ``xx``/``yy`` (they are coordinates, not elements).

    Returns ``(xy (n, 2) float64, {element: float64 values}, crs_wkt)``.
    """
    import numpy as np
    from osgeo import gdal

    assert not {"xx", "yy"} & set(elements), "Idw_xx / Idw_yy are coordinates, not elements"
    arrays, ok = {}, None
    for el in elements:
        ds = gdal.Open(str(_li_path("Idw_{}.tif".format(el))))
        band = ds.GetRasterBand(1)
        a = band.ReadAsArray().astype(np.float64)
        valid = a != band.GetNoDataValue()
        ok = valid if ok is None else ok & valid
        arrays[el] = a
        gt, wkt = ds.GetGeoTransform(), ds.GetProjection()
    if strip:
        ok &= lithium_strip_mask()
    rows, cols = np.nonzero(ok)
    xy = np.column_stack([gt[0] + (cols + 0.5) * gt[1], gt[3] + (rows + 0.5) * gt[5]])
    return xy, {el: arrays[el][ok] for el in elements}, wkt


def lithium_deposit_points():
    """Centres of the 23 ``Li_deposits0.tif`` cells with value 1: ``(xy (23, 2), crs_wkt)``."""
    import numpy as np
    from osgeo import gdal

    ds = gdal.Open(str(_li_path("Li_deposits0.tif")))
    a = ds.ReadAsArray()
    gt = ds.GetGeoTransform()
    rows, cols = np.nonzero(a == 1)
    return np.column_stack([gt[0] + (cols + 0.5) * gt[1], gt[3] + (rows + 0.5) * gt[5]]), ds.GetProjection()


def write_points_gpkg(path, xy, values, crs_wkt, layer="points", text_fields=()):
    """Write points with one Real field per key of ``values`` (String for ``text_fields``) via OGR."""
    from osgeo import ogr, osr

    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    if crs_wkt:
        srs.SetFromUserInput(crs_wkt)
    lyr = ds.CreateLayer(layer, srs if crs_wkt else None, ogr.wkbPoint)
    for name in values:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString if name in text_fields else ogr.OFTReal))
    lyr.StartTransaction()
    for i, (x, y) in enumerate(xy):
        f = ogr.Feature(lyr.GetLayerDefn())
        for name, col in values.items():
            v = col[i]
            if v is None or (not isinstance(v, str) and v != v):
                f.SetFieldNull(name)
            else:
                f.SetField(name, v if isinstance(v, str) else float(v))
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(float(x), float(y))
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None
    return str(path)


def lithium_layers(folder, elements, strip=True):
    """GeoPackages of the lithium grid nodes (``samples.gpkg``) and deposit cells (``deposits.gpkg``)."""
    from pathlib import Path

    folder = Path(folder)
    xy, values, wkt = lithium_grid_points(elements, strip=strip)
    dxy, dwkt = lithium_deposit_points()
    samples = write_points_gpkg(folder / "li_samples.gpkg", xy, values, wkt, layer="samples")
    deposits = write_points_gpkg(folder / "li_deposits.gpkg", dxy, {"id": list(range(1, len(dxy) + 1))}, dwkt,
                                 layer="deposits")
    return samples, deposits


# --- Offline wheels for installer tests ---------------------------------------------------------
def wheel_from_installed(dist_name, site_packages, out_dir):
    """Pack an installed distribution of ``site_packages`` (files listed in its RECORD, scripts and
    bytecode left out) back into a wheel in ``out_dir``, so that pip can install it without the
    network. Stored uncompressed: fast to write and to unpack. Returns the wheel's path."""
    import zipfile
    from importlib import metadata

    dist = next(d for d in metadata.distributions(path=[str(site_packages)])
                if d.metadata["Name"].lower().replace("_", "-") == dist_name.lower().replace("_", "-"))
    info_dir = Path(dist._path)  # the .dist-info folder
    tags = [ln.split(":", 1)[1].strip() for ln in (info_dir / "WHEEL").read_text().splitlines()
            if ln.startswith("Tag:")]
    name = dist.metadata["Name"].replace("-", "_")
    path = Path(out_dir) / "{}-{}-{}.whl".format(name, dist.version, tags[0])
    skip = {"INSTALLER", "REQUESTED", "direct_url.json"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for rel in [f.split(",")[0] for f in (info_dir / "RECORD").read_text().splitlines() if f]:
            src = Path(site_packages) / rel
            if rel.startswith("..") or "__pycache__" in rel or Path(rel).name in skip or not src.is_file():
                continue
            zf.write(src, rel)
    return path


def wheelhouse(names, site_packages, out_dir):
    """Wheels (see :func:`wheel_from_installed`) of ``names`` and everything they require, from
    ``site_packages``: a local index for ``pip --no-index --find-links``. Returns the wheel paths."""
    from importlib import metadata

    from packaging.requirements import Requirement

    todo, done, wheels = list(names), set(), []
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in done:
            continue
        done.add(name)
        wheels.append(wheel_from_installed(name, site_packages, out_dir))
        dist = next(d for d in metadata.distributions(path=[str(site_packages)])
                    if d.metadata["Name"].lower().replace("_", "-") == name)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return wheels


def wheel_from_egg_info(egg_info, out_dir):
    """A wheel of a distribution installed with ``.egg-info`` metadata (as Debian installs numpy):
    the folders of its top_level.txt plus a .dist-info made from its PKG-INFO."""
    import email
    import zipfile

    egg_info = Path(egg_info)
    site = egg_info.parent
    meta = email.message_from_string((egg_info / "PKG-INFO").read_text())
    name, version = meta["Name"].replace("-", "_"), meta["Version"]
    tag = "cp{0}{1}-cp{0}{1}-linux_x86_64".format(*sys.version_info[:2])
    info = "{}-{}.dist-info".format(name, version)
    path = Path(out_dir) / "{}-{}-{}.whl".format(name, version, tag)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for top in (egg_info / "top_level.txt").read_text().split():
            for f in sorted((site / top).rglob("*")):
                if f.is_file() and "__pycache__" not in f.parts:
                    zf.write(f, str(f.relative_to(site)))
        zf.writestr(info + "/METADATA", (egg_info / "PKG-INFO").read_text())
        zf.writestr(info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: mfaf-tests\nRoot-Is-Purelib: false\n"
                                     "Tag: {}\n".format(tag))
        zf.writestr(info + "/RECORD", "")
    return path
