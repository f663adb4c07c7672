"""mfaf:predictprospectivity - ore-probability map and numbered target cells from a trained model."""

import os

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsRectangle,
)

from .base import PLUGIN_DIR, MfafAlgorithm
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER, DOUBLE, POINTS, POLYGONS, WKB_POLYGON, new_field
from .layers import read_points
from .scheduler_param import add_scheduler_parameter, scheduler_value
from . import styling
from . import zone_outputs

DEFAULT_MODEL = os.path.join(PLUGIN_DIR, "resources", "model", "mfaf_murchison.pt")
DEVICES = ["auto", "cpu", "cuda"]


def _logged(progress, feedback):
    """``progress`` that also writes a log line at every tenth of the map (a run takes tens of seconds)."""
    said = [0]

    def step(fraction):
        progress(fraction)
        tenth = int(10 * min(1.0, max(0.0, fraction)) + 1e-9)
        if tenth > said[0]:
            said[0] = tenth
            feedback.pushInfo(tr("Prediction: {} % of the map done").format(10 * tenth))
    return step


def wgs84_operation(crs) -> dict:
    """The transformation from ``crs`` to WGS 84 used for the longitude and latitude columns, chosen
    here: the most accurate one whose grids are installed (QGIS's 'Cannot use preferred transform'
    warning means a more accurate one needs a grid that is not installed). ``{"name", "proj" (the
    PROJ pipeline GDAL runs, '' for the default), "accuracy" (m, -1 unknown), "words"}``."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsDatumTransform

    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    ops = list(QgsDatumTransform.operations(crs, wgs84)) if crs.isValid() else []
    usable = [o for o in ops if o.isAvailable]
    if not usable:
        return {"name": "", "proj": "", "accuracy": -1.0,
                "words": tr("computed by GDAL/PROJ with its default transformation to WGS 84 (EPSG:4326).")}
    op = usable[0]
    words = tr("computed with '{}' ({}), from the stack's CRS to WGS 84.").format(
        op.name, tr("stated accuracy {:g} m").format(op.accuracy) if op.accuracy >= 0 else tr("exact conversion"))
    if ops[0] is not op and not ops[0].isAvailable:
        words += " " + tr("The more accurate '{}' needs the grid {}, not installed (this is what QGIS's warning "
                          "'Cannot use preferred transform' refers to); the difference is a few metres, far less "
                          "than a target cell.").format(ops[0].name, ", ".join(g.shortName for g in ops[0].grids))
    # QGIS's pipelines end in longitude, latitude; GDAL expects EPSG:4326's own order (latitude first)
    proj = op.proj + " +step +proj=axisswap +order=2,1" if op.proj else ""
    return {"name": op.name, "proj": proj, "accuracy": float(op.accuracy), "words": words}


class PredictProspectivityAlgorithm(MfafAlgorithm):
    NAME = "predictprospectivity"
    DISPLAY_NAME = "Predict prospectivity map"
    GROUP_ID = "model"
    NEEDS = ("torch", "torchvision", "matplotlib")
    HELP = (
        "Applies a trained model to an evidence stack and says where to drill. Outputs: a GeoTIFF of the network's "
        "score on the stack's grid (band 2: its uncertainty, for models made by 'Cross-validate (spatial "
        "folds)'), the drill targets (the cells whose score reaches the threshold, or the top share of the map "
        "asked for, ranked, with the centre's "
        "easting and northing in the stack's CRS and longitude and latitude in WGS 84, the known deposits inside "
        "and a greenfield flag for targets with none, and how sure the model is), the same targets as a CSV "
        "table, every cell of the map, a PNG map and an HTML report. Outputs left as temporary files vanish when "
        "QGIS closes: give file names (e.g. beside the evidence stack) to keep them.\n\n"
        "The score ranks ground but is not a probability (the networks learn from deposit-centred windows with a "
        "few background windows each): each target is also given as its share of the map ('top 3 %') and, for "
        "models made by 'Cross-validate (spatial folds)', with the chance of a deposit calibrated on the "
        "cross-validation's out-of-fold scores. A target cell is one window of the model (16 km for the bundled "
        "model).\n\n"
        "Cells are windows of the model's size numbered row by row from 1 from the top-left corner, as 'Make "
        "labelled tiles' numbers them. The stack must have the bands, band order and normalisation the model was "
        "trained on; a difference is refused with a message naming it. Models of the paper's grid framing predict "
        "whole windows only: a strip along the east and south edges narrower than one window gets no prediction "
        "(hatched and explained in the map and report).\n\n"
        "With known deposits the report gives the share of them inside the drill targets, the prediction-area plot "
        "and the share of the deposits in the most prospective 1, 5, 10 and 20 % of the area, and lists the "
        "greenfield targets first. For models made by 'Cross-validate (spatial folds)' it also shows how the "
        "network did on unseen ground against the classical baselines."
    )

    INPUT = "INPUT"
    MODEL = "MODEL"
    STRIDE = "STRIDE"
    THRESHOLD = "THRESHOLD"
    TARGET_SHARE = "TARGET_SHARE"
    DEPOSITS = "DEPOSITS"
    DEVICE = "DEVICE"
    MIN_VALID = "MIN_VALID"
    BATCH_SIZE = "BATCH_SIZE"
    OUTPUT = "OUTPUT"
    OUTPUT_CELLS = "OUTPUT_CELLS"
    OUTPUT_TARGETS = "OUTPUT_TARGETS"
    OUTPUT_TARGETS_CSV = "OUTPUT_TARGETS_CSV"
    GREENFIELD_TARGETS = "GREENFIELD_TARGETS"
    REPORT = "REPORT"
    DATASET = "DATASET"
    OUTPUT_MAP = "OUTPUT_MAP"
    OUTPUT_COMBINED = "OUTPUT_COMBINED"
    TARGET_CELLS = "TARGET_CELLS"
    DEPOSIT_SHARE = "DEPOSIT_SHARE"
    TEST_METRICS = (("TEST_ACCURACY", "accuracy"), ("TEST_AUC", "auc"), ("TEST_RECALL", "recall"), ("TEST_F1", "f1"))

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterRasterLayer(self.INPUT, tr("Evidence stack"))
        p.setHelp(tr("The multi-band evidence stack written by 'Build evidence stack', with the same bands and "
                     "normalisation as the stack the model was trained on."))
        self.addParameter(p)
        p = QgsProcessingParameterFile(self.MODEL, tr("Model file (default: the bundled Murchison model)"),
                                       extension="pt", defaultValue=DEFAULT_MODEL, optional=True)
        p.setHelp(tr("A model written by 'Train model' or 'Cross-validate (spatial folds)' (.pt). Shown by default "
                     "and used when empty: the model bundled with the plugin (resources/model/mfaf_murchison.pt), "
                     "trained on the Murchison example with windows of 16 x 16 cells (16 km on its 1 km grid)."))
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.STRIDE, tr("Stride (pixels, 0 = tile size)"),
                                         INTEGER, defaultValue=0, minValue=0)
        p.setHelp(tr("Step between windows in pixels. 0 uses the model's tile size (no overlap); a smaller "
                     "stride makes overlapping windows whose probabilities are averaged per pixel (smoother "
                     "map, slower). Cells are always the tile-size windows."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.THRESHOLD, tr("Target score threshold (network score 0-1, not a "
                                                            "probability)"), DOUBLE, defaultValue=0.5,
                                         minValue=0.0, maxValue=1.0)
        p.setMetadata({"widget_wrapper": {"decimals": 2}})
        p.setHelp(tr("Cells whose network score (mean over the branches) is at or above this value are targets, "
                     "unless a share of the map is given below. The score ranks ground but is not a probability: the "
                     "network learnt from deposit-centred windows with a few background windows each."))
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.TARGET_SHARE, tr("Or: targets = top share of the map (%, 0 = use the "
                                                               "score threshold)"), DOUBLE, defaultValue=0.0,
                                         optional=True, minValue=0.0, maxValue=100.0)
        p.setMetadata({"widget_wrapper": {"decimals": 1}})
        p.setHelp(tr("When above 0: the best-scoring cells making up this share of the scored cells are the targets "
                     "(e.g. 5 = the top 5 % of the map), whatever their score."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSource(self.DEPOSITS, tr("Known deposits"),
                                                [POINTS], optional=True)
        p.setHelp(tr("Optional known deposit points (any CRS): counted per cell and used for the share of "
                     "deposits inside target cells and the success-rate curve of the report."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.DEVICE, tr("Device"), options=DEVICES, defaultValue=0)
        p.setHelp(tr("auto: a CUDA GPU when torch sees one, else the CPU."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.MIN_VALID, tr("Minimum share of valid cells per window"),
                                         DOUBLE, defaultValue=0.5,
                                         minValue=0.0, maxValue=1.0)
        p.setMetadata({"widget_wrapper": {"decimals": 2}})
        p.setHelp(tr("Windows with a smaller share of cells holding data in every band get no prediction."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.BATCH_SIZE, tr("Windows per batch"),
                                         INTEGER, defaultValue=64, minValue=1)
        p.setHelp(tr("Windows sent through the network at once; lower it if the GPU runs out of memory."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        add_scheduler_parameter(self, tr("strips of the map (each read from the stack file with its halo)"))
        zone_outputs.add_zone_parameters(self)
        p = QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Prospectivity score"))
        p.setHelp(tr("Float32 GeoTIFF of the network score (0-1, ranks ground; not a probability) on the stack's "
                     "grid, nodata outside the data; its legend gives the share of the map (top 1, 5, 10, 20 %) and, "
                     "for calibrated models, the calibrated chance. Outputs left as temporary files vanish when QGIS "
                     "closes: choose a file beside the evidence stack to keep them."))
        self.addParameter(p)
        p = QgsProcessingParameterRasterDestination(self.OUTPUT_COMBINED, tr("Combined map (models from "
                                                                             "cross-validation with 'combined')"),
                                                    optional=True, createByDefault=False)
        p.setHelp(tr("Optional, for a model written by 'Cross-validate (spatial folds)' with the combined method: "
                     "band 1 the mean of each cell's rank on the network's map and on the map of the classical "
                     "method the cross-validation chose (0-1, the share of the map scoring at most as high; not a "
                     "probability), band 2 that method's probability. The report gives both methods' out-of-fold "
                     "figures. The targets and zones stay those of the network's score."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSink(self.OUTPUT_TARGETS, tr("Drill targets"),
                                              POLYGONS, optional=True, createByDefault=True)
        p.setHelp(tr("Only the target cells, by rank: score, top share of the map (top_pct, %), calibrated chance "
                     "(when the model records a calibration), centre easting and northing in the stack's CRS "
                     "(named in the crs field), longitude and latitude (WGS 84), known deposits inside, greenfield "
                     "(1: no known deposit), branch agreement and spread (uncertainty)."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT_TARGETS_CSV, tr("Drill targets (CSV)"),
                                                  tr("CSV files (*.csv)"), optional=True, createByDefault=True)
        p.setHelp(tr("The drill targets as a table (one row per target, the same fields), e.g. for a GPS or a "
                     "spreadsheet."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSink(self.OUTPUT_CELLS, tr("All cells"),
                                              POLYGONS)
        p.setHelp(tr("Every cell of the map (one polygon per window of the model's size) with cell_id, probability "
                     "(network score), votes, class, agreement, rank, deposits, target, top_pct (share of the map "
                     "scoring as high, %) and chance (calibrated, when the model records a calibration)."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.REPORT, tr("Report"), tr("HTML files (*.html)"),
                                                  optional=True, createByDefault=True)
        p.setHelp(tr("Optional self-contained HTML report: what was run, the drill targets, the probability and "
                     "uncertainty maps, the figures in plain words, the prediction-area plot, the cross-validation "
                     "against the baselines, the evidence layers and the model."))
        self.addParameter(p)
        p = QgsProcessingParameterFile(self.DATASET, tr("Tile dataset for the held-out evaluation"),
                                       extension="npz", optional=True)
        p.setHelp(tr("Optional .npz from 'Make labelled tiles' built from this stack: the report then shows the "
                     "ROC curve and accuracy, AUC, recall and F1 on its untouched test tiles."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT_MAP, tr("Map (PNG)"), tr("PNG images (*.png)"),
                                                  optional=True, createByDefault=True)
        p.setHelp(tr("Optional PNG: the probability map with the drill targets labelled by rank and the known "
                     "deposits, and its uncertainty map beside it."))
        self.addParameter(p)
        self.addOutput(QgsProcessingOutputNumber(self.TARGET_CELLS, tr("Number of target cells")))
        self.addOutput(QgsProcessingOutputNumber(self.GREENFIELD_TARGETS, tr("Number of greenfield targets")))
        self.addOutput(QgsProcessingOutputNumber(self.DEPOSIT_SHARE, tr("Share of the known deposits in scored cells "
                                                                        "that lie in target cells")))
        # held-out figures, only with DATASET
        self.addOutput(QgsProcessingOutputNumber("TEST_ACCURACY", tr("Held-out accuracy")))
        self.addOutput(QgsProcessingOutputNumber("TEST_AUC", tr("Held-out ROC AUC")))
        self.addOutput(QgsProcessingOutputNumber("TEST_RECALL", tr("Held-out recall (ore)")))
        self.addOutput(QgsProcessingOutputNumber("TEST_F1", tr("Held-out F1 (ore)")))

    @staticmethod
    def _fields():
        fields = QgsFields()
        for name, typ in (("cell_id", int), ("row", int), ("col", int),
                          ("probability", float), ("votes", int), ("branches", int),
                          ("class", int), ("class_name", str),
                          ("agreement", float), ("rank", int), ("deposits", int),
                          ("target", int), ("valid_frac", float), ("top_pct", float), ("chance", float)):
            fields.append(new_field(name, typ))
        return fields

    @staticmethod
    def _target_fields():
        fields = QgsFields()
        for name, typ in (("rank", int), ("cell_id", int), ("probability", float), ("top_pct", float),
                          ("chance", float), ("easting", float), ("northing", float), ("crs", str),
                          ("longitude", float), ("latitude", float), ("deposits", int),
                          ("greenfield", int), ("agreement", float), ("spread", float),
                          ("why_here", str), ("top_evidence", str)):
            fields.append(new_field(name, typ))
        return fields

    def _model_path(self, parameters, context):
        model = self.parameterAsFile(parameters, self.MODEL, context) or DEFAULT_MODEL
        if not os.path.exists(model):
            if model == DEFAULT_MODEL:
                raise QgsProcessingException(tr(
                    "No model file was given and the bundled model {} is not installed with this copy of the "
                    "plugin. Train a model with mfaf:trainmodel and choose its .pt file as 'Model file'.").format(model))
            raise QgsProcessingException(tr("The model file '{}' does not exist.").format(model))
        return model

    def _stack(self, parameters, context):
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None or not layer.isValid():
            raise QgsProcessingException(tr("The evidence stack could not be opened."))
        if layer.providerType() != "gdal" or not os.path.exists(layer.source()):
            raise QgsProcessingException(tr("The evidence stack '{}' must be a raster file (GeoTIFF from "
                                            "mfaf:stacklayers).").format(layer.name()))
        return layer

    def _test_split(self, parameters, context, model_meta):
        """The held-out tiles of the tile dataset, read once and checked now, not after the map has been
        written (None without a dataset)."""
        from ..mfaf_plugin.evaluation.test_split import open_test_split

        dataset_path = self.parameterAsFile(parameters, self.DATASET, context)
        if dataset_path and not os.path.exists(dataset_path):
            raise QgsProcessingException(tr("The tile dataset '{}' does not exist.").format(dataset_path))
        return open_test_split(model_meta, dataset_path) if dataset_path else None

    def execute(self, parameters, context, feedback):
        from ..mfaf_plugin.common.progress import Steps
        from ..mfaf_plugin.prediction.drill_targets import drill_targets
        from ..mfaf_plugin.prediction.inference import load_predictor
        from ..mfaf_plugin.prediction.predict import predict_map
        from ..mfaf_plugin.training.device import resolve_device

        scheduler = scheduler_value(self, parameters, context)  # refused before any work
        layer = self._stack(parameters, context)
        model_path = self._model_path(parameters, context)
        device = DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)]
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if os.path.splitext(out_path)[1].lower() not in (".tif", ".tiff"):
            raise QgsProcessingException(tr("The ore probability output must be a GeoTIFF (.tif) file."))
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        device = resolve_device(device)
        model = load_predictor(model_path, device)  # read once: the map, the held-out tiles and the report use it
        test_split = self._test_split(parameters, context, model[1])
        combined_path = self.parameterAsOutputLayer(parameters, self.OUTPUT_COMBINED, context)
        if combined_path and not isinstance(model[1].get("combined"), dict):
            raise QgsProcessingException(tr(
                "The model file {} carries no combined method: a combined map needs a model written by 'Cross-"
                "validate (spatial folds)' with the method 'combined' among its methods.").format(model_path))
        source = self.parameterAsSource(parameters, self.DEPOSITS, context)
        deposits_xy = None if source is None else read_points(source, layer.crs(), context, feedback=feedback,
                                                              what=tr("Known deposits"))[0]

        def number(key):
            return self.parameterAsDouble(parameters, key, context)

        progress, is_canceled = self.callbacks(feedback)
        steps = Steps(progress, 3 if report_path else 2)
        feedback.pushInfo(tr("Predicting with model {}").format(model_path))
        result = predict_map(layer.source(), model, out_path, stride=int(number(self.STRIDE)),
                             threshold=number(self.THRESHOLD), target_share=number(self.TARGET_SHARE) / 100.0,
                             device=device, deposits_xy=deposits_xy,
                             batch_size=int(number(self.BATCH_SIZE)), min_valid_fraction=number(self.MIN_VALID),
                             progress=_logged(steps.step(0), feedback), is_canceled=is_canceled,
                             log=feedback.pushWarning, scheduler=scheduler or None)
        result["wgs84"] = wgs84_operation(layer.crs())
        feedback.pushInfo(tr("Longitude and latitude: {}").format(result["wgs84"]["words"]))
        feedback.pushInfo(tr("{} windows predicted on {} in {:.1f} s; {} of {} cells are targets.").format(
            result["n_windows"], result["device"], result["seconds"], result["target_cells"], len(result["cells"])))
        combined = self._combined(layer, out_path, combined_path, model[1], is_canceled, feedback)
        targets = drill_targets(result, deposits_xy is not None)
        zones = zone_outputs.compute_zones(self, parameters, context, result, deposits_xy)
        explained = zone_outputs.explain(result, model, device, zones, targets, feedback)
        out = self._write_layers(parameters, context, feedback, layer, result, targets, steps.step(1), is_canceled)
        out.update(zone_outputs.write_zones(self, parameters, context, feedback, layer, zones, result))
        if combined:
            out[self.OUTPUT_COMBINED] = combined["output"]
        share = result["deposit_share"]
        out[self.DEPOSIT_SHARE] = share if deposits_xy is not None and share == share else None
        self._log_deposits(feedback, result, targets, deposits_xy)
        map_path = self.parameterAsFileOutput(parameters, self.OUTPUT_MAP, context)
        maps = None
        if map_path or report_path:
            from ..mfaf_plugin.reports.prediction_report import read_maps, write_map_png

            maps = read_maps(result)  # the probability raster and the stack, read once for the PNG and the report
        if map_path:
            out[self.OUTPUT_MAP] = write_map_png(result, map_path, deposits_xy=deposits_xy, targets=targets, maps=maps)
        test_eval = self._evaluate(out, model, test_split, device, result["threshold"], feedback)
        if report_path:
            # the report is written in English (its other words come from the core)
            inputs = {"Evidence stack": layer.source(), "Model file": model_path,
                      "Longitude and latitude": result["wgs84"]["words"],
                      "Known deposits": "{} ({} points)".format(source.sourceName(), len(deposits_xy))
                      if source is not None else "none given"}
            if combined:
                inputs["Combined map"] = combined["words"]
            self._report(report_path, model, device, result, targets, deposits_xy, test_eval, inputs, maps,
                         steps.step(2), feedback, zones=dict(zones, explained=explained))
            out[self.REPORT] = report_path
        self._style(context, feedback, out_path, out, model[1].get("calibration"))
        if combined:
            styling.style_on_load(context, combined["output"], styling.save_score_style(combined["output"], None,
                                                                                          feedback)
                                  or styling.SCORE_TEMPLATE, styling.ORDER_RASTER)
        return out

    @staticmethod
    def _combined(layer, out_path, combined_path, meta, is_canceled, feedback):
        """The combined map when asked for (:mod:`mfaf_plugin.evaluation.combined_final`), with its words for
        the report: which two methods, and how each ranked unseen ground in the cross-validation."""
        from ..mfaf_plugin.evaluation.combined_final import combined_map
        from ..mfaf_plugin.evaluation.methods import method_label

        if not combined_path:
            return None
        feedback.pushInfo(tr("Combining the network's map with {}").format(meta["combined"].get("method")))
        res = combined_map(layer.source(), out_path, meta["combined"], combined_path, is_canceled=is_canceled,
                           log=feedback.pushInfo)
        rows = {r.get("method"): r for r in (meta.get("metrics") or {}).get("baselines") or []}
        figures = "".join("; out-of-fold cell AUC of {}: {:.3f}".format(name, rows[key]["cell_auc"])
                          for key, name in (("combined", "the combined method"),
                                            (res["method"], method_label(res["method"])))
                          if isinstance(rows.get(key, {}).get("cell_auc"), float))
        net = (meta.get("metrics") or {}).get("out_of_fold", {}).get("cell_auc")
        if isinstance(net, float):
            figures += "; of the network: {:.3f}".format(net)
        res["words"] = ("{}: the mean of each cell's rank on the network's map and on the map of {} (a rank "
                        "score, not a probability){}.".format(res["output"], method_label(res["method"]), figures))
        return res

    def _write_layers(self, parameters, context, feedback, layer, result, targets, progress, is_canceled):
        """The all-cells and drill-targets layers and the targets CSV; the run's numeric outputs."""
        from ..mfaf_plugin.common.progress import check_canceled
        from ..mfaf_plugin.prediction.drill_targets import write_targets_csv

        sink, cells_id = self.outputSink(parameters, self.OUTPUT_CELLS, context, self._fields(),
                                         WKB_POLYGON, layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_CELLS))
        cells = result["cells"]
        for i, c in enumerate(cells):
            check_canceled(is_canceled)
            f = QgsFeature(self._fields())
            f.setGeometry(QgsGeometry.fromRect(QgsRectangle(*c["bounds"])))
            f.setAttributes([c["cell_id"], c["row"], c["col"], c["probability"], c["votes"], c["branches"],
                             c["class"], c["class_name"], c["agreement"], c["rank"], c["deposits"],
                             int(bool(c["target"])), c["valid_fraction"],
                             None if c.get("top_share") is None else round(100.0 * c["top_share"], 2), c.get("chance")])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
            progress((i + 1) / max(1, len(cells)))
        styling.close_sink(sink)  # the file must be complete before its style is stored in it
        del sink
        out = {self.OUTPUT: result["output"], self.OUTPUT_CELLS: cells_id, self.TARGET_CELLS: result["target_cells"],
               self.GREENFIELD_TARGETS: sum(1 for t in targets if t["greenfield"] == 1)}
        sink, targets_id = self.outputSink(parameters, self.OUTPUT_TARGETS, context, self._target_fields(),
                                           WKB_POLYGON, layer.crs())
        if sink is not None:
            for t in targets:
                f = QgsFeature(self._target_fields())
                f.setGeometry(QgsGeometry.fromRect(QgsRectangle(*t["bounds"])))
                f.setAttributes([t.get(k) for k in self._target_fields().names()])
                sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
            styling.close_sink(sink)
            del sink
            out[self.OUTPUT_TARGETS] = targets_id
        csv_path = self.parameterAsFileOutput(parameters, self.OUTPUT_TARGETS_CSV, context)
        if csv_path:
            out[self.OUTPUT_TARGETS_CSV] = write_targets_csv(csv_path, targets)
        return out

    @staticmethod
    def _log_deposits(feedback, result, targets, deposits_xy):
        if deposits_xy is None:
            return
        share = result["deposit_share"]
        feedback.pushInfo(tr("{} of {} known deposits in scored cells lie in target cells ({:.1%}).").format(
            result["deposits_in_targets"], result["deposits_scored"], share if share == share else 0.0))
        if result["deposits_total"] > result["deposits_scored"]:
            feedback.pushInfo(tr("{} known deposits inside the stack lie in no scored cell and are not counted in that "
                                 "share.").format(result["deposits_total"] - result["deposits_scored"]))
        feedback.pushInfo(tr("{} of the {} drill targets hold no known deposit (greenfield).").format(
            sum(1 for t in targets if t["greenfield"] == 1), len(targets)))
        if len(deposits_xy) > result["deposits_total"]:
            feedback.pushWarning(tr("{} known deposits lie outside the evidence stack and were not counted.").format(
                len(deposits_xy) - result["deposits_total"]))

    def _evaluate(self, out, model, test_split, device, threshold, feedback):
        from ..mfaf_plugin.evaluation.test_split import evaluate_test_split

        if test_split is None:
            return None
        test_eval = evaluate_test_split(model, test_split, device=device, threshold=threshold)
        m = test_eval["metrics"]
        feedback.pushInfo(tr("Held-out test tiles ({}): accuracy {:.3f}, AUC {}, recall {:.3f}, F1 {:.3f}").format(
            test_eval["n"], m["accuracy"], "n/a" if m["auc"] is None else "{:.3f}".format(m["auc"]),
            m["recall"], m["f1"]))
        for key, metric in self.TEST_METRICS:
            out[key] = None if m[metric] is None else float(m[metric])
        return test_eval

    @staticmethod
    def _report(report_path, model, device, result, targets, deposits_xy, test_eval, inputs, maps, progress,
                feedback, zones=None):
        from ..mfaf_plugin.reports.prediction_report import write_prediction_report

        rep = write_prediction_report(report_path, result, deposits_xy=deposits_xy,
                                      test_eval=test_eval, targets=targets, inputs=inputs, maps=maps,
                                      zones=zones)
        if rep["success_rate_auc"] == rep["success_rate_auc"]:
            feedback.pushInfo(tr("Success-rate AUC of the map: {:.3f}").format(rep["success_rate_auc"]))
        progress(1.0)

    def _style(self, context, feedback, out_path, out, calibration=None):
        sidecar = styling.save_score_style(out_path, calibration, feedback)
        run = styling.style_vector_output(context, out[self.OUTPUT_CELLS], "all_cells.qml", tr("All cells"),
                                          styling.ORDER_CELLS, feedback)
        if out.get(self.OUTPUT_TARGETS):
            styling.style_vector_output(context, out[self.OUTPUT_TARGETS], "drill_targets.qml", tr("Drill targets"),
                                        styling.ORDER_TARGETS, feedback, run)
        styling.style_on_load(context, out_path, sidecar or styling.SCORE_TEMPLATE, styling.ORDER_RASTER, run)
