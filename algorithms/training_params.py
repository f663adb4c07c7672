"""Training settings shared by mfaf:trainmodel and mfaf:comparemodels: the same keys, labels,
help, limits and parsing, so that a network trained inside a comparison is trained exactly as
one trained alone."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
)

from ..mfaf_plugin.training import recipes
from ..mfaf_plugin.training.modelcheck import LIMITS
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER, DOUBLE

EPOCHS = "EPOCHS"
BATCH_SIZE = "BATCH_SIZE"
RECIPE = "RECIPE"
LR = "LR"
MOMENTUM = "MOMENTUM"
WEIGHT_DECAY = "WEIGHT_DECAY"
LR_STEP = "LR_STEP"
LR_GAMMA = "LR_GAMMA"
AUGMENT = "AUGMENT"
# kept here (not imported from mfaf_plugin.training.recipes) so that the provider loads without torch
RECIPES = list(recipes.RECIPES)  # the core module imports no torch at load time
CAPACITY = "CAPACITY"
# "auto" and models.CAPACITIES (models/ imports torch; tests/test_models.py checks they agree)
CAPACITIES = ["auto", "full", "small"]


def add_capacity_parameter(alg, default: str = "auto") -> None:
    """Declare CAPACITY: the size of the MFAF networks (the plain networks have one size)."""
    # optional: a pipeline model saved before this parameter existed still validates (the default applies)
    p = QgsProcessingParameterEnum(CAPACITY, tr("Network capacity (MFAF)"), options=CAPACITIES, defaultValue=default,
                                   optional=True)
    p.setUsesStaticStrings(True)
    p.setHelp(tr("full: the named backbone (ShuffleNetV2 about 1.3 million weights, ResNet18 11 million). small: "
                 "the same dilated branches, channel and spatial attention and self-distillation on a small "
                 "backbone of three convolutions (about 50 thousand weights), for few deposits. auto: small when "
                 "the training data hold fewer than 100 deposit cells (ore tiles), else full; a rule fixed in "
                 "advance, applied to each fold's own training area."))
    p.setFlags(p.flags() | ADVANCED)
    alg.addParameter(p)


def add_optimizer_parameters(alg, epochs_default: int, epochs_help: str, batch_default: int = 32) -> None:
    """Declare EPOCHS, BATCH_SIZE, RECIPE, the optional recipe overrides LR, MOMENTUM,
    WEIGHT_DECAY, LR_STEP, LR_GAMMA (empty = the recipe's value) and AUGMENT on ``alg``;
    everything but the epochs and the recipe is an advanced setting."""
    p = QgsProcessingParameterNumber(EPOCHS, tr("Epochs"), INTEGER, defaultValue=epochs_default, minValue=1)
    p.setHelp(epochs_help)
    alg.addParameter(p)
    p = QgsProcessingParameterEnum(RECIPE, tr("Training recipe (adamw_onecycle: AdamW with a one-cycle learning rate; paper_sgd: the paper's SGD)"), options=RECIPES, defaultValue=RECIPES[0])
    p.setUsesStaticStrings(True)
    p.setHelp(tr("adamw_onecycle: AdamW (weight decay 0.05) with a one-cycle learning rate peaking at 0.002 and "
                 "classes weighted to balance (the default, chosen by the cross-validation results). paper_sgd: the "
                 "paper's SGD (lr 0.02 x 0.6 every 30 epochs, momentum 0.2, weight decay 0.0001, unweighted). The "
                 "values below override the recipe's when filled in."))
    alg.addParameter(p)
    p = QgsProcessingParameterNumber(BATCH_SIZE, tr("Batch size"), INTEGER, defaultValue=batch_default, minValue=2)
    p.setHelp(tr("Tiles per training batch (paper: 32). Lower it when memory runs out."))
    p.setFlags(p.flags() | ADVANCED)
    alg.addParameter(p)
    specs = (
        (LR, tr("Learning rate (empty = recipe's)"), DOUBLE, 1e-7, None,
         tr("Peak learning rate of the one-cycle schedule, or the initial SGD learning rate (paper: 0.02).")),
        (MOMENTUM, tr("Momentum (SGD, empty = recipe's)"), DOUBLE, 0.0, 0.999, tr("SGD momentum (paper: 0.2).")),
        (WEIGHT_DECAY, tr("Weight decay (empty = recipe's)"), DOUBLE, 0.0, None,
         tr("Weight decay (AdamW: decoupled; SGD: L2, paper: 0.0001).")),
        (LR_STEP, tr("Learning-rate step in epochs (step schedule, empty = recipe's)"), INTEGER, 1, None,
         tr("Epochs between learning-rate reductions of the paper's step schedule (paper: 30).")),
        (LR_GAMMA, tr("Learning-rate factor (step schedule, empty = recipe's)"), DOUBLE, 0.0, 1.0,
         tr("The learning rate is multiplied by this every step (paper: 0.6).")),
    )
    for key, label, kind, low, high, help_text in specs:
        limits = {"minValue": low} if high is None else {"minValue": low, "maxValue": high}
        p = QgsProcessingParameterNumber(key, label, kind, optional=True, **limits)
        p.setHelp(help_text)
        p.setFlags(p.flags() | ADVANCED)
        alg.addParameter(p)
    p = QgsProcessingParameterBoolean(AUGMENT, tr("Random quarter turns and flips"), defaultValue=True)
    p.setHelp(tr("Turn every training tile by a random multiple of 90 degrees and flip it at random, afresh in every "
                 "epoch (evidence maps have no preferred orientation)."))
    p.setFlags(p.flags() | ADVANCED)
    alg.addParameter(p)


def _optional(alg, parameters, key, context, as_int=False):
    value = parameters.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return alg.parameterAsInt(parameters, key, context) if as_int else alg.parameterAsDouble(parameters, key, context)


def optimizer_values(alg, parameters, context) -> dict:
    """The values of :func:`add_optimizer_parameters`' parameters, as ``training.train`` keywords."""
    return {
        "epochs": alg.parameterAsInt(parameters, EPOCHS, context),
        "batch_size": alg.parameterAsInt(parameters, BATCH_SIZE, context),
        "recipe": alg.parameterAsEnumString(parameters, RECIPE, context) or RECIPES[0],
        "lr": _optional(alg, parameters, LR, context),
        "momentum": _optional(alg, parameters, MOMENTUM, context),
        "weight_decay": _optional(alg, parameters, WEIGHT_DECAY, context),
        "lr_step": _optional(alg, parameters, LR_STEP, context, as_int=True),
        "lr_gamma": _optional(alg, parameters, LR_GAMMA, context),
        "augment": alg.parameterAsBoolean(parameters, AUGMENT, context),
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
