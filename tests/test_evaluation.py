"""mfaf:comparemodels and the evaluation core (mfaf_plugin/evaluation/tile_comparison.py).

Unit tests use small constructed (generated) predictions whose figures are known by hand; the
end-to-end test builds a real Murchison tile dataset with mfaf:stacklayers and mfaf:maketiles
and runs the comparison on it through processing.run and qgis_process.
"""

import csv
import math

import numpy as np
import pytest

from mfaf.mfaf_plugin.evaluation import tile_comparison as ev
from mfaf.mfaf_plugin.evaluation import methods
from mfaf.mfaf_plugin.evaluation.baselines import tile_band_statistics
from mfaf.mfaf_plugin.reports.comparison_report import results_markdown
from mfaf.mfaf_plugin.scoring import tile_figures as tf
from mfaf.mfaf_plugin.common.errors import InputError
from mfaf.mfaf_plugin.scoring.classification import classification_metrics


# -- figures on constructed cases (generated data) ------------------------------------------------
def test_deposit_capture_perfect_and_reversed_ranking():
    # 10 tiles, one tile (rank 1 by p) holds 3 deposits, another (rank 2) holds 1.
    p = np.linspace(1.0, 0.1, 10)
    counts = np.zeros(10, int)
    counts[0], counts[1] = 3, 1
    d = tf.deposit_capture(p, counts)
    # top 10 % of the area = the first tile = 3 of 4 deposits; top 20 % = both tiles
    assert d["deposits_top10"] == pytest.approx(0.75)
    assert d["deposits_top20"] == pytest.approx(1.0)
    assert d["success_rate_auc"] > 0.85
    rev = tf.deposit_capture(p[::-1], counts)  # the deposit tiles ranked last
    assert rev["deposits_top10"] == pytest.approx(0.0)
    assert rev["deposits_top20"] == pytest.approx(0.0)
    assert rev["success_rate_auc"] < 0.15


def test_deposit_capture_ties_are_the_expectation():
    # all probabilities equal: any order is as likely, the curve is the diagonal
    d = tf.deposit_capture(np.full(10, 0.3), np.array([1] + [0] * 9))
    assert d["deposits_top10"] == pytest.approx(0.1)
    assert d["deposits_top20"] == pytest.approx(0.2)
    assert d["success_rate_auc"] == pytest.approx(0.5)


def test_score_by_hand():
    y = np.array([1, 1, 0, 0, 0, 1, 0, 0])
    p = np.array([0.9, 0.4, 0.6, 0.1, 0.2, 0.8, 0.3, 0.05])
    s = tf.score(y, p, y * 2)
    # by hand: predicted ore = tiles 0, 2, 5 -> tp 2, fp 1, fn 1
    assert s["accuracy"] == pytest.approx(6 / 8)
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    # AUC: of the 3 x 5 (ore, no ore) pairs, ore scores 0.9 and 0.8 beat all five, 0.4 beats 0.1, 0.2,
    # 0.3 and 0.05 but not 0.6 -> 14 / 15
    assert s["auc"] == pytest.approx(14 / 15)
    # top 20 % of 8 tiles = 1.6 tiles: the best tile (2 deposits) and 0.6 of the second (2 deposits)
    assert s["deposits_top20"] == pytest.approx((2 + 2 * (1.6 - 1)) / 6)


def test_fast_bootstrap_metrics_equal_sklearn_on_resamples():
    rng = np.random.default_rng(1)
    y = (rng.random(60) < 0.3).astype(int)
    p = np.clip(0.5 * y + rng.normal(0.3, 0.25, 60), 0, 1).round(2)  # rounded: ties in the scores
    idx = tf.bootstrap_indices(60, 25, seed=3)
    fast = tf._fast_classification(y[idx], p[idx], 0.5)
    for b in range(25):
        ref = classification_metrics(y[idx[b]], p[idx[b]], 0.5)
        for k in ("accuracy", "auc", "recall", "f1"):
            assert fast[k][b] == pytest.approx(ref[k]), (k, b)


