"""Training a network on windows centred on cells (the cross-validation's framing, and its final model).

One network, one fold (or all blocks for the final model), one seed (:func:`fit_deep`): a share
of the training blocks is set apart for validation (:func:`validation_windows`; no window buffer
around it, it only chooses the epoch), the network learns on deposit-centred positives and fresh
background negatives every epoch (:mod:`mfaf_plugin.windows.sampling`), turned and flipped at
random, with the configured recipe, and the weights of the epoch with the best validation AUC
after the learning-rate warm-up are kept (:class:`mfaf_plugin.training.epochs.BestEpoch`).
Held-out data never choose anything. ``s`` is the cross-validation's settings
(:class:`mfaf_plugin.evaluation.crossval.CVSettings`).

The networks' dilation rates default to the largest of the paper's four sets that fits the window
(:func:`auto_dilations`).
"""

from typing import Callable, Tuple

import numpy as np

from ..common.errors import InputError
from ..common.progress import never_canceled, noop_progress
from ..windows.folds import draw_validation_blocks
from ..windows.sampling import samples

__all__ = ["PAPER_DILATION_SETS", "auto_dilations", "validation_windows", "build_network", "window_fetch", "fit_deep"]

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


def validation_windows(cv: dict, folds: dict, ctx: dict, s, seed: int):
    """Validation blocks of this fold and seed, the training region left, validation windows."""

    nb = len(folds["block_fold"])
    block_dep = np.bincount(folds["block"].ravel(), weights=np.where(cv["valid"], cv["deposits"], 0).ravel(),
                            minlength=nb)
    vblocks = draw_validation_blocks(folds["block_fold"], block_dep, ctx["fold"], s.validation_fraction,
                                     seed=int(seed) * 1009 + ctx["fold"] + 1)
    vmask = np.isin(folds["block"], vblocks) & (folds["fold"] >= 0)
    # no window buffer here: validation only chooses the epoch, and a buffer around it would cost
    # as much training ground again as the held-out fold's buffer (windows centred in the
    # validation blocks are not trained on; their evidence may appear in training windows)
    region = ctx["allowed"] & ~vmask
    vpos, vneg = samples(cv, vmask & cv["valid"], s)
    rng = np.random.default_rng(int(seed) * 7919 + ctx["fold"] + 1)
    if len(vneg) > int(s.validation_negatives):
        vneg = vneg[np.sort(rng.choice(len(vneg), int(s.validation_negatives), replace=False))]
    centres = np.concatenate([vpos, vneg])
    labels = np.concatenate([np.ones(len(vpos), np.int64), np.zeros(len(vneg), np.int64)])
    return region, centres, labels


def build_network(method: str, bands: int, s):
    """The network of ``method`` for the cross-validation's settings ``s`` (framing, window, dilations
    or :func:`auto_dilations`, ablation settings); refused when the window is too small for it."""
    from ... import models

    settings = {"centre_cell": True} if s.framing == "centred" and s.centre_cell else {}
    if method in models.MFAF_ARCHITECTURES:
        settings.update({"dilations": list(s.dilations or auto_dilations(s.tile_px))})
    settings.update(dict(s.model_settings))
    try:
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
    """Train ``method`` on the training area of ``ctx`` with ``seed``, keeping the best validation epoch.

    Returns:
        ``(net in eval mode, info)``; info: ``best_epoch``, ``validation_auc``, ``history``
        (per-epoch train loss, validation loss and AUC), ``n_positives``, ``settings``.
    """
    import torch

    from ... import models
    from ..windows.sampling import WindowSource, draw_epoch
    from .epochs import BestEpoch, deterministic, evaluate, train_epoch
    from .recipes import class_weights, first_selectable_epoch, make_optimizer, make_recipe, make_scheduler

    label = ctx.get("label") or "fold {}".format(ctx["fold"] + 1)
    region, vcentres, vlabels = validation_windows(cv, folds, ctx, s, seed)
    pos, neg = samples(cv, region, s)
    if len(pos) == 0 or len(neg) == 0 or vlabels.sum() == 0:
        raise InputError("{}: the training area keeps {} deposit windows and its validation blocks {}: use fewer "
                         "folds, larger blocks or smaller windows.".format(label, len(pos), int(vlabels.sum())))
    source = WindowSource(ctx["data"], s.tile_px)
    x_val = torch.from_numpy(source.windows(vcentres[:, 0], vcentres[:, 1]))
    recipe = make_recipe(s.recipe, **dict(s.recipe_overrides))
    rng = np.random.default_rng(int(seed))
    first = draw_epoch(pos, neg, s.negative_ratio, rng, s.min_epoch_windows)
    with deterministic(seed, device):
        net, settings = build_network(method, source.bands, s)
        net = net.to(device)
        optimizer = make_optimizer(net, recipe)
        scheduler, per_batch = make_scheduler(optimizer, recipe, s.epochs, -(-len(first[1]) // int(s.batch_size)))
        weight = class_weights(first[1], recipe)

        def loss_fn(out, y):
            return models.mfaf_loss(out, y, s.beta, s.temperature, class_weight=weight)

        gen = torch.Generator().manual_seed(int(seed))
        best, history = BestEpoch(first_selectable_epoch(recipe, s.epochs)), []
        for epoch in range(int(s.epochs)):
            centres, labels = first if epoch == 0 else draw_epoch(pos, neg, s.negative_ratio, rng, s.min_epoch_windows)
            loss = train_epoch(net, optimizer, window_fetch(source, centres, labels, s.augment), len(labels),
                               batch_size=s.batch_size, gen=gen, device=device,
                               loss_fn=loss_fn, scheduler=scheduler, per_batch=per_batch, augment=s.augment,
                               is_canceled=is_canceled, progress=lambda f, e=epoch: progress((e + f) / s.epochs),
                               epoch_label="{} epoch {}".format(label, epoch + 1), window_px=source.tile_px)
            if scheduler is not None and not per_batch:
                scheduler.step()
            m = evaluate(net, x_val, vlabels, device, loss_fn)
            best.offer(epoch + 1, m["auc"], m["loss"], net)
            history.append({"epoch": epoch + 1, "train_loss": loss, "validation_loss": m["loss"],
                            "validation_auc": m["auc"]})
        best.restore(net)
    log("  {} seed {} {}: best validation epoch {} of {} (validation AUC {:.3f}, loss {:.3f}), {} training deposit cells".format(
        method, seed, label, best.epoch, s.epochs, best.auc, best.loss, len(pos)))
    return net.eval(), {"best_epoch": best.epoch, "validation_auc": best.auc, "history": history,
                        "n_positives": int(len(pos)), "settings": settings}
