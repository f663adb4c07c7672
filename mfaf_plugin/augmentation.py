"""Stage 4 augmentation of the TRAINING tiles only (the test split is never augmented).

Order (both seeded):

1. SMOTE (imbalanced-learn) on the flattened real training tiles: synthetic ore tiles are
   interpolated between an ore tile and one of its ``k`` nearest ore neighbours until the ore
   class reaches ``ratio`` x the no-ore count. ``k = min(5, n_ore - 1)`` adapts to few ore
   tiles; with fewer than 2 ore tiles SMOTE is skipped (and the log says so).
2. Gaussian noise: ``copies`` noisy copies of every training tile (real and SMOTE), noise of
   mean 0 and variance ``variance`` added to the cells that hold data (nodata cells, filled
   with 0, stay 0). Noise copies keep the cell id of their source window.

SMOTE runs first so that its neighbours are real tiles, not noisy copies of one another.
"""

from typing import Callable, Dict, Optional

import numpy as np

from .errors import InputError

__all__ = ["smote_tiles", "noise_copies", "augment_training"]

ORIGIN_REAL, ORIGIN_NOISE, ORIGIN_SMOTE = 0, 1, 2


def smote_tiles(x: np.ndarray, y: np.ndarray, ratio: float = 1.0, seed: int = 0,
                log: Optional[Callable[[str], None]] = None) -> np.ndarray:
    """Synthetic ore tiles made by SMOTE from ``x`` (n, bands, t, t) with labels ``y``.

    Returns:
        float32 array (m, bands, t, t) of the new synthetic tiles only (m may be 0).
    """
    log = log or (lambda _m: None)
    y = np.asarray(y).astype(np.int64)
    n_ore, n_no = int(np.sum(y == 1)), int(np.sum(y == 0))
    if not 0.0 < float(ratio) <= 1.0:
        raise InputError("The SMOTE target ratio must lie in (0, 1] (ore / no-ore), got {}.".format(ratio))
    target = int(np.floor(ratio * n_no))
    if n_ore < 2:
        log("SMOTE skipped: it needs at least 2 ore training tiles, there are {}.".format(n_ore))
        return np.zeros((0,) + x.shape[1:], dtype=np.float32)
    if target <= n_ore:
        log("SMOTE skipped: the ore class already has {} tiles (target {}).".format(n_ore, target))
        return np.zeros((0,) + x.shape[1:], dtype=np.float32)
    from imblearn.over_sampling import SMOTE

    k = min(5, n_ore - 1)
    flat = x.reshape(len(x), -1).astype(np.float32)  # float32 keeps 128-px tiles affordable
    sm = SMOTE(sampling_strategy={1: target}, k_neighbors=k, random_state=int(seed))
    xs, _ys = sm.fit_resample(flat, y)
    new = xs[len(flat):].astype(np.float32).reshape((-1,) + x.shape[1:])
    log("SMOTE (k = {}): {} synthetic ore tiles.".format(k, len(new)))
    return new


def noise_copies(x: np.ndarray, valid: np.ndarray, variance: float, copies: int = 1,
                 seed: int = 0) -> np.ndarray:
    """``copies`` noisy copies of every tile of ``x``: N(0, variance) added where ``valid``.

    Args:
        x: (n, bands, t, t) tiles.
        valid: (n, t, t) boolean: cells holding data.
    Returns:
        (copies * n, bands, t, t) float32, copy-major (all tiles of copy 1, then copy 2, ...).
    """
    if variance < 0:
        raise InputError("The noise variance must not be negative (got {}).".format(variance))
    rng = np.random.default_rng(seed)
    sd = float(np.sqrt(variance))
    out = []
    for _ in range(int(copies)):
        noise = rng.normal(0.0, sd, size=x.shape).astype(np.float32)
        out.append(np.where(valid[:, None], x + noise, x).astype(np.float32))
    return np.concatenate(out) if out else np.zeros((0,) + x.shape[1:], np.float32)


def augment_training(x: np.ndarray, y: np.ndarray, valid: np.ndarray, smote: bool = True,
                     smote_ratio: float = 1.0, noise_variance: float = 0.01, copies: int = 1,
                     seed: int = 0, log: Optional[Callable[[str], None]] = None) -> Dict[str, np.ndarray]:
    """Augment training tiles: SMOTE then noise copies (see the module docstring).

    Args:
        x: (n, bands, t, t) real training tiles; y: (n,) labels; valid: (n, t, t) data mask.
    Returns:
        dict with the NEW tiles only: ``x``, ``y``, ``origin`` (1 noise, 2 SMOTE) and ``source``
        (index into the input of the source tile of a noise copy; -1 for SMOTE tiles and for
        noise copies of SMOTE tiles).
    """
    y = np.asarray(y).astype(np.int64)
    parts_x, parts_y, parts_o, parts_s = [], [], [], []
    base_x, base_y, base_valid, base_src = x, y, valid, np.arange(len(x))
    if smote:
        sx = smote_tiles(x, y, ratio=smote_ratio, seed=seed, log=log)
        if len(sx):
            parts_x.append(sx)
            parts_y.append(np.ones(len(sx), np.int64))
            parts_o.append(np.full(len(sx), ORIGIN_SMOTE, np.int8))
            parts_s.append(np.full(len(sx), -1, np.int64))
            # a SMOTE tile is valid where any cell differs from the 0 fill: use the union of ore masks
            ore_valid = valid[y == 1].any(axis=0)
            base_x = np.concatenate([x, sx])
            base_y = np.concatenate([y, np.ones(len(sx), np.int64)])
            base_valid = np.concatenate([valid, np.repeat(ore_valid[None], len(sx), axis=0)])
            base_src = np.concatenate([base_src, np.full(len(sx), -1, np.int64)])
    if noise_variance > 0 and copies > 0:
        nx = noise_copies(base_x, base_valid, noise_variance, copies, seed=seed + 1)
        parts_x.append(nx)
        parts_y.append(np.tile(base_y, copies))
        parts_o.append(np.full(len(nx), ORIGIN_NOISE, np.int8))
        parts_s.append(np.tile(base_src, copies))
        if log:
            log("Gaussian noise (variance {}): {} noisy copies.".format(noise_variance, len(nx)))
    if not parts_x:
        return {"x": np.zeros((0,) + x.shape[1:], np.float32), "y": np.zeros(0, np.int64),
                "origin": np.zeros(0, np.int8), "source": np.zeros(0, np.int64)}
    return {"x": np.concatenate(parts_x), "y": np.concatenate(parts_y),
            "origin": np.concatenate(parts_o), "source": np.concatenate(parts_s)}
