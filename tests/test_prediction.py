"""Stage 6: prediction map, numbered cells, report plots, mfaf:predictprospectivity.

The stacks here are GENERATED (seeded random values written with gdal_io.write_raster plus
write_stack_metadata) and the models are tiny and untrained (models.build_model, saved with
modelio.save_model): these tests check the grid, the numbering, the averaging, the checks and
the outputs, not the quality of a prediction.

Tests marked ``equivalence`` compare the map with windows predicted one at a time by hand
(:func:`_window_p`): other batch sizes and thread splits round float32 differently. Measured
largest difference (torch 2.14.1, AMD EPYC; ATEN_CPU_CAPABILITY x torch threads):

    capability   1 thread   2 threads      (map pixel or cell against the windows by hand)
    avx512       3.0e-08    2.9e-06
    avx2         3.0e-08    2.9e-06
    default      1.5e-08    2.3e-06

BY_HAND = 1e-4 is 30 times the largest; a window shifted by one pixel moves p by 0.09, the mean
of two windows instead of one by 0.026. Pixels of one window and cells of two runs on the same
grid are the same numbers (measured 0; 1e-6).
"""

import json
import os

import numpy as np
import pytest
from osgeo import gdal, osr

from mfaf_testing import qgis_process_json

TILE = 32
ROWS, COLS = 100, 130  # 3 x 4 windows of 32 px; 4 rows / 2 columns of margin are left uncovered
BANDS = ["Cu", "Pb", "faults"]
NORM = {"method": "zscore", "params": [[10.0, 2.0], [5.0, 1.5], [0.0, 1.0]]}
GT = [500000.0, 250.0, 0.0, 7000000.0, 0.0, -250.0]
EPSG = 32750
BY_HAND = 1e-4  # |map or cell - the same window predicted alone|: float32 rounding (module docstring)


def _srs_wkt(epsg=EPSG):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


def write_generated_stack(path, bands=BANDS, norm=NORM, rows=ROWS, cols=COLS, seed=0, hole=True):
    """A GENERATED evidence stack: seeded normal values, a nodata block in the top-left corner."""
    from mfaf.mfaf_plugin.common import gdal_io

    rng = np.random.default_rng(seed)
    data = rng.normal(size=(len(bands), rows, cols)).astype(np.float32)
    if hole:
        data[:, :20, :24] = gdal_io.NODATA  # nodata in the first window (share valid 0.53)
    gdal_io.write_raster(str(path), data, GT, _srs_wkt(), band_names=list(bands))
    ds = gdal.Open(str(path), gdal.GA_Update)
    gdal_io.write_stack_metadata(ds, {"bands": list(bands), "normalization": norm, "nodata": gdal_io.NODATA,
                                      "crs_wkt": _srs_wkt(), "geotransform": GT,
                                      "band_kinds": ["continuous"] * len(bands)})
    ds = None
    return str(path), data


def make_model(bands=BANDS, norm=NORM, tile=TILE, arch="mfaf_shufflenetv2", data=None):
    """A tiny untrained model. With ``data`` (the generated stack) its batch-norm statistics are
    set from the stack's windows (one forward pass in train mode, no weight update): otherwise an
    untrained network gives nearly the same probability to every window and tests of ranking,
    targets and averaging could not fail."""
    import torch

    from mfaf.models import build_model

    torch.manual_seed(0)
    settings = {"dilations": [1, 2], "channel_attention": True, "spatial_attention": True}
    net = build_model(arch, len(bands), 2, **settings)
    if data is not None:
        x = np.where(data == -9999.0, 0.0, data).astype(np.float32)
        wins = np.stack([x[:, y:y + tile, c:c + tile] for y in range(0, x.shape[1] - tile + 1, tile)
                         for c in range(0, x.shape[2] - tile + 1, tile)])
        for m in net.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.momentum = None  # cumulative average: the statistics of this one batch
        net.train()
        with torch.no_grad():
            net(torch.from_numpy(wins))
    net.eval()
    meta = {"architecture": arch, "settings": settings, "in_channels": len(bands), "band_names": list(bands),
            "normalization": norm, "tile_size": tile, "stride": tile, "class_names": ["no ore", "ore"],
            "code_version": "test", "metrics": {"test_auc": 0.5}, "seed": 0, "epochs": 0}
    return net, meta


