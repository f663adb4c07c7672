"""Honest comparison of MFAF with its baselines on held-out tiles (the kind of the paper's Tables 3-6).

Every method sees the same tile dataset (``mfaf:maketiles``), the same split, the same seeds and
the same training settings:

* training uses only ``split == 0`` tiles (noise copies and SMOTE tiles included);
* evaluation uses only untouched held-out windows, ``split == 1`` and ``origin == 0``. The paper
  augmented its test set too; we do not, so our test counts are smaller and honest;
* nothing is tuned on the test split: deep models keep the epoch with the best AUC on
  the dataset's validation tiles (after the learning-rate warm-up) (``split == 2``, blocks set apart from the training side), or their
  last epoch when the dataset has none; no threshold search (0.5 as in the paper).

Methods: the seven networks of ``models.build_model`` (``mfaf_*`` = the paper's "ResNet18*" and
"ShuffleNetV2*") and two classical baselines the paper did not run, a random forest and a
logistic regression on per-tile band statistics (mean, standard deviation, minimum, maximum
and 90th percentile of each band over the tile's valid cells).

Figures, all on the held-out tiles:

* accuracy, ROC AUC, recall and F1 at threshold 0.5 (``metrics.classification_metrics``);
* deposit-level figures: the share of the held-out known deposits (``deposit_count`` of the
  held-out ore tiles) inside the top 10 % and 20 % of the held-out area, tiles ranked by the
  predicted ore probability (every window has the same area), and the area under the
  success-rate curve over the held-out tiles (:mod:`mfaf_plugin.scoring.capture`; tied
  probabilities are taken together, so the figures are the expectation over any order);
* a percentile bootstrap 95 % interval of every figure (test tiles resampled with replacement,
  seeded; with several training seeds each resample scores the mean over seeds, so the interval
  is that of the reported mean), the standard deviation over training seeds, and paired
  bootstrap intervals of the difference between each MFAF model and each baseline (same
  resamples for both): an interval that contains 0 allows no conclusion.

The core function is :func:`compare_models`; ``mfaf:comparemodels`` only converts parameters.
"""

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..windows.tile_dataset import load_dataset
from ..common.errors import InputError
from ..common.tables import write_csv
from ..common.progress import Steps, check_canceled, never_canceled, noop_progress
from ..scoring.tile_figures import METRICS, bootstrap_indices, bootstrap_intervals, paired_differences, score
from ..training.device import resolve_device
from .methods import (DEFAULT_DILATIONS, NETWORKS, TABLE_FILES, TILE_BASELINES,
                      TILE_METHODS, RunSpec, parse_seeds, plan_runs, run_name, setting_text)

__all__ = [
    "held_out_mask",
    "TrainConfig",
    "compare_models",
]

# -- selecting tiles ------------------------------------------------------------------------------
def held_out_mask(arrays: Dict[str, np.ndarray]) -> np.ndarray:
    """True for the tiles evaluation may use: held-out (split 1) real windows (origin 0)."""
    return (np.asarray(arrays["split"]) == 1) & (np.asarray(arrays["origin"]) == 0)


def train_mask(arrays: Dict[str, np.ndarray]) -> np.ndarray:
    """True for the training tiles (split 0, augmented copies included)."""
    return np.asarray(arrays["split"]) == 0


# -- training one configuration -------------------------------------------------------------------
@dataclass
class TrainConfig:
    """Settings shared by every deep run (``training.train``'s; None = the recipe's value)."""

    epochs: int = 30
    batch_size: int = 32
    recipe: str = "adamw_onecycle"
    lr: Optional[float] = None
    momentum: Optional[float] = None
    weight_decay: Optional[float] = None
    lr_step: Optional[int] = None
    lr_gamma: Optional[float] = None
    augment: bool = True
    beta: float = 0.4
    temperature: float = 1.0
    device: str = "cpu"


