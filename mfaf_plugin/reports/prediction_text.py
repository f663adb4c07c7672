"""Plain words for the prediction report (:mod:`mfaf_plugin.reports.prediction_report`).

Every figure gets a plain name and a sentence saying what it means for this map ("half of the
held-out ore tiles were missed"); the model and the cross-validation are described without
code names or parameter keys.
"""

import os
from typing import Dict, List, Optional, Sequence

import numpy as np

from ..common.numbers import number
from ..scoring.intervals import verdict
from .wording import comparison_sentence, difference_words

__all__ = ["share_words", "top_words", "target_rule", "deposit_coverage_sentence", "network_name", "figures_rows", "model_rows", "cross_validation", "cross_validation_html",
           "unpredicted_sentence"]

_FRACTIONS = ((0.5, "half"), (1 / 3, "a third"), (2 / 3, "two thirds"), (0.25, "a quarter"), (0.75, "three quarters"))


def share_words(k: int, n: int) -> str:
    """``k`` of ``n`` in words: 'none', 'all', 'half', 'a third', ... or the number ``k``."""
    if n <= 0:
        return "none"
    if k == 0:
        return "none"
    if k == n:
        return "all"
    for value, words in _FRACTIONS:
        if abs(k / float(n) - value) < 1e-9:
            return words
    return str(k)


def _pct(v) -> str:
    return number(v, "{:.0f} %", scale=100.0)


def _num(v, digits: int = 2) -> str:
    return number(v, "{:.%df}" % digits)


def _map_rows(result: dict, targets: Sequence[dict], stats: dict, deposits_xy) -> List[list]:
    cells = result["cells"]
    t, px = int(result["tile_size"]), abs(result["geotransform"][1])
    n_pred = sum(1 for c in cells if c["probability"] is not None)
    rows = [["Cells predicted", "{} of {}".format(n_pred, len(cells)),
             "The map is summarised on cells of {0} x {0} pixels ({1:g} km); {2} of the {3} cells hold enough data to "
             "be predicted.".format(t, t * px / 1000.0, n_pred, len(cells))]]
    green = sum(1 for x in targets if x["greenfield"] == 1)
    rows.append(["Drill targets", str(len(targets)), "{} cells: {}{}.".format(
        len(targets), target_rule(result), "; {} of them hold no known deposit (greenfield)".format(green)
        if deposits_xy is not None else "")])
    if deposits_xy is None:
        return rows
    ok = stats["ok"]
    inside, scored = int(result["deposits_total"]), int(result.get("deposits_scored", result["deposits_total"]))
    rows.append(["Known deposits in scored cells", str(scored), deposit_coverage_sentence(result, len(deposits_xy))])
    target_area = _target_area(result, targets, ok) if targets else 0.0
    rows.append(["Known deposits in drill targets", _pct(result["deposit_share"]),
                 "{} of the {} known deposits in scored cells lie in the drill targets, which cover {} of the "
                 "predicted area{}.".format(result["deposits_in_targets"], scored, _pct(target_area),
                                            "; the {} in no scored cell are not counted".format(inside - scored)
                                            if inside > scored else "")])
    rows.append(["Ranking of the known deposits (success-rate AUC)", _num(stats["success_rate_auc"], 3),
                 "Taking the map from its most to its least prospective ground, a known deposit is reached on "
                 "average after {} of the area has been passed (0.5 = chance, 1 = perfect). These deposits include "
                 "those the model learnt from, so the figure flatters the map.".format(
                     _pct(1.0 - stats["success_rate_auc"]) if np.isfinite(stats["success_rate_auc"]) else "–")])
    if stats["curve"] is not None and stats["curve"]["crossing"] is not None:
        level, dep, area = stats["curve"]["crossing"]
        rows.append(["Prediction-area crossing", "{:.0f} % in {:.0f} %".format(100 * dep, 100 * area),
                     "The ground with a network score of {:.2f} or more covers {:.0f} % of the map and holds {:.0f} % "
                     "of the known deposits.".format(level, 100 * area, 100 * dep)])
    return rows


def top_words(pct) -> str:
    """A share of the map in words: 'top 3 %', 'top 0.4 %' ('–' when unknown)."""
    if pct is None or not np.isfinite(pct):
        return "–"
    return "top {} %".format(number(pct, "{:.1f}" if pct < 10 else "{:.0f}"))


