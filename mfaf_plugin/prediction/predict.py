"""Stage 6: apply a trained model to every window of an evidence stack.

:func:`predict_map` writes a float32 GeoTIFF of ore probability on the stack's exact grid and
returns one record per numbered cell (the windows of the stride = tile-size grid, numbered as
``mfaf:maketiles`` numbers them with :func:`mfaf_plugin.windows.tiling.window_grid`).

How the map is made:

* The stack is read strip by strip (one row of windows at a time, GDAL window reads), the
  strip's windows are batched through the model under ``torch.inference_mode()``, so memory is
  bounded by one strip (bands x tile x columns) plus one strip of the output, whatever the area.
* Nodata cells enter the network as 0, as in the tile dataset (``mfaf_plugin.windows.tile_dataset``: "nodata
  cells filled with 0"); a window whose share of valid cells (a cell is valid when every band
  holds data) is below ``min_valid_fraction`` gets no prediction.
* With ``stride`` = tile size (the default) the windows do not overlap and every pixel of a
  window gets the window's probability (mean over branches of the softmax ore probability,
  ``models.branch_outputs``'s ``p_ore``). With a smaller stride the windows overlap and each
  pixel gets the mean of the probabilities of the windows that cover it.
* Output pixels are nodata where the stack's first band is nodata and where no window covers
  them: windows that would extend past the right or bottom raster edge are not used (the
  window-grid rule shared with ``mfaf:maketiles``), so a margin narrower than one stride there
  stays nodata.

Cells (the stride = tile-size grid) carry the class and target flag (both: probability >=
threshold, the one rule of ``models.branch_outputs``, also behind accuracy / recall / F1), the
branches' votes (branches whose own probability reaches the threshold) and agreement, a rank
by probability and the known deposits inside.
When the prediction stride does not divide into the cell grid, the cell windows are evaluated
as well (they are whole windows of the same size), so a cell's record always comes from the
model's output for exactly that window.
"""

import time
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal

from ..common.errors import InputError
from ..common.gdal_io import NODATA, open_raster, read_stack_metadata
from ..common.progress import check_canceled, noop_progress
from ..common.run_outputs import atomic_output
from ..data.gridcheck import check_stack_grid
from ..data.plausibility import stack_value_warnings
from ..scoring.calibration import apply_calibration, score_reading, top_shares
from ..training.device import resolve_device
from .inference import create_output, load_predictor, predict_window_row, read_window_row, stack_nodatas

__all__ = [
    "DEFAULT_MIN_VALID_FRACTION",
    "check_compatible",
    "predict_map",
    "cell_windows",
    "deposit_pixels",
]

gdal.UseExceptions()

DEFAULT_MIN_VALID_FRACTION = 0.5
_REL_TOL = 1e-6


# -- checks ---------------------------------------------------------------------------------------
def _close(a, b) -> bool:
    a, b = float(a), float(b)
    if a == b:
        return True
    return abs(a - b) <= _REL_TOL * max(abs(a), abs(b))


def _check_transform(s_tr: Optional[dict], m_tr: Optional[dict], hint: str) -> None:
    """Refuse a stack whose element transform (``data.transforms``: method, bands, floors) is not the model's."""
    def text(tr):
        return "no transform" if not tr else "{} of {}".format(tr.get("method"), ", ".join(tr.get("bands") or []))

    same = (not s_tr and not m_tr) or (
        bool(s_tr) and bool(m_tr) and s_tr.get("method") == m_tr.get("method")
        and list(s_tr.get("bands") or []) == list(m_tr.get("bands") or [])
        and len(s_tr.get("floors") or []) == len(m_tr.get("floors") or [])
        and all(_close(a, b) for a, b in zip(s_tr.get("floors") or [], m_tr.get("floors") or [])))
    if not same:
        raise InputError("The evidence stack does not match the model: its element bands have {} but the model "
                         "was trained on {} (with the same floors for values of 0 or less). Build the stack with "
                         "'Normalise like' set to the model file.{}".format(text(s_tr), text(m_tr), hint))