def generated_case(folder):
    """The GENERATED stack and the tiny untrained model fitted to it, written in ``folder``."""
    from mfaf.mfaf_plugin.training.modelio import save_model

    stack, data = write_generated_stack(folder / "stack_generated.tif")
    net, meta = make_model(data=data)
    model_path = str(folder / "tiny_untrained.pt")
    save_model(model_path, net, meta)
    return {"folder": folder, "stack": stack, "data": data, "model": model_path, "net": net, "meta": meta}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return generated_case(tmp_path_factory.mktemp("predict"))


@pytest.fixture(scope="module")
def base_run(setup):
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    out = str(setup["folder"] / "prob.tif")
    seen = []
    res = predict_map(setup["stack"], setup["model"], out, device="cpu", progress=seen.append)
    res["progress_seen"] = seen
    yield res
    res.pop("stack_ds", None)  # closed before QGIS exits (GDAL objects left at exit can crash it)


def _window_p(net, data, yoff, xoff, tile=TILE):
    """Ore probability of one window computed by hand (nodata -> 0, as the tile dataset)."""
    import torch

    from mfaf.mfaf_plugin.common.gdal_io import NODATA
    from mfaf.models import branch_outputs

    w = data[:, yoff:yoff + tile, xoff:xoff + tile]
    w = np.where(np.all(w != NODATA, axis=0)[None], w, 0.0).astype(np.float32)
    with torch.inference_mode():
        return float(branch_outputs(net(torch.from_numpy(w[None])))["p_ore"][0])


@pytest.mark.equivalence
def test_output_grid_and_nodata(setup, base_run):
    from mfaf.mfaf_plugin.common.gdal_io import NODATA

    ds = gdal.Open(base_run["output"])
    stack = gdal.Open(setup["stack"])
    assert ds.GetGeoTransform() == stack.GetGeoTransform()
    assert (ds.RasterYSize, ds.RasterXSize) == (ROWS, COLS)
    a = osr.SpatialReference(wkt=ds.GetProjection())
    assert a.IsSame(osr.SpatialReference(wkt=stack.GetProjection()))
    band = ds.GetRasterBand(1)
    assert band.DataType == gdal.GDT_Float32 and band.GetNoDataValue() == NODATA
    p = band.ReadAsArray()
    assert np.all(p[:20, :24] == NODATA)  # stack nodata
    assert np.all(p[96:, :] == NODATA) and np.all(p[:, 128:] == NODATA)  # not covered by a window
    inside = p[:96, :128].copy()
    inside[:20, :24] = 0.5
    assert np.all((inside >= 0) & (inside <= 1))
    # stride = tile: every window's pixels hold that cell's probability
    for c in base_run["cells"]:
        win = p[c["yoff"]:c["yoff"] + TILE, c["xoff"]:c["xoff"] + TILE]
        vals = win[win != NODATA]
        assert np.allclose(vals, c["probability"], atol=1e-6)
    assert base_run["progress_seen"][-1] == 1.0
    assert not [f for f in os.listdir(setup["folder"]) if ".part-" in f]


@pytest.mark.equivalence
def test_cells_numbering_equals_window_grid(setup, base_run):
    cells = base_run["cells"]
    assert len(cells) == 12
    got = [(c["cell_id"], c["row"], c["col"], c["yoff"], c["xoff"]) for c in cells]
    # by hand: 100 x 130 px with 32-px windows -> 3 rows x 4 columns of whole windows, numbered row by
    # row from 1, each starting at (row * 32, col * 32)
    assert got == [(r * 4 + c + 1, r, c, 32 * r, 32 * c) for r in range(3) for c in range(4)]
    # row-major from 1: cell_id = row * n_cols + col + 1, the brief's formula
    assert all(c["cell_id"] == c["row"] * 4 + c["col"] + 1 for c in cells)
    c6 = cells[5]
    assert (c6["row"], c6["col"], c6["yoff"], c6["xoff"]) == (1, 1, 32, 32)
    assert c6["bounds"] == (GT[0] + 32 * 250, GT[3] - 64 * 250, GT[0] + 64 * 250, GT[3] - 32 * 250)
    # the first cell has 1 - 20*24/32^2 = 53 % valid cells: still predicted (>= 50 %)
    assert cells[0]["valid_fraction"] == pytest.approx(1 - 20 * 24 / 1024)
    assert cells[0]["probability"] == pytest.approx(_window_p(setup["net"], setup["data"], 0, 0), abs=BY_HAND)
    ranks = sorted(c["rank"] for c in cells)
    assert ranks == list(range(1, 13))
    best = min(cells, key=lambda c: c["rank"])
    assert best["probability"] == max(c["probability"] for c in cells)
    for c in cells:
        # one rule for the target flag and the class: probability >= threshold
        assert c["target"] == (c["probability"] >= 0.5) == (c["class"] == 1)
        assert 0 <= c["votes"] <= c["branches"]


