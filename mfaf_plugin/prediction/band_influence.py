"""How strongly each evidence layer drives the model's ore probability over a predicted map.

The prediction report's "Influence of each layer": the networks' own per-band attention where
they expose it (``models.band_attention``), else the mean absolute gradient x input (saliency),
over at most ``max_windows`` predicted cells spread evenly over the probability ranking.
"""

from typing import List, Sequence, Tuple

import numpy as np

from ..common.errors import InputError
from ..common.gdal_io import open_raster
from ..training.device import resolve_device
from .inference import load_predictor, valid_mask

__all__ = ["band_influence"]


def _influence_cells(cells: Sequence[dict], max_windows: int) -> List[dict]:
    """At most ``max_windows`` predicted cells, evenly spread over the probability ranking."""
    chosen = sorted((c for c in cells if c.get("probability") is not None), key=lambda c: c["rank"] or 0)
    if not chosen:
        raise InputError("No predicted cell to measure band influence on.")
    if len(chosen) > max_windows:
        idx = np.unique(np.linspace(0, len(chosen) - 1, max_windows).round().astype(int))
        chosen = [chosen[i] for i in idx]
    return chosen


def _influence_batch(net, x, attention_fn):
    """Per-band weights summed over the batch ``x``, and whether they are attention weights
    (else the mean absolute gradient x input of the ore probability)."""
    import torch

    from ...models import branch_outputs

    w = None
    if attention_fn is not None:
        with torch.inference_mode():
            w = attention_fn(net, x)
    if w is not None:
        return w.detach().float().cpu().numpy().reshape(x.shape[0], x.shape[1]).sum(axis=0), True
    with torch.enable_grad():
        x.requires_grad_(True)
        p = branch_outputs(net(x))["p_ore"]
        (grad,) = torch.autograd.grad(p.sum(), x)
    return (grad * x).abs().mean(dim=(2, 3)).detach().cpu().numpy().sum(axis=0), False


def band_influence(stack, model, cells: Sequence[dict], device: str = "cpu",
                   max_windows: int = 64, batch_size: int = 16) -> Tuple[np.ndarray, str]:
    """Per-input-band influence of the model's ore probability over the predicted cells.

    Uses ``models.band_attention(model, x)`` when the networks expose per-band attention;
    otherwise the mean absolute gradient x input (saliency) of the mean ore probability with
    respect to each input band, over at most ``max_windows`` predicted cells (evenly spread
    over the probability ranking, deterministic). Weights are normalised to sum to 1.

    Args:
        stack: the evidence stack, a path or an open GDAL dataset (``predict_map``'s ``stack_ds``).
        model: a model file or a ``(module, meta)`` pair (:func:`~.inference.load_predictor`).

    Returns:
        ``(weights (bands,), description of the measure)``.
    """
    import torch

    from ... import models as models_pkg

    device = resolve_device(device)
    net, meta = load_predictor(model, device)
    tile = int(meta["tile_size"])
    chosen = _influence_cells(cells, max_windows)
    ds = stack if hasattr(stack, "ReadAsArray") else open_raster(stack, "evidence stack")
    n_bands = ds.RasterCount
    nodatas = [ds.GetRasterBand(b + 1).GetNoDataValue() for b in range(n_bands)]
    attention_fn = getattr(models_pkg, "band_attention", None)
    total = np.zeros(n_bands, dtype=np.float64)
    used_attention = False
    for b0 in range(0, len(chosen), batch_size):
        tiles = []
        for c in chosen[b0:b0 + batch_size]:
            a = np.asarray(ds.ReadAsArray(c["xoff"], c["yoff"], tile, tile), dtype=np.float32)
            a = a.reshape(n_bands, tile, tile)
            tiles.append(np.where(valid_mask(a, nodatas)[None], a, np.float32(0.0)))
        w, attention = _influence_batch(net, torch.from_numpy(np.stack(tiles)).to(device), attention_fn)
        total += w
        used_attention = used_attention or attention
    n = len(chosen)
    w = total / max(n, 1)
    s = w.sum()
    w = w / s if s > 0 else w
    what = ("the weight the network's attention gives each evidence layer, averaged over {} predicted "
            "cells and the network's branches (shares adding up to 1)".format(n)
            if used_attention else
            "how strongly the ore probability reacts to each evidence layer (mean size of gradient times "
            "value) over {} predicted cells (shares adding up to 1)".format(n))
    return w, what
