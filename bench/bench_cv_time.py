"""Benchmark: the run time of mfaf:crossvalidate at its defaults, and how it grows with the number of cells.

The Murchison example (real data, resources/example) is stacked at each pixel size given (1000 m:
about 130 k valid cells, 500 m: about 530 k, 400 m: about 830 k) and cross-validated through
qgis_process exactly as a user would at the tool's defaults (5 folds, seeds 0 and 1, every method
of the default list: the network, nine classical methods and the combined method, 32-cell windows).
For each size it prints the wall and CPU time (this process's children, user + system) and the
cost per 100 k valid cells; the last column is that cost against the first size's, measured in the
same command (<= 1: the cost grows no faster than the number of cells).

Targets on the 2-core machine (issue 19): 500 m at most 20 min; an 800 k-cell area at most 40 min.

    OMP_NUM_THREADS=2 .venv/bin/python bench/bench_cv_time.py [--pixels 1000 500 400] [--json FILE]

Intermediate files: output/bench_cv_time/. Nothing is tuned here: the defaults are the tool's.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QP = os.path.join(ROOT, "scripts", "qgis_process")
EX = os.path.join(ROOT, "resources", "example")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _valid_cells(path: str) -> int:
    from osgeo import gdal

    ds = gdal.Open(path)
    valid = np.ones((ds.RasterYSize, ds.RasterXSize), bool)
    for b in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(b)
        a = band.ReadAsArray()
        nd = band.GetNoDataValue()
        valid &= np.isfinite(a) & ((a != nd) if nd is not None else True)
    return int(valid.sum())


def _stack(pixel: float, out: str) -> None:
    env = dict(os.environ, QP=QP, EX=EX)
    subprocess.run(["bash", "-c", 'source "{}"; murchison_stack "$0" "$1"'.format(
        os.path.join(ROOT, "scripts", "murchison_stack.sh")), str(pixel), out], check=True, env=env)


def _crossvalidate(stack: str, folder: str) -> dict:
    """One run at the defaults; its wall and CPU seconds."""
    os.makedirs(folder, exist_ok=True)
    cpu0, t0 = _children_cpu(), time.perf_counter()
    with open(os.path.join(folder, "crossvalidate.log"), "w") as log:
        subprocess.run([QP, "run", "mfaf:crossvalidate", "--", "INPUT=" + stack,
                        "DEPOSITS=" + os.path.join(EX, "murchison_gold_deposits.geojson"),
                        "OUTPUT=" + os.path.join(folder, "oof.tif"), "OUTPUT_FOLDS=" + os.path.join(folder, "folds.tif"),
                        "OUTPUT_FOLDER=" + os.path.join(folder, "tables")],
                       check=True, stdout=log, stderr=subprocess.STDOUT)
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": _children_cpu() - cpu0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pixels", type=float, nargs="+", default=[1000.0, 500.0, 400.0])
    ap.add_argument("--json", default="")
    args = ap.parse_args(argv)
    work = os.path.join(ROOT, "output", "bench_cv_time")
    rows = []
    for px in args.pixels:
        stack = os.path.join(work, "stack_{:g}m.tif".format(px))
        _stack(px, stack)
        t = _crossvalidate(stack, os.path.join(work, "cv_{:g}m".format(px)))
        rows.append(dict(t, pixel_m=px, valid_cells=_valid_cells(stack),
                         omp_threads=os.environ.get("OMP_NUM_THREADS", ""), nproc=os.cpu_count(),
                         loadavg_end=" ".join("{:.2f}".format(v) for v in os.getloadavg())))
        print("{:>6g} m {:>9,d} cells: {:7.1f} min wall, {:7.1f} min CPU".format(
            px, rows[-1]["valid_cells"], t["seconds"] / 60.0, t["cpu_seconds"] / 60.0), flush=True)
        for r in rows:
            r["cost_ratio"] = (r["seconds"] / r["valid_cells"]) / (rows[0]["seconds"] / rows[0]["valid_cells"])
        if args.json:  # after every size: a run stopped later keeps what it measured
            with open(args.json, "w", encoding="utf-8") as fh:
                json.dump({"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "runs": rows}, fh, indent=1)
    print("\npixel  valid cells   wall min   CPU min   s per 100k cells   per-cell cost / first size")
    for r in rows:
        print("{:>5g} {:>12,d} {:>10.1f} {:>9.1f} {:>18.1f} {:>14.2f}".format(
            r["pixel_m"], r["valid_cells"], r["seconds"] / 60.0, r["cpu_seconds"] / 60.0,
            1e5 * r["seconds"] / r["valid_cells"], r["cost_ratio"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