def fit_predict_deep(spec: RunSpec, arrays_train: Dict[str, np.ndarray], x_test: np.ndarray, y_test: np.ndarray,
                     seed: int, config: TrainConfig, progress=noop_progress, is_canceled=never_canceled,
                     log: Callable[[str], None] = lambda s: None) -> np.ndarray:
    """Train one network with the project's training loop and return P(ore) of ``x_test``.

    The loop is ``training.train`` (the configured recipe, beta self-distillation, seeded). It
    writes a model file, here into a temporary folder removed afterwards. With validation tiles
    (``arrays_train`` keys ``x_val`` / ``y_val``) the epoch of the best validation AUC (after the warm-up) is kept,
    else the last. The held-out tiles are passed as its "test" split only so that its per-epoch
    log shows them; nothing is chosen from those figures.
    """
    import torch

    from ...models import branch_outputs
    from ..training.modelio import load_model
    from ..training.tile_training import train

    beta = config.beta if spec.beta is None else spec.beta
    n_train, n_test = len(arrays_train["y"]), len(y_test)
    x_val = np.asarray(arrays_train.get("x_val", np.zeros((0,) + np.shape(x_test)[1:])), dtype=np.float32)
    y_val = np.asarray(arrays_train.get("y_val", np.zeros(0)))
    arrays = {
        "x": np.concatenate([np.asarray(arrays_train["x"], dtype=np.float32), np.asarray(x_test, dtype=np.float32),
                             x_val]),
        "y": np.concatenate([np.asarray(arrays_train["y"]), np.asarray(y_test), y_val]).astype(np.int64),
        "split": np.concatenate([np.zeros(n_train, np.int8), np.ones(n_test, np.int8), np.full(len(y_val), 2, np.int8)]),
    }
    tmp = tempfile.mkdtemp(prefix="mfaf-compare-model-")
    try:
        path = os.path.join(tmp, "model.pt")
        train((arrays, {}), path, architecture=spec.method, settings=spec.settings(), epochs=config.epochs,
              batch_size=config.batch_size, recipe=config.recipe, lr=config.lr, momentum=config.momentum,
              weight_decay=config.weight_decay, lr_step=config.lr_step, lr_gamma=config.lr_gamma,
              augment=config.augment, beta=beta, temperature=config.temperature, device=config.device,
              seed=int(seed), progress=progress, is_canceled=is_canceled, log=log)
        net, _meta = load_model(path, config.device)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out = []
    with torch.no_grad():
        for start in range(0, n_test, 128):
            xb = torch.from_numpy(np.ascontiguousarray(x_test[start:start + 128], dtype=np.float32)).to(config.device)
            out.append(branch_outputs(net(xb))["p_ore"].detach().cpu().numpy())
    return np.concatenate(out).astype(np.float64) if out else np.zeros(0)


def train_unit(spec: RunSpec, seed: int, arrays_train: Dict[str, np.ndarray], x_test: np.ndarray,
               y_test: np.ndarray, config: TrainConfig, progress=noop_progress, is_canceled=never_canceled,
               log: Callable[[str], None] = lambda s: None) -> np.ndarray:
    """One (configuration, seed) unit of :func:`compare_models`: P(ore) of the held-out tiles."""
    log("Training {} (settings {}, beta {}) with seed {}".format(
        spec.method, json.dumps(spec.settings()), spec.key(config.beta)[1], seed))
    if spec.method in TILE_BASELINES:
        from .baselines import fit_predict_classical

        p = fit_predict_classical(spec.method, arrays_train["x"], arrays_train["y"], x_test, seed)
    else:
        p = fit_predict_deep(spec, arrays_train, x_test, y_test, seed, config, progress, is_canceled, log)
    if not np.all(np.isfinite(p)):
        raise InputError("{} produced non-finite probabilities (seed {}): lower the learning rate."
                         .format(spec.method, seed))
    return p


def compare_task(shared: dict, unit, log, is_canceled) -> tuple:
    """One (configuration, seed) unit of :func:`compare_models` on a Dask worker (module level, so
    that Dask can pickle it): ``(p, seconds)``."""
    spec, seed = unit
    d, t0 = shared["data"], time.time()
    p = train_unit(spec, seed, d["arrays_train"], d["x_test"], d["y_test"], shared["config"], noop_progress,
                   is_canceled, log)
    return p, time.time() - t0