def check_compatible(stack_meta: dict, model_meta: dict, stack_band_count: Optional[int] = None) -> None:
    """Refuse a stack whose bands or normalisation differ from those the model was trained on.

    Args:
        stack_meta: :func:`~mfaf_plugin.common.gdal_io.read_stack_metadata` of the stack.
        model_meta: the model's metadata (``band_names``, ``normalization``, ``in_channels``).
        stack_band_count: the raster's band count, when known.

    Raises:
        InputError: naming the first difference (band position and names, or the
            normalisation method or parameter) and what to do.
    """
    hint = (" Build the stack with mfaf:stacklayers from the same layers, in the same order and "
            "with the same normalisation as the training stack (the model's metadata lists them).")
    s_bands = [str(b) for b in stack_meta.get("bands", [])]
    m_bands = [str(b) for b in model_meta.get("band_names", [])]
    if stack_band_count is not None and len(s_bands) != stack_band_count:
        s_bands = (s_bands + ["band_{}".format(i + 1) for i in range(stack_band_count)])[:stack_band_count]
    if len(s_bands) != len(m_bands):
        raise InputError(
            "The evidence stack has {} bands ({}) but the model was trained on {} ({}).{}".format(
                len(s_bands), ", ".join(s_bands), len(m_bands), ", ".join(m_bands), hint))
    for i, (s, m) in enumerate(zip(s_bands, m_bands)):
        if s != m:
            raise InputError("The evidence stack does not match the model: band {} is '{}' in the stack "
                             "but '{}' in the model.{}".format(i + 1, s, m, hint))
    in_ch = model_meta.get("in_channels")
    if in_ch is not None and int(in_ch) != len(s_bands):
        raise InputError("The model expects {} input bands, the stack has {}.".format(in_ch, len(s_bands)))
    s_norm = stack_meta.get("normalization") or {"method": "none", "params": None}
    m_norm = model_meta.get("normalization") or {"method": "none", "params": None}
    s_method, m_method = str(s_norm.get("method", "none")), str(m_norm.get("method", "none"))
    if s_method != m_method:
        raise InputError("The evidence stack does not match the model: the stack is normalised with "
                         "'{}' but the model was trained on '{}'.{}".format(s_method, m_method, hint))
    _check_transform(s_norm.get("transform"), m_norm.get("transform"), hint)
    s_params = s_norm.get("params") or [None] * len(s_bands)
    m_params = m_norm.get("params") or [None] * len(m_bands)
    for i, name in enumerate(s_bands):
        sp = s_params[i] if i < len(s_params) else None
        mp = m_params[i] if i < len(m_params) else None
        if (sp is None) != (mp is None):
            raise InputError("The evidence stack does not match the model: band {} '{}' has normalisation "
                             "parameters {} in the stack but {} in the model.{}".format(i + 1, name, sp, mp, hint))
        if sp is None:
            continue
        if len(sp) != len(mp) or not all(_close(a, b) for a, b in zip(sp, mp)):
            raise InputError(
                "The evidence stack does not match the model: band {} '{}' is normalised with "
                "({}) in the stack but ({}) in the model ({} normalisation (raw - a) / b with (a, b))."
                "{}".format(i + 1, name, ", ".join("{:.9g}".format(v) for v in sp),
                            ", ".join("{:.9g}".format(v) for v in mp), s_method, hint))


# -- grid -----------------------------------------------------------------------------------------
def cell_windows(rows: int, cols: int, tile_size: int, stride: int) -> List[Tuple[int, int, int, int, int]]:
    """Windows of ``tiling.window_grid`` as ``(cell_id, row, col, yoff, xoff)`` tuples, row-major."""
    from ..windows.tiling import window_grid

    return [tuple(int(v) for v in w) for w in window_grid(rows, cols, tile_size, stride)]


def deposit_pixels(deposits_xy, geotransform: Sequence[float], rows: int, cols: int) -> np.ndarray:
    """Pixel (row, col) of each deposit, (-1, -1) outside the raster (``tiling.point_pixels``'s rule:
    a point exactly on the right or bottom edge belongs to the last column or row)."""
    from ..windows.tiling import point_pixels

    return point_pixels(deposits_xy if deposits_xy is not None else np.zeros((0, 2)), geotransform, rows, cols)


