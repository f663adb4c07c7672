"""The model a geologist maps with, trained on every deposit after the cross-validation.

:func:`train_final_model` trains the chosen network exactly as inside each fold of
:func:`mfaf_plugin.evaluation.crossval.cross_validate` (same framing, windows, recipe, epochs, mean
weights of the last epochs, the network capacity its folds chose), but on the whole area, once per
seed, and writes the seeds as one ensemble model file (``models.Ensemble``; one network with a single seed). Its metadata carries
what prediction needs (bands, stack normalisation, window size, framing, the band scaling of the
training cells, default stride), the cross-validated figures of the method, so the report of
every map made with it can say how well the method ranked unseen ground, and the calibration of
its score fitted on the out-of-fold scores (:func:`oof_calibration`), so a map can give the
calibrated chance of a deposit beside the score, and, when the cross-validation ran the combined
method, the combined method's classical partner (``meta["combined"]``:
:func:`~mfaf_plugin.evaluation.combined_final.final_partner`), so a map can be combined too.
"""

from typing import Callable, Optional, Sequence

import numpy as np

from ..common.progress import never_canceled, noop_progress

__all__ = ["train_final_model", "oof_calibration"]


def oof_calibration(result: dict, method: str) -> dict:
    """The out-of-fold scores of ``method`` (mean over seeds), the deposit cells and the calibration
    fitted on them (:func:`~mfaf_plugin.scoring.calibration.fit_calibration`; None when too few
    deposit cells): ``{"scores", "labels" (valid cells only), "calibration"}``."""
    from ..scoring.calibration import fit_calibration

    with np.errstate(all="ignore"):
        ens = np.nanmean(result["oof"][method], axis=0)
    valid = result["cv"]["valid"] & np.isfinite(ens)
    scores, labels = ens[valid], (result["cv"]["deposits"][valid] > 0).astype(np.int8)
    cell = abs(float(result["cv"]["geotransform"][1]))
    return {"scores": scores, "labels": labels, "calibration": fit_calibration(scores, labels, cell_size_m=cell)}


def train_final_model(result: dict, method: str, out_path: str, summary_row: Optional[dict] = None,
                      stack_name: str = "", others: Sequence[dict] = (), comparisons: Sequence[dict] = (),
                      progress: Callable[[float], None] = noop_progress,
                      is_canceled: Callable[[], bool] = never_canceled,
                      log: Callable[[str], None] = lambda m: None) -> str:
    """Train ``method`` on all blocks of a cross-validation's stack, one member per seed; save.

    Args:
        result: :func:`crossval.cross_validate`'s result (stack arrays, folds, settings).
        method: a network of :data:`~mfaf_plugin.evaluation.methods.NETWORKS`.
        out_path: model file (.pt).
        summary_row: the method's row of :func:`cv_results.summarise` (recorded as its figures).
        others, comparisons: the other methods' rows and the paired comparisons of the same
            summary (recorded as ``metrics["baselines"]`` and ``metrics["comparisons"]``, so that a
            map's report can say whether the network beat the baselines on this area).

    Returns:
        ``out_path``.
    """
    import torch

    from ... import models
    from .. import __version__
    from ..training.cell_training import fit_deep
    from ..data.gridcheck import dataset_grid
    from ..training.modelio import save_model
    from ..training.recipes import make_recipe
    from ..windows.band_scaling import band_scaling, scale_bands

    cv, folds, s, seeds = result["cv"], result["folds"], result["settings"], result["seeds"]
    scaling = band_scaling(cv["data"], cv["valid"], cv["valid"]) if s.fold_normalization == "training" else None
    data = scale_bands(cv["data"], cv["valid"], scaling)
    chosen = [r.get("capacity") for r in result["runs"] if r["method"] == method and r.get("capacity")]
    ctx = {"fold": -1, "label": "all blocks", "allowed": cv["valid"], "data": data,
           "test_cells": np.zeros((0, 2), np.int64),
           "capacity": max(sorted(set(chosen)), key=chosen.count) if chosen else ""}  # the capacity its folds chose
    members, infos = [], []
    for i, seed in enumerate(seeds):
        net, info = fit_deep(cv, folds, ctx, method, seed, s, result["device"],
                             lambda f, i=i: progress((i + f) / len(seeds)), is_canceled, log)
        members.append(net.cpu())
        infos.append(info)
    net = models.Ensemble(members) if len(members) > 1 else members[0]
    figures = _scalars(summary_row or {})
    gt = cv["geotransform"]
    meta = {
        "architecture": method, "settings": infos[0]["settings"], "in_channels": int(cv["data"].shape[0]),
        "band_names": list(cv["band_names"]), "normalization": cv["meta"].get("normalization"),
        "tile_size": int(s.tile_px), "stride": int(s.stride()), "framing": s.framing, "ensemble": len(members),
        "input_scaling": scaling, "class_names": ["no ore", "ore"], "code_version": __version__,
        "calibration": oof_calibration(result, method)["calibration"],
        "metrics": {"out_of_fold": figures, "baselines": [_scalars(r) for r in others],
                    "comparisons": [_scalars(c) for c in comparisons]},
        "seed": int(seeds[0]), "seeds": list(seeds), "epochs": int(s.epochs),
        "selected_epochs": [i["averaged_epochs"] for i in infos],
        "selection": "mean weights of the last third of the epochs, per seed",
        **dataset_grid({"stack_geotransform": list(gt), "crs_wkt": cv["crs_wkt"]}, stack_name),
        "training": {"recipe": make_recipe(s.recipe, **dict(s.recipe_overrides)).as_dict(),
                     "cross_validation": s.as_dict(), "torch_threads": int(torch.get_num_threads()),
                     "torch_version": str(torch.__version__)},
        "dataset": {"name": stack_name, "deposit_cells": int((cv["deposits"] > 0).sum())},
        "device": result["device"],
    }
    from .combined_final import final_partner

    partner = final_partner(result, log)
    if partner is not None:
        meta["combined"] = partner
    save_model(out_path, net, meta)
    progress(1.0)
    return out_path


def _scalars(row: dict) -> dict:
    """The plain values (numbers, text) of a summary or comparison row."""
    return {k: v for k, v in row.items() if isinstance(v, (int, float, str))}
