"""The one number formatter of the texts a person reads (reports, tables, the results page).

:func:`number` writes a value with a format (``"{:.3f}"``, ``"{:.0f} %"``, ...) after scaling it
(``scale=100`` for a share written in %), and a mark of its own choosing when there is no value
(None, NaN or infinite). Each text keeps its format and mark; the rule is this one.
"""

import math

__all__ = ["number"]


def number(value, spec: str = "{:.3f}", missing: str = "–", scale: float = 1.0) -> str:
    """``spec.format(scale * value)``, or ``missing`` when ``value`` is None, NaN or infinite."""
    if value is None:
        return missing
    v = float(value)
    if not math.isfinite(v):
        return missing
    return spec.format(scale * value if scale != 1.0 else value)
