"""The map picture and the HTML report of a prediction (:func:`mfaf_plugin.prediction.predict.predict_map`).

The report, one self-contained HTML file written atomically, opens with what was run (date,
plugin version, inputs, extent, pixel size, CRS, model) and then shows, in plain words:

* where to drill: the drill targets, greenfield targets (no known deposit) first;
* the maps: ore probability and its uncertainty side by side (:mod:`mfaf_plugin.reports.map_figure`),
  with the ground that holds data but was not predicted hatched and explained;
* how good the map is: one table of figures, each with a sentence saying what it means;
* the prediction-area plot and the capture table (:mod:`mfaf_plugin.reports.prediction_area`);
* the cross-validated figures recorded with the model against the classical baselines, and
  whether the network beat them (models made by 'Cross-validate (spatial folds)');
* small maps of every evidence layer;
* the model described in words.

Rasters larger than :data:`MAX_PIXELS` are shown and measured on a decimated copy (said so).
"""

import datetime
import math
import os
import shutil
import tempfile
from typing import Dict, Optional, Sequence

import numpy as np

from ..common.gdal_io import open_raster
from ..common.numbers import number
from ..scoring.calibration import score_reading
from .prediction_text import (cross_validation_html, figures_rows, model_rows, target_rule, top_words,
                              unpredicted_sentence)

__all__ = ["MAX_PIXELS", "read_maps", "write_map_png", "write_prediction_report"]

MAX_PIXELS = 4_000_000


def _read_band(ds, band: int, shape) -> np.ndarray:
    b = ds.GetRasterBand(band)
    a = b.ReadAsArray(0, 0, ds.RasterXSize, ds.RasterYSize, buf_xsize=shape[1], buf_ysize=shape[0]).astype(np.float64)
    nd = b.GetNoDataValue()
    if nd is not None:
        a[a == nd] = np.nan
    a[~np.isfinite(a)] = np.nan
    return a


def _disagreement(result: dict, shape, gt_small) -> np.ndarray:
    """1 - branch agreement of each cell window, on the (decimated) grid; NaN outside the cells."""
    tile, gt = int(result["tile_size"]), result["geotransform"]
    n_rows = max([c["row"] for c in result["cells"]] + [0]) + 1
    n_cols = max([c["col"] for c in result["cells"]] + [0]) + 1
    grid = np.full((n_rows, n_cols), np.nan)
    for c in result["cells"]:
        if c.get("agreement") is not None:
            grid[c["row"], c["col"]] = 1.0 - c["agreement"]
    r = ((np.arange(shape[0]) + 0.5) * gt_small[5] / gt[5]).astype(int) // tile
    c = ((np.arange(shape[1]) + 0.5) * gt_small[1] / gt[1]).astype(int) // tile
    out = grid[np.minimum(r, n_rows - 1)[:, None], np.minimum(c, n_cols - 1)[None, :]]
    out[(r[:, None] >= n_rows) | (c[None, :] >= n_cols)] = np.nan
    return out


def read_maps(result: dict) -> Dict[str, object]:
    """The probability, its uncertainty, the stack's bands and valid cells on one (decimated) grid.

    Returns a dict: ``prob``, ``uncertainty`` (band 2 of the prediction, else the branches'
    disagreement per cell), ``uncertainty_spec``, ``bands`` (n, rows, cols), ``valid`` (every
    band holds data), ``unpredicted`` (valid but no probability), ``gt`` and ``decimated``.
    """
    ds = open_raster(result["output"], "probability raster")
    rows, cols = ds.RasterYSize, ds.RasterXSize
    f = max(1.0, math.sqrt(rows * cols / float(MAX_PIXELS)))
    shape = (max(1, int(rows / f)), max(1, int(cols / f)))
    gt = result["geotransform"]
    gt_small = [gt[0], gt[1] * cols / shape[1], 0.0, gt[3], 0.0, gt[5] * rows / shape[0]]
    prob = _read_band(ds, 1, shape)
    if ds.RasterCount >= 2:
        unc = _read_band(ds, 2, shape)
        who = "ensemble's members" if int(result["meta"].get("ensemble") or 1) > 1 else "network's branches"
        spec = {"title": "Uncertainty: spread of the " + who, "label": "standard deviation of the score",
                "cmap": "viridis", "vmin": 0.0,
                "vmax": max(0.05, float(np.nanmax(unc)) if np.isfinite(unc).any() else 0.05)}
    else:
        unc = _disagreement(result, shape, gt_small)
        spec = {"title": "Uncertainty: branch disagreement", "label": "share of branches voting against the class",
                "cmap": "viridis", "vmin": 0.0, "vmax": 0.5}
    stack = result.get("stack_ds") or open_raster(result["stack"], "evidence stack")
    bands = np.stack([_read_band(stack, b + 1, shape) for b in range(stack.RasterCount)])
    valid = np.all(np.isfinite(bands), axis=0)
    return {"prob": prob, "uncertainty": unc, "uncertainty_spec": spec, "bands": bands, "valid": valid,
            "unpredicted": valid & ~np.isfinite(prob), "gt": gt_small, "decimated": f > 1.0}


