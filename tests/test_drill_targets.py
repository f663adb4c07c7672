"""Drill targets, the prediction-area plot and the plain-words report (issue 10, items 1 and 2).

Expectations are derived here from the written files and the stack's geotransform, never with
the helpers the code under test calls: centres from the geotransform and the cell numbering
(row by row from 1), longitude and latitude from an osr transformation made here, deposits
counted per cell by hand, prediction-area shares by brute force over the thresholds.
"""

import csv
import json

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from mfaf_testing import REPO
from test_prediction import BANDS, COLS, EPSG, GT, ROWS, TILE, generated_case

EX = REPO / "resources" / "example"
MODEL = REPO / "resources" / "model" / "mfaf_murchison.pt"


def _lonlat(points, wkt):
    src = osr.SpatialReference(wkt=wkt)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(src, dst)
    return np.array([tr.TransformPoint(float(x), float(y))[:2] for x, y in points])


def _features(path):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(str(path), "l", "ogr")
    assert layer.isValid(), path
    return layer, list(layer.getFeatures())


def _deposits_per_cell(xy, gt, tile, n_cols, shape):
    """Known deposits per cell id, counted by hand (pixel = floor of the offset over the pixel size)."""
    c = np.floor((xy[:, 0] - gt[0]) / gt[1]).astype(int)
    r = np.floor((xy[:, 1] - gt[3]) / gt[5]).astype(int)
    keep = (r >= 0) & (c >= 0) & (r < shape[0] // tile * tile) & (c < n_cols * tile)
    ids = (r[keep] // tile) * n_cols + c[keep] // tile + 1
    return {int(k): int(v) for k, v in zip(*np.unique(ids, return_counts=True))}


def _check_targets(targets, cells, gt, tile, n_cols, wkt, per_cell):
    """The targets layer against the all-cells layer, the geotransform, osr and hand counts."""
    want = sorted((f["cell_id"] for f in cells if f["target"] == 1), key=lambda i: -[
        f["probability"] for f in cells if f["cell_id"] == i][0])
    assert [f["cell_id"] for f in sorted(targets, key=lambda f: f["rank"])] == want
    assert sorted(f["rank"] for f in targets) == list(range(1, len(want) + 1))
    prob = {f["cell_id"]: f["probability"] for f in cells}
    for f in targets:
        row, col = divmod(f["cell_id"] - 1, n_cols)
        x = gt[0] + (col * tile + tile / 2.0) * gt[1]
        y = gt[3] + (row * tile + tile / 2.0) * gt[5]
        assert (f["easting"], f["northing"]) == (pytest.approx(x, abs=0.01), pytest.approx(y, abs=0.01))
        centre = f.geometry().centroid().asPoint()
        assert (centre.x(), centre.y()) == (pytest.approx(x), pytest.approx(y))
        assert f["probability"] == pytest.approx(round(prob[f["cell_id"]], 2))
        n = per_cell.get(f["cell_id"], 0)
        assert f["deposits"] == n and f["greenfield"] == int(n == 0)
    lonlat = _lonlat([(f["easting"], f["northing"]) for f in targets], wkt)
    assert np.allclose([(f["longitude"], f["latitude"]) for f in targets], lonlat, atol=2e-6)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return generated_case(tmp_path_factory.mktemp("targets"))


def test_drill_targets_generated_stack(generated, run_alg):
    """GENERATED stack (3 x 4 cells of 32 px, EPSG:32750), tiny untrained model: the threshold is
    set between the 5th and 6th best cells, deposits put in two cells by hand."""
    from qgis.core import NULL, QgsVectorLayer

    from mfaf.mfaf_plugin.prediction.predict import predict_map

    folder = generated["folder"]
    first = predict_map(generated["stack"], generated["model"], str(folder / "probe.tif"), device="cpu")
    probs = sorted((c["probability"] for c in first["cells"]), reverse=True)
    threshold = (probs[4] + probs[5]) / 2
    best = min(first["cells"], key=lambda c: c["rank"])
    xb, yb = (best["bounds"][0] + best["bounds"][2]) / 2, (best["bounds"][1] + best["bounds"][3]) / 2
    deposits = [(xb, yb), (xb + 300, yb - 300), (GT[0] + 100, GT[3] - 100)]  # 2 in the best cell, 1 in cell 1
    path = folder / "deps.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:EPSG::{}".format(EPSG)}}, "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": p}} for p in deposits]}))
    res = run_alg("mfaf:predictprospectivity", {
        "INPUT": generated["stack"], "MODEL": generated["model"], "THRESHOLD": threshold, "DEPOSITS": str(path),
        "DEVICE": 1, "OUTPUT": str(folder / "prob.tif"), "OUTPUT_CELLS": str(folder / "all_cells.gpkg"),
        "OUTPUT_TARGETS": str(folder / "targets.gpkg"), "OUTPUT_TARGETS_CSV": str(folder / "targets.csv")})
    _, cells = _features(res["OUTPUT_CELLS"])
    layer, targets = _features(res["OUTPUT_TARGETS"])
    assert len(targets) == 5 == res["TARGET_CELLS"]
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    per_cell = _deposits_per_cell(np.array(deposits), GT, TILE, 4, (ROWS, COLS))
    _check_targets(targets, cells, GT, TILE, 4, srs.ExportToWkt(), per_cell)
    assert all(f["crs"].startswith("EPSG:32750") for f in targets) and layer.crs().authid() == "EPSG:32750"
    assert res["GREENFIELD_TARGETS"] == sum(1 for f in targets if f["deposits"] == 0)
    assert any(f["greenfield"] == 0 for f in targets)  # the best cell holds two deposits
    assert all(f["spread"] == NULL for f in targets)  # grid model: no spread band
    with open(res["OUTPUT_TARGETS_CSV"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_rank = {f["rank"]: f for f in targets}
    assert [int(r["rank"]) for r in rows] == sorted(by_rank)
    for r in rows:
        f = by_rank[int(r["rank"])]
        for key in ("cell_id", "deposits", "greenfield"):
            assert int(r[key]) == f[key]
        for key in ("probability", "easting", "northing", "longitude", "latitude", "agreement"):
            assert float(r[key]) == pytest.approx(f[key])
        assert r["crs"] == f["crs"] and r["spread"] == ""
    # the targets carry their rank labels and greenfield outlines when QGIS opens the file
    opened = QgsVectorLayer(res["OUTPUT_TARGETS"], "t", "ogr")
    assert opened.labelsEnabled() and opened.labeling().settings().fieldName == "rank"
    assert {r.filterExpression() for r in opened.renderer().rootRule().children()} >= {'"greenfield" = 1'}


def test_drill_targets_bundled_model_on_murchison(run_alg, tmp_path):
    """Real data (Murchison gold, GSWA) and the bundled ensemble: a 96 km square of the demo's stack.
    The spread of a target is the mean of band 2 of the map over its cell, computed here."""
    from mfaf.mfaf_plugin.training.modelio import read_model_file

    meta = read_model_file(str(MODEL))["meta"]
    assert meta["framing"] == "centred" and int(meta["ensemble"]) >= 2
    stack = run_alg("mfaf:stacklayers", {
        "GEOLOGY": str(EX / "murchison_greenstone.geojson"), "CONTACT_DISTANCE": True,
        "FAULTS": str(EX / "murchison_faults.geojson"), "FAULT_MODE": 0,
        "EXTENT": "520000,616000,6900000,6996000 [EPSG:20350]", "PIXEL_SIZE": 1000, "TARGET_CRS": "EPSG:20350",
        "NORMALIZE_LIKE": str(MODEL), "OUTPUT": str(tmp_path / "stack.tif")})["OUTPUT"]
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    deposits = str(EX / "murchison_gold_deposits.geojson")
    probe = predict_map(stack, str(MODEL), str(tmp_path / "probe.tif"), device="cpu")
    probs = sorted((c["probability"] for c in probe["cells"]), reverse=True)
    res = run_alg("mfaf:predictprospectivity", {
        "INPUT": stack, "DEPOSITS": deposits, "THRESHOLD": (probs[9] + probs[10]) / 2, "DEVICE": 1,
        "OUTPUT": str(tmp_path / "prob.tif"), "OUTPUT_CELLS": str(tmp_path / "cells.gpkg"),
        "OUTPUT_TARGETS": str(tmp_path / "targets.gpkg"), "REPORT": str(tmp_path / "report.html")})
    ds = gdal.Open(stack)
    gt, wkt = ds.GetGeoTransform(), ds.GetProjection()
    _, cells = _features(res["OUTPUT_CELLS"])
    _, targets = _features(res["OUTPUT_TARGETS"])
    assert len(targets) == 10  # the threshold lies between the 10th and 11th best cells
    src = ogr.Open(deposits)
    xy = np.array([f.GetGeometryRef().GetPoint_2D() for f in src.GetLayer(0)])
    per_cell = _deposits_per_cell(xy, gt, 16, 6, (96, 96))
    _check_targets(targets, cells, gt, 16, 6, wkt, per_cell)
    assert {f["greenfield"] for f in targets} == {0, 1}  # brownfield and greenfield targets on this square
    assert all(f["crs"].startswith("EPSG:20350 - AGD84 / AMG zone 50") for f in targets)
    prob = gdal.Open(res["OUTPUT"])  # keep the dataset alive while its band is read
    spread = prob.GetRasterBand(2)
    for f in targets:
        row, col = divmod(f["cell_id"] - 1, 6)
        block = spread.ReadAsArray(col * 16, row * 16, 16, 16)
        assert f["spread"] == pytest.approx(block[block != spread.GetNoDataValue()].mean(), abs=1e-4)
        assert f["spread"] > 0  # the ensemble's members disagree somewhat everywhere
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    greenfield = [f["rank"] for f in sorted(targets, key=lambda f: (f["greenfield"] != 1, f["rank"]))]
    table = html[html.index("Drill targets, greenfield first"):]
    cells_in_order = [int(x.split("<td>")[1].split("</td>")[0]) for x in table.split("<tr>")[2:2 + len(targets)]]
    assert cells_in_order == greenfield
    # the model made by cross-validation records its figures against the baselines: the report says who won
    assert "Did the network beat the classical baselines?" in html
    for label in ("Logistic regression (cell values)", "Balanced random forest (window statistics)"):
        assert label in html


def test_prediction_area_curve_by_brute_force():
    from mfaf.mfaf_plugin.reports.prediction_area import capture_shares, prediction_area_curve

    rng = np.random.default_rng(5)
    values = np.round(rng.random(400), 2)  # ties on purpose
    deposits = (rng.random(400) < values ** 3 * 0.2).astype(int) + (values > 0.97)
    curve = prediction_area_curve(values, deposits)
    for level, area, dep in zip(curve["levels"], curve["area"], curve["deposits"]):
        above = values >= level
        assert area == pytest.approx(above.mean()) and dep == pytest.approx(deposits[above].sum() / deposits.sum())
    level, dep, area = curve["crossing"]
    # brute force: between the two thresholds where 'deposits + area' passes 100 %
    gaps = [(deposits[values >= t].sum() / deposits.sum()) + (values >= t).mean() - 1 for t in curve["levels"]]
    i = next(k for k, g in enumerate(gaps) if g >= 0)
    assert curve["levels"][i] <= level <= curve["levels"][i - 1]
    assert dep + area == pytest.approx(1.0, abs=1e-9) and dep > 0.5  # better than chance
    # capture: the top 10 % of the area are the 40 highest cells; ties at the cut shared in proportion
    order = np.sort(values)[::-1]
    cut = order[39]
    full = deposits[values > cut].sum()
    tied = values == cut
    share = (full + deposits[tied].sum() * (40 - (values > cut).sum()) / tied.sum()) / deposits.sum()
    assert capture_shares(values, deposits)["top10"] == pytest.approx(share)


def test_plain_sentences_for_held_out_tiles(generated, tmp_path):
    """A held-out evaluation built by hand: 4 ore tiles of which 2 reach the threshold."""
    from mfaf.mfaf_plugin.prediction.predict import predict_map
    from mfaf.mfaf_plugin.reports.prediction_report import write_prediction_report
    from mfaf.mfaf_plugin.reports.prediction_text import share_words

    assert [share_words(k, n) for k, n in ((0, 4), (2, 4), (4, 4), (1, 3), (3, 4), (7, 20))] == [
        "none", "half", "all", "a third", "three quarters", "7"]
    res = predict_map(generated["stack"], generated["model"], str(tmp_path / "p.tif"), device="cpu")
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    p = np.array([0.9, 0.7, 0.2, 0.1, 0.6, 0.3, 0.2, 0.1, 0.1, 0.05])
    test_eval = {"y": y, "p_ore": p, "n": 10, "metrics": {"accuracy": 0.7, "auc": 0.875, "recall": 0.5,
                                                          "precision": 2 / 3, "f1": 0.571}}
    write_prediction_report(str(tmp_path / "r.html"), res, test_eval=test_eval)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "2 of the 4 held-out ore tiles reach the threshold: half of them were missed." in html
    assert "7 of the 10 held-out tiles (never used in training) were classed correctly" in html
    assert "Of the 3 held-out tiles called ore, 2 hold a deposit." in html


def test_report_maps_uncertainty_and_unpredicted_margin(generated, tmp_path):
    """Grid model: the uncertainty map is the branches' disagreement of each cell; the 4 rows and 2
    columns beyond the last whole window hold data but no prediction (hatched, counted, explained)."""
    from mfaf.mfaf_plugin.prediction.predict import predict_map
    from mfaf.mfaf_plugin.reports.prediction_report import read_maps, write_prediction_report

    deps = np.array([[GT[0] + 129.5 * 250, GT[3] - 10 * 250], [GT[0] + 40 * 250, GT[3] - 40 * 250]])
    res = predict_map(generated["stack"], generated["model"], str(tmp_path / "p.tif"), device="cpu", deposits_xy=deps)
    maps = read_maps(res)
    assert maps["unpredicted"].sum() == ROWS * COLS - 96 * 128  # the margin; the nodata hole is not data
    assert not maps["unpredicted"][:96, :128].any()
    for c in res["cells"]:
        block = maps["uncertainty"][c["yoff"]:c["yoff"] + TILE, c["xoff"]:c["xoff"] + TILE]
        assert np.allclose(block, 1.0 - c["agreement"])
    assert np.isnan(maps["uncertainty"][96:, :]).all()
    write_prediction_report(str(tmp_path / "r.html"), res, deposits_xy=deps)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Hatched: 44 km\u00b2 hold data in every evidence layer but got no prediction" in html  # 712 px of 1/16 km2
    assert "1 known deposit lies there" in html
    assert len(BANDS) == 3 and html.count("data:image/png;base64,") == 3  # map, P-A plot, evidence maps
