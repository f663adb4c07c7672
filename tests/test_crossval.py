"""mfaf:crossvalidate on real data (Murchison gold, GSWA via spatstat.data), the final ensemble
model and its per-cell map with mfaf:predictprospectivity.

The configuration is tiny (2 km cells, 8-cell windows, 3 folds, 1 short epoch) so the tests check
the protocol, the outputs and their geometry, not skill. Expectations are recomputed here from
the written files (sklearn's ROC AUC on the out-of-fold raster, windows cut by hand and passed
through the saved network), never with the helpers the code under test calls.
"""

import csv
import json

import numpy as np
import pytest
from osgeo import gdal, ogr

from mfaf_testing import REPO, qgis_process_json

torch = pytest.importorskip("torch")

EX = REPO / "resources" / "example"
DEPOSITS = str(EX / "murchison_gold_deposits.geojson")
FAST = {"TILE_SIZE": 8, "FOLDS": 3, "SEEDS": "0", "EPOCHS": 1, "STRIDE": 2, "N_BOOTSTRAP": 200,
        "DEVICE": "cpu"}


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    # module scope: set before the module's fixtures train anything (a 2-thread run on a shared
    # 2-core machine spends most of its time in OpenMP spin waits)
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)


@pytest.fixture(scope="module")
def stack(mfaf_provider, tmp_path_factory):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    ds = ogr.Open(str(EX / "murchison_window.geojson"))
    xmin, xmax, ymin, ymax = ds.GetLayer(0).GetExtent()
    out = tmp_path_factory.mktemp("cvstack") / "stack.tif"
    processing.run("mfaf:stacklayers", {
        "EXTENT": "{},{},{},{} [EPSG:20350]".format(xmin, xmax, ymin, ymax), "PIXEL_SIZE": 2000,
        "TARGET_CRS": "EPSG:20350", "GEOLOGY": str(EX / "murchison_greenstone.geojson"), "CONTACT_DISTANCE": True,
        "FAULTS": str(EX / "murchison_faults.geojson"), "MASK": str(EX / "murchison_window.geojson"),
        "OUTPUT": str(out)}, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    return out


def _deposit_cells(path, gt, shape):
    ds = ogr.Open(path)
    xy = np.array([f.GetGeometryRef().GetPoint_2D() for f in ds.GetLayer(0)])
    c = np.floor((xy[:, 0] - gt[0]) / gt[1]).astype(int)
    r = np.floor((xy[:, 1] - gt[3]) / gt[5]).astype(int)
    keep = (r >= 0) & (r < shape[0]) & (c >= 0) & (c < shape[1])
    counts = np.zeros(shape, int)
    np.add.at(counts, (r[keep], c[keep]), 1)
    return counts


def _read(path):
    ds = gdal.Open(str(path))
    bands = [ds.GetRasterBand(i + 1) for i in range(ds.RasterCount)]
    return ds, np.stack([b.ReadAsArray().astype(np.float64) for b in bands]), [b.GetNoDataValue() for b in bands]


@pytest.fixture(scope="module")
def cv_run(stack, tmp_path_factory, mfaf_provider):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    out = tmp_path_factory.mktemp("cv")
    params = dict(FAST, INPUT=str(stack), DEPOSITS=DEPOSITS,
                  METHODS=["mfaf_shufflenetv2", "logistic_regression_cells", "balanced_random_forest_window",
                           "combined"],
                  OUTPUT=str(out / "oof.tif"), OUTPUT_FOLDS=str(out / "folds.tif"), OUTPUT_FOLDER=str(out / "tables"),
                  REPORT=str(out / "report.html"), OUTPUT_MODEL=str(out / "model.pt"))
    res = processing.run("mfaf:crossvalidate", params, context=QgsProcessingContext(),
                         feedback=QgsProcessingFeedback())
    return res, out


def test_out_of_fold_rasters_on_the_stack_grid(stack, cv_run):
    res, out = cv_run
    sds, sdata, snd = _read(stack)
    valid = np.all([(sdata[b] != snd[b]) & np.isfinite(sdata[b]) for b in range(len(sdata))], axis=0)
    for path, nb in ((res["OUTPUT"], 2), (res["OUTPUT_FOLDS"], 1),
                     (out / "tables" / "oof_logistic_regression_cells.tif", 2)):
        ds, data, nd = _read(path)
        assert ds.RasterCount == nb
        assert ds.GetGeoTransform() == sds.GetGeoTransform()
        assert (ds.RasterXSize, ds.RasterYSize) == (sds.RasterXSize, sds.RasterYSize)
        assert ds.GetSpatialRef().IsSame(sds.GetSpatialRef())
    _, oof, nd = _read(res["OUTPUT"])
    p = oof[0]
    # every valid cell predicted exactly once (by its fold's model), nodata elsewhere
    assert np.all((p[valid] >= 0) & (p[valid] <= 1)) and np.all(p[~valid] == nd[0])
    _, folds, _ = _read(res["OUTPUT_FOLDS"])
    f = folds[0].astype(int)
    assert set(np.unique(f[valid])) == {1, 2, 3} and np.all(f[~valid] == 0)


def test_figures_recomputed_from_the_written_files(stack, cv_run):
    from sklearn.metrics import roc_auc_score

    res, out = cv_run
    sds, _, _ = _read(stack)
    _, lr, nd = _read(out / "tables" / "oof_logistic_regression_cells.tif")
    p = lr[0]
    ok = p != nd[0]
    dep = _deposit_cells(DEPOSITS, sds.GetGeoTransform(), p.shape)
    want = roc_auc_score((dep[ok] > 0).astype(int), p[ok])
    with open(out / "tables" / "cv_summary.csv", newline="") as fh:
        rows = {r["method"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"mfaf_shufflenetv2", "logistic_regression_cells", "balanced_random_forest_window", "combined"}
    assert float(rows["logistic_regression_cells"]["cell_auc"]) == pytest.approx(want, abs=1e-6)
    assert want > 0.8  # greenstone and faults rank Murchison gold well even at 2 km
    lo, hi = (float(rows["logistic_regression_cells"][k]) for k in ("cell_auc_ci_low", "cell_auc_ci_high"))
    assert lo <= want <= hi
    # per fold: 3 folds x 1 seed per method, deposits of the folds add up to all deposits on valid cells
    with open(out / "tables" / "cv_folds.csv", newline="") as fh:
        folds = [r for r in csv.DictReader(fh) if r["method"] == "mfaf_shufflenetv2"]
    assert sorted(int(r["fold"]) for r in folds) == [1, 2, 3]
    assert sum(int(r["n_test_deposits"]) for r in folds) == int(dep[ok].sum())
    # the network learns on the same ground as the baselines (issue 19: validation blocks took a fifth
    # of its deposits), the deposit cells of the fold's whole training area, counted here by hand:
    # valid cells whose window (grown by the 1-cell margin) reaches no held-out cell
    with open(out / "tables" / "cv_folds.csv", newline="") as fh:
        lr = {r["fold"]: r for r in csv.DictReader(fh) if r["method"] == "logistic_regression_cells"}
    _, fold_raster, _ = _read(res["OUTPUT_FOLDS"])
    for r in folds:
        held = fold_raster[0] == int(r["fold"])
        # the window of cell r spans rows r - 4 .. r + 3 (8 cells), with the margin r - 5 .. r + 4
        reach = 5
        near = np.zeros_like(held)
        for dr in range(-5, 5):
            for dc in range(-5, 5):
                near |= np.roll(np.pad(held, reach), (-dr, -dc), (0, 1))[reach:-reach, reach:-reach]
        want = int(((dep > 0) & ok & ~near).sum())
        assert int(r["n_train_deposit_cells"]) == int(lr[r["fold"]]["n_train_deposit_cells"]) == want
        assert r["best_epoch"] == "" and r["validation_auc"] == ""  # no epoch is chosen
    with open(out / "tables" / "cv_comparisons.csv", newline="") as fh:
        comp = list(csv.DictReader(fh))
    assert {(c["method_a"], c["method_b"]) for c in comp} == {
        ("mfaf_shufflenetv2", "logistic_regression_cells"), ("mfaf_shufflenetv2", "balanced_random_forest_window"),
        ("mfaf_shufflenetv2", "combined"), ("combined", "logistic_regression_cells"),
        ("combined", "balanced_random_forest_window")}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "out-of-fold cell AUC" in html and "Per fold" in html
    # what the score means: the reliability diagram of the out-of-fold scores
    assert "What the score means (calibration)" in html and "not a probability" in html


def _hand_scaled(sdata, valid, region):
    """The bands standardised by hand with the mean and SD (ddof 0) of ``region``'s valid cells, nodata 0."""
    sel = valid & region
    mean = np.array([b[sel].mean() for b in sdata])[:, None, None]
    sd = np.array([b[sel].std() or 1.0 for b in sdata])[:, None, None]
    return np.where(valid[None], (sdata - mean) / sd, 0.0)


def _hand_windows(scaled, cells, t):
    h = t // 2
    padded = np.zeros((scaled.shape[0], scaled.shape[1] + t, scaled.shape[2] + t))
    padded[:, h:h + scaled.shape[1], h:h + scaled.shape[2]] = scaled
    return np.stack([padded[:, r:r + t, c:c + t] for r, c in cells]).astype(np.float32)


def test_one_networks_out_of_fold_map_recomputed_independently(stack, cv_run):
    """Issue 19: fold 1's network is trained again with the fold's seed (training is deterministic),
    its held-out cells are cut by hand, scaled by hand and passed through it; the written
    out-of-fold raster must hold exactly those values at every held-out deposit cell (each scored
    by its own window, as the classical methods score every cell; before, 8 of 9 deposit cells
    took the value of a window centred up to a cell away) and at the background cells of the
    seeded grid of scored centres, and every other held-out cell a value of a centre of its
    stride block."""
    from mfaf.mfaf_plugin.evaluation import crossval
    from mfaf.mfaf_plugin.training.cell_training import fit_deep

    res, out = cv_run
    sds, sdata, snd = _read(stack)
    valid = np.all([(sdata[b] != snd[b]) & np.isfinite(sdata[b]) for b in range(len(sdata))], axis=0)
    dep = _deposit_cells(DEPOSITS, sds.GetGeoTransform(), valid.shape)
    ds = ogr.Open(DEPOSITS)
    xy = np.array([f.GetGeometryRef().GetPoint_2D() for f in ds.GetLayer(0)])
    s = crossval.CVSettings(tile_px=8, n_folds=3, seeds=(0,), epochs=1, stride_px=2, n_bootstrap=200, device="cpu")
    plan = crossval.prepare(str(stack), xy, ["mfaf_shufflenetv2"], s)
    _, fold_raster, _ = _read(res["OUTPUT_FOLDS"])
    assert np.array_equal(plan["folds"]["fold"] + 1, fold_raster[0].astype(int))
    ctx = crossval.fold_context(plan["cv"], plan["folds"], 0, plan["settings"])
    net, _info = fit_deep(plan["cv"], plan["folds"], ctx, "mfaf_shufflenetv2", 0, plan["settings"], "cpu")
    held = (fold_raster[0] == 1) & valid
    scaled = _hand_scaled(sdata, valid, ctx["allowed"])
    _, oof, _ = _read(res["OUTPUT"])
    dep_cells = np.argwhere(held & (dep > 0))
    bg = np.argwhere(held & (dep == 0))
    assert len(dep_cells) >= 3 and len(bg) > 50

    def p_of(cells):
        with torch.no_grad():
            logits = torch.stack(list(net(torch.from_numpy(_hand_windows(scaled, cells, 8)))))
        return torch.softmax(logits, dim=2)[..., 1].mean(dim=0).double().numpy()

    assert np.allclose(oof[0][dep_cells[:, 0], dep_cells[:, 1]], p_of(dep_cells), atol=1e-5)
    # the background: the cells equal to their own window's value form a grid of step 2, whatever its anchor
    exact = np.isclose(oof[0][bg[:, 0], bg[:, 1]], p_of(bg), atol=1e-5)
    on_grid = bg[exact]
    assert len(on_grid) >= len(bg) // 6
    pr, pc = divmod(int(np.bincount((on_grid[:, 0] % 2) * 2 + on_grid[:, 1] % 2, minlength=4).argmax()), 2)
    rows, cols = valid.shape
    lattice = bg[(bg[:, 0] % 2 == pr) & (bg[:, 1] % 2 == pc)]
    assert np.allclose(oof[0][lattice[:, 0], lattice[:, 1]], p_of(lattice), atol=1e-5)
    # every other held-out background cell: the value of the grid centre of its 2 x 2 block
    some = bg[::5]
    centres = np.stack([np.minimum(some[:, 0] + (some[:, 0] - pr) % 2, rows - 1),
                        np.minimum(some[:, 1] + (some[:, 1] - pc) % 2, cols - 1)], axis=1)
    assert np.allclose(oof[0][some[:, 0], some[:, 1]], p_of(centres), atol=1e-5)


def test_final_model_map_matches_the_network_on_hand_cut_windows(stack, cv_run, run_alg, tmp_path):
    from mfaf.mfaf_plugin.training.modelio import load_model

    res, out = cv_run
    net, meta = load_model(str(out / "model.pt"))
    assert meta["framing"] == "centred" and meta["tile_size"] == 8 and meta["ensemble"] == 1
    assert "cell_auc" in meta["metrics"]["out_of_fold"]
    # the baselines' figures and the paired comparisons travel with the model (the map's report uses them)
    with open(out / "tables" / "cv_summary.csv", newline="") as fh:
        rows = {r["method"]: r for r in csv.DictReader(fh)}
    recorded = {r["method"]: r for r in meta["metrics"]["baselines"]}
    assert set(recorded) == {"logistic_regression_cells", "balanced_random_forest_window", "combined"}
    for m, r in recorded.items():
        assert r["cell_auc"] == pytest.approx(float(rows[m]["cell_auc"]), abs=1e-6)
    with open(out / "tables" / "cv_comparisons.csv", newline="") as fh:
        comp = [(c["method_b"], c["figure"], c["verdict"]) for c in csv.DictReader(fh)
                if c["method_a"] == "mfaf_shufflenetv2"]  # the network's; the combined map's are in the CSV only
    assert [(c["method_b"], c["figure"], c["verdict"]) for c in meta["metrics"]["comparisons"]] == comp
    pred = run_alg("mfaf:predictprospectivity", {
        "INPUT": str(stack), "MODEL": str(out / "model.pt"), "STRIDE": 1, "DEVICE": 1,
        "OUTPUT": str(tmp_path / "map.tif"), "OUTPUT_CELLS": str(tmp_path / "cells.gpkg"),
        "DEPOSITS": DEPOSITS, "REPORT": str(tmp_path / "report.html")})
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    verdict = html[html.index("Did the network beat the classical baselines?"):]
    assert verdict.split("</b> ")[1].split(":")[0] in ("Yes", "No", "Not clearly")
    assert "paired difference" in verdict  # the difference behind the words, beside them
    # the calibration fitted on the out-of-fold scores travels with the model; the map reads it
    cal = meta["calibration"]
    assert cal is None or (cal["method"] == "isotonic" and np.all(np.diff(cal["x"]) > 0))
    assert ("records a calibration fitted on the out-of-fold scores" in html) == (cal is not None)
    if cal is not None:
        from mfaf.mfaf_plugin.scoring.calibration import apply_calibration

        cells_ds = ogr.Open(str(tmp_path / "cells.gpkg"))
        scored = [f for f in cells_ds.GetLayer(0) if f.GetField("probability") is not None]
        got = np.array([f.GetField("chance") for f in scored])
        want = apply_calibration(cal, [f.GetField("probability") for f in scored])
        assert len(scored) and np.allclose(got, want) and np.all((got >= 0) & (got <= 1))
    assert "Logistic regression (cell values)" in html and "Balanced random forest (window statistics)" in html
    ds, m, nd = _read(pred["OUTPUT"])
    assert ds.RasterCount == 2
    sds, sdata, snd = _read(stack)
    valid = np.all([(sdata[b] != snd[b]) for b in range(len(sdata))], axis=0)
    assert np.all(np.isfinite(m[0][valid])) and np.all(m[0][~valid] == nd[0])
    # by hand: the window centred on a cell, scaled with the recorded mean and SD, nodata -> 0
    sc = meta["input_scaling"]
    scaled = (sdata - np.array(sc["mean"])[:, None, None]) / np.array(sc["sd"])[:, None, None]
    scaled[:, ~valid] = 0.0
    t, h = 8, 4
    padded = np.zeros((scaled.shape[0], scaled.shape[1] + t, scaled.shape[2] + t))
    padded[:, h:h + scaled.shape[1], h:h + scaled.shape[2]] = scaled
    cells = np.argwhere(valid)[:: max(1, int(valid.sum()) // 40)][:40]
    x = np.stack([padded[:, r:r + t, c:c + t] for r, c in cells]).astype(np.float32)
    with torch.no_grad():
        logits = torch.stack(list(net(torch.from_numpy(x))))
    want = torch.softmax(logits, dim=2)[..., 1].mean(dim=0).numpy()
    assert np.allclose(m[0][cells[:, 0], cells[:, 1]], want, atol=1e-5)


def test_crossvalidate_through_qgis_process_grid_framing_and_seeds(stack, tmp_path):
    out = tmp_path / "qp"
    args = ["run", "mfaf:crossvalidate", "--", "INPUT={}".format(stack), "DEPOSITS={}".format(DEPOSITS),
            "METHODS=logistic_regression_window", "METHODS=mfaf_shufflenetv2", "FRAMING=grid", "TILE_SIZE=8",
            "FOLDS=3", "SEEDS=0,1", "EPOCHS=1", "N_BOOTSTRAP=100", "DEVICE=cpu",
            "OUTPUT={}".format(out / "oof.tif"), "OUTPUT_FOLDS={}".format(out / "folds.tif"),
            "OUTPUT_FOLDER={}".format(out / "t")]
    r = qgis_process_json(*args)["results"]
    summary = {row["method"]: row for row in csv.DictReader(open(out / "t" / "cv_summary.csv"))}
    ds, oof, nd = _read(r["OUTPUT"])
    # the reported AUC recomputed from the written map (sklearn, deposits counted by hand)
    from sklearn.metrics import roc_auc_score

    ok = oof[0] != nd[0]
    dep = _deposit_cells(DEPOSITS, ds.GetGeoTransform(), ok.shape)
    assert r["OOF_AUC"] == pytest.approx(roc_auc_score((dep[ok] > 0).astype(int), oof[0][ok]), abs=1e-6)
    assert float(summary["mfaf_shufflenetv2"]["cell_auc"]) == pytest.approx(r["OOF_AUC"], abs=1e-6)
    assert r["VERDICT"]
    # grid framing: every cell takes its window's value (8 x 8 blocks of one value, per fold)
    p = np.where(oof[0] == nd[0], np.nan, oof[0])
    block = p[:64, :64].reshape(8, 8, 8, 8)
    same = [np.nanmax(b) - np.nanmin(b) for b in block.transpose(0, 2, 1, 3).reshape(64, 64)
            if np.isfinite(b).all()]
    assert same and max(same) < 1e-6
    # two seeds: band 2 is the SD of two probabilities a, b about their mean m (band 1), |a - b| / 2:
    # both m - sd and m + sd lie in [0, 1], and the seeds differ somewhere
    sd = np.where(oof[1] == nd[1], np.nan, oof[1])
    assert np.nanmax(sd) > 0
    assert np.all((p[ok] - sd[ok] >= -1e-6) & (p[ok] + sd[ok] <= 1 + 1e-6))
    meta = json.loads(gdal.Open(r["OUTPUT"]).GetMetadataItem("CROSSVALIDATION", "MFAF"))
    assert meta["settings"]["framing"] == "grid" and meta["seeds"] == [0, 1]


def test_same_seeds_same_out_of_fold_map(stack, tmp_path):
    from mfaf.mfaf_plugin.evaluation.crossval import CVSettings, cross_validate

    ds = ogr.Open(DEPOSITS)
    xy = np.array([f.GetGeometryRef().GetPoint_2D() for f in ds.GetLayer(0)])
    s = CVSettings(tile_px=8, n_folds=3, seeds=(3,), epochs=1, stride_px=2, min_epoch_windows=128, device="cpu")
    a = cross_validate(str(stack), xy, ["mfaf_shufflenetv2"], s)["oof"]["mfaf_shufflenetv2"]
    b = cross_validate(str(stack), xy, ["mfaf_shufflenetv2"], s)["oof"]["mfaf_shufflenetv2"]
    assert np.array_equal(a, b, equal_nan=True)


def test_training_area_never_reaches_a_held_out_block(stack):
    """Brute force on the real stack: for every fold, no allowed training centre's window (grown
    by the 1-cell margin) holds a held-out cell."""
    from mfaf.mfaf_plugin.evaluation.crossval import CVSettings, fold_context, read_cv_data
    from mfaf.mfaf_plugin.windows.folds import assign_folds

    ds = ogr.Open(DEPOSITS)
    xy = np.array([f.GetGeometryRef().GetPoint_2D() for f in ds.GetLayer(0)])
    s = CVSettings(tile_px=8, n_folds=3, block_px=24)
    cv = read_cv_data(str(stack), xy)
    plan = assign_folds(cv["valid"], cv["deposits"], 24, 3, 0)
    rows, cols = cv["valid"].shape
    for f in range(3):
        ctx = fold_context(cv, plan, f, s)
        held = plan["fold"] == f
        assert not (ctx["allowed"] & held).any()
        for r, c in np.argwhere(ctx["allowed"])[::37]:
            r0, c0 = max(0, r - 4 - 1), max(0, c - 4 - 1)
            assert not held[r0:r - 4 + 8 + 1, c0:c - 4 + 8 + 1].any(), (f, r, c)
        # training-area scaling: the standardised bands have mean 0 over the training cells
        sel = ctx["allowed"] & cv["valid"]
        assert np.allclose(ctx["data"][:, sel].mean(axis=1), 0.0, atol=1e-4)


def test_comparemodels_tables_by_cross_validation(stack, run_alg, tmp_path):
    """mfaf:comparemodels with a stack and deposits (no tile dataset): Tables 3 and 4 from one
    cross-validation; every row's figures equal those recomputed from its out-of-fold raster."""
    from sklearn.metrics import roc_auc_score

    res = run_alg("mfaf:comparemodels", {
        "INPUT": str(stack), "DEPOSITS": DEPOSITS, "METHODS": [1, 3, 8], "ABLATIONS": [0], "ABLATION_BASE": 1,
        "FOLDS": 3, "TILE_SIZE": 8, "SEEDS": "0", "EPOCHS": 1, "N_BOOTSTRAP": 100, "DEVICE": 1,
        "OUTPUT_FOLDER": str(tmp_path / "t"), "REPORT": str(tmp_path / "r.html")})
    assert res["SPLIT_METHOD"].startswith("spatial 3-fold")
    with open(tmp_path / "t" / "table3_methods.csv", newline="") as fh:
        t3 = list(csv.DictReader(fh))
    labels = [r["method"] for r in t3]
    assert labels[:3] == ["ShuffleNetV2* (MFAF)", "ShuffleNetV2", "Logistic regression (band statistics)"]
    assert any("cell values" in m for m in labels)  # the cell-framing baselines are always added
    with open(tmp_path / "t" / "table4_attention.csv", newline="") as fh:
        t4 = list(csv.DictReader(fh))
    assert [r["setting"] for r in t4] == ["both attentions", "channel attention off"]
    # the full model's row in Table 4 is the very run of Table 3 (shared), so its figures match
    assert t4[0]["cell_auc"] == t3[0]["cell_auc"]
    sds, _, _ = _read(stack)
    run = t3[2]["run"]
    _, lr, nd = _read(tmp_path / "t" / "cross_validation" / "oof_{}.tif".format(run))
    ok = lr[0] != nd[0]
    dep = _deposit_cells(DEPOSITS, sds.GetGeoTransform(), lr[0].shape)
    assert float(t3[2]["cell_auc"]) == pytest.approx(roc_auc_score((dep[ok] > 0).astype(int), lr[0][ok]), abs=1e-6)
    with open(tmp_path / "t" / "comparisons.csv", newline="") as fh:
        comps = list(csv.DictReader(fh))
    assert {c["table"] for c in comps} == {"table3", "table4"}
    assert "spatial cross-validation" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_weights_of_evidence_and_gradient_boosting_in_the_folds(stack, tmp_path):
    """The added baselines run in the same folds; the weights table (per fold and layer) rebuilds the
    weights-of-evidence out-of-fold map: within a fold, logit(p) - the sum of the table's terms on
    stack's bands (the classical features) is one constant (the prior logit)."""
    from mfaf.mfaf_plugin.evaluation.crossval import CVSettings, cross_validate
    from mfaf.mfaf_plugin.evaluation.cv_results import summarise, write_outputs

    ds = ogr.Open(DEPOSITS)
    xy = np.array([f.GetGeometryRef().GetPoint_2D() for f in ds.GetLayer(0)])
    s = CVSettings(tile_px=8, n_folds=3, seeds=(0,), n_bootstrap=100)
    methods = ["weights_of_evidence_cells", "gradient_boosting_cells", "gradient_boosting_window"]
    res = cross_validate(str(stack), xy, methods, s)
    written = write_outputs(res, summarise(res), str(tmp_path))
    with open(written["weights"], newline="") as fh:
        table = list(csv.DictReader(fh))
    bands = list(res["cv"]["band_names"])
    assert [(int(r["fold"]), r["layer"]) for r in table] == [(f, b) for f in (1, 2, 3) for b in bands]
    assert all(float(r["w_plus"]) > float(r["w_minus"]) for r in table if r["pattern"] != "none")
    oof = res["oof"]["weights_of_evidence_cells"][0]
    for f in range(3):
        cells = np.argwhere(res["folds"]["fold"] == f)
        x = res["cv"]["data"][:, cells[:, 0], cells[:, 1]]
        total, edge = np.zeros(len(cells)), np.zeros(len(cells), bool)
        for j, r in enumerate(w for w in table if int(w["fold"]) == f + 1):
            if r["pattern"] == "none":
                continue
            t = float(r["threshold"])
            inside = x[j] >= t if ">=" in r["pattern"] else x[j] <= t
            edge |= (np.abs(x[j] - t) <= 1e-6 * max(1.0, abs(t))) & (x[j] != t)  # a threshold rounded to 6 decimals
            total += np.where(inside, float(r["w_plus"]), float(r["w_minus"]))
        p = oof[cells[:, 0], cells[:, 1]].astype(np.float64)
        rest = (np.log(p / (1 - p)) - total)[~edge]
        assert (~edge).sum() > 0.9 * len(cells) and np.ptp(rest) < 1e-3, f  # float32 map, 6-decimal table
    rows = {r["method"]: r for r in summarise(res)["summary"]}
    assert set(rows) == set(methods) and all(0.0 <= rows[m]["cell_auc"] <= 1.0 for m in methods)


def test_combined_method_rank_mean_of_network_and_inner_cv_choice(stack, tmp_path):
    """The combined map is, fold by fold, the mean of the within-fold ranks of the network and of the
    classical method with the best inner AUC (recomputed here from the written tables and maps);
    the inner choice does not change when the held-out fold's data are replaced by noise."""
    from scipy.stats import rankdata

    from mfaf.mfaf_plugin.evaluation.baselines import features
    from mfaf.mfaf_plugin.evaluation.combined import inner_aucs
    from mfaf.mfaf_plugin.evaluation.crossval import CVSettings, cross_validate, fold_context
    from mfaf.mfaf_plugin.evaluation.cv_results import summarise, write_outputs
    from mfaf.mfaf_plugin.reports.cv_report import write_cv_report

    ds = ogr.Open(DEPOSITS)
    xy = np.array([f.GetGeometryRef().GetPoint_2D() for f in ds.GetLayer(0)])
    s = CVSettings(tile_px=8, n_folds=3, seeds=(0,), epochs=1, stride_px=2, min_epoch_windows=128, device="cpu",
                   n_bootstrap=100)
    classical = ["logistic_regression_cells", "weights_of_evidence_cells", "gradient_boosting_window"]
    res = cross_validate(str(stack), xy, ["mfaf_shufflenetv2"] + classical + ["combined"], s)
    summary = summarise(res)
    written = write_outputs(res, summary, str(tmp_path))
    with open(written["combined"], newline="") as fh:
        choice = list(csv.DictReader(fh))
    assert len(choice) == 3 * len(classical)
    for f in (1, 2, 3):
        rows = [r for r in choice if int(r["fold"]) == f]
        best = max(rows, key=lambda r: float(r["inner_cell_auc"]))
        assert [r["method"] for r in rows if r["chosen"] == "yes"] == [best["method"]]
        cells = np.argwhere(res["folds"]["fold"] == f - 1)
        net = res["oof"]["mfaf_shufflenetv2"][0][cells[:, 0], cells[:, 1]].astype(np.float64)
        cls = res["oof"][best["method"]][0][cells[:, 0], cells[:, 1]].astype(np.float64)
        want = (rankdata(net) + rankdata(cls)) / (2 * len(cells))
        got = res["oof"]["combined"][0][cells[:, 0], cells[:, 1]]
        # float32 maps: ties among the float32 values may differ from the float64 ones by a few cells
        assert np.mean(np.abs(got - want) < 1e-3) > 0.99, f
    # the held-out fold never chooses: other deposits in its cells, and noise in its cell values, leave the
    # inner AUCs of its fold unchanged (window statistics: scipy's running sums carry ~1e-8 of far cells)
    cv, s = dict(res["cv"]), res["settings"]  # the block size resolved
    held = res["folds"]["fold"] == 0
    ctx = fold_context(cv, res["folds"], 0, s)
    feats = {f: features(f, cv["data"], cv["valid"], s.tile_px) for f in ("cells", "window")}
    want = inner_aucs(cv, ctx, feats, classical, s)
    rng = np.random.default_rng(5)
    moved = np.where(held, (rng.random(held.shape) < 0.05).astype(cv["deposits"].dtype), cv["deposits"])
    assert inner_aucs(dict(cv, deposits=moved), ctx, feats, classical, s) == want
    noisy = cv["data"].copy()
    noisy[:, held] = rng.normal(size=(noisy.shape[0], int(held.sum())))
    noisy_cells = {"cells": features("cells", noisy, cv["valid"], s.tile_px)}
    cell_methods = [m for m in classical if m.endswith("_cells")]
    assert inner_aucs(cv, ctx, noisy_cells, cell_methods, s) == {m: want[m] for m in cell_methods}
    report = write_cv_report(str(tmp_path / "r.html"), res, summary)
    text = open(report, encoding="utf-8").read()
    assert "Combined method" in text and "inner AUC" in text
    # paired differences of the combined map against every single method: the network's against it, the
    # combined map's against each classical method (the same resamples, so each is a paired interval)
    auc = {r["method"]: r["cell_auc"] for r in summary["summary"]}
    pairs = {(c["method_a"], c["method_b"]): c for c in summary["comparisons"] if c["figure"] == "cell_auc"}
    assert ("mfaf_shufflenetv2", "combined") in pairs
    for m in classical:
        c = pairs[("combined", m)]
        assert c["diff"] == pytest.approx(auc["combined"] - auc[m], abs=1e-9)
        assert c["diff_ci_low"] <= c["diff_ci_high"]
    assert "Against the best single method" in text


def test_combined_map_from_the_final_model(stack, cv_run, run_alg, tmp_path):
    """The model file carries the combined method's partner (the classical method of the best inner AUC
    on all blocks, with its training rows); predictprospectivity's combined map is, cell by cell, the
    mean of the ranks of the network's map and of that method refitted by hand on the same cells."""
    from scipy.stats import rankdata

    from mfaf.mfaf_plugin.evaluation import baselines
    from mfaf.mfaf_plugin.evaluation.crossval import CVSettings, read_cv_data
    from mfaf.mfaf_plugin.training.modelio import load_model
    from mfaf.mfaf_plugin.windows.sampling import samples

    res, out = cv_run
    _, meta = load_model(str(out / "model.pt"))
    partner = meta["combined"]
    assert partner["method"] in ("logistic_regression_cells", "balanced_random_forest_window")
    assert partner["inner_auc"][partner["method"]] == max(partner["inner_auc"].values())
    pred = run_alg("mfaf:predictprospectivity", {
        "INPUT": str(stack), "MODEL": str(out / "model.pt"), "STRIDE": 1, "DEVICE": 1,
        "OUTPUT": str(tmp_path / "map.tif"), "OUTPUT_CELLS": str(tmp_path / "cells.gpkg"),
        "OUTPUT_COMBINED": str(tmp_path / "combined.tif"), "REPORT": str(tmp_path / "report.html")})
    _, net, nd = _read(pred["OUTPUT"])
    ds, comb, cnd = _read(pred["OUTPUT_COMBINED"])
    assert ds.RasterCount == 2
    ok = net[0] != nd[0]
    assert np.all(comb[0][~ok] == cnd[0]) and np.all(comb[0][ok] > 0) and np.all(comb[0][ok] <= 1)
    # by hand: the partner fitted on the deposit cells and every background cell of the whole area
    src = ogr.Open(DEPOSITS)  # kept open while its features are read
    cv = read_cv_data(str(stack), np.array([f.GetGeometryRef().GetPoint_2D() for f in src.GetLayer(0)]))
    model, fset = baselines.split_method(partner["method"])
    pos, neg = samples(cv, cv["valid"], CVSettings(tile_px=8))  # FAST's window; the other defaults
    assert partner["n_positive"] == len(pos) and partner["background_cells"] == len(neg)
    n_background = len(neg)
    if len(neg) > 20000:  # at most 20 000 background cells, drawn as in the folds (the whole area as fold 3)
        neg = neg[np.sort(np.random.default_rng(0 * 104729 + 3 + 1).choice(len(neg), 20000, replace=False))]
    feats = baselines.features(fset, cv["data"], cv["valid"], 8)
    cells = np.argwhere(ok)
    p = baselines.fit_predict(model, feats, pos, neg, cells, seed=0, background_cells=n_background)
    assert np.allclose(comb[1][ok], p, atol=1e-6)
    want = (rankdata(net[0][ok].astype(np.float64)) + rankdata(p)) / (2 * len(cells))
    assert np.mean(np.abs(comb[0][ok] - want) < 1e-4) > 0.99  # float32 ties may differ by a few cells
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Combined map" in html and "rank score" in html
    # a model without a partner (the bundled one) refuses a combined map before writing anything
    with pytest.raises(Exception, match="carries no combined method"):
        run_alg("mfaf:predictprospectivity", {
            "INPUT": str(stack), "OUTPUT": str(tmp_path / "b.tif"), "OUTPUT_CELLS": str(tmp_path / "b.gpkg"),
            "OUTPUT_COMBINED": str(tmp_path / "b_combined.tif")})
    assert not list(tmp_path.glob("b*"))

