"""Benchmark: a map larger than one machine's patience, predicted from disk in strips with bounded memory.

A SYNTHETIC evidence stack (generated here, seeded: smooth waves plus noise, a nodata corner) of
20,000 x 20,000 cells x 4 float32 bands (6.4 GB, a tiled GeoTIFF written strip by strip) is
predicted by ``predict_map`` with the map cut into strips (mfaf_plugin/prediction/strips.py) run
as Dask tasks on a LocalCluster (default local:2: 2 single-thread worker processes) and written
into one tiled GeoTIFF. The network is untrained (seeded weights): speed and memory only, no
skill. Prints the wall time, cells per second and the peak resident memory (RSS) of this
process and of each Dask process (target: every one under 2 GB; importing torch alone takes
about 0.55 GB of RSS per process, mostly its shared libraries), and the peak of their summed
PSS (shared pages counted once), sampled every 0.5 s.

    .venv/bin/python bench/bench_large_map.py [--size 20000] [--bands 4] [--tile 32]
        [--arch mfaf_shufflenetv2] [--scheduler local:2] [--strip-rows 0] [--keep DIR]

``--scheduler ""`` runs the single-process path instead (no Dask); ``--keep DIR`` keeps (and
reuses) the generated stack there.
"""

import argparse
import os
import tempfile
import threading
import time

from benchpath import use_checkout  # noqa: E402

REPO = use_checkout()

import numpy as np  # noqa: E402
from osgeo import gdal, osr  # noqa: E402

TARGET_GB = 2.0
GDAL_CACHE_MB = 256  # this process's GDAL block cache (GDAL's default is 5 % of the RAM)


