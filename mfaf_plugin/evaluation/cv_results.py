"""Tables and rasters of a spatial cross-validation (:func:`mfaf_plugin.evaluation.crossval.cross_validate`).

* :func:`summarise`: per method the figures of the ensemble's out-of-fold map (mean over seeds)
  with block-bootstrap 95 % intervals, the mean +- SD of the per-fold, per-seed figures, the
  per-seed pooled figures, and paired block-bootstrap differences of every method against the
  reference method (the first network, else the first method);
* :func:`write_outputs`: out-of-fold GeoTIFFs (band 1 the ensemble's mean, band 2 the standard
  deviation over seeds), the fold-id GeoTIFF, the fold blocks as polygons, and the CSV tables
  ``cv_summary.csv``, ``cv_folds.csv``, ``cv_comparisons.csv``, ``cv_history.csv``, and
  ``cv_weights_of_evidence.csv`` (W+, W-, contrast and studentised contrast per layer, fold and
  seed) when weights of evidence ran, ``cv_combined.csv`` (per fold the inner cross-validated
  AUC of every classical method and which the combined map used) when the combined method ran.

Every file is written to a temporary name and renamed only when complete.
"""

import json
import os
from typing import Dict, List, Optional

import numpy as np

from ..common.gdal_io import NODATA, write_raster
from ..common.run_outputs import atomic_output
from ..common.tables import write_csv
from ..scoring.cell_figures import FIGURES, block_bootstrap, ranking_figures, summarise as mean_sd
from ..scoring.intervals import paired_difference
from .combined import CHOICE_COLUMNS, choice_rows
from .methods import COMBINED, NETWORKS, method_label
from .wofe import TABLE_COLUMNS

__all__ = ["FIGURE_LABELS", "six_decimals", "summarise", "paired", "write_outputs", "SUMMARY_COLUMNS", "FOLD_COLUMNS"]

FIGURE_LABELS = {
    "cell_auc": "cell AUC",
    "top1": "deposits in top 1 % of area",
    "top5": "deposits in top 5 %",
    "top10": "deposits in top 10 %",
    "top20": "deposits in top 20 %",
    "success_rate_auc": "success-rate AUC",
}
SUMMARY_COLUMNS = (["method", "label", "n_seeds", "n_folds", "n_deposits", "mean_best_epoch", "seconds"]
                   + [c for f in FIGURES for c in (f, f + "_ci_low", f + "_ci_high", f + "_fold_mean", f + "_fold_sd",
                                                   f + "_seed_sd")])
FOLD_COLUMNS = (["method", "seed", "fold"] + list(FIGURES)
                + ["best_epoch", "validation_auc", "n_train_deposit_cells", "n_test_cells", "n_test_deposits", "seconds"])
COMPARISON_COLUMNS = ["method_a", "method_b", "figure", "diff", "diff_ci_low", "diff_ci_high", "verdict"]
HISTORY_COLUMNS = ["method", "seed", "fold", "epoch", "train_loss", "validation_loss", "validation_auc"]
WEIGHTS_COLUMNS = ["method", "seed", "fold"] + TABLE_COLUMNS


def six_decimals(v: float) -> float:
    """The cross-validation tables' rounding of a float."""
    return round(v, 6)



def _pooled(result: dict, values: np.ndarray) -> Dict[str, float]:
    dep = result["cv"]["deposits"]
    ok = np.isfinite(values)
    return ranking_figures(values[ok], dep[ok])


def _bootstrap(result: dict, values: np.ndarray, n_bootstrap: int, seed: int):
    """Block-bootstrap intervals and the per-resample figures (for paired differences)."""
    dep, block = result["cv"]["deposits"], result["folds"]["block"]
    ok = np.isfinite(values)
    return block_bootstrap(values[ok], dep[ok], block[ok], n_bootstrap=n_bootstrap, seed=seed, return_draws=True)


