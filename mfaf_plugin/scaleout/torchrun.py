"""Training on several GPUs or machines with torch.distributed (``torchrun``).

Run as a torchrun entry point (every process runs the same command; see the README section
"Scaling out")::

    torchrun --nproc-per-node 4 -m mfaf.mfaf_plugin.scaleout.torchrun --dataset tiles.npz --output model.pt ...

or through :func:`launch` (``mfaf:trainmodel`` with more than one process), which starts
``python -m torch.distributed.run --standalone`` as a child process of the plugin's Python with a
clean environment, relays its progress and log lines and stops its processes on cancel.

Every process trains the same network on its share of every batch (DistributedDataParallel,
gloo on the CPU, NCCL on GPUs; batch norm synchronised over all processes):

* **the same batches as one process**: every process draws the same seeded order and splits it
  into GLOBAL batches of ``processes x batch size`` tiles (as one process with that batch size
  would); the augmentation codes are drawn for the whole global batch; each process then takes
  its contiguous slice (:class:`Shard`);
* **the same loss**: each process's loss is its share of the global batch's loss
  (:func:`models.losses.mfaf_loss_share`, the weighted cross-entropy divided by the weight
  of the WHOLE batch), scaled by the number of processes because DDP averages gradients, so the
  gradient is that of the global batch;
* **the same batch statistics**: batch norm becomes ``SyncBatchNorm`` (:func:`sync_batchnorm`;
  on the CPU, where torch's SyncBatchNorm refuses to run, :class:`CpuSyncBatchNorm`
  synchronises the sums with a differentiable all-reduce).

So N processes with batch b train like one process with batch N x b (up to float rounding;
networks with dropout draw their masks per process), and a checkpoint of either continues in
the other. Only rank 0 writes the checkpoint, the per-epoch CSV and the model file, and
prints progress; every process scores the validation and test tiles itself (small) so that all
keep the same bookkeeping. The dataset and the output folder must be at the same path on every
machine (a shared file system).
"""

import argparse
import functools
import json
import os
import sys
from typing import Callable, Dict, List, Optional

from ..common.errors import Canceled, InputError, MfafError

__all__ = ["Shard", "CpuSyncBatchNorm", "sync_batchnorm", "Group", "worker_args", "launch", "main", "PREFIX"]

PREFIX = "@mfaf "  # protocol lines of the worker's stdout: "@mfaf <kind> <payload>"


class Shard:
    """This process's share of every global batch (see the module docstring)."""

    def __init__(self, rank: int, world: int, y_train, class_weight, min_last: int):
        self.rank, self.world, self.min_last = int(rank), int(world), int(min_last)
        self.y_train, self.class_weight = y_train, class_weight
        self.weight_total, self.batch_total = 1.0, 1

    def select(self, idx, codes):
        """This process's contiguous slice of the global batch ``idx`` (and of its augmentation codes)."""
        import torch

        part = torch.tensor_split(torch.arange(len(idx)), self.world)[self.rank]
        labels = self.y_train[idx]
        self.batch_total = len(idx)
        self.weight_total = float(len(idx) if self.class_weight is None else self.class_weight[labels].sum())
        return idx[part], (codes[part] if codes is not None else None)

    def loss(self, out, y, beta: float, temperature: float):
        """This share of the global batch's loss, times the number of processes (DDP averages)."""
        from ...models.losses import mfaf_loss_share

        share = mfaf_loss_share(out, y, beta, temperature, self.class_weight, self.weight_total, self.batch_total)
        return share * self.world

    def total(self, loss):
        """The global batch's loss from every process's scaled share."""
        import torch.distributed as dist

        t = loss.detach().clone()
        dist.all_reduce(t)
        return t / self.world


