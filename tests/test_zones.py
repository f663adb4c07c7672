"""Target zones at the map's resolution and "why here" (issue 20, items 1 and 2).

Expectations are made here from the written files: the zones layer rasterised by GDAL on the
stack's grid against the probability raster and a cut-off found by sorting it, deposits counted
per pixel by hand, windows cut and scaled by hand for the network's probability and baseline.
"""

import csv

import numpy as np
import pytest
from osgeo import gdal, ogr

from mfaf_testing import REPO

EX = REPO / "resources" / "example"
MODEL = REPO / "resources" / "model" / "mfaf_murchison.pt"
DEPOSITS = EX / "murchison_gold_deposits.geojson"


@pytest.fixture(scope="module")
def murchison(tmp_path_factory, mfaf_provider):
    """Real data (Murchison gold, GSWA): a 96 km square of the demo's stack and its prediction with zones
    in the most prospective 10 % of the area."""
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    tmp = tmp_path_factory.mktemp("zones")

    def run(alg_id, params):
        import processing

        return processing.run(alg_id, params, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())

    assert QgsApplication.processingRegistry().algorithmById("mfaf:predictprospectivity") is not None
    stack = run("mfaf:stacklayers", {
        "GEOLOGY": str(EX / "murchison_greenstone.geojson"), "CONTACT_DISTANCE": True,
        "FAULTS": str(EX / "murchison_faults.geojson"), "FAULT_MODE": 0,
        "EXTENT": "520000,616000,6900000,6996000 [EPSG:20350]", "PIXEL_SIZE": 1000, "TARGET_CRS": "EPSG:20350",
        "NORMALIZE_LIKE": str(MODEL), "OUTPUT": str(tmp / "stack.tif")})["OUTPUT"]
    res = run("mfaf:predictprospectivity", {
        "INPUT": stack, "DEPOSITS": str(DEPOSITS), "THRESHOLD": 0.6, "DEVICE": 1, "ZONE_RULE": 0,
        "ZONE_TOP_PERCENT": 10.0, "OUTPUT": str(tmp / "prob.tif"), "OUTPUT_CELLS": str(tmp / "cells.gpkg"),
        "OUTPUT_TARGETS": str(tmp / "targets.gpkg"), "OUTPUT_TARGETS_CSV": str(tmp / "targets.csv"),
        "OUTPUT_ZONES": str(tmp / "zones.gpkg"), "OUTPUT_ZONES_CSV": str(tmp / "zones.csv"),
        "REPORT": str(tmp / "report.html")})
    return {"stack": stack, "res": res, "tmp": tmp}


def _rasterised(path, ds):
    """The zones layer burnt (its rank) on the grid of ``ds`` with GDAL."""
    src = ogr.Open(str(path))
    mem = gdal.GetDriverByName("MEM").Create("", ds.RasterXSize, ds.RasterYSize, 1, gdal.GDT_Int32)
    mem.SetGeoTransform(ds.GetGeoTransform())
    mem.SetProjection(ds.GetProjection())
    gdal.RasterizeLayer(mem, [1], src.GetLayer(0), options=["ATTRIBUTE=rank"])
    return mem.GetRasterBand(1).ReadAsArray()


