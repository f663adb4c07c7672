"""Maps larger than one machine's memory or patience: the stack in strips, as Dask tasks or here.

The rows of the stack are cut into strips. Each strip is a unit of work that reads from the
stack file only the rows it needs, predicts, and hands back its rows of the map: workers (see
:mod:`mfaf_plugin.scaleout.dask_runner`) do strips side by side while this process writes them, in
order, into one tiled GeoTIFF and keeps the per-cell summaries. At most two strips per worker
are under way, so memory is bounded by a few strips whatever the area. The map is identical to
the single-process one of :func:`mfaf_plugin.prediction.predict.predict_map` (same windows, same
batches, same sums in the same order; the steps are those of :mod:`mfaf_plugin.prediction.inference`):

* centred framing (:mod:`mfaf_plugin.prediction.centred`): the strips are the single-process
  strips (a multiple of the stride, about 256 rows), each read with half a window of rows above
  and below; a strip's cell sums are added in strip order.
* the paper's grid framing: a strip owns the windows whose top row lies in it; its map rows
  also take the windows of the strip above that reach into it (the halo: up to a window less
  one stride of rows, none with the default stride = window), predicted again in the same
  batches as there.

Workers open the stack by its path (a cluster must see the file under the same path); the
network is sent to each worker once.
"""

import copy
import time
from typing import Callable, Dict

import numpy as np

from ..common.errors import InputError
from ..common.gdal_io import NODATA
from ..common.progress import check_canceled, never_canceled, noop_progress
from ..common.run_outputs import atomic_output
from ..scoring.calibration import score_reading
from .centred import cell_records, cell_sums, centred_strip_rows, predict_centred_strip
from .inference import create_output, predict_window_row, read_window_row

__all__ = ["grid_strip_rows", "predict_strips"]

SUM_KEYS = ("p", "agree", "spread", "n")  # per-cell sums of a centred map (cell_sums)

_DATASETS: Dict[str, object] = {}  # per worker process: the stack opened once


