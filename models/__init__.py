"""Torch networks of the MFAF plugin (no training loop here: see ``mfaf_plugin.training.tile_training``).

:func:`build_model` makes any of :data:`ARCHITECTURES`; every model's ``forward(x)`` returns a
LIST of logits tensors (B, num_classes), one per branch (the baselines: a list of one).
:func:`branch_outputs` turns that list into the ore probability, the class, the branch votes and agreement.
"""

from typing import Dict, Sequence

import torch

from .baselines import BASELINES, Baseline
from .blocks import ChannelAttention, ConvBnAct, SpatialAttention
from .ensemble import Ensemble
from .losses import MFAFLoss, mfaf_loss, mfaf_loss_share
from .mfaf import (CAPACITIES, DEFAULT_DILATIONS, MFAF, SMALL_BRANCH_CHANNELS, SMALL_STEM, input_band_attention,
                   mfaf_resnet18, mfaf_shufflenetv2)

__all__ = [
    "ARCHITECTURES", "MFAF_ARCHITECTURES", "DEFAULT_DILATIONS", "build_model", "branch_outputs",
    "MFAF", "Baseline", "ConvBnAct", "ChannelAttention", "SpatialAttention", "mfaf_loss", "mfaf_loss_share",
    "MFAFLoss", "MFAF_SETTINGS", "band_attention", "Ensemble", "CAPACITIES", "SMALL_BRANCH_CHANNELS", "SMALL_STEM",
    "SMALL_CAPACITY_BELOW", "choose_capacity",
]

MFAF_ARCHITECTURES = ("mfaf_resnet18", "mfaf_shufflenetv2")
ARCHITECTURES = MFAF_ARCHITECTURES + tuple(BASELINES)
# settings accepted by the mfaf_* architectures (baselines accept none)
MFAF_SETTINGS = ("dilations", "channel_attention", "spatial_attention", "branch_channels", "centre_cell", "capacity")

# capacity "auto": the small network when the training data hold fewer deposit cells (ore tiles)
# than this, the full backbone otherwise
SMALL_CAPACITY_BELOW = 100


def choose_capacity(capacity: str, n_positives: int) -> str:
    """The capacity of an MFAF network: ``"full"`` or ``"small"`` as asked, or for ``"auto"`` the
    rule fixed in advance (never tuned on held-out figures): the small network (a few 10 k
    weights) when the training data hold fewer than :data:`SMALL_CAPACITY_BELOW` (100) deposit
    cells (ore windows), the full backbone (about 1.3 M weights for ShuffleNetV2) from 100 on.
    With 6 to 20 positives a million weights fit the positives one by one; 100 is a round
    figure, not one read off any result: the full network keeps every area it was tuned on
    before (Murchison folds: 119-192 deposit cells), the few-deposit areas (South China
    lithium: 6-18 per fold) get the small one.

    Raises:
        ValueError: unknown capacity.
    """
    if capacity == "auto":
        return "small" if int(n_positives) < SMALL_CAPACITY_BELOW else "full"
    if capacity not in CAPACITIES:
        raise ValueError("Unknown capacity '{}': choose auto, {}.".format(capacity, ", ".join(CAPACITIES)))
    return capacity


def build_model(architecture: str, in_channels: int, num_classes: int = 2, ensemble: int = 1,
                **settings) -> torch.nn.Module:
    """Build a network by name.

    Args:
        architecture: one of :data:`ARCHITECTURES`.
        in_channels: number of input bands.
        num_classes: number of classes (2: no ore, ore).
        ensemble: number of members; more than 1 gives an :class:`Ensemble` of that many
            networks built alike.
        **settings: for ``mfaf_*``: ``dilations`` (list of ints), ``channel_attention``,
            ``spatial_attention``, ``centre_cell`` (bools), ``branch_channels`` (int), ``capacity``
            (``"full"``: the named backbone, ``"small"``: the small one). Baselines take
            ``centre_cell`` only and ignore settings
            with value ``None`` and refuse others.

    Raises:
        ValueError: unknown architecture or setting.
    """
    if architecture not in ARCHITECTURES:
        raise ValueError("Unknown architecture '{}': choose one of {}.".format(architecture, ", ".join(ARCHITECTURES)))
    if int(ensemble) > 1:
        return Ensemble([build_model(architecture, in_channels, num_classes, **settings) for _ in range(int(ensemble))])
    settings = {k: v for k, v in settings.items() if v is not None}
    if architecture in MFAF_ARCHITECTURES:
        unknown = sorted(set(settings) - set(MFAF_SETTINGS))
        if unknown:
            raise ValueError("Unknown setting(s) {} for {}.".format(", ".join(unknown), architecture))
        factory = mfaf_resnet18 if architecture == "mfaf_resnet18" else mfaf_shufflenetv2
        return factory(in_channels=int(in_channels), num_classes=int(num_classes), **settings)
    centre_cell = bool(settings.pop("centre_cell", False))
    if settings:
        raise ValueError("{} takes no settings but centre_cell, got {}.".format(
            architecture, ", ".join(sorted(settings))))
    return Baseline(BASELINES[architecture], int(in_channels), int(num_classes), centre_cell=centre_cell)


def branch_outputs(logits_list: Sequence[torch.Tensor], threshold: float = 0.5) -> Dict[str, object]:
    """Combine per-branch logits into the ore probability, the class and the branches' votes.

    One rule decides everywhere (class, target flag, accuracy / recall / F1): a window is ore when
    the mean over branches of the softmax ore probability reaches ``threshold``. The paper's
    majority vote of the branches (eqs. 10-11) is kept as information: ``votes`` counts the
    branches whose own ore probability reaches the threshold, ``agreement`` is the share of
    branches on the side of the class.

    Returns:
        dict with ``p_ore`` (B,) mean softmax ore probability over branches, ``class`` (B,)
        ``p_ore >= threshold`` as 0/1, ``votes`` (B,), ``n_branches`` (int), ``agreement`` (B,)
        and ``branch_p`` (n_branches, B) each branch's ore probability.
    """
    logits = torch.stack(list(logits_list))  # (n_branches, B, classes)
    n = logits.shape[0]
    branch_p = torch.softmax(logits.float(), dim=2)[..., 1]
    p_ore = branch_p.mean(dim=0)
    ore = p_ore >= float(threshold)
    branch_ore = branch_p >= float(threshold)
    votes = branch_ore.sum(dim=0)
    agreement = (branch_ore == ore.unsqueeze(0)).float().mean(dim=0)
    return {"p_ore": p_ore, "class": ore.long(), "votes": votes, "n_branches": int(n), "agreement": agreement,
            "branch_p": branch_p}


def band_attention(model: torch.nn.Module, x: torch.Tensor):
    """Learned channel attention per input band (B, bands) for MFAF networks with channel
    attention (see :func:`models.mfaf.input_band_attention`; an ensemble's members averaged);
    None for other networks."""
    try:
        if isinstance(model, Ensemble):
            return torch.stack([input_band_attention(m, x) for m in model.members]).mean(dim=0)
        return input_band_attention(model, x)
    except ValueError:
        return None
