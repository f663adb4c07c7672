"""mfaf:crossvalidate - spatial k-fold cross-validation with out-of-fold prospectivity maps."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from .base import MfafAlgorithm
from ..mfaf_plugin.evaluation.methods import CELL_BASELINES, COMBINED, CV_NETWORKS
from ..mfaf_plugin.windows.sampling import FRAMINGS as CELL_FRAMINGS
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER, DOUBLE, POINTS
from .layers import read_points, require_projected
from .scheduler_param import add_scheduler_parameter, scheduler_value
from .training_params import CAPACITY, add_capacity_parameter, add_optimizer_parameters, optimizer_values, parse_dilations

DEEP = list(CV_NETWORKS)  # the method catalogue imports no torch at load time
CLASSICAL = list(CELL_BASELINES)
METHODS = DEEP + CLASSICAL + [COMBINED]
DEFAULT_METHODS = ["mfaf_shufflenetv2"] + CLASSICAL + [COMBINED]
FRAMINGS = list(CELL_FRAMINGS)
NORMALIZATIONS = ["training", "stack"]
DEVICES = ["auto", "cpu", "cuda"]


class CrossValidateAlgorithm(MfafAlgorithm):
    NAME = "crossvalidate"
    DISPLAY_NAME = "Cross-validate (spatial folds)"
    GROUP_ID = "evaluation"
    NEEDS = ("torch", "torchvision", "sklearn", "imblearn", "scipy", "matplotlib")
    HELP = (
        "The honest test of a prospectivity method: does it rank ground it has never seen? The evidence stack is "
        "cut into square blocks, the blocks into folds balanced by deposits and area; each fold is held out once "
        "while the methods learn from the rest, with no training window reaching a held-out block. Every cell of "
        "the map is then predicted by the model that never saw its block: the out-of-fold map.\n\n"
        "Networks (MFAF and the plain backbones) learn from windows centred on deposit cells and on background "
        "cells away from deposits (fresh ones every epoch), turned and flipped at random, on the whole training area "
        "as the classical methods; the model is the mean of its weights over the last third of the epochs (no "
        "epoch is chosen). Held-out deposit cells are scored by their own window, the background on a seeded "
        "random grid at the prediction stride. Several seeds give an ensemble: its mean is the map, its "
        "spread the uncertainty. Classical baselines (logistic regression, random forest, balanced random forest, "
        "gradient boosting, on cell values or on window statistics; weights of evidence on cell values) learn from "
        "the same cells of the same folds. The combined method averages, per fold, the ranks of the first network "
        "and of the classical method that an inner cross-validation on the training blocks finds best (the held-out "
        "fold never chooses); with a model file, the method an inner cross-validation on every block finds best "
        "travels with the network, and 'Predict prospectivity map' can write the combined map.\n\n"
        "Figures for every method: cell-level ROC AUC of the held-out deposit cells against all other held-out "
        "cells, the share of held-out deposits in the top 1, 5, 10 and 20 % of the area, the success-rate AUC; "
        "per fold and seed (mean and SD) and on the pooled out-of-fold map with 95 % intervals from resampling "
        "blocks, and paired differences against the first network. The 'grid' framing is the paper's: windows "
        "of the tile grid labelled ore when any deposit lies inside.\n\n"
        "Outputs: the out-of-fold map of the first chosen method (band 1 probability, band 2 spread over seeds), "
        "the fold raster, and in the output folder every method's out-of-fold map, the fold blocks as polygons "
        "(use them in 'Screen elements' to screen on training deposits only) and the tables (cv_summary.csv, "
        "cv_folds.csv, cv_comparisons.csv, cv_history.csv, cv_weights_of_evidence.csv with the weights, "
        "contrast and studentised contrast of every layer per fold, cv_combined.csv with the inner choice of "
        "the combined method); an HTML report."
    )

    INPUT = "INPUT"
    DEPOSITS = "DEPOSITS"
    METHODS = "METHODS"
    FRAMING = "FRAMING"
    TILE_SIZE = "TILE_SIZE"
    FOLDS = "FOLDS"
    BLOCK_SIZE = "BLOCK_SIZE"
    SEEDS = "SEEDS"
    FOLD_SEED = "FOLD_SEED"
    NEGATIVE_RATIO = "NEGATIVE_RATIO"
    MIN_NEGATIVE_DISTANCE = "MIN_NEGATIVE_DISTANCE"
    STRIDE = "STRIDE"
    VALIDATION_FRACTION = "VALIDATION_FRACTION"
    BETA = "BETA"
    DILATIONS = "DILATIONS"
    NORMALIZATION = "NORMALIZATION"
    N_BOOTSTRAP = "N_BOOTSTRAP"
    DEVICE = "DEVICE"
    OUTPUT = "OUTPUT"
    OUTPUT_FOLDS = "OUTPUT_FOLDS"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    REPORT = "REPORT"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    OOF_AUC = "OOF_AUC"
    BEST_OTHER_AUC = "BEST_OTHER_AUC"
    VERDICT = "VERDICT"

    def _number(self, key, label, kind, default, low, high=None, help_text="", advanced=False):
        limits = {"minValue": low} if high is None else {"minValue": low, "maxValue": high}
        p = QgsProcessingParameterNumber(key, label, kind, defaultValue=default, **limits)
        p.setHelp(help_text)
        if advanced:
            p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterRasterLayer(self.INPUT, tr("Evidence stack"))
        p.setHelp(tr("The multi-band evidence stack written by 'Build evidence stack' (projected CRS)."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSource(self.DEPOSITS, tr("Known deposits"), [POINTS])
        p.setHelp(tr("Deposit points; a cell holding one is a deposit cell."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.METHODS, tr("Methods (mfaf_*: MFAF networks; others: classical "
                                                        "baselines on cell values or window statistics)"),
                                       options=METHODS, allowMultiple=True,
                                       defaultValue=DEFAULT_METHODS)
        p.setUsesStaticStrings(True)
        p.setHelp(tr("Networks (mfaf_* = MFAF with that backbone) and classical baselines (<model>_cells: the "
                     "band values of the cell; <model>_window: mean, SD, min and max of every band over the cell's "
                     "window; weights_of_evidence_cells: binary weights of evidence per band, the pattern chosen on the "
                     "training cells by the largest studentised contrast). The first network is the reference of the "
                     "paired comparisons and of the output map. combined: per fold the mean of the ranks of the first "
                     "network and of the classical method with the best AUC in an inner cross-validation on the "
                     "training blocks (needs a classical method; the model file then carries the classical method "
                     "chosen on all blocks, for the combined map of 'Predict prospectivity map')."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.FRAMING, tr("Framing (centred: a window centred on every cell; grid: the "
                                                        "paper's grid of windows)"),
                                       options=FRAMINGS, defaultValue=FRAMINGS[0])
        p.setUsesStaticStrings(True)
        p.setHelp(tr("centred: a window centred on every cell (fine maps, many training windows). grid: the paper's "
                     "grid of windows labelled ore when any deposit lies inside (one value per window)."))
        self.addParameter(p)
        self._number(self.TILE_SIZE, tr("Window size (cells; 32 cells of 500 m = 16 km)"), INTEGER, 32, 3, None,
                     tr("Side of the windows in cells; the ground size is this times the stack's cell size. The "
                        "default, 32 cells, is the window of the documented results on 500 m stacks (16 km); the "
                        "bundled model reads the same 16 km as 16 cells of 1 km. On a 1 km stack, 16 cells give the "
                        "same ground."))
        self._number(self.FOLDS, tr("Folds"), INTEGER, 5, 2, 20, tr("Number of folds; each is held out once."))
        self._number(self.BLOCK_SIZE, tr("Block size (cells, 0 = automatic)"), INTEGER, 0, 0, None,
                     tr("Side of the square blocks held out together. 0: four windows, reduced until every fold "
                        "can hold three blocks with deposits."), advanced=True)
        p = QgsProcessingParameterString(self.SEEDS, tr("Seeds"), defaultValue="0,1")
        p.setHelp(tr("Comma-separated training seeds: each trains every model again; the map is their mean (an "
                     "ensemble) and their spread the uncertainty."))
        self.addParameter(p)
        self._number(self.FOLD_SEED, tr("Fold seed"), INTEGER, 0, 0, None,
                     tr("Seed of the assignment of blocks to folds."), advanced=True)
        add_optimizer_parameters(self, 6, tr("Passes over the training windows of every fold (each pass holds at "
                                             "least 1024 windows). The model is the mean of the weights of the last third of the epochs."),
                                 batch_default=64)
        self._number(self.NEGATIVE_RATIO, tr("Background windows per deposit window"), DOUBLE, 4.0, 0.1, None,
                     tr("Background windows drawn afresh every epoch for each deposit window."), advanced=True)
        self._number(self.MIN_NEGATIVE_DISTANCE, tr("Background distance from deposits (cells)"), DOUBLE, 2.0, 0.0,
                     None, tr("Background windows are centred at least this far from any known deposit."),
                     advanced=True)
        self._number(self.STRIDE, tr("Prediction stride (cells)"), INTEGER, 3, 1, None,
                     tr("Networks predict every n-th cell in each direction; the other cells take the value of the "
                        "nearest predicted centre (1 = every cell, slowest)."), advanced=True)
        self._number(self.VALIDATION_FRACTION, tr("Validation share of the training blocks"), DOUBLE, 0.2, 0.05, 0.5,
                     tr("Not used by the networks any more: they train on every training block and keep the mean "
                        "weights of their last epochs (kept so that saved scripts still run)."), advanced=True)
        self._number(self.BETA, tr("Self-distillation weight beta (MFAF)"), DOUBLE, 0.4, 0.0, None,
                     tr("Weight of the self-distillation term of the MFAF loss (paper's best 0.4)."), advanced=True)
        p = QgsProcessingParameterString(self.DILATIONS, tr("Dilation rates (MFAF, empty = automatic)"),
                                         optional=True)
        p.setHelp(tr("Comma-separated dilation rates; empty: the largest of the paper's four sets whose widest rate "
                     "is at most half the window (32 cells: 1,4,8,12,16)."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        add_capacity_parameter(self)
        p = QgsProcessingParameterEnum(self.NORMALIZATION, tr("Band scaling per fold (training: from each fold's "
                                                              "training area; stack: the stack's own)"),
                                       options=NORMALIZATIONS,
                                       defaultValue=NORMALIZATIONS[0])
        p.setUsesStaticStrings(True)
        p.setHelp(tr("training: standardise every band with the mean and SD of the fold's training area (nothing of "
                     "the held-out ground enters). stack: keep the stack's own normalisation."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        self._number(self.N_BOOTSTRAP, tr("Bootstrap resamples"), INTEGER, 1000, 100, None,
                     tr("Resamples of the blocks for the 95 % intervals."), advanced=True)
        p = QgsProcessingParameterEnum(self.DEVICE, tr("Device"), options=DEVICES, defaultValue=DEVICES[0])
        p.setUsesStaticStrings(True)
        p.setHelp(tr("auto: a CUDA GPU when torch sees one, else the CPU."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        add_scheduler_parameter(self, tr("the (fold, method, seed) runs"))
        self._outputs()

    def _outputs(self):
        p = QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Out-of-fold prospectivity"))
        p.setHelp(tr("Band 1: out-of-fold ore probability of the first chosen method (mean over seeds); band 2: its "
                     "standard deviation over seeds."))
        self.addParameter(p)
        p = QgsProcessingParameterRasterDestination(self.OUTPUT_FOLDS, tr("Folds"))
        p.setHelp(tr("Fold (1..k) of every cell; 0 where no fold applies (nodata)."))
        self.addParameter(p)
        p = QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, tr("Output folder"))
        p.setHelp(tr("Receives every method's out-of-fold map, the fold blocks and the tables."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.REPORT, tr("Report"), tr("HTML files (*.html)"),
                                                  optional=True, createByDefault=True)
        p.setHelp(tr("HTML report: verdict, protocol, figures with intervals, curves, maps, per-fold table."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT_MODEL, tr("Model trained on all deposits"),
                                                  tr("Model (*.pt)"), optional=True, createByDefault=False)
        p.setHelp(tr("Optional: after the cross-validation, the first network is trained the same way on the whole "
                     "area, once per seed, and saved as one ensemble model for 'Predict prospectivity map' (fine "
                     "per-cell maps with an uncertainty band). Its file records the cross-validated figures."))
        self.addParameter(p)
        self.addOutput(QgsProcessingOutputNumber(self.OOF_AUC, tr("Out-of-fold cell AUC of the first method")))
        self.addOutput(QgsProcessingOutputNumber(self.BEST_OTHER_AUC, tr("Best out-of-fold cell AUC of the others")))
        self.addOutput(QgsProcessingOutputString(self.VERDICT, tr("Verdict")))

    def _settings(self, parameters, context):
        from ..mfaf_plugin.evaluation.crossval import CVSettings
        from ..mfaf_plugin.evaluation.methods import parse_seeds

        opt = optimizer_values(self, parameters, context)
        overrides = {k: opt[k] for k in ("lr", "momentum", "weight_decay", "lr_step", "lr_gamma") if opt[k] is not None}
        text = (self.parameterAsString(parameters, self.DILATIONS, context) or "").strip()
        return CVSettings(
            n_folds=self.parameterAsInt(parameters, self.FOLDS, context),
            block_px=self.parameterAsInt(parameters, self.BLOCK_SIZE, context),
            tile_px=self.parameterAsInt(parameters, self.TILE_SIZE, context),
            framing=self.parameterAsEnumString(parameters, self.FRAMING, context),
            negative_ratio=self.parameterAsDouble(parameters, self.NEGATIVE_RATIO, context),
            min_negative_distance_px=self.parameterAsDouble(parameters, self.MIN_NEGATIVE_DISTANCE, context),
            stride_px=self.parameterAsInt(parameters, self.STRIDE, context),
            validation_fraction=self.parameterAsDouble(parameters, self.VALIDATION_FRACTION, context),
            seeds=tuple(parse_seeds(self.parameterAsString(parameters, self.SEEDS, context))),
            fold_seed=self.parameterAsInt(parameters, self.FOLD_SEED, context),
            epochs=opt["epochs"], batch_size=opt["batch_size"], recipe=opt["recipe"], recipe_overrides=overrides,
            augment=opt["augment"], beta=self.parameterAsDouble(parameters, self.BETA, context),
            dilations=tuple(parse_dilations(text)) if text else None,
            capacity=self.parameterAsEnumString(parameters, CAPACITY, context) or "auto",
            fold_normalization=self.parameterAsEnumString(parameters, self.NORMALIZATION, context),
            n_bootstrap=self.parameterAsInt(parameters, self.N_BOOTSTRAP, context),
            device=self.parameterAsEnumString(parameters, self.DEVICE, context))

    def execute(self, parameters, context, feedback):
        from ..mfaf_plugin.evaluation.crossval import cross_validate
        from ..mfaf_plugin.reports.cv_report import verdict_sentence, write_cv_report
        from ..mfaf_plugin.evaluation.cv_results import summarise, write_outputs

        scheduler = scheduler_value(self, parameters, context)  # refused before any work
        stack = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if stack is None:
            raise QgsProcessingException(tr("The evidence stack could not be opened."))
        require_projected(stack.crs(), tr("The evidence stack"))
        deposits = self.parameterAsSource(parameters, self.DEPOSITS, context)
        if deposits is None:
            raise QgsProcessingException(tr("The deposit layer could not be opened."))
        xy, _ = read_points(deposits, stack.crs(), context, feedback=feedback, what=tr("Known deposits"))
        methods = self.parameterAsEnumStrings(parameters, self.METHODS, context)
        if not methods:
            raise QgsProcessingException(tr("Choose at least one method."))
        if self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context) and not set(methods) & set(DEEP):
            raise QgsProcessingException(tr("A model file needs a network among the methods."))
        settings = self._settings(parameters, context)
        progress, is_canceled = self.callbacks(feedback)
        share = 0.8 if self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context) else 0.95
        result = cross_validate(stack.source(), xy, methods, settings, progress=lambda f: progress(share * f),
                                is_canceled=is_canceled, log=feedback.pushInfo, scheduler=scheduler)
        summary = summarise(result)
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        out_folds = self.parameterAsOutputLayer(parameters, self.OUTPUT_FOLDS, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        written = write_outputs(result, summary, folder, rasters={summary["reference"]: out, "__folds__": out_folds})
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if report:
            write_cv_report(report, result, summary, stack_name=stack.source())
        model_path = self._final_model(parameters, context, result, summary, stack.source(), feedback)
        verdict = verdict_sentence(summary)
        feedback.pushInfo(verdict)
        rows = {r["method"]: r for r in summary["summary"]}
        others = [r["cell_auc"] for m, r in rows.items() if m != summary["reference"]]
        progress(1.0)
        return {self.OUTPUT: written["oof"][summary["reference"]], self.OUTPUT_FOLDS: written["folds"],
                self.OUTPUT_FOLDER: folder, self.REPORT: report or None, self.OUTPUT_MODEL: model_path,
                self.OOF_AUC: rows[summary["reference"]]["cell_auc"],
                self.BEST_OTHER_AUC: max(others) if others else float("nan"), self.VERDICT: verdict}

    def _final_model(self, parameters, context, result, summary, stack_name, feedback):
        from ..mfaf_plugin.evaluation.final_model import train_final_model

        path = self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context)
        if not path:
            return None
        ref = summary["reference"]
        feedback.pushInfo(tr("Training {} on all deposits for the model file ({} seed(s)).").format(
            ref, len(result["seeds"])))
        row = next(r for r in summary["summary"] if r["method"] == ref)
        progress, is_canceled = self.callbacks(feedback)
        others = [r for r in summary["summary"] if r["method"] != ref]
        return train_final_model(result, ref, path, summary_row=row, stack_name=stack_name, others=others,
                                 comparisons=[c for c in summary["comparisons"] if c["method_a"] == ref],
                                 progress=lambda f: progress(0.8 + 0.2 * f), is_canceled=is_canceled,
                                 log=feedback.pushInfo)
