"""Training recipes: optimiser, learning-rate schedule and class balance, by name.

* ``adamw_onecycle`` (the default since the cross-validation results of docs/RESULTS.md): AdamW
  (Loshchilov and Hutter 2019) with weight decay 0.05 and a one-cycle schedule (Smith and Topin
  2019: warm-up over the first 30 % of the steps to the peak rate 0.002, then cosine annealing to
  nearly 0), the cross-entropy weighted so that both classes weigh the same. Converges in a
  few epochs on a few hundred windows and ends at a small learning rate, so the last epochs
  change little.
* ``paper_sgd``: the paper's recipe: SGD with momentum 0.2, weight decay 1e-4, learning rate
  0.02 multiplied by 0.6 every 30 epochs, unweighted cross-entropy (220 epochs in the paper).

Every value can be overridden (``make_recipe(name, lr=...)``).
"""

from dataclasses import asdict, dataclass, replace
from typing import Optional, Tuple

from ..common.errors import InputError

__all__ = ["Recipe", "RECIPES", "DEFAULT_RECIPE", "make_recipe", "make_optimizer", "make_scheduler",
           "class_weights", "first_selectable_epoch"]


@dataclass(frozen=True)
class Recipe:
    """How a network is optimised (see the module docstring for the named recipes)."""

    name: str
    optimizer: str  # "adamw" | "sgd"
    lr: float
    weight_decay: float
    momentum: float = 0.9  # SGD only
    schedule: str = "onecycle"  # "onecycle" | "cosine" | "step" | "constant"
    lr_step: int = 30  # "step" only: epochs between reductions
    lr_gamma: float = 0.6  # "step" only
    warmup_share: float = 0.3  # "onecycle" only
    class_balanced: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


RECIPES = {
    "adamw_onecycle": Recipe("adamw_onecycle", "adamw", lr=2e-3, weight_decay=0.05, schedule="onecycle"),
    "paper_sgd": Recipe("paper_sgd", "sgd", lr=0.02, weight_decay=1e-4, momentum=0.2, schedule="step",
                        lr_step=30, lr_gamma=0.6, class_balanced=False),
}
DEFAULT_RECIPE = "adamw_onecycle"


def make_recipe(name: str = DEFAULT_RECIPE, **overrides) -> Recipe:
    """The named recipe with ``overrides`` (``None`` values are ignored).

    Raises:
        InputError: unknown name or values out of range.
    """
    if name not in RECIPES:
        raise InputError("Unknown training recipe '{}'; choose from {}.".format(name, ", ".join(RECIPES)))
    r = replace(RECIPES[name], **{k: v for k, v in overrides.items() if v is not None})
    if r.optimizer not in ("adamw", "sgd") or r.schedule not in ("onecycle", "cosine", "step", "constant"):
        raise InputError("Unknown optimiser '{}' or schedule '{}'.".format(r.optimizer, r.schedule))
    if not r.lr > 0 or r.weight_decay < 0 or not 0 <= r.momentum < 1 or int(r.lr_step) < 1 \
            or not 0 < r.lr_gamma <= 1:
        raise InputError("The learning rate must be positive, weight decay at least 0, momentum in [0, 1), the "
                         "learning-rate step at least 1 epoch and its factor in (0, 1].")
    return r


def make_optimizer(net, recipe: Recipe):
    import torch

    if recipe.optimizer == "adamw":
        return torch.optim.AdamW(net.parameters(), lr=recipe.lr, weight_decay=recipe.weight_decay)
    return torch.optim.SGD(net.parameters(), lr=recipe.lr, momentum=recipe.momentum,
                           weight_decay=recipe.weight_decay)


def make_scheduler(optimizer, recipe: Recipe, epochs: int, steps_per_epoch: int) -> Tuple[Optional[object], bool]:
    """``(scheduler, steps_per_batch)``: one-cycle and cosine step every batch, the step schedule
    every epoch; ``constant`` has none."""
    import torch

    total = max(1, int(epochs) * int(steps_per_epoch))
    if recipe.schedule == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=recipe.lr, total_steps=total,
                                                   pct_start=recipe.warmup_share, anneal_strategy="cos",
                                                   cycle_momentum=recipe.optimizer == "sgd"), True
    if recipe.schedule == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total), True
    if recipe.schedule == "step":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=int(recipe.lr_step), gamma=recipe.lr_gamma), False
    return None, False


def class_weights(labels, recipe: Recipe):
    """Cross-entropy weights (no ore, ore) that make both classes weigh the same, or None."""
    import numpy as np
    import torch

    if not recipe.class_balanced:
        return None
    y = np.asarray(labels).astype(np.int64)
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n0 == 0 or n1 == 0:
        return None
    return torch.tensor([len(y) / (2.0 * n0), len(y) / (2.0 * n1)], dtype=torch.float32)


def first_selectable_epoch(recipe: Recipe, epochs: int) -> int:
    """The first epoch that may be chosen as the model: with a one-cycle schedule the first one
    ending after the warm-up (the learning rate still rises before), else 1."""
    if recipe.schedule != "onecycle":
        return 1
    return min(int(epochs), int(recipe.warmup_share * int(epochs)) + 1)
