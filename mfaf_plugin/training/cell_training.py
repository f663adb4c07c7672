"""Training a network on windows centred on cells (the cross-validation's framing, and its final model).

One network, one fold (or all blocks for the final model), one seed (:func:`fit_deep`): the
network learns on the whole training area, the ground the classical baselines learn from, on
deposit-centred positives and fresh background negatives every epoch
(:mod:`mfaf_plugin.windows.sampling`), turned and flipped about the labelled cell at random, with
the configured recipe, for the set number of epochs; the model is the mean of its weights over the
last third of the epochs (:class:`mfaf_plugin.training.epochs.WeightAverage`). Nothing chooses an
epoch: validation blocks of 3 to 10 deposits chose by noise (lithium: validation AUC 0.91-1.00 for
held-out AUCs of 0.49-0.99) and cost the network a fifth of its training deposits. Held-out data
never choose anything. ``s`` is the cross-validation's settings
(:class:`mfaf_plugin.evaluation.crossval.CVSettings`).

The networks' dilation rates default to the largest of the paper's four sets that fits the window
(:func:`auto_dilations`).
"""

from typing import Callable, Tuple

import numpy as np

from ..common.errors import InputError
from ..common.progress import never_canceled, noop_progress
from ..windows.sampling import samples

__all__ = ["PAPER_DILATION_SETS", "auto_dilations", "build_network", "window_fetch", "fit_deep"]

PAPER_DILATION_SETS = ((1, 2, 4, 8, 10), (1, 4, 8, 12, 16), (1, 6, 12, 18, 24), (1, 8, 16, 24, 32))  # the paper's Table 6


