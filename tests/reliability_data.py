"""Inputs of the reliability tests (test_reliability.py, test_bad_inputs.py).

Real: evidence stacks built by mfaf:stacklayers from the embedded Murchison example, a tile
dataset cut from one by mfaf:maketiles, the bundled model, and the Kola moss sites (tests/data) as
sample points, with the smelter-area sites as their label points. Every file a test gives as an
input is a COPY in a temporary folder, never a file of the repository, since these tests try to
make the plugin overwrite its inputs. Files named ``*_modified*`` are those real files altered
the way a careless or hostile user could alter them (resampled, CRS removed, description damaged,
model settings edited, a pickled object added); they are built once per test session.
"""

import json
import shutil
from pathlib import Path

import numpy as np
from osgeo import gdal

from mfaf_testing import KOLA, REPO, kola_layers, kola_moss_points, write_points_gpkg

gdal.UseExceptions()

EX = REPO / "resources" / "example"
BUNDLED = REPO / "resources" / "model" / "mfaf_murchison.pt"
KOLA_MOSS = KOLA / "kola_moss.csv"
WHOLE = "352782.9,682589.6,6699742.0,7101484.0 [EPSG:20350]"
SOUTH = "352782.9,682589.6,6699742.0,6900000.0 [EPSG:20350]"  # on the bundled model's 1 km grid and bands
_CACHE = {}


class PickledObject:
    """Stands for any Python object a hostile model file could carry (weights_only refuses it)."""


class LogFeedback:
    """Made on first use (QGIS must be running): see :func:`_log_feedback_class`."""

    def __new__(cls):
        return _log_feedback_class()()


def _log_feedback_class():
    """A QgsProcessingFeedback that keeps every message (``messages``: (kind, text)), the warnings
    and errors apart (``warnings``), and GDAL's block cache limit at each message (``cache_max``)."""
    if "feedback" in _CACHE:
        return _CACHE["feedback"]
    from qgis.core import QgsProcessingFeedback

    class _LogFeedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.messages, self.warnings, self.cache_max = [], [], []

        def _keep(self, kind, text):
            self.messages.append((kind, str(text)))
            self.cache_max.append(gdal.GetCacheMax())
            if kind in ("warning", "error"):
                self.warnings.append(str(text))

        def pushInfo(self, info):  # noqa: N802
            self._keep("info", info)

        def pushWarning(self, warning):  # noqa: N802
            self._keep("warning", warning)

        def reportError(self, error, fatalError=False):  # noqa: N802,N803
            self._keep("error", error)

        def pushDebugInfo(self, info):  # noqa: N802
            self._keep("debug", info)

        def text(self):
            return "\n".join(t for _k, t in self.messages)

    _CACHE["feedback"] = _LogFeedback
    return _LogFeedback


def degenerate_rasters(result):
    """``[(path, band, 'all nodata' | 'constant')]`` for the raster files among a run's outputs
    whose band holds no valid value, or one value everywhere (up to rounding)."""
    found = []
    for value in result.values():
        if not isinstance(value, str) or not value.lower().endswith((".tif", ".tiff")) or not Path(value).is_file():
            continue
        ds = gdal.Open(value)
        for b in range(1, ds.RasterCount + 1):
            band = ds.GetRasterBand(b)
            a = band.ReadAsArray().astype(np.float64)
            ok = np.isfinite(a) if band.GetNoDataValue() is None else np.isfinite(a) & (a != band.GetNoDataValue())
            if not ok.any():
                found.append((value, b, "all nodata"))
            elif np.ptp(a[ok]) <= 1e-5 * np.abs(a[ok]).max():  # one value, up to rounding
                found.append((value, b, "constant"))
    return found


