"""MFAF: multiscale dilated branches with channel attention (MFCA-Net) feeding a shared
backbone with spatial attention (CSA-Net) and one shared classifier (see METHOD.md, stage 5).

Design choices (the paper leaves them open):

* Every branch is ``ConvBnAct(in_channels, branch_channels, 3x3, dilation=rate)`` followed by
  channel attention (its own weights per branch).
* The backbone (torchvision ResNet18 or ShuffleNetV2 x1.0, ``weights=None``, stem conv taking
  ``branch_channels`` inputs), the spatial attention after its last convolutional stage and the
  classifier are SHARED by all branches: the branch feature maps are stacked along the batch
  dimension and go through the backbone in one call (one large batch is faster than a Python
  loop over branches and keeps the parameter count close to the plain backbone). Batch norm in
  the backbone therefore sees the statistics of all branches together.
* ``capacity="small"`` swaps the torchvision backbone for :func:`small_features` (three 3x3
  conv blocks, 16 branch channels: about 50 k weights instead of 1.3 M for ShuffleNetV2), with the
  same branches, attention, centre cell and self-distillation, for areas with few deposits
  (:func:`models.choose_capacity`).
* ``forward`` returns the list of per-branch logits, one (B, num_classes) tensor per dilation
  rate; :func:`models.branch_outputs` turns them into the vote and the mean ore probability.
"""

from typing import List, Optional, Sequence, Type

import torch
from torch import nn

from .baselines import torchvision_features
from .blocks import ChannelAttention, ConvBnAct, SpatialAttention

__all__ = ["MFAF", "DEFAULT_DILATIONS", "CAPACITIES", "SMALL_BRANCH_CHANNELS", "SMALL_STEM", "small_features",
           "mfaf_resnet18", "mfaf_shufflenetv2", "input_band_attention"]

DEFAULT_DILATIONS = (1, 6, 12, 18, 24)

_BACKBONES = {"resnet18": "resnet18", "shufflenetv2": "shufflenet_v2_x1_0", "small": None}

# "full": the named torchvision backbone (about 1.3 M weights for ShuffleNetV2, 11 M for ResNet18);
# "small": :func:`small_features` instead, a few 10 k weights (the same branches and attention)
CAPACITIES = ("full", "small")
SMALL_BRANCH_CHANNELS = 16  # branch channels of the small network unless set
_SMALL_WIDTHS = (32, 48, 64)
SMALL_STEM = 3 * 3 * _SMALL_WIDTHS[0]  # weights of the small backbone's first convolution per branch channel


def small_features(in_channels: int):
    """The small backbone: three 3x3 conv-bn-ReLU blocks (32, 48, 64 channels; the first two of
    stride 2), about 46 k weights from 16 branch channels. Returns ``(features, out_channels)``."""
    w1, w2, w3 = _SMALL_WIDTHS
    feats = nn.Sequential(ConvBnAct(in_channels, w1, 3, stride=2), ConvBnAct(w1, w2, 3, stride=2),
                          ConvBnAct(w2, w3, 3))
    return feats, w3


