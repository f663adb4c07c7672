"""An ensemble of networks of one architecture (e.g. the same MFAF trained with several seeds).

``forward`` returns the branch logits of every member in one list, so
:func:`models.branch_outputs` averages the ore probability over every branch of every member:
with members of equal branch count that is the mean of the members' own probabilities.
The members' spread (the ensemble's uncertainty) is taken from ``branch_p`` grouped by member
(:func:`mfaf_plugin.prediction.centred.predict_cells`).
"""

from typing import List, Sequence

import torch
from torch import nn

__all__ = ["Ensemble"]


class Ensemble(nn.Module):
    """Members of one architecture whose predictions are averaged.

    Args:
        members: the networks (each ``forward`` returns a list of branch logits).
    """

    def __init__(self, members: Sequence[nn.Module]):
        super().__init__()
        if not members:
            raise ValueError("an ensemble needs at least one member")
        self.members = nn.ModuleList(members)
        self.min_tile_px = max(int(getattr(m, "min_tile_px", 1)) for m in members)

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        out: List[torch.Tensor] = []
        for m in self.members:
            out.extend(m(x))
        return out
