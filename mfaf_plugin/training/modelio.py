"""Model files: weights together with the metadata prediction needs to use them correctly.

A model file is ``torch.save`` of a plain dict (loadable with ``torch.load(weights_only=True)``,
so opening a file never runs code from it)::

    {"format": "mfaf-model", "format_version": 1, "state_dict": {...}, "meta": {...}}

``meta`` holds only JSON types. Keys (see :data:`META_KEYS`): ``architecture``, ``settings``
(the ``models.build_model`` settings, e.g. dilations), ``in_channels``, ``band_names`` (order of
the input bands), ``normalization`` (of the evidence stack the tiles came from), ``tile_size``,
``stride``, ``class_names``, ``code_version``, ``metrics`` (final test metrics), ``seed``,
``epochs``; training adds ``training`` (hyper-parameters), ``history`` (per-epoch metrics) and, from
the tile dataset, ``pixel_size`` (metres) and ``crs_wkt`` of the stack the tiles were cut from
(:mod:`mfaf_plugin.data.gridcheck`: prediction refuses a stack with another pixel size).
"""

import json
import os
from typing import Tuple

from ..common.errors import InputError
from .modelcheck import check_archive, check_meta, check_size, load_error, state_mismatch

__all__ = ["FORMAT", "FORMAT_VERSION", "META_KEYS", "save_model", "load_model", "read_model_file", "load_state"]

FORMAT = "mfaf-model"
FORMAT_VERSION = 1
META_KEYS = ("architecture", "settings", "in_channels", "band_names", "normalization", "tile_size",
             "stride", "class_names", "code_version", "metrics", "seed", "epochs")


def _plain(meta: dict) -> dict:
    """A deep copy of ``meta`` with only JSON types (tuples become lists, numpy scalars numbers)."""
    def default(o):
        if hasattr(o, "tolist"):
            return o.tolist()
        if hasattr(o, "item"):
            return o.item()
        raise TypeError("model metadata value {!r} is not JSON-serialisable".format(o))

    return json.loads(json.dumps(meta, default=default, allow_nan=True))


def load_state(net, state: dict) -> None:
    """``net.load_state_dict(state)`` for a state dict read back as a plain dict.

    A plain dict lacks the per-module version numbers (``state_dict()._metadata``) that some
    torchvision modules check when loading (MNASNet refuses weights without its version), so
    the freshly built network's own metadata is attached first.
    """
    from collections import OrderedDict

    state = OrderedDict(state)
    state._metadata = getattr(net.state_dict(), "_metadata", None)  # torch's own field
    net.load_state_dict(state)


def save_model(path: str, model, meta: dict) -> str:
    """Write ``model``'s weights and ``meta`` to ``path`` atomically. Returns ``path``.

    Raises:
        ValueError: a required key of :data:`META_KEYS` is missing.
    """
    import torch

    from ..common.run_outputs import atomic_output

    lacking = [k for k in META_KEYS if k not in meta]
    if lacking:
        raise ValueError("model metadata lacks {}".format(", ".join(lacking)))
    state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    payload = {"format": FORMAT, "format_version": FORMAT_VERSION, "state_dict": state, "meta": _plain(meta)}
    with atomic_output(path) as tmp:
        torch.save(payload, tmp)
    return path


def read_model_file(path: str) -> dict:
    """Load the raw dict of a model file with ``weights_only=True`` and check its format.

    Raises:
        InputError: missing, unreadable or not a model file of this plugin.
    """
    import torch

    if not os.path.exists(path):
        raise InputError("The model file '{}' does not exist.".format(path))
    check_archive(path)
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise InputError("'{}' is not a readable MFAF model file: {}. Use a model file written by mfaf:trainmodel."
                         .format(path, load_error(exc))) from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or "state_dict" not in payload:
        raise InputError("'{}' is not an MFAF model file (train one with mfaf:trainmodel).".format(path))
    if int(payload.get("format_version", 0)) > FORMAT_VERSION:
        raise InputError("'{}' was written by a newer version of the plugin (model format {}); update the plugin."
                         .format(path, payload.get("format_version")))
    meta = payload.get("meta") or {}
    lacking = [k for k in ("architecture", "in_channels", "class_names") if isinstance(meta, dict) and k not in meta]
    if lacking:
        raise InputError("The model file '{}' lacks the metadata {}.".format(path, ", ".join(lacking)))
    check_meta(meta, path)
    return payload


def load_model(path: str, device: str = "cpu") -> Tuple[object, dict]:
    """Rebuild the network of a model file. Returns ``(model in eval mode on device, meta)``.

    Raises:
        InputError: see :func:`read_model_file`; or the weights do not fit the architecture.
    """
    from ... import models

    payload = read_model_file(path)
    meta = payload["meta"]
    check_size(meta, payload["state_dict"], path)  # before anything is built from the settings
    hint = "The file is damaged or was edited: use a model file written by mfaf:trainmodel."
    try:
        net = models.build_model(meta["architecture"], int(meta["in_channels"]), len(meta["class_names"]),
                                 ensemble=int(meta.get("ensemble") or 1), **(meta.get("settings") or {}))
        differ = state_mismatch({k: tuple(v.shape) for k, v in net.state_dict().items()},
                                {k: tuple(v.shape) for k, v in payload["state_dict"].items()})
        if differ:
            raise InputError("The weights in '{}' do not fit architecture '{}' with its recorded settings: {}. {}"
                             .format(path, meta["architecture"], differ, hint))
        load_state(net, payload["state_dict"])
    except InputError:
        raise
    except (ValueError, RuntimeError, KeyError) as exc:
        raise InputError("The weights in '{}' do not fit architecture '{}': {}. {}".format(
            path, meta.get("architecture"), str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__,
            hint)) from exc
    return net.to(device).eval(), meta
