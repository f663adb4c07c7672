"""Training settings shared by mfaf:trainmodel and mfaf:comparemodels: the same keys, labels,
help, limits and parsing, so that a network trained inside a comparison is trained exactly as
one trained alone."""

from qgis.core import QgsProcessingException, QgsProcessingParameterDefinition, QgsProcessingParameterNumber

from ..mfaf_plugin.modelcheck import LIMITS
from .i18n import tr

EPOCHS = "EPOCHS"
BATCH_SIZE = "BATCH_SIZE"
LR = "LR"
MOMENTUM = "MOMENTUM"
WEIGHT_DECAY = "WEIGHT_DECAY"
LR_STEP = "LR_STEP"
LR_GAMMA = "LR_GAMMA"


def add_optimizer_parameters(alg, epochs_default: int, epochs_help: str) -> None:
    """Declare EPOCHS, BATCH_SIZE, LR, MOMENTUM, WEIGHT_DECAY, LR_STEP, LR_GAMMA (paper's SGD +
    step schedule) on ``alg``; everything but the epochs is an advanced setting."""
    Int, Dbl = QgsProcessingParameterNumber.Integer, QgsProcessingParameterNumber.Double
    p = QgsProcessingParameterNumber(EPOCHS, tr("Epochs"), Int, defaultValue=epochs_default, minValue=1)
    p.setHelp(epochs_help)
    alg.addParameter(p)
    specs = (
        (BATCH_SIZE, tr("Batch size"), Int, 32, 2, None,
         tr("Tiles per training batch (paper: 32). Lower it when memory runs out.")),
        (LR, tr("Initial learning rate"), Dbl, 0.02, 1e-7, None, tr("SGD learning rate at the start (paper: 0.02).")),
        (MOMENTUM, tr("Momentum"), Dbl, 0.2, 0.0, 0.999, tr("SGD momentum (paper: 0.2).")),
        (WEIGHT_DECAY, tr("Weight decay"), Dbl, 1e-4, 0.0, None, tr("SGD L2 weight decay (paper: 0.0001).")),
        (LR_STEP, tr("Learning-rate step (epochs)"), Int, 30, 1, None,
         tr("Epochs between learning-rate reductions (paper: 30).")),
        (LR_GAMMA, tr("Learning-rate factor"), Dbl, 0.6, 0.0, 1.0,
         tr("The learning rate is multiplied by this every step (paper: 0.6).")),
    )
    for key, label, kind, default, low, high, help_text in specs:
        limits = {"minValue": low} if high is None else {"minValue": low, "maxValue": high}
        p = QgsProcessingParameterNumber(key, label, kind, defaultValue=default, **limits)
        p.setHelp(help_text)
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        alg.addParameter(p)


def optimizer_values(alg, parameters, context) -> dict:
    """The values of :func:`add_optimizer_parameters`' parameters, as ``training.train`` keywords."""
    return {
        "epochs": alg.parameterAsInt(parameters, EPOCHS, context),
        "batch_size": alg.parameterAsInt(parameters, BATCH_SIZE, context),
        "lr": alg.parameterAsDouble(parameters, LR, context),
        "momentum": alg.parameterAsDouble(parameters, MOMENTUM, context),
        "weight_decay": alg.parameterAsDouble(parameters, WEIGHT_DECAY, context),
        "lr_step": alg.parameterAsInt(parameters, LR_STEP, context),
        "lr_gamma": alg.parameterAsDouble(parameters, LR_GAMMA, context),
    }


def parse_dilations(text: str) -> list:
    """``"1,6,12,18,24"`` -> ``[1, 6, 12, 18, 24]``, or a clear QgsProcessingException."""
    text = text or ""
    try:
        dilations = [int(v) for v in text.replace(" ", "").split(",") if v]
    except ValueError:
        raise QgsProcessingException(tr("Dilation rates must be whole numbers separated by commas, e.g. "
                                        "1,6,12,18,24; got '{}'.").format(text))
    if not dilations:
        raise QgsProcessingException(tr("Give at least one dilation rate, e.g. 1,6,12,18,24."))
    (low, high), most = LIMITS["dilation"], LIMITS["dilations"][1]
    if min(dilations) < low or max(dilations) > high or len(dilations) > most:
        raise QgsProcessingException(tr("Dilation rates must be whole numbers from {} to {}, at most {} of them, e.g. "
                                        "1,6,12,18,24; got '{}'.").format(low, high, most, text))
    return dilations
