"""Warnings for data that pass every check but cannot mean what the user thinks.

* Values of magnitude :data:`IMPLAUSIBLE` (1e15) or more: no concentration, distance or
  geophysical reading comes near; they are nearly always an undeclared nodata code (1e20, 1e30,
  3.4e38). Min-max scaling then squeezes every other cell of the band towards one value and the
  model sees a constant (:func:`implausible_warning`, used by cleaning, stacking and prediction).
* A geology or fault layer that covers no cell of the grid gives a band of zeros
  (:func:`empty_layer_warning`).
* A normalised stack whose values lie far outside the range the normalisation gives the
  training area (:func:`stack_value_warnings`, for prediction).
"""

from typing import List, Optional, Sequence

import numpy as np

__all__ = ["IMPLAUSIBLE", "FAR_OUTSIDE", "implausible_warning", "empty_layer_warning", "stack_value_warnings"]

IMPLAUSIBLE = 1e15
FAR_OUTSIDE = 1000.0  # normalised values beyond this many units (min-max range or standard deviations)


def implausible_warning(values: np.ndarray, what: str) -> Optional[str]:
    """A warning when finite ``values`` reach :data:`IMPLAUSIBLE` in magnitude, else None."""
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = np.isfinite(v) & (np.abs(v) >= IMPLAUSIBLE)
    n = int(bad.sum())
    if not n:
        return None
    return ("{}: {} values of magnitude {:g} or more (largest {:g}), far beyond any measurement: probably a nodata "
            "code that is not declared as nodata. Declare it (or remove those values) and run again; as they are, "
            "they squeeze every other value towards one.".format(what, n, IMPLAUSIBLE, float(np.abs(v[bad]).max())))


def empty_layer_warning(bands: Sequence[np.ndarray], what: str) -> Optional[str]:
    """A warning when the rasterised ``bands`` of a layer are 0 on every cell of the grid."""
    if any(np.any(np.asarray(b) != 0) for b in bands):
        return None
    return ("The {} layer covers no cell of the stack's grid (it lies outside the extent, or in another CRS than "
            "declared): its band is 0 everywhere. Check the extent and the layer.".format(what))


def stack_value_warnings(ds, nodatas: Sequence[Optional[float]], stack_meta: dict) -> List[str]:
    """Warnings for the bands of an open stack (described by ``stack_meta``, see
    ``gdal_io.read_stack_metadata``) whose values are implausible or, for a normalised stack,
    far outside the normalised range of the training area. Reads band minima and maxima."""
    names = stack_meta.get("bands") or []
    method = str((stack_meta.get("normalization") or {}).get("method", "none"))
    out = []
    for b in range(ds.RasterCount):
        band = ds.GetRasterBand(b + 1)
        try:
            lo, hi = band.ComputeRasterMinMax(False)
        except RuntimeError:  # no valid cell
            continue
        name = names[b] if b < len(names) else "band {}".format(b + 1)
        nd = nodatas[b] if b < len(nodatas) else None
        values = np.array([v for v in (lo, hi) if nd is None or v != nd])
        msg = implausible_warning(values, "Evidence stack band '{}'".format(name))
        if msg is None and method in ("minmax", "zscore") and values.size and np.abs(values).max() > FAR_OUTSIDE:
            msg = ("Evidence stack band '{}' reaches {:g} after normalisation, far outside the range of the training "
                   "area (about {}): the model has never seen such values and its map may be meaningless there. "
                   "Check that layer for outliers or a nodata code.".format(
                       name, float(values[np.argmax(np.abs(values))]), "0 to 1" if method == "minmax" else "-3 to 3"))
        if msg:
            out.append(msg)
    return out
