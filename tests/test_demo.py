"""The README's main job (scripts/demo.sh, `make demo` without setup) on the embedded real
Murchison example: the bundled model predicts, and the map, drill targets (layer and CSV), all
cells, PNG and report are written on the stack's grid; the summary states the model's
cross-validated figures against the baselines and the drill and greenfield targets."""

import os
import subprocess

import pytest
from osgeo import gdal, ogr

from mfaf_testing import REPO


def _layer_styles(gpkg):
    """Rows (table, style name, use as default, QML) of a GeoPackage's layer_styles table."""
    import sqlite3

    with sqlite3.connect(str(gpkg)) as db:
        return db.execute("SELECT f_table_name, styleName, useAsDefault, styleQML FROM layer_styles").fetchall()


def _check_styles_travel(out):
    """Outputs written by qgis_process carry their style: QML sidecars beside the rasters, the
    default style in each GeoPackage's layer_styles table; QGIS applies them when it opens the files."""
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    assert 'type="singlebandpseudocolor"' in (out / "prospectivity.qml").read_text()
    assert 'type="singlebandgray"' in (out / "evidence_stack.qml").read_text()
    for gpkg, table in (("all_cells.gpkg", "all_cells"), ("drill_targets.gpkg", "drill_targets"),
                        ("target_zones.gpkg", "target_zones")):
        rows = _layer_styles(out / gpkg)
        assert [(r[0], r[2]) for r in rows] == [(table, 1)], rows
        assert "<renderer-v2" in rows[0][3]
    prob = QgsRasterLayer(str(out / "prospectivity.tif"), "prospectivity", "gdal")
    assert prob.renderer().type() == "singlebandpseudocolor"
    # the bundled model comes from mfaf:crossvalidate, which records a calibration: the band is named
    # a score whose legend gives the calibrated chance
    assert "Network score" in prob.dataProvider().displayBandName(1)
    assert "calibrated chance" in prob.dataProvider().displayBandName(1)
    assert "top 1 %" in (out / "prospectivity.qml").read_text()  # the legend names shares of the map
    assert QgsRasterLayer(str(out / "evidence_stack.tif"), "stack", "gdal").renderer().type() == "singlebandgray"
    cells = QgsVectorLayer(str(out / "all_cells.gpkg"), "cells", "ogr")
    assert cells.renderer().type() == "singleSymbol"  # outlines only: no colour outside the legend
    assert not cells.labelsEnabled()  # the ranks are labelled once, on the drill targets
    targets = QgsVectorLayer(str(out / "drill_targets.gpkg"), "targets", "ogr")
    assert targets.labelsEnabled() and targets.labeling().settings().fieldName == "rank"
    assert targets.renderer().type() == "RuleRenderer"


def _summary_number(stdout, label):
    line = next(ln for ln in stdout.splitlines() if ln.strip().startswith(label))
    return line.split(":", 1)[1].split()