@functools.lru_cache(maxsize=1)
def _sum_function():
    import torch
    import torch.distributed as dist

    class _Sum(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x = x.clone(memory_format=torch.contiguous_format)
            dist.all_reduce(x)
            return x

        @staticmethod
        def backward(ctx, grad):
            return _Sum.apply(grad)

    return _Sum


def _all_reduce(t):
    """Sum of ``t`` over all processes, differentiable (the backward sums the gradients)."""
    return _sum_function().apply(t)


def _cpu_sync_bn_stats(x):
    """Mean and biased variance per channel over the inputs of ALL processes, and the global
    count: one differentiable all-reduce of the sums and sums of squares, in float64 (so that
    E[x^2] - E[x]^2 keeps float32's precision); its backward all-reduces the gradients."""
    import torch

    dims = [0] + list(range(2, x.dim()))
    x64 = x.double()
    count = torch.tensor([float(x.numel() // x.size(1))], dtype=torch.float64)
    s = _all_reduce(torch.cat([x64.sum(dims), (x64 * x64).sum(dims), count]))
    c, n = x.size(1), s[-1]
    mean = s[:c] / n
    var = (s[c:2 * c] / n - mean * mean).clamp_min(0)
    return mean.to(x.dtype), var.to(x.dtype), n


class CpuSyncBatchNorm:
    """Batch norm synchronised over the processes for inputs on the CPU (gloo), where torch's
    ``SyncBatchNorm`` refuses to run (and DDP refuses it): in training mode the statistics of all
    processes' inputs, from differentiable all-reduces; otherwise plain batch norm.
    :func:`sync_batchnorm` gives the CPU's ``BatchNorm2d`` layers this class as a mixin (weights
    and buffers stay those of the layer)."""

    def forward(self, x):
        import torch
        import torch.distributed as dist

        if not (self.training and x.device.type == "cpu" and dist.is_initialized() and dist.get_world_size() > 1):
            return super().forward(x)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:
                factor = 1.0 / float(self.num_batches_tracked)
        x32 = x if x.dtype == torch.float64 else x.float()  # autocast's bf16 / fp16 in float32; fp64 stays
        mean, var, n = _cpu_sync_bn_stats(x32)
        if self.track_running_stats:
            with torch.no_grad():
                self.running_mean.mul_(1 - factor).add_(factor * mean.detach())
                self.running_var.mul_(1 - factor).add_(factor * var.detach() * n / (n - 1).clamp_min(1))
        shape = [1, -1] + [1] * (x.dim() - 2)
        y = (x32 - mean.view(shape)) * torch.rsqrt(var.view(shape) + self.eps)
        if self.affine:
            y = y * self.weight.view(shape) + self.bias.view(shape)
        return y.to(x.dtype)


def sync_batchnorm(net, device: str):
    """``net`` with every batch norm synchronised over the processes (same parameters and buffers,
    so the optimiser and the state-dict keys are unchanged); CPU layers get :class:`CpuSyncBatchNorm`."""
    import torch

    if str(device).startswith("cuda"):
        return torch.nn.SyncBatchNorm.convert_sync_batchnorm(net)
    cpu_class = type("CpuSyncBatchNorm2d", (CpuSyncBatchNorm, torch.nn.BatchNorm2d), {})
    for m in net.modules():
        if type(m) is torch.nn.BatchNorm2d:
            m.__class__ = cpu_class
    return net


class Group:
    """This process's place in a torchrun job; :func:`mfaf_plugin.training.tile_training.train` calls :meth:`wrap`."""

    def __init__(self, rank: int, world: int, local_rank: int, device: str):
        self.rank, self.world, self.local_rank, self.device = int(rank), int(world), int(local_rank), device

    def wrap(self, run) -> None:
        """Synchronised batch norm, DDP, this process's share of every batch and its loss."""
        from torch.nn.parallel import DistributedDataParallel

        run.net = sync_batchnorm(run.net, self.device)
        ids = [self.local_rank] if str(self.device).startswith("cuda") else None
        run.train_net = DistributedDataParallel(run.net, device_ids=ids, forward_sync_buffers=False)
        run.shard = Shard(self.rank, self.world, run.y_train, run.weight, run.min_last)
        run.train_loss = lambda out, y: run.shard.loss(out, y, run.beta, run.temperature)

    def same_everywhere(self, flag: bool, what: str) -> bool:
        """``flag`` when every process sees the same; else an InputError naming ``what``."""
        import torch
        import torch.distributed as dist

        t = torch.tensor([int(bool(flag))], device=self.device)
        dist.all_reduce(t)
        if int(t) not in (0, self.world):
            raise InputError("{} is seen by {} of {} processes: put the dataset and the model file in a folder "
                             "every machine sees at the same path.".format(what, int(t), self.world))
        return bool(flag)


# -- the torchrun entry point -----------------------------------------------------------------------
# training.train keywords given on the command line as --<name with dashes>
_VALUES = (("architecture", str), ("epochs", int), ("batch_size", str), ("recipe", str), ("lr", float),
           ("momentum", float), ("weight_decay", float), ("lr_step", int), ("lr_gamma", float), ("beta", float),
           ("temperature", float), ("device", str), ("precision", str), ("seed", int), ("metrics_csv", str),
           ("checkpoint", str))
_SWITCHES = (("augment", True), ("resume", False))


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="torchrun [torchrun options] -m mfaf.mfaf_plugin.scaleout.torchrun",
        description="Train an MFAF network with every process of a torchrun job (README: Scaling out). "
                    "--batch-size is per process: the global batch is processes x batch size.")
    ap.add_argument("--dataset", required=True,
                    help="tile dataset (.npz of mfaf:maketiles), at the same path on every machine")
    ap.add_argument("--output", required=True, help="model file written by rank 0 (checkpoint: <output>.ckpt)")
    ap.add_argument("--settings", default="{}",
                    help='network settings as JSON, e.g. \'{"dilations": [1, 2, 4, 8, 10]}\'')
    for name, kind in _VALUES:
        ap.add_argument("--" + name.replace("_", "-"), type=kind, default=None)
    for name, default in _SWITCHES:
        ap.add_argument("--" + name, action=argparse.BooleanOptionalAction, default=default)
    ap.add_argument("--backend", default="auto", choices=("auto", "gloo", "nccl"),
                    help="auto: nccl with CUDA GPUs, else gloo")
    ap.add_argument("--threads", type=int, default=None, help="torch threads per process (default: torch's)")
    return ap


def worker_args(dataset: str, out_model_path: str, settings: Optional[dict] = None, threads: Optional[int] = None,
                **train_kwargs) -> List[str]:
    """The command-line arguments of this entry point for ``training.train``-style keywords."""
    args = ["--dataset", str(dataset), "--output", str(out_model_path), "--settings", json.dumps(settings or {})]
    names = dict(_VALUES)
    for key, value in train_kwargs.items():
        if key in dict(_SWITCHES):
            args.append("--{}{}".format("" if value else "no-", key))
        elif key in names:
            if value is not None:
                args += ["--" + key.replace("_", "-"), str(value)]
        else:
            raise TypeError("unknown training option '{}'".format(key))
    if threads:
        args += ["--threads", str(int(threads))]
    return args


class _Say:
    """The worker's protocol lines on stdout (rank 0 only, errors from any rank)."""

    def __init__(self, rank: int):
        self.rank = rank
        self.last = -1.0

    def send(self, kind: str, payload, every_rank: bool = False) -> None:
        if self.rank == 0 or every_rank:
            sys.stdout.write("{}{} {}\n".format(PREFIX, kind, json.dumps(payload)))
            sys.stdout.flush()

    def progress(self, fraction: float) -> None:
        if fraction - self.last >= 0.002 or fraction >= 1.0:
            self.last = fraction
            self.send("progress", round(float(fraction), 4))

    def log(self, message: str) -> None:
        self.send("log", message)


def _train_here(args, say: _Say) -> dict:
    """This process's part of the job: process group, device, then ``training.train``."""
    import torch
    import torch.distributed as dist

    from ..training.device import resolve_device
    from ..training.tile_training import checkpoint_path, train

    rank, world = int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if args.threads:
        torch.set_num_threads(args.threads)
    device = resolve_device(args.device or "auto")
    if device.startswith("cuda"):
        device = "cuda:{}".format(local_rank)
        torch.cuda.set_device(local_rank)
    backend = args.backend if args.backend != "auto" else ("nccl" if device.startswith("cuda") else "gloo")
    dist.init_process_group(backend)
    try:
        group = Group(rank, world, local_rank, device)
        ckpt = args.checkpoint or checkpoint_path(args.output)
        if args.resume:
            group.same_everywhere(os.path.exists(ckpt), "The checkpoint '{}'".format(ckpt))
        if rank == 0:
            say.log("torchrun job: {} processes, backend {}, device {}, {} tiles per process and batch.".format(
                world, backend, device.split(":")[0], args.batch_size or 32))
        kwargs = {name: getattr(args, name) for name, _kind in _VALUES if getattr(args, name) is not None}
        kwargs.update({name: getattr(args, name) for name, _default in _SWITCHES})
        kwargs.update(device=device, checkpoint=ckpt)
        try:
            settings = json.loads(args.settings or "{}")
        except ValueError as exc:
            raise InputError("--settings must be JSON, e.g. '{{\"dilations\": [1, 2]}}'; got '{}'.".format(
                args.settings)) from exc
        return train(args.dataset, args.output, settings=settings, progress=say.progress, log=say.log, ddp=group,
                     **kwargs)
    finally:
        dist.destroy_process_group()


def main(argv: Optional[List[str]] = None) -> int:
    """torchrun entry point; exit status 0 on success, 1 after a reported error."""
    import warnings

    args = _parser().parse_args(argv)
    # depthwise kernels (k, 1, 3, 3) get gradients whose size-1 stride differs from DDP's bucket: harmless
    warnings.filterwarnings("ignore", message="Grad strides do not match bucket view strides")
    say = _Say(int(os.environ.get("RANK", "0")))
    say.send("pid", os.getpid(), every_rank=True)
    try:
        result = _train_here(args, say)
    except MfafError as exc:
        say.send("error", {"kind": "canceled" if isinstance(exc, Canceled) else "input", "message": str(exc)},
                 every_rank=True)
        return 1
    say.send("result", result)
    return 0



# -- the launcher (mfaf:trainmodel with more than one process) ---------------------------------------
_KEEP_ENV = ("PATH", "HOME", "USER", "LOGNAME", "USERNAME", "USERPROFILE", "LANG", "LC_ALL", "TMPDIR", "TEMP", "TMP",
             "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "APPDATA", "LOCALAPPDATA", "LD_LIBRARY_PATH",
             "CUDA_VISIBLE_DEVICES", "CUDA_HOME",
             # the CPU kernels torch, oneDNN and MKL may use: the job computes as this process does
             "ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS", "MKL_CBWR")
_STOP_GRACE_S = 10.0


def _package() -> tuple:
    """``(name, parent folder)`` of the plugin package this module was imported from."""
    top = __name__.split(".")[0]
    return top, os.path.dirname(os.path.abspath(sys.modules[top].__path__[0]))


def clean_env(threads: int) -> Dict[str, str]:
    """The environment of the launched job: only what a Python process needs (paths, user,
    locale, temporary folder, CUDA selection), the plugin's import path, the thread count and
    glibc's settings for large CPU tensors (:data:`mfaf_plugin.training.device.CPU_ALLOCATOR_ENV`)."""
    from ..training.device import CPU_ALLOCATOR_ENV

    _top, parent = _package()
    paths = [parent] + [p for p in sys.path if p and os.path.exists(p) and os.path.abspath(p) != parent]
    env = {k: os.environ[k] for k in _KEEP_ENV if k in os.environ}
    env.update(PYTHONPATH=os.pathsep.join(paths), PYTHONNOUSERSITE="1", PYTHONUNBUFFERED="1",
               OMP_NUM_THREADS=str(int(threads)), **CPU_ALLOCATOR_ENV)
    if os.name == "nt":
        env["USE_LIBUV"] = "0"  # torchrun's store on Windows
    return env


def _popen(cmd: List[str], env: Dict[str, str]):
    import subprocess

    extra = {"start_new_session": True} if os.name != "nt" else {
        "creationflags": subprocess.CREATE_NEW_PROCESS_GROUP | getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
                            text=True, encoding="utf-8", errors="replace", bufsize=1, **extra)


def _signal_all(proc, pids: List[int], hard: bool) -> None:
    """Signal torchrun's process group and every worker (each leads its own session)."""
    import signal

    if os.name == "nt":
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        proc.kill() if hard else proc.send_signal(signal.CTRL_BREAK_EVENT)
        return
    for group in [proc.pid] + pids:
        try:
            os.killpg(group, signal.SIGKILL if hard else signal.SIGTERM)
        except OSError:
            pass


def _stop(proc, pids: List[int]) -> None:
    """Terminate the job's processes; kill what is left after :data:`_STOP_GRACE_S`."""
    import subprocess
    import time

    from ..common.run_outputs import pid_alive

    _signal_all(proc, pids, hard=False)
    deadline = time.time() + _STOP_GRACE_S
    try:
        proc.wait(timeout=_STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        pass
    while any(pid_alive(p) for p in pids) and time.time() < deadline:
        time.sleep(0.05)
    if proc.poll() is None or any(pid_alive(p) for p in pids):
        _signal_all(proc, pids, hard=True)
        proc.wait()


def _reader(stream, kind: str, queue) -> None:
    for line in stream:
        queue.put((kind, line.rstrip("\n")))
    queue.put((kind, None))


class _Relay:
    """What the launcher makes of the job's output lines."""

    def __init__(self, progress, log):
        from collections import deque

        self.progress, self.log = progress, log
        self.pids, self.errors, self.result = [], [], None
        self.stderr = deque(maxlen=30)

    def take(self, kind: str, line: str) -> None:
        if kind == "stderr":
            if line.strip():
                self.stderr.append(line)
            return
        if not line.startswith(PREFIX):
            if line.strip():
                self.log(line)
            return
        what, _, payload = line[len(PREFIX):].partition(" ")
        try:
            value = json.loads(payload)
        except ValueError:
            return
        if what == "progress":
            self.progress(float(value))
        elif what == "log":
            self.log(str(value))
        elif what == "pid":
            self.pids.append(int(value))
        elif what == "error":
            self.errors.append(value)
        elif what == "result":
            self.result = value


def _completed_epochs(ckpt: str, since: float) -> int:
    """Epochs in the checkpoint the job wrote (0 when it wrote none)."""
    import torch

    try:
        if os.path.getmtime(ckpt) < since:
            return 0
        return int(torch.load(ckpt, map_location="cpu", weights_only=True).get("epoch", 0))
    except Exception:  # noqa: BLE001 (no readable checkpoint: none was completed)
        return 0


def _run_job(cmd, env, relay: _Relay, is_canceled) -> int:
    """Run the job, relaying its lines; stop it on cancel. Returns its exit status, or None when canceled."""
    import queue as queue_mod
    import threading

    proc = _popen(cmd, env)
    lines = queue_mod.Queue()
    for stream, kind in ((proc.stdout, "stdout"), (proc.stderr, "stderr")):
        threading.Thread(target=_reader, args=(stream, kind, lines), daemon=True).start()
    open_streams = 2
    try:
        while open_streams:
            try:
                kind, line = lines.get(timeout=0.1)
            except queue_mod.Empty:
                kind, line = None, ""
            if line is None:
                open_streams -= 1
            elif kind:
                relay.take(kind, line)
            if is_canceled is not None and is_canceled():
                _stop(proc, relay.pids)
                return None
        return proc.wait()
    except BaseException:
        _stop(proc, relay.pids)
        raise


def launch(dataset: str, out_model_path: str, processes: int, *, settings: Optional[dict] = None,
           metrics_csv: Optional[str] = None, progress: Optional[Callable[[float], None]] = None,
           is_canceled: Optional[Callable[[], bool]] = None, log: Optional[Callable[[str], None]] = None,
           python: Optional[str] = None, threads: Optional[int] = None, **train_kwargs) -> dict:
    """Train with ``processes`` processes on this machine: ``python -m torch.distributed.run
    --standalone`` running :func:`main`, in a clean environment (:func:`clean_env`).

    ``train_kwargs`` are those of :func:`mfaf_plugin.training.tile_training.train` (``batch_size`` per process).
    Progress and log lines are relayed; on cancel every process of the job is terminated (the
    checkpoint of the last completed epoch stays for ``resume``). The model file and the CSV are
    written under temporary names and moved into place at the end (with the other outputs of a
    Processing run). Returns ``train``'s result.

    Raises:
        InputError: the job reported an error, or failed (with the end of its error output).
        Canceled: canceled.
    """
    import time

    from ..common.run_outputs import atomic_output
    from ..install.installer import find_python
    from ..common.run_outputs import clean_stale_parts, part_path, remove_entry
    from ..common.progress import noop_progress
    from ..training.device import resolve_device
    from ..training.tile_training import cancel_message, checkpoint_path

    log = log or (lambda _m: None)
    processes = int(processes)
    if processes < 2:
        raise InputError("A torchrun job needs at least 2 processes; train in this process instead.")
    if resolve_device(train_kwargs.get("device") or "auto").startswith("cuda"):
        import torch

        if torch.cuda.device_count() < processes:
            raise InputError("{} training processes need {} GPUs, torch sees {}: choose fewer processes or the "
                             "device cpu.".format(processes, processes, torch.cuda.device_count()))
    threads = int(threads or max(1, (os.cpu_count() or 1) // processes))
    ckpt = checkpoint_path(out_model_path)
    parts = {out_model_path: part_path(out_model_path)}
    if metrics_csv:
        parts[metrics_csv] = part_path(metrics_csv)
    top, _parent = _package()
    cmd = [python or find_python(), "-m", "torch.distributed.run", "--standalone", "--nnodes", "1",
           "--nproc-per-node", str(processes), "-m", top + ".mfaf_plugin.scaleout.torchrun"]
    cmd += worker_args(dataset, parts[out_model_path], settings=settings, threads=threads, checkpoint=ckpt,
                       metrics_csv=parts.get(metrics_csv), **train_kwargs)
    log("Starting {} training processes (torchrun, {} thread(s) each).".format(processes, threads))
    relay, started = _Relay(progress or noop_progress, log), time.time()
    try:
        code = _run_job(cmd, clean_env(threads), relay, is_canceled)
        if code is None:
            clean_stale_parts([ckpt])
            raise Canceled(cancel_message(_completed_epochs(ckpt, started), int(train_kwargs.get("epochs", 220)),
                                           ckpt))
        if relay.errors:
            err = relay.errors[0]
            raise (Canceled if err.get("kind") == "canceled" else InputError)(err.get("message", ""))
        if code != 0 or relay.result is None or not os.path.exists(parts[out_model_path]):
            raise InputError("The training processes failed (exit status {}): {}".format(
                code, " | ".join(list(relay.stderr)[-6:]) or "no error output"))
        for final, written in parts.items():
            with atomic_output(final) as tmp:
                os.replace(written, tmp)
    finally:
        for written in parts.values():
            remove_entry(written)
    log("Model written to {}.".format(out_model_path))
    return relay.result


if __name__ == "__main__":
    sys.exit(main())
