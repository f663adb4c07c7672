"""Spatial k-fold cross-validation: out-of-fold prospectivity for networks and classical baselines.

Protocol (every method sees the same folds, the same training cells and the same held-out cells):

1. The stack's cells are grouped into square blocks, the blocks into ``k`` folds balanced by
   deposits and area (:mod:`mfaf_plugin.windows.folds`). Each fold is held out once.
2. Training area of fold ``f``: the valid cells whose window (grown by ``margin_px``) does not
   reach a held-out cell, so no training window touches the held-out blocks.
3. Band scaling: each band is standardised with the mean and standard deviation of the
   training area's valid cells (``fold_normalization="training"``), so nothing about the
   held-out ground enters through the normalisation; ``"stack"`` keeps the stack's own scaling.
4. Networks (:mod:`mfaf_plugin.training.cell_training`) learn on windows of the whole training
   area (:mod:`mfaf_plugin.windows.sampling`: deposit-centred positives, fresh background
   negatives every epoch, random rotations and flips about the labelled cell) for the set number
   of epochs; the model is the mean of the weights of the last third of the epochs. MFAF networks
   take the small backbone when the training area holds fewer than 100 deposit cells
   (``capacity="auto"``, :func:`models.choose_capacity`). Held-out data never choose anything.
5. Classical baselines (:mod:`mfaf_plugin.evaluation.baselines`) learn from the same positives and
   a seeded sample of the same background cells of the whole training area.
6. Every held-out cell is predicted by the model that never saw its block: an out-of-fold (OOF)
   map per method and seed. The map of a method is the mean over seeds (an ensemble); the
   standard deviation over seeds is its uncertainty.

Framings: ``centred`` (default: a cell's window is centred on it, label = a deposit in the
cell; networks predict every held-out deposit cell by its own window and the background at
stride ``stride_px`` on a grid anchored at a seeded random cell, each cell taking its block
centre's value: an unbiased sample of the background scored exactly, at the cost of the stride;
classical methods every cell) and ``grid`` (the
paper's: windows of the stride = tile grid, label = a deposit anywhere in the window, every cell
takes its window's value).

Figures: :mod:`mfaf_plugin.scoring.cell_figures` per fold and seed (mean +- SD over folds and seeds),
and on the pooled OOF map (per seed, and for the ensemble with block-bootstrap intervals and
paired differences between methods).
"""

import time
from dataclasses import asdict, dataclass, field, replace
from typing import Callable, Dict, Optional, Sequence, Tuple

import numpy as np

from ..common.errors import InputError
from ..common.progress import check_canceled, never_canceled, noop_progress
from ..training.cell_training import auto_dilations
from ..windows.sampling import FRAMINGS
from .methods import CELL_BASELINES, COMBINED, CV_NETWORKS, NETWORKS

__all__ = ["FRAMINGS", "CVSettings", "read_cv_data", "fold_context", "run_deep", "run_classical", "run_unit",
           "prepare", "plan_units", "collect",
           "cross_validate", "cv_task", "run_units_on_dask"]


