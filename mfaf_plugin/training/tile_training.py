"""Training of the MFAF networks on a tile dataset (``mfaf:trainmodel``).

The model learns on the tiles with ``split == 0`` (training, possibly augmented). After every
epoch it is scored on the validation tiles (``split == 2``: real windows of blocks drawn from
the training side by ``mfaf:maketiles``) and on the untouched held-out tiles (``split == 1``,
``origin == 0``; augmented copies are never scored): loss, accuracy, ROC AUC, recall and F1 of
the ore class (:mod:`mfaf_plugin.scoring.classification`, ore probability = mean branch softmax).

Selection: the model written is the one of the epoch with the best VALIDATION AUC (ties: the
lower validation loss); its epoch is recorded. The held-out test figures are reported for that
epoch and never choose anything. A dataset without validation tiles keeps the last epoch (and
says so).

Recipes (:mod:`mfaf_plugin.training.recipes`): ``adamw_onecycle`` (default) or the paper's ``paper_sgd``
(SGD, momentum 0.2, weight decay 1e-4, lr 0.02 x 0.6 every 30 epochs, batch 32, 220 epochs);
any value can be overridden. Windows are turned by random multiples of 90 degrees and flipped
on the fly (``augment``).

Determinism: the seed fixes the weight initialisation (``torch.manual_seed`` inside a forked RNG,
so the caller's global RNG is left alone), the shuffling and augmentation (a seeded
``torch.Generator``) and dropout; deterministic algorithms are switched on for the duration of
the run (:func:`mfaf_plugin.training.epochs.deterministic`). On the CPU the same seed, data, torch version
and thread count (``torch.get_num_threads()``, recorded in the model file) give bit-identical
weights, also across processes; another thread count may round differently.

Checkpoints: after every epoch the full state (weights, best epoch so far, optimizer,
scheduler, epoch, RNG states, per-epoch metrics) is written atomically to ``<output>.ckpt``. A
cancel between batches raises :class:`~mfaf_plugin.common.errors.Canceled` and leaves the checkpoint
of the last completed epoch; ``resume=True`` continues from it and gives the same weights as an
uninterrupted run. The checkpoint is removed once the final model file is written. Everything
loads with ``torch.load(weights_only=True)``.
"""

import os
import time
from typing import Callable, Dict, List, Optional, Tuple, Union

import numpy as np

from ..common.errors import Canceled, InputError
from ..common.numbers import number
from ..common.progress import noop_progress
from .device import resolve_device

__all__ = ["train", "checkpoint_path", "cancel_message", "CSV_COLUMNS", "CHECKPOINT_FORMAT"]

CHECKPOINT_FORMAT = "mfaf-checkpoint"
CSV_COLUMNS = ("epoch", "lr", "train_loss", "validation_loss", "validation_auc", "test_loss", "accuracy", "auc",
               "recall", "f1", "precision", "seconds")
# hyper-parameters a resumed run must share with the checkpoint
_RESUME_KEYS = ("architecture", "settings", "batch_size", "recipe", "beta", "temperature", "augment", "seed",
                "epochs", "n_train", "n_test", "n_validation", "x_shape", "dataset_digest")


def checkpoint_path(out_model_path: str) -> str:
    """The checkpoint written next to the model file: ``<out_model_path>.ckpt``."""
    return str(out_model_path) + ".ckpt"


def _load(dataset) -> Tuple[Dict[str, np.ndarray], dict, str]:
    from ..windows.tile_dataset import load_dataset

    if isinstance(dataset, (str, os.PathLike)):
        arrays, meta = load_dataset(str(dataset))
        return arrays, meta, os.path.basename(str(dataset))
    arrays, meta = dataset
    return arrays, dict(meta), "<arrays>"


def _real(arrays, n: int) -> np.ndarray:
    """Real windows (origin 0, when the dataset records it)."""
    if "origin" in arrays:
        return np.asarray(arrays["origin"]).astype(np.int64).reshape(-1) == 0
    return np.ones(n, dtype=bool)


def _test_mask(arrays, split: np.ndarray) -> np.ndarray:
    """Tiles scored after every epoch: held-out (split 1) real windows (origin 0, when recorded)."""
    return (split == 1) & _real(arrays, len(split))


