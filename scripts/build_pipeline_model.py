"""Build resources/models/mfaf_pipeline.model3: the whole MFAF chain as one modeler model.

screen elements -> IDW rasters (the selected elements) -> evidence stack (+ geology, faults)
-> labelled tiles -> train -> predict (map, cells, report, PNG). Geochemistry is optional: without
sample points the screening and IDW steps do nothing and the stack is built from geology and faults
on the given extent (the demo's area). Every child input without a link gets its default as a static
value, so the model validates as shipped (tests/test_pipeline_model.py). The provider loads every
.model3 in resources/models, so the pipeline shows up in the Processing Toolbox (group "4 Pipelines")
and runs as ``mfaf:pipeline``; it can also be opened and edited in the graphical modeler.

Run (re-run after changing an algorithm's parameters):
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/build_pipeline_model.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "build", "plugins"))

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource as Src,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
)
from mfaf.algorithms.qgis_compat import ADVANCED, DOUBLE, INTEGER, LINES, OPTIONAL, POINTS, POLYGONS  # noqa: E402

OUT = os.path.join(REPO, "resources", "models", "mfaf_pipeline.model3")

# Model inputs in workflow order. QGIS 3.22 lists a model's inputs sorted by name (no stored
# order), so the names carry the position: 01_geology, 02_faults, ...
INPUT_HELP = {
    "01_geology": "Geological map (lithology polygons): 1 inside, 0 outside; distance to the contacts.",
    "02_faults": "Fault or structure lines: distance to the nearest fault.",
    "03_samples": "Optional geochemical sample points with one field per element. Without them element "
                  "screening and IDW are skipped and the stack holds geology and faults only; then give "
                  "the extent.",
    "04_deposits": "Known deposit points: screening positives and the ore labels of the tiles.",
    "05_extent": "Area of the evidence stack. Required without geochemical samples; default: the samples' "
                 "extent.",
    "06_cell_size": "Pixel size of every raster in map units (metres), e.g. 1000.",
    "07_screen_radius": "Samples within this distance of a deposit are positives in the element screening.",
    "08_tile_size": "Side of the training windows in pixels: 16 px x 1000 m = 16 km on the ground.",
    "09_epochs": "Training epochs (the bundled model: 20).",
    "10_seed": "Seed of the split, the augmentation and the training: the same seed, the same result.",
}


def _param(model, definition, x, y, advanced=False):
    from qgis.PyQt.QtCore import QPointF

    if advanced:
        definition.setFlags(definition.flags() | ADVANCED)
    definition.setHelp(INPUT_HELP[definition.name()])
    mp = QgsProcessingModelParameter(definition.name())
    mp.setPosition(QPointF(x, y))
    model.addModelParameter(definition, mp)


def _child(model, child_id, alg_id, description, sources, x, y, outputs=None):
    """Add a child with ``sources``; every other input gets its default as a static value (as the
    modeler does when a step is added by hand), so no mandatory input is left unset."""
    from qgis.PyQt.QtCore import QPointF

    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    child = QgsProcessingModelChildAlgorithm(alg_id)
    child.setChildId(child_id)
    child.setDescription(description)
    child.setPosition(QPointF(x, y))
    for key, src in sources.items():
        child.addParameterSources(key, [src])
    for definition in alg.parameterDefinitions():
        name = definition.name()
        if definition.isDestination() or name in sources:
            continue
        if definition.defaultValue() is not None:
            child.addParameterSources(name, [Src.fromStaticValue(definition.defaultValue())])
        elif not definition.flags() & OPTIONAL:
            raise SystemExit("{}: mandatory input {} has no source".format(child_id, name))
    if outputs:
        model_outputs = {}
        for name, child_output in outputs.items():
            out = QgsProcessingModelOutput(name)
            out.setChildId(child_id)
            out.setChildOutputName(child_output)
            out.setDescription(name)
            model_outputs[name] = out
        child.setModelOutputs(model_outputs)
    model.addChildAlgorithm(child)
    return child


def build():
    m = QgsProcessingModelAlgorithm("pipeline", "Pipelines", "pipelines")
    m.setHelpContent({
        "ALG_DESC": "The whole MFAF chain: element screening (AUC, ZAUC) and IDW rasters of the selected "
                    "elements (only with geochemical samples), evidence stack with geology and faults, "
                    "labelled tiles with a spatial-block split and augmentation, training, prediction: "
                    "ore-probability map, numbered cells, HTML report and PNG map.",
        **INPUT_HELP,
    })
    pt, poly, line = POINTS, POLYGONS, LINES
    num = QgsProcessingParameterNumber
    x, y = 120, 60
    _param(m, QgsProcessingParameterFeatureSource("01_geology", "Geology polygons", [poly], optional=True), x, y)
    _param(m, QgsProcessingParameterFeatureSource("02_faults", "Fault lines", [line], optional=True), x, y + 70)
    _param(m, QgsProcessingParameterFeatureSource("03_samples", "Geochemical samples (optional)", [pt],
                                                  optional=True), x, y + 140)
    _param(m, QgsProcessingParameterFeatureSource("04_deposits", "Known deposits", [pt]), x, y + 210)
    _param(m, QgsProcessingParameterExtent("05_extent", "Extent (required without samples)", optional=True),
           x, y + 280)
    _param(m, num("06_cell_size", "Cell size (map units)", DOUBLE, 1000.0, minValue=0.0), x, y + 350)
    _param(m, num("07_screen_radius", "Deposit radius for screening (map units)", DOUBLE, 5000.0,
                  minValue=0.0), x, y + 420, advanced=True)
    _param(m, num("08_tile_size", "Tile size (pixels)", INTEGER, 16, minValue=4), x, y + 490)
    _param(m, num("09_epochs", "Training epochs", INTEGER, 30, minValue=1), x, y + 560)
    _param(m, num("10_seed", "Random seed", INTEGER, 0, minValue=0), x, y + 630, advanced=True)

    P = Src.fromModelParameter
    x = 480
    _child(m, "screen", "mfaf:screenelements", "Screen elements", {
        "INPUT": P("03_samples"), "DEPOSITS": P("04_deposits"), "RADIUS": P("07_screen_radius"),
        "SEED": P("10_seed"),
    }, x, 100)
    _child(m, "idw", "mfaf:idwrasters", "IDW rasters", {
        "INPUT": P("03_samples"), "FIELDS_STRING": Src.fromChildOutput("screen", "SELECTED_FIELDS"),
        "EXTENT": P("05_extent"), "PIXEL_SIZE": P("06_cell_size"),
    }, x, 200)
    _child(m, "stack", "mfaf:stacklayers", "Evidence stack", {
        "ELEMENTS": Src.fromChildOutput("idw", "OUTPUT"), "GEOLOGY": P("01_geology"), "FAULTS": P("02_faults"),
        "EXTENT": P("05_extent"), "PIXEL_SIZE": P("06_cell_size"),
    }, x, 300, outputs={"Evidence stack": "OUTPUT"})
    _child(m, "tiles", "mfaf:maketiles", "Labelled tiles", {
        "INPUT": Src.fromChildOutput("stack", "OUTPUT"), "DEPOSITS": P("04_deposits"),
        "TILE_SIZE": P("08_tile_size"), "SEED": P("10_seed"),
    }, x, 400)
    _child(m, "train", "mfaf:trainmodel", "Train", {
        "DATASET": Src.fromChildOutput("tiles", "OUTPUT"), "EPOCHS": P("09_epochs"), "SEED": P("10_seed"),
    }, x, 500, outputs={"Trained model": "OUTPUT"})
    _child(m, "predict", "mfaf:predictprospectivity", "Predict", {
        "INPUT": Src.fromChildOutput("stack", "OUTPUT"), "MODEL": Src.fromChildOutput("train", "OUTPUT"),
        "DEPOSITS": P("04_deposits"),
    }, x, 600, outputs={"Ore probability": "OUTPUT", "Drill targets": "OUTPUT_TARGETS", "All cells": "OUTPUT_CELLS",
                        "Report": "REPORT", "Map": "OUTPUT_MAP"})
    m.updateDestinationParameters()
    return m


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    # The children must resolve for the model's outputs to be declared: register the provider.
    from mfaf.plugin import MfafPlugin

    plugin = MfafPlugin(None)
    plugin.initProcessing()
    model = build()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    if not model.toFile(OUT):
        sys.exit("could not write " + OUT)
    print("wrote", OUT)
