"""Shared test helpers (imported by conftest and tests): import this checkout as the package ``mfaf`` (whatever its folder is called),
register the real provider in the real QgsApplication that pytest-qgis starts, and give tests
the real-data fixtures of tests/data and a qgis_process runner."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLUGINS_DIR = REPO / "build" / "plugins"
PLUGINS_DIR.mkdir(parents=True, exist_ok=True)
_link = PLUGINS_DIR / "mfaf"
if not _link.exists():
    _link.symlink_to(REPO, target_is_directory=True)
if str(PLUGINS_DIR) not in sys.path:
    sys.path.insert(0, str(PLUGINS_DIR))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEST_DATA = REPO / "tests" / "data"
QGIS_PROCESS = REPO / "scripts" / "qgis_process"
# make test runs the suite in 2 processes (pytest-xdist): each keeps to one torch thread (two threads
# each on 2 cores spend their time in OpenMP spin waits) and its own qgis_process profile folder
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
TEST_PROFILE = REPO / "build" / ("qgis-profile-tests" + ("-" + _WORKER if _WORKER else ""))


def _torch_here():
    """The torch version of .venv (the one qgis_process and the plugin must find), or ''."""
    from importlib import metadata

    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return ""


TORCH_HERE = _torch_here()


def data_file(*parts) -> Path:
    """Path of a committed real-data fixture under tests/data (see tests/data/README.md); a missing
    one fails the test (the fixtures are part of the checkout, nothing is skipped)."""
    path = TEST_DATA.joinpath(*parts)
    assert path.exists(), "test fixture {} missing from the checkout".format(path)
    return path


def qgis_process(*args, env=None, timeout=900):
    """Run scripts/qgis_process (the README's way) with a private profile; return the result."""
    full_env = dict(os.environ)
    full_env.setdefault("QGIS_CUSTOM_CONFIG_PATH", str(TEST_PROFILE))
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


# --- Real-data helpers: Kola Project moss survey as sample points (stages 1-2) ------------------
KOLA = TEST_DATA / "kola"
KOLA_EPSG = 32635
EXAMPLE = REPO / "resources" / "example"  # the Murchison set the plugin ships (GSWA, GPL >= 2)


def _kola_wkt():
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(KOLA_EPSG)
    return srs.ExportToWkt()


def kola_moss_points(elements):
    """The 594 moss sites of the Kola Project (tests/data/kola/kola_moss.csv) as sample points with
    the listed element columns (mg/kg), every site kept (the listed columns have no gaps).

    Returns ``(xy (n, 2) float64, {element: float64 values}, crs_wkt)``.
    """
    import csv

    import numpy as np

    with open(KOLA / "kola_moss.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    xy = np.array([[float(r["XCOO"]), float(r["YCOO"])] for r in rows])
    return xy, {el: np.array([float(r[el]) for r in rows]) for el in elements}, _kola_wkt()


def kola_smelter_sites():
    """The moss sites inside the Monchegorsk and Nikel-Zapoljarnij outlines (StatDA ``monch`` and
    ``nizap``, drawn around the two Ni-Cu smelters to select their samples): 111 real labelled
    points, "smelter-area sites", not deposits. Returns ``(xy (111, 2), crs_wkt)``."""
    import numpy as np
    from osgeo import ogr

    xy, _, wkt = kola_moss_points([])
    ds = ogr.Open(str(KOLA / "kola_smelter_areas.geojson"))
    areas = [f.GetGeometryRef().Clone() for f in ds.GetLayer(0)]
    inside = []
    for x, y in xy:
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(float(x), float(y))
        inside.append(any(a.Contains(pt) for a in areas))
    return xy[np.array(inside)], wkt


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


def kola_layers(folder, elements):
    """GeoPackages of the Kola moss sites with ``elements`` (``kola_samples.gpkg``) and of the
    smelter-area sites (``kola_smelter_sites.gpkg``, the label points given as deposits)."""
    from pathlib import Path

    folder = Path(folder)
    xy, values, wkt = kola_moss_points(elements)
    sxy, swkt = kola_smelter_sites()
    samples = write_points_gpkg(folder / "kola_samples.gpkg", xy, values, wkt, layer="samples")
    sites = write_points_gpkg(folder / "kola_smelter_sites.gpkg", sxy, {"id": list(range(1, len(sxy) + 1))}, swkt,
                              layer="smelter_sites")
    return samples, sites


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
    ``site_packages`` or, for what is not there (Debian 13's scipy, numpy: the system's), from the
    system's folders: a local index for ``pip --no-index --find-links``. Returns the wheel paths."""
    from importlib import metadata

    from packaging.requirements import Requirement

    def canon(name):
        return name.lower().replace("_", "-")

    todo, done, wheels = list(names), set(), []
    while todo:
        name = canon(todo.pop())
        if name in done:
            continue
        done.add(name)
        dist = next((d for d in metadata.distributions(path=[str(site_packages)]) if canon(d.metadata["Name"]) == name),
                    None) or next(d for d in metadata.distributions() if canon(d.metadata["Name"] or "") == name)
        wheels.append(wheel_of_installed(Path(dist._path), out_dir))
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return wheels


def wheel_of_installed(meta_dir, out_dir):
    """A wheel of the distribution whose metadata folder is ``meta_dir`` (``.egg-info`` as Debian 12
    installs numpy, ``.dist-info`` with a RECORD, or a Debian ``.dist-info`` that lists no files)."""
    from importlib import metadata

    meta_dir = Path(meta_dir)
    if meta_dir.suffix == ".egg-info":
        return wheel_from_egg_info(meta_dir, out_dir)
    dist = metadata.Distribution.at(meta_dir)
    if (meta_dir / "RECORD").is_file():
        return wheel_from_installed(dist.metadata["Name"], meta_dir.parent, out_dir)
    return wheel_of_metadata(dist, out_dir)  # Debian 13's scipy, numpy: for pip's resolution only


def wheel_of_metadata(dist, out_dir):
    """A wheel holding only the metadata of an installed distribution that lists no files (a Debian
    package QGIS's Python ships): enough for pip to resolve against it, never to be installed (the
    installer leaves packages QGIS ships out; the tests check that none lands in the target)."""
    import zipfile

    name, version = dist.metadata["Name"].replace("-", "_"), dist.version
    info = "{}-{}.dist-info".format(name, version)
    path = Path(out_dir) / "{}-{}-py3-none-any.whl".format(name, version)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(info + "/METADATA", dist.read_text("METADATA"))
        zf.writestr(info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: mfaf-tests\nRoot-Is-Purelib: true\n"
                                     "Tag: py3-none-any\n")
        zf.writestr(info + "/RECORD", "")
    return path


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