def _validation_mask(arrays, split: np.ndarray) -> np.ndarray:
    """Tiles that choose the epoch: validation (split 2) real windows."""
    return (split == 2) & _real(arrays, len(split))


def _digest(x: np.ndarray, y: np.ndarray, split: np.ndarray, test: np.ndarray) -> str:
    """Fingerprint of the tiles, labels and split, so that a checkpoint is only resumed on the
    very dataset it was trained on, and prediction can tell the dataset a model was trained on
    (another split of the same stack would leak test tiles)."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for a in (x, y, split, test):
        h.update(memoryview(np.ascontiguousarray(a)).cast("B"))
    return h.hexdigest()


def dataset_digest(arrays: Dict[str, np.ndarray]) -> str:
    """The fingerprint a model records of the tile dataset it was trained on."""
    x = np.asarray(arrays["x"], dtype=np.float32)
    y = np.asarray(arrays["y"]).astype(np.int64)
    split = np.asarray(arrays["split"]).astype(np.int64)
    return _digest(x, y, split, _test_mask(arrays, split))


def _check(arrays, meta, name) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    for key in ("x", "y", "split"):
        if key not in arrays:
            raise InputError("The tile dataset {} has no '{}' array; make it with mfaf:maketiles.".format(name, key))
    x = np.asarray(arrays["x"], dtype=np.float32)
    y = np.asarray(arrays["y"]).astype(np.int64)
    split = np.asarray(arrays["split"]).astype(np.int64)
    if x.ndim != 4 or x.shape[2] != x.shape[3] or len(y) != len(x) or len(split) != len(x):
        raise InputError("The tile dataset {} is malformed: x must be (tiles, bands, size, size) with one label "
                         "and one split value per tile.".format(name))
    if not np.all(np.isfinite(x)):
        raise InputError("The tile dataset {} holds NaN or infinite values; rebuild it with mfaf:maketiles."
                         .format(name))
    if not np.all((y == 0) | (y == 1)):
        raise InputError("The tile dataset {}: labels must be 0 (no ore) or 1 (ore).".format(name))
    bands = meta.get("band_names")
    if bands is not None and len(bands) != x.shape[1]:
        raise InputError("The tile dataset {} names {} bands but its tiles have {}.".format(name, len(bands), x.shape[1]))
    train_y, test_y = y[split == 0], y[_test_mask(arrays, split)]
    if len(train_y) < 2 or len(test_y) < 1:
        raise InputError("The tile dataset {} has {} training and {} test tiles; training needs at least 2 and 1. "
                         "Use a larger stack, a smaller tile size or another test fraction in mfaf:maketiles."
                         .format(name, len(train_y), len(test_y)))
    if np.unique(train_y).size < 2:
        raise InputError("The training tiles of {} are all of one class ({}); training needs both ore and no-ore "
                         "tiles: check the deposits layer and the tile size in mfaf:maketiles.".format(
                             name, "ore" if train_y[0] == 1 else "no ore"))
    return x, y, split


def _write_csv(path: str, history: List[dict]) -> None:
    """The per-epoch CSV (floats to 6 significant digits, empty cells for missing values)."""
    from ..common.tables import write_csv

    write_csv(path, CSV_COLUMNS, history, number="{:.6g}".format)


class _Run:
    """The tensors, network, optimiser and bookkeeping of one training run."""

    def __init__(self, arrays, dmeta, name, architecture, settings, recipe, *, epochs, batch_size, beta,
                 temperature, augment, device, seed, precision="auto", world=1, log=None):
        import torch

        from .device import Accel

        x, y, split = _check(arrays, dmeta, name)
        self.name, self.dmeta, self.device = name, dmeta, device
        self.accel = Accel(device, precision)
        self.min_last = max(2, int(world))  # a batch split over processes gives each at least one tile
        self.architecture, self.recipe = architecture, recipe
        self.settings = _settings(architecture, settings, int(np.sum(y[(split == 0) & _real(arrays, len(y))] == 1)))
        # batch_size is per process; a torchrun job's batch is world x that, split over its processes
        per_process = _batch_size(batch_size, x.shape, architecture, self.settings, device, precision, log)
        self.epochs, self.batch_size, self.seed = int(epochs), per_process * int(world), int(seed)
        self.beta, self.temperature, self.augment = float(beta), float(temperature), bool(augment)
        tiles = self.accel.float_dtype  # float32 (no copy), or float64 with precision fp64
        self.x_train, self.y_train = torch.from_numpy(x[split == 0]).to(tiles), torch.from_numpy(y[split == 0])
        test, val = _test_mask(arrays, split), _validation_mask(arrays, split)
        self.x_test, self.y_test = torch.from_numpy(x[test]).to(tiles), torch.from_numpy(y[test])
        self.x_val, self.y_val = torch.from_numpy(x[val]).to(tiles), torch.from_numpy(y[val])
        self.in_channels, self.tile_px = int(x.shape[1]), int(x.shape[2])
        self.config = {"architecture": architecture, "settings": self.settings, "batch_size": self.batch_size,
                       "recipe": recipe.as_dict(), "beta": self.beta, "temperature": self.temperature,
                       "augment": self.augment, "seed": self.seed, "epochs": self.epochs,
                       "n_train": len(self.x_train), "n_test": len(self.x_test), "n_validation": len(self.x_val),
                       "x_shape": list(x.shape), "dataset_digest": _digest(x, y, split, test),
                       "precision": self.accel.precision, "world_size": int(world)}

    def build(self):
        """Network, optimiser and scheduler (call inside :func:`epochs.deterministic`)."""
        import torch

        from ... import models
        from .recipes import class_weights, make_optimizer, make_scheduler

        try:
            self.net = models.build_model(self.architecture, self.in_channels, 2, **self.settings).to(self.device)
            self.net = self.accel.prepare(self.net)
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        min_tile = int(getattr(self.net, "min_tile_px", 1))
        if self.tile_px < min_tile:
            raise InputError("{} needs tiles of at least {} px; the tiles of {} have {} px. Choose another network "
                             "or make larger tiles.".format(self.architecture, min_tile, self.name, self.tile_px))
        self.optimizer = make_optimizer(self.net, self.recipe)
        steps = len(_chunk_sizes(len(self.x_train), self.batch_size, self.min_last))
        self.scheduler, self.per_batch = make_scheduler(self.optimizer, self.recipe, self.epochs, steps)
        self.weight = class_weights(self.y_train.numpy(), self.recipe)
        if self.weight is not None:
            self.weight = self.weight.to(self.accel.float_dtype)
        self.gen = torch.Generator().manual_seed(self.seed)
        self.fetch = self.accel.fetch(self.x_train, self.y_train)
        # what the training steps use; a torchrun job swaps in DDP and its share of each batch
        self.train_net, self.train_loss, self.shard = self.net, self.loss_fn, None

    def loss_fn(self, out, y):
        from ... import models

        return models.mfaf_loss(out, y, self.beta, self.temperature, class_weight=self.weight)

    def fit(self, ckpt_path, resume, ddp, writer, metrics_csv, progress, is_canceled, log):
        """Build, start or resume, then train every remaining epoch, all inside :func:`epochs.deterministic`:
        ``(history, best)``. A GPU out of memory becomes an InputError naming the batch size per process."""
        import torch

        from .epochs import deterministic

        world = 1 if ddp is None else ddp.world
        try:
            with deterministic(self.seed, self.device) as rng_devices:
                best, history, start = self.begin(ckpt_path, resume, ddp, log)
                for epoch in range(start, self.epochs):
                    row = _one_epoch(self, epoch, progress, is_canceled, ckpt_path)
                    history.append(row)
                    if len(self.x_val):
                        best.offer(epoch + 1, row.get("validation_auc"), row.get("validation_loss"), self.net)
                    if writer:
                        _save_checkpoint(ckpt_path, self, epoch + 1, history, best, rng_devices)
                        if metrics_csv:
                            _write_csv(metrics_csv, history)
                    _log_epoch(log, row, self.epochs, len(self.x_test))
        except torch.cuda.OutOfMemoryError as exc:
            raise InputError("The GPU ran out of memory: lower the batch size (now {}; 0 chooses one that fits) or "
                             "train on the CPU; RESUME continues from the last completed epoch.".format(
                                 self.batch_size // world)) from exc
        return history, best

    def begin(self, ckpt_path, resume, ddp, log):
        """Build, restore the checkpoint when resuming, join the torchrun job (``ddp``) and log the plan:
        ``(best, history, first epoch)``."""
        from .epochs import BestEpoch
        from .recipes import first_selectable_epoch

        self.build()
        best, history, start = BestEpoch(first_selectable_epoch(self.recipe, self.epochs)), [], 0
        if resume and os.path.exists(ckpt_path):
            start, history = _restore(ckpt_path, self, best)
            log("Resuming from epoch {} of {} (checkpoint {}).".format(start, self.epochs, ckpt_path))
        elif resume:
            log("No checkpoint {} found; training from the start.".format(ckpt_path))
        if ddp is not None:
            ddp.wrap(self)
        log("Training {} on {} ({} bands, {} training / {} validation / {} test tiles of {} px), {} epochs, "
            "recipe {}, device {}.".format(self.architecture, self.name, self.in_channels, len(self.x_train),
                                          len(self.x_val), len(self.x_test), self.tile_px, self.epochs,
                                          self.recipe.name, self.device))
        if self.accel.dtype is not None:
            log("Mixed precision: {} (torch.autocast).".format(self.accel.precision))
        if not len(self.x_val):
            log("The dataset has no validation tiles (make it again with mfaf:maketiles): the last epoch is kept.")
        return best, history, start


def _chunk_sizes(n: int, batch_size: int, min_last: int = 2) -> List[int]:
    sizes = [min(batch_size, n - i) for i in range(0, n, batch_size)]
    if len(sizes) > 1 and sizes[-1] < min_last:
        sizes[-2] += 1
        sizes.pop()
    return sizes


def _settings(architecture: str, settings: Optional[dict], n_ore: int = 0) -> dict:
    """The network's settings with their defaults; an MFAF ``capacity`` of ``"auto"`` (or none: the
    full backbone, as before) resolved by :func:`models.choose_capacity` from the ``n_ore`` real
    ore training tiles."""
    from ... import models

    settings = {k: v for k, v in dict(settings or {}).items() if v is not None}
    if "dilations" in settings:
        settings["dilations"] = [int(d) for d in settings["dilations"]]
    if architecture in models.MFAF_ARCHITECTURES:
        try:
            capacity = models.choose_capacity(settings.get("capacity", "full"), n_ore)
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        defaults = {"dilations": list(models.DEFAULT_DILATIONS), "channel_attention": True,
                    "spatial_attention": True,
                    "branch_channels": models.SMALL_BRANCH_CHANNELS if capacity == "small" else 32}
        settings = {**defaults, **settings, "capacity": capacity}
    else:
        settings.pop("capacity", None)  # the plain networks have one size
    return settings


def _one_epoch(run: "_Run", epoch: int, progress, is_canceled, ckpt_path: str) -> dict:
    """Train one epoch, score validation and test tiles; return the history row."""
    from .epochs import evaluate, train_epoch

    t0 = time.time()
    lr = run.optimizer.param_groups[0]["lr"]
    loss = train_epoch(run.train_net, run.optimizer, run.fetch, len(run.x_train),
                       batch_size=run.batch_size, gen=run.gen, device=run.device, loss_fn=run.train_loss,
                       scheduler=run.scheduler, per_batch=run.per_batch, augment=run.augment,
                       is_canceled=is_canceled, progress=lambda f: progress((epoch + f) / run.epochs),
                       cancel_message=cancel_message(epoch, run.epochs, ckpt_path),
                       epoch_label="epoch {}".format(epoch + 1), accel=run.accel, shard=run.shard)
    if run.scheduler is not None and not run.per_batch:
        run.scheduler.step()
    row = {"epoch": epoch + 1, "lr": float(lr), "train_loss": loss}
    if len(run.x_val):
        v = evaluate(run.net, run.x_val, run.y_val, run.device, run.loss_fn, max(run.batch_size, 64))
        row.update({"validation_loss": v["loss"], "validation_auc": v["auc"]})
    m = evaluate(run.net, run.x_test, run.y_test, run.device, run.loss_fn, max(run.batch_size, 64))
    row.update({"test_loss": m["loss"], **{k: m[k] for k in ("accuracy", "auc", "recall", "f1", "precision", "n")},
                "non_finite": m["non_finite"], "seconds": round(time.time() - t0, 3)})
    return row


def _log_epoch(log, row: dict, epochs: int, n_test: int) -> None:
    def f3(v):
        return number(v, "{:.3f}", "n/a")

    if row.get("non_finite"):
        log("Warning: {} of {} test tiles gave non-finite outputs in epoch {} (counted as p = 0.5); the network's "
            "batch-norm statistics have not settled or training is diverging.".format(row["non_finite"], n_test,
                                                                                      row["epoch"]))
    val = "" if row.get("validation_auc", "absent") == "absent" else ", validation AUC {}".format(
        f3(row.get("validation_auc")))
    log("Epoch {}/{}: train loss {:.4f}{}, test loss {:.4f}, accuracy {:.3f}, AUC {}, recall {:.3f}, F1 {:.3f}".format(
        row["epoch"], epochs, row["train_loss"], val, row["test_loss"], row["accuracy"], f3(row["auc"]),
        row["recall"], row["f1"]))


def train(dataset: Union[str, Tuple[Dict[str, np.ndarray], dict]], out_model_path: str,
          architecture: str = "mfaf_resnet18", settings: Optional[dict] = None, epochs: int = 220,
          batch_size: Union[int, str] = 32, recipe: str = "adamw_onecycle", lr: Optional[float] = None,
          momentum: Optional[float] = None, weight_decay: Optional[float] = None, lr_step: Optional[int] = None,
          lr_gamma: Optional[float] = None, beta: float = 0.4, temperature: float = 1.0, augment: bool = True,
          device: str = "auto", seed: int = 0, resume: bool = False, metrics_csv: Optional[str] = None,
          progress: Optional[Callable[[float], None]] = None, is_canceled: Optional[Callable[[], bool]] = None,
          log: Optional[Callable[[str], None]] = None, precision: str = "auto", checkpoint: Optional[str] = None,
          ddp=None) -> dict:
    """Train a network on a tile dataset and write the model file.

    Args:
        dataset: path of a tile dataset (``.npz`` of :mod:`mfaf_plugin.windows.tile_dataset`) or an
            ``(arrays, meta)`` pair in that layout.
        out_model_path: model file to write (:func:`mfaf_plugin.training.modelio.save_model`).
        architecture: a name of ``models.ARCHITECTURES``.
        settings: ``models.build_model`` settings (mfaf_*: dilations, channel_attention,
            spatial_attention, branch_channels).
        epochs, batch_size: passes over the training tiles, tiles per batch (per process in a
            torchrun job); ``"auto"`` or 0: :func:`mfaf_plugin.training.device.auto_batch_size`.
        recipe: a name of :data:`mfaf_plugin.training.recipes.RECIPES`; ``lr``, ``momentum``,
            ``weight_decay``, ``lr_step``, ``lr_gamma`` override its values (None: the recipe's).
        beta, temperature: self-distillation weight and temperature (``models.mfaf_loss``).
        augment: random quarter turns and flips of the training tiles.
        device: ``auto``, ``cpu`` or ``cuda``.
        seed: seed of initialisation, shuffling, augmentation and dropout.
        resume: continue from ``<out_model_path>.ckpt`` when it exists.
        metrics_csv: per-epoch CSV (columns :data:`CSV_COLUMNS`), rewritten after each epoch.
        progress, is_canceled, log: callbacks (fraction 0..1; cancel checked per batch; messages).
        precision: ``auto``, ``fp32``, ``bf16`` or ``fp16`` (:mod:`mfaf_plugin.training.device`; auto is
            float32 on the CPU); ``fp64`` for equivalence checks.
        checkpoint: the checkpoint file (default ``<out_model_path>.ckpt``).
        ddp: this process's :class:`mfaf_plugin.scaleout.torchrun.Group` in a torchrun job (None: one
            process). Every process trains; only rank 0 writes checkpoint, CSV and model.

    Returns:
        Test metrics of the selected epoch: accuracy, auc, recall, f1, precision, n, test_loss,
        plus ``selected_epoch``, ``selection``, ``epochs`` and ``device``.

    Raises:
        InputError: unusable dataset, device or settings; a checkpoint from other settings.
        Canceled: canceled; the checkpoint of the last completed epoch stays for ``resume``.
    """
    from .recipes import make_recipe

    progress = progress or noop_progress
    log = log or (lambda _msg: None)
    arrays, dmeta, name, grid, device = _checked_inputs(dataset, epochs, device, beta, temperature)
    rec = make_recipe(recipe, lr=lr, momentum=momentum, weight_decay=weight_decay, lr_step=lr_step,
                      lr_gamma=lr_gamma)
    world = 1 if ddp is None else ddp.world
    run = _Run(arrays, dmeta, name, architecture, settings, rec, epochs=epochs, batch_size=batch_size, beta=beta,
               temperature=temperature, augment=augment, device=device, seed=seed, precision=precision, world=world,
               log=log)
    ckpt_path = checkpoint or checkpoint_path(out_model_path)
    writer = ddp is None or ddp.rank == 0
    history, best = run.fit(ckpt_path, resume, ddp, writer, metrics_csv, progress, is_canceled, log)
    return _finish(run, history, best, out_model_path, ckpt_path, progress, log, grid, write=writer)


def _checked_inputs(dataset, epochs, device, beta, temperature):
    """The dataset, its grid and the device, checked in this order: ``(arrays, meta, name, grid, device)``."""
    from ..data.gridcheck import dataset_grid

    arrays, dmeta, name = _load(dataset)
    grid = dataset_grid(dmeta, name)  # the stack's pixel size and CRS, for the model; square pixels only
    if int(epochs) < 1:
        raise InputError("Epochs must be at least 1.")
    device = resolve_device(device)
    if not beta >= 0 or not temperature > 0:
        raise InputError("The temperature must be positive and beta at least 0.")
    return arrays, dmeta, name, grid, device


def _batch_size(batch_size, x_shape, architecture, settings, device, precision, log) -> int:
    """The batch size asked for, or ``auto`` / 0 resolved (:func:`mfaf_plugin.training.device.auto_batch_size`)."""
    if str(batch_size).strip().lower() in ("auto", "0"):
        from ... import models
        from .device import auto_batch_size

        def make_net():
            return models.build_model(architecture, x_shape[1], 2, **settings)

        return auto_batch_size(make_net, int(x_shape[1]), int(x_shape[2]), device, precision, log)
    if int(batch_size) < 2:
        raise InputError("The batch size must be at least 2 (batch normalisation cannot learn from a single tile).")
    return int(batch_size)


def _finish(run: "_Run", history: List[dict], best, out_model_path: str, ckpt_path: str, progress, log,
            grid: dict, write: bool = True) -> dict:
    """Keep the selected epoch's weights, write the model file, drop the checkpoint."""
    import torch

    from .. import __version__
    from .modelio import save_model

    if best.state is not None:
        best.restore(run.net)
        chosen, selection = history[best.epoch - 1], "best validation AUC after the warm-up"
    else:
        chosen, selection = history[-1], "last epoch (no validation tiles)"
    log("Selected epoch {} of {} ({}); its test figures are reported.".format(chosen["epoch"], run.epochs, selection))
    metrics = {k: chosen.get(k) for k in ("accuracy", "auc", "recall", "f1", "precision", "n", "test_loss")}
    d = run.dmeta
    meta = {
        "architecture": run.architecture, "settings": run.settings, "in_channels": run.in_channels,
        "band_names": list(d.get("band_names") or ["band_{}".format(i + 1) for i in range(run.in_channels)]),
        "normalization": d.get("normalization"), "tile_size": int(d.get("tile_size") or run.tile_px),
        "stride": int(d.get("stride") or d.get("tile_size") or run.tile_px),
        "framing": d.get("framing") or "grid",
        "class_names": list(d.get("class_names") or ["no ore", "ore"]), "code_version": __version__,
        "metrics": metrics, "seed": run.seed, "epochs": run.epochs, "selected_epoch": int(chosen["epoch"]),
        "selection": selection,
        # the CPU result depends on the thread count too: record it for reproduction
        "training": {**{k: v for k, v in run.config.items() if k not in ("architecture", "settings")},
                     "torch_threads": int(torch.get_num_threads()), "torch_version": str(torch.__version__)},
        "dataset": {"name": run.name, "counts": d.get("counts"), "augmentation": d.get("augmentation"),
                    "split_method": d.get("split_method"), "digest": run.config["dataset_digest"]},
        "history": history, "device": run.device, **grid,
    }
    if write:
        save_model(out_model_path, run.net.cpu(), meta)
        if os.path.exists(ckpt_path):
            os.remove(ckpt_path)
    progress(1.0)
    return {**metrics, "selected_epoch": int(chosen["epoch"]), "selection": selection, "epochs": run.epochs,
            "device": run.device}