def _units_on_dask(units: Sequence[tuple], data: dict, config, scheduler, progress, is_canceled, log) -> list:
    """``(p, seconds)`` of every ``(RunSpec, seed)`` unit as Dask tasks
    (:func:`~mfaf_plugin.scaleout.dask_runner.run_tasks`); ``data`` (``arrays_train``, ``x_test``,
    ``y_test``) is sent once to every worker."""
    from ..scaleout.dask_runner import open_client, run_tasks

    with open_client(scheduler, log) as client:
        log("Model comparison: {} units (configuration, seed) as Dask tasks.".format(len(units)))
        return run_tasks(client, compare_task, list(units), {"data": data, "config": config}, None, progress,
                         is_canceled, log)


def _train_all(runs: Dict[tuple, RunSpec], seeds, arrays_train, x_test, y_test, config, scheduler, progress, steps,
               is_canceled, log):
    """Every (configuration, seed) unit, here one after another or as Dask tasks (``scheduler``,
    :mod:`mfaf_plugin.scaleout.dask_runner`): ``({key: [p per seed]}, {key: mean seconds per seed})``."""
    from ..scaleout.dask_runner import is_serial

    units = [(key, spec, seed) for key, spec in runs.items() for seed in seeds]
    if is_serial(scheduler):
        done = []
        for i, (key, spec, seed) in enumerate(units):
            check_canceled(is_canceled)
            t0 = time.time()
            done.append((train_unit(spec, seed, arrays_train, x_test, y_test, config, steps.step(i), is_canceled,
                                    log), time.time() - t0))
            steps.step(i + 1)(0.0)
    else:
        data = {"arrays_train": arrays_train, "x_test": x_test, "y_test": y_test}
        done = _units_on_dask([(spec, seed) for _key, spec, seed in units], data, config, scheduler,
                              lambda f: progress(f * len(units) / (len(units) + 1)), is_canceled, log)
    preds: Dict[tuple, List[np.ndarray]] = {key: [] for key in runs}
    seconds: Dict[tuple, float] = {key: 0.0 for key in runs}
    for (key, _spec, _seed), (p, sec) in zip(units, done):
        preds[key].append(p)
        seconds[key] += sec / len(seeds)
    return preds, seconds


# -- the comparison -------------------------------------------------------------------------------
def _check_dataset(arrays, meta, path) -> None:
    for key in ("x", "y", "split", "origin", "deposit_count"):
        if key not in arrays:
            raise InputError("The tile dataset '{}' lacks the array '{}': make it again with mfaf:maketiles."
                             .format(path, key))
    test = held_out_mask(arrays)
    train = train_mask(arrays)
    y = np.asarray(arrays["y"])
    if not test.any():
        raise InputError("The tile dataset '{}' has no held-out real tiles (split 1, origin 0): make tiles "
                         "with a test share above 0.".format(path))
    if len(np.unique(y[train])) < 2:
        raise InputError("The training split of '{}' holds only one class: the models cannot learn. Use more "
                         "deposits, a smaller tile size or a different split.".format(path))
    if (y[test] == 1).sum() == 0 or (y[test] == 0).sum() == 0:
        raise InputError("The held-out tiles of '{}' hold only one class ({} ore, {} no ore): AUC and recall "
                         "are undefined. Use a smaller tile size or a larger test share."
                         .format(path, int((y[test] == 1).sum()), int((y[test] == 0).sum())))


def _check_tile_size(methods: Sequence[str], in_channels: int, tile_px: int) -> None:
    """Refuse, before any training, networks that cannot take tiles of ``tile_px`` pixels."""
    from ...models import build_model

    too_small = []
    for m in sorted(set(methods) & set(NETWORKS)):
        need = int(getattr(build_model(m, int(in_channels)), "min_tile_px", 1))
        if tile_px < need:
            too_small.append("{} needs at least {} px".format(m, need))
    if too_small:
        raise InputError("The tiles have {} px: {}. Leave those methods out or make larger tiles with "
                         "mfaf:maketiles.".format(tile_px, "; ".join(too_small)))


def _pct(v: float) -> float:
    return round(100.0 * v, 2) if v is not None and np.isfinite(v) else float("nan")


TABLE_COLUMNS = (
    ["table", "method", "setting", "split_method", "n_seeds", "n_train_tiles", "n_test_tiles", "n_test_ore",
     "n_test_deposits"]
    + [c for m in METRICS for c in (m, m + "_ci_low", m + "_ci_high", m + "_seed_std")]
    + ["train_seconds"]
)