def test_zones_on_the_grid_with_their_peaks(murchison):
    res = murchison["res"]
    pds = gdal.Open(res["OUTPUT"])
    prob = pds.GetRasterBand(1).ReadAsArray().astype(np.float64)
    nd = pds.GetRasterBand(1).GetNoDataValue()
    ok = prob != nd
    gt = pds.GetGeoTransform()
    # the most prospective 10 % of the predicted pixels, ties at the cut included, found by sorting here
    cut = np.sort(prob[ok])[::-1][int(np.ceil(ok.sum() * 0.10)) - 1]
    burnt = _rasterised(res["OUTPUT_ZONES"], pds)
    assert np.array_equal(burnt > 0, ok & (prob >= cut))
    zds = ogr.Open(res["OUTPUT_ZONES"])  # kept open while its layer is read
    layer = zds.GetLayer(0)
    zones = [{k: f.GetField(k) for k in ("rank", "area_km2", "cells", "peak_probability", "easting", "northing",
                                          "deposits", "greenfield", "nearest_deposit_km", "why_here")}
             | {"geom": f.GetGeometryRef().Clone()} for f in layer]
    assert len(zones) == res["ZONES"] >= 3 and sorted(z["rank"] for z in zones) == list(range(1, len(zones) + 1))
    dds = ogr.Open(str(DEPOSITS))
    xy = np.array([f.GetGeometryRef().GetPoint_2D() for f in dds.GetLayer(0)])
    dr, dc = np.floor((xy[:, 1] - gt[3]) / gt[5]).astype(int), np.floor((xy[:, 0] - gt[0]) / gt[1]).astype(int)
    inside = (dr >= 0) & (dc >= 0) & (dr < prob.shape[0]) & (dc < prob.shape[1])
    for z in zones:
        ring = z["geom"].GetGeometryRef(0)
        for i in range(ring.GetPointCount()):  # every vertex on a pixel corner of the stack's grid
            x, y = ring.GetPoint_2D(i)
            assert (x - gt[0]) / gt[1] == pytest.approx(round((x - gt[0]) / gt[1]), abs=1e-6)
            assert (y - gt[3]) / gt[5] == pytest.approx(round((y - gt[3]) / gt[5]), abs=1e-6)
        mine = burnt == z["rank"]
        r, c = int((z["northing"] - gt[3]) / gt[5]), int((z["easting"] - gt[0]) / gt[1])
        assert mine[r, c]  # the peak pixel lies in its zone
        assert z["peak_probability"] == pytest.approx(prob[mine].max(), abs=1e-7) == prob[r, c]
        assert z["cells"] == mine.sum() and z["area_km2"] == pytest.approx(mine.sum())  # 1 km pixels
        n = int(mine[dr[inside], dc[inside]].sum())
        assert z["deposits"] == n and z["greenfield"] == int(n == 0)
        near = np.hypot(xy[inside, 0] - z["easting"], xy[inside, 1] - z["northing"]).min() / 1000
        assert z["nearest_deposit_km"] == pytest.approx(near, abs=1e-3)
    peaks = [z["peak_probability"] for z in sorted(zones, key=lambda z: z["rank"])]
    assert peaks == sorted(peaks, reverse=True)
    assert all(z["why_here"] for z in zones if z["rank"] <= 20)
    with open(res["OUTPUT_ZONES_CSV"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["rank"]) for r in rows] == list(range(1, len(zones) + 1))
    by_rank = {z["rank"]: z for z in zones}
    for r in rows:
        assert float(r["peak_probability"]) == pytest.approx(by_rank[int(r["rank"])]["peak_probability"], abs=1e-4)
        assert r["why_here"] == (by_rank[int(r["rank"])]["why_here"] or "")
    from qgis.core import QgsVectorLayer

    opened = QgsVectorLayer(res["OUTPUT_ZONES"], "z", "ogr")
    assert opened.labelsEnabled() and opened.labeling().settings().fieldName == "rank"


def test_report_and_targets_say_why_here(murchison):
    res = murchison["res"]
    html = (murchison["tmp"] / "report.html").read_text(encoding="utf-8")
    assert "Target zones" in html and "Why here" in html and "whose score is" in html
    with open(res["OUTPUT_TARGETS_CSV"], newline="", encoding="utf-8") as fh:
        targets = list(csv.DictReader(fh))
    explained = [t for t in targets if t["why_here"]]
    assert len(explained) == min(100, len(targets)) >= 3  # every listed target, up to 100
    for t in explained:  # every explained target named with its top evidence in the report
        assert t["why_here"] in html and t["top_evidence"] in t["why_here"].replace(" ", "_")


def test_integrated_gradients_add_up_and_match_the_map(murchison):
    """Completeness against a window cut and scaled here and the network run here."""
    import torch

    from mfaf.mfaf_plugin.prediction.attribution import COMPLETENESS_TOLERANCE, explain_pixels
    from mfaf.mfaf_plugin.prediction.inference import load_predictor
    from mfaf.models import branch_outputs

    torch.set_num_threads(1)
    net, meta = load_predictor(str(MODEL), "cpu")
    ds = gdal.Open(murchison["stack"])
    pds = gdal.Open(murchison["res"]["OUTPUT"])
    prob = pds.GetRasterBand(1).ReadAsArray()
    pixels = np.array([[40, 40], [48, 51], [30, 70]])  # away from the edges: windows inside the stack
    got = explain_pixels(ds, (net, meta), pixels, stride=int(meta["stride"]))
    data = ds.ReadAsArray().astype(np.float32)
    mean = np.array(meta["input_scaling"]["mean"], dtype=np.float32)[:, None, None]
    sd = np.array(meta["input_scaling"]["sd"], dtype=np.float32)[:, None, None]
    with torch.no_grad():
        p0 = float(branch_outputs(net(torch.zeros(1, 3, 16, 16)))["p_ore"][0])
    for (r, c), e in zip(pixels, got):
        s = int(meta["stride"])
        cr, cc = r // s * s + s // 2, c // s * s + s // 2  # the representative centre of the centred map
        window = (data[:, cr - 8:cr + 8, cc - 8:cc + 8] - mean) / sd
        with torch.no_grad():
            p = float(branch_outputs(net(torch.from_numpy(window[None])))["p_ore"][0])
        assert e["probability"] == pytest.approx(p, abs=1e-5) == pytest.approx(float(prob[r, c]), abs=1e-5)
        assert e["baseline_probability"] == pytest.approx(p0, abs=1e-6)
        total = sum(x["contribution"] for x in e["contributions"])
        assert total - (p - p0) == pytest.approx(e["delta"], abs=1e-4)
        assert abs(total - (p - p0)) <= COMPLETENESS_TOLERANCE


