"""HTML report and Markdown tables of a spatial cross-validation.

The report says in plain sentences what the out-of-fold figures mean and whether the network
ranks unseen ground better than the classical baselines, with intervals; it shows the
success-rate curves of every method's out-of-fold map, the reference method's map and its
spread over seeds, the folds, and the per-fold figures.
"""

import os
import shutil
import tempfile
from typing import List, Optional

import numpy as np

from ..common.numbers import number
from ..evaluation.combined import INNER_FOLDS, INNER_NEGATIVES, choice_text
from ..evaluation.cv_results import FIGURE_LABELS, paired
from ..evaluation.methods import COMBINED, NETWORKS, method_label
from ..scoring.cell_figures import FIGURES
from .wording import comparison_sentence

__all__ = ["verdict_sentence", "combined_verdict", "protocol_text", "write_cv_report", "summary_markdown"]


def _pct(v) -> str:
    return number(v, "{:.1f}", "n/a", scale=100.0)


def _auc(v) -> str:
    return number(v, "{:.3f}", "n/a")


def _summary_cells(r: dict) -> List[str]:
    """Label, each figure with its interval, folds x seeds mean ± SD, mean selected epoch."""
    cells = [r["label"]]
    for f in FIGURES:
        fmt = _pct if f.startswith("top") else _auc
        cells.append("{} [{}, {}]".format(fmt(r[f]), fmt(r[f + "_ci_low"]), fmt(r[f + "_ci_high"])))
    cells.append("{} ± {}".format(_auc(r["cell_auc_fold_mean"]), _auc(r["cell_auc_fold_sd"])))
    cells.append("–" if not np.isfinite(r["mean_best_epoch"]) else "{:.1f}".format(r["mean_best_epoch"]))
    return cells


def verdict_sentence(summary: dict) -> str:
    """One sentence: the reference method's out-of-fold AUC against the best other method, worded by
    the one wording rule (:func:`~mfaf_plugin.reports.wording.comparison_sentence`)."""
    rows = {r["method"]: r for r in summary["summary"]}
    ref = summary["reference"]
    others = [r for m, r in rows.items() if m != ref and np.isfinite(r["cell_auc"])]
    a = rows[ref]
    text = ("{} ranks the held-out deposit cells with an out-of-fold cell AUC of {} (95 % block-bootstrap interval "
            "{} to {})".format(a["label"], _auc(a["cell_auc"]), _auc(a["cell_auc_ci_low"]), _auc(a["cell_auc_ci_high"])))
    if not others:
        return text + "."
    best = max(others, key=lambda r: r["cell_auc"])
    comp = paired(summary, ref, best["method"])
    text += "; the best other method, {}, reaches {} ({} to {}).".format(
        best["label"], _auc(best["cell_auc"]), _auc(best["cell_auc_ci_low"]), _auc(best["cell_auc_ci_high"]))
    if comp is not None:
        text += " " + comparison_sentence(a["label"], best["label"], comp["diff"], comp["low"], comp["high"],
                                          what="ranks the held-out deposit cells")
    return text