def summarise(result: dict, reference: Optional[str] = None) -> dict:
    """Summary rows per method, fold rows, paired comparisons (see the module docstring)."""
    s = result["settings"]
    methods = result["methods"]
    variants = result.get("variants") or {}
    reference = reference or next((m for m in methods if variants.get(m, {}).get("method", m) in NETWORKS),
                                  methods[0])
    rows, draws = [], {}
    for m in methods:
        stack = result["oof"][m]
        with np.errstate(all="ignore"):
            ens = np.nanmean(stack, axis=0) if len(stack) > 1 else stack[0]
        point = _pooled(result, ens)
        ci, draws[m] = _bootstrap(result, ens, s.n_bootstrap, result["seeds"][0])
        runs = [r for r in result["runs"] if r["method"] == m]
        per_fold = mean_sd(runs)
        per_seed = mean_sd([_pooled(result, layer) for layer in stack])
        epochs = [r["best_epoch"] for r in runs if r["best_epoch"] is not None]
        row = {"method": m, "label": variants.get(m, {}).get("label") or method_label(m), "n_seeds": len(stack), "n_folds": s.n_folds,
               "n_deposits": int(result["cv"]["deposits"][np.isfinite(ens)].sum()),
               "mean_best_epoch": float(np.mean(epochs)) if epochs else float("nan"),
               "seconds": round(sum(r["seconds"] for r in runs), 1)}
        for f in FIGURES:
            row.update({f: point[f], f + "_ci_low": ci[f][0], f + "_ci_high": ci[f][1],
                        f + "_fold_mean": per_fold[f][0], f + "_fold_sd": per_fold[f][1],
                        f + "_seed_sd": per_seed[f][1]})
        rows.append(row)
    pairs = [(reference, m) for m in methods if m != reference]
    if COMBINED in methods and COMBINED != reference:  # the combined map against every single method
        pairs += [(COMBINED, m) for m in methods if m not in (reference, COMBINED)]
    comparisons = [c for a, b in pairs for c in _compared(rows, draws, a, b)]
    return {"summary": rows, "folds": [{k: r.get(k) for k in FOLD_COLUMNS} for r in result["runs"]],
            "comparisons": comparisons, "reference": reference}


def _compared(rows: List[dict], draws: dict, a: str, b: str) -> List[dict]:
    """The rows of ``cv_comparisons.csv`` of methods a and b: a - b per figure, paired by resample."""
    point_a = next(r for r in rows if r["method"] == a)
    point_b = next(r for r in rows if r["method"] == b)
    out = []
    for f in FIGURES:
        c = paired_difference(draws[a][f], draws[b][f], point_a[f], point_b[f])
        verdict = {"a better": "{} better".format(a), "b better": "{} better".format(b)}.get(c["verdict"], c["verdict"])
        out.append({"method_a": a, "method_b": b, "figure": f, "diff": c["diff"],
                    "diff_ci_low": c["ci_low"], "diff_ci_high": c["ci_high"], "verdict": verdict})
    return out


def paired(summary: dict, a: str, b: str, figure: str = "cell_auc") -> Optional[dict]:
    """The paired difference a - b of ``figure`` from a summary's comparisons (or the rows of
    ``cv_comparisons.csv``), whichever way round the table holds the pair: ``{"diff", "low", "high"}``,
    or None when the pair was not compared."""
    for c in summary["comparisons"]:
        if c["figure"] != figure:
            continue
        if (c["method_a"], c["method_b"]) == (a, b):
            return {"diff": c["diff"], "low": c["diff_ci_low"], "high": c["diff_ci_high"]}
        if (c["method_a"], c["method_b"]) == (b, a):
            return {"diff": -c["diff"], "low": -c["diff_ci_high"], "high": -c["diff_ci_low"]}
    return None


def _history_rows(result: dict) -> List[dict]:
    out = []
    for r in result["runs"]:
        for h in r.get("history") or []:
            out.append({"method": r["method"], "seed": r["seed"], "fold": r["fold"], **h})
    return out


def _weight_rows(result: dict) -> List[dict]:
    """The weights of evidence per layer of every weights-of-evidence run (fold, seed)."""
    return [{"method": r["method"], "seed": r["seed"], "fold": r["fold"], **w}
            for r in result["runs"] for w in r.get("weights") or []]


