"""The one CSV writer (and whole text files), written whole or not at all.

Every table the plugin writes goes through :func:`csv_text` / :func:`write_csv`: a header row,
one row per record (a dict, keyed by column), ``\\n`` line ends, UTF-8, an empty cell for a value
that is missing (None, NaN, infinite), other floats through ``number`` (a table's own rounding,
e.g. ``lambda v: round(v, 6)``) or as Python writes them.
"""

import csv
import io
import math
from typing import Callable, Optional, Sequence

from .run_outputs import atomic_output

__all__ = ["csv_text", "write_csv", "write_text"]


def _cell(v, number: Optional[Callable[[float], object]]):
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, float) and number is not None:
        return number(v)
    return v


def csv_text(columns: Sequence[str], rows: Sequence[dict], number: Optional[Callable[[float], object]] = None) -> str:
    """The CSV text of ``rows`` under ``columns`` (keys not among the columns are left out)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: _cell(v, number) for k, v in r.items()})
    return buf.getvalue()


def write_text(path: str, text: str) -> str:
    """Write ``text`` (UTF-8) to ``path`` atomically; returns ``path``."""
    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return path


def write_csv(path: str, columns: Sequence[str], rows: Sequence[dict],
              number: Optional[Callable[[float], object]] = None) -> str:
    """:func:`csv_text` written to ``path`` atomically; returns ``path``."""
    return write_text(path, csv_text(columns, rows, number))