# -- prediction -----------------------------------------------------------------------------------
def predict_map(
    stack_path: str,
    model,
    out_raster: str,
    stride: Optional[int] = None,
    threshold: float = 0.5,
    device: str = "auto",
    deposits_xy=None,
    batch_size: int = 64,
    min_valid_fraction: float = DEFAULT_MIN_VALID_FRACTION,
    progress: Optional[Callable[[float], None]] = None,
    is_canceled: Optional[Callable[[], bool]] = None,
    log: Optional[Callable[[str], None]] = None,
    scheduler=None,
    strip_rows: int = 0,
    target_share: float = 0.0,
) -> dict:
    """Predict ore probability over an evidence stack and number the cells.

    Args:
        stack_path: evidence stack GeoTIFF (mfaf:stacklayers).
        model: path of a model file (``modelio.save_model``) or a ``(module, meta)`` pair
            (:func:`~mfaf_plugin.prediction.inference.load_predictor`: a caller that needs the model
            again loads it once and passes the pair).
        out_raster: destination GeoTIFF (float32 ore probability, nodata = ``gdal_io.NODATA``),
            written atomically on the stack's grid (same geotransform, CRS, size).
        stride: window step in pixels; None or 0 = the model's tile size (no overlap). Smaller
            values average the overlapping windows' probabilities per pixel.
        threshold: cells with probability (network score) >= threshold are targets (when
            ``target_share`` is 0).
        target_share: > 0: the targets are the best-scoring cells making up this share (0..1) of
            the scored cells ("the top 5 % of the map"), whatever their score.
        device: "auto", "cpu" or "cuda".
        deposits_xy: (n, 2) known deposit coordinates in the stack's CRS, or None.
        batch_size: at most this many windows (of one strip) per forward pass; the result does
            not depend on it (the model is in eval mode).
        min_valid_fraction: windows with a smaller share of valid cells get no prediction.
        progress, is_canceled: callbacks (fraction 0..1; cancel raises ``Canceled``).
        log: optional callback for informative messages.
        scheduler: None / "" to predict here strip after strip; "serial" (the strip units here),
            "local:N", a Dask scheduler address or a ``distributed.Client`` to predict the strips
            as Dask tasks (:mod:`mfaf_plugin.prediction.strips`): the same map and cells.
        strip_rows: about this many rows per strip (0: 256).

    Returns:
        dict with ``output`` (path), ``cells`` (list of dicts: cell_id, row, col, xoff, yoff,
        bounds (xmin, ymin, xmax, ymax), valid_fraction, probability, votes, branches, class,
        class_name, agreement, spread (mean of band 2 over the cell, centred maps), rank, top_share
        (share of the scored cells scoring at least as high), chance (calibrated, None without a
        calibration: :mod:`mfaf_plugin.scoring.calibration`), deposits, target; unpredicted cells
        have None values and target False), ``target_cells``, ``deposits_total`` (deposits inside
        the raster), ``deposits_scored`` (those inside a scored cell), ``deposits_in_targets``,
        ``deposit_share`` (in targets / scored: deposits in no scored cell do not count; NaN
        without deposits), ``reading`` ("calibrated" or "area share"), ``target_share``,
        ``deposits_rows_cols``, ``n_windows`` (windows predicted), ``tile_size``, ``stride``,
        ``device``, ``geotransform``, ``crs_wkt``, ``shape`` (rows, cols), ``meta`` (model
        metadata), ``stack`` (path) and ``stack_ds`` (the stack, open: the report and the band
        influence read it without opening it again), ``seconds``.

    Raises:
        InputError: stack and model do not match, the tile is larger than the stack, a bad
            parameter, or no window has enough valid cells.
        Canceled: the user canceled (no output is left behind).
    """
    progress = progress or noop_progress
    log = log or (lambda _m: None)
    t0 = time.perf_counter()
    strips = _check_scheduler(scheduler)
    if not 0.0 <= float(target_share or 0.0) <= 1.0:
        raise InputError("The share of the map to take as targets must lie between 0 and 1 (0 = use the score "
                         "threshold).")
    setup = _open_checked(stack_path, model, stride, device, min_valid_fraction, log)
    cell_out, cell_valid, n_pred = _predict_raster(setup, out_raster, threshold, max(1, int(batch_size)),
                                                   min_valid_fraction, progress, is_canceled, strips, scheduler,
                                                   strip_rows, log)
    res = _assemble(setup, cell_out, cell_valid, deposits_xy, threshold, target_share)
    progress(1.0)
    res.update({"output": out_raster, "stack": stack_path, "stack_ds": setup["ds"], "n_windows": n_pred,
                "seconds": time.perf_counter() - t0})
    return res


