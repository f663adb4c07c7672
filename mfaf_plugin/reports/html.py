"""Self-contained HTML pages: tables and one file with its images embedded (base64), so that a
report can be mailed or archived as one file, written atomically.

Numbers in tables are written by :func:`~mfaf_plugin.common.numbers.number` (4 significant
digits, "–" for a missing value).
"""

import base64
import html
import io
import os
from typing import Dict, Iterable, List, Optional, Sequence

from ..common.numbers import number
from ..common.run_outputs import atomic_output

__all__ = ["cell_text", "metrics_table_html", "table_html", "write_html_report"]


def cell_text(v) -> str:
    """The text of a table cell: floats to 4 significant digits ("–" when not finite), lists and
    dicts item by item, anything else as it prints."""
    if isinstance(v, float):
        return number(v, "{:.4g}")
    if isinstance(v, (list, tuple)):
        return ", ".join(cell_text(x) for x in v)
    if isinstance(v, dict):
        return "; ".join("{}: {}".format(k, cell_text(x)) for k, x in v.items())
    return str(v)


def metrics_table_html(metrics: Dict, title: Optional[str] = None) -> str:
    """A two-column HTML table (name, value) of a flat or nested dict; values HTML-escaped."""
    rows = "".join("<tr><th>{}</th><td>{}</td></tr>".format(html.escape(str(k)), html.escape(cell_text(v)))
                   for k, v in metrics.items())
    cap = "<caption>{}</caption>".format(html.escape(title)) if title else ""
    return "<table class='kv'>{}{}</table>".format(cap, rows)


def table_html(header: Sequence[str], rows: Iterable[Sequence], title: Optional[str] = None) -> str:
    """An HTML table with a header row; cell values HTML-escaped."""
    head = "".join("<th>{}</th>".format(html.escape(str(h))) for h in header)
    body = "".join("<tr>{}</tr>".format("".join("<td>{}</td>".format(html.escape(cell_text(v))) for v in r))
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