def target_rule(result: dict) -> str:
    """What made a cell a target, in words, with the share of the map the targets cover."""
    scored = [c for c in result["cells"] if c.get("probability") is not None]
    n = sum(1 for c in scored if c["target"])
    share = "{:.1f} %".format(100.0 * n / len(scored)) if scored else "–"
    if result.get("target_share"):
        return "the best-scoring {} of the scored cells of the map (asked: the top {:g} %)".format(
            share, 100.0 * result["target_share"])
    return "cells with a network score of {:.2f} or more, the top {} of the scored cells of the map".format(
        result["threshold"], share)


def deposit_coverage_sentence(result: dict, given: int) -> str:
    """Where the known deposits lie: outside the stack, in no scored cell, in scored cells (each apart)."""
    inside, scored = int(result["deposits_total"]), int(result.get("deposits_scored", result["deposits_total"]))
    text = "{} known deposits were given: {} lie outside the stack".format(given, given - inside)
    text += ", {} inside it but in no scored cell (the strips no whole cell covers, or cells with too little data)".format(
        inside - scored)
    return text + ", and {} in scored cells; only these count in the shares below.".format(scored)


def _target_area(result: dict, targets: Sequence[dict], ok: np.ndarray) -> float:
    """Share of the predicted pixels inside the target cells."""
    gt, tile = result["geotransform"], int(result["tile_size"])
    full_rows, full_cols = result["shape"]
    fr, fc = ok.shape[0] / float(full_rows), ok.shape[1] / float(full_cols)
    inside = np.zeros(ok.shape, dtype=bool)
    for x in targets:
        c0 = int(round((x["bounds"][0] - gt[0]) / gt[1] * fc))
        r0 = int(round((x["bounds"][3] - gt[3]) / gt[5] * fr))
        inside[r0:r0 + max(1, int(round(tile * fr))), c0:c0 + max(1, int(round(tile * fc)))] = True
    return float((inside & ok).sum()) / max(1, int(ok.sum()))


def _test_rows(test_eval: dict, threshold: float) -> List[list]:
    y = np.asarray(test_eval["y"]).astype(int)
    called = np.asarray(test_eval["p_ore"]) >= threshold
    m, n_ore, n = test_eval["metrics"], int(y.sum()), len(y)
    found, right = int((called & (y == 1)).sum()), int((called == (y == 1)).sum())
    auc = m.get("auc")
    return [
        ["Held-out tiles classed correctly (accuracy)", _pct(m["accuracy"]),
         "{} of the {} held-out tiles (never used in training) were classed correctly as ore or barren.".format(
             right, n)],
        ["Ranking of the held-out tiles (ROC AUC)", _num(auc, 3),
         "A held-out ore tile scores above a barren one in {} of the pairs (0.5 = chance).".format(
             _pct(auc) if auc is not None else "–")],
        ["Held-out ore tiles found (recall)", _pct(m["recall"]),
         "{} of the {} held-out ore tiles reach the threshold: {} of them were missed.".format(
             found, n_ore, share_words(n_ore - found, n_ore))],
        ["Ore calls that were right (precision)", _pct(m.get("precision")),
         "Of the {} held-out tiles called ore, {} hold a deposit.".format(int(called.sum()), found)],
        ["Balance of found and right (F1)", _num(m["f1"]), "The harmonic mean of the two shares above (1 = perfect)."]]


def _recorded_rows(meta: dict) -> List[list]:
    """A model made by 'Train model' records the figures of its held-out tiles at training time."""
    m = meta.get("metrics") or {}
    n_ore = ((meta.get("dataset") or {}).get("counts") or {}).get("test_ore")
    ok = lambda k: isinstance(m.get(k), (int, float)) and np.isfinite(m[k])  # noqa: E731
    rows = []
    if ok("accuracy"):
        rows.append(["Held-out tiles classed correctly (accuracy)", _pct(m["accuracy"]), "When the model was trained, "
                     "{} of its {} held-out tiles were classed correctly.".format(
                         _pct(m["accuracy"]), m.get("n", "?"))])
    if ok("auc"):
        rows.append(["Ranking of the held-out tiles (ROC AUC)", _num(m["auc"], 3), "A held-out ore tile scored above "
                     "a barren one in {} of the pairs (0.5 = chance).".format(_pct(m["auc"]))])
    if ok("recall"):
        text = "{} of the held-out ore tiles were found.".format(_pct(m["recall"]))
        if isinstance(n_ore, int) and n_ore > 0:
            found = int(round(m["recall"] * n_ore))
            text = "{} of the {} held-out ore tiles were found: {} of them were missed.".format(
                found, n_ore, share_words(n_ore - found, n_ore))
        rows.append(["Held-out ore tiles found (recall)", _pct(m["recall"]), "When the model was trained: " + text])
    if ok("precision"):
        rows.append(["Ore calls that were right (precision)", _pct(m["precision"]), "When the model was trained, {} of "
                     "the held-out tiles it called ore held a deposit.".format(_pct(m["precision"]))])
    return rows