def _check_scheduler(scheduler) -> bool:
    """Whether the strips run through :mod:`mfaf_plugin.prediction.strips`; a bad scheduler string is
    refused here, before the model is loaded."""
    strips = scheduler not in (None, "")
    if strips:
        from ..scaleout.dask_runner import parse_scheduler

        if isinstance(scheduler, str):
            parse_scheduler(scheduler)  # refused before the model is loaded
    return strips


def _predict_raster(setup: dict, out_raster: str, threshold: float, batch_size: int, min_valid_fraction: float,
                    progress, is_canceled, strips: bool, scheduler, strip_rows: int, log):
    """Write the map by the path the request calls for: strips (Dask or serial), centred or grid framing.

    Returns ``(cell_out, cell_valid, n_windows)``.
    """
    if strips or setup["meta"].get("framing") == "centred":  # the centred framing always goes strip by strip
        from .strips import predict_strips

        return predict_strips(setup, out_raster, threshold, batch_size, min_valid_fraction, progress, is_canceled,
                              scheduler if strips else "serial", strip_rows, log)
    return _predict_grid_raster(setup, out_raster, threshold, batch_size, min_valid_fraction, progress,
                                is_canceled)


def _open_checked(stack_path: str, model, stride, device: str, min_valid_fraction: float, log) -> dict:
    """Open the stack and the model, check they fit together; the shared set-up of a prediction."""
    ds = open_raster(stack_path, "evidence stack")
    rows, cols, n_bands = ds.RasterYSize, ds.RasterXSize, ds.RasterCount
    gt = list(ds.GetGeoTransform())
    if gt[2] != 0 or gt[4] != 0:
        raise InputError("The evidence stack '{}' is rotated (its geotransform has rotation terms); "
                         "warp it to a north-up grid first.".format(stack_path))
    stack_meta = read_stack_metadata(ds)
    crs_wkt = ds.GetProjection() or ""
    device = resolve_device(device)
    net, meta = load_predictor(model, device)
    check_stack_grid(gt, crs_wkt, meta, warn=log)
    check_compatible(stack_meta, meta, n_bands)
    tile = int(meta.get("tile_size") or 0)
    if tile <= 0:
        raise InputError("The model's metadata has no tile size.")
    centred = meta.get("framing") == "centred"
    stride = int(stride) if stride else (int(meta.get("stride") or 1) if centred else tile)
    if stride <= 0:
        raise InputError("The stride must be a positive number of pixels (0 = the model's default).")
    if stride > tile:
        log("Stride {} px is larger than the tile size {} px: pixels between windows get no "
            "prediction.".format(stride, tile))
    if tile > rows or tile > cols:
        raise InputError("The model's tiles are {0} x {0} pixels but the evidence stack is only {1} x {2} "
                         "pixels (rows x columns): use a larger stack or a model trained on smaller "
                         "tiles.".format(tile, rows, cols))
    if not 0.0 <= float(min_valid_fraction) <= 1.0:
        raise InputError("The minimum valid fraction must lie between 0 and 1.")
    nodatas = stack_nodatas(ds, stack_meta)
    for warning in stack_value_warnings(ds, nodatas, stack_meta):
        log(warning)
    return {"ds": ds, "rows": rows, "cols": cols, "n_bands": n_bands, "gt": gt, "crs_wkt": crs_wkt,
            "stack_meta": stack_meta, "device": device, "net": net, "meta": meta, "tile": tile, "stride": stride,
            "nodatas": nodatas}


