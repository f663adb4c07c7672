"""Training loop of the MFAF networks (paper: SGD, momentum 0.2, weight decay 1e-4, lr 0.02 x 0.6
every 30 epochs, batch 32, 220 epochs).

The model learns on the tiles with ``split == 0`` (training, possibly augmented) and is
evaluated after every epoch on the untouched ``split == 1`` real windows (``origin == 0`` when the
dataset has an ``origin`` array; augmented copies are never scored) (loss, accuracy, ROC AUC,
recall, F1 of the ore class via :mod:`mfaf_plugin.metrics`, ore probability = mean branch
softmax).

Determinism: the seed fixes the weight initialisation (``torch.manual_seed`` inside a forked RNG,
so the caller's global RNG is left alone), the shuffling (a seeded ``torch.Generator``) and
dropout; deterministic algorithms are switched on for the duration of the run. On the CPU the
same seed, data, torch version and thread count (``torch.get_num_threads()``, recorded in the
model file) give bit-identical weights, also across processes; another thread count may round
differently.

Checkpoints: after every epoch the full state (weights, optimizer, scheduler, epoch, RNG states,
per-epoch metrics) is written atomically to ``<output>.ckpt``. A cancel between batches raises
:class:`~mfaf_plugin.errors.Canceled` and leaves the checkpoint of the last completed epoch;
``resume=True`` continues from it and gives the same weights as an uninterrupted run. The
checkpoint is removed once the final model file is written. Everything loads with
``torch.load(weights_only=True)``.
"""

import csv
import io
import os
import time
from typing import Callable, Dict, List, Optional, Tuple, Union

import numpy as np

from .errors import Canceled, InputError
from .progress import noop_progress

__all__ = ["train", "resolve_device", "checkpoint_path", "CSV_COLUMNS", "CHECKPOINT_FORMAT"]

CHECKPOINT_FORMAT = "mfaf-checkpoint"
CSV_COLUMNS = ("epoch", "lr", "train_loss", "test_loss", "accuracy", "auc", "recall", "f1", "precision",
               "seconds")
# hyper-parameters a resumed run must share with the checkpoint
_RESUME_KEYS = ("architecture", "settings", "batch_size", "lr", "momentum", "weight_decay", "lr_step",
                "lr_gamma", "beta", "temperature", "seed", "n_train", "n_test", "x_shape", "dataset_digest")


def checkpoint_path(out_model_path: str) -> str:
    """The checkpoint written next to the model file: ``<out_model_path>.ckpt``."""
    return str(out_model_path) + ".ckpt"


def resolve_device(device: str = "auto") -> str:
    """``auto`` -> ``cuda`` when torch sees a GPU, else ``cpu``.

    Raises:
        InputError: ``cuda`` asked for without a GPU, or an unknown name.
    """
    import torch

    device = (device or "auto").strip().lower()
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            raise InputError("Device 'cuda' was asked for but torch sees no CUDA GPU here; choose 'auto' or 'cpu'.")
        return device
    if device == "cpu":
        return device
    raise InputError("Unknown device '{}': use auto, cpu or cuda.".format(device))


def _load(dataset) -> Tuple[Dict[str, np.ndarray], dict, str]:
    from .dataset import load_dataset

    if isinstance(dataset, (str, os.PathLike)):
        arrays, meta = load_dataset(str(dataset))
        return arrays, meta, os.path.basename(str(dataset))
    arrays, meta = dataset
    return arrays, dict(meta), "<arrays>"


def _test_mask(arrays, split: np.ndarray) -> np.ndarray:
    """Tiles scored after every epoch: held-out (split 1) real windows (origin 0, when recorded)."""
    mask = split == 1
    if "origin" in arrays:
        mask &= np.asarray(arrays["origin"]).astype(np.int64).reshape(-1) == 0
    return mask


