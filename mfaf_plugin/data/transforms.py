"""Transforms of the geochemical (element) bands of an evidence stack, applied before the normalisation.

Element concentrations are skewed (a few cells hundreds of times the median) and closed (parts of a
whole): the usual remedies are

* ``none``: the values as they are (the default);
* ``log``: log10 of every element band;
* ``clr``: the centred log-ratio over the element bands, ``ln(x_i) - mean_j ln(x_j)`` per cell
  (Aitchison 1986): each element relative to the geometric mean of all of them; needs at least 2
  element bands.

Values <= 0 (below detection, or interpolation artefacts) have no logarithm: every such value of
a band is replaced by that band's *floor*, half its smallest positive value over the valid cells
(the common half-detection-limit substitution), before the logarithm. The floors are recorded in
the stack (``normalization["transform"]``) and reused, with the method, when a stack of a new area
is built like the reference (``mfaf:stacklayers``'s 'Normalise like'), so a model sees the same
transform of the same values; a band without any positive value is refused.
"""

from typing import List, Optional, Sequence

import numpy as np

from ..common.errors import InputError

__all__ = ["TRANSFORMS", "floors", "transform_bands", "transform_record"]

TRANSFORMS = ("none", "log", "clr")


def floors(bands: Sequence[np.ndarray], valid: np.ndarray, names: Sequence[str]) -> List[float]:
    """Half the smallest positive valid value of every band.

    Raises:
        InputError: a band holds no positive value on the valid cells.
    """
    out = []
    for a, n in zip(bands, names):
        v = np.asarray(a, dtype=np.float64)[valid]
        pos = v[v > 0]
        if pos.size == 0:
            raise InputError("The element band '{}' holds no value above 0: a log or centred log-ratio transform "
                             "needs positive concentrations. Use the transform 'none' for this stack.".format(n))
        out.append(0.5 * float(pos.min()))
    return out


def transform_bands(bands: Sequence[np.ndarray], method: str, band_floors: Sequence[float]) -> List[np.ndarray]:
    """The transformed bands (float64; non-finite cells stay non-finite).

    Args:
        bands: the element bands, on one grid.
        method: one of :data:`TRANSFORMS`.
        band_floors: per band, the value taken for values <= 0 (:func:`floors`).
    """
    if method not in TRANSFORMS:
        raise InputError("Unknown transform '{}' (use one of {}).".format(method, ", ".join(TRANSFORMS)))
    arrays = [np.asarray(a, dtype=np.float64) for a in bands]
    if method == "none":
        return arrays
    if method == "clr" and len(arrays) < 2:
        raise InputError("The centred log-ratio needs at least 2 element bands (got {}).".format(len(arrays)))
    with np.errstate(invalid="ignore"):
        clipped = [np.where(a > 0, a, f) for a, f in zip(arrays, band_floors)]  # NaN stays NaN
    if method == "log":
        return [np.log10(a) for a in clipped]
    logs = np.log(np.stack(clipped))
    return list(logs - logs.mean(axis=0))


def transform_record(method: str, names: Sequence[str], band_floors: Optional[Sequence[float]]) -> Optional[dict]:
    """What the stack records of the transform (None for ``none``: the stack's metadata as before)."""
    if method == "none":
        return None
    return {"method": method, "bands": list(names), "floors": [float(f) for f in band_floors]}
