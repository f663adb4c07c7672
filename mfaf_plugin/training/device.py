"""How a training step uses the device: precision, memory layout, loading, batch size.

:class:`Accel` bundles what :func:`mfaf_plugin.training.epochs.train_epoch` does differently on a GPU:

* **mixed precision** (``precision``): ``bf16`` or ``fp16`` runs the forward pass and the loss
  under ``torch.autocast`` (weights and optimiser stay float32); ``fp16`` also scales the loss
  with a ``GradScaler`` (its state goes into the checkpoint). ``auto`` is bf16 on a CUDA GPU
  that supports it, fp16 on older CUDA GPUs and float32 (``fp32``) on the CPU, so the CPU path
  is exactly the plain float32 step. bf16 / fp16 also work on the CPU (slowly; used by the tests).
  ``fp64`` (:data:`CHECK_PRECISION`, not offered by ``mfaf:trainmodel``) puts weights, tiles and
  arithmetic in float64: far slower, for checks that two set-ups (one process and a torchrun
  job) train alike beyond the float32 rounding that training amplifies differently on each CPU.
* **channels-last** memory on CUDA (network and batches), the layout cuDNN's tensor-core
  convolutions want;
* **loading** on CUDA: the training tiles are copied to the GPU once when they take less than a
  quarter of its free memory (batches are then cut and turned there), otherwise every batch is
  put in pinned (page-locked) host memory and copied asynchronously.

:func:`auto_batch_size`: the batch size ``auto`` (or 0): the largest of 32 (the paper's), 16,
8, 4, 2 whose training step fits in 80 % of the GPU's free memory, tried with the real network,
tile size and precision; 32 on the CPU. Larger batches change the optimisation and must be asked
for explicitly.
"""

import contextlib
import os
import sys
from typing import Callable, Optional

from ..common.errors import InputError

__all__ = ["PRECISIONS", "CHECK_PRECISION", "AUTO_BATCH_SIZES", "CPU_ALLOCATOR_ENV", "resolve_device",
           "resolve_precision", "Accel",
           "auto_batch_size", "with_cpu_allocator"]

PRECISIONS = ("auto", "fp32", "bf16", "fp16")  # offered by mfaf:trainmodel
CHECK_PRECISION = "fp64"  # float64 throughout, for equivalence checks (module docstring)
AUTO_BATCH_SIZES = (32, 16, 8, 4, 2)
_RESIDENT_SHARE = 0.25  # training tiles kept on the GPU when they take less than this share of its free memory
_FIT_SHARE = 0.8  # auto batch size: peak memory of one step at most this share of the free memory
# glibc settings of a training process on the CPU: MFAF's activations (branches x batch) exceed glibc's largest
# mmap threshold (32 MB), so by default every step maps them afresh and the kernel zeroes the pages again (about
# a sixth of a CPU step, bench/bench_train_throughput.py); without mmap and trimming, freed memory is reused
CPU_ALLOCATOR_ENV = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": str(1 << 40)}


def _is_cuda(device: str) -> bool:
    return str(device).startswith("cuda")


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


def resolve_precision(precision: Optional[str], device: str) -> str:
    """``auto`` -> ``bf16`` (CUDA GPU with bf16), ``fp16`` (older CUDA GPU) or ``fp32`` (CPU).

    Raises:
        InputError: an unknown name.
    """
    import torch

    p = (precision or "auto").strip().lower()
    if p not in PRECISIONS + (CHECK_PRECISION,):
        raise InputError("Unknown precision '{}': use {}.".format(precision, ", ".join(PRECISIONS)))
    if p != "auto":
        return p
    if not _is_cuda(device):
        return "fp32"
    return "bf16" if torch.cuda.is_bf16_supported() else "fp16"