def _predict_grid_raster(setup: dict, out_raster: str, threshold: float, batch_size: int,
                         min_valid_fraction: float, progress, is_canceled):
    """The paper's framing here: windows of the stride grid, each pixel the mean of the windows over it,
    row of windows after row (:func:`~mfaf_plugin.prediction.inference.predict_window_row`, as the
    strips of :mod:`mfaf_plugin.prediction.strips` do), finished rows written as the buffer moves down.

    Returns ``(cell_out, cell_valid, n_windows)``: branch outputs and valid share of the cell
    windows (stride = tile grid), keyed by (yoff, xoff).
    """
    import torch

    rows, cols, tile, stride = setup["rows"], setup["cols"], setup["tile"], setup["stride"]
    pred_by_y, cell_by_y, yoffs = _window_rows(rows, cols, tile, stride)
    cell_out: Dict[Tuple[int, int], dict] = {}  # (yoff, xoff) -> branch outputs of a cell window
    cell_valid: Dict[Tuple[int, int], float] = {}
    n_pred = 0
    buf = _RollingMean(setup["ds"].GetRasterBand(1), setup["nodatas"], tile, cols)
    net = setup["net"].eval()
    with atomic_output(out_raster) as tmp:
        out_ds = create_output(tmp, setup, [score_reading(setup["meta"])["band"]])
        out_band = out_ds.GetRasterBand(1)
        with torch.inference_mode():
            for i_strip, yoff in enumerate(yoffs):
                check_canceled(is_canceled)
                buf.move_to(out_band, yoff)  # rows above this strip are final: write them
                strip, valid = read_window_row(setup["ds"], yoff, tile, setup["nodatas"],
                                               setup["meta"].get("input_scaling"))
                shares, done = predict_window_row(net, strip, valid, pred_by_y.get(yoff, set()),
                                                  cell_by_y.get(yoff, set()), setup["device"], threshold, batch_size,
                                                  min_valid_fraction, is_canceled)
                cell_valid.update({(yoff, x): share for x, share in shares.items()})
                for xoff, p, record in done:
                    if p is not None:
                        buf.add(xoff, p)
                    if record is not None:
                        cell_out[(yoff, xoff)] = record
                n_pred += len(done)
                progress(0.95 * (i_strip + 1) / len(yoffs))
        buf.finalize(out_band, buf.top, rows)
        out_band.FlushCache()
        out_band = None
        out_ds = None
        if n_pred == 0:
            raise InputError("No window of {0} x {0} pixels of the evidence stack has at least {1:.0%} valid "
                             "cells: nothing to predict.".format(tile, min_valid_fraction))
    return cell_out, cell_valid, n_pred


def _window_rows(rows: int, cols: int, tile: int, stride: int):
    """x offsets per y offset of the predicted windows (stride grid) and of the cell windows (tile grid),
    and every y offset of either, in increasing order."""
    pred_windows = cell_windows(rows, cols, tile, stride)
    cells = cell_windows(rows, cols, tile, tile)
    pred_by_y: Dict[int, set] = {}
    for _cid, _r, _c, y, x in pred_windows:
        pred_by_y.setdefault(y, set()).add(x)
    cell_by_y: Dict[int, set] = {}
    for _cid, _r, _c, y, x in cells:
        cell_by_y.setdefault(y, set()).add(x)
    yoffs = sorted(set(pred_by_y) | set(cell_by_y))
    return pred_by_y, cell_by_y, yoffs


class _RollingMean:
    """Rolling accumulator over output rows [top, top + tile): sums and counts of the probabilities of
    the windows over each pixel. Rows above the current strip are final (strips come in increasing
    yoff) and are written out before the buffer moves down."""

    def __init__(self, band1, nodatas: Sequence[Optional[float]], tile: int, cols: int):
        self.band1, self.nodatas, self.tile, self.cols = band1, nodatas, tile, cols
        self.acc = np.zeros((tile, cols), dtype=np.float64)
        self.cnt = np.zeros((tile, cols), dtype=np.int32)
        self.top = 0

    def finalize(self, out_band, y0: int, y1: int) -> None:
        """Write output rows [y0, y1) from the buffer (or nodata below its reach)."""
        if y1 <= y0:
            return
        cols, top = self.cols, self.top
        block = np.full((y1 - y0, cols), NODATA, dtype=np.float32)
        inbuf = max(0, min(y1, top + self.tile) - y0)
        if inbuf:
            s, c = self.acc[y0 - top:y0 - top + inbuf], self.cnt[y0 - top:y0 - top + inbuf]
            with np.errstate(invalid="ignore", divide="ignore"):
                block[:inbuf] = np.where(c > 0, s / np.maximum(c, 1), NODATA).astype(np.float32)
        first = self.band1.ReadAsArray(0, y0, cols, y1 - y0).astype(np.float64)
        bad = ~np.isfinite(first)
        if self.nodatas[0] is not None:
            bad |= first == self.nodatas[0]
        block[bad] = NODATA
        out_band.WriteArray(block, 0, y0)

    def move_to(self, out_band, yoff: int) -> None:
        """Write the final rows above ``yoff`` and move the buffer's top down to ``yoff``."""
        self.finalize(out_band, self.top, yoff)
        shift = yoff - self.top
        acc, cnt = self.acc, self.cnt
        if shift >= self.tile:
            acc[:] = 0
            cnt[:] = 0
        elif shift > 0:
            acc[:-shift] = acc[shift:]
            cnt[:-shift] = cnt[shift:]
            acc[-shift:] = 0
            cnt[-shift:] = 0
        self.top = yoff

    def add(self, xoff: int, p) -> None:
        """Add probability ``p`` over the window starting at column ``xoff`` (all buffer rows)."""
        self.acc[:, xoff:xoff + self.tile] += p
        self.cnt[:, xoff:xoff + self.tile] += 1