def _map_title(result: dict) -> str:
    return "Drill targets: " + target_rule(result)


def write_map_png(result: dict, path: str, deposits_xy=None, targets: Sequence[dict] = (), maps=None) -> str:
    """The probability and uncertainty maps of a run as one PNG (:func:`map_figure.prediction_map_png`)."""
    from .map_figure import prediction_map_png
    from ..prediction.drill_targets import crs_label

    maps = maps or read_maps(result)
    return prediction_map_png(maps["prob"], maps["uncertainty"], maps["gt"], crs_label(result["crs_wkt"]),
                              list(targets), deposits_xy, path, unpredicted=maps["unpredicted"],
                              uncertainty_spec=maps["uncertainty_spec"], title=_map_title(result))


def _deposit_counts(maps: dict, deposits_xy) -> np.ndarray:
    from ..prediction.predict import deposit_pixels

    counts = np.zeros(maps["prob"].shape, dtype=np.int64)
    if deposits_xy is not None and len(deposits_xy):
        rc = deposit_pixels(deposits_xy, maps["gt"], *counts.shape)
        rc = rc[rc[:, 0] >= 0]
        np.add.at(counts, (rc[:, 0], rc[:, 1]), 1)
    return counts


def _about_html(result: dict, inputs: Dict[str, str]) -> str:
    from .. import __version__
    from .html import metrics_table_html
    from ..prediction.drill_targets import crs_label

    gt, (rows, cols) = result["geotransform"], result["shape"]
    xs, ys = (gt[0], gt[0] + cols * gt[1]), (gt[3], gt[3] + rows * gt[5])
    about = {"Date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
             "Plugin version": __version__, **inputs,
             "Extent (xmin, ymin, xmax, ymax)": "{:.1f}, {:.1f}, {:.1f}, {:.1f}".format(
                 min(xs), min(ys), max(xs), max(ys)),
             "Pixel size": "{:g} x {:g} m ({} columns x {} rows)".format(gt[1], abs(gt[5]), cols, rows),
             "Coordinate reference system": crs_label(result["crs_wkt"]) or "none recorded",
             "Model": model_rows(result["meta"])["Network"]}
    return metrics_table_html(about, title="About this run")


def _targets_html(targets: Sequence[dict], with_deposits: bool) -> str:
    from .html import table_html
    from ..prediction.drill_targets import greenfield_first

    if not targets:
        return "<p>No cell reaches the threshold: no drill target.</p>"
    calibrated = any(t.get("chance") is not None for t in targets)
    head = ["rank", "network score", "share of the map scoring as high"] + (
        ["chance of a deposit (calibrated)"] if calibrated else []) + [
        "easting", "northing", "longitude", "latitude", "known deposits", "greenfield", "branch agreement", "spread"]
    ordered = greenfield_first(targets) if with_deposits else list(targets)

    rows = [[t["rank"], number(t["probability"], "{:.2f}"), top_words(t.get("top_pct"))]
            + ([number(t.get("chance"), "{:.2f} %", scale=100.0)] if calibrated else [])
            + [number(t["easting"], "{:.0f}"), number(t["northing"], "{:.0f}"),
             number(t["longitude"], "{:.5f}"), number(t["latitude"], "{:.5f}"), number(t["deposits"], "{}"),
             {1: "yes", 0: "no"}.get(t["greenfield"], "–"), number(t["agreement"], "{:.2f}"), number(t["spread"], "{:.3f}")]
            for t in ordered[:100]]
    title = ("Drill targets, greenfield first" if with_deposits else "Drill targets by rank") + (
        " (first 100 of {})".format(len(targets)) if len(targets) > 100 else "")
    return table_html(head, rows, title=title)


def _targets_text(result: dict, targets: Sequence[dict], with_deposits: bool) -> str:
    from ..prediction.drill_targets import crs_label

    green = sum(1 for t in targets if t["greenfield"] == 1)
    text = "{} cells of {} x {} pixels are the drill targets: {}. {}".format(
        len(targets), result["tile_size"], result["tile_size"], target_rule(result),
        score_reading(result["meta"])["sentence"])
    if with_deposits:
        text += (" {} of them hold no known deposit (greenfield: new ground to look at) and are listed first; the "
                 "others hold known deposits.".format(green))
    return text + (" Coordinates are the centres of the cells, easting and northing in {}, longitude and latitude "
                   "in WGS 84 ({}; see 'About this run'). Branch agreement (share of the network's branches on the side of the call) and spread "
                   "(standard deviation of the ensemble's probabilities) show how sure the model is: low agreement "
                   "or a large spread means uncertain.".format(
        crs_label(result["crs_wkt"]) or "the map's units",
        "transformation: " + ((result.get("wgs84") or {}).get("name") or "GDAL/PROJ's default")))