def figures_rows(result: dict, targets: Sequence[dict], stats: dict, deposits_xy,
                 test_eval: Optional[dict]) -> List[list]:
    """The one table of figures: [plain name, value, sentence] per figure."""
    rows = _map_rows(result, targets, stats, deposits_xy)
    if test_eval is not None:
        rows += _test_rows(test_eval, result["threshold"])
    elif "out_of_fold" not in (result["meta"].get("metrics") or {}):
        rows += _recorded_rows(result["meta"])
    return rows


def network_name(architecture: str) -> str:
    """'MFAF network on a ShuffleNetV2 backbone' for mfaf_*, else the method's label."""
    from ..evaluation.methods import method_label

    if architecture.startswith("mfaf_"):
        backbone = method_label(architecture).split("*")[0]
        return "MFAF network (multi-scale branches with attention) on a {} backbone".format(backbone)
    return method_label(architecture)


def _network_words(meta: dict) -> str:
    n = int(meta.get("ensemble") or 1)
    text = network_name(str(meta.get("architecture")))
    if n > 1:
        text += ", an ensemble of {} networks (seeds {})".format(n, ", ".join(str(s) for s in meta.get("seeds") or []))
    return text


def model_rows(meta: dict) -> Dict[str, str]:
    """The model in words (no code names)."""
    t, px = meta.get("tile_size"), meta.get("pixel_size")
    framing = ("a window centred on every cell" if meta.get("framing") == "centred"
               else "the paper's grid of windows, one value per window")
    rows = {"Network": _network_words(meta),
            "Window": "{0} x {0} cells{1}, {2}".format(t, " ({:g} km)".format(t * px / 1000.0) if px else "", framing),
            "Evidence layers": ", ".join(meta.get("band_names") or []),
            "Cell size of the training stack": "{:g} m".format(px) if px else "not recorded",
            "Trained on": os.path.basename(str((meta.get("dataset") or {}).get("name") or "")) or "not recorded",
            "Passes over the training data": str(meta.get("epochs")),
            "Plugin version that trained it": str(meta.get("code_version"))}
    kept = meta.get("selected_epochs") or ([meta["selected_epoch"]] if meta.get("selected_epoch") else [])
    if kept:  # per seed: one pass chosen on validation ground, or the passes whose weights are averaged
        words = ", ".join("-".join(str(x) for x in e) if isinstance(e, (list, tuple)) else str(e) for e in kept)
        rows["Pass kept"] = "{} ({})".format(words, meta.get("selection")
                                             or "best on validation ground set apart from training")
    return rows


def _cv_comparisons(others: Sequence[dict], comparisons: Sequence[dict]) -> List[str]:
    """One sentence per baseline by the one wording rule (:func:`~mfaf_plugin.reports.wording.comparison_sentence`)
    on its recorded cell-AUC comparison with the network, the paired difference shown beside it."""
    by = {c.get("method_b"): c for c in comparisons if c.get("figure") == "cell_auc"}
    out, verdicts = [], []
    for o in others:
        c = by.get(o["method"]) or {}
        out.append(comparison_sentence("the network", o.get("label") or o["method"], c.get("diff"),
                                       c.get("diff_ci_low"), c.get("diff_ci_high")))
        verdicts.append(verdict(*(float("nan") if c.get(k) is None else c[k] for k in ("diff_ci_low", "diff_ci_high"))))
    lead = ("Yes:" if verdicts and all(v == "a better" for v in verdicts)
            else "No:" if "b better" in verdicts else "Not clearly:")
    return [lead] + out


