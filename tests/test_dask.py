"""Dask paths (mfaf_plugin/scaleout/dask_runner.py, strip_prediction.py) against the serial ones, on real data.

A Dask LocalCluster of 2 single-thread worker processes must give exactly what one process gives:
the tables and out-of-fold rasters of mfaf:crossvalidate, the tables and held-out predictions of
mfaf:comparemodels, and the maps and cells of a prediction cut into strips (both framings). The
data: the Murchison example (resources/example) at 2 km, 8-cell windows, 3 folds, 1 epoch, as in
test_crossval.py. The prediction networks are untrained with batch-norm statistics from the
stack (as in test_prediction.py): equality is the point, not skill.

Equality bit for bit holds on any CPU because both sides run the same kernels: the workers
inherit this process's environment (ATEN_CPU_CAPABILITY included) and use one torch thread each,
as this module does (MFAF_TEST_THREADS does not apply: another thread count rounds differently).
The grid strips are compared with the map predicted whole (no strips): dropping the strips' halo
(strip_prediction._grid_window_rows starting at the strip's first row) fails it. The two long
Dask runs are marked slow; ``make test-equivalence`` runs the rest under another capability.
"""

import csv
import time

import numpy as np
import pytest
from osgeo import gdal, ogr

from mfaf_testing import REPO
from test_crossval import stack  # noqa: F401  (fixture: the Murchison stack at 2 km, built by mfaf:stacklayers)

torch = pytest.importorskip("torch")

EX = REPO / "resources" / "example"
DEPOSITS = str(EX / "murchison_gold_deposits.geojson")
CV = {"TILE_SIZE": 8, "FOLDS": 3, "SEEDS": "0", "EPOCHS": 1, "STRIDE": 2, "N_BOOTSTRAP": 200, "DEVICE": "cpu",
      "METHODS": ["mfaf_shufflenetv2", "logistic_regression_cells"]}
TIMING = {"seconds", "train_seconds"}  # wall-clock columns: the only ones that may differ


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    old = torch.get_num_threads()
    torch.set_num_threads(1)  # the workers use one thread each: the same arithmetic here
    yield
    torch.set_num_threads(old)


@pytest.fixture(scope="module")
def stack_tif(stack):
    return str(stack)


@pytest.fixture(scope="module")
def client():
    from mfaf.mfaf_plugin.scaleout.dask_runner import open_client

    with open_client("local:2") as c:
        yield c


def _deposits_xy():
    ds = ogr.Open(DEPOSITS)
    return np.array([f.GetGeometryRef().GetPoint_2D() for f in ds.GetLayer(0)])


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: v for k, v in r.items() if k not in TIMING} for r in csv.DictReader(fh)]


def _raster(path):
    ds = gdal.Open(str(path))
    return ds.ReadAsArray(), ds.GetGeoTransform(), [ds.GetRasterBand(i + 1).GetNoDataValue()
                                                     for i in range(ds.RasterCount)]


def test_scheduler_text():
    from mfaf.mfaf_plugin.scaleout.dask_runner import is_serial, parse_scheduler
    from mfaf.mfaf_plugin.common.errors import InputError

    assert parse_scheduler("") == ("serial", None) and parse_scheduler(" serial ") == ("serial", None)
    assert parse_scheduler("local:3") == ("local", 3)
    assert parse_scheduler("tcp://10.1.2.3:8786") == ("address", "tcp://10.1.2.3:8786")
    assert parse_scheduler("gpu-node:8786") == ("address", "gpu-node:8786")
    assert is_serial(None) and not is_serial("local:1")
    for bad in ("local:0", "local:two", "local", "somewhere"):
        with pytest.raises(InputError, match="local:N|local:4"):
            parse_scheduler(bad)


def test_unreachable_scheduler_is_a_clear_error():
    from mfaf.mfaf_plugin.scaleout.dask_runner import open_client
    from mfaf.mfaf_plugin.common.errors import InputError

    with pytest.raises(InputError, match="No Dask scheduler answers at 'tcp://127.0.0.1:9'"):
        with open_client("tcp://127.0.0.1:9"):  # nothing listens on the discard port
            pass