@dataclass
class CVSettings:
    """Settings of one cross-validation (defaults: the tool's defaults, see docs/RESULTS.md)."""

    n_folds: int = 5
    block_px: int = 0  # 0: auto (see auto_block_px)
    tile_px: int = 32
    framing: str = "centred"
    negative_ratio: float = 4.0
    min_negative_distance_px: float = 2.0
    stride_px: int = 3
    validation_fraction: float = 0.2
    seeds: Tuple[int, ...] = (0, 1)
    fold_seed: int = 0
    epochs: int = 6
    batch_size: int = 64
    min_epoch_windows: int = 1024
    recipe: str = "adamw_onecycle"
    recipe_overrides: dict = field(default_factory=dict)
    augment: bool = True
    beta: float = 0.4
    temperature: float = 1.0
    dilations: Optional[Tuple[int, ...]] = None  # None: auto_dilations(tile_px)
    centre_cell: bool = True  # centred framing: the classifier also sees the centre cell's bands
    model_settings: dict = field(default_factory=dict)  # e.g. channel_attention=False
    capacity: str = "auto"  # MFAF networks: full, small or auto (models.choose_capacity, per fold)
    fold_normalization: str = "training"
    max_classical_negatives: int = 20000
    validation_negatives: int = 2000
    margin_px: int = 1
    min_valid_fraction: float = 0.5  # grid framing: windows with fewer valid cells are not used
    n_bootstrap: int = 1000
    device: str = "auto"

    def block(self) -> int:
        """The block side in cells (resolved by :func:`cross_validate` when 0)."""
        return int(self.block_px)

    def stride(self) -> int:
        return int(self.tile_px) if self.framing == "grid" else max(1, int(self.stride_px))

    def as_dict(self) -> dict:
        d = asdict(self)
        d["seeds"] = list(self.seeds)
        d["block_px"] = self.block()
        d["dilations"] = list(self.dilations) if self.dilations else list(auto_dilations(self.tile_px))
        return d


def _check(settings: CVSettings, methods: Sequence[str]) -> None:
    unknown = [m for m in methods if m not in NETWORKS and m not in CELL_BASELINES and m != COMBINED]
    if unknown or not methods:
        raise InputError("Unknown or no method(s) {}; choose from {}.".format(
            ", ".join(unknown), ", ".join(CV_NETWORKS + CELL_BASELINES + (COMBINED,))))
    if COMBINED in methods and not set(methods) & set(CELL_BASELINES):
        raise InputError("The combined method averages a network and the best classical method: choose at least "
                         "one classical method as well.")
    if settings.framing not in FRAMINGS:
        raise InputError("Unknown framing '{}'; use centred or grid.".format(settings.framing))
    if settings.capacity not in ("auto", "full", "small"):
        raise InputError("Unknown network capacity '{}'; use auto, full or small.".format(settings.capacity))
    if settings.fold_normalization not in ("training", "stack"):
        raise InputError("Fold normalisation must be 'training' or 'stack'.")
    if int(settings.tile_px) < 3 or int(settings.epochs) < 1 or int(settings.batch_size) < 2:
        raise InputError("Windows need at least 3 cells, training at least 1 epoch and batches of at least 2.")
    if not 0.0 < float(settings.validation_fraction) < 1.0 or float(settings.negative_ratio) <= 0:
        raise InputError("The validation share must lie strictly between 0 and 1 and the negative ratio be positive.")
    if not list(settings.seeds) or len(set(settings.seeds)) != len(list(settings.seeds)) or min(settings.seeds) < 0:
        raise InputError("Give one or more distinct seeds of 0 or more, e.g. 0,1,2.")
    if int(settings.n_bootstrap) < 100:
        raise InputError("Use at least 100 bootstrap resamples (1000 recommended).")


def _check_fits(cv: dict, s: CVSettings) -> None:
    """Refuse a window larger than the stack, and fewer than 2 deposit cells (one fold to hold out,
    one to train on), before any block or fold is drawn."""
    rows, cols = cv["valid"].shape
    if int(s.tile_px) > min(rows, cols):
        raise InputError("The window of {0} x {0} cells is larger than the evidence stack ({1} x {2} cells): choose a "
                         "'Window size' of at most {3} cells (a few times smaller leaves room for the folds).".format(
                             int(s.tile_px), rows, cols, min(rows, cols)))
    cells = int((cv["deposits"] > 0).sum())
    if cells < 2:
        raise InputError("Cross-validation needs known deposits in at least 2 cells of the evidence stack; {} cell "
                         "holds one ({} of {} deposits lie on valid cells). Each fold holds deposits out and trains on "
                         "the others: give more known deposits.".format(cells, int(cv["deposits"].sum()),
                                                                      cv["n_deposits"]))


