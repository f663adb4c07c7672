"""Cleaning raw survey values (stream sediment, soil, till) into numbers, with stated rules.

Real geochemical tables mix numbers with blanks, ``NA``, ``<0.5``-style below-detection
strings, ``>1000``-style above-range strings, negative codes for "below the detection limit"
(the USGS National Geochemical Survey writes ``-2`` for "< 2") and zeros that a log transform
cannot take. :func:`clean_values` turns one field's raw values into a float array (NaN =
missing, dropped from that element's statistics) and a :class:`CleaningReport` that counts how
many values each rule touched, so the user can see what was done to the data.

Rules (each a named option, see ``BDL_RULES``, ``NEGATIVE_RULES``, ``ZERO_RULES``):

- missing: ``None``, NaN, empty text, ``NA``/``N/A``/``nd``/``-``/... -> NaN.
- full-width and typographic signs (``＜0.5``, ``≤0.5``, ``−2``) are read as their ASCII forms.
- below detection ``<L`` (and negative values ``-L`` when ``negative_rule="below_detection"``):
  ``half`` -> L/2 (default), ``limit`` -> L, ``zero`` -> 0, ``drop`` -> NaN.
- negative values: ``below_detection`` -> treated as ``<|v|`` (default), ``missing`` -> NaN.
  The all-nines codes -999, -9999, -99999 and -999999 are "no data" in many exports (e.g. the
  Kola O-horizon table) and are always missing, never "below 9999".
- above range ``>U`` -> U (counted).
- commas, decided per field (:func:`comma_mode`), then per file: when any value of the field
  writes a decimal point (``0.5``), a comma in the thousands form is a thousands separator
  (``1,200`` -> 1200, ``1,234.5`` -> 1234.5; ``0,5`` stays a decimal comma); a comma value not
  of the thousands form (``0,5``, ``12,5``) or a plain number of four digits or more (``1500``:
  no thousands grouping) makes commas decimal separators. A field whose comma values all have
  the thousands form (``24,321``) and nothing else to tell is read as the file says
  (``file_commas``: a ``;``- or tab-separated table writes decimal commas, a ``,``-separated one
  can only hold thousands separators, see :func:`commas_of_separator`), and refused, naming the
  field, when the file does not say. The report counts the values with a comma and the reading.
- before a log transform (``log_transform=True``), values <= 0 left by the rules above:
  ``half_min`` -> half the smallest positive value of the field (default), ``missing`` -> NaN;
  then log10.

Any other text (e.g. ``abc``) is an error naming the field and the value.
"""

import math
import re
from dataclasses import asdict, dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from ..common.errors import InputError
from .plausibility import IMPLAUSIBLE

__all__ = [
    "BDL_RULES",
    "NEGATIVE_RULES",
    "ZERO_RULES",
    "MISSING_TOKENS",
    "CleaningReport",
    "parse_value",
    "comma_mode",
    "commas_of_separator",
    "clean_values",
    "clean_table",
    "is_numeric_like",
    "mostly_numeric",
    "candidate_fields",
    "identifier_fields",
]

BDL_RULES = ("half", "limit", "zero", "drop")
NEGATIVE_RULES = ("below_detection", "missing")
ZERO_RULES = ("half_min", "missing")

MISSING_TOKENS = frozenset(
    ["", "na", "n/a", "nan", "none", "null", "nd", "n.d.", "n/d", "n.a.", "-", "--", "ns", "is", "not analysed",
     "not analyzed", "#n/a"]
)

# Field names that are identifiers or coordinates, never elements (skipped when no field list is given).
NON_ELEMENT_NAMES = frozenset(
    ["fid", "id", "ogc_fid", "objectid", "gid", "sample", "sample_id", "labno", "x", "y", "z", "lon", "lat",
     "long", "longitude", "latitude", "xcoo", "ycoo", "easting", "northing", "x_albers", "y_albers", "elev",
     "elevation", "alt", "altitude", "year", "date"]
)

# Further identifier names: ``sid``, ``sample_no``, ``site_id``, ``lab_id``, ``idno``, ``id2``, ``identifier``, ...
_ID_NAME_RE = re.compile(r"^(sid|id(_.*|\d+|no|nr|num|x|ent.*)|.*_(id|no|nr|num))$", re.IGNORECASE)
_MIN_SEQUENCE = 10  # a numbering needs at least this many samples to be told from a concentration

# Negative all-nines "no data" codes: missing under every rule (never "< 9999").
MISSING_CODES = frozenset([-999.0, -9999.0, -99999.0, -999999.0])

