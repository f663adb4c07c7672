"""Building blocks of the MFAF networks: conv-bn-act, CBAM channel and spatial attention.

Blocks take ``channels`` first, in the manner of timm's ``layers/cbam.py``; the architectures in
:mod:`models.mfaf` receive the attention classes as arguments so that ablations swap them for
``nn.Identity``.
"""

import torch
from torch import nn

__all__ = ["ConvBnAct", "ChannelAttention", "SpatialAttention"]


class ConvBnAct(nn.Sequential):
    """3x3 (by default) convolution, batch norm, ReLU; ``padding`` keeps the size (``dilation`` aware)."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int = 3, stride: int = 1,
                 dilation: int = 1, act: bool = True):
        padding = dilation * (kernel_size - 1) // 2
        super().__init__(
            nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding,
                      dilation=dilation, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True) if act else nn.Identity(),
        )
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.dilation = dilation


class ChannelAttention(nn.Module):
    """CBAM channel attention: ``Mc = sigmoid(MLP(avgpool(F)) + MLP(maxpool(F)))``, ``F * Mc``.

    The two pooled descriptors pass through ONE shared bottleneck MLP (1x1 convs, hidden size
    ``channels // reduction``, at least ``min_hidden``) and are summed *outside* it, as CBAM
    (Woo et al., 2018) does; the MFAF paper's eq. 7 writes the sum inside the MLP, see METHOD.md.
    """

    def __init__(self, channels: int, reduction: int = 4, min_hidden: int = 4):
        super().__init__()
        hidden = max(min_hidden, channels // reduction)
        self.fc1 = nn.Conv2d(channels, hidden, 1, bias=False)
        self.act = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(hidden, channels, 1, bias=False)

    def mlp(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))

    def attention(self, x: torch.Tensor) -> torch.Tensor:
        """The channel weights ``Mc`` of shape (B, C, 1, 1), in 0..1."""
        avg = x.mean(dim=(2, 3), keepdim=True)
        mx = x.amax(dim=(2, 3), keepdim=True)
        return torch.sigmoid(self.mlp(avg) + self.mlp(mx))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.attention(x)


class SpatialAttention(nn.Module):
    """CBAM spatial attention: ``Ms = sigmoid(conv_k([mean_c(F); max_c(F)]))``, ``F * Ms``."""

    def __init__(self, kernel_size: int = 7):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, kernel_size, padding=kernel_size // 2, bias=False)

    def attention(self, x: torch.Tensor) -> torch.Tensor:
        """The spatial weights ``Ms`` of shape (B, 1, H, W), in 0..1."""
        desc = torch.cat([x.mean(dim=1, keepdim=True), x.amax(dim=1, keepdim=True)], dim=1)
        return torch.sigmoid(self.conv(desc))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.attention(x)