def compare_models(dataset_path: str, output_folder: str, methods: Sequence[str] = TILE_METHODS,
                   ablations: Sequence[str] = (), ablation_base: str = "mfaf_resnet18",
                   config: Optional[TrainConfig] = None, seeds="0", n_bootstrap: int = 1000, threshold: float = 0.5,
                   dilations: Sequence[int] = DEFAULT_DILATIONS,
                   progress: Callable[[float], None] = noop_progress, is_canceled: Callable[[], bool] = never_canceled,
                   log: Callable[[str], None] = lambda s: None, scheduler=None) -> dict:
    """Train every requested configuration on the training tiles and score it on the held-out tiles.

    Args:
        dataset_path: tile dataset (.npz) written by ``mfaf:maketiles``.
        output_folder: folder for ``table3_methods.csv`` ... ``table6_dilation.csv`` (those whose
            rows were requested), ``comparisons.csv`` (paired differences MFAF - baseline),
            ``predictions_test.csv`` (P(ore) per held-out tile, run and seed).
        methods: subset of :data:`~mfaf_plugin.evaluation.methods.TILE_METHODS` (Table 3 rows).
        ablations: subset of :data:`~mfaf_plugin.evaluation.methods.ABLATIONS`, run on ``ablation_base``.
        config: :class:`TrainConfig` shared by every deep run.
        seeds: training seeds (list or "0,1,2"); figures are means over seeds.
        n_bootstrap: bootstrap resamples of the held-out tiles (seeded with the first seed).
        threshold: probability threshold of the class figures (the paper's 0.5).
        dilations: dilation rates of the MFAF models in Table 3 / 4 / 5.
        progress, is_canceled, log: callbacks; cancel is checked between epochs and runs.
        scheduler: None / "" to train the (configuration, seed) units here one after another,
            else where they run as Dask tasks ("local:N", a scheduler address or a
            ``distributed.Client``, :mod:`mfaf_plugin.scaleout.dask_runner`): the same tables.

    Returns:
        dict with ``tables`` ({table id: CSV path}), ``rows`` ({table id: [row dicts]}),
        ``comparisons`` (CSV path), ``comparison_rows``, ``predictions`` (CSV path),
        ``split_method``, ``n_test``, ``seeds``, ``meta`` and ``details`` (what the report needs:
        :func:`mfaf_plugin.reports.comparison_report.write_comparison_report`).

    Raises:
        InputError: unreadable dataset, a split without both classes, unknown method names.
        Canceled: the user canceled (no table is written).
    """
    config, seeds, rows = _plan_comparison(methods, ablations, ablation_base, config, seeds, n_bootstrap, dilations)
    data = _load_split(dataset_path, log)
    runs = _unique_runs(rows, config.beta, data.x_test)
    n_units = len(runs) * len(seeds)
    steps = Steps(progress, n_units + 1)
    preds, seconds = _train_all(runs, seeds, data.arrays_train, data.x_test, data.y_test, config, scheduler, progress,
                                steps, is_canceled, log)
    figures = _figures(preds, data, seeds, n_bootstrap, threshold, steps.step(n_units), is_canceled)
    common = _common_columns(data, seeds)
    table_rows = _table_rows(rows, figures, seconds, common, config.beta)
    comp_rows = _comparison_rows(rows, figures, ablation_base, dilations, config.beta, data.split_method)
    tables, comparisons, predictions = _write_tables(output_folder, table_rows, comp_rows, preds, seeds, data)
    result = {"tables": tables, "rows": table_rows, "comparisons": comparisons, "comparison_rows": comp_rows,
              "predictions": predictions, "split_method": data.split_method,
              "n_test": int(data.test.sum()), "seeds": seeds, "meta": data.meta,
              "details": {"rows": rows, "preds": preds, "figures": figures, "y_test": data.y_test,
                          "dep_test": data.dep_test, "config": config, "seeds": seeds, "n_bootstrap": n_bootstrap,
                          "threshold": threshold, "common": common}}
    progress(1.0)
    return result


