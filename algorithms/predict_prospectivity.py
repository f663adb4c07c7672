"""mfaf:predictprospectivity - ore-probability map and numbered target cells from a trained model."""

import os

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .base import PLUGIN_DIR, MfafAlgorithm
from .i18n import tr
from .layers import read_points
from .scheduler_param import add_scheduler_parameter, scheduler_value
from . import styling

DEFAULT_MODEL = os.path.join(PLUGIN_DIR, "resources", "model", "mfaf_murchison.pt")
DEVICES = ["auto", "cpu", "cuda"]


class PredictProspectivityAlgorithm(MfafAlgorithm):
    NAME = "predictprospectivity"
    DISPLAY_NAME = "Predict prospectivity map"
    GROUP_ID = "model"
    NEEDS = ("torch", "torchvision", "matplotlib")
    HELP = (
        "Applies a trained model to every window of an evidence stack and writes a GeoTIFF of ore "
        "probability on the stack's grid, plus a polygon layer of numbered cells (the tile windows, "
        "numbered row by row from 1 from the top-left, as 'Make labelled tiles' numbers them) with the "
        "probability, the branches' votes and class, the agreement of the branches, a rank, the "
        "known deposits inside and whether the cell is a target (probability at or above the "
        "threshold).\n\n"
        "The stack must have the bands, band order and normalisation the model was trained on; a "
        "difference is refused with a message naming it. Windows that would run past the right or "
        "bottom edge of the stack are not used, so a margin narrower than one window there gets no "
        "prediction. With a stride smaller than the tile size the windows overlap and each pixel "
        "gets the mean probability of the windows covering it.\n\n"
        "With known deposits the algorithm reports the share of them inside target cells. By default it also "
        "writes an HTML report: the map, the success-rate curve and its AUC, "
        "the target cells, the model's metadata and each evidence layer's influence."
    )

    INPUT = "INPUT"
    MODEL = "MODEL"
    STRIDE = "STRIDE"
    THRESHOLD = "THRESHOLD"
    DEPOSITS = "DEPOSITS"
    DEVICE = "DEVICE"
    MIN_VALID = "MIN_VALID"
    BATCH_SIZE = "BATCH_SIZE"
    OUTPUT = "OUTPUT"
    OUTPUT_CELLS = "OUTPUT_CELLS"
    REPORT = "REPORT"
    DATASET = "DATASET"
    OUTPUT_MAP = "OUTPUT_MAP"
    TARGET_CELLS = "TARGET_CELLS"
    DEPOSIT_SHARE = "DEPOSIT_SHARE"
    TEST_METRICS = (("TEST_ACCURACY", "accuracy"), ("TEST_AUC", "auc"), ("TEST_RECALL", "recall"), ("TEST_F1", "f1"))

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterRasterLayer(self.INPUT, tr("Evidence stack"))
        p.setHelp(tr("The multi-band evidence stack written by 'Build evidence stack', with the same bands and "
                     "normalisation as the stack the model was trained on."))
        self.addParameter(p)
        p = QgsProcessingParameterFile(self.MODEL, tr("Model file"), extension="pt", optional=True)
        p.setHelp(tr("A model written by 'Train model' (.pt). Empty: the model bundled with the plugin "
                     "(resources/model/mfaf_murchison.pt), trained on the Murchison example."))
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.STRIDE, tr("Stride (pixels, 0 = tile size)"),
                                         QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0)
        p.setHelp(tr("Step between windows in pixels. 0 uses the model's tile size (no overlap); a smaller "
                     "stride makes overlapping windows whose probabilities are averaged per pixel (smoother "
                     "map, slower). Cells are always the tile-size windows."))
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.THRESHOLD, tr("Target probability threshold"),
                                         QgsProcessingParameterNumber.Double, defaultValue=0.5,
                                         minValue=0.0, maxValue=1.0)
        p.setHelp(tr("Cells whose ore probability (mean over the branches) is at or above this value are targets."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSource(self.DEPOSITS, tr("Known deposits"),
                                                [QgsProcessing.TypeVectorPoint], optional=True)
        p.setHelp(tr("Optional known deposit points (any CRS): counted per cell and used for the share of "
                     "deposits inside target cells and the success-rate curve of the report."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.DEVICE, tr("Device"), options=DEVICES, defaultValue=0)
        p.setHelp(tr("auto: a CUDA GPU when torch sees one, else the CPU."))
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.MIN_VALID, tr("Minimum share of valid cells per window"),
                                         QgsProcessingParameterNumber.Double, defaultValue=0.5,
                                         minValue=0.0, maxValue=1.0)
        p.setHelp(tr("Windows with a smaller share of cells holding data in every band get no prediction."))
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.BATCH_SIZE, tr("Windows per batch"),
                                         QgsProcessingParameterNumber.Integer, defaultValue=64, minValue=1)
        p.setHelp(tr("Windows sent through the network at once; lower it if the GPU runs out of memory."))
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(p)
        add_scheduler_parameter(self, tr("strips of the map (each read from the stack file with its halo)"))
        p = QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Ore probability"))
        p.setHelp(tr("Float32 GeoTIFF of ore probability (0-1) on the stack's grid; nodata outside the data."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSink(self.OUTPUT_CELLS, tr("Numbered cells"),
                                              QgsProcessing.TypeVectorPolygon)
        p.setHelp(tr("One polygon per tile-size window with cell_id, probability, votes, class, agreement, "
                     "rank, deposits and target."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.REPORT, tr("Report"), tr("HTML files (*.html)"),
                                                  optional=True, createByDefault=True)
        p.setHelp(tr("Optional self-contained HTML report: map, success-rate curve, target cells, model "
                     "metadata, influence of each evidence layer."))
        self.addParameter(p)
        p = QgsProcessingParameterFile(self.DATASET, tr("Tile dataset for the held-out evaluation"),
                                       extension="npz", optional=True)
        p.setHelp(tr("Optional .npz from 'Make labelled tiles' built from this stack: the report then shows the "
                     "ROC curve and accuracy, AUC, recall and F1 on its untouched test tiles."))
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT_MAP, tr("Map (PNG)"), tr("PNG images (*.png)"),
                                                  optional=True, createByDefault=True)
        p.setHelp(tr("Optional PNG map: probability colours, numbered target cells, known deposits, colour "
                     "bar and scale bar."))
        self.addParameter(p)
        self.addOutput(QgsProcessingOutputNumber(self.TARGET_CELLS, tr("Number of target cells")))
        self.addOutput(QgsProcessingOutputNumber(self.DEPOSIT_SHARE, tr("Share of known deposits in target cells")))
        # held-out figures, only with DATASET
        self.addOutput(QgsProcessingOutputNumber("TEST_ACCURACY", tr("Held-out accuracy")))
        self.addOutput(QgsProcessingOutputNumber("TEST_AUC", tr("Held-out ROC AUC")))
        self.addOutput(QgsProcessingOutputNumber("TEST_RECALL", tr("Held-out recall (ore)")))
        self.addOutput(QgsProcessingOutputNumber("TEST_F1", tr("Held-out F1 (ore)")))

    @staticmethod
    def _fields():
        fields = QgsFields()
        for name, typ in (("cell_id", QVariant.Int), ("row", QVariant.Int), ("col", QVariant.Int),
                          ("probability", QVariant.Double), ("votes", QVariant.Int), ("branches", QVariant.Int),
                          ("class", QVariant.Int), ("class_name", QVariant.String),
                          ("agreement", QVariant.Double), ("rank", QVariant.Int), ("deposits", QVariant.Int),
                          ("target", QVariant.Int), ("valid_frac", QVariant.Double)):
            fields.append(QgsField(name, typ))
        return fields

    def execute(self, parameters, context, feedback):
        from ..mfaf_plugin.prediction import (band_influence, check_test_dataset, evaluate_test_split,
                                              load_predictor, predict_map, write_map_png, write_prediction_report)
        from ..mfaf_plugin.progress import Steps, check_canceled

        scheduler = scheduler_value(self, parameters, context)  # refused before any work
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(tr("The evidence stack could not be opened."))
        if layer.providerType() != "gdal" or not os.path.exists(layer.source()):
            raise QgsProcessingException(tr("The evidence stack '{}' must be a raster file (GeoTIFF from "
                                            "mfaf:stacklayers).").format(layer.name()))
        model = self.parameterAsFile(parameters, self.MODEL, context) or DEFAULT_MODEL
        if not os.path.exists(model):
            if model == DEFAULT_MODEL:
                raise QgsProcessingException(tr(
                    "No model file was given and the bundled model {} is not installed with this copy of the "
                    "plugin. Train a model with mfaf:trainmodel and choose its .pt file as 'Model file'.").format(model))
            raise QgsProcessingException(tr("The model file '{}' does not exist.").format(model))
        stride = self.parameterAsInt(parameters, self.STRIDE, context)
        threshold = self.parameterAsDouble(parameters, self.THRESHOLD, context)
        device = DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)]
        min_valid = self.parameterAsDouble(parameters, self.MIN_VALID, context)
        batch = self.parameterAsInt(parameters, self.BATCH_SIZE, context)
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if os.path.splitext(out_path)[1].lower() not in (".tif", ".tiff"):
            raise QgsProcessingException(tr("The ore probability output must be a GeoTIFF (.tif) file."))
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        map_path = self.parameterAsFileOutput(parameters, self.OUTPUT_MAP, context)
        dataset_path = self.parameterAsFile(parameters, self.DATASET, context)
        if dataset_path and not os.path.exists(dataset_path):
            raise QgsProcessingException(tr("The tile dataset '{}' does not exist.").format(dataset_path))
        if dataset_path:  # refused now, not after the map has been written
            check_test_dataset(load_predictor(model, "cpu")[1], dataset_path)

        deposits_xy = None
        source = self.parameterAsSource(parameters, self.DEPOSITS, context)
        if source is not None:
            deposits_xy, _ = read_points(source, layer.crs(), context, feedback=feedback, what=tr("Known deposits"))

        progress, is_canceled = self.callbacks(feedback)
        steps = Steps(progress, 3 if report_path else 2)
        feedback.pushInfo(tr("Predicting with model {}").format(model))
        result = predict_map(layer.source(), model, out_path, stride=stride, threshold=threshold, device=device,
                             deposits_xy=deposits_xy, batch_size=batch, min_valid_fraction=min_valid,
                             progress=steps.step(0), is_canceled=is_canceled, log=feedback.pushWarning,
                             scheduler=scheduler or None)
        feedback.pushInfo(tr("{} windows predicted on {} in {:.1f} s; {} of {} cells are targets.").format(
            result["n_windows"], result["device"], result["seconds"], result["target_cells"], len(result["cells"])))

        sink, cells_id = self.outputSink(parameters, self.OUTPUT_CELLS, context, self._fields(),
                                              QgsWkbTypes.Polygon, layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_CELLS))
        cells = result["cells"]
        for i, c in enumerate(cells):
            check_canceled(is_canceled)
            f = QgsFeature(self._fields())
            f.setGeometry(QgsGeometry.fromRect(QgsRectangle(*c["bounds"])))
            f.setAttributes([c["cell_id"], c["row"], c["col"], c["probability"], c["votes"], c["branches"],
                             c["class"], c["class_name"], c["agreement"], c["rank"], c["deposits"],
                             int(bool(c["target"])), c["valid_fraction"]])
            sink.addFeature(f, QgsFeatureSink.FastInsert)
            steps.step(1)((i + 1) / max(1, len(cells)))
        styling.close_sink(sink)  # the file must be complete before its style is stored in it
        del sink

        share = result["deposit_share"]
        if deposits_xy is not None:
            feedback.pushInfo(tr("{} of {} known deposits inside the stack lie in target cells ({:.1%}).").format(
                result["deposits_in_targets"], result["deposits_total"], share if share == share else 0.0))
            if len(deposits_xy) > result["deposits_total"]:
                feedback.pushWarning(tr("{} known deposits lie outside the evidence stack and were not counted.").format(
                    len(deposits_xy) - result["deposits_total"]))

        out = {self.OUTPUT: out_path, self.OUTPUT_CELLS: cells_id, self.TARGET_CELLS: result["target_cells"],
               self.DEPOSIT_SHARE: share if deposits_xy is not None and share == share else None}
        if map_path:
            write_map_png(result, map_path, deposits_xy=deposits_xy)
            out[self.OUTPUT_MAP] = map_path
        test_eval = None
        if dataset_path:
            test_eval = evaluate_test_split(model, dataset_path, device=device, threshold=threshold)
            m = test_eval["metrics"]
            feedback.pushInfo(tr("Held-out test tiles ({}): accuracy {:.3f}, AUC {}, recall {:.3f}, F1 {:.3f}").format(
                test_eval["n"], m["accuracy"], "n/a" if m["auc"] is None else "{:.3f}".format(m["auc"]),
                m["recall"], m["f1"]))
            for key, metric in self.TEST_METRICS:
                out[key] = None if m[metric] is None else float(m[metric])
        if report_path:
            influence = None
            try:
                influence = band_influence(layer.source(), model, cells, device=device)
            except Exception as exc:  # the report is still useful without this section
                feedback.reportError(tr("Band influence could not be computed: {}").format(exc))
            steps.step(2)(0.5)
            rep = write_prediction_report(report_path, result, deposits_xy=deposits_xy, influence=influence,
                                          test_eval=test_eval)
            if rep["success_rate_auc"] == rep["success_rate_auc"]:
                feedback.pushInfo(tr("Success-rate AUC of the map: {:.3f}").format(rep["success_rate_auc"]))
            out[self.REPORT] = report_path
            steps.step(2)(1.0)

        styling.save_raster_style(out_path, "probability.qml", feedback)
        run = styling.style_vector_output(context, cells_id, "target_cells.qml", tr("Numbered cells"),
                                          styling.ORDER_CELLS, feedback)
        styling.style_on_load(context, out_path, "probability.qml", styling.ORDER_RASTER, run)
        return out
