"""The reports of the model comparisons (``mfaf:comparemodels``, the paper's Tables 3-6).

* :func:`write_comparison_report`: the held-out-tile protocol
  (:func:`~mfaf_plugin.evaluation.tile_comparison.compare_models`);
* :func:`write_cv_comparison_report`: the same tables by spatial cross-validation
  (:func:`~mfaf_plugin.evaluation.cv_compare.compare_cv`);
* :func:`results_markdown`: the tile tables and paired differences of a results folder as Markdown.

The comparisons return what these need; the algorithm writes the report after them.
"""

import csv
import os
import shutil
import tempfile

import numpy as np

from ..evaluation.methods import TABLE_FILES, TABLE_TITLES, run_name
from ..scoring.tile_figures import METRICS
from .cv_report import protocol_text, verdict_sentence
from .html import table_html, write_html_report
from .plots import roc_curve_png, success_curves_png

__all__ = ["write_comparison_report", "write_cv_comparison_report", "results_markdown"]


def write_comparison_report(path: str, result: dict) -> str:
    """The HTML report of :func:`~mfaf_plugin.evaluation.tile_comparison.compare_models`'s ``result``:
    data and protocol, the tables with their intervals, the paired differences, ROC and success-rate
    curves on the held-out tiles."""
    d = result["details"]
    rows, preds, table_rows, comp_rows = d["rows"], d["preds"], result["rows"], result["comparison_rows"]
    y_test, dep_test, config, seeds, common = d["y_test"], d["dep_test"], d["config"], d["seeds"], d["common"]
    n_bootstrap, threshold = d["n_bootstrap"], d["threshold"]
    plt_dir = tempfile.mkdtemp(prefix="mfaf-compare-")
    try:
        t3 = [r for r in rows if r.table == "table3"]
        curves = {}
        seen = set()
        for r in rows:
            key = r.spec.key(config.beta)
            if key in seen:
                continue
            seen.add(key)
            curves[r.label if r.table == "table3" else run_name(key)] = (key, np.mean(preds[key], axis=0))
        roc_png = roc_curve_png({k: (y_test, p) for k, (key, p) in curves.items() if k in {r.label for r in t3}}
                                or {k: (y_test, p) for k, (key, p) in curves.items()},
                                None, os.path.join(plt_dir, "roc.png"),
                                title="ROC on held-out tiles (P(ore) averaged over seeds)")
        sr_png = success_curves_png([(name, (p, dep_test)) for name, (_key, p) in curves.items()],
                                    os.path.join(plt_dir, "success.png"),
                                    "Share of held-out tiles, by decreasing P(ore) (%)",
                                    "Share of held-out deposits captured (%)")
        split = common["split_method"]
        sections = [{
            "heading": "Data and protocol",
            "text": ("Split: {} (read from the tile dataset). Training on {} split-0 tiles (augmented copies "
                     "included); evaluation on {} untouched held-out tiles (split 1, origin 0): {} ore tiles holding {} known "
                     "deposits. The paper also augmented its test set; this evaluation does not. Seeds: {}; figures "
                     "are means over seeds; 95 % intervals: percentile bootstrap over held-out tiles ({} resamples). "
                     "Threshold {:g}. Deep models: {} epochs, batch {}, recipe {}{}, beta {:g}; {}. "
                     "Overlapping intervals allow no conclusion.").format(
                split, common["n_train_tiles"], common["n_test_tiles"], common["n_test_ore"],
                common["n_test_deposits"], ", ".join(map(str, seeds)), n_bootstrap, threshold, config.epochs,
                config.batch_size, config.recipe, _overrides_text(config), config.beta,
                "the epoch with the best validation AUC after the warm-up is scored" if common.get("n_validation_tiles")
                else "the last epoch is scored (the dataset has no validation tiles)"),
        }]
        if split.lower().startswith("random"):
            sections[0]["text"] += (" WARNING: a random split puts neighbouring tiles on both sides; figures are "
                                    "optimistic compared with a spatial-block split.")
        for t in ("table3", "table4", "table5", "table6"):
            if t not in table_rows:
                continue
            header = ["method", "setting"] + [m for m in METRICS]
            body = []
            for d in table_rows[t]:
                body.append([d["method"], d["setting"]] + ["{:.2f} [{:.2f}, {:.2f}]{}".format(
                    d[m], d[m + "_ci_low"], d[m + "_ci_high"],
                    " ±{:.2f}".format(d[m + "_seed_std"]) if np.isfinite(d[m + "_seed_std"]) else "")
                    for m in METRICS])
            sections.append({"heading": TABLE_TITLES[t] + " (split: {})".format(split),
                             "text": "%, mean over seeds [bootstrap 95 % interval] ± std over seeds.",
                             "html": table_html(header, body)})
        if comp_rows:
            sections.append({"heading": "Paired differences (MFAF minus baseline; reference minus ablation variant)",
                             "html": table_html(["table", "method a", "method b", "metric", "diff %", "95 % interval",
                                                 "verdict"],
                                                [[c["table"], c["method_a"], c["method_b"], c["metric"], c["diff"],
                                                  "[{}, {}]".format(c["diff_ci_low"], c["diff_ci_high"]), c["verdict"]]
                                                 for c in comp_rows])})
        sections.append({"heading": "Curves on the held-out tiles", "images": [
            (roc_png, "ROC curves (split: {})".format(split)),
            (sr_png, "Success-rate curves over held-out tiles ranked by P(ore) averaged over seeds (the tables "
                     "average the figures of each seed instead) (split: {})".format(split))]})
        return write_html_report(path, "MFAF model comparison", sections)
    finally:
        shutil.rmtree(plt_dir, ignore_errors=True)