def test_min_valid_fraction_skips_window(setup):
    from mfaf.mfaf_plugin.common.gdal_io import NODATA
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    out = str(setup["folder"] / "prob_minvalid.tif")
    res = predict_map(setup["stack"], (setup["net"], setup["meta"]), out, device="cpu", min_valid_fraction=0.6)
    assert res["cells"][0]["probability"] is None and res["cells"][0]["rank"] is None
    assert res["n_windows"] == 11
    p = gdal.Open(out).ReadAsArray()
    assert np.all(p[:32, :32] == NODATA)


def test_cancel_leaves_no_output(setup):
    from mfaf.mfaf_plugin.common.errors import Canceled
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    calls = []

    def cancel_after_first_strip():
        calls.append(1)
        return len(calls) > 2

    out = setup["folder"] / "canceled.tif"
    with pytest.raises(Canceled):
        predict_map(setup["stack"], setup["model"], str(out), device="cpu", is_canceled=cancel_after_first_strip)
    assert not out.exists()
    assert not [f for f in os.listdir(setup["folder"]) if f.startswith(".canceled.part-")]


@pytest.mark.equivalence
def test_stride_smaller_than_tile_averages(setup):
    from mfaf.mfaf_plugin.common.gdal_io import NODATA
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    out = str(setup["folder"] / "prob_stride16.tif")
    res = predict_map(setup["stack"], setup["model"], out, stride=16, device="cpu", batch_size=5)
    p = gdal.Open(out).ReadAsArray()
    net, data = setup["net"], setup["data"]
    # pixel (row 5, col 40): covered by the windows at (yoff 0, xoff 16) and (yoff 0, xoff 32) only
    p1, p2 = _window_p(net, data, 0, 16), _window_p(net, data, 0, 32)
    assert p[5, 40] == pytest.approx((p1 + p2) / 2, abs=BY_HAND)
    # pixel (row 40, col 60): four windows (yoff 16/32 x xoff 32/48)
    four = [_window_p(net, data, y, x) for y in (16, 32) for x in (32, 48)]
    assert p[40, 60] == pytest.approx(np.mean(four), abs=BY_HAND)
    # stride 16 reaches rows 96..99? no: last window starts at 64 (64 + 32 = 96 <= 100)
    assert np.all(p[96:, :] == NODATA)
    # cells stay the stride = tile windows
    assert [c["cell_id"] for c in res["cells"]] == list(range(1, 13))
    assert res["n_windows"] == 5 * 7


@pytest.mark.equivalence
def test_stride_not_dividing_tile_keeps_cells(setup, base_run):
    """Stride 24 with 32-px tiles: the cell windows (offsets 32, 64, 96) are not on the stride grid;
    they are evaluated too, so cells are the same as with stride = tile."""
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    res = predict_map(setup["stack"], setup["model"], str(setup["folder"] / "prob_stride24.tif"), stride=24,
                      device="cpu")
    assert [c["probability"] for c in res["cells"]] == pytest.approx([c["probability"] for c in base_run["cells"]],
                                                                    abs=1e-6)
    p = gdal.Open(res["output"]).ReadAsArray()
    # pixel (row 30, col 30): stride windows at yoff 0/24 and xoff 0/24 cover it, not the cell window (32, 32)
    four = [_window_p(setup["net"], setup["data"], y, x) for y in (0, 24) for x in (0, 24)]
    assert p[30, 30] == pytest.approx(np.mean(four), abs=BY_HAND)


def test_mismatched_bands_refused(setup):
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    stack, _ = write_generated_stack(setup["folder"] / "swapped_generated.tif", bands=["Cu", "Zn", "faults"])
    with pytest.raises(InputError, match="band 2 is 'Zn' in the stack but 'Pb' in the model"):
        predict_map(stack, setup["model"], str(setup["folder"] / "never.tif"), device="cpu")
    assert not os.path.exists(setup["folder"] / "never.tif")
    stack, _ = write_generated_stack(setup["folder"] / "fewer_generated.tif", bands=["Cu", "Pb"],
                                     norm={"method": "zscore", "params": NORM["params"][:2]})
    with pytest.raises(InputError, match="has 2 bands .* trained on 3"):
        predict_map(stack, setup["model"], str(setup["folder"] / "never.tif"), device="cpu")


