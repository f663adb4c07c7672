"""The shipped modeler pipeline (resources/models/mfaf_pipeline.model3) runs end to end through
qgis_process on real data: the South China lithium element grids as sample points (as QGIS
"Raster pixels to points" makes them) with the lithium deposit cells as deposits."""

import pytest
from osgeo import gdal

from mfaf_testing import lithium_layers, qgis_process_json


@pytest.mark.slow
def test_pipeline_model_runs_on_lithium(tmp_path):
    samples, deposits = lithium_layers(tmp_path, ["Li", "Nb", "Sn", "W", "Be", "Cu", "Pb", "Zn"])
    out = {
        "stack:Evidence stack": tmp_path / "stack.tif",
        "train:Trained model": tmp_path / "model.pt",
        "predict:Prospectivity": tmp_path / "prob.tif",
        "predict:Target cells": tmp_path / "cells.gpkg",
    }
    data = qgis_process_json(
        "run", "mfaf:pipeline", "--", "samples={}".format(samples), "deposits={}".format(deposits),
        "pixel_size=5000", "search_radius=10000", "tile_size=8", "epochs=1", "seed=0",
        *["{}={}".format(k, v) for k, v in out.items()])
    results = data["results"]
    for key, path in out.items():
        assert path.exists(), key
        assert results[key] == str(path)
    stack = gdal.Open(str(out["stack:Evidence stack"]))
    prob = gdal.Open(str(out["predict:Prospectivity"]))
    # the map is on the stack's grid, and its bands are the screened elements
    assert prob.GetGeoTransform() == stack.GetGeoTransform()
    assert prob.RasterXSize == stack.RasterXSize and prob.RasterYSize == stack.RasterYSize
    names = [stack.GetRasterBand(i + 1).GetDescription() for i in range(stack.RasterCount)]
    assert "Li" in names
    a = prob.GetRasterBand(1).ReadAsArray()
    valid = a != prob.GetRasterBand(1).GetNoDataValue()
    assert valid.any() and (a[valid] >= 0).all() and (a[valid] <= 1).all()
