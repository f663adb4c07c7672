"""Evaluation plots and a self-contained HTML report (matplotlib with the Agg backend, no QGIS).

Used by ``mfaf:predictprospectivity`` (success-rate curve over the map, band influence; its maps
are drawn by :mod:`mfaf_plugin.map_figure`) and by the evaluation algorithms (ROC curve, metrics
tables).

Every PNG and the HTML file are written atomically (:func:`~mfaf_plugin.gdal_io.atomic_output`);
the HTML report embeds its images as base64 so it is one file that can be mailed or archived.

The success-rate curve (Agterberg and Bonham-Carter, 2005, "Measuring the performance of
mineral-potential maps") plots the share of known deposits captured against the share of the
study area, with cells taken in order of decreasing prospectivity; its area under the curve is
0.5 for a map no better than chance and tends to 1 for a map that ranks every deposit cell first.
"""

import base64
import html
import io
import os
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from ..common.run_outputs import atomic_output

__all__ = [
    "success_rate_curve",
    "roc_curve_png",
    "attention_bar_png",
    "metrics_table_html",
    "table_html",
    "write_html_report",
]


def _pyplot():
    """matplotlib's pyplot on the non-interactive Agg backend (safe off the GUI thread)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def capture_axes(ax, xlabel: str, ylabel: str, chance: str = "chance") -> None:
    """Finish a success-rate (capture) plot: the chance diagonal, axis titles, 0-100 % limits,
    grid and legend."""
    ax.plot([0, 100], [0, 100], color="0.5", ls="--", lw=1, label=chance)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=6)


def _save(fig, path: str) -> str:
    plt = _pyplot()
    try:
        with atomic_output(path) as tmp:
            fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path


# -- success-rate curve ---------------------------------------------------------------------------
def success_rate_curve(
    prob: np.ndarray, valid_mask: np.ndarray, deposit_rows_cols
) -> Tuple[np.ndarray, np.ndarray, float]:
    """Share of known deposits captured against share of area, cells by decreasing probability.

    Cells with equal probability are taken together (the curve runs straight across a tie, the
    expected result of any order within it), so the curve does not depend on sort order.

    Args:
        prob: 2-D prospectivity array.
        valid_mask: 2-D bool, True where ``prob`` holds a value (nodata cells are excluded from
            both the area and the deposits).
        deposit_rows_cols: (n, 2) integer pixel rows and columns of the known deposits; deposits
            outside the array or on invalid cells are ignored; several deposits in one cell
            count separately.

    Returns:
        ``(area_share, deposit_share, auc)``: the curve's points from (0, 0) to (1, 1) and the
        area under it (trapezoids). ``auc`` is NaN when no valid cell or no deposit is usable.
    """
    prob = np.asarray(prob, dtype=np.float64)
    valid = np.asarray(valid_mask, dtype=bool) & np.isfinite(prob)
    rc = np.asarray(deposit_rows_cols, dtype=np.int64).reshape(-1, 2)
    inside = (rc[:, 0] >= 0) & (rc[:, 0] < prob.shape[0]) & (rc[:, 1] >= 0) & (rc[:, 1] < prob.shape[1])
    rc = rc[inside]
    rc = rc[valid[rc[:, 0], rc[:, 1]]] if len(rc) else rc
    values = prob[valid]
    if values.size == 0 or len(rc) == 0:
        return np.array([0.0, 1.0]), np.array([0.0, 1.0]), float("nan")
    dep_values = prob[rc[:, 0], rc[:, 1]]
    # Distinct probabilities in decreasing order; cumulative counts at each.
    levels, counts = np.unique(values, return_counts=True)
    levels, counts = levels[::-1], counts[::-1]
    area = np.cumsum(counts) / float(values.size)
    # deposits with probability >= level, for each level (levels descending)
    dep_sorted = np.sort(dep_values)
    dep_at_least = dep_sorted.size - np.searchsorted(dep_sorted, levels, side="left")
    dep = dep_at_least / float(dep_sorted.size)
    area = np.concatenate([[0.0], area])
    dep = np.concatenate([[0.0], dep])
    auc = float(np.trapz(dep, area))
    return area, dep, auc


# -- ROC ------------------------------------------------------------------------------------------
def roc_curve_png(y, p, path: str, title: str = "ROC curve", label: str = "model") -> str:
    """ROC curve of scores ``p`` against binary labels ``y`` (scikit-learn's roc_curve) as PNG.

    ``y`` may also be a dict ``{label: (y, p)}`` to draw several models on one plot (then ``p``
    is ignored).
    """
    from sklearn.metrics import roc_auc_score, roc_curve

    curves = y if isinstance(y, dict) else {label: (y, p)}
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.8, 4.4))
    for name, (yy, pp) in curves.items():
        yy = np.asarray(yy).astype(int)
        pp = np.asarray(pp, dtype=float)
        if len(np.unique(yy)) < 2:
            ax.plot([], [], label="{} (one class only: no ROC)".format(name))
            continue
        fpr, tpr, _ = roc_curve(yy, pp)
        ax.plot(fpr, tpr, lw=2, label="{} (AUC = {:.3f})".format(name, roc_auc_score(yy, pp)))
    ax.plot([0, 1], [0, 1], color="0.5", ls="--", lw=1, label="chance")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("False positive rate")
    ax.set_ylabel("True positive rate (recall)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return _save(fig, path)


# -- band influence -------------------------------------------------------------------------------
def attention_bar_png(band_names: Sequence[str], weights: Sequence[float], path: str,
                      title: str = "Influence of each evidence layer", xlabel: str = "weight") -> str:
    """Horizontal bar chart of one weight per band (largest on top)."""
    plt = _pyplot()
    names = [str(n) for n in band_names]
    w = np.asarray(weights, dtype=float)
    order = np.argsort(w)
    fig, ax = plt.subplots(figsize=(5.2, 0.35 * len(names) + 1.2))
    ax.barh(np.arange(len(names)), w[order], color="#2166ac")
    ax.set_yticks(np.arange(len(names)))
    ax.set_yticklabels([names[i] for i in order])
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return _save(fig, path)


# -- map ------------------------------------------------------------------------------------------
def _nice_length(span: float) -> float:
    """A round scale-bar length close to a fifth of ``span`` (1, 2, 5 x 10^k)."""
    target = max(span / 5.0, 1e-9)
    k = 10 ** np.floor(np.log10(target))
    for m in (5, 2, 1):
        if m * k <= target:
            return float(m * k)
    return float(k)


# -- HTML -----------------------------------------------------------------------------------------
def _fmt(v) -> str:
    if isinstance(v, float):
        if not np.isfinite(v):
            return "–"
        return "{:.4g}".format(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(_fmt(x) for x in v)
    if isinstance(v, dict):
        return "; ".join("{}: {}".format(k, _fmt(x)) for k, x in v.items())
    return str(v)


def metrics_table_html(metrics: Dict, title: Optional[str] = None) -> str:
    """A two-column HTML table (name, value) of a flat or nested dict; values HTML-escaped."""
    rows = "".join("<tr><th>{}</th><td>{}</td></tr>".format(html.escape(str(k)), html.escape(_fmt(v)))
                   for k, v in metrics.items())
    cap = "<caption>{}</caption>".format(html.escape(title)) if title else ""
    return "<table class='kv'>{}{}</table>".format(cap, rows)


def table_html(header: Sequence[str], rows: Iterable[Sequence], title: Optional[str] = None) -> str:
    """An HTML table with a header row; cell values HTML-escaped."""
    head = "".join("<th>{}</th>".format(html.escape(str(h))) for h in header)
    body = "".join("<tr>{}</tr>".format("".join("<td>{}</td>".format(html.escape(_fmt(v))) for v in r))
                   for r in rows)
    cap = "<caption>{}</caption>".format(html.escape(title)) if title else ""
    return "<table>{}<thead><tr>{}</tr></thead><tbody>{}</tbody></table>".format(cap, head, body)


def _img_tag(png_path: str, alt: str) -> str:
    with open(png_path, "rb") as fh:
        data = base64.b64encode(fh.read()).decode("ascii")
    return "<img alt='{}' src='data:image/png;base64,{}'/>".format(html.escape(alt), data)


_CSS = """
body{font-family:sans-serif;max-width:60em;margin:1.5em auto;color:#222}
table{border-collapse:collapse;margin:0.6em 0}
td,th{border:1px solid #bbb;padding:2px 8px;font-size:0.9em;text-align:left}
caption{font-weight:bold;text-align:left;padding:4px 0}
img{max-width:100%;display:block;margin:0.5em 0}
.note{color:#555;font-size:0.9em}
"""


def write_html_report(path: str, title: str, sections: List[Dict]) -> str:
    """Write one self-contained HTML file (images embedded as base64), atomically.

    Args:
        path: destination ``.html``.
        title: page title.
        sections: list of dicts with optional keys ``heading`` (text), ``text`` (plain text,
            escaped), ``html`` (trusted HTML, e.g. from :func:`metrics_table_html`), ``images``
            (list of PNG paths, or (path, caption) pairs).

    Returns:
        ``path``.
    """
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>{}</title><style>{}</style>"
             "</head><body><h1>{}</h1>".format(html.escape(title), _CSS, html.escape(title))]
    for sec in sections:
        if sec.get("heading"):
            parts.append("<h2>{}</h2>".format(html.escape(sec["heading"])))
        if sec.get("text"):
            parts.append("<p class='note'>{}</p>".format(html.escape(sec["text"])))
        if sec.get("html"):
            parts.append(sec["html"])
        for img in sec.get("images", ()):
            img_path, caption = (img, "") if isinstance(img, str) else img
            if img_path and os.path.exists(img_path):
                parts.append("<figure>{}<figcaption class='note'>{}</figcaption></figure>".format(
                    _img_tag(img_path, caption or os.path.basename(img_path)), html.escape(caption)))
    parts.append("</body></html>")
    with atomic_output(path) as tmp:
        with io.open(tmp, "w", encoding="utf-8") as fh:
            fh.write("\n".join(parts))
    return path
