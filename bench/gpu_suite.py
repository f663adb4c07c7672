"""The GPU suite: the paper's training, prediction over the paper's grid, MFAF / backbone
throughput and the 2-GPU torchrun path, timed on one machine; one JSON file out.

Run it with ``bench/gpu_suite.sh`` (one command, under 8 minutes on one H100 / H200):

* ``paper_training``: the paper's configuration on GENERATED tiles: 524 tiles of 128 px x 10
  bands (70 % training, 15 % validation, 15 % test), MFAF-ResNet18 with dilations
  1, 6, 12, 18, 24, the paper's SGD recipe, batch 32, 220 epochs, augmentation on, through
  ``training.train`` as mfaf:trainmodel runs it (per-epoch scoring and checkpoints included),
  device auto, precision auto (bf16 on GPUs that have it). Target: under 180 s. A run that
  passes its budget is stopped (cancel) and reported with the epochs it completed.
* ``prediction``: ``prediction.predict_map`` of the trained model over a GENERATED 1560 x 1560 x
  10 stack (128-px windows, stride 128), best of 2 runs. Target: under 1 s.
* ``throughput``: training tiles/s of MFAF and of its plain backbone (ResNet18, ShuffleNetV2),
  same batch and tiles, with the suite's precision and memory layout, and their ratios.
* ``torchrun_2gpu``: with two or more GPUs, the paper's configuration with 2 processes
  (``distributed.launch``, batch 16 per process = 32) for a few epochs: seconds per epoch
  against one GPU. Skipped with fewer GPUs.

``--smoke`` runs everything at tiny sizes on whatever device there is (the CPU here: torchrun with
2 gloo processes stands in for the GPUs); its JSON says ``"mode": "smoke"`` and its figures
are not GPU figures. Without a CUDA GPU the full suite refuses to start (exit status 2).

    bench/gpu_suite.sh [--smoke] [--out FILE.json]
"""

import argparse
import datetime
import json
import os
import platform
import socket
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import mfaf_testing  # noqa: E402,F401  (makes the checkout importable as ``mfaf``)

from mfaf.mfaf_plugin.training.device import with_cpu_allocator  # noqa: E402

FULL = dict(tiles=524, bands=10, tile=128, epochs=220, dilations=[1, 6, 12, 18, 24], batch=32, stack=1560,
            throughput_tile=128, throughput_steps=10, ddp_epochs=10, budget_train_s=270, budget_ddp_s=120)
SMOKE = dict(tiles=40, bands=3, tile=16, epochs=2, dilations=[1, 2], batch=8, stack=64, throughput_tile=16,
             throughput_steps=2, ddp_epochs=1, budget_train_s=120, budget_ddp_s=120)
TARGETS = {"paper_training_s": 180.0, "prediction_s": 1.0}


def machine() -> dict:
    import torch

    info = {"host": socket.gethostname(), "platform": platform.platform(), "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(), "cpu_cores": os.cpu_count(),
            "torch": torch.__version__, "cuda": torch.version.cuda, "cudnn": torch.backends.cudnn.version(),
            "torch_threads": torch.get_num_threads(), "gpus": []}
    for i in range(torch.cuda.device_count()):
        p = torch.cuda.get_device_properties(i)
        info["gpus"].append({"name": p.name, "memory_gib": round(p.total_memory / 2 ** 30, 1),
                             "capability": "{}.{}".format(p.major, p.minor)})
    if not info["gpus"] and hasattr(os, "getloadavg"):
        info["load_average"] = round(os.getloadavg()[0], 2)
    return info


def generated_dataset(path: str, cfg: dict) -> str:
    """A GENERATED tile dataset of the configured size: every third tile is ore with band 0 raised."""
    import numpy as np

    from mfaf.mfaf_plugin.windows.tile_dataset import save_dataset

    n, b, t = cfg["tiles"], cfg["bands"], cfg["tile"]
    rng = np.random.default_rng(0)
    y = (np.arange(n) % 3 == 0).astype(np.int64)
    x = rng.standard_normal((n, b, t, t), dtype=np.float32)
    x[y == 1, 0] += 1.0
    split = np.zeros(n, np.int8)
    split[np.arange(n) % 20 >= 14] = 2  # 30 % held back: validation ...
    split[np.arange(n) % 20 >= 17] = 1  # ... and test
    arrays = dict(x=x, y=y, split=split, origin=np.zeros(n), cell_id=np.arange(1, n + 1), row=np.zeros(n),
                  col=np.arange(n), geotransform=np.zeros((n, 6)), deposit_count=y, valid_fraction=np.ones(n))
    meta = dict(band_names=["band_{}".format(i + 1) for i in range(b)],
                normalization={"method": "zscore", "params": [[0.0, 1.0]] * b}, tile_size=t, stride=t,
                stack_geotransform=[400000.0, 50.0, 0.0, 7200000.0, 0.0, -50.0], crs_wkt=_crs(),
                counts={"generated": True})
    return str(save_dataset(path, arrays, meta))


def _crs() -> str:
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32750)
    return srs.ExportToWkt()


