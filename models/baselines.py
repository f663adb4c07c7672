"""The paper's comparison networks (Table 3), from torchvision, with our band count.

Each torchvision model is built with ``weights=None`` (no download; multi-band geochemistry has
no ImageNet counterpart) and ``num_classes``; its first convolution is replaced by one with
``in_channels`` inputs and otherwise the same geometry, initialised as torchvision initialises
those convolutions (Kaiming normal, fan-out). :class:`Baseline` wraps the network so that
``forward`` returns a list of one logits tensor, the contract of :func:`models.build_model`.
"""

from typing import List, Tuple

import torch
from torch import nn

__all__ = ["Baseline", "BASELINES", "MIN_TILE_PX", "torchvision_net", "replace_first_conv", "torchvision_features"]

# our architecture name -> torchvision builder name
BASELINES = {
    "resnet18": "resnet18",
    "shufflenetv2": "shufflenet_v2_x1_0",
    "googlenet": "googlenet",
    "mobilenetv2": "mobilenet_v2",
    "mnasnet": "mnasnet1_0",
}

# smallest tile each network accepts (GoogLeNet's five ceil-mode 3x3 / stride-2 poolings need
# 15 px; the others pad their way down to 1 px)
MIN_TILE_PX = {"googlenet": 15}

# torchvision builder -> (parent attribute path, child key) of the first convolution
_FIRST_CONV = {
    "resnet18": ("", "conv1"),
    "shufflenet_v2_x1_0": ("conv1", "0"),
    "googlenet": ("conv1", "conv"),
    "mobilenet_v2": ("features.0", "0"),
    "mnasnet1_0": ("layers", "0"),
}


def _get(module: nn.Module, dotted: str) -> nn.Module:
    for part in filter(None, dotted.split(".")):
        module = module[int(part)] if part.isdigit() else getattr(module, part)
    return module


def replace_first_conv(net: nn.Module, tv_name: str, in_channels: int) -> nn.Module:
    """Swap ``net``'s first convolution for one taking ``in_channels`` inputs (in place)."""
    parent_path, key = _FIRST_CONV[tv_name]
    parent = _get(net, parent_path)
    old = parent[int(key)] if key.isdigit() else getattr(parent, key)
    new = nn.Conv2d(in_channels, old.out_channels, old.kernel_size, stride=old.stride,
                    padding=old.padding, dilation=old.dilation, groups=1, bias=old.bias is not None)
    nn.init.kaiming_normal_(new.weight, mode="fan_out", nonlinearity="relu")
    if new.bias is not None:
        nn.init.zeros_(new.bias)
    if key.isdigit():
        parent[int(key)] = new
    else:
        setattr(parent, key, new)
    return net


def torchvision_net(tv_name: str, in_channels: int, num_classes: int = 2) -> nn.Module:
    """A torchvision classifier without pretrained weights, first conv adapted to ``in_channels``."""
    from torchvision import models as tvm

    kwargs = {"weights": None, "num_classes": num_classes}
    if tv_name == "googlenet":
        # transform_input re-scales 3 ImageNet channels; our bands are already normalised.
        kwargs.update(aux_logits=False, init_weights=True, transform_input=False)
    net = getattr(tvm, tv_name)(**kwargs)
    if tv_name == "mnasnet1_0":
        # torchvision's MnasNet uses batch-norm momentum 1 - 0.9997, tuned for ImageNet's millions
        # of steps; with a few hundred tiles the running statistics would stay near their initial
        # values and evaluation would blow up, so use torch's default momentum.
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.momentum = 0.1
    return replace_first_conv(net, tv_name, in_channels)


def torchvision_features(tv_name: str, in_channels: int) -> Tuple[nn.Sequential, int]:
    """The convolutional part of a torchvision ResNet18 / ShuffleNetV2 (up to the last conv stage).

    Returns ``(features, out_channels)``; global pooling and the classifier are left out so that
    spatial attention can follow the last stage.
    """
    net = torchvision_net(tv_name, in_channels)
    if tv_name == "resnet18":
        feats = nn.Sequential(net.conv1, net.bn1, net.relu, net.maxpool,
                              net.layer1, net.layer2, net.layer3, net.layer4)
        return feats, net.fc.in_features
    if tv_name == "shufflenet_v2_x1_0":
        feats = nn.Sequential(net.conv1, net.maxpool, net.stage2, net.stage3, net.stage4, net.conv5)
        return feats, net.fc.in_features
    raise ValueError("no feature extractor for backbone '{}'".format(tv_name))


class Baseline(nn.Module):
    """A plain torchvision classifier whose ``forward`` returns ``[logits]``.

    ``centre_cell``: a linear term of the window's centre-cell bands is added to the logits,
    which is the same as giving the final linear layer those bands beside the pooled features
    (as :class:`models.mfaf.MFAF` does with ``centre_cell``), for windows centred on the cell
    being scored.
    """

    def __init__(self, tv_name: str, in_channels: int, num_classes: int = 2, centre_cell: bool = False):
        super().__init__()
        self.tv_name = tv_name
        self.min_tile_px = MIN_TILE_PX.get(tv_name, 1)
        self.net = torchvision_net(tv_name, in_channels, num_classes)
        self.centre = nn.Linear(in_channels, num_classes, bias=False) if centre_cell else None

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        logits = self.net(x)
        if self.centre is not None:
            logits = logits + self.centre(x[:, :, x.shape[2] // 2, x.shape[3] // 2].float()).to(logits.dtype)
        return [logits]
