"""The paper's comparison and ablation tables (3-6) under spatial cross-validation.

``mfaf:comparemodels`` given an evidence stack and deposits (instead of a tile dataset) runs
every configuration of :func:`evaluation.plan_runs` as a named variant of one
:func:`crossval.cross_validate` (same folds, same training cells, same seeds for all), plus the
classical baselines, and writes tables of the out-of-fold figures with block-bootstrap intervals
and paired differences: in Table 3 the first MFAF model against every other method, in Tables
4-6 the reference configuration against each variant.
"""

import os
from typing import Callable, Dict, List, Sequence, Tuple

from .methods import CLASSICAL_ALIASES, NETWORKS, TABLE_FILES, plan_runs, run_name
from ..common.progress import never_canceled, noop_progress

__all__ = ["variants_for", "compare_cv", "CV_TABLE_COLUMNS"]

def variants_for(rows, beta: float) -> Tuple[List[str], Dict[str, dict]]:
    """Unique run names (in table order) and the variant of each network run."""
    names, variants = [], {}
    for r in rows:
        key = r.spec.key(beta)
        method = CLASSICAL_ALIASES.get(r.spec.method, r.spec.method)
        name = run_name(key) if method in NETWORKS else method
        if name not in names:
            names.append(name)
        if method in NETWORKS and name not in variants:
            settings = r.spec.settings()
            variants[name] = {"method": method, "beta": key[1] if key[1] is not None else beta,
                              "dilations": settings.get("dilations"), "label": r.label,
                              "model_settings": {k: settings[k] for k in ("channel_attention", "spatial_attention")
                                                 if k in settings}}
    return names, variants


CV_TABLE_COLUMNS = ["table", "method", "setting", "run", "n_folds", "n_seeds", "n_deposits"] + [
    c for f in ("cell_auc", "top1", "top5", "top10", "top20", "success_rate_auc")
    for c in (f, f + "_ci_low", f + "_ci_high", f + "_fold_mean", f + "_fold_sd")] + ["mean_best_epoch", "seconds"]


def _table_rows(rows, names_by_row, summary) -> Dict[str, List[dict]]:
    by_run = {r["method"]: r for r in summary["summary"]}
    tables: Dict[str, List[dict]] = {}
    for r, name in zip(rows, names_by_row):
        s = by_run[name]
        tables.setdefault(r.table, []).append(dict(s, table=r.table, method=r.label, setting=r.setting, run=name))
    return tables


def _comparisons(result, rows, names_by_row, ref_key, beta) -> List[dict]:
    """Paired block-bootstrap differences: Table 3's first MFAF row against the others, and in
    Tables 4-6 the reference configuration (the full base model with the common beta and
    dilations) against each variant."""
    from .cv_results import summarise

    out = []
    for table in ("table3", "table4", "table5", "table6"):
        trows = [(r, n) for r, n in zip(rows, names_by_row) if r.table == table]
        if len(trows) < 2:
            continue
        if table == "table3":
            ref = next((n for r, n in trows if r.spec.method.startswith("mfaf_")), trows[0][1])
        else:
            ref = next((n for r, n in trows if r.spec.key(beta) == ref_key), trows[0][1])
        sub = dict(result, methods=list(dict.fromkeys(n for _r, n in trows)))
        for c in summarise(sub, reference=ref)["comparisons"]:
            out.append(dict(c, table=table))
    return out


def compare_cv(stack_path: str, deposits_xy, output_folder: str, methods: Sequence[str], ablations: Sequence[str],
               ablation_base: str, settings, dilations: Sequence[int],
               progress: Callable[[float], None] = noop_progress, is_canceled: Callable[[], bool] = never_canceled,
               log: Callable[[str], None] = lambda m: None, scheduler=None) -> dict:
    """Tables 3-6 from one spatial cross-validation (see the module docstring).

    Args:
        methods: Table 3 rows: names of ``evaluation.METHODS`` (networks; ``random_forest`` and
            ``logistic_regression`` mean their window-statistics versions) or of
            :data:`~mfaf_plugin.evaluation.methods.CELL_BASELINES`.
        settings: :class:`~mfaf_plugin.evaluation.crossval.CVSettings` (beta, epochs, recipe, seeds...
            shared by all).
        scheduler: where the (fold, variant, seed) units run (see :func:`crossval.cross_validate`).

    Returns:
        dict: ``tables`` {table: CSV path}, ``rows`` {table: [row dicts]}, ``comparisons`` (path),
        ``comparison_rows``, ``stack``, ``result`` and ``summary`` of the cross-validation (the
        report: :func:`mfaf_plugin.reports.comparison_report.write_cv_comparison_report`).
    """
    from .crossval import cross_validate
    from ..common.tables import write_csv
    from .cv_results import COMPARISON_COLUMNS, six_decimals, summarise, write_outputs
    from .methods import CELL_BASELINES, LABELS, Row, RunSpec

    deep = [m for m in methods if m not in CELL_BASELINES]
    rows = plan_runs(deep, ablations, ablation_base, settings.beta, dilations)
    rows += [Row("table3", LABELS[m], RunSpec(m)) for m in methods if m in CELL_BASELINES]
    names, variants = variants_for(rows, settings.beta)
    names_by_row = [variants_for([r], settings.beta)[0][0] for r in rows]
    result = cross_validate(stack_path, deposits_xy, names, settings, progress=progress, is_canceled=is_canceled,
                            log=log, variants=variants, scheduler=scheduler)
    summary = summarise(result)
    tables = _table_rows(rows, names_by_row, summary)
    os.makedirs(output_folder, exist_ok=True)
    paths = {t: write_csv(os.path.join(output_folder, TABLE_FILES[t]), CV_TABLE_COLUMNS, trows, six_decimals)
             for t, trows in tables.items()}
    ref_key = RunSpec(ablation_base, dilations=tuple(int(d) for d in dilations)).key(settings.beta)
    comps = _comparisons(result, rows, names_by_row, ref_key, settings.beta)
    comp_path = write_csv(os.path.join(output_folder, "comparisons.csv"), ["table"] + COMPARISON_COLUMNS, comps,
                          six_decimals)
    write_outputs(result, summary, os.path.join(output_folder, "cross_validation"))
    return {"tables": paths, "rows": tables, "comparisons": comp_path, "comparison_rows": comps, "stack": stack_path,
            "result": result, "summary": summary, "split_method": "spatial {}-fold cross-validation".format(
                settings.n_folds)}
