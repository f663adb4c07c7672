"""Build resources/models/mfaf_pipeline.model3: the whole MFAF chain as one modeler model.

screen elements -> IDW rasters (the selected elements) -> evidence stack (+ geology, faults)
-> labelled tiles -> train -> predict. The provider loads every .model3 in resources/models, so
the pipeline shows up in the Processing Toolbox (group "Pipelines") and runs as
``mfaf:mfafpipeline``; it can also be opened and edited in the graphical modeler.

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
    QgsProcessing,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource as Src,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
)

OUT = os.path.join(REPO, "resources", "models", "mfaf_pipeline.model3")


def _param(model, definition, x, y):
    mp = QgsProcessingModelParameter(definition.name())
    from qgis.PyQt.QtCore import QPointF

    mp.setPosition(QPointF(x, y))
    model.addModelParameter(definition, mp)


def _child(model, child_id, alg_id, description, sources, x, y, outputs=None):
    from qgis.PyQt.QtCore import QPointF

    child = QgsProcessingModelChildAlgorithm(alg_id)
    child.setChildId(child_id)
    child.setDescription(description)
    child.setPosition(QPointF(x, y))
    for key, src in sources.items():
        child.addParameterSources(key, [src])
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
        "ALG_DESC": "The whole MFAF chain: element screening (AUC, ZAUC), IDW rasters of the "
                    "selected elements, evidence stack with geology and faults, labelled tiles "
                    "with a spatial-block split and augmentation, training, prediction map and "
                    "numbered target cells.",
    })
    pt, poly, line = QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorLine
    _param(m, QgsProcessingParameterFeatureSource("samples", "Geochemical samples", [pt]), 50, 50)
    _param(m, QgsProcessingParameterFeatureSource("deposits", "Known deposits", [pt]), 50, 120)
    geology = QgsProcessingParameterFeatureSource("geology", "Geology polygons", [poly], optional=True)
    _param(m, geology, 50, 190)
    faults = QgsProcessingParameterFeatureSource("faults", "Fault lines", [line], optional=True)
    _param(m, faults, 50, 260)
    _param(m, QgsProcessingParameterNumber("pixel_size", "Cell size (map units)",
                                           QgsProcessingParameterNumber.Double, 1000.0, minValue=0.0), 50, 330)
    _param(m, QgsProcessingParameterNumber("search_radius", "Deposit radius for screening (map units)",
                                           QgsProcessingParameterNumber.Double, 5000.0, minValue=0.0), 50, 400)
    _param(m, QgsProcessingParameterNumber("tile_size", "Tile size (pixels)",
                                           QgsProcessingParameterNumber.Integer, 16, minValue=4), 50, 470)
    _param(m, QgsProcessingParameterNumber("epochs", "Training epochs",
                                           QgsProcessingParameterNumber.Integer, 30, minValue=1), 50, 540)
    _param(m, QgsProcessingParameterNumber("seed", "Random seed",
                                           QgsProcessingParameterNumber.Integer, 0, minValue=0), 50, 610)

    P = Src.fromModelParameter
    _child(m, "screen", "mfaf:screenelements", "Screen elements", {
        "INPUT": P("samples"), "DEPOSITS": P("deposits"), "RADIUS": P("search_radius"),
        "SEED": P("seed"),
    }, 350, 50)
    _child(m, "idw", "mfaf:idwrasters", "IDW rasters", {
        "INPUT": P("samples"), "FIELDS_STRING": Src.fromChildOutput("screen", "SELECTED_FIELDS"),
        "PIXEL_SIZE": P("pixel_size"),
    }, 350, 150)
    _child(m, "stack", "mfaf:stacklayers", "Evidence stack", {
        "ELEMENTS": Src.fromChildOutput("idw", "OUTPUT"), "GEOLOGY": P("geology"), "FAULTS": P("faults"),
    }, 350, 250, outputs={"Evidence stack": "OUTPUT"})
    _child(m, "tiles", "mfaf:maketiles", "Labelled tiles", {
        "INPUT": Src.fromChildOutput("stack", "OUTPUT"), "DEPOSITS": P("deposits"),
        "TILE_SIZE": P("tile_size"), "SEED": P("seed"),
    }, 350, 350)
    _child(m, "train", "mfaf:trainmodel", "Train", {
        "DATASET": Src.fromChildOutput("tiles", "OUTPUT"), "EPOCHS": P("epochs"), "SEED": P("seed"),
    }, 350, 450, outputs={"Trained model": "OUTPUT"})
    _child(m, "predict", "mfaf:predictprospectivity", "Predict", {
        "INPUT": Src.fromChildOutput("stack", "OUTPUT"), "MODEL": Src.fromChildOutput("train", "OUTPUT"),
        "DEPOSITS": P("deposits"),
    }, 350, 550, outputs={"Prospectivity": "OUTPUT", "Target cells": "OUTPUT_CELLS"})
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
