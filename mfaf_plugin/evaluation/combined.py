"""The combined method: one out-of-fold map from the network and the classical methods, chosen
inside each fold so that the held-out fold never chooses.

The rule, fixed before any held-out figure was looked at:

1. Inside outer fold ``f`` the training area is split into :data:`INNER_FOLDS` inner folds (the
   same blocks, balanced by deposits: :func:`mfaf_plugin.windows.folds.assign_folds` on the
   training area). Every classical method among the chosen ones is fitted on the other inner
   folds (their cells clear of the inner held-out blocks by the window and margin, as in the
   outer folds; at most :data:`INNER_NEGATIVES` background cells, seeded) and scores the
   deposit and background cells of the inner held-out blocks; its inner cell AUC is that of
   the pooled inner out-of-fold scores. Only training blocks enter.
2. The combined score of a held-out cell is the mean of two within-fold ranks (scaled to 0..1):
   the first network's score and the score of the classical method with the best inner AUC
   (its outer run: fitted on the whole training area). Without a network: the two classical
   methods with the best inner AUCs. When the training area holds fewer blocks with deposits
   than inner folds, no inner AUC exists and the first chosen classical method is taken.
3. The network's own inner out-of-fold scores would cost :data:`INNER_FOLDS` more trainings per
   fold: they are not computed, and the network is always one of the two (a rule fixed in
   advance, not chosen by inner cross-validation).

The combined map is per seed (the seed of the network and of the classical run), like every
other method's. It is a rank score, not a probability. The final model of ``mfaf:crossvalidate``
carries the partner chosen the same way on every block, and ``mfaf:predictprospectivity`` writes
the combined map of a new area from it (:mod:`.combined_final`).
"""

import time
from typing import Callable, Dict, List, Sequence

import numpy as np

from ..common.errors import InputError
from .methods import CELL_BASELINES, COMBINED, NETWORKS

__all__ = ["INNER_FOLDS", "INNER_NEGATIVES", "inner_aucs", "components", "rank_mean", "combined_runs",
           "CHOICE_COLUMNS", "choice_rows", "choice_text"]

INNER_FOLDS = 3
INNER_NEGATIVES = 5000
CHOICE_COLUMNS = ["fold", "method", "inner_cell_auc", "chosen"]


def _inner_plan(cv: dict, ctx: dict, s, fold: int):
    from ..windows.folds import assign_folds

    dep = np.where(ctx["allowed"], cv["deposits"], 0)
    return assign_folds(ctx["allowed"], dep, s.block(), INNER_FOLDS, int(s.fold_seed) * 7919 + 17 * fold + 1)


def _capped(cells: np.ndarray, rng) -> np.ndarray:
    if len(cells) <= INNER_NEGATIVES:
        return cells
    return cells[np.sort(rng.choice(len(cells), INNER_NEGATIVES, replace=False))]


def inner_aucs(cv: dict, ctx: dict, feats: Dict[str, np.ndarray], classical: Sequence[str], s,
               seed: int = 0) -> Dict[str, float]:
    """Inner cross-validated cell AUC of every classical method on fold ``ctx['fold']``'s training area
    (see the module docstring, step 1); NaN for a method no inner fold could score."""
    from sklearn.metrics import roc_auc_score

    from . import baselines
    from ..windows.folds import clear_of
    from ..windows.sampling import samples

    try:
        plan = _inner_plan(cv, ctx, s, ctx["fold"])
    except InputError:  # fewer blocks with deposits than inner folds: no inner choice
        return {m: float("nan") for m in classical}
    scores = {m: [] for m in classical}
    labels = []
    for g in range(INNER_FOLDS):
        held = plan["fold"] == g
        rng = np.random.default_rng(int(seed) * 104729 + 31 * ctx["fold"] + g)
        pos, neg = samples(cv, ctx["allowed"] & clear_of(held, s.tile_px, s.margin_px), s)
        tpos, tneg = samples(cv, ctx["allowed"] & held, s)
        if not (len(pos) and len(neg) and len(tpos) and len(tneg)):
            continue
        n_background, neg, tneg = len(neg), _capped(neg, rng), _capped(tneg, rng)
        test = np.concatenate([tpos, tneg])
        labels.append(np.r_[np.ones(len(tpos)), np.zeros(len(tneg))])
        for m in classical:
            model, fset = baselines.split_method(m)
            scores[m].append(baselines.fit_predict(model, feats[fset], pos, neg, test, seed=seed,
                                                   background_cells=n_background))
    if not labels:
        return {m: float("nan") for m in classical}
    y = np.concatenate(labels)
    return {m: float(roc_auc_score(y, np.concatenate(scores[m]))) for m in classical}