def protocol_text(result: dict) -> str:
    """The protocol in words (what was held out, how the networks were trained and chosen)."""
    from ...models import SMALL_CAPACITY_BELOW
    from ..training.epochs import averaged_epochs

    s = result["settings"]
    cv = result["cv"]
    d = s.as_dict()
    dil = d["dilations"]
    gt = cv["geotransform"]
    cell_m = abs(gt[1])
    text = (
        "{k} folds of square blocks of {b} x {b} cells ({bk:.3g} km); every block is held out once, and no training "
        "window reaches within {m} cell of a held-out block. {nd} deposits on valid cells ({no} outside the stack, "
        "{nn} on nodata cells). Framing: {fr} windows of {t} x {t} cells ({tk:.3g} km){cc}. Networks learn from deposit-"
        "centred windows and {r:g} background windows per deposit window (cells at least {md:g} cells from any "
        "deposit, drawn afresh every epoch), turned and flipped at random; {e} epochs of at least {mw} windows, "
        "recipe {rec}, batch {bs}, beta {beta:g}, MFAF capacity {cap}; they learn on the whole training area, "
        "as the classical methods do, and keep the mean weights of their last {avg} epoch(s): no epoch is chosen, "
        "the held-out fold chooses nothing. Seeds {seeds}: the map is their mean, the uncertainty their "
        "standard deviation. Bands standardised with the {norm}. Networks predict every held-out deposit cell by its "
        "own window and the middle cell of every {st} x {st} block of a grid anchored at a seeded random cell (the "
        "block takes its value: an unbiased sample of the background scored exactly); classical methods every cell. "
        "Receptive field against the "
        "window: dilation rates {dil}: a 3 x 3 kernel with rate d links cells d apart, so the widest branch spans "
        "{span} cells of the {t}-cell window.").format(
        k=s.n_folds, b=s.block(), bk=s.block() * cell_m / 1000.0, m=s.margin_px,
        nd=int(cv["deposits"].sum()), no=cv["n_outside"], nn=cv["n_on_nodata"],
        fr="cell-centred" if s.framing == "centred" else "the paper's grid", t=s.tile_px,
        tk=s.tile_px * cell_m / 1000.0, r=s.negative_ratio,
        cc="; the networks' classifier also sees the centre cell's bands" if s.framing == "centred" and s.centre_cell
        else "", md=s.min_negative_distance_px, e=s.epochs,
        mw=s.min_epoch_windows, rec=s.recipe, bs=s.batch_size, beta=s.beta, avg=averaged_epochs(s.epochs),
        cap=s.capacity + (" (small below {} training deposit cells)".format(SMALL_CAPACITY_BELOW)
                         if s.capacity == "auto" else ""),
        seeds=", ".join(map(str, result["seeds"])),
        norm="mean and SD of each fold's training area" if s.fold_normalization == "training"
        else "stack's own normalisation", st=s.stride(), dil=", ".join(map(str, dil)), span=2 * max(dil) + 1)
    return text


def combined_text(result: dict) -> str:
    """Which methods the combined map uses in every fold, and why (the rule of :mod:`evaluation.combined`)."""
    network = next((m for m in result["methods"] if (result.get("variants") or {}).get(m, {}).get("method", m)
                    in NETWORKS), "")
    why = ("the network ({}) is always one of the two (its inner out-of-fold scores would cost {} more trainings per "
           "fold), the other is the classical method".format(method_label(network), INNER_FOLDS) if network
           else "no network was run: the two classical methods")
    return ("The combined map is, per fold and seed, the mean of the within-fold ranks (0 to 1) of two methods: "
            "{} with the best cell AUC in an inner {}-fold cross-validation on the training blocks of that fold "
            "(at most {} background cells per inner fit). The held-out fold never chooses. Its values are rank "
            "scores, not probabilities. A model file written with it carries the classical method an inner "
            "cross-validation on every block finds best, and 'Predict prospectivity map' can then write the combined "
            "map (OUTPUT_COMBINED); its targets and zones stay the network's. "
            "Methods used: {}. The inner AUCs of every classical method are in cv_combined.csv.").format(
                why, INNER_FOLDS, INNER_NEGATIVES, choice_text(result))


def combined_verdict(summary: dict) -> str:
    """The combined map against the best single method (network or classical), by the one wording rule."""
    rows = {r["method"]: r for r in summary["summary"]}
    singles = [r for m, r in rows.items() if m != COMBINED and np.isfinite(r["cell_auc"])]
    if COMBINED not in rows or not singles:
        return ""
    best = max(singles, key=lambda r: r["cell_auc"])
    c = paired(summary, COMBINED, best["method"])
    if c is None:
        return ""
    return "Against the best single method, " + comparison_sentence(
        rows[COMBINED]["label"], best["label"], c["diff"], c["low"], c["high"], what="ranks the held-out deposit cells")


