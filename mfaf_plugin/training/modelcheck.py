"""Checks of an untrusted model (or checkpoint) file before anything is built from it.

A model file chooses the network that is built (architecture, band count, dilation rates,
branch channels), so a damaged or hostile file could otherwise ask for gigabytes of memory.
Before the network is built:

* the file and the archive's unpacked size are bounded (:func:`check_archive`) and it is read
  with ``torch.load(weights_only=True)``; a refusal gives a plain reason (:func:`load_error`),
  never torch's advice to load unsafely;
* the metadata's types and values are checked against hard bounds (:func:`check_meta`):
  :data:`LIMITS`, all far above what the plugin makes; the numbers that scale the input (the
  stack normalisation, the input scaling) must be finite with positive scales, and the framing
  one the plugin knows and the one the model was trained in;
* the weights the settings call for are estimated from the settings alone
  (:func:`estimate_weights`) and must be at most :data:`MAX_WEIGHTS` and at most what the file
  holds (:func:`check_size`).

After building, a state dict that does not fit is summarised (:func:`state_mismatch`): counts
and the first few names, not torch's full listing.
"""

import math
import os
import zipfile
from typing import Dict, Optional

from ..common.errors import InputError
from ..common.gdal_io import normalization_problem

__all__ = ["LIMITS", "MAX_WEIGHTS", "MAX_FILE_BYTES", "check_archive", "load_error", "check_meta",
           "estimate_weights", "check_size", "state_mismatch"]

LIMITS = {
    "in_channels": (1, 256),  # evidence bands
    "class_names": (2, 16),  # classes
    "tile_size": (1, 1024),  # pixels
    "stride": (1, 1024),
    "dilations": (1, 16),  # branches
    "dilation": (1, 256),  # one rate
    "branch_channels": (1, 512),
    "ensemble": (1, 64),  # networks of an ensemble model (the bundled one has 3)
}
MAX_WEIGHTS = 50_000_000  # 200 MB of float32; the largest network of the plugin has about 12 million
MAX_FILE_BYTES = 1024 ** 3  # model files of the plugin are below 50 MB
_STEM = {"mfaf_resnet18": 7 * 7 * 64, "mfaf_shufflenetv2": 3 * 3 * 24}  # backbone stem weights per branch channel


def _damaged(path: str, detail: str) -> InputError:
    return InputError("The model file '{}' is damaged or was not written by this plugin ({}). Use a model file "
                      "written by mfaf:trainmodel.".format(path, detail))


def check_archive(path: str, what: str = "model file") -> None:
    """Refuse a file (or a zip archive once unpacked) larger than :data:`MAX_FILE_BYTES`."""
    size = os.path.getsize(path)
    try:
        with zipfile.ZipFile(path) as zf:
            size = max(size, sum(i.file_size for i in zf.infolist()))
    except (zipfile.BadZipFile, OSError, ValueError):
        pass  # not a zip archive (older torch format): torch.load reads what the file holds
    if size > MAX_FILE_BYTES:
        raise InputError("The {} '{}' would take {:.1f} GB once read, far more than any file this plugin writes; "
                         "it is not opened.".format(what, path, size / 1e9))


def load_error(exc: BaseException) -> str:
    """A plain reason why ``torch.load(weights_only=True)`` refused a file."""
    text = str(exc).lower()
    if "weights only load failed" in text and "unsupported global" in text:
        return "it holds Python objects besides weights and settings, which are not opened for safety"
    return "it is damaged or not a file written by torch"


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _bounded(path: str, key: str, value, low: int, high: int) -> None:
    if not _is_int(value) or not low <= value <= high:
        raise _damaged(path, "{} is {!r:.40}, expected a whole number from {} to {}".format(key, value, low, high))


def _check_settings(path: str, architecture: str, settings) -> None:
    if settings is None:
        return
    if not isinstance(settings, dict):
        raise _damaged(path, "its settings are not a table")
    if not architecture.startswith("mfaf_"):
        return  # build_model refuses settings for the plain networks
    dil = settings.get("dilations")
    if dil is not None:
        low, high = LIMITS["dilations"]
        if not isinstance(dil, list) or not low <= len(dil) <= high:
            raise _damaged(path, "dilations must be a list of {} to {} rates".format(low, high))
        for d in dil:
            _bounded(path, "a dilation rate", d, *LIMITS["dilation"])
    if settings.get("branch_channels") is not None:
        _bounded(path, "branch_channels", settings["branch_channels"], *LIMITS["branch_channels"])
    if settings.get("capacity", "full") not in ("full", "small"):
        raise _damaged(path, "capacity {!r:.40} is not full or small".format(settings.get("capacity")))
    for key in ("channel_attention", "spatial_attention", "centre_cell"):
        if key in settings and not isinstance(settings[key], bool):
            raise _damaged(path, "{} must be true or false".format(key))