# -- data -----------------------------------------------------------------------------------------
def read_cv_data(stack_path: str, deposits_xy, is_canceled=None, log: Callable[[str], None] = lambda m: None) -> dict:
    """The stack in memory plus the deposits per cell (see :func:`gdal_io.read_stack_arrays`).

    Raises:
        InputError: geographic or missing CRS, no deposit on a valid cell.
    """
    from ..windows.folds import deposit_cells
    from ..common.gdal_io import read_stack_arrays
    from ..data.gridcheck import check_projected
    from ..windows.tiling import point_pixels

    cv = read_stack_arrays(stack_path, is_canceled)
    check_projected(cv["crs_wkt"], "evidence stack")
    rows, cols = cv["valid"].shape
    xy = np.asarray(deposits_xy if deposits_xy is not None else np.zeros((0, 2)), dtype=np.float64).reshape(-1, 2)
    rc = point_pixels(xy, cv["geotransform"], rows, cols)
    inside = rc[:, 0] >= 0
    on_valid = np.zeros(len(rc), dtype=bool)
    on_valid[inside] = cv["valid"][rc[inside, 0], rc[inside, 1]]
    dep = deposit_cells(rc[on_valid], (rows, cols))
    cv.update({"deposits": dep, "n_deposits": int(len(xy)), "n_outside": int((~inside).sum()),
               "n_on_nodata": int((inside & ~on_valid).sum())})
    if not on_valid.any():
        raise InputError("None of the {} deposits lies on a valid cell of the evidence stack: check that the "
                         "deposits and the stack cover the same area (and their CRSs).".format(len(xy)))
    if cv["n_outside"] or cv["n_on_nodata"]:
        log("{} deposits lie outside the stack and {} on nodata cells; they are not used.".format(
            cv["n_outside"], cv["n_on_nodata"]))
    return cv


def fold_context(cv: dict, folds: dict, fold: int, s: CVSettings) -> dict:
    """Held-out cells, training area and band scaling of one fold."""
    from ..windows.band_scaling import standardise
    from ..windows.folds import clear_of

    held = folds["fold"] == int(fold)
    allowed = cv["valid"] & clear_of(held, s.tile_px, s.margin_px)
    data = cv["data"] if s.fold_normalization == "stack" else standardise(cv["data"], cv["valid"], allowed)
    return {"fold": int(fold), "held": held, "allowed": allowed, "test_cells": np.argwhere(held), "data": data}


# -- one network ----------------------------------------------------------------------------------
def run_deep(cv: dict, folds: dict, ctx: dict, method: str, seed: int, s: CVSettings, device: str,
             progress: Callable[[float], None] = noop_progress, is_canceled: Callable[[], bool] = never_canceled,
             log: Callable[[str], None] = lambda m: None) -> dict:
    """Train ``method`` on fold ``ctx['fold']`` with ``seed`` (:func:`fit_deep`); predict its held-out cells.

    Returns:
        dict: ``p`` (P(deposit) of ``ctx['test_cells']``), ``best_epoch``, ``validation_auc``,
        ``history``, ``n_positives``, ``n_windows``.
    """
    from ..prediction.centred import predict_cells
    from ..training.cell_training import fit_deep
    from ..windows.sampling import WindowSource, scoring_offset

    net, info = fit_deep(cv, folds, ctx, method, seed, s, device, lambda f: progress(0.8 * f), is_canceled, log)
    cells = ctx["test_cells"]
    centred = s.framing == "centred"  # there every held-out deposit cell is scored by its own window
    pred = predict_cells(net, WindowSource(ctx["data"], s.tile_px), cells, s.stride(), device,
                         is_canceled=is_canceled, progress=lambda f: progress(0.8 + 0.2 * f),
                         offset=scoring_offset(s.stride(), s.fold_seed, ctx["fold"]) if centred else (0, 0),
                         exact=cv["deposits"][cells[:, 0], cells[:, 1]] > 0 if centred else None)
    return {"p": pred["p_ore"], "n_windows": pred["n_windows"], "capacity": info["settings"].get("capacity"),
            **{k: v for k, v in info.items() if k != "settings"}}