def write_synthetic_stack(path: str, size: int, bands: int, rows_per_write: int = 500) -> dict:
    """A SYNTHETIC stack, written strip by strip (memory: one strip). Returns the stack metadata."""
    from mfaf.mfaf_plugin.common import gdal_io

    names = ["synthetic_{}".format(i + 1) for i in range(bands)]
    meta = {"bands": names, "normalization": {"method": "zscore", "params": [[0.0, 1.0]] * bands},
            "nodata": gdal_io.NODATA, "band_kinds": ["continuous"] * bands}
    if os.path.exists(path):
        return meta
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32750)
    ds = gdal.GetDriverByName("GTiff").Create(path + ".part", size, size, bands, gdal.GDT_Float32,
                                              options=["TILED=YES", "BIGTIFF=YES"])
    ds.SetGeoTransform([400000.0, 100.0, 0.0, 7200000.0, 0.0, -100.0])
    ds.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(0)
    x = np.arange(size, dtype=np.float32)[None, :]
    for y0 in range(0, size, rows_per_write):
        y = np.arange(y0, min(size, y0 + rows_per_write), dtype=np.float32)[:, None]
        for b in range(bands):
            wave = np.sin(x / (150.0 + 70 * b)) * np.cos(y / (230.0 + 40 * b)) + 0.3 * np.sin((x + y) / 911.0)
            band = (wave + 0.2 * rng.standard_normal(wave.shape, dtype=np.float32)).astype(np.float32)
            band[(y < size // 10) & (x < size // 10)] = gdal_io.NODATA  # a nodata corner
            ds.GetRasterBand(b + 1).WriteArray(band, 0, y0)
    for b in range(bands):
        ds.GetRasterBand(b + 1).SetNoDataValue(gdal_io.NODATA)
    gdal_io.write_stack_metadata(ds, dict(meta, crs_wkt=srs.ExportToWkt(), geotransform=list(ds.GetGeoTransform())))
    ds = None
    os.replace(path + ".part", path)
    return meta


class PeakRSS(threading.Thread):
    """Peak memory, sampled every 0.5 s (psutil): RSS of this process and of each child process,
    and the peak of their sum of PSS (shared pages, e.g. torch's libraries, counted once)."""

    def __init__(self):
        super().__init__(daemon=True)
        import psutil

        self.me, self.stop = psutil.Process(), threading.Event()
        self.main = self.pss = 0
        self.children = {}

    def sample(self):
        procs = [self.me] + self.me.children(recursive=True)
        pss = 0
        for p in procs:
            try:
                info = p.memory_full_info()
            except Exception:  # a worker that has just ended
                continue
            pss += info.pss
            if p is self.me:
                self.main = max(self.main, info.rss)
            else:
                self.children[p.pid] = max(self.children.get(p.pid, 0), info.rss)
        self.pss = max(self.pss, pss)

    def run(self):
        while not self.stop.wait(0.5):
            self.sample()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20000, help="rows = columns of the synthetic stack")
    ap.add_argument("--bands", type=int, default=4)
    ap.add_argument("--tile", type=int, default=32, help="window side in cells (stride = window)")
    ap.add_argument("--arch", default="mfaf_shufflenetv2")
    ap.add_argument("--scheduler", default="local:2", help='"" = single process, local:N or an address')
    ap.add_argument("--strip-rows", type=int, default=0, help="rows per strip (0: 256)")
    ap.add_argument("--keep", default="", help="folder to keep (and reuse) the synthetic stack in")
    args = ap.parse_args()

    import torch

    from mfaf.mfaf_plugin.prediction.predict import predict_map
    from mfaf.models import build_model

    torch.set_num_threads(1)
    gdal.SetCacheMax(GDAL_CACHE_MB * 2 ** 20)
    folder = args.keep or tempfile.mkdtemp(prefix="mfaf_bench_large_")
    os.makedirs(folder, exist_ok=True)
    stack = os.path.join(folder, "stack_synthetic_{0}x{0}x{1}.tif".format(args.size, args.bands))
    t0 = time.perf_counter()
    smeta = write_synthetic_stack(stack, args.size, args.bands)
    t_write = time.perf_counter() - t0
    torch.manual_seed(0)
    net = build_model(args.arch, args.bands, 2).eval()
    meta = {"architecture": args.arch, "settings": {}, "in_channels": args.bands, "band_names": smeta["bands"],
            "normalization": smeta["normalization"], "tile_size": args.tile, "stride": args.tile, "pixel_size": 100.0}
    watch = PeakRSS()
    watch.sample()
    watch.start()
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    res = predict_map(stack, (net, meta), os.path.join(folder, "prob.tif"), device="cpu",
                      scheduler=args.scheduler or None, strip_rows=args.strip_rows, log=print)
    wall = time.perf_counter() - t0
    watch.stop.set()
    watch.join()
    watch.sample()
    cells = args.size * args.size
    out = gdal.Open(res["output"])
    gb = 2.0 ** 30
    print("SYNTHETIC stack (generated, seeded; not real data): {0} x {0} cells x {1} float32 bands, {2:.1f} GB on "
          "disk, {3}".format(args.size, args.bands, os.path.getsize(stack) / 1e9,
                             "written in {:.0f} s".format(t_write) if t_write > 1 else "reused"))
    print("model: untrained {} (seeded), window {} cells, stride {}; scheduler {!r}; torch threads 1 per process"
          .format(args.arch, args.tile, res["stride"], args.scheduler))
    print("map: {} x {} tiled GeoTIFF (block {}), {} windows predicted, {} numbered cells".format(
        out.RasterXSize, out.RasterYSize, out.GetRasterBand(1).GetBlockSize(), res["n_windows"], len(res["cells"])))
    print("wall time {:.0f} s: {:,.0f} cells per second ({:.0f} windows per second)".format(
        wall, cells / wall, res["n_windows"] / wall))
    worst = max([watch.main] + list(watch.children.values()))
    print("peak RSS: this process {:.2f} GB, Dask processes {} (target: every process under {:.0f} GB: {}); peak of "
          "the processes' summed PSS (shared libraries counted once) {:.2f} GB".format(
              watch.main / gb, ", ".join("{:.2f} GB".format(v / gb) for v in watch.children.values()) or "none",
              TARGET_GB, "met" if worst / gb < TARGET_GB else "NOT met", watch.pss / gb))
    print("GDAL block cache {} MB here, 256 MB in each worker; load average before / after (2 shared cores): "
          "{:.2f} / {:.2f}".format(GDAL_CACHE_MB, load0, os.getloadavg()[0]))
    if not args.keep:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


if __name__ == "__main__":
    main()
