"""The combined method outside the cross-validation: the partner a model file carries, and the
combined map of an area.

The rule is that of :mod:`.combined`, applied to the whole area once the folds are done:

1. :func:`final_partner`: an inner :data:`~.combined.INNER_FOLDS`-fold cross-validation on every
   block (the inner folds of :mod:`.combined`, first seed, seeded as one more fold after the last)
   picks the classical method with the best inner cell AUC. Its training rows (the feature values
   of the deposit cells and of at most ``max_classical_negatives`` background cells, seeded, as in
   every fold) are recorded with the method, the seed and the window, so that the partner is
   refitted exactly where it is used: a fitted forest is not a plain value a model file can carry
   safely (model files load with ``weights_only=True``), its training rows are.
2. :func:`combined_map`: on a stack with the model's bands, the partner is refitted from those rows,
   scores every valid cell, and the combined score of a cell is the mean of its rank on the
   network's map and its rank on the partner's map, each scaled to (0, 1]: the share of the map
   scoring at most as high, averaged. A rank score, not a probability.
"""

import base64
from typing import Callable, Optional

import numpy as np

from ..common.errors import InputError
from .combined import components, inner_aucs, rank_mean
from .methods import CELL_BASELINES, COMBINED

__all__ = ["PARTNER_VERSION", "final_partner", "partner_rows", "combined_map"]

PARTNER_VERSION = 1


def _packed(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode("ascii")


def _unpacked(text: str, shape) -> np.ndarray:
    a = np.frombuffer(base64.b64decode(text.encode("ascii")), dtype="<f4")
    if a.size != int(np.prod(shape)):
        raise InputError("The model file's combined partner is damaged ({} values where {} were recorded)."
                         .format(a.size, int(np.prod(shape))))
    return a.reshape(shape)


def final_partner(result: dict, log: Callable[[str], None] = lambda m: None) -> Optional[dict]:
    """The combined method's partner for the model file (step 1 of the module docstring), or None
    when the cross-validation ran no combined method or no classical method."""
    from . import baselines
    from ..windows.sampling import samples

    variants = result.get("variants") or {}
    base = {m: variants.get(m, {}).get("method", m) for m in result["methods"]}
    classical = [m for m in result["methods"] if base[m] in CELL_BASELINES]
    if COMBINED not in result["methods"] or not classical:
        return None
    cv, s, seed = result["cv"], result["settings"], int(result["seeds"][0])
    fsets = sorted({baselines.split_method(base[m])[1] for m in classical})
    feats = {f: baselines.features(f, cv["data"], cv["valid"], s.tile_px) for f in fsets}
    whole = int(s.n_folds)  # the whole area's seeds follow the folds' (0 .. n_folds - 1) as one more "fold"
    aucs = inner_aucs(cv, {"fold": whole, "allowed": cv["valid"]}, feats, [base[m] for m in classical], s, seed)
    method = components(aucs, network="network")[1]
    model, fset = baselines.split_method(method)
    pos, neg = samples(cv, cv["valid"], s)
    n_background = len(neg)
    rng = np.random.default_rng(seed * 104729 + whole + 1)  # the folds' rule (crossval.run_classical)
    if len(neg) > int(s.max_classical_negatives):
        neg = neg[np.sort(rng.choice(len(neg), int(s.max_classical_negatives), replace=False))]
    cells = np.concatenate([pos, neg])
    x = feats[fset][:, cells[:, 0], cells[:, 1]].T
    log("Combined method for the model file: the network with {} (inner cross-validated cell AUC {:.3f}; "
        "{} deposit and {} background training cells recorded).".format(method, aucs[method], len(pos), len(neg)))
    return {"version": PARTNER_VERSION, "method": method, "model": model, "features": fset,
            "tile_size": int(s.tile_px), "seed": seed, "background_cells": int(n_background),
            "n_positive": int(len(pos)), "n_rows": int(len(x)), "n_features": int(x.shape[1]),
            "feature_names": baselines.feature_names(fset, cv["band_names"]),
            "rows_float32_base64": _packed(x), "inner_auc": {m: float(v) for m, v in aucs.items()}}


def partner_rows(partner: dict):
    """The partner's training rows and labels ``(x, y)`` as recorded (deposit rows first)."""
    try:
        n, k, n_pos = int(partner["n_rows"]), int(partner["n_features"]), int(partner["n_positive"])
        x = _unpacked(partner["rows_float32_base64"], (n, k))
    except (KeyError, TypeError, ValueError) as e:
        raise InputError("The model file's combined partner is incomplete ({}); cross-validate again with "
                         "the combined method to write a new model file.".format(e))
    y = np.r_[np.ones(n_pos, np.int64), np.zeros(n - n_pos, np.int64)]
    return x, y


def combined_map(stack_path: str, network_raster: str, partner: dict, out_path: str,
                 is_canceled: Optional[Callable[[], bool]] = None,
                 log: Callable[[str], None] = lambda m: None) -> dict:
    """Write the combined map (step 2): band 1 the combined rank score, band 2 the partner's P(deposit).

    ``network_raster``: the network's map of the same stack (band 1; its nodata cells stay nodata).
    Returns ``{"output", "method", "cells"}``.
    """
    from osgeo import gdal

    from . import baselines
    from ..common.gdal_io import NODATA, read_stack_arrays, write_raster
    from ..common.progress import check_canceled
    from ..common.run_outputs import current_path

    if int(partner.get("version", 0)) != PARTNER_VERSION:
        raise InputError("The model file's combined partner has format {}; this plugin reads format {}.".format(
            partner.get("version"), PARTNER_VERSION))
    x, y = partner_rows(partner)
    stack = read_stack_arrays(stack_path, is_canceled)
    tile = partner.get("tile_size")
    if not isinstance(tile, int) or not 1 <= tile <= min(stack["valid"].shape):
        raise InputError("The model file's combined partner has window {!r:.20}: not a window of this stack."
                         .format(tile))
    feats = baselines.features(partner["features"], stack["data"], stack["valid"], tile)
    if feats.shape[0] != x.shape[1]:
        raise InputError("The model's combined partner was fitted on {} features; this stack gives {}.".format(
            x.shape[1], feats.shape[0]))
    ds = gdal.Open(current_path(network_raster))  # the staged map while the run has not committed
    band = ds.GetRasterBand(1)
    net = band.ReadAsArray().astype(np.float64)
    nd = band.GetNoDataValue()
    ds = None
    ok = stack["valid"] & np.isfinite(net) & ((net != nd) if nd is not None else True)
    cells = np.argwhere(ok)
    if len(cells) == 0:
        raise InputError("The network's map has no scored cell: no combined map can be made.")
    check_canceled(is_canceled)
    clf = baselines.fit_rows(partner["model"], x, y, seed=int(partner["seed"]),
                             background_cells=partner.get("background_cells"))
    check_canceled(is_canceled)
    p = baselines.predict_cells_of(clf, feats, cells)
    score = np.full(net.shape, np.nan, np.float32)
    other = np.full(net.shape, np.nan, np.float32)
    score[ok] = rank_mean([net[ok], p])
    other[ok] = p
    write_raster(out_path, np.stack([score, other]), stack["geotransform"], stack["crs_wkt"],
                 band_names=["combined rank score (network and {}; share of the map, not a probability)".format(
                     partner["method"]), "P(deposit) of {}".format(partner["method"])], nodata=NODATA)
    log("Combined map: the mean of each cell's rank on the network's map and on the map of {} ({} cells).".format(
        partner["method"], len(cells)))
    return {"output": out_path, "method": partner["method"], "cells": int(len(cells))}