def grid_strip_rows(tile: int, stride: int, strip_rows: int = 0) -> int:
    """Rows of a strip of the grid framing: a multiple of the stride, at least one window, about
    ``strip_rows`` (0: 256)."""
    s = max(1, int(stride))
    want = max(int(strip_rows) or 256, int(tile))
    return -(-want // s) * s


# -- one strip (on a worker or here) --------------------------------------------------------------
_WORKER_GDAL_CACHE = 256 * 2 ** 20  # bytes: a worker reads every block about once, caching it helps little


def _dataset(job: dict):
    if job.get("ds") is not None:
        return job["ds"]
    from osgeo import gdal

    from ..common.gdal_io import open_raster

    if job["path"] not in _DATASETS:
        gdal.SetCacheMax(min(gdal.GetCacheMax(), _WORKER_GDAL_CACHE))
        _DATASETS.clear()
        _DATASETS[job["path"]] = open_raster(job["path"], "evidence stack")
    return _DATASETS[job["path"]]


def _net(job: dict):
    net = job["net"]
    if next(iter(net.parameters()), None) is not None and next(net.parameters()).device.type != job["device"]:
        net.to(job["device"])
    return net.eval()


def _strip_unit(job: dict, unit, log, is_canceled, progress=None) -> dict:
    y0, y1 = unit
    if job["framing"] == "centred":
        return _centred_strip(job, y0, y1, is_canceled, progress)
    return _grid_strip(job, y0, y1, is_canceled)


def _centred_strip(job: dict, y0: int, y1: int, is_canceled, progress=None) -> dict:
    """Map rows ``y0 .. y1 - 1`` (float32, nodata set) and their cell sums, per :func:`predict_centred_strip`
    (``progress``: the share of the strip done, here; None on a Dask worker)."""
    r = predict_centred_strip(_dataset(job), _net(job), job["scaling"], job["nodatas"], job["tile"], job["stride"],
                              job["device"], job["batch_size"], y0, y1, is_canceled, job["threshold"], progress)
    n_rows, n_cols = job["grid_shape"]
    tile = job["tile"]
    bands = [np.where(r["ok"], r["p"], NODATA).astype(np.float32),
             np.where(r["ok"], r["sd"], NODATA).astype(np.float32)]
    g0, g1 = y0 // tile, min(n_rows, (y1 - 1) // tile + 1)
    sums = {k: np.zeros(max(0, g1 - g0) * n_cols) for k in SUM_KEYS}
    if g1 > g0:  # the cell rows this strip touches, numbered from g0 (same bins, same order)
        # the spread as written (float32): a cell's spread is the mean of its pixels in band 2
        values = {"p": np.nan_to_num(r["p"]), "agree": r["agree"], "spread": bands[1].astype(np.float64)}
        cell_sums((g1 - g0, n_cols), tile, y0 - g0 * tile, values, r["ok"], sums)
    return {"bands": bands, "g0": g0, "sums": sums, "n_windows": r["n_windows"]}


def _grid_window_rows(job: dict, y0: int, y1: int):
    """``(yoff, predicted row?, cell row?)`` of the window rows, in order, that the strip of rows
    ``y0 .. y1 - 1`` needs: every predicted row reaching into it, the cell rows starting in it.
    A cell row above the strip keeps its flag: its cell windows are in the same batches there."""
    rows, tile, stride = job["rows"], job["tile"], job["stride"]
    last_pred, last_cell = (rows - tile) // stride * stride, (rows - tile) // tile * tile
    lo = max(0, y0 - tile + 1)
    pred = set(range(-(-lo // stride) * stride, min(y1 - 1, last_pred) + 1, stride))
    cell = set(range(-(-y0 // tile) * tile, min(y1 - 1, last_cell) + 1, tile))
    return [(yoff, yoff in pred, yoff % tile == 0 and yoff <= last_cell) for yoff in sorted(pred | cell)]


def _grid_strip(job: dict, y0: int, y1: int, is_canceled) -> dict:
    """Map rows ``y0 .. y1 - 1`` of the grid framing and the cells of the window rows starting in them
    (:func:`~mfaf_plugin.prediction.inference.predict_window_row`, one window row at a time, the same
    batches as the single-process map)."""
    import torch

    ds, net = _dataset(job), _net(job)
    cols, tile, stride = job["cols"], job["tile"], job["stride"]
    pred_x = set(range(0, (cols - tile) // stride * stride + 1, stride))
    cell_x = set(range(0, (cols - tile) // tile * tile + 1, tile))
    acc, cnt = np.zeros((y1 - y0, cols)), np.zeros((y1 - y0, cols), dtype=np.int32)
    res = {"cell_out": {}, "cell_valid": {}, "n_windows": 0}
    with torch.inference_mode():
        for yoff, is_pred, is_cell in _grid_window_rows(job, y0, y1):
            check_canceled(is_canceled)
            strip, valid = read_window_row(ds, yoff, tile, job["nodatas"], job["scaling"])
            owned = yoff >= y0
            shares, done = predict_window_row(net, strip, valid, pred_x if is_pred else set(),
                                              cell_x if is_cell else set(), job["device"], job["threshold"],
                                              job["batch_size"], job["min_valid"], is_canceled)
            top, bottom = max(yoff, y0) - y0, min(yoff + tile, y1) - y0  # the window's rows in the strip
            for xoff, p, record in done:
                if p is not None:
                    acc[top:bottom, xoff:xoff + tile] += p
                    cnt[top:bottom, xoff:xoff + tile] += 1
                if record is not None and owned:
                    res["cell_out"][(yoff, xoff)] = record
            if owned:
                res["n_windows"] += len(done)
                res["cell_valid"].update({(yoff, x): share for x, share in shares.items()})
    res["bands"] = [_grid_block(ds, job["nodatas"], acc, cnt, y0)]
    return res


def _grid_block(ds, nodatas, acc: np.ndarray, cnt: np.ndarray, y0: int) -> np.ndarray:
    """Mean probability of the windows over each cell (float32); nodata where none or band 1 is nodata."""
    with np.errstate(invalid="ignore", divide="ignore"):
        block = np.where(cnt > 0, acc / np.maximum(cnt, 1), NODATA).astype(np.float32)
    first = ds.GetRasterBand(1).ReadAsArray(0, y0, acc.shape[1], acc.shape[0]).astype(np.float64)
    bad = ~np.isfinite(first)
    if nodatas[0] is not None:
        bad |= first == nodatas[0]
    block[bad] = NODATA
    return block


# -- the whole map (here) -------------------------------------------------------------------------
def _job(setup: dict, threshold: float, batch_size: int, min_valid: float, local: bool) -> dict:
    """What a strip needs; ``local``: this process's open stack and network, else what travels."""
    net, device = setup["net"], setup["device"]
    return {"path": setup["ds"].GetDescription(), "ds": setup["ds"] if local else None,
            "net": net if local or device == "cpu" else copy.deepcopy(net).cpu(), "device": device,
            "framing": "centred" if setup["meta"].get("framing") == "centred" else "grid",
            "scaling": setup["meta"].get("input_scaling"), "nodatas": list(setup["nodatas"]), "rows": setup["rows"],
            "cols": setup["cols"], "tile": setup["tile"], "stride": setup["stride"], "batch_size": int(batch_size),
            "threshold": float(threshold), "min_valid": float(min_valid)}


def predict_strips(setup: dict, out_raster: str, threshold: float, batch_size: int, min_valid_fraction: float,
                   progress: Callable[[float], None] = noop_progress, is_canceled: Callable[[], bool] = never_canceled,
                   scheduler="serial", strip_rows: int = 0, log: Callable[[str], None] = lambda m: None):
    """Write the map of :func:`~mfaf_plugin.prediction.predict.predict_map`'s ``setup`` strip by strip
    (module docstring).

    Args:
        scheduler: ``"serial"`` (here) or where the strips run as Dask tasks ("local:N", an address
            or a ``distributed.Client``).
        strip_rows: about this many rows per strip (0: 256; rounded to the stride).

    Returns:
        ``(cell_out, cell_valid, n_windows)`` as the single-process paths.
    """
    from ..scaleout.dask_runner import is_serial, open_client, run_tasks
    from ..windows.tiling import window_grid

    is_canceled = is_canceled or never_canceled
    rows, cols, tile, stride = setup["rows"], setup["cols"], setup["tile"], setup["stride"]
    job = _job(setup, threshold, batch_size, min_valid_fraction, local=is_serial(scheduler))
    centred = job["framing"] == "centred"
    height = centred_strip_rows(stride, strip_rows) if centred else grid_strip_rows(tile, stride, strip_rows)
    units = [(y0, min(rows, y0 + height)) for y0 in range(0, rows, height)]
    grid = window_grid(rows, cols, tile, tile)
    job["grid_shape"] = (grid.n_rows, grid.n_cols)
    acc = {"cell_out": {}, "cell_valid": {}, "n": 0,
           "sums": {k: np.zeros(grid.n_rows * grid.n_cols) for k in SUM_KEYS} if centred else None}
    t0 = time.perf_counter()
    with atomic_output(out_raster) as tmp:
        band = score_reading(setup["meta"])["band"]
        acc["ds"] = create_output(tmp, setup, [band, "Spread of the score (standard deviation)"] if centred
                                  else [band])
        write = _writer(units, acc, grid.n_cols)
        cost = [y1 - y0 for y0, y1 in units]
        with open_client(scheduler, log) as client:
            if client is None:
                _run_here(job, units, write, cost, progress, is_canceled)
            else:
                n_workers = max(1, len(client.scheduler_info().get("workers", {})))
                run_tasks(client, _strip_unit, units, job, cost, lambda f: progress(0.95 * f), is_canceled, log,
                          on_result=write, max_in_flight=2 * n_workers)
        out_ds = acc.pop("ds")  # the only reference: the file is complete once it is let go
        out_ds.FlushCache()
        out_ds = None
        _check_predicted(acc["n"], centred, tile, min_valid_fraction)
    log("{} strips of {} rows, {} windows in {:.1f} s.".format(len(units), height, acc["n"], time.perf_counter() - t0))
    if centred:
        return cell_records(grid, acc["sums"], tile, threshold, min_valid_fraction) + (acc["n"],)
    return acc["cell_out"], acc["cell_valid"], acc["n"]


def _run_here(job, units, write, cost, progress, is_canceled) -> None:
    done, total = 0, sum(cost)
    for i, unit in enumerate(units):
        check_canceled(is_canceled)

        def within(f, d=done, c=cost[i]):  # the strip's own progress, between strips
            progress(0.95 * (d + c * min(1.0, max(0.0, f))) / total)
        write(i, _strip_unit(job, unit, None, is_canceled, within))
        done += cost[i]
        progress(0.95 * done / total)


def _writer(units, acc: dict, n_cols: int):
    """``write(i, strip result)``: the strip's rows into the map ``acc['ds']``, its cells into the
    summaries (in order)."""

    def write(i: int, r: dict) -> None:
        for b, block in enumerate(r["bands"]):
            acc["ds"].GetRasterBand(b + 1).WriteArray(block, 0, units[i][0])
        acc["n"] += r["n_windows"]
        if acc["sums"] is None:
            acc["cell_out"].update(r["cell_out"])
            acc["cell_valid"].update(r["cell_valid"])
            return
        lo = r["g0"] * n_cols
        for k, part in r["sums"].items():
            acc["sums"][k][lo:lo + len(part)] += part

    return write


def _check_predicted(n: int, centred: bool, tile: int, min_valid: float) -> None:
    if n == 0 and centred:
        raise InputError("The evidence stack has no valid cell (every band holding data): nothing to predict.")
    if n == 0:
        raise InputError("No window of {0} x {0} pixels of the evidence stack has at least {1:.0%} valid "
                         "cells: nothing to predict.".format(tile, min_valid))