def components(aucs: Dict[str, float], network: str = "") -> List[str]:
    """The methods the combined map averages (step 2): the network and the best classical method, or
    the two best classical methods (ties: the earlier method)."""
    order = sorted((m for m in aucs if np.isfinite(aucs[m])), key=lambda m: -aucs[m])
    if not order:
        order = list(aucs)[:1]
    return ([network] + order[:1]) if network else order[:2]


def rank_mean(scores: Sequence[np.ndarray]) -> np.ndarray:
    """Mean of the within-set ranks of every score, each scaled to (0, 1] (ties: their mean rank)."""
    from scipy.stats import rankdata

    return np.mean([rankdata(np.asarray(p, dtype=np.float64)) / len(p) for p in scores], axis=0)


def combined_runs(plan: dict, runs: Sequence[dict], context_of: Callable[[int], dict]) -> List[dict]:
    """The combined method's runs (one per fold and seed, the shape of the other runs) from the runs of
    its components; ``context_of(fold)`` gives a fold's training area (``crossval.fold_context``)."""
    from ..scoring.cell_figures import ranking_figures

    variants, s, cv = plan["variants"], plan["settings"], plan["cv"]
    base = {m: variants.get(m, {}).get("method", m) for m in plan["methods"]}
    network = next((m for m in plan["methods"] if base[m] in NETWORKS), "")
    classical = [m for m in plan["methods"] if base[m] in CELL_BASELINES]
    by_key = {(r["fold"], r["method"], r["seed"]): r for r in runs}
    out = []
    for f in range(s.n_folds):
        t0 = time.time()
        ctx = context_of(f)
        aucs = inner_aucs(cv, ctx, plan["feats"], classical, s, plan["seeds"][0])
        chosen = components(aucs, network)
        cells = np.argwhere(plan["folds"]["fold"] == f)
        dep = cv["deposits"][cells[:, 0], cells[:, 1]]
        seconds = time.time() - t0
        for seed in plan["seeds"]:
            parts = [by_key[(f + 1, m, seed)] for m in chosen]
            p = rank_mean([r["p"] for r in parts])
            out.append({"method": COMBINED, "seed": int(seed), "fold": f + 1, **ranking_figures(p, dep),
                        "best_epoch": None, "validation_auc": None,
                        "n_train_deposit_cells": max(r["n_train_deposit_cells"] for r in parts),
                        "n_test_cells": int(len(cells)), "n_test_deposits": int(dep.sum()),
                        "seconds": round(seconds / len(plan["seeds"]), 2), "history": [], "weights": [],
                        "components": list(chosen), "inner_auc": aucs, "p": p})
    return out


def choice_rows(result: dict) -> List[dict]:
    """Per fold, the inner AUC of every classical method and whether the combined map used it."""
    rows, seen = [], set()
    for r in result["runs"]:
        if r["method"] != COMBINED or r["fold"] in seen:
            continue
        seen.add(r["fold"])
        for m, auc in r["inner_auc"].items():
            rows.append({"fold": r["fold"], "method": m, "inner_cell_auc": auc,
                         "chosen": "yes" if m in r["components"] else "no"})
    return rows


def choice_text(result: dict) -> str:
    """One sentence per fold: which methods the combined map averages there, and why."""
    from .methods import method_label

    parts = []
    for r in sorted((r for r in result["runs"] if r["method"] == COMBINED), key=lambda r: r["fold"]):
        if r["seed"] != result["seeds"][0]:
            continue
        picked = ["{} (inner AUC {:.3f})".format(method_label(m), r["inner_auc"][m]) if m in r["inner_auc"]
                  else method_label(m) for m in r["components"]]
        parts.append("fold {}: {}".format(r["fold"], " + ".join(picked)))
    return "; ".join(parts)
