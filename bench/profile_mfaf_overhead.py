"""Where MFAF's training step spends its time beyond five backbone passes (CPU or GPU).

MFAF pushes every dilated branch through the shared backbone, so a step costs at least five
backbone passes. This script times one training step of ``mfaf_<backbone>`` piece by piece, on
generated random tiles (the same batch for every piece), as multiples of the plain backbone's
full step:

* ``5 x backbone``: the plain network's step on 5 x B tiles (what five passes alone cost);
* ``stem on 32 channels``: the backbone's first convolution takes the branches' 32 feature maps
  instead of the bands, and needs the gradient of its input (the plain net does not): the
  backbone run on 5 x B branch maps minus the plain network on 5 x B tiles;
* ``branch convolutions``, ``branch batch norm + ReLU``, ``channel attention``, ``concatenation``:
  forward and backward of those pieces of the five branches;
* ``rest``: the full step minus everything above (spatial attention, pooling, classifier,
  five-branch loss with self-distillation, optimiser step, interpreter overhead).

Times are the fastest of ``--reps`` repetitions, by default of PROCESS CPU time with one thread
(``--clock cpu``): unlike wall time it does not grow when other processes share the machine.
``--allocator default`` runs with glibc's default settings, under which MFAF's large activations
are mapped afresh every step (page faults: they land in ``rest``); ``keep`` (default) uses
``mfaf_plugin.training.device.CPU_ALLOCATOR_ENV`` as the plugin's training jobs do. ``--profile`` also prints
torch.profiler's table of the full MFAF step (top operators by self time, by input shape).

    .venv/bin/python bench/profile_mfaf_overhead.py [--backbone resnet18] [--tile 64] [--bands 10]
        [--batch 32] [--reps 3] [--clock cpu|wall] [--allocator keep|default] [--device cpu] [--profile]
"""

import argparse
import sys
import time
from pathlib import Path


def _args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backbone", default="resnet18", choices=("resnet18", "shufflenetv2"))
    ap.add_argument("--tile", type=int, default=64)
    ap.add_argument("--bands", type=int, default=10)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--clock", default="cpu", choices=("cpu", "wall"))
    ap.add_argument("--allocator", default="keep", choices=("keep", "default"))
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--profile", action="store_true")
    return ap.parse_args()


ARGS = _args()
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import mfaf_testing  # noqa: E402,F401  (makes the checkout importable as ``mfaf``)

from mfaf.mfaf_plugin.training.device import with_cpu_allocator  # noqa: E402

with_cpu_allocator(ARGS.allocator == "keep")  # glibc reads its settings at start: may run this script again

import torch  # noqa: E402

from mfaf.models import build_model, mfaf_loss  # noqa: E402


def timer(args):
    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    def best(fn):
        fn()  # warm-up
        times = []
        for _ in range(args.reps):
            if args.device.startswith("cuda"):
                torch.cuda.synchronize()
            t0 = clock()
            fn()
            if args.device.startswith("cuda"):
                torch.cuda.synchronize()
            times.append(clock() - t0)
        return min(times)

    return best


def full_step(net, x, y):
    opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.2, weight_decay=1e-4)

    def step():
        opt.zero_grad(set_to_none=True)
        mfaf_loss(net(x), y, beta=0.4).backward()
        opt.step()

    return step


def backward_of(fn, grad):
    """fwd + bwd of ``fn()`` with a given output gradient (the memory format the real step sees)."""

    def run():
        out = fn()
        out.backward(grad)

    return run