def test_logistic_regression_contributions_are_exact():
    """GENERATED features: coefficient x standardised value, adding up to the decision function."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from mfaf.mfaf_plugin.prediction.attribution import linear_contributions

    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 4)) * [1, 5, 0.2, 3] + [0, 10, 1, -2]
    y = (x[:, 0] + 0.3 * x[:, 1] - 5 * x[:, 2] + rng.normal(size=300) > 3).astype(int)
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(x, y)
    got = linear_contributions(pipe, x[:7])
    z = (x[:7] - x.mean(axis=0)) / x.std(axis=0)
    assert np.array_equal(got["contributions"], pipe[0].transform(x[:7]) * pipe[-1].coef_[0])
    assert np.allclose(got["contributions"], z * pipe[-1].coef_[0], rtol=1e-12, atol=1e-12)
    assert np.allclose(got["contributions"].sum(axis=1) + got["intercept"], pipe.decision_function(x[:7]),
                       rtol=0, atol=1e-12)


def test_explain_location_through_qgis_process(murchison):
    """mfaf:explainlocation as the README runs it: the best zone's peak (given in WGS 84, taken to the stack's
    CRS) gets the map's probability there, its spread (band 2), and contributions that add up."""
    from mfaf_testing import qgis_process_json

    res, tmp = murchison["res"], murchison["tmp"]
    zds = ogr.Open(res["OUTPUT_ZONES"])
    best = next(f for f in zds.GetLayer(0) if f.GetField("rank") == 1)
    lon, lat, e, n = (best.GetField(k) for k in ("longitude", "latitude", "easting", "northing"))
    out = qgis_process_json("run", "mfaf:explainlocation", "--", "INPUT={}".format(murchison["stack"]),
                            "POINT={},{} [EPSG:4326]".format(lon, lat), "DEVICE=cpu",
                            "OUTPUT_TABLE={}".format(tmp / "why.csv"), "OUTPUT_CHART={}".format(tmp / "why.png"),
                            "OUTPUT_THUMBNAILS={}".format(tmp / "window.png"),
                            env={"OMP_NUM_THREADS": "1"})["results"]
    pds = gdal.Open(res["OUTPUT"])
    gt = pds.GetGeoTransform()
    r, c = int((n - gt[3]) / gt[5]), int((e - gt[0]) / gt[1])
    assert out["PROBABILITY"] == pytest.approx(float(pds.GetRasterBand(1).ReadAsArray()[r, c]), abs=1e-5)
    assert out["UNCERTAINTY"] == pytest.approx(float(pds.GetRasterBand(2).ReadAsArray()[r, c]), abs=1e-5)
    with open(tmp / "why.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["band"] for r in sorted(rows, key=lambda r: r["band"])] == ["contact_distance", "fault_distance",
                                                                        "geology"]
    total = sum(float(r["contribution"]) for r in rows)
    assert total - (out["PROBABILITY"] - out["BASELINE_PROBABILITY"]) == pytest.approx(out["COMPLETENESS_GAP"],
                                                                                      abs=1e-4)
    assert abs(out["COMPLETENESS_GAP"]) <= 0.05  # 128 steps, doubled where the gap is larger
    for name in ("why.png", "window.png"):
        assert (tmp / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out["WHY_HERE"] and out["WHY_HERE"].split(":")[0].replace(" ", "_").split("_")[0] in (
        "geology", "fault", "contact")


def test_bottom_row_explained_as_the_map_shows_it(murchison, tmp_path):
    """A stack whose row count leaves one row past the last whole stride block (94 rows, stride 3):
    the map's bottom row takes the value of the window its block centre clips to, the same window
    "why here" explains (before, a strip's padded rows were one short and the map clipped one row
    higher than the explanation)."""
    import torch

    from mfaf.mfaf_plugin.prediction.attribution import explain_pixels
    from mfaf.mfaf_plugin.prediction.inference import load_predictor
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    torch.set_num_threads(1)
    model = load_predictor(str(MODEL), "cpu")
    stride = int(model[1]["stride"])
    assert stride == 3
    src = gdal.Open(murchison["stack"])
    rows = 94
    cropped = str(tmp_path / "stack94.tif")
    dst = gdal.Translate(cropped, src, srcWin=[0, 0, src.RasterXSize, rows])
    dst.SetMetadata(src.GetMetadata("MFAF"), "MFAF")  # the stack's description (bands, normalisation)
    dst = None
    out = str(tmp_path / "prob94.tif")
    predict_map(cropped, model, out, stride=stride, device="cpu")
    pds = gdal.Open(out)  # kept open while its band is read (GDAL's Python bindings)
    prob = pds.GetRasterBand(1).ReadAsArray()
    pds = None
    ds = gdal.Open(cropped)
    pixels = np.array([[rows - 1, 40], [rows - 1, 55]])
    got = explain_pixels(ds, model, pixels, stride=stride)
    for (r, c), e in zip(pixels, got):
        assert e["probability"] == pytest.approx(float(prob[r, c]), abs=1e-5)