# -- one classical model --------------------------------------------------------------------------
def run_classical(cv: dict, ctx: dict, feats: Dict[str, np.ndarray], method: str, seed: int, s: CVSettings) -> dict:
    """Fit a classical baseline on fold ``ctx['fold']``'s training area; predict its held-out cells."""
    from . import baselines
    from ..windows.sampling import representative_centres, samples

    model, fset = baselines.split_method(method)
    pos, neg = samples(cv, ctx["allowed"], s)
    n_background = len(neg)  # the cells the (possibly sampled) negatives stand for
    rng = np.random.default_rng(int(seed) * 104729 + ctx["fold"] + 1)
    if len(neg) > int(s.max_classical_negatives):
        neg = neg[np.sort(rng.choice(len(neg), int(s.max_classical_negatives), replace=False))]
    stride = s.stride() if s.framing == "grid" else 1
    rep = representative_centres(ctx["test_cells"], stride, cv["valid"].shape)
    p, clf = baselines.fit_predict(model, feats[fset], pos, neg, rep["centres"], seed=seed,
                                   background_cells=n_background, return_model=True)
    return {"p": p[rep["index"]], "best_epoch": None, "validation_auc": None, "history": [],
            "n_positives": int(len(pos)), "n_windows": int(len(rep["centres"])),
            "weights": baselines.weight_rows(clf, baselines.feature_names(fset, cv["band_names"]))}


# -- the whole cross-validation -------------------------------------------------------------------
def _base_method(name: str, variants: Dict[str, dict]) -> str:
    return variants[name]["method"] if name in variants else name


def _variant_settings(name: str, s: CVSettings, variants: Dict[str, dict]) -> CVSettings:
    """Settings of a named variant (e.g. an ablation): ``beta``, ``dilations``, ``model_settings``."""
    v = variants.get(name)
    if not v:
        return s
    return replace(s, **{k: (tuple(val) if k == "dilations" and val is not None else val)
                         for k, val in v.items() if k in ("beta", "dilations", "model_settings")})


def run_unit(cv: dict, folds: dict, ctx: dict, feats: dict, name: str, seed: int, s: CVSettings, device: str,
             variants: Dict[str, dict], progress=noop_progress, is_canceled=never_canceled,
             log: Callable[[str], None] = lambda m: None) -> dict:
    """One (fold, method, seed) run: train, predict the held-out cells, score them."""
    from ..scoring.cell_figures import ranking_figures

    t0 = time.time()
    method = _base_method(name, variants)
    if method in NETWORKS:
        r = run_deep(cv, folds, ctx, method, seed, _variant_settings(name, s, variants), device, progress,
                     is_canceled, log)
    else:
        r = run_classical(cv, ctx, feats, method, seed, s)
    cells = ctx["test_cells"]
    dep = cv["deposits"][cells[:, 0], cells[:, 1]]
    return {"method": name, "seed": int(seed), "fold": ctx["fold"] + 1, **ranking_figures(r["p"], dep),
            "best_epoch": r["best_epoch"], "validation_auc": r["validation_auc"],
            "n_train_deposit_cells": r["n_positives"], "n_test_cells": int(len(cells)),
            "n_test_deposits": int(dep.sum()), "seconds": round(time.time() - t0, 2), "history": r["history"],
            "weights": r.get("weights") or [], "capacity": r.get("capacity"), "p": r["p"]}