def _digest(x: np.ndarray, y: np.ndarray, split: np.ndarray, test: np.ndarray) -> str:
    """Fingerprint of the tiles, labels and split, so that a checkpoint is only resumed on the
    very dataset it was trained on (another split of the same size would leak test tiles)."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for a in (x, y, split, test):
        h.update(memoryview(np.ascontiguousarray(a)).cast("B"))
    return h.hexdigest()


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


def _batches(n: int, batch_size: int, order) -> List:
    """Split ``order`` into batches; a last batch of one tile joins the previous one (batch norm
    cannot normalise a single sample in training mode)."""
    chunks = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    if len(chunks) > 1 and len(chunks[-1]) == 1:
        import torch

        chunks[-2] = torch.cat([chunks[-2], chunks[-1]])
        chunks.pop()
    return chunks


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return "{:.6g}".format(v)
    return str(v)


def _write_csv(path: str, history: List[dict]) -> None:
    from .gdal_io import atomic_output

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for row in history:
        w.writerow([_fmt(row.get(c)) for c in CSV_COLUMNS])
    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())


def _evaluate(net, x_test, y_test, batch_size, device, beta, temperature) -> dict:
    import torch

    from .. import models
    from .metrics import classification_metrics

    net.eval()
    probs, loss_sum = [], 0.0
    with torch.no_grad():
        for i in range(0, len(x_test), batch_size):
            xb = x_test[i:i + batch_size].to(device)
            yb = y_test[i:i + batch_size].to(device)
            out = net(xb)
            loss_sum += float(models.mfaf_loss(out, yb, beta, temperature)) * len(xb)
            probs.append(models.branch_outputs(out)["p_ore"].cpu())
    p = torch.cat(probs).double().numpy()
    bad = int(np.sum(~np.isfinite(p)))
    # Early in training a network's batch-norm running statistics may not have settled and a
    # test tile can give non-finite logits; count them as undecided (0.5) rather than stop.
    p = np.nan_to_num(p, nan=0.5)
    m = classification_metrics(y_test.numpy(), p)
    m["test_loss"] = loss_sum / max(1, len(x_test))
    m["non_finite"] = bad
    return m


def train(
    dataset: Union[str, Tuple[Dict[str, np.ndarray], dict]],
    out_model_path: str,
    architecture: str = "mfaf_resnet18",
    settings: Optional[dict] = None,
    epochs: int = 220,
    batch_size: int = 32,
    lr: float = 0.02,
    momentum: float = 0.2,
    weight_decay: float = 1e-4,
    lr_step: int = 30,
    lr_gamma: float = 0.6,
    beta: float = 0.4,
    temperature: float = 1.0,
    device: str = "auto",
    seed: int = 0,
    resume: bool = False,
    metrics_csv: Optional[str] = None,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    log: Optional[Callable[[str], None]] = None,
) -> dict:
    """Train a network on a tile dataset and write the model file.

    Args:
        dataset: path of a tile dataset (``.npz`` of :mod:`mfaf_plugin.dataset`) or an
            ``(arrays, meta)`` pair in that layout.
        out_model_path: model file to write (:func:`mfaf_plugin.modelio.save_model`).
        architecture: a name of ``models.ARCHITECTURES``.
        settings: ``models.build_model`` settings (mfaf_*: dilations, channel_attention,
            spatial_attention, branch_channels).
        epochs, batch_size, lr, momentum, weight_decay: SGD training (paper's defaults).
        lr_step, lr_gamma: StepLR: lr x ``lr_gamma`` every ``lr_step`` epochs.
        beta, temperature: self-distillation weight and temperature (``models.mfaf_loss``).
        device: ``auto``, ``cpu`` or ``cuda``.
        seed: seed of initialisation, shuffling and dropout.
        resume: continue from ``<out_model_path>.ckpt`` when it exists.
        metrics_csv: per-epoch CSV (columns :data:`CSV_COLUMNS`), rewritten after each epoch.
        progress, is_canceled, log: callbacks (fraction 0..1; cancel checked per batch; messages).

    Returns:
        Final test metrics of the last epoch: accuracy, auc, recall, f1, precision, n,
        test_loss, plus ``epochs`` and ``device``.

    Raises:
        InputError: unusable dataset, device or settings; a checkpoint from other settings.
        Canceled: canceled; the checkpoint of the last completed epoch stays for ``resume``.
    """
    import torch

    from .. import models
    from . import __version__
    from .gridcheck import dataset_grid
    from .modelio import save_model

    progress = progress or noop_progress
    log = log or (lambda _msg: None)
    arrays, dmeta, name = _load(dataset)
    x, y, split = _check(arrays, dmeta, name)
    grid = dataset_grid(dmeta, name)  # the stack's pixel size and CRS, for the model; square pixels only
    epochs, batch_size, lr_step = int(epochs), int(batch_size), int(lr_step)
    if epochs < 1 or lr_step < 1:
        raise InputError("Epochs and learning-rate step must be at least 1.")
    if batch_size < 2:
        raise InputError("The batch size must be at least 2 (batch normalisation cannot learn from a single tile).")
    if lr <= 0 or not 0 < lr_gamma <= 1 or beta < 0 or temperature <= 0:
        raise InputError("Learning rate and temperature must be positive, the lr factor in (0, 1], beta >= 0.")
    device = resolve_device(device)
    settings = {k: v for k, v in dict(settings or {}).items() if v is not None}
    if "dilations" in settings:
        settings["dilations"] = [int(d) for d in settings["dilations"]]
    if architecture in models.MFAF_ARCHITECTURES:
        defaults = {"dilations": list(models.DEFAULT_DILATIONS), "channel_attention": True,
                    "spatial_attention": True, "branch_channels": 32}
        settings = {**defaults, **settings}
    in_channels = int(x.shape[1])
    x_train = torch.from_numpy(x[split == 0])
    y_train = torch.from_numpy(y[split == 0])
    test = _test_mask(arrays, split)
    x_test = torch.from_numpy(x[test])
    y_test = torch.from_numpy(y[test])
    config = {"architecture": architecture, "settings": settings, "batch_size": batch_size, "lr": float(lr),
              "momentum": float(momentum), "weight_decay": float(weight_decay), "lr_step": lr_step,
              "lr_gamma": float(lr_gamma), "beta": float(beta), "temperature": float(temperature),
              "seed": int(seed), "n_train": len(x_train), "n_test": len(x_test), "x_shape": list(x.shape),
              "dataset_digest": _digest(x, y, split, test)}
    ckpt_path = checkpoint_path(out_model_path)

    prev_det = torch.are_deterministic_algorithms_enabled()
    prev_warn = torch.is_deterministic_algorithms_warn_only_enabled()
    prev_cudnn = (torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)
    rng_devices = [torch.device(device).index or 0] if device.startswith("cuda") else []
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
    try:
        with torch.random.fork_rng(devices=rng_devices):
            torch.manual_seed(int(seed))
            try:
                net = models.build_model(architecture, in_channels, 2, **settings).to(device)
            except ValueError as exc:
                raise InputError(str(exc)) from exc
            min_tile = int(getattr(net, "min_tile_px", 1))
            if x.shape[2] < min_tile:
                raise InputError("{} needs tiles of at least {} px; the tiles of {} have {} px. Choose another "
                                 "network or make larger tiles.".format(architecture, min_tile, name, x.shape[2]))
            optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)
            scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=lr_step, gamma=lr_gamma)
            gen = torch.Generator().manual_seed(int(seed))
            history: List[dict] = []
            start = 0
            if resume and os.path.exists(ckpt_path):
                start, history = _restore(ckpt_path, config, net, optimizer, scheduler, gen)
                log("Resuming from epoch {} of {} (checkpoint {}).".format(start, epochs, ckpt_path))
            elif resume:
                log("No checkpoint {} found; training from the start.".format(ckpt_path))
            if start > epochs:
                raise InputError("The checkpoint {} is at epoch {}, past the {} epochs asked for; ask for at least {} "
                                 "epochs or switch RESUME off.".format(ckpt_path, start, epochs, start))
            log("Training {} on {} ({} bands, {} training / {} test tiles of {} px), {} epochs, device {}.".format(
                architecture, name, in_channels, len(x_train), len(x_test), x.shape[2], epochs, device))
            final = history[-1] if history else None
            for epoch in range(start, epochs):
                t0 = time.time()
                net.train()
                order = torch.randperm(len(x_train), generator=gen)
                chunks = _batches(len(x_train), batch_size, order)
                loss_sum = 0.0
                for b, idx in enumerate(chunks):
                    if is_canceled is not None and is_canceled():
                        raise Canceled(_cancel_message(epoch, epochs, ckpt_path))
                    xb, yb = x_train[idx].to(device), y_train[idx].to(device)
                    optimizer.zero_grad(set_to_none=True)
                    loss = models.mfaf_loss(net(xb), yb, beta, temperature)
                    if not torch.isfinite(loss):
                        raise InputError("Training diverged (the loss became infinite or NaN) in epoch {}: lower the "
                                         "learning rate or use larger tiles.".format(epoch + 1))
                    loss.backward()
                    optimizer.step()
                    loss_sum += float(loss.detach()) * len(idx)
                    progress((epoch + (b + 1) / len(chunks)) / epochs)
                current_lr = optimizer.param_groups[0]["lr"]
                scheduler.step()
                m = _evaluate(net, x_test, y_test, max(batch_size, 64), device, beta, temperature)
                final = {"epoch": epoch + 1, "lr": float(current_lr), "train_loss": loss_sum / len(x_train),
                         **{k: m[k] for k in ("test_loss", "accuracy", "auc", "recall", "f1", "precision", "n")},
                         "seconds": round(time.time() - t0, 3)}
                history.append(final)
                if m["non_finite"]:
                    log("Warning: {} of {} test tiles gave non-finite outputs in epoch {} (counted as p = 0.5); the "
                        "network's batch-norm statistics have not settled or training is diverging.".format(
                            m["non_finite"], len(x_test), epoch + 1))
                _save_checkpoint(ckpt_path, config, epoch + 1, net, optimizer, scheduler, gen, history, rng_devices)
                if metrics_csv:
                    _write_csv(metrics_csv, history)
                log("Epoch {}/{}: train loss {:.4f}, test loss {:.4f}, accuracy {:.3f}, AUC {}, recall {:.3f}, "
                    "F1 {:.3f}".format(epoch + 1, epochs, final["train_loss"], final["test_loss"], final["accuracy"],
                                       "n/a" if final["auc"] is None else "{:.3f}".format(final["auc"]),
                                       final["recall"], final["f1"]))
            if metrics_csv and history:
                _write_csv(metrics_csv, history)
    except torch.cuda.OutOfMemoryError as exc:
        raise InputError("The GPU ran out of memory: lower the batch size (now {}) or train on the CPU; RESUME "
                         "continues from the last completed epoch.".format(batch_size)) from exc
    finally:
        torch.use_deterministic_algorithms(prev_det, warn_only=prev_warn)
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = prev_cudnn

    metrics = {k: final.get(k) for k in ("accuracy", "auc", "recall", "f1", "precision", "n", "test_loss")}
    meta = {
        "architecture": architecture,
        "settings": settings,
        "in_channels": in_channels,
        "band_names": list(dmeta.get("band_names") or ["band_{}".format(i + 1) for i in range(in_channels)]),
        "normalization": dmeta.get("normalization"),
        "tile_size": int(dmeta.get("tile_size") or x.shape[2]),
        "stride": int(dmeta.get("stride") or dmeta.get("tile_size") or x.shape[2]),
        "class_names": list(dmeta.get("class_names") or ["no ore", "ore"]),
        "code_version": __version__,
        "metrics": metrics,
        "seed": int(seed),
        "epochs": epochs,
        # the CPU result depends on the thread count too: record it for reproduction
        "training": {**{k: v for k, v in config.items() if k not in ("architecture", "settings")},
                     "torch_threads": int(torch.get_num_threads()), "torch_version": str(torch.__version__)},
        "dataset": {"name": name, "counts": dmeta.get("counts"), "augmentation": dmeta.get("augmentation"),
                    "split_method": dmeta.get("split_method")},
        "history": history,
        "device": device,
        **grid,
    }
    save_model(out_model_path, net.cpu(), meta)
    if os.path.exists(ckpt_path):
        os.remove(ckpt_path)
    progress(1.0)
    return {**metrics, "epochs": epochs, "device": device}


def _cancel_message(epoch: int, epochs: int, ckpt_path: str) -> str:
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


def _save_checkpoint(path, config, epoch, net, optimizer, scheduler, gen, history, rng_devices) -> None:
    import torch

    from .gdal_io import atomic_output

    payload = {
        "format": CHECKPOINT_FORMAT,
        "epoch": int(epoch),
        "config": config,
        "model": net.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "rng": _rng_state(gen, rng_devices),
        "history": history,
    }
    with atomic_output(path) as tmp:
        torch.save(payload, tmp)


def _restore(path, config, net, optimizer, scheduler, gen) -> Tuple[int, List[dict]]:
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
    differ = [k for k in _RESUME_KEYS if saved.get(k) != config.get(k)]
    if differ:
        raise InputError("The checkpoint '{}' was made with other settings ({}); use the same dataset and settings "
                         "to resume, or switch RESUME off to start again.".format(path, ", ".join(differ)))
    from .modelio import load_state

    load_state(net, ck["model"])
    optimizer.load_state_dict(ck["optimizer"])
    scheduler.load_state_dict(ck["scheduler"])
    rng = ck["rng"]
    torch.set_rng_state(rng["torch"].cpu())
    gen.set_state(rng["generator"].cpu())
    for key, value in rng.items():
        if key.startswith("cuda") and torch.cuda.is_available():
            torch.cuda.set_rng_state(value.cpu(), int(key[4:]))
    return int(ck["epoch"]), list(ck.get("history", []))
