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


def test_branch_outputs_one_rule():
    """Class, votes and agreement follow one rule: mean ore probability >= threshold. Expected
    values are computed here from the logits by hand (softmax of two logits = logistic of the
    difference), not with the function under test."""
    import math

    def p(z0, z1):
        return 1.0 / (1.0 + math.exp(z0 - z1))

    # 3 branches, 4 samples
    b1 = [[0.0, 2.0], [0.0, 0.2], [2.0, 0.0], [2.0, 0.0]]
    b2 = [[0.0, 2.0], [0.0, 0.2], [2.0, 0.0], [0.0, 0.1]]
    b3 = [[0.0, 2.0], [4.0, 0.0], [2.0, 0.0], [0.0, 9.0]]
    out = branch_outputs([torch.tensor(b1), torch.tensor(b2), torch.tensor(b3)])
    want_p = [sum(p(*b[i]) for b in (b1, b2, b3)) / 3 for i in range(4)]
    assert torch.allclose(out["p_ore"].double(), torch.tensor(want_p, dtype=torch.float64), atol=1e-6)
    assert out["n_branches"] == 3
    # sample 1: two branches just above 0.5 (0.55), one far below (0.018): mean 0.37 < 0.5, so
    # class 0 although 2 of 3 branches vote ore (the paper's majority vote would say ore)
    assert out["votes"].tolist() == [3, 2, 0, 2]
    assert out["class"].tolist() == [1, 0, 0, 1]
    # sample 3: one branch at 0.12, two above 0.5 with one near 1: mean 0.54 -> ore
    assert want_p[3] > 0.5 and want_p[1] < 0.5
    assert torch.allclose(out["agreement"], torch.tensor([1.0, 1 / 3, 1.0, 2 / 3]))
    # another threshold moves class and votes together
    hi = branch_outputs([torch.tensor(b1), torch.tensor(b2), torch.tensor(b3)], threshold=0.9)
    assert hi["class"].tolist() == [0, 0, 0, 0]
    assert hi["votes"].tolist() == [0, 0, 0, 1]
    single = branch_outputs([torch.tensor([[0.0, 1.0]])])
    assert single["n_branches"] == 1 and single["class"].tolist() == [1] and single["votes"].tolist() == [1]


def _numpy_distillation(z, t, q_fixed=None):
    """Sum over branches of KL(q || p_i) x T^2, batch mean, computed with numpy from the
    definition (q = mean of the branch softmaxes, or ``q_fixed``)."""
    import numpy as np

    z = np.asarray(z, dtype=np.float64) / t
    p = np.exp(z - z.max(axis=2, keepdims=True))
    p /= p.sum(axis=2, keepdims=True)
    q = p.mean(axis=0) if q_fixed is None else q_fixed
    kl = (q[None] * (np.log(q[None]) - np.log(p))).sum(axis=2)  # (branches, batch)
    return kl.mean(axis=1).sum() * t * t, q


def test_self_distillation_against_its_definition():
    """KL from the detached branch mean to each branch, times T^2: the value and the gradient
    must match a numpy computation of that definition. Swapping the KL direction, dropping the
    teacher's detach or the T^2 factor each breaks one of these checks."""
    import numpy as np

    from mfaf.models.losses import self_distillation

    rng = np.random.default_rng(3)
    z0 = rng.normal(0, 1.5, size=(3, 5, 2))
    t = 2.0
    zt = torch.tensor(z0, requires_grad=True)
    kd = self_distillation(list(zt), temperature=t)
    want, q0 = _numpy_distillation(z0, t)
    assert abs(float(kd.detach()) - want) < 1e-9
    # KL(p_i || q) instead would give another value on these logits
    z = z0 / t
    p = np.exp(z) / np.exp(z).sum(axis=2, keepdims=True)
    swapped = (p * (np.log(p) - np.log(q0[None]))).sum(axis=2).mean(axis=1).sum() * t * t
    assert abs(swapped - want) > 1e-3
    # gradient with the teacher held fixed (central differences of the numpy definition)
    kd.backward()
    eps = 1e-6
    num = np.zeros_like(z0)
    for idx in np.ndindex(z0.shape):
        zp, zm = z0.copy(), z0.copy()
        zp[idx] += eps
        zm[idx] -= eps
        num[idx] = (_numpy_distillation(zp, t, q0)[0] - _numpy_distillation(zm, t, q0)[0]) / (2 * eps)
    assert np.allclose(zt.grad.numpy(), num, atol=1e-6)
    # a gradient flowing through the teacher (no detach) differs measurably from that
    free = np.zeros_like(z0)
    for idx in np.ndindex(z0.shape):
        zp, zm = z0.copy(), z0.copy()
        zp[idx] += eps
        zm[idx] -= eps
        free[idx] = (_numpy_distillation(zp, t)[0] - _numpy_distillation(zm, t)[0]) / (2 * eps)
    assert np.abs(free - num).max() > 1e-3