def _plan_comparison(methods, ablations, ablation_base, config, seeds, n_bootstrap, dilations):
    """:func:`compare_models`' settings checked, in this order: ``(config, seeds, table rows)``.

    With a network to train, the config's device is resolved ('auto' names one real device)."""
    config = config or TrainConfig()
    if any(m in NETWORKS for m in methods) or ablations:
        # 'auto' must name the same real device for training and for scoring the held-out tiles
        from dataclasses import replace

        config = replace(config, device=resolve_device(config.device))
    seeds = parse_seeds(seeds)
    if int(n_bootstrap) < 100:
        raise InputError("Use at least 100 bootstrap resamples (1000 recommended); got {}.".format(n_bootstrap))
    if not methods and not ablations:
        raise InputError("Choose at least one method or ablation.")
    rows = plan_runs(methods, ablations, ablation_base, config.beta, dilations)
    return config, seeds, rows


@dataclass
class _Split:
    """The tiles of one comparison: training arrays (with validation tiles when present) and the held-out ones."""

    meta: dict
    split_method: str
    train: np.ndarray
    test: np.ndarray
    arrays_train: Dict[str, np.ndarray]
    x_test: np.ndarray
    y_test: np.ndarray
    dep_test: np.ndarray
    cell_test: np.ndarray


def _load_split(dataset_path: str, log) -> _Split:
    """Read and check the tile dataset, set apart its training and held-out tiles, and log the split."""
    arrays, meta = load_dataset(dataset_path)
    _check_dataset(arrays, meta, dataset_path)
    split_method = str(meta.get("split_method", "unknown"))
    train = train_mask(arrays)
    test = held_out_mask(arrays)
    arrays_train = {k: np.asarray(arrays[k])[train] for k in ("x", "y")}
    val = (np.asarray(arrays["split"]) == 2) & (np.asarray(arrays["origin"]) == 0)
    if val.any():
        arrays_train.update({"x_val": np.asarray(arrays["x"])[val], "y_val": np.asarray(arrays["y"])[val]})
    x_test = np.asarray(arrays["x"])[test]
    y_test = np.asarray(arrays["y"])[test].astype(int)
    dep_test = np.asarray(arrays["deposit_count"])[test].astype(int)
    cell_test = np.asarray(arrays["cell_id"])[test] if "cell_id" in arrays else np.arange(test.sum())
    log("Split: {} ({} training tiles incl. augmented, {} held-out real tiles: {} ore holding {} deposits)".format(
        split_method, int(train.sum()), int(test.sum()), int(y_test.sum()), int(dep_test[y_test == 1].sum())))
    return _Split(meta, split_method, train, test, arrays_train, x_test, y_test, dep_test, cell_test)


def _unique_runs(rows, beta: float, x_test: np.ndarray) -> Dict[tuple, RunSpec]:
    """The distinct configurations of ``rows``, in table order; networks too large for the tiles refused."""
    runs: Dict[tuple, RunSpec] = {}
    for r in rows:
        runs.setdefault(r.spec.key(beta), r.spec)
    _check_tile_size([s.method for s in runs.values()], x_test.shape[1], x_test.shape[2])
    return runs


def _figures(preds, data: _Split, seeds, n_bootstrap, threshold, bstep, is_canceled) -> Dict[tuple, dict]:
    """Per run: the figures of every seed, their mean and seed std, bootstrap intervals and draws (resamples
    seeded with the first seed, shared by every run); ``bstep`` reports the progress, cancel checked per run."""
    check_canceled(is_canceled)
    y_test, dep_test = data.y_test, data.dep_test
    idx = bootstrap_indices(len(y_test), n_bootstrap, seeds[0])
    figures: Dict[tuple, dict] = {}
    for i, (key, ps) in enumerate(preds.items()):
        per_seed = [score(y_test, p, dep_test, threshold) for p in ps]
        point = {k: float(np.mean([s[k] for s in per_seed])) for k in METRICS}
        std = {k: float(np.std([s[k] for s in per_seed], ddof=1)) if len(ps) > 1 else float("nan") for k in METRICS}
        ci, draws = bootstrap_intervals(y_test, ps, dep_test, idx, threshold)
        figures[key] = {"point": point, "std": std, "ci": ci, "draws": draws, "per_seed": per_seed}
        bstep((i + 1) / len(preds))
        check_canceled(is_canceled)
    return figures