def oof_raster(result: dict, method: str, path: str) -> str:
    """Band 1: mean over seeds of the out-of-fold probability; band 2: standard deviation over seeds."""
    stack = result["oof"][method]
    with np.errstate(all="ignore"):
        mean = np.nanmean(stack, axis=0)
        sd = np.nanstd(stack, axis=0) if len(stack) > 1 else np.where(np.isfinite(mean), 0.0, np.nan)
    cv = result["cv"]
    meta = {"CROSSVALIDATION": json.dumps({"method": method, "seeds": result["seeds"],
                                           "settings": result["settings"].as_dict()}, sort_keys=True)}
    return write_raster(path, np.stack([mean, sd]).astype(np.float32), cv["geotransform"], cv["crs_wkt"],
                        band_names=["out-of-fold ore probability ({})".format(method),
                                    "standard deviation over seeds"], nodata=NODATA, metadata=meta,
                        metadata_domain="MFAF")


def folds_raster(result: dict, path: str) -> str:
    from osgeo import gdal

    cv = result["cv"]
    fold = result["folds"]["fold"].astype(np.int16) + 1  # folds 1..k, 0 = not used
    return write_raster(path, fold, cv["geotransform"], cv["crs_wkt"], band_names=["fold (1..k, 0 = not used)"],
                        nodata=0, dtype=gdal.GDT_Int16)


def folds_polygons(result: dict, path: str) -> str:
    """The fold blocks as polygons (field ``fold``, 1..k) in a GeoPackage."""
    from osgeo import gdal, ogr, osr

    cv = result["cv"]
    fold = (result["folds"]["fold"].astype(np.int16) + 1)
    mem = gdal.GetDriverByName("MEM").Create("", fold.shape[1], fold.shape[0], 1, gdal.GDT_Int16)
    mem.SetGeoTransform(cv["geotransform"])
    mem.SetProjection(cv["crs_wkt"])
    band = mem.GetRasterBand(1)
    band.WriteArray(fold)
    with atomic_output(path) as tmp:
        vds = ogr.GetDriverByName("GPKG").CreateDataSource(tmp)
        lyr = vds.CreateLayer("folds", srs=osr.SpatialReference(wkt=cv["crs_wkt"]), geom_type=ogr.wkbPolygon)
        lyr.CreateField(ogr.FieldDefn("fold", ogr.OFTInteger))
        gdal.Polygonize(band, band, lyr, 0)
        vds = None
    return path


def write_outputs(result: dict, summary: dict, folder: str, rasters: Optional[Dict[str, str]] = None) -> dict:
    """Write every output of a cross-validation into ``folder`` (see the module docstring).

    Args:
        rasters: optional explicit paths ``{method: path}`` of out-of-fold rasters; the others go
            to ``folder/oof_<method>.tif``.

    Returns:
        dict of the written paths: ``oof`` {method: path}, ``folds``, ``fold_blocks``, ``summary``,
        ``fold_table``, ``comparisons``, ``history``, ``weights`` and ``combined`` (when those methods ran).
    """
    os.makedirs(folder, exist_ok=True)
    rasters = dict(rasters or {})
    out = {"oof": {}}
    for m in result["methods"]:
        out["oof"][m] = oof_raster(result, m, rasters.get(m) or os.path.join(folder, "oof_{}.tif".format(m)))
    out["folds"] = folds_raster(result, rasters.get("__folds__") or os.path.join(folder, "folds.tif"))
    out["fold_blocks"] = folds_polygons(result, os.path.join(folder, "fold_blocks.gpkg"))
    out["summary"] = write_csv(os.path.join(folder, "cv_summary.csv"), SUMMARY_COLUMNS, summary["summary"], six_decimals)
    out["fold_table"] = write_csv(os.path.join(folder, "cv_folds.csv"), FOLD_COLUMNS, summary["folds"], six_decimals)
    out["comparisons"] = write_csv(os.path.join(folder, "cv_comparisons.csv"), COMPARISON_COLUMNS,
                                   summary["comparisons"], six_decimals)
    hist = _history_rows(result)
    out["history"] = write_csv(os.path.join(folder, "cv_history.csv"), HISTORY_COLUMNS, hist, six_decimals)
    weights = _weight_rows(result)
    if weights:
        out["weights"] = write_csv(os.path.join(folder, "cv_weights_of_evidence.csv"), WEIGHTS_COLUMNS, weights,
                                   six_decimals)
    choices = choice_rows(result)
    if choices:
        out["combined"] = write_csv(os.path.join(folder, "cv_combined.csv"), CHOICE_COLUMNS, choices, six_decimals)
    return out