class Accel:
    """Precision, layout and loading of the training steps on ``device`` (see the module docstring)."""

    def __init__(self, device: str, precision: Optional[str] = "auto"):
        import torch

        self.device = str(device)
        self.precision = resolve_precision(precision, self.device)
        self.device_type = "cuda" if _is_cuda(self.device) else "cpu"
        self.dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(self.precision)
        self.scaler = torch.amp.GradScaler(self.device_type) if self.precision == "fp16" else None
        self.float_dtype = torch.float64 if self.precision == CHECK_PRECISION else torch.float32  # weights and tiles
        self.channels_last = _is_cuda(self.device)

    def autocast(self):
        """Context of the forward pass and the loss: autocast to bf16 / fp16, or nothing (fp32)."""
        import torch

        if self.dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device_type, dtype=self.dtype)

    def prepare(self, net):
        """The network in the layout of this device (channels-last on CUDA), in :attr:`float_dtype`."""
        import torch

        net = net.to(self.float_dtype)
        return net.to(memory_format=torch.channels_last) if self.channels_last else net

    def batch(self, xb, yb):
        """A batch on the device, in its layout."""
        import torch

        pinned = self.channels_last and xb.device.type == "cpu" and xb.is_pinned()
        xb, yb = xb.to(self.device, self.float_dtype, non_blocking=pinned), yb.to(self.device, non_blocking=pinned)
        return (xb.contiguous(memory_format=torch.channels_last) if self.channels_last else xb), yb

    def step(self, loss, optimizer) -> None:
        """Backward pass and optimiser step (the loss scaled and the step checked with fp16)."""
        if self.scaler is None:
            loss.backward()
            optimizer.step()
            return
        self.scaler.scale(loss).backward()
        self.scaler.step(optimizer)
        self.scaler.update()

    def fetch(self, x, y) -> Callable:
        """``fetch(index) -> (x, y)`` of the training tiles: CPU slices on the CPU; on CUDA from a
        copy on the GPU when it fits, else slices in pinned memory."""
        if not _is_cuda(self.device):
            return lambda idx: (x[idx], y[idx])
        import torch

        free, _total = torch.cuda.mem_get_info(torch.device(self.device))
        if x.element_size() * x.nelement() < _RESIDENT_SHARE * free:
            xd, yd = x.to(self.device), y.to(self.device)
            return lambda idx: (xd[idx.to(self.device)], yd[idx.to(self.device)])
        return lambda idx: (x[idx].pin_memory(), y[idx].pin_memory())

    def state_dict(self) -> dict:
        return self.scaler.state_dict() if self.scaler is not None else {}

    def load_state_dict(self, state: dict) -> None:
        if self.scaler is not None and state:
            self.scaler.load_state_dict(state)


def _step_fits(make_net: Callable, batch: int, in_channels: int, tile_px: int, accel: "Accel") -> bool:
    """One training step at ``batch`` on the GPU within :data:`_FIT_SHARE` of its free memory."""
    import torch

    from ...models import mfaf_loss

    dev = torch.device(accel.device)
    free, _total = torch.cuda.mem_get_info(dev)
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats(dev)
    base = torch.cuda.memory_allocated(dev)
    try:
        net = accel.prepare(make_net().to(dev)).train()
        xb, yb = accel.batch(torch.zeros(batch, in_channels, tile_px, tile_px), torch.arange(batch) % 2)
        with accel.autocast():
            loss = mfaf_loss(net(xb), yb)
        loss.backward()
        peak = torch.cuda.max_memory_allocated(dev) - base
    except torch.cuda.OutOfMemoryError:
        return False
    finally:
        net = xb = loss = None
        torch.cuda.empty_cache()
    return peak <= _FIT_SHARE * free


def auto_batch_size(make_net: Callable, in_channels: int, tile_px: int, device: str, precision: str = "auto",
                    log: Optional[Callable[[str], None]] = None) -> int:
    """The batch size ``auto``: 32 on the CPU; on CUDA the largest of :data:`AUTO_BATCH_SIZES`
    whose training step fits (``make_net()`` builds a throw-away network; the caller's RNG is
    left alone).

    Raises:
        InputError: not even a batch of 2 fits.
    """
    if not _is_cuda(device):
        return AUTO_BATCH_SIZES[0]
    import torch

    accel = Accel(device, precision)
    with torch.random.fork_rng(devices=[torch.device(device).index or 0]):
        for batch in AUTO_BATCH_SIZES:
            if _step_fits(make_net, batch, in_channels, tile_px, accel):
                if log:
                    log("Batch size auto: {} tiles per batch fit the GPU's memory.".format(batch))
                return batch
    raise InputError("Not even a batch of 2 tiles fits the GPU's memory with this network and tile size: train on "
                     "the CPU or make smaller tiles.")


def with_cpu_allocator(keep: bool = True) -> None:
    """Make this process run with :data:`CPU_ALLOCATOR_ENV` (``keep``) or without: glibc reads it at
    start, so the process runs its command again with the environment changed (Linux only, and
    only for a process of its own, such as a benchmark; the launcher passes it to torchrun)."""
    if not sys.platform.startswith("linux"):
        return
    env = dict(os.environ)
    has = all(env.get(k) == v for k, v in CPU_ALLOCATOR_ENV.items())
    if has == keep:
        return
    for k, v in CPU_ALLOCATOR_ENV.items():
        if keep:
            env[k] = v
        else:
            env.pop(k, None)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)