def test_mismatched_normalisation_refused(setup):
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.prediction.predict import check_compatible, predict_map

    params = [list(p) for p in NORM["params"]]
    params[1][1] = 1.5 * (1 + 1e-4)
    stack, _ = write_generated_stack(setup["folder"] / "norm_generated.tif",
                                     norm={"method": "zscore", "params": params})
    with pytest.raises(InputError, match="band 2 'Pb' is normalised with \\(5, 1.50015\\) in the stack but \\(5, 1.5\\)"):
        predict_map(stack, setup["model"], str(setup["folder"] / "never.tif"), device="cpu")
    with pytest.raises(InputError, match="normalised with 'minmax' but the model was trained on 'zscore'"):
        check_compatible({"bands": BANDS, "normalization": {"method": "minmax", "params": NORM["params"]}},
                         setup["meta"])
    # within the 1e-6 relative tolerance: accepted
    params[1][1] = 1.5 * (1 + 1e-8)
    check_compatible({"bands": BANDS, "normalization": {"method": "zscore", "params": params}}, setup["meta"])


def test_tile_larger_than_stack_refused(setup):
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    stack, _ = write_generated_stack(setup["folder"] / "small_generated.tif", rows=30, cols=200, hole=False)
    with pytest.raises(InputError, match="tiles are 32 x 32 pixels but the evidence stack is only 30 x 200"):
        predict_map(stack, setup["model"], str(setup["folder"] / "never.tif"), device="cpu")


def test_deposit_share_constructed(setup, base_run):
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    cells = base_run["cells"]
    probs = sorted(c["probability"] for c in cells)
    threshold = (probs[-2] + probs[-3]) / 2  # exactly the two best cells are targets
    best = min(cells, key=lambda c: c["rank"])
    other = max(cells, key=lambda c: c["rank"])

    def centre(c, dx=0.0):
        xmin, ymin, xmax, ymax = c["bounds"]
        return ((xmin + xmax) / 2 + dx, (ymin + ymax) / 2)

    deposits = np.array([
        centre(best), centre(best, 500.0),  # 2 in the best (target) cell
        centre(other),  # 1 in the worst (non-target) cell
        (GT[0] + 129.5 * 250, GT[3] - 10 * 250),  # in the uncovered right margin: counted, in no cell
        (GT[0] - 1000.0, GT[3] + 1000.0),  # outside the stack: not counted
    ])
    res = predict_map(setup["stack"], setup["model"], str(setup["folder"] / "prob_dep.tif"), device="cpu",
                      threshold=threshold, deposits_xy=deposits)
    assert res["target_cells"] == 2
    assert res["deposits_total"] == 4
    assert res["deposits_in_targets"] == 2
    # the deposit in the margin no cell covers is reported apart, not counted in the covered share
    assert res["deposits_scored"] == 3
    assert res["deposit_share"] == pytest.approx(2 / 3)
    by_id = {c["cell_id"]: c for c in res["cells"]}
    assert by_id[best["cell_id"]]["deposits"] == 2 and by_id[other["cell_id"]]["deposits"] == 1
    assert sum(c["deposits"] for c in res["cells"]) == 3


def test_success_rate_auc_random_and_perfect():
    from mfaf.mfaf_plugin.scoring.capture import success_rate_curve

    rng = np.random.default_rng(1)
    prob = rng.random((300, 300))
    valid = np.ones_like(prob, dtype=bool)
    valid[:30] = False
    deps = np.stack([rng.integers(30, 300, 400), rng.integers(0, 300, 400)], axis=1)
    area, share, auc = success_rate_curve(prob, valid, deps)
    assert abs(auc - 0.5) < 0.05
    assert area[0] == 0 and share[0] == 0 and area[-1] == pytest.approx(1) and share[-1] == pytest.approx(1)
    perfect = np.zeros_like(prob)
    perfect[deps[:, 0], deps[:, 1]] = 1.0
    assert success_rate_curve(perfect, valid, deps)[2] > 0.995
    # all equal: the tie gives the chance line exactly, whatever the sort order
    assert success_rate_curve(np.ones_like(prob), valid, deps)[2] == pytest.approx(0.5)
    # deposits on nodata cells are left out
    assert np.isnan(success_rate_curve(prob, valid, [[0, 0], [5, 5]])[2])


