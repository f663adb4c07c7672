"""The shipped modeler pipeline (resources/models/mfaf_pipeline.model3, built by
scripts/build_pipeline_model.py): valid as shipped (no red step in the modeler), inputs in
workflow order, geochemistry optional, report and map among its outputs; it runs end to end
through qgis_process on the demo's geology-and-faults area and on real geochemistry (the Kola
moss survey, with the smelter-area sites as the label points; tests/data)."""

import pytest
from osgeo import gdal

from mfaf_testing import REPO, kola_layers, qgis_process_json

MODEL = REPO / "resources" / "models" / "mfaf_pipeline.model3"
EX = REPO / "resources" / "example"
WORKFLOW = ["01_geology", "02_faults", "03_samples", "04_deposits", "05_extent", "06_cell_size",
            "07_screen_radius", "08_tile_size", "09_epochs", "10_seed"]


def test_shipped_pipeline_validates(mfaf_provider):
    from mfaf.algorithms.qgis_compat import OPTIONAL
    from qgis.core import QgsProcessingModelAlgorithm

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(MODEL))
    ok, errors = model.validate()
    assert ok, errors
    for child_id in model.childAlgorithms():
        ok, errors = model.validateChildAlgorithm(child_id)
        assert ok, (child_id, errors)
        # and, independently of validate(): every mandatory input of every step has a source
        child = model.childAlgorithm(child_id)
        for definition in child.algorithm().parameterDefinitions():
            if definition.isDestination() or definition.flags() & OPTIONAL:
                continue
            assert child.parameterSources().get(definition.name()), (child_id, definition.name())
    inputs = [d for d in model.parameterDefinitions() if not d.isDestination()]
    assert [d.name() for d in inputs] == WORKFLOW  # the order the dialog shows them in
    optional = {d.name() for d in inputs if d.flags() & OPTIONAL}
    assert {"01_geology", "02_faults", "03_samples", "05_extent"} <= optional
    assert "04_deposits" not in optional
    ys = [model.parameterComponent(name).position().y() for name in WORKFLOW]
    assert ys == sorted(ys)  # top to bottom in the modeler too
    outputs = {d.name() for d in model.parameterDefinitions() if d.isDestination()}
    assert {"predict:Report", "predict:Map", "predict:Ore probability", "predict:Drill targets",
            "predict:All cells", "train:Trained model", "stack:Evidence stack"} <= outputs
    assert mfaf_provider.algorithm("pipeline").helpUrl().endswith("docs/index.html#pipeline")


def _outputs(tmp_path):
    return {
        "stack:Evidence stack": tmp_path / "stack.tif",
        "train:Trained model": tmp_path / "model.pt",
        "predict:Ore probability": tmp_path / "prob.tif",
        "predict:Drill targets": tmp_path / "targets.gpkg",
        "predict:All cells": tmp_path / "cells.gpkg",
        "predict:Report": tmp_path / "report.html",
        "predict:Map": tmp_path / "map.png",
    }


def _check_run(data, out):
    results = data["results"]
    for key, path in out.items():
        assert path.exists() and path.stat().st_size > 0, key
        assert results[key] == str(path)
    stack = gdal.Open(str(out["stack:Evidence stack"]))
    prob = gdal.Open(str(out["predict:Ore probability"]))
    # the map is on the stack's grid
    assert prob.GetGeoTransform() == stack.GetGeoTransform()
    assert prob.RasterXSize == stack.RasterXSize and prob.RasterYSize == stack.RasterYSize
    a = prob.GetRasterBand(1).ReadAsArray()
    valid = a != prob.GetRasterBand(1).GetNoDataValue()
    assert valid.any() and (a[valid] >= 0).all() and (a[valid] <= 1).all()
    assert (out["predict:Ore probability"].parent / "prob.qml").is_file()  # styles travel
    assert "<html" in out["predict:Report"].read_text().lower()
    return stack


@pytest.mark.slow
def test_pipeline_runs_on_demo_area_without_geochemistry(tmp_path):
    """The demo's area has geology, faults and deposits but no geochemistry: screening and IDW are
    skipped and the stack is built from geology and faults on the given extent."""
    out = _outputs(tmp_path)
    data = qgis_process_json(
        "run", "mfaf:pipeline", "--", "01_geology={}".format(EX / "murchison_greenstone.geojson"),
        "02_faults={}".format(EX / "murchison_faults.geojson"),
        "04_deposits={}".format(EX / "murchison_gold_deposits.geojson"),
        "05_extent=352782.9,682589.6,6699742.0,7101484.0 [EPSG:20350]", "06_cell_size=3000", "09_epochs=1",
        *["{}={}".format(k, v) for k, v in out.items()], env={"OMP_NUM_THREADS": "2"})
    stack = _check_run(data, out)
    names = [stack.GetRasterBand(i + 1).GetDescription() for i in range(stack.RasterCount)]
    assert len(names) == 2 and stack.GetGeoTransform()[1] == 3000  # geology and fault distance, 3 km cells
    assert "No geochemical samples given" in " ".join(data["log"]["info"])


@pytest.mark.slow
def test_pipeline_model_runs_on_kola(tmp_path):
    samples, deposits = kola_layers(tmp_path, ["Ni", "Cu", "Co", "As", "Pb", "Mn", "Hg", "Sc"])
    out = _outputs(tmp_path)
    data = qgis_process_json(
        "run", "mfaf:pipeline", "--", "03_samples={}".format(samples), "04_deposits={}".format(deposits),
        "06_cell_size=5000", "07_screen_radius=10000", "08_tile_size=8", "09_epochs=1", "10_seed=0",
        *["{}={}".format(k, v) for k, v in out.items()], env={"OMP_NUM_THREADS": "2"})
    stack = _check_run(data, out)
    names = [stack.GetRasterBand(i + 1).GetDescription() for i in range(stack.RasterCount)]
    assert "Ni" in names and "Hg" not in names  # the stack's bands are the screened elements
