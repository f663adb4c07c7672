"""The pieces of a training run shared by ``mfaf:trainmodel`` and cross-validation.

* :func:`deterministic`: seeded, deterministic torch for the duration of a run (the caller's
  global RNG and settings are restored afterwards);
* :func:`dihedral`: on-the-fly rotation by a multiple of 90 degrees and flip of every window;
* :func:`train_epoch`: one pass over the training windows in a seeded random order;
* :func:`predict_windows` / :func:`evaluate`: ore probability (mean softmax over branches) and
  the loss / classification figures of windows;
* :class:`BestEpoch`: keeps the weights of the best validation epoch (highest validation AUC,
  ties to the lower validation loss), so the reported model never depends on which epoch
  happened to be last. Epochs before ``first_epoch`` are not candidates: with a one-cycle
  schedule (:func:`recipes.first_selectable_epoch`) the learning rate is still rising then, and
  with the few deposits of a validation area (often 3 to 10) such an under-trained epoch can
  win by chance (seen on the lithium folds: a warm-up epoch at validation AUC 0.995 ranked its
  held-out fold at 0.12). The AUC, not the loss, decides among the rest: the map is used as a
  ranking, and the class-weighted loss rises as the network grows confident even while its
  ranking still improves.
"""

import contextlib
import copy
from typing import Callable, Iterator, List, Optional

import numpy as np

from ..common.errors import Canceled, InputError

__all__ = ["deterministic", "dihedral", "split_batches", "train_epoch", "predict_windows", "evaluate",
           "BestEpoch", "averaged_epochs", "WeightAverage"]


@contextlib.contextmanager
def deterministic(seed: int, device: str = "cpu") -> Iterator[List[int]]:
    """Seed torch (inside a forked RNG) and switch deterministic algorithms on; yield the CUDA
    devices whose RNG is forked. Everything is restored on exit."""
    import torch

    prev_det = torch.are_deterministic_algorithms_enabled()
    prev_warn = torch.is_deterministic_algorithms_warn_only_enabled()
    prev_cudnn = (torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)
    rng_devices = [torch.device(device).index or 0] if str(device).startswith("cuda") else []
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
    try:
        with torch.random.fork_rng(devices=rng_devices):
            torch.manual_seed(int(seed))
            yield rng_devices
    finally:
        torch.use_deterministic_algorithms(prev_det, warn_only=prev_warn)
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = prev_cudnn


def dihedral(x, codes, window_px: int = 0):
    """Windows ``x`` (n, bands, w, w) each turned by ``codes % 4`` quarter turns and, for codes
    4-7, flipped left-right: the 8 symmetries of the square (``codes``: n ints in 0..7).

    ``window_px``: crop the turned windows to their first ``window_px`` rows and columns. A
    window of an odd side ``w = 2h + 1`` turns about its centre cell ``h``; cut it one cell larger
    than an even training window ``t = 2h`` (:attr:`mfaf_plugin.windows.sampling.WindowSource.turn_px`)
    and crop to ``t``: cell ``t // 2`` of every result is the centre cell, under all 8
    symmetries (turning the ``t`` window itself moves it to a neighbour in 6 of them)."""
    import torch

    out = torch.empty_like(x)
    for code in range(8):
        sel = torch.nonzero(codes == code).flatten()
        if sel.numel() == 0:
            continue
        part = torch.rot90(x[sel], k=code % 4, dims=(2, 3))
        out[sel] = part.flip(3) if code >= 4 else part
    w = int(window_px)
    return out[:, :, :w, :w].contiguous() if w and w < out.shape[-1] else out


def split_batches(order, batch_size: int, min_last: int = 2) -> List:
    """Split ``order`` into batches; a last batch of fewer than ``min_last`` windows joins the
    previous one (batch norm cannot normalise a single sample in training mode; a batch split
    over processes needs one window per process)."""
    import torch

    n = len(order)
    chunks = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    if len(chunks) > 1 and len(chunks[-1]) < min_last:
        chunks[-2] = torch.cat([chunks[-2], chunks[-1]])
        chunks.pop()
    return chunks


