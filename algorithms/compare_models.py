"""mfaf:comparemodels - MFAF against baselines and ablations on held-out tiles (the paper's Tables 3-6)."""

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..mfaf_plugin.evaluation import methods as catalogue
from .base import MfafAlgorithm
from .guidance import DEFAULT_ARCHITECTURE, DEFAULT_DILATIONS, dataset_tile_size, dilation_warning
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER, DOUBLE, POINTS
from . import training_params
from .scheduler_param import add_scheduler_parameter, scheduler_value
from .training_params import add_optimizer_parameters, optimizer_values, parse_dilations

# from the method catalogue, which imports no torch (the provider loads without it)
METHODS = list(catalogue.TILE_METHODS)
# classical baselines of the cross-validation protocol only (cell values / window statistics)
CV_CLASSICAL = ["logistic_regression_cells", "random_forest_cells", "balanced_random_forest_cells",
                "balanced_random_forest_window"]
ABLATIONS = list(catalogue.ABLATIONS)
ABLATION_BASES = list(catalogue.MFAF_NETWORKS)
DEVICES = ["auto", "cpu", "cuda"]


class CompareModelsAlgorithm(MfafAlgorithm):
    NAME = "comparemodels"
    DISPLAY_NAME = "Compare models (held-out evaluation)"
    GROUP_ID = "evaluation"
    NEEDS = ("torch", "torchvision", "sklearn", "scipy", "matplotlib")
    HELP = (
        "Trains MFAF, its backbones, three other networks and two classical baselines (random forest and "
        "logistic regression on per-tile band statistics) on the training tiles of a tile dataset made by "
        "'Make labelled tiles', with the same split, seeds and settings for every method, and scores them on the "
        "untouched held-out tiles only (split 1, real windows; augmented tiles are never scored; each network "
        "keeps the epoch with the best AUC on the dataset's validation tiles, or its last epoch without them; "
        "nothing is tuned on the test tiles). Writes tables of the kind of the paper's "
        "Tables 3-6 (accuracy, AUC, recall, F1 in %, with bootstrap 95 % intervals over held-out tiles and "
        "the spread over seeds), deposit-level figures (share of held-out deposits in the top 10 % and 20 % "
        "of held-out tiles ranked by ore probability, success-rate AUC), paired MFAF-minus-baseline "
        "differences with intervals, the held-out predictions, and an HTML report with ROC and "
        "success-rate curves. Intervals that overlap allow no conclusion. The split method of the dataset "
        "(spatial blocks or random) is printed in every table: a random split is optimistic.\n\n"
        "Given an evidence stack and known deposits instead of a tile dataset, the same tables are made by "
        "spatial k-fold cross-validation ('Cross-validate (spatial folds)'): every configuration and the "
        "classical baselines learn from the same folds, the figures are those of the out-of-fold map (cell "
        "AUC, deposits in the top 1-20 % of the area, success-rate AUC) with block-bootstrap intervals."
    )

    DATASET = "DATASET"
    INPUT = "INPUT"
    DEPOSITS = "DEPOSITS"
    FOLDS = "FOLDS"
    TILE_SIZE = "TILE_SIZE"
    METHODS = "METHODS"
    ABLATIONS = "ABLATIONS"
    ABLATION_BASE = "ABLATION_BASE"
    EPOCHS = training_params.EPOCHS
    BATCH_SIZE = training_params.BATCH_SIZE
    LR = training_params.LR
    MOMENTUM = training_params.MOMENTUM
    WEIGHT_DECAY = training_params.WEIGHT_DECAY
    LR_STEP = training_params.LR_STEP
    LR_GAMMA = training_params.LR_GAMMA
    BETA = "BETA"
    TEMPERATURE = "TEMPERATURE"
    DILATIONS = "DILATIONS"
    SEEDS = "SEEDS"
    N_BOOTSTRAP = "N_BOOTSTRAP"
    THRESHOLD = "THRESHOLD"
    DEVICE = "DEVICE"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    REPORT = "REPORT"
    SPLIT_METHOD = "SPLIT_METHOD"

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterFile(self.DATASET, tr("Tile dataset"), extension="npz", optional=True)
        p.setHelp(tr("The .npz tile dataset written by 'Make labelled tiles' (split 0 train, 1 test). Leave empty "
                     "and give an evidence stack and deposits for the cross-validation protocol."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.METHODS, tr("Methods (Table 3)"), options=METHODS, allowMultiple=True,
                                       defaultValue=list(range(len(METHODS))), optional=True)
        p.setHelp(tr("mfaf_* are the paper's ResNet18* and ShuffleNetV2*; random_forest and logistic_regression "
                     "use per-tile band statistics (mean, std, min, max, 90th percentile)."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.ABLATIONS, tr("Ablations (Tables 4-6)"), options=ABLATIONS,
                                       allowMultiple=True, defaultValue=[], optional=True)
        p.setHelp(tr("no_channel_attention / no_spatial_attention (Table 4), beta_sweep over 0, 0.1, 0.4, 0.6, "
                     "0.7, 0.8 (Table 5), dilation_sweep over the paper's four rate sets {1,2,4,8,10}, "
                     "{1,4,8,12,16}, {1,6,12,18,24}, {1,8,16,24,32} (Table 6). Each adds trained models."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.ABLATION_BASE, tr("Ablation base model"), options=ABLATION_BASES,
                                       defaultValue=ABLATION_BASES.index(DEFAULT_ARCHITECTURE))
        p.setHelp(tr("The MFAF model the ablations modify (default: the bundled model's, mfaf_shufflenetv2)."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        add_optimizer_parameters(self, 30, tr("Training epochs of every network (paper: 220). The last epoch "
                                              "is scored."))
        p = QgsProcessingParameterNumber(self.BETA, tr("Self-distillation weight beta"),
                                         DOUBLE, defaultValue=0.4, minValue=0.0)
        p.setHelp(tr("Weight of the self-distillation term of the MFAF models (paper's best: 0.4); the beta "
                     "sweep overrides it."))
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.TEMPERATURE, tr("Distillation temperature"),
                                         DOUBLE, defaultValue=1.0, minValue=0.01)
        p.setHelp(tr("Softmax temperature of the self-distillation term."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterString(self.DILATIONS, tr("Dilation rates of the MFAF models"),
                                         defaultValue=DEFAULT_DILATIONS)
        p.setHelp(tr("Comma-separated dilation rates of the parallel branches, each smaller than the tile size "
                     "(default 1,2,4,8,10 fits 16-pixel tiles; the paper's best 1,6,12,18,24 needs 25 pixels or "
                     "more); the dilation sweep overrides them."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterString(self.SEEDS, tr("Seeds"), defaultValue="0,1,2")
        p.setHelp(tr("Comma-separated training seeds; every figure is the mean over seeds, with its standard "
                     "deviation. Each seed trains every model again."))
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.N_BOOTSTRAP, tr("Bootstrap resamples"),
                                         INTEGER, defaultValue=1000, minValue=100)
        p.setHelp(tr("Resamples of the held-out tiles for the 95 % intervals (seeded with the first seed)."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.THRESHOLD, tr("Probability threshold"),
                                         DOUBLE, defaultValue=0.5, minValue=0.0,
                                         maxValue=1.0)
        p.setHelp(tr("Tiles with ore probability at or above it count as predicted ore (paper: 0.5). Fixed in "
                     "advance: never tune it on the test tiles."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.DEVICE, tr("Device"), options=DEVICES, defaultValue=0)
        p.setHelp(tr("auto: a CUDA GPU when torch sees one, else the CPU."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        add_scheduler_parameter(self, tr("the (model, seed) trainings"))
        p = QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, tr("Output folder (tables)"))
        p.setHelp(tr("Receives table3_methods.csv, table4_attention.csv, table5_beta.csv, table6_dilation.csv "
                     "(those requested), comparisons.csv and predictions_test.csv."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.REPORT, tr("Report"), tr("HTML files (*.html)"))
        p.setHelp(tr("HTML report: protocol, tables, ROC and success-rate curves on the held-out tiles."))
        self.addParameter(p)
        self.addOutput(QgsProcessingOutputString(self.SPLIT_METHOD, tr("Split method of the dataset")))

        self._cv_parameters()

    def _cv_parameters(self):
        from qgis.core import QgsProcessingParameterFeatureSource, QgsProcessingParameterRasterLayer

        p = QgsProcessingParameterRasterLayer(self.INPUT, tr("Evidence stack (cross-validation protocol)"),
                                              optional=True)
        p.setHelp(tr("With known deposits, and no tile dataset: the tables are made by spatial k-fold "
                     "cross-validation on this stack."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSource(self.DEPOSITS, tr("Known deposits (cross-validation protocol)"),
                                                [POINTS], optional=True)
        p.setHelp(tr("Deposit points, for the cross-validation protocol."))
        self.addParameter(p)
        for key, label, default, low, help_text in (
                (self.FOLDS, tr("Folds (cross-validation protocol)"), 5, 2, tr("Number of spatial folds.")),
                (self.TILE_SIZE, tr("Window size in cells (cross-validation protocol)"), 32, 3,
                 tr("Side of the windows centred on each cell."))):
            p = QgsProcessingParameterNumber(key, label, INTEGER, defaultValue=default,
                                             minValue=low)
            p.setHelp(help_text)
            p.setFlags(p.flags() | ADVANCED)
            self.addParameter(p)

    def checkParameterValues(self, parameters, context):  # noqa: N802
        methods = self.parameterAsEnums(parameters, self.METHODS, context)
        ablations = self.parameterAsEnums(parameters, self.ABLATIONS, context)
        if not methods and not ablations:
            return False, tr("Choose at least one method or one ablation.")
        has_dataset = bool(self.parameterAsFile(parameters, self.DATASET, context))
        has_stack = parameters.get(self.INPUT) not in (None, "") and parameters.get(self.DEPOSITS) not in (None, "")
        if has_dataset == has_stack:
            return False, tr("Give either a tile dataset (held-out tiles) or an evidence stack with known deposits "
                             "(cross-validation), not both and not neither.")
        return super().checkParameterValues(parameters, context)

    def execute(self, parameters, context, feedback):
        from ..mfaf_plugin.evaluation.tile_comparison import TrainConfig, compare_models
        from ..mfaf_plugin.training.device import resolve_device

        scheduler = scheduler_value(self, parameters, context)  # refused before any work
        if not self.parameterAsFile(parameters, self.DATASET, context):
            return self._execute_cv(parameters, context, feedback, scheduler)
        dataset = self.parameterAsFile(parameters, self.DATASET, context)
        if not dataset or not os.path.exists(dataset):
            raise QgsProcessingException(tr("Tile dataset '{}' not found: run 'Make labelled tiles' first.").format(
                dataset))
        methods = [METHODS[i] for i in self.parameterAsEnums(parameters, self.METHODS, context)]
        ablations = [ABLATIONS[i] for i in self.parameterAsEnums(parameters, self.ABLATIONS, context)]
        dilations = parse_dilations(self.parameterAsString(parameters, self.DILATIONS, context))
        warning = dilation_warning(dilations, dataset_tile_size(dataset))
        if warning:
            feedback.pushWarning(warning)
        config = TrainConfig(
            **optimizer_values(self, parameters, context),
            beta=self.parameterAsDouble(parameters, self.BETA, context),
            temperature=self.parameterAsDouble(parameters, self.TEMPERATURE, context),
            device=resolve_device(DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)]),
        )
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        progress, is_canceled = self.callbacks(feedback)
        result = compare_models(
            dataset, folder, methods=methods, ablations=ablations,
            ablation_base=ABLATION_BASES[self.parameterAsEnum(parameters, self.ABLATION_BASE, context)],
            config=config, seeds=self.parameterAsString(parameters, self.SEEDS, context),
            n_bootstrap=self.parameterAsInt(parameters, self.N_BOOTSTRAP, context),
            threshold=self.parameterAsDouble(parameters, self.THRESHOLD, context), dilations=dilations,
            progress=progress, is_canceled=is_canceled, log=feedback.pushInfo, scheduler=scheduler,
        )
        if report:
            from ..mfaf_plugin.reports.comparison_report import write_comparison_report

            write_comparison_report(report, result)
        for t, path in sorted(result["tables"].items()):
            feedback.pushInfo(tr("Wrote {}").format(path))
        for r in result["rows"].get("table3", []):
            feedback.pushInfo("{}: accuracy {} AUC {} [{}, {}] recall {} F1 {} (%)".format(
                r["method"], r["accuracy"], r["auc"], r["auc_ci_low"], r["auc_ci_high"], r["recall"], r["f1"]))
        return {self.OUTPUT_FOLDER: folder, self.REPORT: report, self.SPLIT_METHOD: result["split_method"]}

    def _execute_cv(self, parameters, context, feedback, scheduler):
        """The cross-validation protocol (mfaf_plugin.evaluation.cv_compare)."""
        from ..mfaf_plugin.evaluation.crossval import CVSettings
        from ..mfaf_plugin.evaluation.cv_compare import compare_cv
        from ..mfaf_plugin.evaluation.methods import parse_seeds
        from .layers import read_points, require_projected

        stack = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        deposits = self.parameterAsSource(parameters, self.DEPOSITS, context)
        if stack is None or deposits is None:
            raise QgsProcessingException(tr("The evidence stack or the deposit layer could not be opened."))
        require_projected(stack.crs(), tr("The evidence stack"))
        xy, _ = read_points(deposits, stack.crs(), context, feedback=feedback, what=tr("Known deposits"))
        opt = optimizer_values(self, parameters, context)
        settings = CVSettings(
            n_folds=self.parameterAsInt(parameters, self.FOLDS, context),
            tile_px=self.parameterAsInt(parameters, self.TILE_SIZE, context),
            seeds=tuple(parse_seeds(self.parameterAsString(parameters, self.SEEDS, context))),
            epochs=opt["epochs"], batch_size=opt["batch_size"], recipe=opt["recipe"], augment=opt["augment"],
            recipe_overrides={k: opt[k] for k in ("lr", "momentum", "weight_decay", "lr_step", "lr_gamma")
                              if opt[k] is not None},
            beta=self.parameterAsDouble(parameters, self.BETA, context),
            temperature=self.parameterAsDouble(parameters, self.TEMPERATURE, context),
            n_bootstrap=self.parameterAsInt(parameters, self.N_BOOTSTRAP, context),
            device=DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)])
        methods = [METHODS[i] for i in self.parameterAsEnums(parameters, self.METHODS, context)]
        ablations = [ABLATIONS[i] for i in self.parameterAsEnums(parameters, self.ABLATIONS, context)]
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        progress, is_canceled = self.callbacks(feedback)
        result = compare_cv(stack.source(), xy, folder, methods + CV_CLASSICAL, ablations,
                            ABLATION_BASES[self.parameterAsEnum(parameters, self.ABLATION_BASE, context)], settings,
                            parse_dilations(self.parameterAsString(parameters, self.DILATIONS, context)),
                            progress=progress, is_canceled=is_canceled, log=feedback.pushInfo, scheduler=scheduler)
        if report:
            from ..mfaf_plugin.reports.comparison_report import write_cv_comparison_report

            write_cv_comparison_report(report, result)
        for r in result["rows"].get("table3", []):
            feedback.pushInfo("{}: out-of-fold cell AUC {:.3f} [{:.3f}, {:.3f}]".format(
                r["method"], r["cell_auc"], r["cell_auc_ci_low"], r["cell_auc_ci_high"]))
        return {self.OUTPUT_FOLDER: folder, self.REPORT: report, self.SPLIT_METHOD: result["split_method"]}