@pytest.mark.equivalence
@pytest.mark.slow
def test_crossvalidate_local_cluster_equals_serial(stack_tif, run_alg, tmp_path):
    """mfaf:crossvalidate with DASK_SCHEDULER local:2 writes the serial run's tables and rasters."""
    out = {}
    for name, scheduler in (("serial", ""), ("dask", "local:2")):
        d = tmp_path / name
        res = run_alg("mfaf:crossvalidate", dict(CV, INPUT=stack_tif, DEPOSITS=DEPOSITS, DASK_SCHEDULER=scheduler,
                                                 OUTPUT=str(d / "oof.tif"), OUTPUT_FOLDS=str(d / "folds.tif"),
                                                 OUTPUT_FOLDER=str(d / "t"), REPORT=str(d / "r.html")))
        out[name] = (res, d)
    (rs, ds_), (rd, dd) = out["serial"], out["dask"]
    assert rs["OOF_AUC"] == rd["OOF_AUC"] and rs["VERDICT"] == rd["VERDICT"]
    for table in ("cv_summary.csv", "cv_folds.csv", "cv_comparisons.csv", "cv_history.csv"):
        a, b = _rows(ds_ / "t" / table), _rows(dd / "t" / table)
        assert a == b and a, table
    assert len(_rows(ds_ / "t" / "cv_folds.csv")) == 3 * 2  # 3 folds x 2 methods x 1 seed: every unit ran
    for raster in ("oof.tif", "folds.tif", "t/oof_logistic_regression_cells.tif"):
        a, b = _raster(ds_ / raster), _raster(dd / raster)
        assert np.array_equal(a[0], b[0]) and a[1:] == b[1:], raster
    p, _, nd = _raster(dd / "oof.tif")
    assert np.isfinite(p[0]).all() and (p[0] != nd[0]).sum() > 1000  # a real map, not two empty ones


def test_cancel_reaches_the_workers(stack_tif, client):
    """Cancel after the first unit: Canceled here, and the workers stop their running units."""
    from mfaf.mfaf_plugin.evaluation.crossval import CVSettings, cross_validate
    from mfaf.mfaf_plugin.common.errors import Canceled

    s = CVSettings(tile_px=8, n_folds=3, seeds=(0, 1), epochs=3, stride_px=2, min_epoch_windows=512, device="cpu")
    seen = []
    with pytest.raises(Canceled):
        cross_validate(stack_tif, _deposits_xy(), ["mfaf_shufflenetv2"], s, progress=seen.append,
                       is_canceled=lambda: bool(seen) and seen[-1] > 0, scheduler=client)
    assert seen and 0 < max(seen) < 1
    # the unit still training on the other worker stops within its cancel poll (1 s) and a batch:
    # both single-thread workers serve new tasks at once (else one waits for a 3-epoch training)
    from mfaf.mfaf_plugin.scaleout.dask_runner import run_tasks

    t0 = time.time()
    assert run_tasks(client, lambda shared, u, log, c: u * shared, [1, 2, 3, 4], 3) == [3, 6, 9, 12]
    assert time.time() - t0 < 10
    assert sum(len(v) for v in client.processing().values()) == 0


def _prediction_model(stack_tif, framing, stride):
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata
    from test_prediction import make_model

    ds = gdal.Open(stack_tif)
    sm = read_stack_metadata(ds)
    data = ds.ReadAsArray().astype(np.float32)
    for b in range(ds.RasterCount):
        nd = ds.GetRasterBand(b + 1).GetNoDataValue()
        data[b][data[b] == nd] = -9999.0
    net, meta = make_model(bands=sm["bands"], norm=sm["normalization"], tile=8, data=data)
    meta.update(framing=framing, stride=stride)
    if framing == "centred":
        ok = np.all(data != -9999.0, axis=0)
        meta["input_scaling"] = {"mean": [float(b[ok].mean()) for b in data], "sd": [float(b[ok].std()) or 1.0
                                                                                     for b in data]}
    return net, meta