def epoch_seconds(csv_path: str) -> float:
    """Median seconds of an epoch (training and scoring) in a per-epoch CSV of training.train."""
    import csv
    import statistics

    try:
        rows = list(csv.DictReader(open(csv_path, encoding="utf-8")))
    except OSError:
        return float("nan")
    return round(statistics.median(float(r["seconds"]) for r in rows), 4) if rows else float("nan")


def paper_training(folder: str, cfg: dict) -> dict:
    from mfaf.mfaf_plugin.common.errors import Canceled
    from mfaf.mfaf_plugin.training.tile_training import train

    tiles = generated_dataset(os.path.join(folder, "tiles_generated.npz"), cfg)
    model = os.path.join(folder, "model.pt")
    done = {"fraction": 0.0}
    deadline = time.time() + cfg["budget_train_s"]
    t0 = time.perf_counter()
    out = {"config": {"tiles": cfg["tiles"], "bands": cfg["bands"], "tile_px": cfg["tile"], "epochs": cfg["epochs"],
                      "architecture": "mfaf_resnet18", "dilations": cfg["dilations"], "recipe": "paper_sgd",
                      "batch_size": cfg["batch"], "augment": True, "data": "generated"}}
    try:
        res = train(tiles, model, "mfaf_resnet18", {"dilations": cfg["dilations"]}, epochs=cfg["epochs"],
                    batch_size=cfg["batch"], recipe="paper_sgd", device="auto", precision="auto", seed=0,
                    metrics_csv=os.path.join(folder, "metrics.csv"), progress=lambda f: done.update(fraction=f),
                    is_canceled=lambda: time.time() > deadline)
        out.update(seconds=round(time.perf_counter() - t0, 2), epochs_done=cfg["epochs"], device=res["device"],
                   stopped_at_budget=False)
    except Canceled:
        seconds = time.perf_counter() - t0
        epochs = int(done["fraction"] * cfg["epochs"])
        out.update(seconds=round(seconds, 2), epochs_done=epochs, stopped_at_budget=True,
                   projected_seconds=round(seconds * cfg["epochs"] / max(1, epochs), 1))
        model = None
    out["seconds_per_epoch"] = round(out["seconds"] / max(1, out["epochs_done"]), 4)  # checkpoints included
    out["median_epoch_s"] = epoch_seconds(os.path.join(folder, "metrics.csv"))  # training and scoring
    return out, model, tiles


def prediction(folder: str, model: str, cfg: dict) -> dict:
    import numpy as np
    from osgeo import gdal

    from mfaf.mfaf_plugin.common import gdal_io
    from mfaf.mfaf_plugin.training.modelio import load_model
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    _net, meta = load_model(model)
    b, size = cfg["bands"], cfg["stack"]
    stack = os.path.join(folder, "stack_generated.tif")
    data = np.random.default_rng(1).standard_normal((b, size, size), dtype=np.float32)
    gdal_io.write_raster(stack, data, [400000.0, 50.0, 0.0, 7200000.0, 0.0, -50.0], _crs(),
                         band_names=meta["band_names"])
    ds = gdal.Open(stack, gdal.GA_Update)
    gdal_io.write_stack_metadata(ds, {"bands": meta["band_names"], "normalization": meta["normalization"],
                                      "nodata": gdal_io.NODATA})
    ds = None
    times, res = [], None
    for i in range(2):
        t0 = time.perf_counter()
        res = predict_map(stack, model, os.path.join(folder, "prob_{}.tif".format(i)), device="auto")
        times.append(round(time.perf_counter() - t0, 3))
    return {"shape": [size, size, b], "tile_px": res["tile_size"], "stride": res["stride"],
            "windows": res["n_windows"], "device": res["device"], "seconds": times, "best_s": min(times)}


def _rate(arch: str, cfg: dict, device: str) -> float:
    import torch

    from mfaf.mfaf_plugin.training.device import Accel
    from mfaf.models import build_model, mfaf_loss

    accel = Accel(device, "auto")
    torch.manual_seed(0)
    settings = {"dilations": cfg["dilations"]} if arch.startswith("mfaf") else {}
    net = accel.prepare(build_model(arch, cfg["bands"], **settings).to(device)).train()
    opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.2, weight_decay=1e-4)
    xb, yb = accel.batch(torch.randn(cfg["batch"], cfg["bands"], cfg["throughput_tile"], cfg["throughput_tile"]),
                         torch.arange(cfg["batch"]) % 2)

    def step():
        opt.zero_grad(set_to_none=True)
        with accel.autocast():
            loss = mfaf_loss(net(xb), yb, beta=0.4)
        accel.step(loss, opt)

    step()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(cfg["throughput_steps"]):
        step()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return cfg["batch"] * cfg["throughput_steps"] / (time.perf_counter() - t0)


