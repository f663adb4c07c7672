"""Styles travel with the outputs and the loaded layers stand in a sensible order.

What qgis_process writes is checked in test_demo (the demo runs through qgis_process); here the
desktop route: Processing loads the outputs into the project (processing.runAndLoadResults, as
the Toolbox dialog does), styles them and orders them."""

import pytest

from mfaf_testing import REPO

EX = REPO / "resources" / "example"


def _example_stack(run_alg, path):
    """A 96 km x 96 km part of the demo's evidence stack (scripts/example_config.sh), scaled like
    the bundled model's training stack (Normalise like = the model), so that the model applies."""
    return run_alg("mfaf:stacklayers", {
        "GEOLOGY": str(EX / "murchison_greenstone.geojson"), "CONTACT_DISTANCE": True,
        "FAULTS": str(EX / "murchison_faults.geojson"), "FAULT_MODE": 0,
        "EXTENT": "520000,616000,6900000,6996000 [EPSG:20350]", "PIXEL_SIZE": 1000,
        "TARGET_CRS": "EPSG:20350", "NORMALIZE_LIKE": str(REPO / "resources" / "model" / "mfaf_murchison.pt"),
        "OUTPUT": str(path)})["OUTPUT"]


@pytest.mark.slow
def test_loaded_outputs_styled_and_ordered(run_alg, tmp_path):
    import processing
    from qgis.core import QgsProject

    stack = _example_stack(run_alg, tmp_path / "stack.tif")
    assert (tmp_path / "stack.qml").is_file()
    project = QgsProject.instance()
    project.clear()
    # Processing loads outputs in the order of their paths: "a_targets" first, then "m_cells" and
    # "z_prob" on top; the styles' post-processors must put the targets above the cells above the map.
    from qgis.core import QgsProcessingFeedback

    class Lines(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines = []

        def pushInfo(self, info):  # noqa: N802 (QGIS API name)
            self.lines.append(info)

    feedback = Lines()
    res = processing.runAndLoadResults("mfaf:predictprospectivity", {
        "INPUT": stack, "DEPOSITS": str(EX / "murchison_gold_deposits.geojson"),
        "OUTPUT": str(tmp_path / "z_prob.tif"), "OUTPUT_CELLS": str(tmp_path / "m_cells.gpkg"),
        "OUTPUT_TARGETS": str(tmp_path / "a_targets.gpkg")}, feedback=feedback)
    # the log speaks while the map is made (one strip here: progress within it), and names the lon/lat transform
    done = [ln for ln in feedback.lines if ln.startswith("Prediction: ") and ln.endswith("% of the map done")]
    assert len(done) >= 5, feedback.lines
    assert any(ln.startswith("Longitude and latitude: computed with 'Inverse of Australian Map Grid zone 50 + AGD84")
               for ln in feedback.lines), feedback.lines
    try:
        layers = [node.layer() for node in project.layerTreeRoot().findLayers()]
        assert [lyr.source().split("|")[0] for lyr in layers] == [res["OUTPUT_TARGETS"], res["OUTPUT_CELLS"],
                                                                    res["OUTPUT"]]
        targets, cells, prob = layers
        assert prob.name() == "Prospectivity score" and prob.renderer().type() == "singlebandpseudocolor"
        assert prob.renderer().opacity() == 1.0  # opaque: no colour mixes with what lies below
        # the legend names shares of the map (the score is not a probability), from the run's own scores
        labels = [item.label for item in prob.renderer().shader().rasterShaderFunction().colorRampItemList()]
        assert labels[0].startswith("lower half of the map") and labels[-1].startswith("top 1 % (score ")
        # QGIS shows the band's description: a score, with the calibrated chance in the legend when the
        # model (here the bundled one) records a calibration, named as no probability otherwise
        from mfaf.mfaf_plugin.training.modelio import read_model_file

        calibrated = bool(read_model_file(str(REPO / "resources" / "model" / "mfaf_murchison.pt"))["meta"]
                          .get("calibration"))
        assert prob.bandName(1).startswith("Band 1: Network score")
        assert ("calibrated chance" if calibrated else "not a probability") in prob.bandName(1)
        # the cell grid is outlines only: the score colours show through unmixed
        assert cells.renderer().type() == "singleSymbol" and not cells.labelsEnabled()
        assert cells.renderer().symbol().symbolLayer(0).properties()["style"] == "no"  # no fill
        assert targets.labelsEnabled() and targets.labeling().settings().fieldName == "rank"
    finally:
        project.clear()


def test_place_in_order_moves_only_this_runs_layers(qgis_app):
    from qgis.core import QgsLayerTree, QgsVectorLayer

    from mfaf.algorithms.styling import place_in_order

    layers = {name: QgsVectorLayer("Point?crs=EPSG:4326", name, "memory") for name in ("user", "raster", "cells")}
    root = QgsLayerTree()
    for name in ("user", "cells", "raster"):  # Processing added raster last: it is on top
        root.insertLayer(0, layers[name])
    assert [n.name() for n in root.children()] == ["raster", "cells", "user"]
    orders = {layers["cells"].id(): 0, layers["raster"].id(): 10}
    place_in_order(root.findLayer(layers["raster"].id()), orders)
    assert [n.name() for n in root.children()] == ["cells", "raster", "user"]
    place_in_order(root.findLayer(layers["cells"].id()), orders)  # already in place: nothing moves
    assert [n.name() for n in root.children()] == ["cells", "raster", "user"]
