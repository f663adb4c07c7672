"""Training throughput (tiles/s) of MFAF against its plain backbone, same batch, tiles and run.

Measures full SGD steps (forward, MFAF loss with self-distillation, backward, optimizer step) on
generated random tiles (rate of the fastest of ``--steps`` timed steps after one warm-up step,
which resists load from other processes on a shared machine), and prints tiles/s per network and the ratios
mfaf_resnet18 / resnet18 and mfaf_shufflenetv2 / shufflenetv2. MFAF pushes every dilated branch
through the shared backbone (branches stacked along the batch), so with 5 branches it costs
roughly 5 backbone passes per tile plus the branch convolutions (and, for ResNet18, a stem
convolution with ``branch_channels`` inputs instead of the bands): expect ratios below 1/5.

``--clock cpu`` times the PROCESS CPU time (user + system) instead of wall time: with one thread
it does not grow when other processes share the machine. ``--allocator`` chooses glibc's
allocator settings: MFAF's activations (5 branches x the batch, 40-80 MB each at 64 px) are
larger than glibc's largest mmap threshold (32 MB), so by ``default`` every step maps them
afresh and the kernel zeroes the new pages (page faults, system time); ``keep`` (the default
here, and what the plugin's torchrun jobs use: ``mfaf_plugin.training.device.CPU_ALLOCATOR_ENV``) keeps
freed memory in the heap for the next step. The ``sys s/step`` and ``faults/step`` columns show
the difference (bench/profile_mfaf_overhead.py breaks a step down further).

    .venv/bin/python bench/bench_train_throughput.py [--tile 64] [--bands 10] [--batch 32]
        [--steps 3] [--threads 2] [--device cpu] [--clock wall|cpu] [--allocator keep|default]
"""

import argparse
import resource
import sys
import time
from pathlib import Path


def _args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tile", type=int, default=64)
    ap.add_argument("--bands", type=int, default=10)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--clock", default="wall", choices=("wall", "cpu"))
    ap.add_argument("--allocator", default="keep", choices=("keep", "default"))
    return ap.parse_args()


ARGS = _args()
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import mfaf_testing  # noqa: E402,F401  (makes the checkout importable as ``mfaf``)

from mfaf.mfaf_plugin.training.device import with_cpu_allocator  # noqa: E402

with_cpu_allocator(ARGS.allocator == "keep")  # glibc reads its settings at start: may run this script again

import torch  # noqa: E402

from mfaf.models import build_model, mfaf_loss  # noqa: E402

PAIRS = (("mfaf_resnet18", "resnet18"), ("mfaf_shufflenetv2", "shufflenetv2"))


def throughput(arch, args):
    torch.manual_seed(0)
    net = build_model(arch, args.bands).to(args.device).train()
    opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.2, weight_decay=1e-4)
    x = torch.randn(args.batch, args.bands, args.tile, args.tile, device=args.device)
    y = (torch.arange(args.batch, device=args.device) % 2)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = mfaf_loss(net(x), y, beta=0.4)
        loss.backward()
        opt.step()

    step()  # warm-up (allocator, kernels)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    times = []
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    for _ in range(args.steps):
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        t0 = clock()
        step()
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        times.append(clock() - t0)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    sys_s, faults = (r1.ru_stime - r0.ru_stime) / args.steps, (r1.ru_minflt - r0.ru_minflt) / args.steps
    # the fastest step: on a shared machine other processes only ever make a step slower
    return args.batch / min(times), sys_s, faults


def main():
    args = ARGS
    torch.set_num_threads(args.threads)
    print("training throughput, device {}, {} threads, batch {}, {} bands x {}x{} px, {} timed steps, {} clock, "
          "allocator {}, torch {}".format(args.device, args.threads, args.batch, args.bands, args.tile, args.tile,
                                          args.steps, args.clock, args.allocator, torch.__version__))
    rates = {}
    print("  {:<18} {:>8} {:>14} {:>12}".format("network", "tiles/s", "sys s/step", "faults/step"))
    for mfaf_arch, base in PAIRS:
        for arch in (mfaf_arch, base):
            rates[arch], sys_s, faults = throughput(arch, args)
            print("  {:<18} {:8.1f} {:14.3f} {:12.0f}".format(arch, rates[arch], sys_s, faults))
    for mfaf_arch, base in PAIRS:
        print("ratio {} / {}: {:.3f}".format(mfaf_arch, base, rates[mfaf_arch] / rates[base]))


if __name__ == "__main__":
    main()