def test_bootstrap_interval_contains_point_and_narrows_with_more_tiles():
    rng = np.random.default_rng(0)

    def width(n):
        y = (rng.random(n) < 0.3).astype(int)
        p = np.clip(0.35 * y + rng.random(n) * 0.65, 0, 1)
        idx = tf.bootstrap_indices(n, 400, seed=0)
        ci, draws = tf.bootstrap_intervals(y, [p], y, idx)
        point = tf.score(y, p, y)
        for k in tf.METRICS:
            assert ci[k][0] <= point[k] <= ci[k][1], k
        assert draws["auc"].shape == (400,)
        return ci["auc"][1] - ci["auc"][0]

    assert width(400) < width(40)


def test_paired_difference_verdicts():
    rng = np.random.default_rng(2)
    y = np.array([1] * 30 + [0] * 70)
    good = np.clip(0.6 * y + rng.random(100) * 0.4, 0, 1)
    noise = rng.random(100)
    idx = tf.bootstrap_indices(100, 300, seed=0)
    _, da = tf.bootstrap_intervals(y, [good], y, idx)
    _, db = tf.bootstrap_intervals(y, [noise], y, idx)
    diff = tf.paired_differences(da, db, tf.score(y, good, y), tf.score(y, noise, y))
    assert diff["auc"]["verdict"] == "a better"
    assert diff["auc"]["ci_low"] > 0
    same = tf.paired_differences(da, da, tf.score(y, good, y), tf.score(y, good, y))
    assert same["auc"]["verdict"] in ("no conclusion", "undefined")
    assert same["auc"]["diff"] == 0


def test_tile_band_statistics_ignore_nodata_cells():
    x = np.zeros((1, 2, 4, 4), np.float32)
    x[0, 0, :2, :] = np.arange(8).reshape(2, 4) + 1.0  # valid cells: top half
    x[0, 1, :2, :] = 5.0
    f = tile_band_statistics(x).reshape(1, 2, 5)
    assert f[0, 0, 0] == pytest.approx(4.5)  # mean over the 8 valid cells, not 16
    assert f[0, 0, 2] == 1.0 and f[0, 0, 3] == 8.0
    assert f[0, 1].tolist() == pytest.approx([5.0, 0.0, 5.0, 5.0, 5.0])


def test_plan_runs_share_identical_configurations():
    rows = methods.plan_runs(["mfaf_resnet18", "resnet18"], ["no_channel_attention", "beta_sweep", "dilation_sweep"])
    keys = {r.spec.key(0.4) for r in rows}
    # table3 mfaf = table4 full = beta 0.4 = dilation rate 3: one run; + resnet18 (table 3 and the plain-backbone
    # row of table 5), no-CA, 5 betas, 3 rates
    assert len(keys) == 1 + 1 + 1 + 5 + 3
    assert {r.table for r in rows} == {"table3", "table4", "table5", "table6"}
    t5 = [r for r in rows if r.table == "table5"]
    # the paper's beta = 0 is the plain backbone: that row trains resnet18, and our beta = 0 row says what it is
    assert t5[0].spec.method == "resnet18" and "paper's beta = 0" in t5[0].label
    zero = [r for r in t5 if r.spec.beta == 0.0][0]
    assert zero.spec.method == "mfaf_resnet18" and "without self-distillation" in zero.label
    assert [r.setting for r in rows if r.table == "table6"][0] == "rate 1: {1,2,4,8,10}"
    with pytest.raises(InputError):
        methods.plan_runs(["nonsense"], [])
    with pytest.raises(InputError):
        methods.plan_runs([], ["beta_sweep"], ablation_base="resnet18")


def test_seeds_parsing():
    assert methods.parse_seeds("0, 1,2") == [0, 1, 2]
    with pytest.raises(InputError):
        methods.parse_seeds("0,0")
    with pytest.raises(InputError):
        methods.parse_seeds("a")
    # numpy's bootstrap generator and scikit-learn refuse negative seeds: refuse them up front,
    # not after every model has been trained
    with pytest.raises(InputError, match="0 or more"):
        methods.parse_seeds("0,-1")