class MFAF(nn.Module):
    """Multiscale feature attention framework.

    Args:
        in_channels: number of input bands.
        num_classes: output classes (2: no ore, ore).
        backbone: ``"resnet18"``, ``"shufflenetv2"`` or ``"small"`` (:func:`small_features`).
        dilations: dilation rates, one branch each (paper's best 1, 6, 12, 18, 24).
        branch_channels: feature channels of each branch (= backbone input channels); None: 32,
            :data:`SMALL_BRANCH_CHANNELS` for the small backbone.
        channel_attention: put ``channel_attention_layer`` after each branch (else identity).
        spatial_attention: put ``spatial_attention_layer`` after the backbone's last stage.
        channel_attention_layer: block class called with the channel count.
        spatial_attention_layer: block class called without arguments (channel-agnostic).
        centre_cell: the classifier also sees the input bands of the window's centre cell
            (row and column ``t // 2``). For windows centred on the cell being scored (the
            centred framing of ``mfaf:crossvalidate``): global average pooling discards where a
            pattern lies, but the label belongs to the centre cell, so without this the network
            cannot tell "this cell" from "somewhere in this window". Off for the paper's grid
            windows.
    """

    def __init__(
        self,
        in_channels: int,
        num_classes: int = 2,
        backbone: str = "resnet18",
        dilations: Sequence[int] = DEFAULT_DILATIONS,
        branch_channels: Optional[int] = None,
        channel_attention: bool = True,
        spatial_attention: bool = True,
        channel_attention_layer: Type[nn.Module] = ChannelAttention,
        spatial_attention_layer: Type[nn.Module] = SpatialAttention,
        centre_cell: bool = False,
    ):
        super().__init__()
        dilations = [int(d) for d in dilations]
        if not dilations or min(dilations) < 1:
            raise ValueError("dilations must be a non-empty list of positive integers, got {}".format(dilations))
        if backbone not in _BACKBONES:
            raise ValueError("backbone must be one of {}, got '{}'".format(sorted(_BACKBONES), backbone))
        self.dilations = dilations
        self.min_tile_px = 1
        if branch_channels is None:
            branch_channels = SMALL_BRANCH_CHANNELS if backbone == "small" else 32
        self.branches = nn.ModuleList(
            nn.Sequential(
                ConvBnAct(in_channels, branch_channels, 3, dilation=d),
                channel_attention_layer(branch_channels) if channel_attention else nn.Identity(),
            )
            for d in dilations
        )
        if backbone == "small":
            self.features, feat_channels = small_features(branch_channels)
        else:
            self.features, feat_channels = torchvision_features(_BACKBONES[backbone], branch_channels)
        self.spatial_attention = spatial_attention_layer() if spatial_attention else nn.Identity()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.centre_cell = bool(centre_cell)
        self.classifier = nn.Linear(feat_channels + (in_channels if self.centre_cell else 0), num_classes)

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        n = x.shape[0]
        # Channels-last memory: on the CPU, PyTorch's dilated convolution backward for NCHW
        # tensors falls back to a slow generic kernel (about 8x slower, measured with torch 2.14
        # on 10 x 64 x 64 tiles), while oneDNN handles channels-last directly. Same numbers.
        x = x.contiguous(memory_format=torch.channels_last)
        feats = torch.cat([branch(x) for branch in self.branches], dim=0)  # (n_branches * B, C, H, W)
        feats = self.spatial_attention(self.features(feats))
        pooled = torch.flatten(self.pool(feats), 1)
        if self.centre_cell:
            h, w = x.shape[2] // 2, x.shape[3] // 2
            centre = x[:, :, h, w].float().repeat(len(self.branches), 1)  # (n_branches * B, bands)
            pooled = torch.cat([pooled, centre.to(pooled.dtype)], dim=1)
        logits = self.classifier(pooled)
        return list(torch.split(logits, n, dim=0))


def _backbone(name: str, capacity: str) -> str:
    if capacity not in CAPACITIES:
        raise ValueError("capacity must be one of {}, got '{}'".format(", ".join(CAPACITIES), capacity))
    return name if capacity == "full" else "small"


def mfaf_resnet18(*, in_channels: int, num_classes: int = 2, capacity: str = "full", **settings) -> MFAF:
    """MFAF with a ResNet18 backbone (the paper's "ResNet18*"); ``capacity="small"``: the small backbone."""
    return MFAF(in_channels, num_classes, backbone=_backbone("resnet18", capacity), **settings)


def mfaf_shufflenetv2(*, in_channels: int, num_classes: int = 2, capacity: str = "full", **settings) -> MFAF:
    """MFAF with a ShuffleNetV2 x1.0 backbone (the paper's "ShuffleNetV2*"); ``capacity="small"``:
    the small backbone."""
    return MFAF(in_channels, num_classes, backbone=_backbone("shufflenetv2", capacity), **settings)


def input_band_attention(model: "MFAF", x: torch.Tensor) -> torch.Tensor:
    """Channel-attention weights of an MFAF network expressed per INPUT band, shape (B, bands).

    The paper reads the learned channel attention as the influence of each evidence layer. Our
    attention acts on each branch's ``branch_channels`` feature maps, so each branch's weights
    ``Mc`` (B, C) are carried back onto the input bands through that branch's first convolution:
    band b gets ``sum_c Mc[c] * |gamma_c / sigma_c| * sum_k |W[c, b, k]|`` (the batch-norm scale
    folded into the kernel magnitude). Averaged over branches, normalised to sum to 1 per tile.

    Raises:
        ValueError: the model is not an MFAF network with channel attention.
    """
    if not isinstance(model, MFAF):
        raise ValueError("per-band attention needs an MFAF network")
    per_branch = []
    for branch in model.branches:
        conv_block, attention = branch[0], branch[1]
        if not isinstance(attention, ChannelAttention):
            raise ValueError("this MFAF network was trained without channel attention")
        conv, bn = conv_block[0], conv_block[1]
        mc = attention.attention(conv_block(x)).flatten(1)  # (B, C)
        scale = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).abs()  # (C,)
        kernel = conv.weight.abs().sum(dim=(2, 3))  # (C, bands)
        per_branch.append((mc * scale) @ kernel)  # (B, bands)
    w = torch.stack(per_branch).mean(dim=0)
    return w / w.sum(dim=1, keepdim=True).clamp_min(1e-12)