def _common_columns(data: _Split, seeds) -> dict:
    """The columns every table row shares: split method, seed count and tile counts."""
    y_test, dep_test = data.y_test, data.dep_test
    return {
        "split_method": data.split_method, "n_seeds": len(seeds), "n_train_tiles": int(data.train.sum()),
        "n_validation_tiles": int(len(data.arrays_train.get("y_val", []))),
        "n_test_tiles": int(data.test.sum()), "n_test_ore": int(y_test.sum()),
        "n_test_deposits": int(dep_test[y_test == 1].sum()),
    }


def _table_rows(rows, figures, seconds, common: dict, beta: float) -> Dict[str, List[dict]]:
    """The rows of every table (:data:`TABLE_COLUMNS`), figures in %, grouped by table id."""
    table_rows: Dict[str, List[dict]] = {}
    for r in rows:
        key = r.spec.key(beta)
        f = figures[key]
        d = dict(common, table=r.table, method=r.label, setting=r.setting or setting_text(key),
                 train_seconds=round(seconds[key], 1))
        for k in METRICS:
            d[k] = _pct(f["point"][k])
            d[k + "_ci_low"] = _pct(f["ci"][k][0])
            d[k + "_ci_high"] = _pct(f["ci"][k][1])
            d[k + "_seed_std"] = _pct(f["std"][k])
        table_rows.setdefault(r.table, []).append(d)
    return table_rows


def _comparison_rows(rows, figures, ablation_base, dilations, beta: float, split_method: str) -> List[dict]:
    """The paired differences (rows of ``comparisons.csv``), in %, with their verdicts."""
    # paired comparisons: every MFAF model of Table 3 against every other Table 3 method, and in
    # each ablation table the reference configuration (the full base model with the common beta
    # and dilations) against every variant
    pairs = []
    t3 = [r for r in rows if r.table == "table3"]
    for a in [r for r in t3 if r.spec.method.startswith("mfaf_")]:
        pairs += [("table3", a, b) for b in t3 if b is not a and not b.spec.method.startswith("mfaf_")]
    ref_key = RunSpec(ablation_base, dilations=tuple(int(d) for d in dilations)).key(beta)
    for t in ("table4", "table5", "table6"):
        trows = [r for r in rows if r.table == t]
        ref = [r for r in trows if r.spec.key(beta) == ref_key]
        if ref:
            pairs += [(t, ref[0], b) for b in trows if b is not ref[0]]
    comp_rows = []
    for t, a, b in pairs:
        fa, fb = figures[a.spec.key(beta)], figures[b.spec.key(beta)]
        for k, v in paired_differences(fa["draws"], fb["draws"], fa["point"], fb["point"]).items():
            verdict = {"a better": a.label + " better", "b better": b.label + " better"}.get(v["verdict"], v["verdict"])
            comp_rows.append({"table": t, "split_method": split_method, "method_a": a.label, "method_b": b.label,
                              "metric": k, "diff": _pct(v["diff"]), "diff_ci_low": _pct(v["ci_low"]),
                              "diff_ci_high": _pct(v["ci_high"]), "verdict": verdict})
    return comp_rows


def _write_tables(output_folder, table_rows, comp_rows, preds, seeds, data: _Split) -> Tuple[dict, str, str]:
    """Write the table CSVs, ``comparisons.csv`` and ``predictions_test.csv``; return their paths
    ``(tables, comparisons, predictions)``."""
    os.makedirs(output_folder, exist_ok=True)
    tables = {}
    for t, trows in table_rows.items():
        tables[t] = write_csv(os.path.join(output_folder, TABLE_FILES[t]), TABLE_COLUMNS, trows)
    comparisons = write_csv(os.path.join(output_folder, "comparisons.csv"),
                             ["table", "split_method", "method_a", "method_b", "metric", "diff", "diff_ci_low",
                              "diff_ci_high", "verdict"], comp_rows)
    pred_rows = []
    for key, ps in preds.items():
        for seed, p in zip(seeds, ps):
            for c, yy, dd, pp in zip(data.cell_test, data.y_test, data.dep_test, p):
                pred_rows.append({"run": run_name(key), "seed": seed, "cell_id": int(c), "y": int(yy),
                                  "deposit_count": int(dd), "p_ore": round(float(pp), 6)})
    predictions = write_csv(os.path.join(output_folder, "predictions_test.csv"),
                             ["run", "seed", "cell_id", "y", "deposit_count", "p_ore"], pred_rows)
    return tables, comparisons, predictions