_NUM = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
_THOUSANDS = r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?"
_THOUSANDS_RE = re.compile(r"^([<>]\s*=?\s*)?(" + _THOUSANDS + r")$")
_THOUSANDS_INT_RE = re.compile(r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+$")
_BELOW_RE = re.compile(r"^<\s*=?\s*(" + _NUM + r")$")
_ABOVE_RE = re.compile(r"^>\s*=?\s*(" + _NUM + r")$")
_NUM_RE = re.compile(r"^" + _NUM + r"$")
_LONG_PLAIN_RE = re.compile(r"^[+-]?\d{4,}$")  # 1500: a number of four digits or more without grouping

# full-width and typographic signs (e.g. '＜0.5' in Chinese survey tables, '−2', '≤0.5') read as ASCII
_UNICODE_SIGNS = str.maketrans({"＜": "<", "＞": ">", "≤": "<", "≥": ">", "−": "-", "－": "-", "＋": "+",
                                "．": ".", "，": ",", "\u00a0": " ", "\u3000": " "})

# value kinds returned by parse_value
NUMBER, MISSING, BELOW, ABOVE, TEXT = "number", "missing", "below", "above", "text"


@dataclass
class CleaningReport:
    """How many values of one field each rule touched."""

    field: str
    n_total: int = 0
    n_missing: int = 0  # blank / None / NaN / NA text
    n_below_detection: int = 0  # '<L' strings
    n_negative: int = 0  # negative values (below-detection codes or missing, by the rule)
    n_above_range: int = 0  # '>U' strings
    n_zero_for_log: int = 0  # values <= 0 replaced or dropped before log10
    n_dropped: int = 0  # values that ended as missing (NaN)
    n_valid: int = 0
    n_implausible: int = 0  # numbers of magnitude plausibility.IMPLAUSIBLE or more (kept, but warned about)
    n_comma: int = 0  # text values written with a comma
    comma: str = ""  # how those commas were read: "decimal" or "thousands"

    def as_dict(self) -> Dict[str, int]:
        return asdict(self)

    def summary(self) -> str:
        parts = ["{} values".format(self.n_total)]
        for key, label in (("n_missing", "missing"), ("n_below_detection", "below detection"),
                           ("n_negative", "negative"), ("n_above_range", "above range"),
                           ("n_zero_for_log", "<= 0 before log"), ("n_dropped", "dropped"),
                           ("n_implausible", "of magnitude 1e15 or more (implausible)")):
            if getattr(self, key):
                parts.append("{} {}".format(getattr(self, key), label))
        if self.n_comma:
            parts.append("{} values written with a comma, read as {} separators".format(self.n_comma, self.comma))
        return "{}: {}".format(self.field, ", ".join(parts))


def _to_float(text: str) -> float:
    if "," in text and "." not in text:  # decimal comma
        text = text.replace(",", ".")
    return float(text)


def commas_of_separator(separator: Optional[str]) -> Optional[str]:
    """How a file with field ``separator`` writes commas in numbers: ``"decimal"`` for ``;`` and
    tab (the CSV of the locales whose decimal mark is a comma), ``"thousands"`` for ``,`` (a
    comma inside a value of a comma-separated file can only be a thousands separator), else None."""
    if separator in (";", "\t"):
        return "decimal"
    return "thousands" if separator == "," else None


def comma_mode(raw: Iterable, file_commas: Optional[str] = None) -> str:
    """How commas are read in one field: ``"decimal"`` (``0,5``) or ``"thousands"`` (``1,200``);
    ``"ambiguous"`` when every comma value has the thousands form (``24,321``), nothing else in
    the field tells and ``file_commas`` (how the field's file writes them) is None.

    A decimal point anywhere in the field's text values makes commas thousands separators; a
    comma value not of the thousands form, or a plain number of four digits or more, decimal ones.
    """
    has_dot = has_decimal_comma = has_thousands = has_long_plain = False
    for value in raw:
        if not isinstance(value, str):
            continue
        t = value.translate(_UNICODE_SIGNS).strip().lstrip("<>=").strip()
        if not t or not any(c.isdigit() for c in t):
            continue
        if "." in t and (_NUM_RE.match(t) or _THOUSANDS_RE.match(t)):
            has_dot = True
        elif "," in t:
            if _THOUSANDS_INT_RE.match(t):
                has_thousands = True
            elif _NUM_RE.match(t):
                has_decimal_comma = True
        elif _LONG_PLAIN_RE.match(t):
            has_long_plain = True
    if has_dot:
        return "thousands"
    if has_decimal_comma or not has_thousands or has_long_plain:
        return "decimal"
    return file_commas or "ambiguous"


def parse_value(value, comma: str = "decimal") -> Tuple[str, float]:
    """Classify one raw value: ``(kind, number)``.

    ``kind`` is ``number``, ``missing``, ``below`` (``<L``, number = L), ``above`` (``>U``) or
    ``text`` (unparseable; number NaN). ``comma`` (see :func:`comma_mode`): ``"decimal"`` reads
    ``0,5`` as 0.5; ``"thousands"`` reads ``1,200`` as 1200 (other commas, ``0,25``, stay decimal);
    ``"ambiguous"`` reads like ``"thousands"`` (for telling numbers from text only).
    """
    if value is None:
        return MISSING, math.nan
    if isinstance(value, bool):
        return TEXT, math.nan
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        return (MISSING, math.nan) if not math.isfinite(v) or v in MISSING_CODES else (NUMBER, v)
    text = str(value).translate(_UNICODE_SIGNS).strip()
    if text.lower() in MISSING_TOKENS:
        return MISSING, math.nan
    if comma in ("thousands", "ambiguous") and "," in text:
        m = _THOUSANDS_RE.match(text)
        if m:  # other commas ('0,25', '12,5') cannot be thousands separators: decimal commas
            text = (m.group(1) or "") + m.group(2).replace(",", "")
    if _NUM_RE.match(text):
        v = _to_float(text)
        return (MISSING, math.nan) if not math.isfinite(v) or v in MISSING_CODES else (NUMBER, v)
    m = _BELOW_RE.match(text)
    if m:
        return BELOW, abs(_to_float(m.group(1)))
    m = _ABOVE_RE.match(text)
    if m:
        return ABOVE, _to_float(m.group(1))
    return TEXT, math.nan


def _field_commas(raw: Sequence, field_name: str, layer_name: str, file_commas: Optional[str]) -> str:
    """:func:`comma_mode` of a field; refuses a field whose commas cannot be told apart."""
    comma = comma_mode(raw, file_commas)
    if comma == "ambiguous":
        example = next(v for v in raw if isinstance(v, str) and "," in v)
        where = " of layer '{}'".format(layer_name) if layer_name else ""
        raise InputError(
            "Field '{}'{} writes numbers such as '{}' whose comma may be a decimal comma ({}) or a thousands "
            "separator ({}), and neither the field nor its file tells which. Write the numbers with a decimal point, "
            "or load a ';'-separated CSV (decimal commas) or a ','-separated one (thousands separators).".format(
                field_name, where, example, example.strip().replace(",", "."), example.strip().replace(",", "")))
    return comma


def _below(limit: float, bdl_rule: str) -> float:
    if bdl_rule == "half":
        return 0.5 * limit
    if bdl_rule == "limit":
        return limit
    if bdl_rule == "zero":
        return 0.0
    return math.nan  # drop


def _check_rule(name, value, allowed):
    if value not in allowed:
        raise InputError("Unknown {} '{}': use one of {}.".format(name, value, ", ".join(allowed)))


def clean_values(
    raw: Sequence,
    field_name: str = "value",
    bdl_rule: str = "half",
    negative_rule: str = "below_detection",
    log_transform: bool = False,
    zero_rule: str = "half_min",
    layer_name: str = "",
    file_commas: Optional[str] = None,
) -> Tuple[np.ndarray, CleaningReport]:
    """Turn one field's raw values into floats under the stated rules.

    Args:
        raw: values as stored (numbers, strings, None).
        field_name: the field, for the report and error messages.
        bdl_rule: what a below-detection value becomes: ``half`` (L/2), ``limit`` (L),
            ``zero`` or ``drop`` (missing).
        negative_rule: ``below_detection`` (a negative value -L means "< L") or ``missing``.
        log_transform: apply log10 after cleaning (values <= 0 handled by ``zero_rule``).
        zero_rule: before the log, ``half_min`` (half the smallest positive value of the
            field) or ``missing``.
        layer_name: the layer, for error messages.
        file_commas: how the field's file writes commas in numbers (:func:`commas_of_separator`),
            for a field whose own values do not tell (:func:`comma_mode`).

    Returns:
        ``(values, report)``: float64 array (NaN = missing) and the counts per rule.

    Raises:
        InputError: a value is text that is neither a number, a missing code, ``<L`` nor ``>U``;
            or the field's commas may be decimal or thousands separators and nothing tells which.
    """
    _check_rule("below-detection rule", bdl_rule, BDL_RULES)
    _check_rule("negative-value rule", negative_rule, NEGATIVE_RULES)
    _check_rule("zero rule", zero_rule, ZERO_RULES)
    rep = CleaningReport(field=field_name, n_total=len(raw))
    out = np.empty(len(raw), dtype=np.float64)
    comma = _field_commas(raw, field_name, layer_name, file_commas)
    rep.n_comma = sum(1 for v in raw if isinstance(v, str) and "," in v.translate(_UNICODE_SIGNS))
    rep.comma = comma if rep.n_comma else ""
    for i, value in enumerate(raw):
        kind, v = parse_value(value, comma)
        if kind == TEXT:
            where = " of layer '{}'".format(layer_name) if layer_name else ""
            hint = (" The field also holds values with a decimal point, so commas in the form 1,200 are read "
                    "as thousands separators." if comma == "thousands" and "," in str(value) else "")
            raise InputError(
                "Field '{}'{} holds text that is not a number: '{}' (row {}). Only numbers, blanks/NA, "
                "'<L' below-detection and '>U' above-range values are understood; fix the value or "
                "leave the field out.{}".format(field_name, where, value, i + 1, hint))
        if kind == MISSING:
            rep.n_missing += 1
        elif kind == BELOW:
            rep.n_below_detection += 1
            v = _below(v, bdl_rule)
        elif kind == ABOVE:
            rep.n_above_range += 1
        elif v < 0:
            rep.n_negative += 1
            v = _below(-v, bdl_rule) if negative_rule == "below_detection" else math.nan
        out[i] = v
    with np.errstate(invalid="ignore"):
        rep.n_implausible = int(np.sum(np.abs(out) >= IMPLAUSIBLE))
    if log_transform:
        finite = np.isfinite(out)
        bad = finite & (out <= 0)
        rep.n_zero_for_log = int(bad.sum())
        if rep.n_zero_for_log:
            positive = out[finite & (out > 0)]
            if zero_rule == "half_min" and positive.size:
                out[bad] = 0.5 * positive.min()
            else:
                out[bad] = np.nan
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.log10(out)
    rep.n_dropped = int((~np.isfinite(out)).sum())
    rep.n_valid = rep.n_total - rep.n_dropped
    return out, rep


def clean_table(
    raw: Dict[str, Sequence], layer_name: str = "", file_commas: Optional[str] = None, **rules
) -> Tuple[Dict[str, np.ndarray], List[CleaningReport]]:
    """:func:`clean_values` for every field of ``raw`` (same rules, same file). Returns values and reports."""
    values, reports = {}, []
    for name, column in raw.items():
        values[name], rep = clean_values(column, field_name=name, layer_name=layer_name, file_commas=file_commas,
                                         **rules)
        reports.append(rep)
    return values, reports


def is_numeric_like(raw: Iterable) -> bool:
    """True when every value parses (number, missing, ``<L``, ``>U``) and at least one is a number."""
    seen_number = False
    raw = list(raw)
    comma = comma_mode(raw)
    for value in raw:
        kind, _ = parse_value(value, comma)
        if kind == TEXT:
            return False
        if kind in (NUMBER, BELOW, ABOVE):
            seen_number = True
    return seen_number


def mostly_numeric(raw: Iterable) -> bool:
    """True when at least half of the values that are not missing are numbers, ``<L`` or ``>U``
    (a column of concentrations with a few stray words, not a column of text)."""
    raw = list(raw)
    comma = comma_mode(raw)
    kinds = [parse_value(v, comma)[0] for v in raw]
    numbers = sum(k in (NUMBER, BELOW, ABOVE) for k in kinds)
    return numbers > 0 and 2 * numbers >= numbers + kinds.count(TEXT)


def _numbering(column: Sequence) -> bool:
    """True when every value is a whole number and each is larger than the one before (sample
    numbers in sample order), over at least :data:`_MIN_SEQUENCE` samples."""
    if len(column) < _MIN_SEQUENCE:
        return False
    numbers = []
    for value in column:
        kind, v = parse_value(value)
        if kind != NUMBER or v != math.floor(v):
            return False
        numbers.append(v)
    return bool(np.all(np.diff(numbers) > 0))


def identifier_fields(raw: Dict[str, Sequence]) -> Dict[str, str]:
    """The fields of ``raw`` that are identifiers, not elements: ``{name: "name" | "numbering"}``
    (by their names: fid, id, sid, sample_no, site_id, *_id, id*, ..., and coordinates; or whole
    numbers rising in sample order, whatever the name)."""
    found = {}
    for name, column in raw.items():
        if name.lower() in NON_ELEMENT_NAMES or _ID_NAME_RE.match(name):
            found[name] = "name"
        elif _numbering(list(column)):
            found[name] = "numbering"
    return found


def candidate_fields(raw: Dict[str, Sequence], numeric: Optional[Iterable[str]] = None) -> List[str]:
    """The fields to screen when the user named none.

    Every field whose values are numbers / below-detection strings, or mostly so
    (:func:`mostly_numeric`: a stray word such as ``abc`` in a concentration column is then an
    error naming the field, the value and the row, in screening and interpolation alike, never a
    silent drop of the element), ``numeric`` may name fields already known to be numeric; except
    identifiers and coordinates (:func:`identifier_fields`).
    """
    numeric = set(numeric or ())
    skip = identifier_fields(raw)
    chosen = []
    for name, column in raw.items():
        if name in skip:
            continue
        if name in numeric or mostly_numeric(column):
            chosen.append(name)
    return chosen
