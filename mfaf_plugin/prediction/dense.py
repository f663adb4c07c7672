"""Per-cell prediction with windows centred on cells (the map of the centred framing).

Every cell to predict takes the ore probability of the window centred on its representative
centre (:func:`mfaf_plugin.sampling.representative_centres`): with stride 1 the cell's own
window, with stride ``s`` the window of the middle cell of its ``s x s`` block. The windows go
through the network in batches, so memory is bounded by one batch of windows.
"""

from typing import Callable, Dict, Optional

import numpy as np

from ..common.progress import check_canceled

__all__ = ["predict_cells"]


def predict_cells(net, source, cells: np.ndarray, stride: int, device: str, batch_size: int = 256,
                  is_canceled: Optional[Callable[[], bool]] = None,
                  progress: Optional[Callable[[float], None]] = None,
                  threshold: float = 0.5) -> Dict[str, np.ndarray]:
    """Ore probability of ``cells`` from windows of ``source`` (a :class:`sampling.WindowSource`).

    Args:
        net: network in eval mode on ``device``.
        cells: (n, 2) row/col of the cells to predict.
        stride: step of the predicted centres in cells (1 = every cell its own window).
        batch_size: windows per forward pass (the result does not depend on it).

    Returns:
        dict: ``p_ore`` (n,) float64 per cell; ``agreement`` (n,) share of branches on the side of
        the class ``p_ore >= threshold`` (1 for single-branch networks); ``spread`` (n,) standard
        deviation of the members' probabilities for an ensemble (``models.Ensemble``), else of the
        branches' (0 for single-branch networks); ``n_windows`` predicted.
    """
    import torch

    from ...models import branch_outputs
    from ..windows.sampling import representative_centres

    rep = representative_centres(cells, stride, source.shape)
    centres = rep["centres"]
    p = np.empty(len(centres), dtype=np.float64)
    agree = np.empty(len(centres), dtype=np.float64)
    spread = np.empty(len(centres), dtype=np.float64)
    members = len(getattr(net, "members", ())) or 1
    net.eval()
    with torch.inference_mode():
        for i in range(0, len(centres), int(batch_size)):
            check_canceled(is_canceled)
            c = centres[i:i + int(batch_size)]
            x = torch.from_numpy(source.windows(c[:, 0], c[:, 1])).to(device)
            out = branch_outputs(net(x), threshold)
            p[i:i + len(c)] = out["p_ore"].double().cpu().numpy()
            agree[i:i + len(c)] = out["agreement"].double().cpu().numpy()
            bp = out["branch_p"].double()
            groups = bp.reshape(members, -1, bp.shape[-1]).mean(dim=1) if members > 1 else bp
            spread[i:i + len(c)] = (groups.std(dim=0, unbiased=False) if len(groups) > 1
                                    else torch.zeros(len(c), dtype=torch.float64)).cpu().numpy()
            if progress is not None:
                progress(min(1.0, (i + len(c)) / max(1, len(centres))))
    idx = rep["index"]
    return {"p_ore": p[idx], "agreement": agree[idx], "spread": spread[idx], "n_windows": int(len(centres))}