def _diff_cell(c: dict) -> str:
    return difference_words(c.get("diff"), c.get("diff_ci_low"), c.get("diff_ci_high"))


def cross_validation(meta: dict) -> Optional[dict]:
    """The cross-validated figures recorded with a model in words, or None when it records none:
    ``rows`` [method, cell AUC with its interval, top 10 %, top 20 %] (the network first),
    ``verdict`` (did the network beat the baselines?) and ``n_folds``."""
    m = meta.get("metrics") or {}
    ref = m.get("out_of_fold")
    if not isinstance(ref, dict) or "cell_auc" not in ref:
        return None
    others = [r for r in m.get("baselines") or [] if isinstance(r, dict) and "cell_auc" in r]
    by = {c.get("method_b"): c for c in m.get("comparisons") or [] if c.get("figure") == "cell_auc"}
    rows = [[network_name(r["method"]) if r is ref else r.get("label") or r.get("method"),
             "{} ({} to {})".format(_num(r["cell_auc"], 3), _num(r.get("cell_auc_ci_low"), 3),
                                    _num(r.get("cell_auc_ci_high"), 3)),
             "–" if r is ref else _diff_cell(by.get(r.get("method")) or {}),
             _pct(r.get("top10")), _pct(r.get("top20"))] for r in [ref] + others]
    verdict = (" ".join(_cv_comparisons(others, m.get("comparisons") or [])) if others
               else "No baseline was cross-validated with it.")
    return {"rows": rows, "verdict": verdict, "n_folds": ref.get("n_folds", "k")}


def cross_validation_html(meta: dict) -> str:
    """:func:`cross_validation` as HTML ('' when the model records no cross-validation)."""
    from .html import table_html

    cv = cross_validation(meta)
    if cv is None:
        return ""
    table = table_html(["method", "ranking of unseen deposit cells (cell AUC, 95 % interval)",
                        "network minus this method, on the same resamples", "deposits in the top 10 % of the area",
                        "in the top 20 %"], cv["rows"],
                       title="Spatial cross-validation recorded with the model")
    intro = ("<p>Each figure comes from ground the method had not seen: the area was cut into {} folds of blocks, "
             "each held out once while the method learnt from the rest. Cell AUC is the chance that an unseen cell "
             "holding a deposit scores above an unseen barren cell (0.5 = chance).</p>").format(cv["n_folds"])
    return intro + table + ("<p><b>Did the network beat the classical baselines?</b> {} (A method is called "
                            "better only when the paired difference's interval excludes 0; the methods' own "
                            "intervals may overlap even then, as both are scored on the same resamples.)</p>").format(
        cv["verdict"])


def _lie_there(n: int) -> str:
    return "; {} known deposit{} there".format(n, " lies" if n == 1 else "s lie")


def unpredicted_sentence(result: dict, maps: dict, counts: np.ndarray, deposits_xy) -> str:
    """What is not predicted, or outside the cells, and why; '' when everything is."""
    gt = maps["gt"]
    km2 = abs(gt[1] * gt[5]) / 1e6
    n = int(maps["unpredicted"].sum())
    parts = []
    if n:
        dep = int(counts[maps["unpredicted"]].sum())
        parts.append("Hatched: {:.0f} km\u00b2 hold data in every evidence layer but got no prediction (the map is "
                     "made of whole windows of {t} x {t} pixels from the top-left corner: the strip along the east and "
                     "south "
                     "edges narrower than one window, and windows with too little data, are left out){d}.".format(
                         n * km2, t=result["tile_size"], d=_lie_there(dep) if deposits_xy is not None else ""))
    rows, cols = result["shape"]
    t = int(result["tile_size"])
    er, ec = rows % t, cols % t
    if er or ec:
        rc = result.get("deposits_rows_cols")
        dep = 0 if rc is None else int(np.sum((rc[:, 0] >= 0) & ((rc[:, 0] >= rows - er) | (rc[:, 1] >= cols - ec))))
        parts.append("Drill targets are whole cells of {t} x {t} pixels from the top-left corner: the last {c} columns "
                     "(east) and {r} rows (south) lie in no cell, so they hold no target{d}.".format(
                         t=t, c=ec, r=er, d=_lie_there(dep) if deposits_xy is not None else ""))
    return " ".join(parts) or "Every cell holding data in every evidence layer is predicted."
