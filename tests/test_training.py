"""Training loop, model files and mfaf:trainmodel.

Unit tests use GENERATED tile datasets (seeded random tiles where ore tiles carry a raised first
band), written with ``dataset.save_dataset`` so they exercise the real file format; the real-data
end-to-end run (maketiles -> trainmodel) is tested elsewhere. Tiles are tiny (3 bands, 16 px) and
runs last 1-4 epochs, so these tests check mechanics, not skill.

Torch runs with THREADS threads here (1; ``MFAF_TEST_THREADS``, as in ``make test-equivalence
THREADS=2``). The tests marked ``equivalence`` compare runs that must give the same weights (same
seed, resume after cancel): bit for bit, since both sides run the same kernels in one process.
"""

import csv
import os

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("torchvision")
pytest.importorskip("sklearn")

from mfaf.mfaf_plugin import __version__
from mfaf.mfaf_plugin.training import tile_training as training  # noqa: E402
from mfaf.mfaf_plugin.windows.tile_dataset import save_dataset  # noqa: E402
from mfaf.mfaf_plugin.common.errors import Canceled, InputError  # noqa: E402
from mfaf.mfaf_plugin.scoring.classification import classification_metrics  # noqa: E402
from mfaf.mfaf_plugin.training.modelio import load_model, save_model  # noqa: E402

from mfaf_testing import qgis_process_json  # noqa: E402

FAST = dict(architecture="mfaf_shufflenetv2", settings={"dilations": [1, 2]}, batch_size=8, device="cpu")


THREADS = int(os.environ.get("MFAF_TEST_THREADS", "1"))  # torch threads of these tests and their torchrun jobs


@pytest.fixture(autouse=True)
def _torch_threads():
    old = torch.get_num_threads()
    torch.set_num_threads(THREADS)
    yield
    torch.set_num_threads(old)