def train_epoch(net, optimizer, fetch: Callable, n: int, *, batch_size: int, gen, device: str, loss_fn: Callable,
                scheduler=None, per_batch: bool = False, augment: bool = False,
                is_canceled: Optional[Callable[[], bool]] = None, progress: Optional[Callable[[float], None]] = None,
                cancel_message: str = "", epoch_label: str = "", accel=None, shard=None,
                window_px: int = 0) -> float:
    """One pass over ``n`` training windows in a random order; returns the mean loss.

    Args:
        fetch: ``fetch(index_tensor) -> (x, y)`` CPU tensors of those windows.
        gen: seeded ``torch.Generator`` (order and augmentation).
        loss_fn: ``loss_fn(logits_list, y) -> loss``.
        scheduler, per_batch: a scheduler stepped after every batch when ``per_batch``.
        augment: apply :func:`dihedral` with codes drawn from ``gen``.
        window_px: the network's window side when ``fetch`` cuts larger windows to turn about
            their centre cell (:func:`dihedral`); 0: ``fetch``'s windows as they are.
        is_canceled, progress: checked / reported per batch (progress 0..1 within the epoch).
        accel: a :class:`mfaf_plugin.training.device.Accel` (mixed precision, layout, loss scaling); None: the
            plain float32 step.
        shard: this process's share of every batch in a torchrun job (``select(idx, codes)`` and
            ``total(loss)`` of :class:`mfaf_plugin.scaleout.torchrun.Shard`); the order and the
            augmentation codes are drawn for the whole batch, as in one process.

    Raises:
        Canceled: ``is_canceled()`` became true (``cancel_message``).
        InputError: the loss became infinite or NaN.
    """
    import torch

    net.train()
    chunks = split_batches(torch.randperm(n, generator=gen), batch_size, 2 if shard is None else shard.min_last)
    loss_sum = 0.0
    for b, idx in enumerate(chunks):
        if is_canceled is not None and is_canceled():
            raise Canceled(cancel_message) if cancel_message else Canceled()
        codes = torch.randint(0, 8, (len(idx),), generator=gen) if augment else None
        n_batch = len(idx)
        if shard is not None:
            idx, codes = shard.select(idx, codes)
        xb, yb = fetch(idx)
        if augment:
            xb = dihedral(xb, codes, window_px)
        elif window_px and xb.shape[-1] > int(window_px):
            xb = xb[:, :, :int(window_px), :int(window_px)].contiguous()
        xb, yb = (xb.to(device), yb.to(device)) if accel is None else accel.batch(xb, yb)
        optimizer.zero_grad(set_to_none=True)
        with contextlib.nullcontext() if accel is None else accel.autocast():
            loss = loss_fn(net(xb), yb)
        total = loss.detach() if shard is None else shard.total(loss.detach())
        if not torch.isfinite(total):
            raise InputError("Training diverged (the loss became infinite or NaN){}: lower the learning rate or "
                             "use larger tiles.".format(" in " + epoch_label if epoch_label else ""))
        if accel is None:
            loss.backward()
            optimizer.step()
        else:
            accel.step(loss, optimizer)
        if per_batch and scheduler is not None:
            scheduler.step()
        loss_sum += float(total) * n_batch
        if progress is not None:
            progress((b + 1) / len(chunks))
    return loss_sum / max(1, n)


def predict_windows(net, x, device: str, batch_size: int = 256, loss_fn: Optional[Callable] = None, y=None):
    """Ore probability (mean softmax over branches) of windows ``x`` (numpy or tensor, n x b x t x t).

    Returns ``(p_ore float64 (n,), mean loss or None)``; the loss needs ``loss_fn`` and labels ``y``.
    """
    import torch

    from ...models import branch_outputs

    net.eval()
    probs, loss_sum = [], 0.0
    with torch.no_grad():
        for i in range(0, len(x), batch_size):
            xb = x[i:i + batch_size]
            xb = (xb if isinstance(xb, torch.Tensor) else torch.from_numpy(np.ascontiguousarray(xb))).to(device)
            out = net(xb)
            if loss_fn is not None:
                yb = y[i:i + batch_size]
                yb = (yb if isinstance(yb, torch.Tensor) else torch.from_numpy(np.asarray(yb))).to(device)
                loss_sum += float(loss_fn(out, yb)) * len(xb)
            probs.append(branch_outputs(out)["p_ore"].float().cpu())
    p = torch.cat(probs).double().numpy() if probs else np.zeros(0)
    return p, (loss_sum / max(1, len(x)) if loss_fn is not None else None)