def check_meta(meta, path: str) -> None:
    """Refuse metadata of the wrong types or outside :data:`LIMITS`."""
    from ... import models

    if not isinstance(meta, dict):
        raise _damaged(path, "its metadata is not a table")
    arch = meta.get("architecture")
    if not isinstance(arch, str) or arch not in models.ARCHITECTURES:
        raise _damaged(path, "unknown architecture {!r:.40}".format(arch))
    _bounded(path, "in_channels", meta.get("in_channels"), *LIMITS["in_channels"])
    names = meta.get("class_names")
    low, high = LIMITS["class_names"]
    if not isinstance(names, list) or not low <= len(names) <= high or not all(isinstance(n, str) for n in names):
        raise _damaged(path, "class_names must be a list of {} to {} names".format(low, high))
    bands = meta.get("band_names")
    if bands is not None and (not isinstance(bands, list) or len(bands) != meta["in_channels"]
                              or not all(isinstance(b, str) for b in bands)):
        raise _damaged(path, "band_names must list one name per input band")
    for key in ("tile_size", "stride", "ensemble"):
        if meta.get(key) is not None:
            _bounded(path, key, meta[key], *LIMITS[key])
    px = meta.get("pixel_size")
    if px is not None and (not isinstance(px, (int, float)) or isinstance(px, bool) or not 0 < px < 1e7):
        raise _damaged(path, "pixel_size is {!r:.40}".format(px))
    if meta.get("normalization") is not None and not isinstance(meta["normalization"], dict):
        raise _damaged(path, "its normalisation is not a table")
    problem = normalization_problem(meta.get("normalization"), meta["in_channels"])
    if problem:
        raise _damaged(path, problem)
    _check_input_scaling(path, meta.get("input_scaling"), meta["in_channels"])
    _check_settings(path, arch, meta.get("settings"))
    _check_framing(path, meta)


def _check_input_scaling(path: str, scaling, n_bands: int) -> None:
    """Refuse an input scaling (per band mean and SD of the training cells) that is not finite
    numbers, one per band, with SDs greater than 0."""
    if scaling is None:
        return
    ok = isinstance(scaling, dict) and all(
        isinstance(scaling.get(k), list) and len(scaling[k]) == n_bands
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in scaling[k])
        for k in ("mean", "sd"))
    if not ok or not all(v > 0 for v in scaling["sd"]):
        raise _damaged(path, "its input scaling must give a finite mean and an SD greater than 0 for each of its {} "
                       "bands".format(n_bands))


def _check_framing(path: str, meta: dict) -> None:
    """Refuse a framing the plugin does not know, or one other than the model was trained in
    (recorded in its cross-validation settings; its centre-cell classifier needs the centred one)."""
    from ..windows.sampling import FRAMINGS

    framing = meta.get("framing")
    if framing is None:
        return
    if framing not in FRAMINGS:
        raise _damaged(path, "framing {!r:.40} is not one of {}".format(framing, ", ".join(FRAMINGS)))
    training = meta.get("training") if isinstance(meta.get("training"), dict) else {}
    cv = training.get("cross_validation") if isinstance(training.get("cross_validation"), dict) else {}
    trained = cv.get("framing") or ("centred" if (meta.get("settings") or {}).get("centre_cell") else None)
    if trained is not None and trained != framing:
        raise _damaged(path, "it says framing {!r:.40} but was trained in the {!r:.40} framing".format(
            framing, trained))


def estimate_weights(meta: dict) -> int:
    """Weights (parameters and batch-norm statistics) that the settings of an MFAF model call
    for beyond its fixed backbone: the dilated branches and the backbone's stem, once per network
    of an ensemble; 0 for the plain networks (their size depends only on the bounded band count
    and ensemble size)."""
    arch = meta["architecture"]
    if arch not in _STEM:
        return 0
    from ... import models

    settings = meta.get("settings") or {}
    n_in = int(meta["in_channels"])
    small = settings.get("capacity") == "small"
    bc = int(settings.get("branch_channels") or (models.SMALL_BRANCH_CHANNELS if small else 32))
    n_branches = len(settings.get("dilations") or models.DEFAULT_DILATIONS)
    attention = 2 * bc * max(4, bc // 4) if settings.get("channel_attention", True) else 0
    members = int(meta.get("ensemble") or 1)
    stem = models.SMALL_STEM if small else _STEM[arch]
    return members * (n_branches * (9 * n_in * bc + 4 * bc + attention) + stem * bc)


def check_size(meta: dict, state, path: str) -> None:
    """Refuse settings that call for more weights than :data:`MAX_WEIGHTS` or than the file holds."""
    if not isinstance(state, dict) or not all(hasattr(v, "numel") for v in state.values()):
        raise _damaged(path, "its weights are not a table of tensors")
    need = estimate_weights(meta)
    have = sum(int(v.numel()) for v in state.values())
    if need > MAX_WEIGHTS:
        raise _damaged(path, "its settings call for {:.0f} million weights, more than any network of the plugin"
                       .format(need / 1e6))
    if need > have:
        raise _damaged(path, "its settings call for {} weights but it holds {}".format(need, have))


def state_mismatch(expected: Dict[str, tuple], got: Dict[str, tuple], first: int = 3) -> Optional[str]:
    """A short description of how a state dict's names and shapes differ from the network's, or None."""
    missing = sorted(set(expected) - set(got))
    unexpected = sorted(set(got) - set(expected))
    reshaped = sorted(k for k in set(expected) & set(got) if tuple(expected[k]) != tuple(got[k]))
    parts = []
    for label, keys in (("missing", missing), ("unexpected", unexpected), ("of another shape", reshaped)):
        if keys:
            more = ", ..." if len(keys) > first else ""
            parts.append("{} {} ({}{})".format(len(keys), label, ", ".join(keys[:first]), more))
    return "; ".join(parts) or None
