"""Training loss of MFAF: cross-entropy summed over branches plus beta x self-distillation.

The paper (eq. 9) weights a self-distillation term by beta without defining it. We use, for each
branch i with softmax ``p_i = softmax(z_i / T)``, the KL divergence ``KL(q || p_i)`` from the
branches' mean softmax ``q = mean_i p_i`` (DETACHED: it is the teacher, no gradient flows into
it) to the branch, scaled by ``T^2`` as in Hinton et al. (2015), summed over branches like the
cross-entropy. ``beta = 0`` or a single-branch model gives the plain cross-entropy.
"""

from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["mfaf_loss", "mfaf_loss_share", "MFAFLoss", "self_distillation"]


def self_distillation(logits_list: Sequence[torch.Tensor], temperature: float = 1.0,
                      batch_total: Optional[int] = None) -> torch.Tensor:
    """Sum over branches of ``KL(mean softmax (detached) || branch softmax)`` x T^2 (batch mean;
    with ``batch_total`` the sum over these tiles divided by it, see :func:`mfaf_loss_share`)."""
    t = float(temperature)
    log_p = [F.log_softmax(z / t, dim=1) for z in logits_list]
    teacher = torch.stack([lp.exp() for lp in log_p]).mean(dim=0).detach()
    if batch_total is None:
        kl = sum(F.kl_div(lp, teacher, reduction="batchmean") for lp in log_p)
    else:
        kl = sum(F.kl_div(lp, teacher, reduction="sum") for lp in log_p) / float(batch_total)
    return kl * (t * t)


def mfaf_loss(logits_list: Sequence[torch.Tensor], target: torch.Tensor, beta: float = 0.4,
              temperature: float = 1.0, class_weight: Optional[torch.Tensor] = None) -> torch.Tensor:
    """Cross-entropy summed over branches + ``beta`` x :func:`self_distillation`.

    Args:
        logits_list: one (B, classes) tensor per branch (a model's ``forward`` output).
        target: (B,) class indices.
        beta: weight of the self-distillation term (paper's best 0.4); 0 switches it off.
        temperature: softmax temperature of the distillation term.
        class_weight: optional (classes,) weights of the cross-entropy (class balance); the
            distillation term is not weighted.
    """
    logits_list = list(logits_list)
    if class_weight is not None:
        class_weight = class_weight.to(logits_list[0].device)
    ce = sum(F.cross_entropy(z, target, weight=class_weight) for z in logits_list)
    if beta == 0 or len(logits_list) < 2:
        return ce
    return ce + float(beta) * self_distillation(logits_list, temperature)


def mfaf_loss_share(logits_list: Sequence[torch.Tensor], target: torch.Tensor, beta: float, temperature: float,
                    class_weight: Optional[torch.Tensor], weight_total: float, batch_total: int) -> torch.Tensor:
    """This part's share of :func:`mfaf_loss` of a batch split into parts (one per process of a
    distributed run): the shares of all parts add up to ``mfaf_loss`` of the whole batch.

    Args:
        weight_total: over the WHOLE batch, the sum of the class weights of the targets (the
            cross-entropy's weighted mean divides by it); the number of tiles when unweighted.
        batch_total: tiles in the whole batch (the distillation term's batch mean divides by it).
    """
    logits_list = list(logits_list)
    if class_weight is not None:
        class_weight = class_weight.to(logits_list[0].device)
    ce = sum(F.cross_entropy(z, target, weight=class_weight, reduction="sum") for z in logits_list)
    ce = ce / float(weight_total)
    if beta == 0 or len(logits_list) < 2:
        return ce
    return ce + float(beta) * self_distillation(logits_list, temperature, batch_total=batch_total)


class MFAFLoss(nn.Module):
    """Module form of :func:`mfaf_loss`."""

    def __init__(self, beta: float = 0.4, temperature: float = 1.0):
        super().__init__()
        self.beta = float(beta)
        self.temperature = float(temperature)

    def forward(self, logits_list, target):
        return mfaf_loss(logits_list, target, self.beta, self.temperature)