def test_prediction_report(setup, base_run):
    from mfaf.mfaf_plugin.reports.prediction_report import write_prediction_report

    path = str(setup["folder"] / "report.html")
    deps = np.array([[GT[0] + 40 * 250, GT[3] - 40 * 250], [GT[0] + 100 * 250, GT[3] - 70 * 250]])
    rep = write_prediction_report(path, base_run, deposits_xy=deps, inputs={"Evidence stack": setup["stack"]})
    text = open(path, encoding="utf-8").read()
    # map (score and uncertainty), prediction-area plot, evidence maps; no per-band influence chart
    assert text.count("data:image/png;base64,") == 3
    assert "Influence of each layer" not in text
    # the score is named for what it is: a ranking, read as a share of the map (no calibration here)
    assert "not a probability" in text and "share of the map scoring as high" in text
    # it opens with what was run: date, version, inputs, extent, pixel size, CRS, model
    head = text[:text.index("Where to drill")]
    for words in ("About this run", "Date", "Plugin version", setup["stack"], "250 x 250 m (130 columns x 100 rows)",
                  "{:.1f}, {:.1f}, {:.1f}, {:.1f}".format(GT[0], GT[3] - ROWS * 250, GT[0] + COLS * 250, GT[3]),
                  "EPSG:32750", "MFAF network"):
        assert words in head, words
    for heading in ("Prediction-area plot", "Capture table", "Evidence layers", "How good is this map"):
        assert heading in text
    # plain words: no code names, parameter keys or metric keys
    for code in ("mfaf_shufflenetv2", "models.band_attention", "test_auc", "STRIDE", "success_rate_auc"):
        assert code not in text, code
    assert 0.0 <= rep["success_rate_auc"] <= 1.0


