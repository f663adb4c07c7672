"""The README's main job (scripts/demo.sh, `make demo` without setup) on the embedded real
Murchison example: the bundled model predicts, and the map, cells, PNG and report are written
on the stack's grid."""

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
    for gpkg, table in (("target_cells.gpkg", "target_cells"), ("tile_grid.gpkg", "tile_grid")):
        rows = _layer_styles(out / gpkg)
        assert [(r[0], r[2]) for r in rows] == [(table, 1)], rows
        assert "<renderer-v2" in rows[0][3]
    prob = QgsRasterLayer(str(out / "prospectivity.tif"), "prospectivity", "gdal")
    assert prob.renderer().type() == "singlebandpseudocolor"
    assert "Ore probability" in prob.dataProvider().displayBandName(1)
    assert QgsRasterLayer(str(out / "evidence_stack.tif"), "stack", "gdal").renderer().type() == "singlebandgray"
    cells = QgsVectorLayer(str(out / "target_cells.gpkg"), "cells", "ogr")
    assert cells.renderer().type() == "graduatedSymbol" and cells.renderer().classAttribute() == "probability"
    # labels on the target cells only (not on all cells)
    assert cells.labelsEnabled() and cells.labeling().type() == "rule-based"
    rules = cells.labeling().rootRule().children()
    assert [(r.filterExpression(), r.settings().fieldName) for r in rules] == [('"target" = 1', "rank")]
    tiles = QgsVectorLayer(str(out / "tile_grid.gpkg"), "tiles", "ogr")
    assert tiles.renderer().type() == "RuleRenderer"
    assert {r.filterExpression() for r in tiles.renderer().rootRule().children()} >= {
        "\"split\" = 'train'", "\"split\" = 'test'", '"label" = 1'}


@pytest.mark.slow
def test_demo_with_bundled_model(qgis_app, tmp_path):
    out = tmp_path / "demo"
    env = dict(os.environ, MFAF_DEMO_OUT=str(out), QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    res = subprocess.run(["bash", str(REPO / "scripts" / "demo.sh")], capture_output=True, text=True,
                         env=env, timeout=900)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "Summary (Murchison gold example)" in res.stdout
    assert "resources/model/mfaf_murchison.pt" in res.stdout
    assert "held-out test tiles:    AUC 0." in res.stdout
    for name in ("evidence_stack.tif", "prospectivity.tif", "target_cells.gpkg", "prospectivity_map.png",
                 "report.html", "tiles.npz"):
        assert (out / name).stat().st_size > 0, name
    stack, prob = gdal.Open(str(out / "evidence_stack.tif")), gdal.Open(str(out / "prospectivity.tif"))
    assert prob.GetGeoTransform() == stack.GetGeoTransform()
    assert prob.GetProjection() == stack.GetProjection()
    cells_ds = ogr.Open(str(out / "target_cells.gpkg"))  # keep the dataset alive while its layer is read
    n_target = sum(1 for f in cells_ds.GetLayer(0) if f.GetField("target") == 1)
    assert "target cells:           {}".format(n_target) in res.stdout
    # the bundled model separates gold cells from the rest on this, its own area
    share = [line for line in res.stdout.splitlines() if "known deposits covered" in line][0]
    assert float(share.split(":")[1].split("%")[0]) > 50.0
    html = (out / "report.html").read_text()
    for heading in ("Success-rate curve", "Held-out test split", "Influence of each evidence layer"):
        assert heading in html
    assert html.count("data:image/png;base64,") >= 4
    assert "learned channel-attention weight per input band" in html
    _check_styles_travel(out)


@pytest.mark.slow
def test_demo_retrain_outputs_open_in_qgis(qgis_app, tmp_path):
    """RETRAIN=1: mfaf:trainmodel runs through qgis_process on the real Murchison stack (short
    config), then predict; the outputs open as QGIS layers on the stack's grid and CRS."""
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    out = tmp_path / "demo"
    env = dict(os.environ, MFAF_DEMO_OUT=str(out), RETRAIN="1", DEMO_EPOCHS="2",
               QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"))
    res = subprocess.run(["bash", str(REPO / "scripts" / "demo.sh")], capture_output=True, text=True,
                         env=env, timeout=900)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "model:                  " in res.stdout and "model.pt" in res.stdout
    assert (out / "training_metrics.csv").read_text().count("\n") == 3  # header + 2 epochs
    stack = QgsRasterLayer(str(out / "evidence_stack.tif"), "stack", "gdal")
    prob = QgsRasterLayer(str(out / "prospectivity.tif"), "prob", "gdal")
    cells = QgsVectorLayer(str(out / "target_cells.gpkg"), "cells", "ogr")
    assert stack.isValid() and prob.isValid() and cells.isValid()
    assert prob.crs() == stack.crs() and prob.crs().authid() == "EPSG:20350"
    assert cells.crs() == stack.crs()
    assert prob.extent() == stack.extent()
    assert (prob.width(), prob.height()) == (stack.width(), stack.height())
    # cells tile the stack's complete windows from its top-left corner
    assert cells.extent().xMinimum() == pytest.approx(stack.extent().xMinimum())
    assert cells.extent().yMaximum() == pytest.approx(stack.extent().yMaximum())