@pytest.mark.slow
def test_demo_with_bundled_model(qgis_app, tmp_path):
    import csv
    from qgis.core import QgsVectorLayer

    out = tmp_path / "demo"
    env = dict(os.environ, MFAF_DEMO_OUT=str(out), QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    res = subprocess.run(["bash", str(REPO / "scripts" / "demo.sh")], capture_output=True, text=True,
                         env=env, timeout=900)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "Summary (Murchison gold example)" in res.stdout
    assert "resources/model/mfaf_murchison.pt" in res.stdout
    # the bundled model's out-of-fold figures and the comparison with the baselines, in words
    assert "cross-validation (5 spatial folds" in res.stdout
    for label in ("MFAF network", "Logistic regression (cell values)", "Balanced random forest (cell values)",
                  "Balanced random forest (window statistics)"):
        assert label in res.stdout, label
    verdict = next(ln for ln in res.stdout.splitlines() if "beat the baselines?" in ln).split("?", 1)[1].split()
    assert verdict[0] in ("Yes:", "No:", "Not") and len(verdict) > 5
    for name in ("evidence_stack.tif", "prospectivity.tif", "drill_targets.gpkg", "drill_targets.csv",
                 "all_cells.gpkg", "prospectivity_map.png", "report.html"):
        assert (out / name).stat().st_size > 0, name
    stack, prob = gdal.Open(str(out / "evidence_stack.tif")), gdal.Open(str(out / "prospectivity.tif"))
    assert prob.GetGeoTransform() == stack.GetGeoTransform()
    assert prob.GetProjection() == stack.GetProjection()
    assert prob.RasterCount == 2  # probability and spread of the ensemble
    with open(out / "drill_targets.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    targets_ds = ogr.Open(str(out / "drill_targets.gpkg"))  # keep the dataset alive while its layer is read
    targets = list(targets_ds.GetLayer(0))
    cells_ds = ogr.Open(str(out / "all_cells.gpkg"))
    n_target = sum(1 for f in cells_ds.GetLayer(0) if f.GetField("target") == 1)
    words = _summary_number(res.stdout, "drill targets:")
    assert int(words[0]) == n_target == len(targets) == len(rows) > 0
    n_green = sum(1 for f in targets if f.GetField("greenfield") == 1)
    assert words[words.index("of") - 1] == str(n_green) == str(sum(1 for r in rows if r["greenfield"] == "1"))
    # the bundled model separates gold cells from the rest on this, its own area
    share = [line for line in res.stdout.splitlines() if "known deposits covered" in line][0]
    assert float(share.split(":")[1].split("%")[0]) > 50.0
    html = (out / "report.html").read_text()
    for heading in ("About this run", "Where to drill", "Drill targets, greenfield first", "Prediction-area plot",
                    "Capture table", "Cross-validation: the network against classical baselines",
                    "Did the network beat the classical baselines?", "Evidence layers"):
        assert heading in html, heading
    assert html.count("data:image/png;base64,") == 4  # map, P-A plot, evidence, target zones
    # the zones: summary, CSV and layer agree; the first greenfield zones say why there
    words = _summary_number(res.stdout, "target zones:")
    with open(out / "target_zones.csv", newline="", encoding="utf-8") as fh:
        zones = list(csv.DictReader(fh))
    assert int(words[0]) == len(zones) > 0 and words[words.index("them") - 2] == str(
        sum(1 for z in zones if z["greenfield"] == "1"))
    assert all(z["why_here"] for z in zones[:20]) and "Why here" in html and "Target zones" in html
    assert sum(1 for line in res.stdout.splitlines() if "why here: geology" in line or "why here: fault" in line
               or "why here: contact" in line) >= 1
    zones_layer = QgsVectorLayer(str(out / "target_zones.gpkg"), "zones", "ogr")
    assert zones_layer.labelsEnabled() and zones_layer.labeling().settings().fieldName == "rank"
    assert "models.band_attention" not in html and "mfaf_shufflenetv2" not in html
    _check_styles_travel(out)
    _check_screenshots_record(rows)


def _check_screenshots_record(rows):
    """docs/*.png show this demo: the run recorded with them (scripts/screenshots.py writes
    docs/screenshots.json) has the target count and rank-1 target the demo produces now."""
    import json

    path = REPO / "docs" / "screenshots.json"
    assert path.is_file(), "no record of the screenshots' run: run scripts/screenshots.py"
    record = json.loads(path.read_text(encoding="utf-8"))
    first = min(rows, key=lambda r: int(r["rank"]))
    now = {"targets": len(rows), "easting": float(first["easting"]), "northing": float(first["northing"]),
           "probability": float(first["probability"])}
    assert record["demo"] == now, "docs/ shows another run than the demo's today: rerun scripts/screenshots.py"


@pytest.mark.slow
def test_demo_retrain_outputs_open_in_qgis(qgis_app, tmp_path):
    """RETRAIN=1: mfaf:crossvalidate runs through qgis_process on the real Murchison stack (short
    config: 3 folds, 1 seed, 1 epoch) and writes a model, which then predicts; the outputs open
    as QGIS layers on the stack's grid and CRS."""
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    out = tmp_path / "demo"
    env = dict(os.environ, MFAF_DEMO_OUT=str(out), RETRAIN="1", DEMO_EPOCHS="1",
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    res = subprocess.run(["bash", str(REPO / "scripts" / "demo.sh")], capture_output=True, text=True,
                         env=env, timeout=900)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "model:                  " in res.stdout and "model.pt" in res.stdout
    assert "cross-validation (3 spatial folds" in res.stdout
    with open(out / "cv" / "cv_summary.csv", newline="") as fh:
        assert fh.read().count("\n") == 5  # header + the network + 3 baselines
    stack = QgsRasterLayer(str(out / "evidence_stack.tif"), "stack", "gdal")
    prob = QgsRasterLayer(str(out / "prospectivity.tif"), "prob", "gdal")
    cells = QgsVectorLayer(str(out / "all_cells.gpkg"), "cells", "ogr")
    targets = QgsVectorLayer(str(out / "drill_targets.gpkg"), "targets", "ogr")
    assert stack.isValid() and prob.isValid() and cells.isValid() and targets.isValid()
    assert prob.crs() == stack.crs() and prob.crs().authid() == "EPSG:20350"
    assert cells.crs() == stack.crs() == targets.crs()
    assert prob.extent() == stack.extent()
    assert (prob.width(), prob.height()) == (stack.width(), stack.height())
    # cells tile the stack's complete windows from its top-left corner
    assert cells.extent().xMinimum() == pytest.approx(stack.extent().xMinimum())
    assert cells.extent().yMaximum() == pytest.approx(stack.extent().yMaximum())