def cancel_message(epoch: int, epochs: int, ckpt_path: str) -> str:
    if epoch == 0:
        return "Training canceled during the first epoch; no model and no checkpoint were written."
    return ("Training canceled during epoch {} of {}; the checkpoint of epoch {} was kept in '{}'. Run the "
            "algorithm again with the same settings and RESUME checked to continue from there.".format(
                epoch + 1, epochs, epoch, ckpt_path))


def _rng_state(gen, rng_devices) -> dict:
    import torch

    state = {"torch": torch.get_rng_state(), "generator": gen.get_state()}
    for d in rng_devices:
        state["cuda{}".format(d)] = torch.cuda.get_rng_state(d)
    return state


def _save_checkpoint(path, run: "_Run", epoch, history, best, rng_devices) -> None:
    import torch

    from ..common.run_outputs import atomic_output

    payload = {
        "format": CHECKPOINT_FORMAT,
        "epoch": int(epoch),
        "config": run.config,
        "model": run.net.state_dict(),
        "optimizer": run.optimizer.state_dict(),
        "scheduler": run.scheduler.state_dict() if run.scheduler is not None else {},
        "rng": _rng_state(run.gen, rng_devices),
        "scaler": run.accel.state_dict(),
        "history": history,
        "best": {"epoch": best.epoch, "auc": best.auc, "loss": best.loss, "state": best.state},
    }
    with atomic_output(path) as tmp:
        torch.save(payload, tmp)