def prepare(stack_path: str, deposits_xy, methods: Sequence[str], settings: Optional[CVSettings] = None,
            variants: Optional[Dict[str, dict]] = None, is_canceled: Callable[[], bool] = never_canceled,
            log: Callable[[str], None] = lambda m: None) -> dict:
    """Read the data, resolve the block size, assign the folds, compute the classical features.

    Returns a dict with ``cv``, ``folds``, ``feats``, ``settings``, ``methods``, ``variants``,
    ``device``, ``seeds``: everything :func:`run_unit` needs.
    """
    from .baselines import features
    from ..windows.folds import assign_folds, choose_block_px
    from ..training.device import resolve_device

    s = settings or CVSettings()
    variants = dict(variants or {})
    methods = list(dict.fromkeys(methods))
    _check(s, [_base_method(m, variants) for m in methods])
    base = [_base_method(m, variants) for m in methods]
    device = resolve_device(s.device) if any(m in NETWORKS for m in base) else "cpu"
    cv = read_cv_data(stack_path, deposits_xy, is_canceled, log)
    _check_fits(cv, s)
    if int(s.block_px) <= 0:
        s = replace(s, block_px=choose_block_px(cv["valid"], cv["deposits"], s.tile_px, s.n_folds, s.margin_px,
                                                s.fold_seed))
    folds = assign_folds(cv["valid"], cv["deposits"], s.block(), s.n_folds, s.fold_seed)
    log("Spatial {}-fold cross-validation: blocks of {} x {} cells, deposit cells per fold {}, valid cells per fold "
        "{}.".format(s.n_folds, s.block(), s.block(), folds["deposits_per_fold"].tolist(),
                     folds["cells_per_fold"].tolist()))
    feats = {f: features(f, cv["data"], cv["valid"], s.tile_px)
             for f in {m.rsplit("_", 1)[1] for m in base if m in CELL_BASELINES}}
    return {"cv": cv, "folds": folds, "feats": feats, "settings": s, "methods": methods, "variants": variants,
            "device": device, "seeds": [int(x) for x in s.seeds]}


def collect(plan: dict, runs: Sequence[dict]) -> dict:
    """Assemble the out-of-fold maps from the runs (any order) into :func:`cross_validate`'s result;
    the combined method's runs are made here from the others' (:mod:`.combined`)."""
    from .combined import combined_runs

    if COMBINED in plan["methods"]:
        runs = list(runs) + combined_runs(plan, runs, lambda f: fold_context(plan["cv"], plan["folds"], f,
                                                                             plan["settings"]))
    shape = plan["cv"]["valid"].shape
    seeds = plan["seeds"]
    oof = {m: np.full((len(seeds), shape[0], shape[1]), np.nan, dtype=np.float32) for m in plan["methods"]}
    ordered = sorted(runs, key=lambda r: (r["fold"], plan["methods"].index(r["method"]), seeds.index(r["seed"])))
    for r in ordered:
        cells = np.argwhere(plan["folds"]["fold"] == r["fold"] - 1)
        oof[r["method"]][seeds.index(r["seed"]), cells[:, 0], cells[:, 1]] = r["p"]
    return {"oof": oof, "folds": plan["folds"], "runs": [{k: v for k, v in r.items() if k != "p"} for r in ordered],
            "cv": plan["cv"], "settings": plan["settings"], "methods": plan["methods"], "device": plan["device"],
            "seeds": seeds, "variants": plan["variants"]}


def plan_units(plan: dict) -> list:
    """The (fold, method, seed) units of ``plan`` in the serial order, each with its progress cost
    (epochs for a network, 1 for a classical method): ``[(fold, method, seed, cost), ...]``."""
    s = plan["settings"]
    return [(f, m, seed, s.epochs if _base_method(m, plan["variants"]) in NETWORKS else 1)
            for f in range(s.n_folds) for m in plan["methods"] if m != COMBINED for seed in plan["seeds"]]