def run(alg_id, params, feedback=None):
    """processing.run with a fresh context (and the given feedback)."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    return processing.run(alg_id, params, context=QgsProcessingContext(),
                          feedback=feedback or QgsProcessingFeedback())


def stack_params(out, **kw):
    """mfaf:stacklayers on the Murchison example as the bundled model was trained (1 km, south half)."""
    params = {"GEOLOGY": str(EX / "murchison_greenstone.geojson"), "CONTACT_DISTANCE": True,
              "FAULTS": str(EX / "murchison_faults.geojson"), "FAULT_MODE": 0, "EXTENT": SOUTH,
              "PIXEL_SIZE": 1000, "TARGET_CRS": "EPSG:20350", "OUTPUT": str(out)}
    params.update(kw)
    return params


def _copy_raster(src, dst, **translate):
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata, write_stack_metadata

    meta = read_stack_metadata(str(src))
    gdal.Translate(str(dst), str(src), **translate)
    ds = gdal.Open(str(dst), gdal.GA_Update)
    write_stack_metadata(ds, meta)
    ds = None
    return str(dst)


def _set_description(src, dst, text):
    shutil.copy(src, dst)
    ds = gdal.Open(str(dst), gdal.GA_Update)
    ds.SetMetadataItem("STACK", text, "MFAF")
    ds = None
    return str(dst)


def _modified_stacks(d, like):
    """Modified copies of the 1 km stack normalised like the bundled model."""
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata

    out = {
        "like500": _copy_raster(like, d / "like_500m_modified.tif", xRes=500, yRes=500),
        "nonsquare": _copy_raster(like, d / "like_1000x250m_modified.tif", xRes=1000, yRes=250),
        "nocrs": _copy_raster(like, d / "like_no_crs_modified.tif"),
        "geographic": str(d / "like_epsg4326_modified.tif"),
        "badjson": _set_description(like, d / "like_bad_json_modified.tif", "{'bands': [oops"),
        "badtypes": _set_description(like, d / "like_bad_types_modified.tif", json.dumps(
            {"bands": 5, "normalization": {"method": "minmax", "params": 7}})),
    }
    ds = gdal.Open(out["nocrs"], gdal.GA_Update)
    ds.SetProjection("")
    ds = None
    gdal.Warp(out["geographic"], str(like), dstSRS="EPSG:4326")
    ds = gdal.Open(out["geographic"], gdal.GA_Update)
    ds.SetMetadataItem("STACK", json.dumps(read_stack_metadata(str(like))), "MFAF")
    ds = None
    nan_meta = read_stack_metadata(str(like))
    nan_meta["normalization"]["params"][1] = [float("nan"), float("nan")]
    out["nan_norm"] = _set_description(like, d / "like_nan_normalisation_modified.tif", json.dumps(nan_meta))
    # 1e30 in a few cells of a band: an undeclared nodata code
    big = _copy_raster(like, d / "like_1e30_modified.tif")
    ds = gdal.Open(big, gdal.GA_Update)
    band = ds.GetRasterBand(3)
    a = band.ReadAsArray()
    a[100:103, 100:103] = 1e30
    band.WriteArray(a)
    ds = None
    out["big"] = big
    # one band holding one value everywhere (a raster filled by mistake, or a layer that does not vary here)
    flat = _copy_raster(like, d / "like_one_value_modified.tif", bandList=[1])
    ds = gdal.Open(flat, gdal.GA_Update)
    ds.GetRasterBand(1).Fill(0.25)
    ds = None
    out["one_value"] = flat
    return out


def _save_model(path, meta=None, state=None):
    import torch

    payload = torch.load(str(BUNDLED), map_location="cpu", weights_only=True)
    if meta:
        payload["meta"] = {**payload["meta"], **meta}
    if state is not None:
        payload["state_dict"] = state
    torch.save(payload, str(path))
    return str(path)


def _modified_models(d):
    import torch

    payload = torch.load(str(BUNDLED), map_location="cpu", weights_only=True)
    legacy = dict(payload["meta"])
    legacy.pop("pixel_size", None)
    legacy.pop("crs_wkt", None)
    state = dict(payload["state_dict"])
    for key in list(state)[:40]:
        state["renamed." + key] = state.pop(key)
    models = {
        "hostile": _save_model(d / "hostile_settings_modified.pt", {"settings": {
            "dilations": list(range(1, 21)), "branch_channels": 10 ** 6}}),
        "memory": _save_model(d / "memory_hungry_modified.pt", {"in_channels": 1000, "settings": {
            "dilations": list(range(1, 21)), "branch_channels": 4096, "channel_attention": False}}),
        "wide": _save_model(d / "wide_branches_modified.pt", {"settings": {
            "dilations": list(range(1, 17)), "branch_channels": 512}}),
        "reshaped": _save_model(d / "wider_branches_modified.pt", {"settings": {
            "dilations": [1, 2, 4, 8, 10], "branch_channels": 64}}),
        "bands": _save_model(d / "million_bands_modified.pt", {"in_channels": 10 ** 6}),
        "members": _save_model(d / "million_members_modified.pt", {"ensemble": 10 ** 6}),
        "tile": _save_model(d / "huge_tile_modified.pt", {"tile_size": 10 ** 6}),
        "dilstr": _save_model(d / "text_dilations_modified.pt", {"settings": {"dilations": ["a", "b"]}}),
        "arch": _save_model(d / "unknown_architecture_modified.pt", {"architecture": "evilnet"}),
        "renamed": _save_model(d / "renamed_weights_modified.pt", state=state),
        "legacy": str(d / "no_pixel_size_modified.pt"),
        "pickle": str(d / "pickled_object_modified.pt"),
        "text": str(d / "text_modified.pt"),
    }
    models.update(_damaged_numbers(d, payload["meta"]))
    torch.save({**payload, "meta": legacy}, models["legacy"])
    torch.save({**payload, "extra": PickledObject()}, models["pickle"])
    Path(models["text"]).write_text("not a model\n")
    return models


def _damaged_numbers(d, meta):
    """Models whose numbers steer the computation are damaged: NaN or zero normalisation, NaN input
    scaling, an unknown normalisation method, an unknown or edited framing."""
    norm = meta["normalization"]
    nan_params = [list(p) for p in norm["params"]]
    nan_params[1] = [float("nan"), float("nan")]
    scaling = {"mean": list(meta["input_scaling"]["mean"]), "sd": list(meta["input_scaling"]["sd"])}
    scaling["sd"][2] = float("nan")
    return {
        "nan_norm": _save_model(d / "nan_normalisation_modified.pt", {"normalization": {**norm, "params": nan_params}}),
        "zero_norm": _save_model(d / "zero_normalisation_modified.pt", {"normalization": {
            **norm, "params": [[0.0, 0.0] for _ in norm["params"]]}}),
        "rank_norm": _save_model(d / "rank_normalisation_modified.pt", {"normalization": {**norm, "method": "rank"}}),
        "nan_scaling": _save_model(d / "nan_input_scaling_modified.pt", {"input_scaling": scaling}),
        "framing": _save_model(d / "unknown_framing_modified.pt", {"framing": "diagonal"}),
        "grid_framing": _save_model(d / "edited_framing_modified.pt", {"framing": "grid"}),
    }


def _modified_datasets(d, tiles):
    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset

    arrays, meta = load_dataset(tiles)
    gt = list(meta["stack_geotransform"])
    gt[5] = -gt[1] / 4.0
    out = {"nonsquare": str(d / "tiles_nonsquare_stack_modified.npz"), "pickle": str(d / "tiles_pickle_modified.npz"),
           "text": str(d / "tiles_text_modified.npz")}
    np.savez(out["nonsquare"], **arrays, meta=np.array(json.dumps({**meta, "stack_geotransform": gt})))
    np.savez(out["pickle"], x=np.array([PickledObject()], dtype=object), meta=np.array("{}"))
    Path(out["text"]).write_text("not a tile dataset\n")
    return out


def _samples(d):
    """Kola moss sites as samples; and copies: the Ni column text with one stray word, one site only,
    three sites moved onto the first one, every Ni value the same."""
    samples, sites = kola_layers(d, ["Ni", "Cu"])
    xy, values, wkt = kola_moss_points(["Ni", "Cu"])
    text = {"Ni": ["{:g}".format(v) for v in values["Ni"]], "Cu": values["Cu"]}
    text["Ni"][4] = "abc"
    typo = write_points_gpkg(d / "kola_samples_abc_modified.gpkg", xy, text, wkt, text_fields=("Ni",))
    first3 = {k: v[:3] for k, v in values.items()}
    return {"samples": samples, "smelter_sites": sites, "samples_abc": typo,
            "one_sample": write_points_gpkg(d / "kola_one_sample_modified.gpkg", xy[:1], {
                k: v[:1] for k, v in values.items()}, wkt),
            "coincident": write_points_gpkg(d / "kola_coincident_modified.gpkg", np.repeat(xy[:1], 3, axis=0),
                                            first3, wkt),
            "constant": write_points_gpkg(d / "kola_constant_ni_modified.gpkg", xy, {
                "Ni": np.full(len(xy), 4.45), "Cu": values["Cu"]}, wkt),
            "numbered": _numbered_samples(d, xy, values, wkt)}


def _numbered_samples(d, xy, values, wkt):
    """The samples with the identifier columns a survey table carries: sample numbers under several
    names, and one ('nr') whose name says nothing, numbered in sample order."""
    n = np.arange(1, len(xy) + 1, dtype=float)
    columns = {"sid": n, "sample_no": n, "site_id": 1000 + n, "lab_id": 5000 + 2 * n, "idno": n, "nr": 70000 + n}
    return write_points_gpkg(d / "kola_numbered_modified.gpkg", xy, {**columns, **values}, wkt)


# -- files read through other files: CSV tables, OGR and GDAL VRTs, delimited-text layers, shapefiles --------
def kola_csv(path, elements, sep=",", decimal=".", digits=None):
    """The Kola moss sites (tests/data/kola/kola_moss.csv) as a CSV table of ID, XCOO, YCOO and
    ``elements``, with field separator ``sep``; numbers written with ``decimal`` as the decimal
    mark (and ``digits`` decimals when given, as a spreadsheet set to a fixed format writes them)."""
    import csv

    with open(KOLA_MOSS, newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(path, "w", newline="") as fh:
        out = csv.writer(fh, delimiter=sep)
        out.writerow(["ID", "XCOO", "YCOO"] + list(elements))
        for r in rows:
            values = [r[e] if digits is None else "{:.{}f}".format(float(r[e]), digits) for e in elements]
            out.writerow([r["ID"], r["XCOO"], r["YCOO"]] + [v.replace(".", decimal) for v in values])
    return str(path)


def csv_vrt(path, csv_path, x="XCOO", y="YCOO", srs="EPSG:32635", relative=True):
    """An OGR VRT that reads ``csv_path`` as points (its path relative to the VRT's folder, or absolute)."""
    csv_path = Path(csv_path)
    source = csv_path.name if relative else str(csv_path)
    Path(path).write_text(
        '<OGRVRTDataSource><OGRVRTLayer name="{}"><SrcDataSource relativeToVRT="{}">{}</SrcDataSource>'
        '<GeometryType>wkbPoint</GeometryType><LayerSRS>{}</LayerSRS>'
        '<GeometryField encoding="PointFromColumns" x="{}" y="{}"/></OGRVRTLayer></OGRVRTDataSource>\n'.format(
            csv_path.stem, int(relative), source, srs, x, y))
    return str(path)


def delimited_layer(csv_path, sep=",", x="XCOO", y="YCOO", crs="EPSG:32635"):
    """The CSV as desktop QGIS loads it (Layer > Add Delimited Text Layer): a delimitedtext layer."""
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtCore import QUrl

    uri = "{}?type=csv&delimiter={}&xField={}&yField={}&crs={}".format(
        QUrl.fromLocalFile(str(csv_path)).toString(), sep, x, y, crs)
    layer = QgsVectorLayer(uri, Path(csv_path).stem, "delimitedtext")
    assert layer.isValid() and layer.featureCount() > 0, uri
    return layer


def points_csv(path, src=EX / "murchison_gold_deposits.geojson"):
    """A point layer (by default the Murchison gold deposits of resources/example) as a CSV table of
    X, Y and its fields."""
    gdal.VectorTranslate(str(path), str(src), format="CSV", layerCreationOptions=["GEOMETRY=AS_XY"])
    return str(path)


def shapefile_copy(path, src):
    """``src`` (any OGR vector file) as an ESRI shapefile (.shp, .shx, .dbf, .prj)."""
    gdal.VectorTranslate(str(path), str(src), format="ESRI Shapefile")
    return str(path)


def raster_vrt(path, tif):
    """A GDAL VRT mosaic of ``tif`` (GDAL writes its path relative to the VRT's folder)."""
    gdal.BuildVRT(str(path), [str(tif)])
    return str(path)


def _vectors(d):
    """Vector layers of the wrong kind or empty, cut from the Murchison example: one deposit, an
    empty copy of the greenstone polygons."""
    one = str(d / "one_deposit_modified.geojson")
    gdal.VectorTranslate(one, str(EX / "murchison_gold_deposits.geojson"), where="id = 1")
    empty = str(d / "greenstone_empty_modified.geojson")
    gdal.VectorTranslate(empty, str(EX / "murchison_greenstone.geojson"), where="1 = 0")
    return {"one_deposit": one, "empty_geology": empty}


def real_inputs(tmp_path_factory):
    """Build (once per session) and return the paths of every input of the reliability tests."""
    if "inputs" in _CACHE:
        return _CACHE["inputs"]
    d = Path(tmp_path_factory.mktemp("reliability_inputs"))
    for name in ("murchison_greenstone.geojson", "murchison_faults.geojson", "murchison_gold_deposits.geojson"):
        shutil.copy(EX / name, d / name)
    inp = {"dir": d, "geology": str(d / "murchison_greenstone.geojson"), "faults": str(d / "murchison_faults.geojson"),
           "deposits": str(d / "murchison_gold_deposits.geojson"), "model": str(d / "model.pt")}
    shutil.copy(BUNDLED, inp["model"])
    inp["like"] = str(d / "like.tif")
    run("mfaf:stacklayers", stack_params(inp["like"], NORMALIZE_LIKE=inp["model"]))
    inp["own"] = str(d / "own.tif")
    run("mfaf:stacklayers", stack_params(inp["own"]))
    inp["stack4k"] = str(d / "stack4k.tif")
    run("mfaf:stacklayers", stack_params(inp["stack4k"], EXTENT=WHOLE, PIXEL_SIZE=4000, CONTACT_DISTANCE=False))
    inp["stack4k_nonsquare"] = _copy_raster(inp["stack4k"], d / "stack4k_4000x1000m_modified.tif",
                                            xRes=4000, yRes=1000)
    inp["tiles"] = str(d / "tiles.npz")
    run("mfaf:maketiles", {"INPUT": inp["stack4k"], "DEPOSITS": inp["deposits"], "TILE_SIZE": 4, "SEED": 0,
                           "OUTPUT": inp["tiles"], "OUTPUT_CELLS": str(d / "tile_cells.gpkg")})
    inp["stacks"] = _modified_stacks(d, inp["like"])
    inp["models"] = _modified_models(d)
    inp["datasets"] = _modified_datasets(d, inp["tiles"])
    inp.update(_samples(d))
    inp.update(_vectors(d))
    _CACHE["inputs"] = inp
    return inp


def checksums(*folders):
    """sha256 of every file under ``folders``, except the ``.aux.xml`` statistics files QGIS itself
    writes beside a raster it opens (the rasters are checked)."""
    import hashlib

    out = {}
    for folder in folders:
        for p in sorted(Path(folder).rglob("*")):
            if p.is_file() and not p.name.endswith(".aux.xml"):
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


__all__ = ["EX", "BUNDLED", "WHOLE", "SOUTH", "PickledObject", "LogFeedback", "degenerate_rasters", "run",
           "stack_params", "real_inputs", "checksums", "kola_csv", "csv_vrt", "delimited_layer", "points_csv",
           "shapefile_copy", "raster_vrt"]