def _rank_and_read(records: List[dict], meta: dict, threshold: float, target_share: float) -> None:
    """Rank the scored cells, give each its share of the map scoring at least as high (``top_share``)
    and its calibrated chance (``chance``, None without a calibration), and flag the targets: the
    cells in the top ``target_share`` of the scored cells when it is > 0, else the cells scoring at
    least ``threshold``."""
    scored = sorted((rec for rec in records if rec["probability"] is not None),
                    key=lambda rec: (-rec["probability"], rec["cell_id"]))
    probs = np.array([rec["probability"] for rec in scored], dtype=float)
    shares = top_shares(probs, probs)
    cal = meta.get("calibration") if isinstance(meta.get("calibration"), dict) else None
    chances = apply_calibration(cal, probs) if cal else [None] * len(scored)
    for i, rec in enumerate(scored):
        rec["rank"] = i + 1
        rec["top_share"] = float(shares[i])
        rec["chance"] = None if chances[i] is None else float(chances[i])
        rec["target"] = (rec["top_share"] <= float(target_share) + 1e-12 if target_share and target_share > 0
                         else rec["probability"] >= threshold)


def _assemble(setup: dict, cell_out: dict, cell_valid: dict, deposits_xy, threshold: float,
              target_share: float = 0.0) -> dict:
    """Cell records (the stride = tile grid) with rank, deposits and target flag, and the totals."""
    rows, cols, tile, gt = setup["rows"], setup["cols"], setup["tile"], setup["gt"]
    cells = cell_windows(rows, cols, tile, tile)
    dep_rc = deposit_pixels(deposits_xy, gt, rows, cols)
    dep_in = dep_rc[dep_rc[:, 0] >= 0]
    records = []
    for cid, r, c, yoff, xoff in cells:
        x0, x1 = gt[0] + xoff * gt[1], gt[0] + (xoff + tile) * gt[1]
        y0, y1 = gt[3] + yoff * gt[5], gt[3] + (yoff + tile) * gt[5]
        rec = {"cell_id": cid, "row": r, "col": c, "yoff": yoff, "xoff": xoff,
               "bounds": (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
               "valid_fraction": cell_valid.get((yoff, xoff), 0.0),
               "probability": None, "votes": None, "branches": None, "class": None, "class_name": None,
               "agreement": None, "spread": None, "rank": None, "target": False, "deposits": None,
               "top_share": None, "chance": None}
        if (yoff, xoff) in cell_out:
            rec.update(cell_out[(yoff, xoff)])
            rec["class_name"] = "ore" if rec["class"] == 1 else "no ore"
        if deposits_xy is not None:
            rec["deposits"] = int(np.sum((dep_in[:, 0] >= yoff) & (dep_in[:, 0] < yoff + tile)
                                         & (dep_in[:, 1] >= xoff) & (dep_in[:, 1] < xoff + tile)))
        records.append(rec)
    meta = setup["meta"]
    _rank_and_read(records, meta, threshold, target_share)
    n_target = sum(1 for rec in records if rec["target"])
    in_targets = sum(rec["deposits"] or 0 for rec in records if rec["target"])
    total = int(len(dep_in))
    scored = sum(rec["deposits"] or 0 for rec in records if rec["probability"] is not None)
    share = float(in_targets) / scored if scored else float("nan")
    return {
        "cells": records, "target_cells": n_target, "deposits_total": total, "deposits_scored": int(scored),
        "deposits_in_targets": int(in_targets), "deposit_share": share, "deposits_rows_cols": dep_rc,
        "tile_size": tile, "stride": setup["stride"], "threshold": float(threshold),
        "target_share": float(target_share or 0.0), "reading": score_reading(meta)["kind"],
        "device": setup["device"], "geotransform": gt, "crs_wkt": setup["crs_wkt"], "shape": (rows, cols),
        "band_names": list(meta.get("band_names", [])), "meta": meta, "framing": meta.get("framing") or "grid",
    }