def generated_tiles(path, n=24, bands=3, size=16, seed=0, all_train_no_ore=False):
    """Write a generated tile dataset: every third tile is ore with band 0 raised by 1.5."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 3 == 0).astype(np.int64)
    x = rng.normal(0, 1, (n, bands, size, size)).astype(np.float32)
    x[y == 1, 0] += 1.5
    split = np.where(np.arange(n) % 4 == 3, 1, 0).astype(np.int8)  # 6 test tiles, both classes
    if all_train_no_ore:
        y[split == 0] = 0
    arrays = dict(x=x, y=y, split=split, origin=np.zeros(n), cell_id=np.arange(1, n + 1), row=np.zeros(n),
                  col=np.arange(n), geotransform=np.zeros((n, 6)), deposit_count=y, valid_fraction=np.ones(n))
    meta = dict(band_names=["gen_{}".format(i) for i in range(bands)],
                normalization={"method": "zscore", "params": [[0.0, 1.0]] * bands},
                tile_size=size, stride=size, counts={"generated": True})
    return str(save_dataset(str(path), arrays, meta))


@pytest.fixture(scope="module")
def tiles(tmp_path_factory):
    return generated_tiles(tmp_path_factory.mktemp("generated") / "generated_tiles.npz")


def weights(path):
    return torch.load(path, map_location="cpu", weights_only=True)["state_dict"]


def same_weights(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


# -- metrics ------------------------------------------------------------------------------------
def test_classification_metrics():
    m = classification_metrics([0, 1, 1, 0], [0.1, 0.9, 0.4, 0.6])
    assert m == {"accuracy": 0.5, "auc": 0.75, "recall": 0.5, "f1": 0.5, "precision": 0.5, "n": 4}
    one_class = classification_metrics([0, 0, 0], [0.2, 0.7, 0.1])
    assert one_class["auc"] is None and one_class["accuracy"] == pytest.approx(2 / 3)
    assert classification_metrics([], [])["n"] == 0
    with pytest.raises(ValueError):
        classification_metrics([0, 2], [0.1, 0.2])


# -- training core ------------------------------------------------------------------------------
def test_train_writes_model_csv_and_metadata(tiles, tmp_path):
    out, csv_path = tmp_path / "m.pt", tmp_path / "m.csv"
    fractions = []
    metrics = training.train(tiles, str(out), epochs=2, seed=1, metrics_csv=str(csv_path),
                             progress=fractions.append, **FAST)
    assert 0 <= metrics["accuracy"] <= 1 and metrics["n"] == 6 and metrics["auc"] is not None
    rows = list(csv.DictReader(open(csv_path)))
    assert [r["epoch"] for r in rows] == ["1", "2"]
    assert list(rows[0]) == list(training.CSV_COLUMNS)
    assert float(rows[-1]["accuracy"]) == pytest.approx(metrics["accuracy"], abs=1e-5)
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 2 * 2
    assert not (tmp_path / "m.pt.ckpt").exists()  # the checkpoint goes once the model is written

    payload = torch.load(out, map_location="cpu", weights_only=True)
    assert payload["format"] == "mfaf-model"
    net, meta = load_model(str(out))
    assert not net.training
    assert meta["band_names"] == ["gen_0", "gen_1", "gen_2"]
    assert meta["normalization"]["method"] == "zscore"
    assert (meta["tile_size"], meta["stride"], meta["in_channels"]) == (16, 16, 3)
    assert meta["architecture"] == "mfaf_shufflenetv2" and meta["settings"]["dilations"] == [1, 2]
    assert meta["settings"]["channel_attention"] is True
    assert meta["code_version"] == __version__ and meta["seed"] == 1 and meta["epochs"] == 2
    assert meta["class_names"] == ["no ore", "ore"]
    assert meta["metrics"]["accuracy"] == metrics["accuracy"]
    assert len(meta["history"]) == 2
    with torch.no_grad():
        assert len(net(torch.zeros(1, 3, 16, 16))) == 2


@pytest.mark.equivalence
def test_same_seed_same_weights(tiles, tmp_path):
    a, b, c = tmp_path / "a.pt", tmp_path / "b.pt", tmp_path / "c.pt"
    training.train(tiles, str(a), epochs=2, seed=5, **FAST)
    training.train(tiles, str(b), epochs=2, seed=5, **FAST)
    training.train(tiles, str(c), epochs=2, seed=6, **FAST)
    assert same_weights(weights(a), weights(b))
    assert not same_weights(weights(a), weights(c))
    # the caller's global RNG is left alone
    torch.manual_seed(0)
    before = torch.rand(1)
    torch.manual_seed(0)
    training.train(tiles, str(c), epochs=1, seed=6, **FAST)
    assert torch.equal(torch.rand(1), before)


@pytest.mark.equivalence
def test_cancel_then_resume_gives_the_same_weights(tiles, tmp_path):
    straight = tmp_path / "straight.pt"
    training.train(tiles, str(straight), epochs=4, seed=2, **FAST)

    out = tmp_path / "resumed.pt"
    ckpt = tmp_path / "resumed.pt.ckpt"
    n_train_batches = 3  # 18 training tiles, batch 8 -> batches of 8, 8 and 2
    calls = {"n": 0}

    def cancel_in_epoch_3():
        calls["n"] += 1
        return calls["n"] > 2 * n_train_batches + 1

    with pytest.raises(Canceled, match="RESUME"):
        training.train(tiles, str(out), epochs=4, seed=2, is_canceled=cancel_in_epoch_3, **FAST)
    assert not out.exists() and ckpt.exists()
    ck = torch.load(ckpt, map_location="cpu", weights_only=True)
    assert ck["epoch"] == 2 and len(ck["history"]) == 2

    # other settings than the checkpoint's are refused
    with pytest.raises(InputError, match="other settings"):
        training.train(tiles, str(out), epochs=4, seed=3, resume=True, **FAST)
    logs = []
    training.train(tiles, str(out), epochs=4, seed=2, resume=True, log=logs.append, **FAST)
    assert any("Resuming from epoch 2" in m for m in logs)
    assert same_weights(weights(straight), weights(out))
    assert not ckpt.exists()
    assert len(load_model(str(out))[1]["history"]) == 4


def test_resume_mnasnet(tiles, tmp_path):
    """Resuming restores torchvision modules that check their state-dict version (MNASNet)."""
    kw = dict(architecture="mnasnet", settings=None, batch_size=8, device="cpu", seed=0)
    out = tmp_path / "mn.pt"
    calls = {"n": 0}

    def cancel_in_epoch_2():
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(Canceled):
        training.train(tiles, str(out), epochs=2, is_canceled=cancel_in_epoch_2, **kw)
    training.train(tiles, str(out), epochs=2, resume=True, **kw)
    net, meta = load_model(str(out))
    assert meta["architecture"] == "mnasnet" and len(meta["history"]) == 2


def test_cancel_in_first_epoch_leaves_nothing(tiles, tmp_path):
    out = tmp_path / "m.pt"
    with pytest.raises(Canceled, match="first epoch"):
        training.train(tiles, str(out), epochs=2, is_canceled=lambda: True, **FAST)
    assert list(tmp_path.iterdir()) == []


def test_baseline_trains_from_arrays(tmp_path):
    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset

    arrays, meta = load_dataset(generated_tiles(tmp_path / "generated.npz", n=16, bands=4))
    out = tmp_path / "r.pt"
    m = training.train((arrays, meta), str(out), "resnet18", None, epochs=1, batch_size=8, device="cpu")
    assert m["n"] == 4
    net, meta2 = load_model(str(out))
    assert meta2["settings"] == {} and meta2["in_channels"] == 4 and len(net(torch.zeros(2, 4, 16, 16))) == 1


def test_bad_inputs(tmp_path, tiles):
    with pytest.raises(InputError, match="does not exist"):
        training.train(str(tmp_path / "none.npz"), str(tmp_path / "m.pt"), epochs=1, device="cpu")
    one_class = generated_tiles(tmp_path / "generated_one_class.npz", all_train_no_ore=True)
    with pytest.raises(InputError, match="all of one class"):
        training.train(one_class, str(tmp_path / "m.pt"), epochs=1, device="cpu")
    bogus = tmp_path / "bogus.npz"
    np.savez(bogus, a=np.zeros(3))
    with pytest.raises(InputError, match="not a tile dataset"):
        training.train(str(bogus), str(tmp_path / "m.pt"), epochs=1, device="cpu")
    if not torch.cuda.is_available():
        with pytest.raises(InputError, match="no CUDA GPU"):
            training.train(tiles, str(tmp_path / "m.pt"), epochs=1, device="cuda")
    with pytest.raises(InputError, match="mfaf:trainmodel"):
        load_model(str(bogus))
    small = generated_tiles(tmp_path / "generated_small.npz", size=8)
    with pytest.raises(InputError, match="googlenet needs tiles of at least 15 px"):
        training.train(small, str(tmp_path / "m.pt"), "googlenet", epochs=1, device="cpu")
    assert not (tmp_path / "m.pt").exists()


@pytest.mark.parametrize("arch", ["mfaf_resnet18", "mfaf_shufflenetv2", "resnet18", "shufflenetv2", "googlenet",
                                  "mobilenetv2", "mnasnet"])
def test_model_file_roundtrip(arch, tmp_path):
    """Every architecture saves and loads back (weights_only) to the same outputs."""
    from mfaf.models import build_model

    torch.manual_seed(0)
    settings = {"dilations": [1, 4]} if arch.startswith("mfaf") else {}
    net = build_model(arch, 3, **settings).eval()
    meta = {"architecture": arch, "settings": settings, "in_channels": 3, "band_names": ["a", "b", "c"],
            "normalization": None, "tile_size": 16, "stride": 16, "class_names": ["no ore", "ore"],
            "code_version": __version__, "metrics": {}, "seed": 0, "epochs": 0}
    save_model(str(tmp_path / "m.pt"), net, meta)
    loaded, meta2 = load_model(str(tmp_path / "m.pt"))
    x = torch.randn(2, 3, 16, 16)
    with torch.no_grad():
        assert all(torch.equal(a, b) for a, b in zip(net(x), loaded(x)))
    assert meta2 == meta


def test_small_capacity_model_file_roundtrip(tmp_path):
    """A small-capacity MFAF network (issue 19) saves, passes the size checks and loads back the same."""
    from mfaf.models import build_model

    torch.manual_seed(0)
    settings = {"dilations": [1, 2, 3], "capacity": "small", "centre_cell": True}
    net = build_model("mfaf_shufflenetv2", 3, **settings).eval()
    meta = {"architecture": "mfaf_shufflenetv2", "settings": settings, "in_channels": 3,
            "band_names": ["a", "b", "c"], "normalization": None, "tile_size": 8, "stride": 1,
            "class_names": ["no ore", "ore"], "code_version": __version__, "metrics": {}, "seed": 0, "epochs": 0}
    save_model(str(tmp_path / "m.pt"), net, meta)
    loaded, meta2 = load_model(str(tmp_path / "m.pt"))
    assert sum(p.numel() for p in loaded.parameters()) < 100_000
    x = torch.randn(2, 3, 8, 8)
    with torch.no_grad():
        assert all(torch.equal(a, b) for a, b in zip(net(x), loaded(x)))
    assert meta2 == meta


def test_save_model_requires_metadata(tmp_path):
    from mfaf.models import build_model

    net = build_model("shufflenetv2", 3)
    with pytest.raises(ValueError, match="band_names"):
        save_model(str(tmp_path / "m.pt"), net, {"architecture": "shufflenetv2"})
    assert not (tmp_path / "m.pt").exists()


# -- Processing algorithm -----------------------------------------------------------------------
def test_trainmodel_algorithm(run_alg, tiles, tmp_path):
    out, csv_path = tmp_path / "alg.pt", tmp_path / "alg.csv"
    res = run_alg("mfaf:trainmodel", {
        "DATASET": tiles, "ARCHITECTURE": "shufflenetv2", "EPOCHS": 1, "BATCH_SIZE": 8, "DEVICE": "cpu", "SEED": 4,
        "OUTPUT": str(out), "OUTPUT_METRICS": str(csv_path)})
    assert res["OUTPUT"] == str(out) and res["OUTPUT_METRICS"] == str(csv_path)
    for key in ("ACCURACY", "AUC", "RECALL", "F1"):
        assert 0.0 <= res[key] <= 1.0, key
    net, meta = load_model(str(out))
    assert meta["architecture"] == "shufflenetv2" and meta["band_names"] == ["gen_0", "gen_1", "gen_2"]
    assert len(list(csv.DictReader(open(csv_path)))) == 1


def test_trainmodel_algorithm_errors(run_alg, tiles, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Dilation rates"):
        run_alg("mfaf:trainmodel", {"DATASET": tiles, "DILATIONS": "1,x", "EPOCHS": 1,
                                    "OUTPUT": str(tmp_path / "m.pt")})
    bogus = tmp_path / "bogus.npz"
    np.savez(bogus, a=np.zeros(3))
    with pytest.raises(QgsProcessingException, match="not a tile dataset"):
        run_alg("mfaf:trainmodel", {"DATASET": str(bogus), "EPOCHS": 1, "OUTPUT": str(tmp_path / "m.pt")})
    assert not (tmp_path / "m.pt").exists()


def test_trainmodel_through_qgis_process(tiles, tmp_path):
    out = tmp_path / "qp.pt"
    data = qgis_process_json(
        "run", "mfaf:trainmodel", "--", "DATASET={}".format(tiles), "ARCHITECTURE=mfaf_shufflenetv2", "DILATIONS=1,3",
        "EPOCHS=2", "BATCH_SIZE=8", "DEVICE=cpu", "SEED=0", "OUTPUT={}".format(out),
        "OUTPUT_METRICS={}".format(tmp_path / "qp.csv"), env={"OMP_NUM_THREADS": "1"})
    res = data["results"]
    assert res["OUTPUT"] == str(out)
    assert 0.0 <= res["ACCURACY"] <= 1.0 and 0.0 <= res["AUC"] <= 1.0
    payload = torch.load(out, map_location="cpu", weights_only=True)
    meta = payload["meta"]
    assert meta["architecture"] == "mfaf_shufflenetv2" and meta["settings"]["dilations"] == [1, 3]
    assert meta["band_names"] == ["gen_0", "gen_1", "gen_2"] and meta["epochs"] == 2
    assert meta["training"]["torch_threads"] == 1  # OMP_NUM_THREADS reaches torch inside qgis_process
    assert len(list(csv.DictReader(open(tmp_path / "qp.csv")))) == 2


def test_augmented_held_out_tiles_are_not_scored(tmp_path):
    """Only real held-out windows (split 1, origin 0) are scored, even if a dataset holds
    augmented copies on the test side (generated data)."""
    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset

    arrays, meta = load_dataset(generated_tiles(tmp_path / "generated.npz"))
    arrays = dict(arrays)
    origin = np.zeros(len(arrays["y"]), np.int8)
    origin[np.flatnonzero(arrays["split"] == 1)[:2]] = 1  # two noise copies among the 6 test tiles
    arrays["origin"] = origin
    out = tmp_path / "m.pt"
    m = training.train((arrays, meta), str(out), epochs=1, **FAST)
    assert m["n"] == 4
    assert load_model(str(out))[1]["training"]["n_test"] == 4


def test_resume_refuses_a_checkpoint_of_another_dataset(tiles, tmp_path):
    """A checkpoint trained on one dataset is not resumed on another of the same shape (another
    split would put training tiles into the test side); generated data."""
    other = generated_tiles(tmp_path / "generated_other.npz", seed=1)
    out = tmp_path / "m.pt"
    calls = {"n": 0}

    def cancel_in_epoch_2():
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(Canceled):
        training.train(tiles, str(out), epochs=2, seed=0, is_canceled=cancel_in_epoch_2, **FAST)
    assert (tmp_path / "m.pt.ckpt").exists()
    with pytest.raises(InputError, match="other settings.*dataset_digest"):
        training.train(other, str(out), epochs=2, seed=0, resume=True, **FAST)
    assert not out.exists()


def test_batch_of_one_is_a_clear_error(tiles, tmp_path):
    with pytest.raises(InputError, match="batch size must be at least 2"):
        training.train(tiles, str(tmp_path / "m.pt"), "resnet18", None, epochs=1, batch_size=1, device="cpu")
    assert list(tmp_path.iterdir()) == []


def test_predict_accepts_only_the_training_dataset_as_held_out(tiles, tmp_path):
    """'Never used for training' holds only for the dataset the model recorded: the same tiles with
    another split (here one test tile moved to training) are refused."""
    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset
    from mfaf.mfaf_plugin.evaluation.test_split import check_test_dataset

    out = tmp_path / "m.pt"
    training.train(tiles, str(out), epochs=1, seed=0, **FAST)
    _, meta = load_model(str(out))
    assert check_test_dataset(meta, tiles)["tile_size"] == 16
    arrays, dmeta = load_dataset(tiles)
    arrays["split"] = arrays["split"].copy()
    arrays["split"][np.flatnonzero(arrays["split"] == 1)[0]] = 0
    other = str(save_dataset(str(tmp_path / "resplit.npz"), arrays, dmeta))
    with pytest.raises(InputError, match="not the one the model was trained on"):
        check_test_dataset(meta, other)
    no_record = dict(meta, training={})
    with pytest.raises(InputError, match="does not record"):
        check_test_dataset(no_record, tiles)


def test_best_epoch_skips_the_warm_up():
    """A one-cycle run never keeps an epoch whose learning rate was still rising (6 epochs, 30 %
    warm-up: epoch 1 of 6), however good its validation AUC; the paper's step schedule may keep
    any epoch. Among the candidates the AUC decides, ties to the lower loss."""
    from mfaf.mfaf_plugin.training.epochs import BestEpoch
    from mfaf.mfaf_plugin.training.recipes import first_selectable_epoch, make_recipe

    assert first_selectable_epoch(make_recipe("adamw_onecycle"), 6) == 2
    assert first_selectable_epoch(make_recipe("adamw_onecycle"), 10) == 4
    assert first_selectable_epoch(make_recipe("adamw_onecycle"), 1) == 1
    assert first_selectable_epoch(make_recipe("paper_sgd"), 6) == 1
    net = torch.nn.Linear(2, 2)
    best = BestEpoch(first_epoch=2)
    assert not best.offer(1, 0.995, 0.1, net) and best.state is None
    assert best.offer(2, 0.80, 0.9, net) and best.epoch == 2
    assert best.offer(3, 0.90, 1.2, net) and best.epoch == 3  # higher AUC wins although the loss rose
    assert best.offer(4, 0.90, 1.0, net) and best.epoch == 4  # tie on AUC: the lower loss
    assert not best.offer(5, 0.85, 0.5, net) and best.epoch == 4
