"""Benchmark: mfaf:idwrasters' core against the gdal_grid command at the paper's scale.

Points: the 7,512 valid nodes of the South China lithium grid ``Idw_Li.tif`` (real data,
../shared/data/nanling_li_rasters) nearest the grid's centre, turned into points at the pixel
centres as QGIS "Raster pixels to points" does (7,512 = the paper's sample count); value = Li.
Grid: 1560 x 1560 pixels over the points' extent (the paper's size).

Two cases, each timed in the same run as the reference ``gdal_grid`` command (subprocess, same
points in a GeoPackage, same bounds, Float32 GeoTIFF, GDAL_NUM_THREADS=ALL_CPUS):

- all points: ours (``gdal.Grid`` invdist, in process) vs ``gdal_grid -a invdist:power=2``;
- MAX_POINTS=12: ours (cKDTree k-nearest) vs ``gdal_grid -a invdistnn:power=2:max_points=12:radius=R``
  with the same radius R for both (default 20 km, about 70 points in reach: GDAL's invdistnn
  collects every point within R and sorts them, so with an unlimited radius it takes hours on
  this grid; ours also runs with RADIUS=0, printed for reference).

Prints times and ratios (ours / gdal_grid; < 1 = faster) and the largest relative difference
between the two rasters. Targets on the 2-core dev machine: all points <= 1.0; MAX_POINTS=12
far below 1.

    .venv/bin/python bench/bench_idw.py [--size 1560] [--points 7512] [--skip-nn-gdal]
"""

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from benchpath import use_checkout  # noqa: E402

REPO = use_checkout(tests=True)

import numpy as np  # noqa: E402
from osgeo import gdal  # noqa: E402

gdal.UseExceptions()
SHARED = Path(os.environ.get("MFAF_SHARED_DATA", REPO.parent / "shared" / "data"))


def load_points(n_points):
    path = SHARED / "nanling_li_rasters" / "Idw_Li.tif"
    if not path.is_file():
        raise SystemExit("bench_idw: {} not found. This benchmark reads the full South China lithium grid of the "
                         "shared data folder (../shared/data beside the checkout, or set MFAF_SHARED_DATA); it is "
                         "not in the repository (its redistribution rights are not stated).".format(path))
    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(np.float64)
    gt = ds.GetGeoTransform()
    rows, cols = np.nonzero(a != band.GetNoDataValue())
    xy = np.column_stack([gt[0] + (cols + 0.5) * gt[1], gt[3] + (rows + 0.5) * gt[5]])
    z = a[rows, cols]
    centre = np.array([gt[0] + 0.5 * ds.RasterXSize * gt[1], gt[3] + 0.5 * ds.RasterYSize * gt[5]])
    order = np.argsort(np.hypot(*(xy - centre).T), kind="stable")[:n_points]
    return xy[order], z[order], ds.GetProjection()


def run_gdal_grid(gpkg, out, grid, algorithm):
    env = dict(os.environ, GDAL_NUM_THREADS="ALL_CPUS")
    cmd = ["gdal_grid", "-q", "-a", algorithm + ":nodata=-9999", "-zfield", "Li", "-ot", "Float32", "-of", "GTiff",
           "-txe", repr(grid.xmin), repr(grid.xmax), "-tye", repr(grid.ymax), repr(grid.ymin),
           "-outsize", str(grid.cols), str(grid.rows), "-l", "samples", gpkg, out]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env)
    dt = time.perf_counter() - t0
    a = gdal.Open(out).ReadAsArray().astype(np.float64)
    return dt, np.where(a == -9999, np.nan, a)


def max_rel_diff(a, b):
    ok = np.isfinite(a) & np.isfinite(b) & (b != 0)
    return float(np.max(np.abs(a[ok] - b[ok]) / np.abs(b[ok])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=1560, help="grid width and height in pixels")
    ap.add_argument("--points", type=int, default=7512, help="number of points (nearest the centre)")
    ap.add_argument("--radius", type=float, default=20000.0, help="search radius of the MAX_POINTS=12 case (m)")
    ap.add_argument("--skip-nn-gdal", action="store_true", help="do not run gdal_grid invdistnn (slow)")
    args = ap.parse_args()

    from mfaf.mfaf_plugin.data import interpolation
    from mfaf_testing import write_points_gpkg

    xy, z, wkt = load_points(args.points)
    ext = (xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max())
    grid = interpolation.grid_spec(ext, width=args.size, height=args.size)
    print("{} real points (Idw_Li nodes nearest the centre) onto {} x {}; {} CPUs, load {:.2f}".format(
        len(xy), grid.cols, grid.rows, os.cpu_count(), os.getloadavg()[0]))
    with tempfile.TemporaryDirectory(prefix="mfaf_bench_idw_") as tmp:
        gpkg = write_points_gpkg(os.path.join(tmp, "pts.gpkg"), xy, {"Li": z}, wkt, layer="samples")

        t0 = time.perf_counter()
        ours = interpolation.interpolate_elements(xy, {"Li": z}, grid, power=2.0)[0].astype(np.float64)
        t_ours = time.perf_counter() - t0
        t_ref, ref = run_gdal_grid(gpkg, os.path.join(tmp, "ref.tif"), grid, "invdist:power=2")
        print("all points : ours {:.2f} s, gdal_grid invdist {:.2f} s, ratio {:.2f}, max rel diff {:.1e}".format(
            t_ours, t_ref, t_ours / t_ref, max_rel_diff(ours, ref)))

        t0 = time.perf_counter()
        interpolation.interpolate_elements(xy, {"Li": z}, grid, power=2.0, max_points=12)
        print("max_points=12, no radius: ours {:.2f} s".format(time.perf_counter() - t0))
        radius = args.radius
        t0 = time.perf_counter()
        ours = interpolation.interpolate_elements(xy, {"Li": z}, grid, power=2.0, radius=radius,
                                                  max_points=12)[0].astype(np.float64)
        t_ours = time.perf_counter() - t0
        if args.skip_nn_gdal:
            print("max_points=12, radius {:g}: ours {:.2f} s (gdal_grid invdistnn skipped)".format(radius, t_ours))
        else:
            t_ref, ref = run_gdal_grid(gpkg, os.path.join(tmp, "ref_nn.tif"), grid,
                                       "invdistnn:power=2:max_points=12:radius={!r}".format(radius))
            # on this lattice of points equidistant neighbours are frequent: GDAL and the
            # k-d tree may pick different ones for a few pixels (see tests/test_idw.py)
            ok = np.isfinite(ours) & np.isfinite(ref)
            agree = float(np.mean(np.abs(ours[ok] - ref[ok]) <= 1e-4 * np.abs(ref[ok])))
            same_nodata = float(np.mean(np.isfinite(ours) == np.isfinite(ref)))
            print("max_points=12, radius {:g}: ours {:.2f} s, gdal_grid invdistnn {:.2f} s, ratio {:.3f}, "
                  "pixels within 1e-4: {:.4%}, same nodata: {:.4%}".format(radius, t_ours, t_ref, t_ours / t_ref,
                                                                        agree, same_nodata))


if __name__ == "__main__":
    main()