def auto_dilations(tile_px: int) -> Tuple[int, ...]:
    """The largest of the paper's four dilation sets whose widest rate spans at most half the
    window (a 3x3 kernel with rate d reaches cells d apart; on a t-cell window rates near t or
    above see mostly padding); below 20-cell windows rates 1, 2, 3, ... up to t // 2."""
    t = int(tile_px)
    fitting = [s for s in PAPER_DILATION_SETS if max(s) <= t // 2]
    if fitting:
        return fitting[-1]
    top = max(1, t // 2)
    return tuple(sorted({max(1, round(top * k / 4)) for k in range(5)} | {1}))


def build_network(method: str, bands: int, s, n_positives: int = 0, capacity: str = ""):
    """The network of ``method`` for the cross-validation's settings ``s`` (framing, window, dilations
    or :func:`auto_dilations`, capacity ``capacity`` or else ``s.capacity`` by
    :func:`models.choose_capacity` from the ``n_positives`` training deposit cells, ablation
    settings); refused when the window is too small for it."""
    from ... import models

    settings = {"centre_cell": True} if s.framing == "centred" and s.centre_cell else {}
    try:
        if method in models.MFAF_ARCHITECTURES:
            settings.update({"dilations": list(s.dilations or auto_dilations(s.tile_px)),
                             "capacity": models.choose_capacity(capacity or s.capacity, n_positives)})
        settings.update(dict(s.model_settings))
        net = models.build_model(method, bands, 2, **settings)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    if int(s.tile_px) < int(getattr(net, "min_tile_px", 1)):
        raise InputError("{} needs windows of at least {} cells.".format(method, net.min_tile_px))
    return net, settings


def window_fetch(source, centres: np.ndarray, labels: np.ndarray, augment: bool) -> Callable:
    """``fetch(index tensor) -> (windows, labels)`` of one epoch for
    :func:`~mfaf_plugin.training.epochs.train_epoch`: with ``augment`` the windows are cut at
    ``source.turn_px`` so that turning and cropping them (``window_px = source.tile_px``) keeps
    the labelled cell at the centre under every symmetry."""
    import torch

    size = source.turn_px if augment else source.tile_px

    def fetch(idx):
        i = idx.numpy()
        return torch.from_numpy(source.windows(centres[i, 0], centres[i, 1], size)), torch.from_numpy(labels[i])

    return fetch


def fit_deep(cv: dict, folds: dict, ctx: dict, method: str, seed: int, s, device: str,
             progress: Callable[[float], None] = noop_progress, is_canceled: Callable[[], bool] = never_canceled,
             log: Callable[[str], None] = lambda m: None):
    """Train ``method`` on the whole training area of ``ctx`` with ``seed``; keep the mean weights
    of the last epochs (:class:`~mfaf_plugin.training.epochs.WeightAverage`).

    ``folds`` is not read (kept for the callers' signature): the network learns from every cell of
    ``ctx["allowed"]``, the ground the classical baselines learn from; ``ctx["capacity"]`` (if
    any) fixes the capacity of an MFAF network (the final model takes the one its folds chose).

    Returns:
        ``(net in eval mode, info)``; info: ``best_epoch`` and ``validation_auc`` (None: no epoch
        is chosen), ``averaged_epochs`` (e.g. ``[5, 6]``), ``history`` (per-epoch train loss),
        ``n_positives``, ``settings``.
    """
    import torch

    from ... import models
    from ..windows.sampling import WindowSource, draw_epoch
    from .epochs import WeightAverage, averaged_epochs, deterministic, train_epoch
    from .recipes import class_weights, make_optimizer, make_recipe, make_scheduler

    label = ctx.get("label") or "fold {}".format(ctx["fold"] + 1)
    pos, neg = samples(cv, ctx["allowed"], s)
    if len(pos) == 0 or len(neg) == 0:
        raise InputError("{}: the training area keeps {} deposit windows and {} background windows: use fewer "
                         "folds, larger blocks or smaller windows.".format(label, len(pos), len(neg)))
    source = WindowSource(ctx["data"], s.tile_px)
    recipe = make_recipe(s.recipe, **dict(s.recipe_overrides))
    rng = np.random.default_rng(int(seed))
    first = draw_epoch(pos, neg, s.negative_ratio, rng, s.min_epoch_windows)
    n_avg = averaged_epochs(s.epochs)
    with deterministic(seed, device):
        net, settings = build_network(method, source.bands, s, len(pos), ctx.get("capacity", ""))
        net = net.to(device)
        optimizer = make_optimizer(net, recipe)
        scheduler, per_batch = make_scheduler(optimizer, recipe, s.epochs, -(-len(first[1]) // int(s.batch_size)))
        weight = class_weights(first[1], recipe)

        def loss_fn(out, y):
            return models.mfaf_loss(out, y, s.beta, s.temperature, class_weight=weight)

        gen = torch.Generator().manual_seed(int(seed))
        mean, history = WeightAverage(), []
        for epoch in range(int(s.epochs)):
            centres, labels = first if epoch == 0 else draw_epoch(pos, neg, s.negative_ratio, rng, s.min_epoch_windows)
            loss = train_epoch(net, optimizer, window_fetch(source, centres, labels, s.augment), len(labels),
                               batch_size=s.batch_size, gen=gen, device=device,
                               loss_fn=loss_fn, scheduler=scheduler, per_batch=per_batch, augment=s.augment,
                               is_canceled=is_canceled, progress=lambda f, e=epoch: progress((e + f) / s.epochs),
                               epoch_label="{} epoch {}".format(label, epoch + 1), window_px=source.tile_px)
            if scheduler is not None and not per_batch:
                scheduler.step()
            if epoch >= int(s.epochs) - n_avg:
                mean.add(net)
            history.append({"epoch": epoch + 1, "train_loss": loss, "validation_loss": None, "validation_auc": None})
        mean.restore(net)
    kept = list(range(int(s.epochs) - n_avg + 1, int(s.epochs) + 1))
    log("  {} seed {} {}: mean weights of epochs {} of {}, {} training deposit cells{}".format(
        method, seed, label, "-".join(str(e) for e in (kept[0], kept[-1])) if len(kept) > 1 else kept[0], s.epochs,
        len(pos), ", {} capacity".format(settings["capacity"]) if "capacity" in settings else ""))
    return net.eval(), {"best_epoch": None, "validation_auc": None, "averaged_epochs": kept, "history": history,
                        "n_positives": int(len(pos)), "settings": settings}
