"""Nothing lost, nothing silently wrong (issue 11), beyond the bad-input corpus of test_bad_inputs:
outputs committed together when a run fails late or is canceled, a killed training run and a
concurrent one on the same outputs (two qgis_process processes), the pixel size recorded in a
model, warnings for layers that cover nothing and for implausible values, bounded memory for a
hostile model file. Inputs: reliability_data (real data, modified copies named so)."""

import hashlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from mfaf_testing import QGIS_PROCESS, REPO, TEST_PROFILE, qgis_process
from reliability_data import checksums, real_inputs, run, stack_params


class Feedback(QgsProcessingFeedback):
    """Records warnings; cancels once progress passes ``cancel_at`` percent."""

    def __init__(self, cancel_at=None):
        super().__init__()
        self.warnings = []
        if cancel_at is not None:
            self.progressChanged.connect(lambda p: p > cancel_at and self.cancel())

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)
        super().pushWarning(text)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, mfaf_provider):
    return real_inputs(tmp_path_factory)


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread():
    """One torch thread while these tests train (on a busy 2-core machine, two spinning threads
    made an epoch 50 times slower); the earlier count is restored afterwards."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _leftovers(folder):
    return [p.name for p in Path(folder).rglob("*") if ".part-" in p.name or p.name.endswith(".lock")]


def test_issue_command_output_equal_to_input_is_refused(inputs, tmp_path):
    """The issue's command: qgis_process predict with OUTPUT = INPUT exited 0 and destroyed the stack."""
    stack = tmp_path / "stack.tif"
    stack.write_bytes(Path(inputs["like"]).read_bytes())
    before = _sha(stack)
    res = qgis_process("--json", "run", "mfaf:predictprospectivity", "--", "INPUT={}".format(stack),
                       "OUTPUT={}".format(stack), "OUTPUT_CELLS={}".format(tmp_path / "cells.gpkg"))
    assert res.returncode != 0
    assert "is the input 'Evidence stack'" in res.stdout + res.stderr
    assert _sha(stack) == before and not (tmp_path / "cells.gpkg").exists()


def test_canceled_predict_keeps_all_earlier_outputs(inputs, tmp_path):
    """The map used to be replaced before the cells, the report and the PNG were written."""
    params = {"INPUT": inputs["like"], "MODEL": inputs["model"], "DEVICE": "cpu", "DEPOSITS": inputs["deposits"],
              "OUTPUT": str(tmp_path / "prob.tif"), "OUTPUT_CELLS": str(tmp_path / "cells.gpkg"),
              "OUTPUT_TARGETS": str(tmp_path / "targets.gpkg"), "OUTPUT_TARGETS_CSV": str(tmp_path / "targets.csv"),
              "REPORT": str(tmp_path / "report.html"), "OUTPUT_MAP": str(tmp_path / "map.png")}
    run("mfaf:predictprospectivity", params)
    before = checksums(tmp_path)
    # the map, its style, all cells, the drill targets (layer and CSV), report, PNG
    assert len(before) == 7 and (tmp_path / "prob.qml").exists()
    feedback = Feedback(cancel_at=60)  # the map is done at 33 %: cancel while the cells are written
    with pytest.raises(QgsProcessingException, match="(?i)cancel"):
        run("mfaf:predictprospectivity", dict(params, STRIDE=8), feedback=feedback)
    assert checksums(tmp_path) == before and not _leftovers(tmp_path)
    run("mfaf:predictprospectivity", dict(params, STRIDE=8))  # a run that succeeds replaces them all
    after = checksums(tmp_path)
    assert sorted(after) == sorted(before) and all(after[k] != before[k] for k in ("prob.tif", "report.html")
                                                   for k in [str(tmp_path / k)])


def test_canceled_training_keeps_model_and_metrics_and_models_record_pixel_size(inputs, tmp_path):
    """A canceled (or failed) run used to leave the metrics CSV of its completed epochs in place of
    the earlier run's. Also: the model records the stack's pixel size and CRS."""
    from mfaf.mfaf_plugin.training.modelio import read_model_file
    from osgeo import gdal, osr

    params = {"DATASET": inputs["tiles"], "ARCHITECTURE": "mfaf_shufflenetv2", "DILATIONS": "1,2", "EPOCHS": 1,
              "DEVICE": 1, "OUTPUT": str(tmp_path / "model.pt"), "OUTPUT_METRICS": str(tmp_path / "metrics.csv")}
    run("mfaf:trainmodel", params)  # DEVICE given by index (1 = cpu), as predict takes it
    meta = read_model_file(params["OUTPUT"])["meta"]
    stack = gdal.Open(inputs["stack4k"])
    assert meta["pixel_size"] == pytest.approx(4000.0)
    assert osr.SpatialReference(wkt=meta["crs_wkt"]).IsSame(osr.SpatialReference(wkt=stack.GetProjection()))
    before = checksums(tmp_path)
    with pytest.raises(QgsProcessingException, match="(?i)cancel"):
        run("mfaf:trainmodel", dict(params, EPOCHS=2, SEED=3), feedback=Feedback(cancel_at=60))
    assert (tmp_path / "model.pt.ckpt").exists()  # the checkpoint is kept for RESUME, as before
    (tmp_path / "model.pt.ckpt").unlink()
    assert checksums(tmp_path) == before and not _leftovers(tmp_path)


