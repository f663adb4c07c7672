"""Applying a trained model to another area: mfaf:stacklayers NORMALIZE_LIKE copies the scaling
recorded in a model (or stack) file, so predict accepts the new stack; without it, predict refuses
the differently scaled stack. Real data: a sub-area of the embedded Murchison example and the
bundled model."""

import pytest
from qgis.core import QgsProcessingException

from mfaf_testing import REPO

EX = REPO / "resources" / "example"
MODEL = REPO / "resources" / "model" / "mfaf_murchison.pt"
# the southern half of the window, on the bundled model's 1 km grid and bands
SOUTH = "352782.9,682589.6,6699742.0,6900000.0 [EPSG:20350]"


def _stack(run_alg, out, **kw):
    params = {"GEOLOGY": str(EX / "murchison_greenstone.geojson"), "CONTACT_DISTANCE": True,
              "FAULTS": str(EX / "murchison_faults.geojson"), "FAULT_MODE": 0, "EXTENT": SOUTH,
              "PIXEL_SIZE": 1000, "TARGET_CRS": "EPSG:20350", "OUTPUT": str(out)}
    params.update(kw)
    return run_alg("mfaf:stacklayers", params)


def test_normalize_like_model_lets_the_model_predict_a_new_area(run_alg, tmp_path):
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata
    from mfaf.mfaf_plugin.training.modelio import read_model_file

    own = tmp_path / "own.tif"
    _stack(run_alg, own)
    with pytest.raises(QgsProcessingException, match="normalis"):
        run_alg("mfaf:predictprospectivity", {"INPUT": str(own), "MODEL": str(MODEL),
                                              "OUTPUT": str(tmp_path / "p0.tif"), "OUTPUT_CELLS": "TEMPORARY_OUTPUT"})

    like = tmp_path / "like.tif"
    _stack(run_alg, like, NORMALIZE_LIKE=str(MODEL))
    meta = read_stack_metadata(str(like))
    model_norm = read_model_file(str(MODEL))["meta"]["normalization"]
    assert meta["normalization"] == model_norm
    assert meta["normalization"] != read_stack_metadata(str(own))["normalization"]
    res = run_alg("mfaf:predictprospectivity", {"INPUT": str(like), "MODEL": str(MODEL),
                                                "OUTPUT": str(tmp_path / "p.tif"), "OUTPUT_CELLS": "TEMPORARY_OUTPUT"})
    assert res["TARGET_CELLS"] >= 0 and (tmp_path / "p.tif").exists()

    # a stack normalised like another stack gets exactly that stack's scaling
    again = tmp_path / "again.tif"
    _stack(run_alg, again, NORMALIZE_LIKE=str(like))
    assert read_stack_metadata(str(again))["normalization"] == model_norm


def test_normalize_like_refuses_other_bands(run_alg, tmp_path):
    with pytest.raises(QgsProcessingException, match="contact_distance"):
        _stack(run_alg, tmp_path / "x.tif", CONTACT_DISTANCE=False, NORMALIZE_LIKE=str(MODEL))
    assert not (tmp_path / "x.tif").exists()
