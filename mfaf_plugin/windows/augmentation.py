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

from ..common.errors import InputError
from ..common.progress import check_canceled

__all__ = ["smote_tiles", "noise_copies", "augment_training"]

ORIGIN_REAL, ORIGIN_NOISE, ORIGIN_SMOTE = 0, 1, 2
_CHUNK_BYTES = 64 * 1024 ** 2  # working size of one SMOTE / noise chunk


def smote_tiles(x: np.ndarray, y: np.ndarray, ratio: float = 1.0, seed: int = 0,
                log: Optional[Callable[[str], None]] = None,
                is_canceled: Optional[Callable[[], bool]] = None) -> np.ndarray:
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
    # SMOTE interpolates between ore tiles only: give it the ore tiles and one no-ore tile (the
    # synthetic tiles are the same as with all tiles) and ask for the new tiles in chunks, so
    # that its float64 temporaries (about 7 x the new tiles) and its copy of the input stay
    # bounded whatever the number of tiles (one chunk, hence the same tiles, for small sets).
    ore_idx = np.flatnonzero(y == 1)
    no_idx = np.flatnonzero(y == 0)[:1]
    flat = x[np.concatenate([ore_idx, no_idx])].reshape(n_ore + 1, -1).astype(np.float32, copy=False)
    yy = np.concatenate([np.ones(n_ore, np.int64), np.zeros(1, np.int64)])
    n_new = target - n_ore
    per = max(1, int(_CHUNK_BYTES // max(1, flat.shape[1] * 4)))
    new = np.empty((n_new, flat.shape[1]), dtype=np.float32)
    for j, s0 in enumerate(range(0, n_new, per)):
        check_canceled(is_canceled)
        m = min(per, n_new - s0)
        sm = SMOTE(sampling_strategy={1: n_ore + m}, k_neighbors=k, random_state=int(seed) + j)
        xs, _ys = sm.fit_resample(flat, yy)
        new[s0:s0 + m] = xs[len(flat):]
        del xs
    new = new.reshape((-1,) + x.shape[1:])
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
    return _noisy([x], [valid], variance, copies, seed)


def _noisy(xs, valids, variance: float, copies: int, seed: int, out: Optional[np.ndarray] = None,
           is_canceled: Optional[Callable[[], bool]] = None) -> np.ndarray:
    """Noise copies of the tiles of ``xs`` (a list of arrays taken as one, in order), written
    chunk by chunk into one output array: the noise is drawn in the same order as one draw of
    the whole set, and the temporaries stay the size of one chunk."""
    rng = np.random.default_rng(seed)
    sd = float(np.sqrt(variance))
    shape = xs[0].shape[1:]
    n = sum(len(a) for a in xs)
    if out is None:
        out = np.empty((int(copies) * n,) + shape, dtype=np.float32)
    per = max(1, int(_CHUNK_BYTES // max(1, 4 * int(np.prod(shape)))))
    pos = 0
    for _ in range(int(copies)):
        for a, v in zip(xs, valids):
            for s0 in range(0, len(a), per):
                check_canceled(is_canceled)
                blk = a[s0:s0 + per]
                noise = rng.normal(0.0, sd, size=blk.shape).astype(np.float32)
                noise *= np.asarray(v[s0:s0 + per], dtype=bool)[:, None]  # nodata cells stay as they are
                np.add(blk, noise, out=out[pos:pos + len(blk)])
                pos += len(blk)
    return out


def augment_training(x: np.ndarray, y: np.ndarray, valid: np.ndarray, smote: bool = True,
                     smote_ratio: float = 1.0, noise_variance: float = 0.01, copies: int = 1,
                     seed: int = 0, log: Optional[Callable[[str], None]] = None,
                     is_canceled: Optional[Callable[[], bool]] = None) -> Dict[str, np.ndarray]:
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
    base_x, base_y, base_valid, base_src = [x], y, [valid], np.arange(len(x))
    sx = np.zeros((0,) + x.shape[1:], np.float32)
    if smote:
        sx = smote_tiles(x, y, ratio=smote_ratio, seed=seed, log=log, is_canceled=is_canceled)
        if len(sx):
            parts_y.append(np.ones(len(sx), np.int64))
            parts_o.append(np.full(len(sx), ORIGIN_SMOTE, np.int8))
            parts_s.append(np.full(len(sx), -1, np.int64))
    noise = noise_variance > 0 and copies > 0
    n_noise = int(copies) * (len(x) + len(sx)) if noise else 0
    # one output array (SMOTE tiles, then the noise copies): no concatenated copy of everything
    out_x = np.empty((len(sx) + n_noise,) + x.shape[1:], np.float32)
    out_x[:len(sx)] = sx
    sx = out_x[:len(sx)]
    if len(sx):
        # a SMOTE tile is valid where any cell differs from the 0 fill: use the union of ore masks
        ore_valid = valid[y == 1].any(axis=0)
        base_x = [x, sx]
        base_y = np.concatenate([y, np.ones(len(sx), np.int64)])
        base_valid = [valid, np.broadcast_to(ore_valid, (len(sx),) + ore_valid.shape)]
        base_src = np.concatenate([base_src, np.full(len(sx), -1, np.int64)])
    if noise:
        _noisy(base_x, base_valid, noise_variance, copies, seed=seed + 1, out=out_x[len(sx):],
               is_canceled=is_canceled)
        parts_y.append(np.tile(base_y, copies))
        parts_o.append(np.full(n_noise, ORIGIN_NOISE, np.int8))
        parts_s.append(np.tile(base_src, copies))
        if log:
            log("Gaussian noise (variance {}): {} noisy copies.".format(noise_variance, n_noise))
    if not parts_y:
        return {"x": out_x, "y": np.zeros(0, np.int64),
                "origin": np.zeros(0, np.int8), "source": np.zeros(0, np.int64)}
    return {"x": out_x, "y": np.concatenate(parts_y),
            "origin": np.concatenate(parts_o), "source": np.concatenate(parts_s)}