def _overrides_text(config) -> str:
    parts = ["{} {:g}".format(k, getattr(config, k)) for k in ("lr", "momentum", "weight_decay", "lr_step", "lr_gamma")
             if getattr(config, k) is not None]
    return " ({})".format(", ".join(parts)) if parts else ""


def write_cv_comparison_report(path: str, comparison: dict) -> str:
    """The HTML report of :func:`~mfaf_plugin.evaluation.cv_compare.compare_cv`'s result: the verdict,
    the protocol, Tables 3-6 of the out-of-fold figures and the paired block-bootstrap differences."""
    result, summary, tables, comps = (comparison["result"], comparison["summary"], comparison["rows"],
                                      comparison["comparison_rows"])
    sections = [{"heading": "Verdict", "text": verdict_sentence(summary)},
                {"heading": "Data and protocol", "text": "Evidence stack: {}. {}".format(comparison["stack"],
                                                                                          protocol_text(result))}]
    for t in ("table3", "table4", "table5", "table6"):
        if t not in tables:
            continue
        head = ["method", "setting", "cell AUC [95 %]", "top 10 % [95 %]", "success-rate AUC", "folds x seeds AUC"]
        body = [[r["method"], r["setting"],
                 "{:.3f} [{:.3f}, {:.3f}]".format(r["cell_auc"], r["cell_auc_ci_low"], r["cell_auc_ci_high"]),
                 "{:.1f} [{:.1f}, {:.1f}]".format(100 * r["top10"], 100 * r["top10_ci_low"], 100 * r["top10_ci_high"]),
                 "{:.3f}".format(r["success_rate_auc"]),
                 "{:.3f} ± {:.3f}".format(r["cell_auc_fold_mean"], r["cell_auc_fold_sd"])] for r in tables[t]]
        sections.append({"heading": TABLE_TITLES[t].replace("held-out tiles", "out-of-fold cells"),
                         "html": table_html(head, body)})
    if comps:
        body = [[c["table"], c["method_a"], c["method_b"], c["figure"], "{:+.3f}".format(c["diff"]),
                 "[{:+.3f}, {:+.3f}]".format(c["diff_ci_low"], c["diff_ci_high"]), c["verdict"]] for c in comps
                if c["figure"] in ("cell_auc", "top10")]
        sections.append({"heading": "Paired differences (block bootstrap)", "html": table_html(
            ["table", "a", "b", "figure", "a - b", "95 % interval", "verdict"], body)})
    return write_html_report(path, "MFAF model comparison (spatial cross-validation)", sections)


def results_markdown(folder: str) -> str:
    """Markdown of the tables and paired differences written by :func:`compare_models` in ``folder``.

    One table per CSV present: method, then every figure as "mean [95 % interval] ±seed std" (%),
    and a table of the paired MFAF-minus-baseline differences with their verdicts.
    """
    def read(name):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            return []
        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    def cell(r, m):
        if r[m] == "":
            return "n/a"
        txt = "{} [{}, {}]".format(r[m], r[m + "_ci_low"] or "n/a", r[m + "_ci_high"] or "n/a")
        return txt + (" ±{}".format(r[m + "_seed_std"]) if r[m + "_seed_std"] else "")

    out = []
    for t in ("table3", "table4", "table5", "table6"):
        rows = read(TABLE_FILES[t])
        if not rows:
            continue
        r0 = rows[0]
        out.append("**{}** (split: {}; {} held-out tiles, {} ore holding {} deposits; {} training tiles; "
                   "{} seed(s))\n".format(TABLE_TITLES[t], r0["split_method"], r0["n_test_tiles"], r0["n_test_ore"],
                                         r0["n_test_deposits"], r0["n_train_tiles"], r0["n_seeds"]))
        out.append("| method | setting | " + " | ".join(METRICS) + " |")
        out.append("|---" * (2 + len(METRICS)) + "|")
        for r in rows:
            out.append("| {} | {} | {} |".format(r["method"], r["setting"], " | ".join(cell(r, m) for m in METRICS)))
        out.append("")
    comp = read("comparisons.csv")
    for t in ("table3", "table4", "table5", "table6"):
        tcomp = [c for c in comp if c.get("table", "table3") == t]
        if not tcomp:
            continue
        what = "MFAF minus baseline" if t == "table3" else "reference configuration minus variant"
        out.append("**Paired differences, {}: {}** (% points, bootstrap 95 % interval; **+** / **-**: the "
                   "interval excludes 0)\n".format(TABLE_TITLES[t].split(":")[0], what))
        out.append("| a | b | " + " | ".join(METRICS) + " |")
        out.append("|---" * (2 + len(METRICS)) + "|")
        pairs = {}
        for c in tcomp:
            pairs.setdefault((c["method_a"], c["method_b"]), {})[c["metric"]] = c
        for (a, b), d in pairs.items():
            cells = []
            for m in METRICS:
                c = d.get(m)
                if not c or c["diff"] == "":
                    cells.append("n/a")
                    continue
                mark = ""
                if c["verdict"] == a + " better":
                    mark = " **+**"
                elif c["verdict"] == b + " better":
                    mark = " **-**"
                cells.append("{} [{}, {}]{}".format(c["diff"], c["diff_ci_low"], c["diff_ci_high"], mark))
            out.append("| {} | {} | {} |".format(a, b, " | ".join(cells)))
        out.append("")
    return "\n".join(out)