def _stats(maps: dict, deposits_xy) -> dict:
    """Deposits per (decimated) pixel, predicted pixels, the P-A curve and the success-rate AUC."""
    from .prediction_area import prediction_area_curve
    from ..scoring.capture import success_rate_curve

    counts = _deposit_counts(maps, deposits_xy)
    ok = np.isfinite(maps["prob"])
    rc = np.argwhere(counts > 0).repeat(counts[counts > 0], axis=0)
    with_deps = deposits_xy is not None and counts[ok].sum() > 0
    return {"counts": counts, "ok": ok,
            "curve": prediction_area_curve(maps["prob"][ok], counts[ok]) if with_deps else None,
            "success_rate_auc": success_rate_curve(maps["prob"], ok, rc)[2]}


def _sections(result, maps, stats, targets, deposits_xy, test_eval, inputs, tmp) -> list:
    from .map_figure import evidence_maps_png
    from .prediction_area import capture_shares, prediction_area_png
    from .html import metrics_table_html, table_html

    with_deps = deposits_xy is not None
    counts, ok, curve = stats["counts"], stats["ok"], stats["curve"]
    sections = [{"html": _about_html(result, inputs)},
                {"heading": "Where to drill", "text": _targets_text(result, targets, with_deps),
                 "html": _targets_html(targets, with_deps)},
                {"heading": "Maps", "text": unpredicted_sentence(result, maps, counts, deposits_xy),
                 "images": [(write_map_png(result, os.path.join(tmp, "map.png"), deposits_xy, targets, maps),
                             "Left: network score (it ranks ground; not a probability); target cells outlined and "
                             "labelled with their rank (greenfield targets in magenta); triangles: known deposits. "
                             "Right: how uncertain the score "
                             "is.")]}]
    sections.append({"heading": "How good is this map",
                     "html": table_html(["figure", "value", "what it means"],
                                        figures_rows(result, targets, stats, deposits_xy, test_eval), title="Figures")})
    if curve is not None:
        cap = capture_shares(maps["prob"][ok], counts[ok])
        rows = [["top {} % of the area".format(k[3:]), "{:.0f} %".format(100 * v)] for k, v in cap.items()]
        pa = prediction_area_png(curve, os.path.join(tmp, "pa.png"), int(counts[ok].sum()))
        sections.append({"heading": "Prediction-area plot and capture table",
                         "text": "How many known deposits the most prospective part of the map holds. The curves "
                                 "cross where the map holds as large a share of the deposits as the share of the "
                                 "area it leaves out (Yousefi and Carranza 2015); a good map crosses high.",
                         "images": [(pa, "")],
                         "html": table_html(["most prospective", "share of the known deposits"], rows,
                                            title="Capture table")})
    cv = cross_validation_html(result["meta"])
    if cv:
        sections.append({"heading": "Cross-validation: the network against classical baselines", "html": cv})
    ev = [(evidence_maps_png(maps["bands"], result["band_names"], maps["gt"], os.path.join(tmp, "bands.png")),
           "The evidence layers the model reads (stack values).")]
    sections.append({"heading": "Evidence layers", "images": ev})
    sections.append({"heading": "Model", "html": metrics_table_html(model_rows(result["meta"]), title="Model")})
    return sections


def write_prediction_report(path: str, result: dict, deposits_xy=None, test_eval=None,
                            targets: Optional[Sequence[dict]] = None, inputs: Optional[Dict[str, str]] = None,
                            title: str = "MFAF prospectivity map", maps: Optional[dict] = None,
                            zones: Optional[dict] = None) -> dict:
    """Write the HTML report of a :func:`~mfaf_plugin.prediction.predict.predict_map` run (module docstring).

    Args:
        test_eval: :func:`~mfaf_plugin.evaluation.test_split.evaluate_test_split` of a held-out tile dataset.
        targets: :func:`~mfaf_plugin.prediction.drill_targets.drill_targets` (computed when None).
        inputs: {what: which file} shown at the top (e.g. evidence stack, model, deposits).
        maps: :func:`read_maps` of the run when already read (e.g. for the PNG map), else read here.
        zones: :func:`~mfaf_plugin.prediction.zones.target_zones` of the run with ``explained`` (the summary
            of :func:`~mfaf_plugin.prediction.explain_run.explain_zones_and_targets`): the target zones and
            "why here" sections (:mod:`mfaf_plugin.reports.zones_report`).

    Returns:
        ``{"success_rate_auc": float (NaN without deposits), "path": path}``.
    """
    from .html import write_html_report
    from ..prediction.drill_targets import drill_targets

    maps = maps or read_maps(result)
    stats = _stats(maps, deposits_xy)
    targets = drill_targets(result, deposits_xy is not None) if targets is None else targets
    tmp = tempfile.mkdtemp(prefix="mfaf_report_")
    try:
        sections = _sections(result, maps, stats, targets, deposits_xy, test_eval, inputs or {}, tmp)
        if maps["decimated"]:
            sections[2]["text"] += " The maps and figures use a decimated copy of the raster."
        if zones is not None:
            from .zones_report import zone_sections

            sections[3:3] = zone_sections(result, maps, zones, targets, tmp)  # after the maps
        write_html_report(path, title, sections)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"success_rate_auc": stats["success_rate_auc"], "path": path}