def pieces(net, x, best):
    """Forward + backward times of the branch pieces and of the backbone on the branch maps."""
    xc = x.contiguous(memory_format=torch.channels_last)
    br = net.branches
    with torch.no_grad():
        maps = torch.cat([b(xc) for b in br], dim=0)
    g = torch.randn_like(maps)
    n = len(br)
    t = {}
    t["conv"] = best(backward_of(lambda: torch.cat([b[0][0](xc) for b in br]), g))
    t["conv_bn_relu"] = best(backward_of(lambda: torch.cat([b[0](xc) for b in br]), g))
    t["branch"] = best(backward_of(lambda: torch.cat([b(xc) for b in br]), g))
    singles = [b(xc).detach() for b in br]
    t["cat"] = best(backward_of(lambda: torch.cat([s.requires_grad_() for s in singles]), g))
    feats_in = maps.detach().requires_grad_()
    head = net.features(feats_in)
    gh = torch.randn_like(head)
    t["backbone_on_maps"] = best(backward_of(lambda: net.features(feats_in), gh))
    del head
    t["n_branches"] = n
    return t


def step_flops(net, x, y) -> float:
    """Convolution and matrix FLOPs of one forward + backward (torch.utils.flop_counter)."""
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        mfaf_loss(net(x), y, beta=0.4).backward()
    net.zero_grad(set_to_none=True)
    return float(counter.get_total_flops())


def main():
    args = ARGS
    torch.set_num_threads(args.threads)
    best = timer(args)
    torch.manual_seed(0)
    mfaf = build_model("mfaf_" + args.backbone, args.bands).to(args.device).train()
    base = build_model(args.backbone, args.bands).to(args.device).train()
    n = len(mfaf.branches)
    x = torch.randn(args.batch, args.bands, args.tile, args.tile, device=args.device)
    y = torch.arange(args.batch, device=args.device) % 2
    x5 = torch.randn(n * args.batch, args.bands, args.tile, args.tile, device=args.device)
    y5 = torch.arange(n * args.batch, device=args.device) % 2
    t_base = best(full_step(base, x, y))
    t_mfaf = best(full_step(mfaf, x, y))
    t_base5 = best(full_step(base, x5, y5))
    p = pieces(mfaf, x, best)
    rows = [
        ("{} x backbone (plain net on {} x B tiles)".format(n, n), t_base5),
        ("stem on {} branch channels, input gradient".format(mfaf.branches[0][0].out_channels),
         p["backbone_on_maps"] - t_base5),
        ("branch convolutions", p["conv"] - p["cat"]),
        ("branch batch norm + ReLU", p["conv_bn_relu"] - p["conv"]),
        ("channel attention", p["branch"] - p["conv_bn_relu"]),
        ("concatenation of the branches", p["cat"]),
    ]
    rest = t_mfaf - sum(v for _, v in rows)
    rows.append(("rest (spatial attention, head, loss, optimiser)", rest))
    print("MFAF step breakdown: mfaf_{} vs {}, device {}, {} thread(s), batch {}, {} bands x {} px, {} clock, "
          "allocator {}, best of {}, torch {}".format(args.backbone, args.backbone, args.device, args.threads,
                                                      args.batch, args.bands, args.tile, args.clock, args.allocator,
                                                      args.reps, torch.__version__))
    print("  {:<52} {:>9} {:>9}".format("piece", "seconds", "x plain"))
    for name, v in rows:
        print("  {:<52} {:9.3f} {:9.2f}".format(name, v, v / t_base))
    print("  {:<52} {:9.3f} {:9.2f}".format("MFAF step (measured)", t_mfaf, t_mfaf / t_base))
    print("  {:<52} {:9.3f} {:9.2f}".format("plain {} step".format(args.backbone), t_base, 1.0))
    print("throughput ratio mfaf / plain: {:.3f} (five passes alone: {:.3f})".format(t_base / t_mfaf, 1 / n))
    flops = step_flops(mfaf, x, y) / step_flops(base, x, y)
    print("FLOP ratio mfaf / plain (convolutions and matrix products, forward + backward): {:.2f}, i.e. a "
          "throughput ratio of {:.3f} if time followed FLOPs".format(flops, 1 / flops))
    if args.profile:
        from torch.profiler import ProfilerActivity, profile

        step = full_step(mfaf, x, y)
        with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            step()
        print(prof.key_averages(group_by_input_shape=True).table(sort_by="self_cpu_time_total", row_limit=20,
                                                                 max_name_column_width=32,
                                                                 max_shapes_column_width=60))


if __name__ == "__main__":
    main()