def test_loss_weights_classes():
    """With class weights the cross-entropy is the weighted mean of -log p(true class)."""
    import numpy as np

    logits = [torch.tensor([[0.0, 1.0], [2.0, 0.0], [0.5, 0.5]])]
    y = torch.tensor([1, 1, 0])
    w = torch.tensor([0.75, 3.0])
    p = np.exp(np.array([[0.0, 1.0], [2.0, 0.0], [0.5, 0.5]]))
    p /= p.sum(axis=1, keepdims=True)
    nll = -np.log(p[np.arange(3), [1, 1, 0]])
    wt = np.array([3.0, 3.0, 0.75])
    assert abs(float(mfaf_loss(logits, y, beta=0.0, class_weight=w)) - (wt * nll).sum() / wt.sum()) < 1e-6


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


@pytest.mark.parametrize("arch", ["mfaf_shufflenetv2", "resnet18"])
def test_centre_cell_reaches_the_classifier(arch):
    """centre_cell: with the pooled part of the classifier silenced, the logits depend on the
    centre cell's bands alone: windows that differ only away from the centre score the same, a
    change of the centre cell changes the score (generated windows)."""
    from mfaf import models

    torch.manual_seed(0)
    settings = {"centre_cell": True, **({"dilations": [1, 2]} if arch.startswith("mfaf") else {})}
    net = models.build_model(arch, 3, 2, **settings).eval()
    with torch.no_grad():
        if arch.startswith("mfaf"):
            net.classifier.weight[:, :-3] = 0.0  # keep only the 3 centre-band inputs
        else:
            net.net.fc.weight.zero_()
            net.net.fc.bias.zero_()
    a = torch.randn(1, 3, 9, 9)
    b = torch.randn(1, 3, 9, 9)
    b[:, :, 4, 4] = a[:, :, 4, 4]  # same centre (row and column 9 // 2), different surroundings
    c = a.clone()
    c[:, :, 4, 4] += 1.0
    with torch.no_grad():
        la, lb, lc = (torch.stack(net(x)) for x in (a, b, c))
    assert torch.allclose(la, lb, atol=1e-6)
    assert not torch.allclose(la, lc, atol=1e-4)
    plain = models.build_model(arch, 3, 2, **{k: v for k, v in settings.items() if k != "centre_cell"})
    assert sum(p.numel() for p in net.parameters()) == sum(p.numel() for p in plain.parameters()) + 3 * 2


@pytest.mark.parametrize("arch", ["mfaf_shufflenetv2", "mfaf_resnet18"])
def test_small_capacity_keeps_branches_attention_and_distillation(arch):
    """Issue 19: the small network has a few 10 k weights (the full one over a million), the same
    dilated branches with channel attention, spatial attention after its backbone, the centre-cell
    classifier and one logits tensor per branch (so the self-distillation loss applies)."""
    small = build_model(arch, 6, dilations=[1, 2, 3, 4], capacity="small", centre_cell=True)
    full = build_model(arch, 6, dilations=[1, 2, 3, 4], capacity="full", centre_cell=True)
    assert 20_000 <= n_params(small) <= 100_000 < 1_000_000 <= n_params(full)
    assert len(small.branches) == 4
    assert all(isinstance(b[1], ChannelAttention) for b in small.branches)
    assert isinstance(small.spatial_attention, SpatialAttention)
    x = torch.randn(3, 6, 8, 8, requires_grad=True)
    out = small(x)
    assert len(out) == 4 and all(o.shape == (3, 2) for o in out)
    loss = mfaf_loss(out, torch.tensor([0, 1, 1]), beta=0.4)
    loss.backward()
    assert torch.isfinite(loss) and x.grad.abs().sum() > 0
    # the centre cell reaches the classifier of the small network too
    assert small.classifier.in_features == 64 + 6
    with pytest.raises(ValueError, match="capacity"):
        build_model(arch, 6, capacity="tiny")


def test_capacity_rule_fixed_in_advance():
    """auto: small below 100 training deposit cells, full from 100; explicit choices are kept;
    the tools' list of choices is 'auto' and the models' capacities."""
    from mfaf.algorithms.training_params import CAPACITIES

    assert models.SMALL_CAPACITY_BELOW == 100
    assert [models.choose_capacity("auto", n) for n in (0, 6, 18, 99, 100, 192)] == ["small"] * 4 + ["full"] * 2
    assert models.choose_capacity("full", 3) == "full" and models.choose_capacity("small", 500) == "small"
    with pytest.raises(ValueError):
        models.choose_capacity("big", 10)
    assert CAPACITIES == ["auto"] + list(models.CAPACITIES)
