"""mfaf:trainmodel - train MFAF (or a baseline network) on a tile dataset and write a model file."""

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..mfaf_plugin.evaluation.methods import NETWORKS
from ..mfaf_plugin.training import device as gpu
from .base import MfafAlgorithm
from .guidance import (DEFAULT_ARCHITECTURE, DEFAULT_DILATIONS, DEFAULT_SEED, dataset_tile_size,
                       default_model_path, dilation_warning)
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER, DOUBLE
from . import training_params
from .training_params import add_capacity_parameter, add_optimizer_parameters, optimizer_values, parse_dilations

ARCHITECTURES = list(NETWORKS)  # the method catalogue imports no torch (the provider loads without it)
DEVICES = ["auto", "cpu", "cuda"]
PRECISIONS = list(gpu.PRECISIONS)  # the core module imports no torch at load time


class TrainModelAlgorithm(MfafAlgorithm):
    NAME = "trainmodel"
    DISPLAY_NAME = "Train model"
    GROUP_ID = "model"
    NEEDS = ("torch", "torchvision", "sklearn")
    HELP = (
        "Trains a network on the training tiles of a tile dataset made by 'Make labelled tiles'. After every "
        "epoch it is scored on the validation tiles (blocks set apart from the training side) and on the "
        "untouched test tiles: loss, accuracy, ROC AUC, recall and F1 of the ore class, written to a per-epoch "
        "CSV. The model file keeps the epoch with the best validation AUC after the learning-rate warm-up (never chosen with the test tiles; "
        "without validation tiles the last epoch); its test figures are returned. MFAF (ResNet18 or ShuffleNetV2 "
        "backbone) runs parallel dilated 3x3 convolutions with channel attention, a shared backbone with "
        "spatial attention after its last stage and one shared classifier; each branch votes. Its loss is "
        "the cross-entropy summed over branches plus beta times a self-distillation term. The plain "
        "networks are the paper's baselines. Training recipe: AdamW with a one-cycle learning rate and balanced "
        "classes (default), or the paper's SGD (lr 0.02 x 0.6 every 30 epochs, momentum 0.2, weight decay "
        "1e-4, batch 32, 220 epochs); tiles are turned and flipped at random. The default network is the bundled "
        "model's: MFAF on ShuffleNetV2 with dilation rates 1,2,4,8,10, which fit 16-pixel tiles (a rate must "
        "be smaller than the tile size; the log warns otherwise). The model file keeps the band "
        "names, normalisation, tile size and settings so that 'Predict prospectivity map' uses it correctly. "
        "After every epoch a checkpoint '<model file>.ckpt' is written; if you cancel, run again with the same "
        "settings and 'Resume from the checkpoint' checked to continue. The same seed on the CPU gives the "
        "same model."
    )

    DATASET = "DATASET"
    ARCHITECTURE = "ARCHITECTURE"
    DILATIONS = "DILATIONS"
    BETA = "BETA"
    CHANNEL_ATTENTION = "CHANNEL_ATTENTION"
    SPATIAL_ATTENTION = "SPATIAL_ATTENTION"
    EPOCHS = training_params.EPOCHS
    BATCH_SIZE = training_params.BATCH_SIZE
    LR = training_params.LR
    MOMENTUM = training_params.MOMENTUM
    WEIGHT_DECAY = training_params.WEIGHT_DECAY
    LR_STEP = training_params.LR_STEP
    LR_GAMMA = training_params.LR_GAMMA
    RECIPE = training_params.RECIPE
    AUGMENT = training_params.AUGMENT
    DEVICE = "DEVICE"
    PRECISION = "PRECISION"
    PROCESSES = "PROCESSES"
    SEED = "SEED"
    RESUME = "RESUME"
    OUTPUT = "OUTPUT"
    OUTPUT_METRICS = "OUTPUT_METRICS"
    ACCURACY = "ACCURACY"
    AUC = "AUC"
    RECALL = "RECALL"
    F1 = "F1"
    SELECTED_EPOCH = "SELECTED_EPOCH"

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterFile(self.DATASET, tr("Tile dataset"), extension="npz")
        p.setHelp(tr("The .npz tile dataset written by 'Make labelled tiles' (split 0 train, split 1 test)."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.ARCHITECTURE, tr("Network"), options=ARCHITECTURES,
                                       defaultValue=DEFAULT_ARCHITECTURE)
        p.setUsesStaticStrings(True)  # scripts write ARCHITECTURE=mfaf_resnet18, not an index
        p.setHelp(tr("mfaf_shufflenetv2 (default, the bundled model's) / mfaf_resnet18: MFAF with that backbone "
                     "(the paper's ShuffleNetV2* and ResNet18*). The others are the plain torchvision networks the "
                     "paper compares with."))
        self.addParameter(p)
        p = QgsProcessingParameterString(self.DILATIONS, tr("Dilation rates (MFAF)"), defaultValue=DEFAULT_DILATIONS)
        p.setHelp(tr("Comma-separated dilation rates, one MFAF branch each. Each rate must be smaller than the "
                     "tile size to reach a neighbouring pixel: 1,2,4,8,10 (default, the bundled model's) fits "
                     "16-pixel tiles; the paper's best 1,6,12,18,24 needs tiles of 25 pixels or more (it used 128). "
                     "Ignored by the plain networks."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.BETA, tr("Self-distillation weight beta (MFAF)"), DOUBLE,
                                         defaultValue=0.4, minValue=0.0)
        p.setHelp(tr("Weight of the self-distillation term of the loss (paper's best 0.4; 0 switches it off)."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterBoolean(self.CHANNEL_ATTENTION, tr("Channel attention (MFAF)"), defaultValue=True)
        p.setHelp(tr("Channel attention after each dilated branch; uncheck for the paper's ablation."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterBoolean(self.SPATIAL_ATTENTION, tr("Spatial attention (MFAF)"), defaultValue=True)
        p.setHelp(tr("Spatial attention after the backbone's last stage; uncheck for the paper's ablation."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        add_capacity_parameter(self)
        add_optimizer_parameters(self, 30, tr("Passes over the training tiles (paper: 220 with its SGD recipe). The "
                                             "epoch with the best validation AUC after the learning-rate warm-up is kept."))
        p = self.parameterDefinition(self.BATCH_SIZE)
        p.setMinimum(0)
        p.setHelp(tr("Tiles per training batch (paper: 32), per process when several train together. 0: the "
                     "largest of 32, 16, 8, 4, 2 that fits the GPU's memory (32 on the CPU)."))
        p = QgsProcessingParameterEnum(self.DEVICE, tr("Device"), options=DEVICES, defaultValue="auto")
        p.setUsesStaticStrings(True)
        p.setHelp(tr("auto: a CUDA GPU when torch sees one, else the CPU. cuda fails when there is no GPU."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.PRECISION, tr("Precision"), options=PRECISIONS, defaultValue="auto")
        p.setUsesStaticStrings(True)
        p.setHelp(tr("auto: mixed precision on a CUDA GPU (bf16, or fp16 with loss scaling on older GPUs), float32 "
                     "(fp32) on the CPU. bf16 / fp16 on the CPU work but are slow."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.PROCESSES, tr("Training processes (GPUs)"), INTEGER, defaultValue=1,
                                         minValue=1, maxValue=64)
        p.setHelp(tr("1: train inside QGIS. More: that many processes on this machine train together with "
                     "torch.distributed (torchrun), one GPU each on a CUDA device, else sharing the CPU cores; each "
                     "takes its share of every batch (batch size per process), so N processes with batch b train "
                     "like one process with batch N x b. For several machines see the section Scaling out of the "
                     "README."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.SEED, tr("Random seed"), INTEGER, defaultValue=DEFAULT_SEED, minValue=0)
        p.setHelp(tr("Seed of the weight initialisation, shuffling and dropout; the same seed on the CPU gives "
                     "the same model."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterBoolean(self.RESUME, tr("Resume from the checkpoint"), defaultValue=False)
        p.setHelp(tr("Continue a canceled or interrupted run from '<model file>.ckpt' (same dataset and "
                     "settings); without a checkpoint training starts from the beginning."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT, tr("Model file"), fileFilter=tr("Model (*.pt)"),
                                                  defaultValue=default_model_path())
        p.setHelp(tr("The trained network with its metadata (bands, normalisation, tile size, settings, "
                     "metrics), the input of 'Predict prospectivity map'. Default: mfaf_model.pt in the saved "
                     "project's folder, else in the folder MFAF of your home folder. Keep a real file (not a "
                     "temporary one): a long run is kept and 'Resume from the checkpoint' finds it."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT_METRICS, tr("Per-epoch metrics"),
                                                  fileFilter=tr("CSV (*.csv)"), optional=True, createByDefault=True)
        p.setHelp(tr("CSV with one row per epoch: learning rate, training loss, test loss, accuracy, AUC, "
                     "recall, F1, precision, seconds."))
        self.addParameter(p)
        for key, label in ((self.ACCURACY, "Test accuracy"), (self.AUC, "Test ROC AUC"),
                           (self.RECALL, "Test recall (ore)"), (self.F1, "Test F1 (ore)"),
                           (self.SELECTED_EPOCH, "Selected epoch")):
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    def execute(self, parameters, context, feedback):
        from ..mfaf_plugin.scaleout.torchrun import launch
        from ..mfaf_plugin.training.tile_training import train

        dataset = self.parameterAsFile(parameters, self.DATASET, context)
        if not dataset or not os.path.exists(dataset):
            raise QgsProcessingException(tr("Tile dataset '{}' not found: run 'Make labelled tiles' first.").format(
                dataset))
        architecture = self.parameterAsEnumString(parameters, self.ARCHITECTURE, context)
        settings = {}
        if architecture.startswith("mfaf_"):
            dilations = parse_dilations(self.parameterAsString(parameters, self.DILATIONS, context))
            warning = dilation_warning(dilations, dataset_tile_size(dataset))
            if warning:
                feedback.pushWarning(warning)
            settings = {
                "dilations": dilations,
                "channel_attention": self.parameterAsBoolean(parameters, self.CHANNEL_ATTENTION, context),
                "spatial_attention": self.parameterAsBoolean(parameters, self.SPATIAL_ATTENTION, context),
                "capacity": self.parameterAsEnumString(parameters, training_params.CAPACITY, context) or "auto",
            }
        out_model = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if os.path.dirname(out_model):
            os.makedirs(os.path.dirname(out_model), exist_ok=True)  # e.g. the default ~/MFAF
        out_csv = self.parameterAsFileOutput(parameters, self.OUTPUT_METRICS, context) or None
        progress, is_canceled = self.callbacks(feedback)
        options = dict(
            optimizer_values(self, parameters, context),
            beta=self.parameterAsDouble(parameters, self.BETA, context),
            device=self.parameterAsEnumString(parameters, self.DEVICE, context),
            precision=self.parameterAsEnumString(parameters, self.PRECISION, context) or "auto",
            seed=self.parameterAsInt(parameters, self.SEED, context),
            resume=self.parameterAsBoolean(parameters, self.RESUME, context),
        )
        options["batch_size"] = options["batch_size"] or "auto"
        callbacks = dict(metrics_csv=out_csv, progress=progress, is_canceled=is_canceled, log=feedback.pushInfo)
        processes = self.parameterAsInt(parameters, self.PROCESSES, context)
        if processes > 1:
            metrics = launch(dataset, out_model, processes, architecture=architecture, settings=settings, **options,
                             **callbacks)
        else:
            metrics = train(dataset, out_model, architecture, settings, **options, **callbacks)

        def num(v):
            return float(v) if v is not None else float("nan")

        result = {self.OUTPUT: out_model, self.ACCURACY: num(metrics["accuracy"]), self.AUC: num(metrics["auc"]),
                  self.RECALL: num(metrics["recall"]), self.F1: num(metrics["f1"]),
                  self.SELECTED_EPOCH: int(metrics["selected_epoch"])}
        if out_csv:
            result[self.OUTPUT_METRICS] = out_csv
        return result
