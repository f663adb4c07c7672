"""Core tests of the torch networks (no QGIS): shapes, finiteness, gradients, switches, loss, vote.

Inputs are seeded random tensors (generated, not real data): these tests check the network
contracts of ``models.build_model`` / ``models.branch_outputs``, not skill.
"""

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("torchvision")

import torch.nn.functional as F  # noqa: E402

from mfaf import models  # noqa: E402
from mfaf.models import ARCHITECTURES, branch_outputs, build_model, mfaf_loss  # noqa: E402
from mfaf.models.blocks import ChannelAttention, ConvBnAct, SpatialAttention  # noqa: E402


@pytest.fixture(autouse=True)
def _one_thread():
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)


def n_params(m):
    return sum(p.numel() for p in m.parameters())


def expected_branches(arch, settings=None):
    if arch in models.MFAF_ARCHITECTURES:
        return len((settings or {}).get("dilations", models.DEFAULT_DILATIONS))
    return 1


def test_architecture_list_is_the_contract():
    assert set(ARCHITECTURES) == {"mfaf_resnet18", "mfaf_shufflenetv2", "resnet18", "shufflenetv2", "googlenet",
                                  "mobilenetv2", "mnasnet"}


@pytest.mark.parametrize("arch", ARCHITECTURES)
@pytest.mark.parametrize("in_channels", [3, 10])
def test_forward_backward(arch, in_channels):
    torch.manual_seed(0)
    net = build_model(arch, in_channels)
    net.train()
    for tile in (32, 64):
        x = torch.randn(2, in_channels, tile, tile)
        out = net(x)
        assert isinstance(out, list) and len(out) == expected_branches(arch)
        for z in out:
            assert z.shape == (2, 2)
            assert torch.isfinite(z).all()
        net.zero_grad()
        loss = mfaf_loss(out, torch.tensor([0, 1]))
        loss.backward()
        grads = [p.grad for p in net.parameters() if p.requires_grad]
        assert all(g is not None and torch.isfinite(g).all() for g in grads)
        assert any(float(g.abs().sum()) > 0 for g in grads)
    net.eval()
    with torch.no_grad():
        out = net(torch.randn(3, in_channels, 32, 32))
    assert len(out) == expected_branches(arch) and all(torch.isfinite(z).all() for z in out)


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_small_tiles(arch):
    """Real tiles can be a few pixels wide (coarse grids): every network accepts its min_tile_px."""
    net = build_model(arch, 2)
    tile = max(4, net.min_tile_px)
    out = net(torch.randn(3, 2, tile, tile))
    assert len(out) == expected_branches(arch) and all(z.shape == (3, 2) for z in out)


def test_first_conv_takes_the_band_count():
    for arch in ("resnet18", "shufflenetv2", "googlenet", "mobilenetv2", "mnasnet"):
        net = build_model(arch, 7)
        first = next(m for m in net.modules() if isinstance(m, torch.nn.Conv2d))
        assert first.in_channels == 7, arch
    net = build_model("mfaf_resnet18", 7, branch_channels=16)
    assert all(b[0].in_channels == 7 and b[0].out_channels == 16 for b in net.branches)
    assert net.features[0].in_channels == 16


@pytest.mark.parametrize("arch", models.MFAF_ARCHITECTURES)
def test_attention_switches_change_parameters(arch):
    full = n_params(build_model(arch, 4, dilations=[1, 2]))
    no_ca = n_params(build_model(arch, 4, dilations=[1, 2], channel_attention=False))
    no_sa = n_params(build_model(arch, 4, dilations=[1, 2], spatial_attention=False))
    none = n_params(build_model(arch, 4, dilations=[1, 2], channel_attention=False, spatial_attention=False))
    assert no_ca < full and no_sa < full
    assert full - no_sa == 2 * 7 * 7  # the spatial-attention conv: 2 descriptors -> 1 map, 7x7, no bias
    assert none == full - (full - no_ca) - (full - no_sa)
    net = build_model(arch, 4, dilations=[1, 2], channel_attention=False, spatial_attention=False)
    assert not any(isinstance(m, (ChannelAttention, SpatialAttention)) for m in net.modules())


def test_dilation_list_sets_branches():
    net = build_model("mfaf_shufflenetv2", 3, dilations=[1, 2, 4])
    assert [b[0][0].dilation for b in net.branches] == [(1, 1), (2, 2), (4, 4)]
    out = net(torch.randn(2, 3, 32, 32))
    assert len(out) == 3
    # the classifier and backbone are shared: a branch count changes only the branch parameters
    one = n_params(build_model("mfaf_shufflenetv2", 3, dilations=[1]))
    three = n_params(net)
    per_branch = n_params(net.branches[0])
    assert three - one == 2 * per_branch


def test_bad_names_and_settings():
    with pytest.raises(ValueError, match="Unknown architecture"):
        build_model("vgg", 3)
    with pytest.raises(ValueError, match="takes no settings"):
        build_model("resnet18", 3, dilations=[1, 2])
    with pytest.raises(ValueError, match="Unknown setting"):
        build_model("mfaf_resnet18", 3, dropout=0.5)
    with pytest.raises(ValueError, match="dilations"):
        build_model("mfaf_resnet18", 3, dilations=[])