def _start_training(dataset, folder, epochs):
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(TEST_PROFILE), OMP_NUM_THREADS="1")
    return subprocess.Popen(
        [str(QGIS_PROCESS), "run", "mfaf:trainmodel", "--", "DATASET={}".format(dataset),
         "ARCHITECTURE=mfaf_shufflenetv2", "DILATIONS=1,2", "EPOCHS={}".format(epochs), "DEVICE=cpu",
         "OUTPUT={}".format(folder / "model.pt"), "OUTPUT_METRICS={}".format(folder / "metrics.csv")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


@pytest.mark.slow
def test_killed_and_concurrent_training_runs(inputs, tmp_path):
    """Two qgis_process runs on one output: the second is refused while the first runs; the first,
    killed with SIGKILL, leaves the earlier model and metrics untouched; the next run takes over
    its lock and removes its temporaries."""
    params = {"DATASET": inputs["tiles"], "ARCHITECTURE": "mfaf_shufflenetv2", "DILATIONS": "1,2", "EPOCHS": 1,
              "DEVICE": "cpu", "OUTPUT": str(tmp_path / "model.pt"), "OUTPUT_METRICS": str(tmp_path / "metrics.csv")}
    run("mfaf:trainmodel", params)
    earlier = checksums(tmp_path)
    first = _start_training(inputs["tiles"], tmp_path, 100000)
    try:
        deadline = time.time() + 300
        while not (tmp_path / "model.pt.ckpt").exists():  # an epoch is done: its metrics are staged
            assert first.poll() is None and time.time() < deadline, first.stdout.read() if first.poll() else "slow"
            time.sleep(0.5)
        second = _start_training(inputs["tiles"], tmp_path, 1)
        out, _ = second.communicate(timeout=300)
        assert second.returncode != 0
        assert "Another run (process {}) is writing".format(first.pid) in out, out
        assert first.poll() is None
    finally:
        first.kill()
        first.wait()
    (tmp_path / "model.pt.ckpt").unlink()
    now = checksums(tmp_path)
    assert {k: v for k, v in now.items() if k in earlier} == earlier
    assert _leftovers(tmp_path)  # the killed run's lock and staged metrics are still there
    run("mfaf:trainmodel", dict(params, SEED=5))
    assert not _leftovers(tmp_path)
    assert _sha(tmp_path / "metrics.csv") != earlier[str(tmp_path / "metrics.csv")]


def test_model_without_pixel_size_warns(inputs, tmp_path):
    feedback = Feedback()
    run("mfaf:predictprospectivity", {"INPUT": inputs["like"], "MODEL": inputs["models"]["legacy"], "DEVICE": "cpu",
                                      "OUTPUT": str(tmp_path / "p.tif"), "OUTPUT_CELLS": "TEMPORARY_OUTPUT"},
        feedback=feedback)
    assert any("does not record the pixel size" in w and "1000 m here" in w for w in feedback.warnings)


def test_layer_outside_the_extent_and_implausible_values_are_warned(inputs, tmp_path):
    far_east = "1352782.9,1682589.6,6699742.0,6900000.0 [EPSG:20350]"
    feedback = Feedback()
    run("mfaf:stacklayers", {"GEOLOGY": inputs["geology"], "EXTENT": far_east, "PIXEL_SIZE": 4000,
                             "TARGET_CRS": "EPSG:20350", "OUTPUT": str(tmp_path / "far.tif")}, feedback=feedback)
    assert any("geology layer covers no cell" in w for w in feedback.warnings), feedback.warnings

    feedback = Feedback()
    run("mfaf:stacklayers", stack_params(tmp_path / "big.tif", EXTRA_RASTERS=[inputs["stacks"]["big"]],
                                         GEOLOGY=inputs["geology"], FAULTS=inputs["faults"]), feedback=feedback)
    assert any("values of magnitude 1e+15 or more (largest 1e+30)" in w for w in feedback.warnings), feedback.warnings

    feedback = Feedback()
    run("mfaf:predictprospectivity", {"INPUT": inputs["stacks"]["big"], "MODEL": inputs["model"], "DEVICE": "cpu",
                                      "OUTPUT": str(tmp_path / "p.tif"), "OUTPUT_CELLS": "TEMPORARY_OUTPUT"},
        feedback=feedback)
    assert any("fault_distance" in w and "1e+15 or more" in w for w in feedback.warnings), feedback.warnings


def test_hostile_model_file_is_refused_with_bounded_memory(inputs):
    """1000 bands, 20 dilation rates of 4096 branch channels: refused before a network is built (the
    network was built first: 2.9 GB of weights, then 'do not fit')."""
    script = textwrap.dedent("""
        import sys, time
        sys.path.insert(0, {plugins!r})
        from mfaf.mfaf_plugin.common.errors import InputError
        from mfaf.mfaf_plugin.training.modelio import load_model
        t0 = time.time()
        try:
            load_model({path!r})
            print("LOADED")
        except InputError as exc:
            print("REFUSED", exc)
        print("SECONDS", time.time() - t0)
        # peak resident memory of this process image (VmHWM; ru_maxrss would count the forking parent)
        with open("/proc/self/status") as fh:
            hwm = [line.split()[1] for line in fh if line.startswith("VmHWM:")][0]
        print("MAXRSS_MB", int(hwm) // 1024)
    """).format(plugins=str(REPO / "build" / "plugins"), path=inputs["models"]["memory"])
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    lines = dict(line.split(" ", 1) for line in res.stdout.splitlines() if " " in line)
    assert "REFUSED" in lines and "is damaged or was not written by this plugin" in lines["REFUSED"], res.stdout
    assert float(lines["SECONDS"]) < 5 and int(lines["MAXRSS_MB"]) < 1500, res.stdout
