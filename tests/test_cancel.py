"""Cancel works in every data-preparation algorithm and leaves no output file behind (the model
algorithms have their own cancel tests in test_training / test_prediction / test_evaluation)."""

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from mfaf_testing import REPO, kola_layers

EX = REPO / "resources" / "example"
EXTENT = "352782.9,682589.6,6699742.0,7101484.0 [EPSG:20350]"


def _cancel_on_first_progress():
    feedback = QgsProcessingFeedback()
    feedback.progressChanged.connect(lambda _p: feedback.cancel())
    return feedback


@pytest.fixture(scope="module")
def murchison_stack(tmp_path_factory):
    import processing
    from qgis.core import QgsProcessingContext

    path = tmp_path_factory.mktemp("stack") / "stack.tif"
    processing.run("mfaf:stacklayers", {
        "EXTENT": EXTENT, "PIXEL_SIZE": 4000, "TARGET_CRS": "EPSG:20350",
        "GEOLOGY": str(EX / "murchison_greenstone.geojson"), "FAULTS": str(EX / "murchison_faults.geojson"),
        "OUTPUT": str(path)}, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    return path


def test_cancel_every_data_algorithm(run_alg, mfaf_provider, murchison_stack, tmp_path):
    samples, deposits = kola_layers(tmp_path, ["Ni", "Cu"])
    runs = {
        "mfaf:screenelements": ({"INPUT": samples, "DEPOSITS": deposits, "RADIUS": 10000,
                                 "OUTPUT": str(tmp_path / "screen.gpkg")}, ["screen.gpkg"]),
        "mfaf:idwrasters": ({"INPUT": samples, "FIELDS_STRING": "Ni,Cu", "PIXEL_SIZE": 5000,
                             "OUTPUT": str(tmp_path / "idw.tif")}, ["idw.tif"]),
        "mfaf:stacklayers": ({"EXTENT": EXTENT, "PIXEL_SIZE": 4000, "TARGET_CRS": "EPSG:20350",
                              "GEOLOGY": str(EX / "murchison_greenstone.geojson"),
                              "FAULTS": str(EX / "murchison_faults.geojson"),
                              "OUTPUT": str(tmp_path / "stack.tif")}, ["stack.tif"]),
        "mfaf:maketiles": ({"INPUT": str(murchison_stack), "DEPOSITS": str(EX / "murchison_gold_deposits.geojson"),
                            "TILE_SIZE": 4, "OUTPUT": str(tmp_path / "tiles.npz"),
                            "OUTPUT_CELLS": str(tmp_path / "cells.gpkg")}, ["tiles.npz"]),
    }
    for alg_id, (params, outputs) in runs.items():
        feedback = _cancel_on_first_progress()
        with pytest.raises(QgsProcessingException, match="(?i)cancel"):
            run_alg(alg_id, params, feedback=feedback)
        assert feedback.isCanceled(), alg_id
        for name in outputs:
            assert not (tmp_path / name).exists(), (alg_id, name)
        leftovers = [p.name for p in tmp_path.iterdir() if ".part-" in p.name]
        assert not leftovers, (alg_id, leftovers)
