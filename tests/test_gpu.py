"""GPU readiness on the CPU: precision, loss scaling, loading and the batch size ``auto``
(mfaf_plugin.training.device). CUDA itself cannot run here; these tests run the same functions on the CPU,
where bf16 / fp16 autocast and the GradScaler work too (GENERATED tiles, tiny networks)."""

import os

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("torchvision")
pytest.importorskip("sklearn")

from mfaf.mfaf_plugin.training import device as gpu
from mfaf.mfaf_plugin.training import tile_training as training  # noqa: E402
from mfaf.mfaf_plugin.common.errors import Canceled, InputError  # noqa: E402
from mfaf.mfaf_plugin.training.modelio import load_model  # noqa: E402

from test_training import FAST, _torch_threads, same_weights, tiles, weights  # noqa: E402,F401  (and fixtures)


def test_precision_names():
    assert gpu.resolve_precision("auto", "cpu") == "fp32"
    assert gpu.resolve_precision(" BF16 ", "cpu") == "bf16" and gpu.resolve_precision(None, "cpu") == "fp32"
    with pytest.raises(InputError, match="Unknown precision 'fp8'"):
        gpu.resolve_precision("fp8", "cpu")
    # float64 for equivalence checks (test_distributed), not offered by mfaf:trainmodel
    assert gpu.resolve_precision("fp64", "cpu") == "fp64" and "fp64" not in gpu.PRECISIONS
    accel = gpu.Accel("cpu", "fp64")
    assert (accel.float_dtype, accel.dtype, accel.scaler) == (torch.float64, None, None)
    assert accel.prepare(torch.nn.Linear(2, 2)).weight.dtype == torch.float64
    assert accel.batch(torch.zeros(2, 3), torch.arange(2))[0].dtype == torch.float64  # e.g. auto batch size's trial


def test_the_cpu_step_is_the_plain_float32_step():
    accel = gpu.Accel("cpu", "auto")
    assert (accel.precision, accel.dtype, accel.scaler, accel.channels_last) == ("fp32", None, None, False)
    x, y = torch.randn(5, 2, 4, 4), torch.arange(5)
    idx = torch.tensor([3, 1])
    xb, yb = accel.fetch(x, y)(idx)
    assert torch.equal(xb, x[idx]) and torch.equal(yb, y[idx])
    assert accel.batch(xb, yb)[0] is xb  # nothing copied
    assert accel.state_dict() == {}
    assert gpu.auto_batch_size(None, 3, 16, "cpu") == 32


@pytest.mark.equivalence
def test_mixed_precision_trains_and_resumes(tiles, tmp_path):
    """fp16 autocast with loss scaling: the scaler's state is checkpointed and a resumed run ends
    with the uninterrupted run's weights; bf16 autocast changes the result (it is in effect)."""
    straight, out = tmp_path / "fp16.pt", tmp_path / "resumed.pt"
    training.train(tiles, str(straight), epochs=2, seed=2, precision="fp16", **FAST)
    calls = {"n": 0}

    def cancel_in_epoch_2():
        calls["n"] += 1
        return calls["n"] > 4

    with pytest.raises(Canceled):
        training.train(tiles, str(out), epochs=2, seed=2, precision="fp16", is_canceled=cancel_in_epoch_2, **FAST)
    ck = torch.load(str(out) + ".ckpt", map_location="cpu", weights_only=True)
    assert ck["scaler"]["scale"] > 0 and ck["config"]["precision"] == "fp16"
    logs = []
    training.train(tiles, str(out), epochs=2, seed=2, precision="fp16", resume=True, log=logs.append, **FAST)
    assert any("Mixed precision: fp16" in m for m in logs)
    assert same_weights(weights(straight), weights(out))
    assert load_model(str(out))[1]["training"]["precision"] == "fp16"

    fp32, bf16 = tmp_path / "fp32.pt", tmp_path / "bf16.pt"
    training.train(tiles, str(fp32), epochs=1, seed=2, **FAST)
    training.train(tiles, str(bf16), epochs=1, seed=2, precision="bf16", **FAST)
    assert not same_weights(weights(fp32), weights(bf16))


def test_batch_size_auto(tiles, tmp_path):
    out = tmp_path / "auto.pt"
    training.train(tiles, str(out), epochs=1, seed=0, **dict(FAST, batch_size="auto"))
    assert load_model(str(out))[1]["training"]["batch_size"] == 32  # the CPU's auto
    with pytest.raises(InputError, match="batch size must be at least 2"):
        training.train(tiles, str(tmp_path / "m.pt"), epochs=1, **dict(FAST, batch_size=1))


def test_gpu_suite_smoke(tmp_path):
    """bench/gpu_suite.sh --smoke: every section of the GPU suite at tiny sizes on this machine's
    device (the CPU here), one JSON file with the date, the machine and the versions."""
    import json
    import subprocess

    from mfaf_testing import REPO

    out = tmp_path / "suite.json"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    res = subprocess.run(["bash", str(REPO / "bench" / "gpu_suite.sh"), "--smoke", "--out", str(out)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["mode"] == "smoke" and "not GPU figures" in report["note"]
    assert report["date"][:2] == "20" and report["machine"]["torch"] == torch.__version__
    assert "cuda" in report["machine"] and report["machine"]["cpu_cores"] >= 1
    training = report["paper_training"]
    assert training["epochs_done"] == training["config"]["epochs"] == 2 and training["seconds"] > 0
    assert report["prediction"]["windows"] == 16 and report["prediction"]["best_s"] > 0  # 64 x 64 in 16-px windows
    rates = report["throughput"]["tiles_per_s"]
    assert set(rates) == {"mfaf_resnet18", "resnet18", "mfaf_shufflenetv2", "shufflenetv2"}
    assert all(v > 0 for v in rates.values())
    two = report["torchrun_2gpu"]
    expected = "nccl" if torch.cuda.device_count() >= 2 else "gloo (smoke)"
    assert two["ran"] and two["backend"] == expected and two["seconds"] > 0 and not two.get("stopped_at_budget")