def throughput(cfg: dict) -> dict:
    from mfaf.mfaf_plugin.training.device import resolve_precision
    from mfaf.mfaf_plugin.training.device import resolve_device

    device = resolve_device("auto")
    rates = {a: round(_rate(a, cfg, device), 1) for a in ("mfaf_resnet18", "resnet18", "mfaf_shufflenetv2",
                                                          "shufflenetv2")}
    return {"device": device, "precision": resolve_precision("auto", device), "tile_px": cfg["throughput_tile"],
            "bands": cfg["bands"], "batch": cfg["batch"], "dilations": cfg["dilations"], "tiles_per_s": rates,
            "ratio_mfaf_resnet18": round(rates["mfaf_resnet18"] / rates["resnet18"], 3),
            "ratio_mfaf_shufflenetv2": round(rates["mfaf_shufflenetv2"] / rates["shufflenetv2"], 3)}


def torchrun_two(folder: str, tiles: str, cfg: dict, one: dict, smoke: bool) -> dict:
    """2 processes on the paper's configuration; ``one``: the 1-process result to compare with."""
    import torch

    from mfaf.mfaf_plugin.scaleout.torchrun import launch
    from mfaf.mfaf_plugin.common.errors import Canceled

    gpus = torch.cuda.device_count()
    if gpus < 2 and not smoke:
        return {"ran": False, "reason": "{} GPU(s): the 2-GPU path needs 2".format(gpus)}
    device = "cuda" if gpus >= 2 else "cpu"
    deadline = time.time() + cfg["budget_ddp_s"]
    t0 = time.perf_counter()
    out = {"ran": True, "processes": 2, "device": device, "backend": "nccl" if device == "cuda" else "gloo (smoke)",
           "epochs": cfg["ddp_epochs"], "batch_per_process": cfg["batch"] // 2}
    try:
        launch(tiles, os.path.join(folder, "model_2.pt"), 2, architecture="mfaf_resnet18",
               settings={"dilations": cfg["dilations"]}, epochs=cfg["ddp_epochs"], batch_size=cfg["batch"] // 2,
               recipe="paper_sgd", device=device, seed=0, threads=1 if device == "cpu" else None,
               metrics_csv=os.path.join(folder, "metrics_2.csv"), is_canceled=lambda: time.time() > deadline)
        out["seconds"] = round(time.perf_counter() - t0, 2)  # with the start of the processes
    except Canceled:
        out.update(seconds=round(time.perf_counter() - t0, 2), stopped_at_budget=True)
    out["median_epoch_s"] = epoch_seconds(os.path.join(folder, "metrics_2.csv"))
    if out["median_epoch_s"] > 0 and one.get("median_epoch_s", 0) > 0:
        out["speedup_per_epoch_vs_1"] = round(one["median_epoch_s"] / out["median_epoch_s"], 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="tiny sizes on any device (a check, not a benchmark)")
    ap.add_argument("--out", default="", help="JSON file (default: bench/results/gpu_suite_<host>_<date>.json, "
                                              "smoke runs: output/gpu_suite_smoke.json)")
    args = ap.parse_args()
    with_cpu_allocator(True)
    import torch

    if not args.smoke and not torch.cuda.is_available():
        print("gpu_suite: torch sees no CUDA GPU here; run 'bench/gpu_suite.sh --smoke' for the CPU check.",
              file=sys.stderr)
        return 2
    cfg = SMOKE if args.smoke else FULL
    started = time.perf_counter()
    now = datetime.datetime.now(datetime.timezone.utc)
    report = {"suite": "mfaf gpu_suite", "mode": "smoke" if args.smoke else "full",
              "note": ("smoke run: tiny sizes, not GPU figures" if args.smoke else "generated data, paper sizes"),
              "date": now.isoformat(timespec="seconds"), "machine": machine(), "targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="mfaf_gpu_suite_") as folder:
        report["paper_training"], model, tiles = paper_training(folder, cfg)
        print("paper training: {}".format(json.dumps(report["paper_training"])), flush=True)
        if model is not None:
            report["prediction"] = prediction(folder, model, cfg)
        else:
            report["prediction"] = {"ran": False, "reason": "the training stopped at its time budget"}
        print("prediction: {}".format(json.dumps(report["prediction"])), flush=True)
        report["throughput"] = throughput(cfg)
        print("throughput: {}".format(json.dumps(report["throughput"])), flush=True)
        report["torchrun_2gpu"] = torchrun_two(folder, tiles, cfg, report["paper_training"], args.smoke)
        print("torchrun: {}".format(json.dumps(report["torchrun_2gpu"])), flush=True)
    if not args.smoke:
        report["within_targets"] = {
            "paper_training": not report["paper_training"]["stopped_at_budget"]
            and report["paper_training"]["seconds"] < TARGETS["paper_training_s"],
            "prediction": report["prediction"].get("best_s", float("inf")) < TARGETS["prediction_s"]}
    report["total_s"] = round(time.perf_counter() - started, 1)
    out = args.out or str(REPO / ("output/gpu_suite_smoke.json" if args.smoke else "bench/results/gpu_suite_{}_{}.json"
                                  .format(socket.gethostname(), now.strftime("%Y%m%d"))))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=1)
    print("gpu_suite ({}): {:.0f} s, written to {}".format(report["mode"], report["total_s"], out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