# -- end to end on real Murchison tiles -----------------------------------------------------------
MURCHISON_EPSG = "EPSG:20350"
TEST_METHODS = ["mfaf_shufflenetv2", "shufflenetv2", "random_forest", "logistic_regression"]


def _enum(values, options):
    return [options.index(v) for v in values]


@pytest.fixture(scope="module")
def murchison_tiles(tmp_path_factory, mfaf_provider):
    """Murchison stack (5 km cells: greenstone, distance to faults) and 4-px tiles, made by the plugin."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    from mfaf_testing import EXAMPLE

    folder = tmp_path_factory.mktemp("murchison_eval")
    faults = EXAMPLE / "murchison_faults.geojson"
    greenstone = EXAMPLE / "murchison_greenstone.geojson"
    deposits = EXAMPLE / "murchison_gold_deposits.geojson"

    def run(alg, params):
        return processing.run(alg, params, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())

    stack = run("mfaf:stacklayers", {
        "EXTENT": "352782.9,682589.6,6699742.0,7101484.0 [{}]".format(MURCHISON_EPSG), "PIXEL_SIZE": 5000.0,
        "TARGET_CRS": MURCHISON_EPSG, "GEOLOGY": str(greenstone), "FAULTS": str(faults), "FAULT_MODE": 0,
        "NORMALIZE": 0, "OUTPUT": str(folder / "stack.tif")})["OUTPUT"]
    out = {}
    for split in (0, 1):  # 0 spatial blocks, 1 stratified random
        out[split] = run("mfaf:maketiles", {
            "INPUT": stack, "DEPOSITS": str(deposits), "TILE_SIZE": 4, "SPLIT": split, "TEST_FRACTION": 0.25,
            "BLOCK_SIZE": 2, "SEED": 0, "NOISE_COPIES": 1, "OUTPUT": str(folder / "tiles_{}.npz".format(split)),
            "OUTPUT_CELLS": "TEMPORARY_OUTPUT"})["OUTPUT"]
    return out


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_comparemodels_end_to_end_on_murchison(run_alg, murchison_tiles, tmp_path):
    from mfaf.algorithms.compare_models import ABLATIONS, METHODS
    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset

    dataset = murchison_tiles[0]
    arrays, meta = load_dataset(dataset)
    res = run_alg("mfaf:comparemodels", {
        "DATASET": dataset, "METHODS": _enum(TEST_METHODS, METHODS),
        "ABLATIONS": _enum(["no_channel_attention"], ABLATIONS), "ABLATION_BASE": 1, "EPOCHS": 1,
        "BATCH_SIZE": 32, "SEEDS": "0", "N_BOOTSTRAP": 200, "DEVICE": 1,
        "OUTPUT_FOLDER": str(tmp_path / "tables"), "REPORT": str(tmp_path / "report.html")})
    assert res["SPLIT_METHOD"] == meta["split_method"]
    folder = tmp_path / "tables"
    assert sorted(p.name for p in folder.iterdir()) == [
        "comparisons.csv", "predictions_test.csv", "table3_methods.csv", "table4_attention.csv"]

    t3 = _read_csv(folder / "table3_methods.csv")
    assert list(t3[0].keys()) == ev.TABLE_COLUMNS
    assert [r["method"] for r in t3] == [methods.LABELS[m] for m in TEST_METHODS]
    held = (arrays["split"] == 1) & (arrays["origin"] == 0)
    for r in t3:
        assert r["split_method"] == meta["split_method"]
        assert int(r["n_test_tiles"]) == int(held.sum())
        assert int(r["n_test_ore"]) == int(arrays["y"][held].sum())
        for m in tf.METRICS:
            v, lo, hi = (float(r[m]) if r[m] else math.nan for m in (m, m + "_ci_low", m + "_ci_high"))
            assert 0.0 <= v <= 100.0, (r["method"], m)
            assert lo - 1e-6 <= v <= hi + 1e-6, (r["method"], m, lo, v, hi)
        assert r["auc_seed_std"] == ""  # one seed: no spread
    t4 = _read_csv(folder / "table4_attention.csv")
    assert [r["setting"] for r in t4] == ["both attentions", "channel attention off"]
    # the full base model of Table 4 is the Table 3 run: same figures
    assert t4[0]["auc"] == t3[0]["auc"]

    # scored tiles: exactly the held-out real windows, once per run and seed
    preds = _read_csv(folder / "predictions_test.csv")
    runs = {p["run"] for p in preds}
    assert len(runs) == 5  # 4 methods + the ablation (the full base model is shared)
    for run in runs:
        ids = sorted(int(p["cell_id"]) for p in preds if p["run"] == run)
        assert ids == sorted(arrays["cell_id"][held].tolist())
    assert min(int(p["cell_id"]) for p in preds) >= 1  # no synthetic tile (cell_id -1)

    comp = _read_csv(folder / "comparisons.csv")
    assert {c["method_b"] for c in comp if c["table"] == "table3"} == {methods.LABELS[m] for m in TEST_METHODS[1:]}
    assert {c["table"] for c in comp} == {"table3", "table4"}
    assert all(c["verdict"] for c in comp)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Split: {}".format(meta["split_method"]) in html and "data:image/png;base64" in html
    md = results_markdown(str(folder))
    tables, pairs3, pairs4 = md.split("**Paired differences")
    assert tables.count("**Table") == 2
    assert sum(line.startswith("| ") and "[" in line for line in tables.splitlines()) == 4 + 2  # rows of T3, T4
    assert sum(line.startswith("| ShuffleNetV2* (MFAF) | ") for line in pairs3.splitlines()) == 3
    assert "| ShuffleNetV2* (MFAF) full | ShuffleNetV2* (MFAF) without channel attention |" in pairs4


def test_comparemodels_random_split_is_labelled_via_qgis_process(murchison_tiles, tmp_path):
    from mfaf_testing import qgis_process_json

    out = qgis_process_json("run", "mfaf:comparemodels", "--", "DATASET={}".format(murchison_tiles[1]),
                            "METHODS=7", "METHODS=8", "SEEDS=0,1", "N_BOOTSTRAP=100",
                            "OUTPUT_FOLDER={}".format(tmp_path / "t"), "REPORT={}".format(tmp_path / "r.html"))
    assert out["results"]["SPLIT_METHOD"].startswith("random")
    rows = _read_csv(tmp_path / "t" / "table3_methods.csv")
    assert [r["split_method"] for r in rows] == [out["results"]["SPLIT_METHOD"]] * 2
    assert rows[0]["n_seeds"] == "2" and rows[0]["auc_seed_std"] != ""
    assert "WARNING: a random split" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_comparemodels_cancel_and_bad_input(run_alg, murchison_tiles, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    fb = QgsProcessingFeedback()
    fb.cancel()
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        run_alg("mfaf:comparemodels", {"DATASET": murchison_tiles[0], "METHODS": [7], "SEEDS": "0",
                                       "OUTPUT_FOLDER": str(tmp_path / "c"), "REPORT": str(tmp_path / "c.html")},
                feedback=fb)
    assert not (tmp_path / "c" / "table3_methods.csv").exists()
    with pytest.raises(QgsProcessingException, match="whole numbers"):
        run_alg("mfaf:comparemodels", {"DATASET": murchison_tiles[0], "METHODS": [7], "SEEDS": "zero",
                                       "OUTPUT_FOLDER": str(tmp_path / "d"), "REPORT": str(tmp_path / "d.html")})


def test_networks_too_large_for_the_tiles_are_refused_before_training(tmp_path):
    """GoogLeNet cannot take 4-px tiles: the comparison stops at once with a message naming it."""
    from mfaf.mfaf_plugin.windows.tile_dataset import save_dataset

    rng = np.random.default_rng(0)  # generated tiles: only the shape matters here
    n = 40
    arrays = {"x": rng.random((n, 2, 4, 4)).astype(np.float32), "y": np.tile([0, 1], n // 2),
              "split": np.repeat([0, 1], n // 2), "origin": np.zeros(n), "cell_id": np.arange(1, n + 1),
              "row": np.zeros(n), "col": np.zeros(n), "geotransform": np.zeros((n, 6)),
              "deposit_count": np.tile([0, 1], n // 2), "valid_fraction": np.ones(n)}
    path = save_dataset(str(tmp_path / "gen.npz"), arrays, {"split_method": "generated"})
    with pytest.raises(InputError, match="googlenet needs at least"):
        ev.compare_models(path, str(tmp_path / "out"), methods=["googlenet", "random_forest"], seeds="0",
                          n_bootstrap=100)
    assert not (tmp_path / "out").exists()


def test_compare_models_core_accepts_device_auto(tmp_path):
    """TrainConfig(device='auto') is resolved once for training AND for scoring (generated tiles)."""
    from mfaf.mfaf_plugin.windows.tile_dataset import save_dataset

    rng = np.random.default_rng(0)
    n = 24
    y = np.tile([0, 1], n // 2)
    x = rng.normal(0, 1, (n, 2, 4, 4)).astype(np.float32)
    x[y == 1, 0] += 1.0
    arrays = {"x": x, "y": y, "split": np.repeat([0, 1], n // 2), "origin": np.zeros(n),
              "cell_id": np.arange(1, n + 1), "row": np.zeros(n), "col": np.zeros(n),
              "geotransform": np.zeros((n, 6)), "deposit_count": y, "valid_fraction": np.ones(n)}
    path = save_dataset(str(tmp_path / "gen.npz"), arrays, {"split_method": "generated"})
    res = ev.compare_models(path, str(tmp_path / "out"), methods=["resnet18"], seeds="0", n_bootstrap=100,
                            config=ev.TrainConfig(epochs=1, batch_size=12, lr=1e-3, device="auto"))
    assert res["rows"]["table3"][0]["n_test_tiles"] == n // 2


def _recorded_cv(diff, low, high):
    """Model metadata (generated) recording a network and one baseline with overlapping own intervals."""
    ref = {"method": "mfaf_shufflenetv2", "cell_auc": 0.93, "cell_auc_ci_low": 0.897, "cell_auc_ci_high": 0.959,
           "n_folds": 5}
    lr = {"method": "logistic_regression_cells", "label": "Logistic regression (cell values)", "cell_auc": 0.95,
          "cell_auc_ci_low": 0.922, "cell_auc_ci_high": 0.967}
    comp = {"method_b": lr["method"], "figure": "cell_auc", "diff": diff, "diff_ci_low": low, "diff_ci_high": high}
    return {"metrics": {"out_of_fold": ref, "baselines": [lr], "comparisons": [comp]}}


def test_comparison_words_follow_the_paired_difference():
    """One rule: 'better' only when the paired difference's interval excludes 0, shown beside the words;
    'cannot be told apart' when it includes 0, however the methods' own intervals overlap."""
    from mfaf.mfaf_plugin.reports.prediction_text import cross_validation, cross_validation_html
    from mfaf.mfaf_plugin.reports.wording import comparison_sentence

    worse = cross_validation(_recorded_cv(-0.02, -0.035, -0.006))
    assert "Logistic regression (cell values) ranks unseen ground better than the network" in worse["verdict"]
    assert "paired difference -0.020 (95 % interval -0.035 to -0.006)" in worse["verdict"]
    assert worse["verdict"].startswith("No:")
    apart = cross_validation(_recorded_cv(-0.02, -0.045, 0.004))
    assert "cannot be told apart" in apart["verdict"] and "better" not in apart["verdict"]
    assert "beyond the uncertainty" not in apart["verdict"]
    html = cross_validation_html(_recorded_cv(-0.02, -0.045, 0.004))
    assert "network minus this method" in html and "-0.020 (95 % interval -0.045 to +0.004)" in html
    assert "better" in comparison_sentence("A", "B", 0.01, 0.001, 0.02)
    assert "cannot be compared" in comparison_sentence("A", "B", None, None, None)