def _restore(path, run: "_Run", best) -> Tuple[int, List[dict]]:
    import torch

    from .modelcheck import check_archive, load_error

    check_archive(path, "checkpoint")
    try:
        ck = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise InputError("The checkpoint '{}' cannot be read ({}); delete it or switch RESUME off.".format(
            path, load_error(exc))) from exc
    if not isinstance(ck, dict) or ck.get("format") != CHECKPOINT_FORMAT:
        raise InputError("'{}' is not a training checkpoint of this plugin; delete it or switch RESUME off.".format(path))
    saved = ck.get("config", {})
    differ = [k for k in _RESUME_KEYS if saved.get(k) != run.config.get(k)]
    if differ:
        raise InputError("The checkpoint '{}' was made with other settings ({}); use the same dataset and settings "
                         "to resume, or switch RESUME off to start again.".format(path, ", ".join(differ)))
    from .modelio import load_state

    load_state(run.net, ck["model"])
    run.optimizer.load_state_dict(ck["optimizer"])
    if run.scheduler is not None:
        run.scheduler.load_state_dict(ck["scheduler"])
    b = ck.get("best") or {}
    if b.get("state") is not None:
        best.epoch, best.auc, best.loss, best.state = b["epoch"], b["auc"], b["loss"], b["state"]
    run.accel.load_state_dict(ck.get("scaler") or {})
    rng = ck["rng"]
    torch.set_rng_state(rng["torch"].cpu())
    run.gen.set_state(rng["generator"].cpu())
    for key, value in rng.items():
        if key.startswith("cuda") and torch.cuda.is_available():
            torch.cuda.set_rng_state(value.cpu(), int(key[4:]))
    return int(ck["epoch"]), list(ck.get("history", []))
