"""The tile dataset file written by ``mfaf:maketiles`` and read by training and evaluation.

One ``.npz`` file (NumPy's zip of arrays, read with ``allow_pickle=False``) holding:

==================  ==========================  ==================================================
array               dtype, shape                meaning
==================  ==========================  ==================================================
``x``               float32 (n, bands, t, t)    normalised tiles; nodata cells filled with 0
``y``               int64 (n,)                  label: 1 ore (a known deposit inside), 0 no ore
``split``           int8 (n,)                   0 train, 1 test, 2 validation (chooses the training
                                                epoch); only the training split is augmented
``origin``          int8 (n,)                   0 a real window, 1 noise copy, 2 SMOTE synthetic
``cell_id``         int32 (n,)                  cell number of the source window (row-major from
                                                1, as the cells layer); -1 for synthetic tiles
``row``, ``col``    int32 (n,)                  window row / column in the tile grid (-1 synthetic)
``geotransform``    float64 (n, 6)              GDAL geotransform of the tile (NaN for synthetic)
``deposit_count``   int32 (n,)                  known deposits inside the window
``valid_fraction``  float32 (n,)                share of the window's cells that hold data
``meta``            str (0-d)                   JSON: see :data:`META_KEYS`
==================  ==========================  ==================================================

``meta`` keys: ``format`` ("mfaf-tiles"), ``format_version``, ``band_names``,
``normalization`` (the stack's, copied so that a model trained on the file records it),
``tile_size``, ``stride``, ``crs_wkt``, ``stack_geotransform``, ``stack_shape`` (rows, cols),
``grid_shape`` (tile rows, tile cols), ``split_method``, ``test_fraction``, ``seed``,
``augmentation`` and ``counts`` (train/test ore/no-ore before and after augmentation),
``class_names`` (["no ore", "ore"]).
"""

import json
import os
from typing import Dict

import numpy as np

from ..common.errors import InputError
from ..common.run_outputs import atomic_output

__all__ = ["FORMAT", "FORMAT_VERSION", "ARRAYS", "save_dataset", "load_dataset", "counts", "npz_error"]

FORMAT = "mfaf-tiles"
FORMAT_VERSION = 1
ARRAYS = {
    "x": np.float32,
    "y": np.int64,
    "split": np.int8,
    "origin": np.int8,
    "cell_id": np.int32,
    "row": np.int32,
    "col": np.int32,
    "geotransform": np.float64,
    "deposit_count": np.int32,
    "valid_fraction": np.float32,
}
META_KEYS = (
    "band_names", "normalization", "tile_size", "stride", "crs_wkt", "stack_geotransform",
    "stack_shape", "grid_shape", "split_method", "test_fraction", "seed", "augmentation",
    "counts", "class_names",
)


def counts(y: np.ndarray, split: np.ndarray) -> Dict[str, int]:
    """Ore / no-ore counts per split, as the paper reports them (validation tiles when present)."""
    y = np.asarray(y)
    split = np.asarray(split)
    out = {
        "train_ore": int(np.sum((split == 0) & (y == 1))),
        "train_no_ore": int(np.sum((split == 0) & (y == 0))),
        "test_ore": int(np.sum((split == 1) & (y == 1))),
        "test_no_ore": int(np.sum((split == 1) & (y == 0))),
    }
    if np.any(split == 2):
        out.update({"validation_ore": int(np.sum((split == 2) & (y == 1))),
                    "validation_no_ore": int(np.sum((split == 2) & (y == 0)))})
    return out


def save_dataset(path: str, arrays: Dict[str, np.ndarray], meta: dict) -> str:
    """Validate and write a tile dataset atomically. Returns ``path``."""
    n = len(arrays["x"])
    out = {}
    for key, dtype in ARRAYS.items():
        if key not in arrays:
            raise ValueError("tile dataset array '{}' is missing".format(key))
        a = np.ascontiguousarray(arrays[key], dtype=dtype)
        if len(a) != n:
            raise ValueError("tile dataset array '{}' has {} rows, x has {}".format(key, len(a), n))
        out[key] = a
    if out["x"].ndim != 4:
        raise ValueError("x must be (n, bands, t, t)")
    meta = dict(meta)
    meta.setdefault("format", FORMAT)
    meta.setdefault("format_version", FORMAT_VERSION)
    meta.setdefault("class_names", ["no ore", "ore"])
    out["meta"] = np.array(json.dumps(meta, sort_keys=True))
    if not path.lower().endswith(".npz"):
        raise InputError("The tile dataset must be a .npz file, got '{}'.".format(path))
    with atomic_output(path) as tmp:
        # np.savez appends .npz when missing; the temporary name already ends in .npz.
        with open(tmp, "wb") as fh:
            np.savez(fh, **out)
    return path


def load_dataset(path: str):
    """Read a tile dataset. Returns ``(arrays: dict, meta: dict)``.

    Raises:
        InputError: the file is missing or not a tile dataset of this plugin.
    """
    if not os.path.exists(path):
        raise InputError("The tile dataset '{}' does not exist.".format(path))
    try:
        with np.load(path, allow_pickle=False) as npz:
            data = {k: npz[k] for k in npz.files}
    except Exception as exc:
        raise InputError("'{}' is not a readable tile dataset (.npz): {}.".format(path, npz_error(exc, path))) from exc
    if "meta" not in data or "x" not in data:
        raise InputError("'{}' is not a tile dataset written by mfaf:maketiles.".format(path))
    try:
        meta = json.loads(str(data.pop("meta")))
    except ValueError:
        meta = None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise InputError("'{}' is not a tile dataset written by mfaf:maketiles (its description is missing or "
                         "damaged).".format(path))
    return data, meta


def npz_error(exc: BaseException, path: str) -> str:
    """A plain reason why ``np.load(allow_pickle=False)`` refused ``path`` (numpy reads any file
    that is not an archive as a pickle, so only an archive holding one is said to hold objects)."""
    import zipfile

    if "pickle" in str(exc).lower() and zipfile.is_zipfile(path):
        return "it holds Python objects, which are not opened for safety"
    return "it is damaged or not a NumPy .npz file"
