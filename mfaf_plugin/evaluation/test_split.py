"""A model scored on the untouched held-out tiles of the tile dataset it was trained on.

``mfaf:predictprospectivity`` with a tile dataset reads it once (:func:`open_test_split`, before
the map is written, so that a dataset that cannot score the model honestly is refused first)
and scores the model on its held-out tiles after the map (:func:`evaluate_test_split`).
"""

import json
import os

import numpy as np

from ..common.errors import InputError

__all__ = ["open_test_split", "check_test_dataset", "evaluate_test_split"]


def open_test_split(model_meta: dict, dataset_path: str) -> dict:
    """Read a tile dataset once and refuse it unless it can score the model honestly.

    Its held-out tiles are "never used for training" only if it is the very dataset the model
    was trained on: the fingerprint of its tiles, labels and split
    (:func:`~mfaf_plugin.training.tile_training.dataset_digest`) must equal the one the model
    recorded. Another split of the same stack (another seed, test share or validation share)
    would put training tiles among the "held-out" ones.

    Returns:
        dict: ``meta`` (the dataset's metadata), ``x``, ``y`` (its untouched held-out tiles,
        split 1 and origin 0, and their labels), ``split_method``, ``n``.

    Raises:
        InputError: not a tile dataset, its bands or tile size differ from the model's, it is
            not the dataset the model was trained on (or the model does not record one), or it
            has no held-out tiles.
    """
    from ..windows.tile_dataset import FORMAT, npz_error

    if not os.path.exists(dataset_path):
        raise InputError("The tile dataset '{}' does not exist.".format(dataset_path))
    try:
        with np.load(dataset_path, allow_pickle=False) as npz:
            names = set(npz.files)
            dmeta = json.loads(str(npz["meta"])) if "meta" in names else {}
            if "x" not in names or not isinstance(dmeta, dict) or dmeta.get("format") != FORMAT:
                raise InputError("'{}' is not a tile dataset written by mfaf:maketiles.".format(dataset_path))
            _check_grid(model_meta, dmeta, dataset_path)
            arrays = {k: npz[k] for k in names if k != "meta"}
    except InputError:
        raise
    except Exception as exc:
        raise InputError("'{}' is not a readable tile dataset (.npz): {}.".format(
            dataset_path, npz_error(exc, dataset_path))) from exc
    _check_digest(model_meta, arrays, dataset_path)
    keep = (arrays["split"] == 1) & (arrays["origin"] == 0)
    if not keep.any():
        raise InputError("The tile dataset '{}' has no held-out test tiles.".format(dataset_path))
    return {"meta": dmeta, "x": arrays["x"][keep], "y": arrays["y"][keep], "split_method": dmeta.get("split_method"),
            "n": int(keep.sum())}


def check_test_dataset(model_meta: dict, dataset_path: str) -> dict:
    """:func:`open_test_split`, returning only the dataset's metadata."""
    return open_test_split(model_meta, dataset_path)["meta"]


def _check_grid(model_meta: dict, dmeta: dict, dataset_path: str) -> None:
    if list(dmeta.get("band_names") or []) != list(model_meta.get("band_names") or []):
        raise InputError("The tile dataset '{}' has bands {} but the model was trained on {}.".format(
            dataset_path, dmeta.get("band_names"), model_meta.get("band_names")))
    d_tile, m_tile = dmeta.get("tile_size"), model_meta.get("tile_size")
    if d_tile is not None and m_tile is not None and int(d_tile) != int(m_tile):
        raise InputError("The tile dataset '{}' has tiles of {} px but the model was trained on {} px tiles: "
                         "choose the data set the model was trained on.".format(dataset_path, d_tile, m_tile))


def _check_digest(model_meta: dict, arrays: dict, dataset_path: str) -> None:
    from ..training.tile_training import dataset_digest

    recorded = (model_meta.get("training") or {}).get("dataset_digest")
    if not recorded:
        raise InputError("The model does not record which tile dataset it was trained on, so no tile dataset can be "
                         "shown to be held out from it: leave the test dataset empty, or evaluate with "
                         "'Cross-validate (spatial folds)'.")
    if dataset_digest(arrays) != recorded:
        raise InputError("The tile dataset '{}' is not the one the model was trained on (its tiles, labels or split "
                         "differ, e.g. another seed or test share), so its test tiles may have been used for "
                         "training. Choose the dataset the model was trained on, or leave the test dataset "
                         "empty.".format(dataset_path))


def evaluate_test_split(model, test, device: str = "cpu", threshold: float = 0.5, batch_size: int = 64) -> dict:
    """Score the model on the untouched held-out tiles of a tile dataset (split 1, origin 0).

    Args:
        model: a model file or a ``(module, meta)`` pair (:func:`~.inference.load_predictor`).
        test: :func:`open_test_split`'s result (the dataset already read), or the dataset's path.

    Returns:
        dict with ``y``, ``p_ore`` (arrays), ``metrics`` (accuracy, auc, recall, f1, ...),
        ``split_method`` and ``n``.

    Raises:
        InputError: the dataset's bands differ from the model's, or it has no test tiles.
    """
    import torch

    from ...models import branch_outputs
    from ..scoring.classification import classification_metrics
    from ..training.device import resolve_device
    from ..prediction.inference import load_predictor

    net, meta = load_predictor(model, resolve_device(device))
    if isinstance(test, (str, os.PathLike)):
        test = open_test_split(meta, str(test))
    x, y = test["x"], test["y"]
    dev = next(net.parameters()).device
    probs = []
    with torch.inference_mode():
        for i in range(0, len(x), batch_size):
            out = branch_outputs(net(torch.from_numpy(np.ascontiguousarray(x[i:i + batch_size])).to(dev)))
            probs.append(out["p_ore"].float().cpu().numpy())
    p = np.concatenate(probs)
    return {"y": y, "p_ore": p, "metrics": classification_metrics(y, p, threshold=threshold),
            "split_method": test["split_method"], "n": int(len(y))}