def _write_deposits_geojson(path, xy, epsg=EPSG):
    feats = [{"type": "Feature", "properties": {"id": i}, "geometry": {"type": "Point", "coordinates": [x, y]}}
             for i, (x, y) in enumerate(xy)]
    with open(path, "w") as fh:
        json.dump({"type": "FeatureCollection", "features": feats,
                   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::{}".format(epsg)}}}, fh)
    return str(path)


def test_algorithm_run_alg_styles(setup, run_alg):
    from qgis.core import (QgsProcessingContext, QgsProcessingFeedback, QgsProcessingOutputLayerDefinition,
                           QgsProject, QgsRasterLayer, QgsVectorLayer)

    folder = setup["folder"]
    deps = _write_deposits_geojson(folder / "deps.geojson", [(GT[0] + 40 * 250, GT[3] - 40 * 250)])
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    out = str(folder / "alg_prob.tif")
    cells = str(folder / "alg_cells.gpkg")
    res = run_alg("mfaf:predictprospectivity", {
        "INPUT": setup["stack"], "MODEL": setup["model"], "STRIDE": 0, "THRESHOLD": 0.0,
        "DEPOSITS": deps, "DEVICE": 1,
        "OUTPUT": QgsProcessingOutputLayerDefinition(out, QgsProject.instance()),
        "OUTPUT_CELLS": QgsProcessingOutputLayerDefinition(cells, QgsProject.instance()),
    }, context=context, feedback=QgsProcessingFeedback())
    assert res["TARGET_CELLS"] == 12  # threshold 0: every predicted cell is a target
    assert res["DEPOSIT_SHARE"] == pytest.approx(1.0)
    layer = QgsVectorLayer(res["OUTPUT_CELLS"], "cells", "ogr")
    assert layer.featureCount() == 12
    assert layer.crs().authid() == "EPSG:{}".format(EPSG)
    names = layer.fields().names()
    for f in ("cell_id", "probability", "votes", "class", "agreement", "rank", "deposits", "target"):
        assert f in names
    assert sorted(f["cell_id"] for f in layer.getFeatures()) == list(range(1, 13))
    assert sum(f["deposits"] for f in layer.getFeatures()) == 1
    # QML styles are attached as post-processors of the layers QGIS loads on completion
    raster_pp = context.layerToLoadOnCompletionDetails(res["OUTPUT"]).postProcessor()
    cells_pp = context.layerToLoadOnCompletionDetails(res["OUTPUT_CELLS"]).postProcessor()
    assert raster_pp is not None and cells_pp is not None
    rl = QgsRasterLayer(res["OUTPUT"], "p")
    raster_pp.postProcessLayer(rl, context, QgsProcessingFeedback())
    assert rl.renderer().type() == "singlebandpseudocolor"
    cells_pp.postProcessLayer(layer, context, QgsProcessingFeedback())
    assert layer.renderer().type() == "singleSymbol"
    # every cell as an outline, unfilled and unlabelled: the raster's colours show through, the drill targets
    # carry the ranks
    assert layer.renderer().symbol().symbolLayer(0).properties()["style"] == "no"
    assert not layer.labelsEnabled()
    # the raster's legend: shares of the map, from this run's scores
    items = rl.renderer().shader().rasterShaderFunction().colorRampItemList()
    assert [i.label.split(" (")[0] for i in items] == ["lower half of the map", "top 50 % of the map", "top 20 %",
                                                        "top 10 %", "top 5 %", "top 1 %"]


def test_algorithm_errors(setup, run_alg):
    from qgis.core import QgsProcessingException

    from mfaf.algorithms.predict_prospectivity import DEFAULT_MODEL

    stack, _ = write_generated_stack(setup["folder"] / "swapped2_generated.tif", bands=["Pb", "Cu", "faults"])
    with pytest.raises(QgsProcessingException, match="band 1 is 'Pb' in the stack but 'Cu' in the model"):
        run_alg("mfaf:predictprospectivity", {"INPUT": stack, "MODEL": setup["model"],
                                             "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_CELLS": "TEMPORARY_OUTPUT"})
    if not os.path.exists(DEFAULT_MODEL):
        with pytest.raises(QgsProcessingException, match="bundled model"):
            run_alg("mfaf:predictprospectivity", {"INPUT": setup["stack"], "OUTPUT": "TEMPORARY_OUTPUT",
                                                 "OUTPUT_CELLS": "TEMPORARY_OUTPUT"})


def test_qgis_process_run_with_report(setup):
    folder = setup["folder"]
    deps = _write_deposits_geojson(folder / "deps_qp.geojson",
                                   [(GT[0] + 40 * 250, GT[3] - 40 * 250), (GT[0] + 100 * 250, GT[3] - 70 * 250)])
    report = folder / "qp_report.html"
    data = qgis_process_json(
        "run", "mfaf:predictprospectivity", "--", "INPUT={}".format(setup["stack"]),
        "MODEL={}".format(setup["model"]), "STRIDE=16", "THRESHOLD=0.5", "DEPOSITS={}".format(deps),
        "DEVICE=0", "OUTPUT={}".format(folder / "qp_prob.tif"), "OUTPUT_CELLS={}".format(folder / "qp_cells.gpkg"),
        "REPORT={}".format(report))
    r = data["results"]
    assert os.path.exists(r["OUTPUT"]) and os.path.exists(str(r["OUTPUT_CELLS"]).split("|")[0])
    assert isinstance(r["TARGET_CELLS"], (int, float)) and 0 <= r["TARGET_CELLS"] <= 12
    assert 0.0 <= r["DEPOSIT_SHARE"] <= 1.0
    text = report.read_text(encoding="utf-8")
    assert text.count("data:image/png;base64,") == 4  # score and uncertainty map, P-A plot, evidence maps, target zones
    assert "Longitude and latitude" in text and "WGS 84" in text  # the transformation is named
    assert "Target zones" in text and isinstance(r["ZONES"], (int, float)) and r["ZONES"] >= 1
    ds = gdal.Open(r["OUTPUT"])
    assert "not a probability" in ds.GetRasterBand(1).GetDescription()
    assert ds.GetGeoTransform() == tuple(GT)


def test_murchison_cells_agree_with_maketiles(run_alg, tmp_path):
    """Real data (Murchison, GSWA): the cells of predict and the tiles of maketiles share cell ids,
    bounds and deposit counts. The model is tiny and untrained (only the bookkeeping is tested)."""
    from mfaf_testing import EXAMPLE

    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata
    from mfaf.mfaf_plugin.training.modelio import save_model

    window = EXAMPLE / "murchison_window.geojson"
    deposits = EXAMPLE / "murchison_gold_deposits.geojson"
    stack = str(tmp_path / "murchison_stack.tif")
    run_alg("mfaf:stacklayers", {"EXTENT": str(window), "PIXEL_SIZE": 2000, "TARGET_CRS": "EPSG:20350",
                                 "GEOLOGY": str(EXAMPLE / "murchison_greenstone.geojson"),
                                 "FAULTS": str(EXAMPLE / "murchison_faults.geojson"), "OUTPUT": stack})
    tiles = str(tmp_path / "tiles.npz")
    run_alg("mfaf:maketiles", {"INPUT": stack, "DEPOSITS": str(deposits), "TILE_SIZE": 16, "SMOTE": False,
                               "NOISE_VARIANCE": 0.0, "SPLIT": 1, "SEED": 0, "OUTPUT": tiles,
                               "OUTPUT_CELLS": str(tmp_path / "tile_cells.gpkg")})
    sm = read_stack_metadata(stack)
    net, meta = make_model(bands=sm["bands"], norm=sm["normalization"], tile=16)
    model = str(tmp_path / "tiny_untrained.pt")
    save_model(model, net, meta)
    res = run_alg("mfaf:predictprospectivity", {"INPUT": stack, "MODEL": model, "DEPOSITS": str(deposits),
                                                "DEVICE": 1, "OUTPUT": str(tmp_path / "prob.tif"),
                                                "OUTPUT_CELLS": str(tmp_path / "cells.gpkg")})
    from qgis.core import QgsVectorLayer

    cells = {f["cell_id"]: f for f in QgsVectorLayer(res["OUTPUT_CELLS"], "c", "ogr").getFeatures()}
    arrays, tmeta = load_dataset(tiles)
    real = arrays["origin"] == 0
    assert real.sum() > 50
    n_rows, n_cols = tmeta["grid_shape"]
    assert len(cells) == n_rows * n_cols
    for cid, count, gt in zip(arrays["cell_id"][real], arrays["deposit_count"][real], arrays["geotransform"][real]):
        f = cells[int(cid)]
        assert f["deposits"] == count, cid
        bbox = f.geometry().boundingBox()
        assert bbox.xMinimum() == pytest.approx(gt[0]) and bbox.yMaximum() == pytest.approx(gt[3])
    # every deposit inside a complete window is counted once, as tiling.label_windows counts them
    from mfaf.mfaf_plugin.windows.tiling import label_windows, window_grid

    ds = gdal.Open(stack)
    grid = window_grid(ds.RasterYSize, ds.RasterXSize, 16, 16)
    xy = np.array([f["geometry"]["coordinates"][:2] for f in json.load(open(deposits))["features"]])
    lab = label_windows(xy, ds.GetGeoTransform(), grid)
    assert [cells[i + 1]["deposits"] for i in range(len(grid))] == lab["counts"].tolist()
    inside = len(xy) - len(lab["outside"])
    assert sum(f["deposits"] for f in cells.values()) == inside - len(lab["uncovered"])
    assert res["DEPOSIT_SHARE"] is not None and 0.0 <= res["DEPOSIT_SHARE"] <= 1.0


def test_report_pngs_and_html(tmp_path):
    from mfaf.mfaf_plugin.reports import html as report_html
    from mfaf.mfaf_plugin.reports import plots as report

    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 60)
    roc = report.roc_curve_png({"a": (y, rng.random(60)), "perfect": (y, y.astype(float))}, None,
                               str(tmp_path / "roc.png"))
    bars = report.reliability_png({"predicted": np.array([0.01, 0.2]), "observed": np.array([0.002, 0.05]),
                                   "count": np.array([50, 10])}, {"x": [0.0, 1.0], "y": [0.001, 0.1]},
                                  str(tmp_path / "bars.png"))
    for p in (roc, bars):
        with open(p, "rb") as fh:
            assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    html_text = report_html.metrics_table_html({"<b>auc</b>": 0.73456, "bands": ["Cu", "Au"]})
    assert "&lt;b&gt;auc&lt;/b&gt;" in html_text and "0.7346" in html_text and "Cu, Au" in html_text
    out = report_html.write_html_report(str(tmp_path / "r.html"), "T", [{"heading": "h", "images": [roc, (bars, "c")]}])
    text = open(out, encoding="utf-8").read()
    assert text.count("data:image/png;base64,") == 2 and "src='roc.png'" not in text


def test_mismatched_dataset_refused_before_any_output(setup, run_alg):
    """A GENERATED tile dataset of other bands: refused before the probability raster is written
    (it used to fail only after the whole map and the cells had been written)."""
    from qgis.core import QgsProcessingException

    from mfaf.mfaf_plugin.windows.tile_dataset import save_dataset

    folder = setup["folder"]
    n = 4
    arrays = {"x": np.zeros((n, 3, TILE, TILE), np.float32), "y": np.array([0, 1, 0, 1]),
              "split": np.ones(n, np.int8), "origin": np.zeros(n, np.int8), "cell_id": np.arange(1, n + 1),
              "row": np.zeros(n, int), "col": np.arange(n), "geotransform": np.zeros((n, 6)),
              "deposit_count": np.array([0, 1, 0, 1]), "valid_fraction": np.ones(n)}
    other = str(folder / "other_bands_generated.npz")
    save_dataset(other, arrays, {"band_names": ["Zn", "Pb", "faults"], "tile_size": TILE})
    bigger = str(folder / "other_tile_generated.npz")
    save_dataset(bigger, dict(arrays, x=np.zeros((n, 3, 2 * TILE, 2 * TILE), np.float32)),
                 {"band_names": BANDS, "tile_size": 2 * TILE})
    for path, msg in ((other, "has bands"), (bigger, "tiles of 64 px")):
        out = folder / "refused_prob.tif"
        with pytest.raises(QgsProcessingException, match=msg):
            run_alg("mfaf:predictprospectivity", {"INPUT": setup["stack"], "MODEL": setup["model"], "DATASET": path,
                                                 "OUTPUT": str(out), "OUTPUT_CELLS": "TEMPORARY_OUTPUT"})
        assert not out.exists()


def test_map_labels_at_most_max_targets_best_ranked(tmp_path):
    """GENERATED targets: a fine grid with thousands of targets (tile 16 px on a large stack) took
    about 2 ms per label and box (minutes for the map and again for the report); now all targets
    are outlined in one collection and only the MAX_LABELLED best-ranked carry their rank."""
    import time

    from mfaf.mfaf_plugin.reports import map_figure

    n = 2000
    targets = [{"rank": n - i, "greenfield": i % 2, "bounds": (i % 50 * 40.0, -(i // 50 + 1) * 40.0,
                                                             (i % 50 + 1) * 40.0, -(i // 50) * 40.0)} for i in range(n)]
    labelled = map_figure.labelled_targets(targets)
    assert len(labelled) == map_figure.MAX_LABELLED
    assert [t["rank"] for t in labelled] == list(range(1, map_figure.MAX_LABELLED + 1))
    assert map_figure.labelled_targets(targets[:30]) == sorted(targets[:30], key=lambda t: t["rank"])
    prob = np.random.default_rng(0).random((200, 250))
    t0 = time.perf_counter()
    png = map_figure.prediction_map_png(prob, prob / 4, [0.0, 10.0, 0.0, 0.0, 0.0, -10.0], "EPSG:32750", targets, None,
                                        str(tmp_path / "many_targets.png"),
                                        uncertainty_spec={"title": "u", "label": "u", "cmap": "viridis", "vmin": 0,
                                                          "vmax": 0.25})
    assert os.path.getsize(png) > 1000 and time.perf_counter() - t0 < 60


def test_targets_as_share_of_the_map(setup, base_run):
    """TARGET_SHARE: the best-scoring cells making up that share of the scored cells, whatever their score;
    every cell carries its share of the map scoring at least as high."""
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.prediction.predict import predict_map

    scored = sorted((c for c in base_run["cells"] if c["probability"] is not None), key=lambda c: c["rank"])
    n = len(scored)
    assert [c["top_share"] for c in scored] == pytest.approx([(i + 1) / n for i in range(n)])
    assert all(c["chance"] is None for c in scored) and base_run["reading"] == "area share"
    res = predict_map(setup["stack"], setup["model"], str(setup["folder"] / "prob_share.tif"), device="cpu",
                      threshold=1.0, target_share=3.0 / n)
    assert res["target_cells"] == 3
    assert sorted(c["rank"] for c in res["cells"] if c["target"]) == [1, 2, 3]
    with pytest.raises(InputError, match="share of the map"):
        predict_map(setup["stack"], setup["model"], str(setup["folder"] / "never.tif"), device="cpu", target_share=2)
