"""How the bands of a stack are scaled before they enter a network, in training and in prediction.

A cross-validation standardises each band with the mean and standard deviation of the training
area's valid cells (:func:`band_scaling`, recorded in a model's ``input_scaling``); prediction
scales a new stack with the recorded values (:func:`scale_bands`). Nodata cells enter the
network as 0, as in the tile datasets.
"""

from typing import Optional

import numpy as np

from ..common.errors import InputError

__all__ = ["band_scaling", "scale_bands", "standardise"]


def band_scaling(data: np.ndarray, valid: np.ndarray, region: np.ndarray) -> dict:
    """Mean and standard deviation of every band over ``region``'s valid cells (SD 0 -> 1)."""
    sel = valid & region
    mean, sd = [], []
    for band in data:
        v = band[sel].astype(np.float64)
        mu, sigma = (float(v.mean()), float(v.std())) if v.size else (0.0, 1.0)
        mean.append(mu)
        sd.append(sigma if sigma > 0 else 1.0)
    return {"mean": mean, "sd": sd}


def scale_bands(data: np.ndarray, valid: np.ndarray, scaling: Optional[dict]) -> np.ndarray:
    """``(data - mean) / sd`` per band with the model's ``input_scaling`` (if any); invalid cells -> 0."""
    if scaling:
        mean = np.asarray(scaling["mean"], dtype=np.float32).reshape(-1, 1, 1)
        sd = np.asarray(scaling["sd"], dtype=np.float32).reshape(-1, 1, 1)
        if mean.shape[0] != data.shape[0]:
            raise InputError("The model's input scaling has {} bands, the stack {}.".format(mean.shape[0], data.shape[0]))
        data = (data - mean) / np.where(sd > 0, sd, 1.0)
    return np.where(valid[None], data, np.float32(0.0)).astype(np.float32)


def standardise(data: np.ndarray, valid: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Bands scaled by :func:`band_scaling` of ``region``; invalid cells -> 0."""
    return scale_bands(data, valid, band_scaling(data, valid, region))