def evaluate(net, x, y, device: str, loss_fn: Callable, batch_size: int = 256) -> dict:
    """Loss and classification figures (``metrics.classification_metrics``) of windows ``x``."""
    from ..scoring.classification import classification_metrics

    p, loss = predict_windows(net, x, device, batch_size, loss_fn, y)
    bad = int(np.sum(~np.isfinite(p)))
    p = np.nan_to_num(p, nan=0.5)
    m = classification_metrics(np.asarray(y), p)
    m["loss"] = loss
    m["non_finite"] = bad
    m["p_ore"] = p
    return m


class BestEpoch:
    """The weights of the best epoch so far by validation AUC (ties: lower validation loss),
    among the epochs from ``first_epoch`` on."""

    def __init__(self, first_epoch: int = 1):
        self.first_epoch = int(first_epoch)
        self.epoch = None
        self.auc = None
        self.loss = None
        self.state = None

    def offer(self, epoch: int, auc: Optional[float], loss: Optional[float], net) -> bool:
        """Keep ``net``'s weights when epoch ``epoch`` beats the best so far; True when kept."""
        if int(epoch) < self.first_epoch:
            return False
        a = -np.inf if auc is None or not np.isfinite(auc) else float(auc)
        lo = np.inf if loss is None or not np.isfinite(loss) else float(loss)
        best_a = -np.inf if self.auc is None else self.auc
        best_l = np.inf if self.loss is None else self.loss
        if self.state is None or a > best_a or (a == best_a and lo < best_l):
            self.epoch, self.auc, self.loss = int(epoch), a, lo
            self.state = {k: v.detach().cpu().clone() for k, v in net.state_dict().items()}
            return True
        return False

    def restore(self, net) -> None:
        if self.state is not None:
            net.load_state_dict(copy.deepcopy(self.state))


def averaged_epochs(epochs: int) -> int:
    """How many of the last epochs :class:`WeightAverage` averages: the last third of the run (at
    least 1; 6 epochs: the last 2). Fixed in advance, no held-out or validation figure chooses it."""
    return max(1, int(epochs) // 3)


class WeightAverage:
    """The mean of a network's weights at the end of several epochs (every floating-point entry of
    its state, batch-norm statistics included; counters keep their last value).

    The cross-validation's networks keep the mean of their last :func:`averaged_epochs` epochs
    instead of choosing one epoch on validation blocks: the one-cycle schedule anneals the
    learning rate towards 0 over those epochs, so their weights lie close together and their mean
    is a smoothed end point (stochastic weight averaging, Izmailov et al. 2018), while a
    validation area of 3 to 10 deposits chose an epoch by noise and took ground from training."""

    def __init__(self):
        self.n = 0
        self.sums = None

    def add(self, net) -> None:
        state = {k: v.detach().cpu() for k, v in net.state_dict().items()}
        if self.sums is None:
            self.sums = {k: (v.double().clone() if v.is_floating_point() else v.clone()) for k, v in state.items()}
        else:
            for k, v in state.items():
                if v.is_floating_point():
                    self.sums[k] += v.double()
                else:
                    self.sums[k] = v.clone()
        self.n += 1

    def restore(self, net) -> None:
        """Load the mean weights into ``net`` (nothing when no epoch was added)."""
        if not self.n:
            return
        current = net.state_dict()
        net.load_state_dict({k: ((v / self.n).to(current[k].dtype) if current[k].is_floating_point() else v)
                             for k, v in self.sums.items()})