def test_same_seed_same_initial_weights():
    torch.manual_seed(3)
    a = build_model("mfaf_shufflenetv2", 5, dilations=[1, 6])
    torch.manual_seed(3)
    b = build_model("mfaf_shufflenetv2", 5, dilations=[1, 6])
    sa, sb = a.state_dict(), b.state_dict()
    assert all(torch.equal(sa[k], sb[k]) for k in sa)


def test_blocks():
    x = torch.randn(2, 8, 9, 9)
    ca = ChannelAttention(8, reduction=2)
    w = ca.attention(x)
    assert w.shape == (2, 8, 1, 1) and (w > 0).all() and (w < 1).all()
    assert torch.allclose(ca(x), x * w)
    # CBAM: the two pooled descriptors share one MLP and are summed outside it
    avg, mx = x.mean(dim=(2, 3), keepdim=True), x.amax(dim=(2, 3), keepdim=True)
    assert torch.allclose(w, torch.sigmoid(ca.mlp(avg) + ca.mlp(mx)))
    sa = SpatialAttention(7)
    m = sa.attention(x)
    assert m.shape == (2, 1, 9, 9) and (m > 0).all() and (m < 1).all()
    c = ConvBnAct(8, 4, 3, dilation=3)
    assert c(x).shape == (2, 4, 9, 9)


def test_loss_equals_ce_without_distillation():
    torch.manual_seed(0)
    logits = [torch.randn(6, 2, requires_grad=True) for _ in range(3)]
    y = torch.tensor([0, 1, 1, 0, 1, 0])
    ce = sum(F.cross_entropy(z, y) for z in logits)
    assert torch.allclose(mfaf_loss(logits, y, beta=0.0), ce)
    with_kd = mfaf_loss(logits, y, beta=0.4)
    assert float(with_kd.detach()) > float(ce.detach())
    # one branch: plain cross-entropy whatever beta
    assert torch.allclose(mfaf_loss(logits[:1], y, beta=0.8), F.cross_entropy(logits[0], y))
    # identical branches agree with their mean: the distillation term vanishes
    same = [logits[0]] * 3
    assert torch.allclose(mfaf_loss(same, y, beta=0.4), 3 * F.cross_entropy(logits[0], y), atol=1e-6)
    # larger beta, larger loss
    assert float(mfaf_loss(logits, y, beta=0.8).detach()) > float(with_kd.detach())
    with_kd.backward()
    assert all(z.grad is not None and torch.isfinite(z.grad).all() for z in logits)


def test_branch_outputs_vote():
    # 3 branches, 4 samples; logits chosen so the argmax per branch is known
    ore, no = [0.0, 2.0], [2.0, 0.0]
    b1 = torch.tensor([ore, ore, no, no])
    b2 = torch.tensor([ore, no, no, ore])
    b3 = torch.tensor([ore, no, no, no])
    out = branch_outputs([b1, b2, b3])
    assert out["n_branches"] == 3
    assert out["votes"].tolist() == [3, 1, 0, 1]
    assert out["vote_class"].tolist() == [1, 0, 0, 0]
    assert torch.allclose(out["agreement"], torch.tensor([1.0, 2 / 3, 1.0, 2 / 3]))
    p1 = torch.softmax(torch.tensor(ore), 0)[1]
    assert torch.allclose(out["p_ore"][0], p1)
    assert float(out["p_ore"][2]) < 0.5 < float(out["p_ore"][0])
    # a tie between 2 branches goes to ore when the mean probability is >= 0.5
    tie = branch_outputs([torch.tensor([[0.0, 3.0], [0.0, 1.0]]), torch.tensor([[1.0, 0.0], [3.0, 0.0]])])
    assert tie["votes"].tolist() == [1, 1]
    assert tie["vote_class"].tolist() == [1, 0]
    assert torch.allclose(tie["agreement"], torch.tensor([0.5, 0.5]))
    single = branch_outputs([torch.tensor([[0.0, 1.0]])])
    assert single["n_branches"] == 1 and single["vote_class"].tolist() == [1]


def test_band_attention_per_input_band():
    """Learned channel attention carried back onto the input bands: one weight per band,
    normalised, None for networks without channel attention, and it follows the attention."""
    import torch

    from mfaf import models

    torch.manual_seed(0)
    net = models.build_model("mfaf_shufflenetv2", 4, dilations=[1, 2]).eval()
    x = torch.rand(3, 4, 16, 16)
    with torch.inference_mode():
        w = models.band_attention(net, x)
    assert w.shape == (3, 4)
    assert torch.allclose(w.sum(dim=1), torch.ones(3), atol=1e-5)
    assert (w > 0).all()
    # silence band 2 in every branch's first convolution: its weight must drop to 0
    with torch.no_grad():
        for branch in net.branches:
            branch[0][0].weight[:, 2] = 0
        w2 = models.band_attention(net, x)
    assert torch.all(w2[:, 2] == 0) and torch.allclose(w2.sum(dim=1), torch.ones(3), atol=1e-5)
    assert models.band_attention(models.build_model("resnet18", 4), x) is None
    assert models.band_attention(models.build_model("mfaf_resnet18", 4, channel_attention=False), x) is None