def _summary_table(summary: dict) -> str:
    from .html import table_html

    head = ["method"] + [FIGURE_LABELS[f] + " (%)" if f.startswith("top") else FIGURE_LABELS[f] for f in FIGURES] + [
        "cell AUC, folds x seeds mean ± SD", "mean selected epoch", "seconds"]
    rows = []
    for r in summary["summary"]:
        rows.append(_summary_cells(r) + [r["seconds"]])
    return table_html(head, rows, title="Out-of-fold figures (ensemble over seeds, 95 % block-bootstrap intervals)")


def _curves_png(result: dict, path: str) -> str:
    from .plots import success_curves_png

    dep = result["cv"]["deposits"]
    curves = []
    for m in result["methods"]:
        with np.errstate(all="ignore"):
            ens = np.nanmean(result["oof"][m], axis=0)
        curves.append((method_label(m), (ens, dep)))
    return success_curves_png(curves, path, "Share of the area, by decreasing out-of-fold probability (%)",
                              "Share of the held-out deposits captured (%)", "chance (0.500)", label="{} ({:.3f})",
                              figsize=(6.0, 5.0), lw=1.4)


def _map_png(array, geotransform, path, title, label, vmax=None, cmap="RdYlBu_r", deposits_rc=None) -> str:
    from .plots import pyplot, save_png

    plt = pyplot()
    a = np.asarray(array, dtype=float)
    gt = list(geotransform)
    rows, cols = a.shape
    ext = (gt[0], gt[0] + cols * gt[1], gt[3] + rows * gt[5], gt[3])
    fig, ax = plt.subplots(figsize=(6.5, 6.5 * max(0.4, min(2.5, rows / max(cols, 1)))))
    cm = plt.get_cmap(cmap).copy()
    cm.set_bad("white")
    im = ax.imshow(np.ma.masked_invalid(a), extent=ext, cmap=cm, vmin=0.0,
                   vmax=vmax if vmax is not None else np.nanmax(a), interpolation="nearest")
    fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02).set_label(label)
    if deposits_rc is not None and len(deposits_rc):
        x = gt[0] + (deposits_rc[:, 1] + 0.5) * gt[1]
        y = gt[3] + (deposits_rc[:, 0] + 0.5) * gt[5]
        ax.scatter(x, y, marker="^", s=14, c="gold", edgecolors="black", linewidths=0.4, zorder=5)
    ax.set_title(title, fontsize=9)
    ax.ticklabel_format(style="plain", useOffset=False)
    ax.tick_params(labelsize=6)
    return save_png(fig, path)


def _fold_table(summary: dict) -> str:
    from .html import table_html

    head = ["method", "seed", "fold", "cell AUC", "top 10 % (%)", "success-rate AUC", "selected epoch",
            "held-out deposits", "training deposit cells"]
    rows = [[method_label(r["method"]), r["seed"], r["fold"], _auc(r["cell_auc"]), _pct(r["top10"]),
             _auc(r["success_rate_auc"]), r["best_epoch"] if r["best_epoch"] is not None else "–",
             r["n_test_deposits"], r["n_train_deposit_cells"]] for r in summary["folds"]]
    return table_html(head, rows, title="Per fold and seed")


def _calibration_section(result: dict, method: str, path: str) -> dict:
    """Reliability diagram of the reference method's out-of-fold scores and its calibration in words."""
    from ..evaluation.final_model import oof_calibration
    from ..scoring.calibration import apply_calibration, reliability
    from .plots import reliability_png

    fit = oof_calibration(result, method)
    cal = fit["calibration"]
    raw = reliability(fit["scores"], fit["labels"])
    text = ("The network's score is not a probability: it learnt from windows centred on deposits with {:g} "
            "background windows each. Dots: out-of-fold cells grouped by score, against the share of them that "
            "hold a known deposit; a calibrated probability would lie on the dashed diagonal.").format(
        result["settings"].negative_ratio)
    if cal is None:
        text += (" Too few deposit cells were held out to fit a calibration: maps made with a model from this run "
                 "give each target's share of the map ('top 3 %') instead.")
    else:
        top = float(apply_calibration(cal, [np.nanmax(fit["scores"])])[0])
        text += (" The step line is the calibration fitted on these {} cells ({} holding a deposit; isotonic "
                 "regression) and recorded with the model file: a map made with it gives each target the chance "
                 "that a {:g} m cell scoring alike holds a known deposit (at most {} here). It is fitted on the "
                 "out-of-fold scores; the final model, trained on every block, may score a little higher.").format(
            cal["n_cells"], cal["n_deposit_cells"], cal["cell_size_m"] or 0, number(top, "{:.1f} %", scale=100.0))
    return {"heading": "What the score means (calibration)", "text": text,
            "images": [(reliability_png(raw, cal, path), "Reliability diagram of the out-of-fold scores.")]}


