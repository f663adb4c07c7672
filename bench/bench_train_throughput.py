"""Training throughput (tiles/s) of MFAF against its plain backbone, same batch, tiles and run.

Measures full SGD steps (forward, MFAF loss with self-distillation, backward, optimizer step) on
generated random tiles (rate of the fastest of ``--steps`` timed steps after one warm-up step,
which resists load from other processes on a shared machine), and prints tiles/s per network and the ratios
mfaf_resnet18 / resnet18 and mfaf_shufflenetv2 / shufflenetv2. MFAF pushes every dilated branch
through the shared backbone (branches stacked along the batch), so with 5 branches it costs
roughly 5 backbone passes per tile plus the branch convolutions (and, for ResNet18, a stem
convolution with ``branch_channels`` inputs instead of the bands): expect ratios below 1/5.

    .venv/bin/python bench/bench_train_throughput.py [--tile 64] [--bands 10] [--batch 32]
        [--steps 3] [--threads 2] [--device cpu]
"""

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import mfaf_testing  # noqa: E402,F401  (makes the checkout importable as ``mfaf``)

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
    times = []
    for _ in range(args.steps):
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        step()
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    # the fastest step: on a shared machine other processes only ever make a step slower
    return args.batch / min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tile", type=int, default=64)
    ap.add_argument("--bands", type=int, default=10)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    print("training throughput, device {}, {} threads, batch {}, {} bands x {}x{} px, {} timed steps, torch {}".format(
        args.device, args.threads, args.batch, args.bands, args.tile, args.tile, args.steps, torch.__version__))
    rates = {}
    for mfaf_arch, base in PAIRS:
        for arch in (mfaf_arch, base):
            rates[arch] = throughput(arch, args)
            print("  {:<18} {:8.1f} tiles/s".format(arch, rates[arch]))
    for mfaf_arch, base in PAIRS:
        print("ratio {} / {}: {:.3f}".format(mfaf_arch, base, rates[mfaf_arch] / rates[base]))


if __name__ == "__main__":
    main()