def cross_validate(stack_path: str, deposits_xy, methods: Sequence[str] = ("mfaf_shufflenetv2",),
                   settings: Optional[CVSettings] = None, progress: Callable[[float], None] = noop_progress,
                   is_canceled: Callable[[], bool] = never_canceled,
                   log: Callable[[str], None] = lambda m: None, variants: Optional[Dict[str, dict]] = None,
                   scheduler=None) -> dict:
    """Run the spatial k-fold cross-validation of every method (see the module docstring).

    Args:
        stack_path: evidence stack GeoTIFF.
        deposits_xy: (n, 2) deposit coordinates in the stack's CRS.
        methods: names of :data:`~mfaf_plugin.evaluation.methods.NETWORKS` and
            :data:`~mfaf_plugin.evaluation.methods.CELL_BASELINES`, or of
            ``variants``.
        settings: :class:`CVSettings`.
        variants: named variants of a network, ``{name: {"method": m, "beta": b, "dilations":
            (...), "model_settings": {...}}}`` (the ablations of ``mfaf:comparemodels``).
        scheduler: None / "" to run the units here one after another, else where the units run as
            Dask tasks ("local:N", a scheduler address or a ``distributed.Client``; see
            :mod:`mfaf_plugin.scaleout.dask_runner`): the same result.

    Returns:
        dict: ``oof`` {method: (seeds, rows, cols) float32, NaN outside held-out cells},
        ``folds`` (fold plan of :func:`folds.assign_folds`), ``runs`` (one dict per method, seed and
        fold: figures, best epoch, seconds), ``cv`` (stack arrays and deposits), ``settings``,
        ``methods``, ``device``, ``seeds``, ``variants``.

    Raises:
        InputError: unusable data or settings. Canceled: the user canceled.
    """
    from ..scaleout.dask_runner import is_serial

    serial = is_serial(scheduler)  # an unreadable scheduler is refused before the data are read
    plan = prepare(stack_path, deposits_xy, methods, settings, variants, is_canceled, log)
    if not serial:
        return collect(plan, run_units_on_dask(plan, scheduler, progress, is_canceled, log))
    s, seeds, methods = plan["settings"], plan["seeds"], [m for m in plan["methods"] if m != COMBINED]
    cost = {m: (s.epochs if _base_method(m, plan["variants"]) in NETWORKS else 1) for m in methods}
    total = float(s.n_folds * len(seeds) * sum(cost.values()))
    done, runs = 0.0, []
    for f in range(s.n_folds):
        check_canceled(is_canceled)
        ctx = fold_context(plan["cv"], plan["folds"], f, s)
        for m in methods:
            for seed in seeds:
                def sub(x, d=done, c=cost[m]):
                    progress((d + c * min(1.0, max(0.0, x))) / total)

                runs.append(run_unit(plan["cv"], plan["folds"], ctx, plan["feats"], m, seed, s, plan["device"],
                                     plan["variants"], sub, is_canceled, log))
                done += cost[m]
                progress(done / total)
    return collect(plan, runs)


# -- the units as Dask tasks ----------------------------------------------------------------------
_FOLD_CACHE: dict = {}  # on a worker: the last fold context, {(plan token, fold): context}


def cv_task(shared: dict, unit, log, is_canceled) -> dict:
    """One (fold, method, seed) unit of :func:`cross_validate` on a Dask worker (module level, so that
    Dask can pickle it); the fold context is kept for the worker's next unit of the same fold."""
    plan, (fold, method, seed) = shared["plan"], unit
    key = (shared["token"], fold)
    if key not in _FOLD_CACHE:
        _FOLD_CACHE.clear()
        _FOLD_CACHE[key] = fold_context(plan["cv"], plan["folds"], fold, plan["settings"])
    return run_unit(plan["cv"], plan["folds"], _FOLD_CACHE[key], plan["feats"], method, seed, plan["settings"],
                    plan["device"], plan["variants"], noop_progress, is_canceled, log)


def run_units_on_dask(plan: dict, scheduler, progress=noop_progress, is_canceled=never_canceled,
                      log: Callable[[str], None] = lambda m: None) -> list:
    """The runs of every (fold, method, seed) unit of ``plan`` (:func:`prepare`) as Dask tasks
    (:func:`~mfaf_plugin.scaleout.dask_runner.run_tasks`); the plan is sent once to every worker.
    The result is :func:`collect`'s input."""
    import uuid

    from ..scaleout.dask_runner import open_client, run_tasks

    units = plan_units(plan)
    with open_client(scheduler, log) as client:
        log("Cross-validation: {} units (fold, method, seed) as Dask tasks.".format(len(units)))
        return run_tasks(client, cv_task, [u[:3] for u in units], {"plan": plan, "token": uuid.uuid4().hex},
                         [u[3] for u in units], progress, is_canceled, log)
