"""Benchmark: prediction time of mfaf:predictprospectivity's core on the paper's grid size.

A GENERATED 1560 x 1560 x 10 evidence stack (seeded normal values, as the paper's 10 bands on
its 1560 x 1560 grid), 128-px tiles, stride 128 (144 windows), an untrained small MFAF
(mfaf_shufflenetv2, default dilations 1/6/12/18/24, channel and spatial attention), CPU.
Target: under 10 s. Prints the time and the ratio to the target (< 1 = faster than target).

    .venv/bin/python bench/bench_predict.py [--threads N] [--stride PX] [--repeat N]
"""

import argparse
import os
import tempfile
import time

from benchpath import use_checkout  # noqa: E402

REPO = use_checkout()

import numpy as np  # noqa: E402
from osgeo import gdal, osr  # noqa: E402

TARGET_S = 10.0
SIZE, BANDS, TILE = 1560, 10, 128


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    ap.add_argument("--stride", type=int, default=0, help="window stride in px (0: tile size)")
    ap.add_argument("--repeat", type=int, default=2, help="timed runs (the best is reported)")
    args = ap.parse_args()

    import torch

    from mfaf.mfaf_plugin.common import gdal_io
    from mfaf.mfaf_plugin.prediction.predict import predict_map
    from mfaf.models import build_model

    if args.threads:
        torch.set_num_threads(args.threads)
    names = ["band_{}".format(i + 1) for i in range(BANDS)]
    norm = {"method": "zscore", "params": [[0.0, 1.0]] * BANDS}
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32750)
    gt = [400000.0, 50.0, 0.0, 7200000.0, 0.0, -50.0]
    with tempfile.TemporaryDirectory(prefix="mfaf_bench_") as tmp:
        stack = os.path.join(tmp, "stack_generated.tif")
        rng = np.random.default_rng(0)
        data = rng.normal(size=(BANDS, SIZE, SIZE)).astype(np.float32)
        gdal_io.write_raster(stack, data, gt, srs.ExportToWkt(), band_names=names)
        ds = gdal.Open(stack, gdal.GA_Update)
        gdal_io.write_stack_metadata(ds, {"bands": names, "normalization": norm, "nodata": gdal_io.NODATA})
        ds = None
        del data
        torch.manual_seed(0)
        net = build_model("mfaf_shufflenetv2", BANDS, 2).eval()
        meta = {"architecture": "mfaf_shufflenetv2", "settings": {}, "in_channels": BANDS, "band_names": names,
                "normalization": norm, "tile_size": TILE, "stride": TILE}
        times = []
        load0 = os.getloadavg()[0]
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            res = predict_map(stack, (net, meta), os.path.join(tmp, "prob.tif"), stride=args.stride or None,
                              device="cpu")
            times.append(time.perf_counter() - t0)
        best = min(times)
        print("predict_map {0}x{0}x{1}, tile {2}, stride {3}: {4} windows, {5} cells, torch threads {6}".format(
            SIZE, BANDS, TILE, res["stride"], res["n_windows"], len(res["cells"]), torch.get_num_threads()))
        print("times (s): {}".format(", ".join("{:.2f}".format(t) for t in times)))
        print("load average before / after (other processes share the 2 cores): {:.2f} / {:.2f}".format(
            load0, os.getloadavg()[0]))
        print("best {:.2f} s; ratio to the {:.0f} s target: {:.2f}".format(best, TARGET_S, best / TARGET_S))


if __name__ == "__main__":
    main()