@pytest.mark.equivalence
@pytest.mark.parametrize("framing,stride", [("grid", 3), ("centred", 2)])
def test_strips_on_local_cluster_equal_single_process_map(stack_tif, client, tmp_path, framing, stride):
    """The map cut into strips (grid: 24 rows, windows of the strip above predicted again as its
    halo; centred: the single-process strips of 24 rows) and predicted on 2 workers, or here: the
    same raster, bit for bit, and the same cells."""
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    model = _prediction_model(stack_tif, framing, stride)
    xy = _deposits_xy()
    kw = {"stride": stride, "device": "cpu", "deposits_xy": xy, "batch_size": 16, "strip_rows": 24}
    ref = predict_map(stack_tif, model, str(tmp_path / "one.tif"), **kw)
    seen = []
    runs = {"dask": predict_map(stack_tif, model, str(tmp_path / "dask.tif"), scheduler=client, progress=seen.append,
                                **kw),
            "serial": predict_map(stack_tif, model, str(tmp_path / "serial.tif"), scheduler="serial", **kw)}
    a, gt, nd = _raster(ref["output"])
    assert (a != nd[0]).sum() > 1000 and np.ptp(a[a != nd[0]]) > 0.01  # a real map with contrast
    for name, res in runs.items():
        b, gt_b, nd_b = _raster(res["output"])
        assert np.array_equal(a, b) and gt == gt_b and nd == nd_b, name
        assert res["cells"] == ref["cells"] and res["n_windows"] == ref["n_windows"], name
        assert res["deposits_in_targets"] == ref["deposits_in_targets"]
        assert gdal.Open(res["output"]).GetRasterBand(1).GetBlockSize() == [256, 256]  # a tiled GeoTIFF
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 3


@pytest.mark.equivalence
@pytest.mark.slow
def test_comparemodels_local_cluster_equals_serial(stack_tif, run_alg, tmp_path):
    """mfaf:comparemodels, (model, seed) trainings as Dask tasks: the serial run's tables and predictions."""
    from mfaf.algorithms.compare_models import METHODS

    tiles = run_alg("mfaf:maketiles", {
        "INPUT": stack_tif, "DEPOSITS": DEPOSITS, "TILE_SIZE": 4, "SPLIT": 0, "TEST_FRACTION": 0.25, "BLOCK_SIZE": 2,
        "SEED": 0, "NOISE_COPIES": 1, "OUTPUT": str(tmp_path / "tiles.npz"),
        "OUTPUT_CELLS": "TEMPORARY_OUTPUT"})["OUTPUT"]
    for name, scheduler in (("serial", ""), ("dask", "local:2")):
        run_alg("mfaf:comparemodels", {
            "DATASET": tiles, "METHODS": [METHODS.index("mfaf_shufflenetv2"), METHODS.index("random_forest")],
            "EPOCHS": 1, "BATCH_SIZE": 32, "SEEDS": "0,1", "N_BOOTSTRAP": 100, "DEVICE": 1,
            "DASK_SCHEDULER": scheduler, "OUTPUT_FOLDER": str(tmp_path / name),
            "REPORT": str(tmp_path / (name + ".html"))})
    for table in ("table3_methods.csv", "comparisons.csv", "predictions_test.csv"):
        a, b = _rows(tmp_path / "serial" / table), _rows(tmp_path / "dask" / table)
        assert a == b and a, table
    preds = _rows(tmp_path / "dask" / "predictions_test.csv")
    assert {(p["run"], p["seed"]) for p in preds} == {(r, s) for r in {p["run"] for p in preds} for s in "01"}
    assert len({p["run"] for p in preds}) == 2


def test_bad_scheduler_refused_by_every_algorithm(stack_tif, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    cases = {"mfaf:crossvalidate": dict(CV, INPUT=stack_tif, DEPOSITS=DEPOSITS, OUTPUT_FOLDER=str(tmp_path / "cv"),
                                        OUTPUT=str(tmp_path / "o.tif"), OUTPUT_FOLDS=str(tmp_path / "f.tif")),
             "mfaf:predictprospectivity": {"INPUT": stack_tif, "OUTPUT": str(tmp_path / "p.tif"),
                                           "OUTPUT_CELLS": str(tmp_path / "p.gpkg")},
             "mfaf:comparemodels": {"DATASET": str(tmp_path / "none.npz"), "OUTPUT_FOLDER": str(tmp_path / "c"),
                                    "REPORT": str(tmp_path / "c.html")}}
    (tmp_path / "none.npz").write_bytes(b"")
    for alg, params in cases.items():
        with pytest.raises(QgsProcessingException, match="local:N"):
            run_alg(alg, dict(params, DASK_SCHEDULER="local:zero"))
    assert not any((tmp_path / n).exists() for n in ("p.tif", "o.tif", "cv", "c"))
