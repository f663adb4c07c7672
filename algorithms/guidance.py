"""Defaults and advice a newcomer needs in the dialogs: where a model file goes by default, how
large a tile is on the ground, and whether dilation rates fit the tiles.

The bundled model (resources/model/, scripts/example_config.sh) is the reference: ShuffleNetV2
backbone, dilation rates 1,2,4,8,10, 16-pixel tiles on a 1 km grid, seed 0.
"""

import json
import os

from qgis.core import QgsProject

from .i18n import tr

DEFAULT_ARCHITECTURE = "mfaf_shufflenetv2"
DEFAULT_DILATIONS = "1,2,4,8,10"
DEFAULT_TILE_SIZE = 16
DEFAULT_SEED = 0
MODEL_FILE_NAME = "mfaf_model.pt"


def default_model_folder() -> str:
    """The open project's folder when the project is saved, else ``~/MFAF``."""
    home = QgsProject.instance().homePath() if QgsProject.instance() is not None else ""
    return home or os.path.join(os.path.expanduser("~"), "MFAF")


def default_model_path() -> str:
    """Default of 'Train model' > 'Model file': a real file (not a temporary one), so that a long
    run is kept and 'Resume from the checkpoint' finds ``<model>.ckpt`` next time."""
    return os.path.join(default_model_folder(), MODEL_FILE_NAME)


def ground_size_text(tile_px: int, pixel_size: float, units: str = "m") -> str:
    """``16 px x 1000 m = 16 km``: the side of a tile on the ground."""
    side = tile_px * pixel_size
    if units == "m" and side >= 1000:
        total = "{:g} km".format(side / 1000.0)
    else:
        total = "{:g} {}".format(side, units)
    return "{} px x {:g} {} = {}".format(tile_px, pixel_size, units, total)


def dataset_tile_size(path: str):
    """The tile size recorded in a tile dataset (.npz), or None when it cannot be read."""
    try:
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            return int(json.loads(str(data["meta"]))["tile_size"])
    except Exception:  # noqa: BLE001 (the training step reports an unreadable dataset itself)
        return None


def dilation_warning(dilations, tile_size) -> str:
    """A warning when rates do not fit ``tile_size``-pixel tiles ('' when they all fit).

    A 3x3 convolution with dilation d looks at the pixels d away; inside a t-pixel tile such a
    neighbour exists only when d < t. A branch with d >= t sees every pixel alone (its other
    taps fall into the zero padding), like a 1x1 convolution.
    """
    if not tile_size:
        return ""
    too_wide = [d for d in dilations if d >= tile_size]
    if not too_wide:
        return ""
    return tr("Dilation rate(s) {} do not fit the {}-pixel tiles: a 3x3 convolution with dilation d reaches a "
              "neighbouring pixel of a t-pixel tile only when d < t, so these branches see every pixel alone. "
              "Use rates below {}, e.g. {} (the bundled model's).").format(
        ", ".join(str(d) for d in too_wide), tile_size, tile_size, DEFAULT_DILATIONS)