def write_cv_report(path: str, result: dict, summary: dict, stack_name: str = "",
                    screening_note: Optional[str] = None) -> str:
    """Write the self-contained HTML report of a cross-validation."""
    from .html import write_html_report

    tmp = tempfile.mkdtemp(prefix="mfaf-cv-report-")
    try:
        ref = summary["reference"]
        gt = result["cv"]["geotransform"]
        with np.errstate(all="ignore"):
            ens = np.nanmean(result["oof"][ref], axis=0)
            sd = np.nanstd(result["oof"][ref], axis=0)
        dep_rc = np.argwhere(result["cv"]["deposits"] > 0)
        protocol = protocol_text(result)
        if screening_note:
            protocol += " " + screening_note
        sections = [
            {"heading": "Verdict", "text": verdict_sentence(summary)},
            {"heading": "Data and protocol", "text": "Evidence stack: {}. {}".format(stack_name or "–", protocol)},
            {"heading": "Figures", "html": _summary_table(summary),
             "text": "Cell AUC: how often a held-out deposit cell scores above a held-out barren cell (0.5 = chance). "
                     "Top x %: the share of the held-out deposits inside the x % of the area with the highest "
                     "out-of-fold probability. Every held-out cell was predicted by a model that never saw its "
                     "block. Intervals resample the blocks, not the cells."},
            {"heading": "Success-rate curves", "images": [(_curves_png(result, os.path.join(tmp, "curves.png")),
                                                            "Out-of-fold maps of every method (AUC in brackets).")]},
            {"heading": "Out-of-fold map", "images": [
                (_map_png(ens, gt, os.path.join(tmp, "oof.png"), "Out-of-fold ore probability, " + method_label(ref),
                          "probability", vmax=1.0, deposits_rc=dep_rc), "Triangles: known deposits."),
                (_map_png(sd, gt, os.path.join(tmp, "sd.png"), "Spread over seeds (standard deviation)", "SD",
                          cmap="viridis"), "Where the seeds disagree, the map is uncertain."),
                (_map_png(np.where(result["folds"]["fold"] >= 0, result["folds"]["fold"] + 1.0, np.nan), gt,
                          os.path.join(tmp, "folds.png"), "Folds (blocks held out together)", "fold",
                          cmap="tab10", vmax=10), "")]},
            _calibration_section(result, ref, os.path.join(tmp, "reliability.png")),
            {"heading": "Per fold", "html": _fold_table(summary)},
        ]
        if COMBINED in result["methods"]:
            sections.insert(3, {"heading": "Combined method",
                                "text": combined_text(result) + " " + combined_verdict(summary)})
        return write_html_report(path, "MFAF spatial cross-validation", sections)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def summary_markdown(summary: dict, title: str = "") -> str:
    """The summary table as Markdown (for docs/RESULTS.md)."""
    head = ["method"] + [FIGURE_LABELS[f] for f in FIGURES] + ["folds x seeds cell AUC", "epoch", "s"]
    out = ["**{}**\n".format(title)] if title else []
    out.append("| " + " | ".join(head) + " |")
    out.append("|---" * len(head) + "|")
    for r in summary["summary"]:
        cells = _summary_cells(r) + ["{:.0f}".format(r["seconds"])]
        out.append("| " + " | ".join(str(c) for c in cells) + " |")
    out.append("")
    out.append(verdict_sentence(summary))
    return "\n".join(out)
