"""Stage 4: window grid, labels, spatial split, augmentation; mfaf:maketiles on Murchison and Kola."""

import json

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from mfaf_testing import REPO, data_file, kola_smelter_sites, qgis_process_json

gdal.UseExceptions()

MURCHISON = REPO / "resources" / "example"


# -- core: window grid -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rows, cols, tile, stride, n_rows, n_cols",
    [
        (128, 128, 128, None, 1, 1),
        (255, 300, 128, None, 1, 2),
        (256, 256, 128, 128, 2, 2),
        (256, 256, 128, 64, 3, 3),
        (201, 165, 16, None, 12, 10),
        (100, 37, 8, 3, 31, 10),
    ],
)
def test_window_grid_counts_and_bounds(rows, cols, tile, stride, n_rows, n_cols):
    from mfaf.mfaf_plugin.windows.tiling import window_grid

    g = window_grid(rows, cols, tile, stride)
    s = stride or tile
    assert (g.n_rows, g.n_cols) == (n_rows, n_cols)
    assert g.n_rows == (rows - tile) // s + 1 and g.n_cols == (cols - tile) // s + 1
    wins = list(g)
    assert len(wins) == len(g) == n_rows * n_cols
    assert [w.cell_id for w in wins] == list(range(1, len(wins) + 1))
    for w in wins:
        assert w.cell_id == w.row * g.n_cols + w.col + 1
        assert (w.yoff, w.xoff) == (w.row * s, w.col * s)
        assert w.yoff + tile <= rows and w.xoff + tile <= cols  # windows never pass the edge
    # one more window would pass the edge
    assert n_rows * s + tile > rows and n_cols * s + tile > cols


def test_window_grid_refuses_tile_larger_than_raster():
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.windows.tiling import window_grid

    with pytest.raises(InputError, match="larger than the raster"):
        window_grid(100, 200, 128)


def test_labels_east_edge_outside_and_margin():
    from mfaf.mfaf_plugin.windows.tiling import label_windows, window_grid

    gt = (1000.0, 10.0, 0.0, 5000.0, 0.0, -10.0)  # generated 40 x 50 grid of 10 m cells
    g = window_grid(40, 50, 16, None)  # 2 x 3 windows; columns 48-49 and rows 32-39 are margin
    xy = [
        (1000.0 + 5, 5000.0 - 5),  # window 1
        (1000.0 + 47 * 10 + 1, 5000.0 - 20 * 10),  # row 1, col 2 -> cell 6
        (1000.0 + 50 * 10, 5000.0 - 5),  # exactly on the east edge: last column (margin)
        (1000.0 + 50 * 10 + 1, 5000.0 - 5),  # just outside
        (1000.0 + 5, 5000.0 - 35 * 10),  # bottom margin
    ]
    lab = label_windows(xy, gt, g)
    assert list(lab["counts"]) == [1, 0, 0, 0, 0, 1]
    assert list(lab["outside"]) == [3]
    assert list(lab["uncovered"]) == [2, 4]
    # overlapping windows: a pixel is in every window covering it
    g2 = window_grid(40, 50, 16, 8)
    lab2 = label_windows([(1000.0 + 20 * 10 + 5, 5000.0 - 20 * 10 - 5)], gt, g2)
    assert int(lab2["counts"].sum()) == 4


def test_spatial_split_no_test_window_touches_train():
    """Generated labels on a 12 x 10 window grid, stride = tile and stride = tile / 2."""
    from mfaf.mfaf_plugin.windows.tiling import split_windows, window_grid

    rng = np.random.default_rng(0)
    for stride in (16, 8):
        g = window_grid(16 * 12, 16 * 10, 16, stride)
        labels = (rng.random(len(g)) < 0.3).astype(int)
        usable = rng.random(len(g)) < 0.9
        st = split_windows(labels, usable, g, "blocks", 0.2, 3, seed=1)["status"]
        assert set(np.unique(st)) <= {0, 1, 2, 3}
        assert np.all(st[~usable] == 3)
        test = np.flatnonzero(st == 1)
        train = np.flatnonzero(st == 0)
        assert len(test) and len(train)
        for i in test:  # closed pixel squares must not meet: |dy| > t or |dx| > t
            dy = np.abs(g.yoff[train] - g.yoff[i])
            dx = np.abs(g.xoff[train] - g.xoff[i])
            assert np.all((dy > 16) | (dx > 16))
        assert labels[test].sum() > 0 and labels[train].sum() > 0
        # same seed, same split
        st2 = split_windows(labels, usable, g, "blocks", 0.2, 3, seed=1)["status"]
        np.testing.assert_array_equal(st, st2)


def test_augmentation_smote_and_noise():
    from mfaf.mfaf_plugin.windows.augmentation import augment_training

    rng = np.random.default_rng(3)
    x = rng.random((20, 2, 4, 4)).astype(np.float32)
    y = np.array([1] * 4 + [0] * 16)
    valid = np.ones((20, 4, 4), bool)
    valid[:, 0, 0] = False
    x[:, :, 0, 0] = 0
    out = augment_training(x, y, valid, smote=True, noise_variance=0.01, copies=1, seed=5)
    n_smote = int(np.sum(out["origin"] == 2))
    assert n_smote == 12  # ore 4 -> 16 = no-ore count
    assert np.sum(out["origin"] == 1) == 20 + 12  # one noisy copy of every tile, SMOTE included
    noisy = out["x"][out["origin"] == 1][:20]
    d = noisy - x
    assert abs(float(d[:, :, 1:, 1:].var()) - 0.01) < 0.002 and abs(float(d.mean())) < 0.01
    assert np.all(noisy[:, :, 0, 0] == 0)  # nodata cells stay 0
    out2 = augment_training(x, y, valid, smote=True, noise_variance=0.01, copies=1, seed=5)
    np.testing.assert_array_equal(out["x"], out2["x"])


# -- QGIS: Murchison ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def murchison_stack(mfaf_provider, tmp_path_factory):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    ds = ogr.Open(str(MURCHISON / "murchison_window.geojson"))
    xmin, xmax, ymin, ymax = ds.GetLayer(0).GetExtent()
    out = tmp_path_factory.mktemp("stack") / "murchison_stack.tif"
    processing.run("mfaf:stacklayers", {
        "EXTENT": "{},{},{},{} [EPSG:20350]".format(xmin, xmax, ymin, ymax), "PIXEL_SIZE": 2000,
        "TARGET_CRS": "EPSG:20350", "GEOLOGY": str(MURCHISON / "murchison_greenstone.geojson"),
        "FAULTS": str(MURCHISON / "murchison_faults.geojson"), "MASK": str(MURCHISON / "murchison_window.geojson"),
        "OUTPUT": str(out)}, context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    return out


DEPOSITS = str(MURCHISON / "murchison_gold_deposits.geojson")


def _tiles(run_alg, stack, tmp_path, name="tiles", feedback=None, **kw):
    p = {"INPUT": str(stack), "DEPOSITS": DEPOSITS, "TILE_SIZE": 16, "SEED": 7,
         "OUTPUT": str(tmp_path / (name + ".npz")), "OUTPUT_CELLS": str(tmp_path / (name + "_cells.gpkg"))}
    p.update(kw)
    return run_alg("mfaf:maketiles", p, feedback=feedback)


def test_murchison_tiles(run_alg, murchison_stack, tmp_path):
    from qgis.core import QgsVectorLayer

    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset

    res = _tiles(run_alg, murchison_stack, tmp_path)
    arrays, meta = load_dataset(res["OUTPUT"])
    assert meta["band_names"] == ["geology", "fault_distance"]
    assert meta["grid_shape"] == [12, 10] and meta["tile_size"] == 16 and meta["stride"] == 16
    assert arrays["x"].shape[1:] == (2, 16, 16) and arrays["x"].dtype == np.float32
    assert np.isfinite(arrays["x"]).all()
    real = arrays["origin"] == 0
    # result dict = counts of the real tiles = counts in the file
    assert res["TRAIN_ORE"] == int(np.sum(real & (arrays["split"] == 0) & (arrays["y"] == 1)))
    assert res["TEST_ORE"] == int(np.sum((arrays["split"] == 1) & (arrays["y"] == 1)))
    assert res["TRAIN_ORE"] >= 5 and res["TEST_ORE"] >= 1 and res["TEST_NO_ORE"] >= 1
    # augmentation only on train: test tiles are all real, synthetic tiles all in train
    assert np.all(arrays["origin"][arrays["split"] == 1] == 0)
    assert res["TRAIN_ORE_AUGMENTED"] > res["TRAIN_ORE"]
    assert res["TRAIN_NO_ORE_AUGMENTED"] == 2 * res["TRAIN_NO_ORE"]  # one noisy copy each
    assert res["TRAIN_ORE_AUGMENTED"] == 2 * res["TRAIN_NO_ORE"]  # SMOTE to 1:1, then one noisy copy
    assert meta["counts"]["test_ore_augmented"] == meta["counts"]["test_ore"]

    cells = QgsVectorLayer(res["OUTPUT_CELLS"], "cells", "ogr")
    assert cells.isValid() and cells.featureCount() == 120
    feats = list(cells.getFeatures())
    by_split = {}
    for f in feats:
        by_split.setdefault(f["split"], []).append(f)
    assert {"train", "validation", "test"} <= set(by_split) <= {"train", "validation", "test", "excluded", "dropped"}
    assert len(by_split["train"]) == res["TRAIN_ORE"] + res["TRAIN_NO_ORE"]
    assert len(by_split["test"]) == res["TEST_ORE"] + res["TEST_NO_ORE"]
    assert sum(f["label"] for f in by_split["test"]) == res["TEST_ORE"]
    # validation windows (split 2 in the file, default share 0.2 of the training blocks): real, never augmented
    val = arrays["split"] == 2
    assert len(by_split["validation"]) == int(val.sum()) == meta["counts"]["validation_ore"] + \
        meta["counts"]["validation_no_ore"]
    assert np.all(arrays["origin"][val] == 0) and meta["counts"]["validation_ore"] >= 1
    assert sorted(f["cell_id"] for f in feats) == list(range(1, 121))
    ids = {int(f["cell_id"]) for f in by_split["train"] + by_split["test"] + by_split["validation"]}
    assert ids == set(arrays["cell_id"][real].tolist())
    for v in by_split["validation"]:
        for tr_ in by_split["train"]:
            assert not v.geometry().intersects(tr_.geometry()), (v["cell_id"], tr_["cell_id"])
    # deposits counted once each: 255 minus those in the uncovered margin
    assert 230 <= sum(f["deposits"] for f in feats) <= 255
    # geometrically: no test cell touches (shares an edge or corner with) a train cell
    for t in by_split["test"]:
        for tr_ in by_split["train"]:
            assert not t.geometry().intersects(tr_.geometry()), (t["cell_id"], tr_["cell_id"])
    # the tile's geotransform places it on its cell
    i = int(np.flatnonzero(real)[0])
    cell = [f for f in feats if f["cell_id"] == arrays["cell_id"][i]][0]
    bb = cell.geometry().boundingBox()
    assert arrays["geotransform"][i][0] == pytest.approx(bb.xMinimum())
    assert arrays["geotransform"][i][3] == pytest.approx(bb.yMaximum())

    # same seed -> identical arrays; another seed -> another split
    res2 = _tiles(run_alg, murchison_stack, tmp_path, name="again")
    arrays2, _ = load_dataset(res2["OUTPUT"])
    for k in arrays:
        np.testing.assert_array_equal(arrays[k], arrays2[k], err_msg=k)
    res3 = _tiles(run_alg, murchison_stack, tmp_path, name="seed8", SEED=8)
    arrays3, _ = load_dataset(res3["OUTPUT"])
    assert not np.array_equal(arrays["cell_id"][arrays["split"] == 1], arrays3["cell_id"][arrays3["split"] == 1])


def test_murchison_tiles_via_qgis_process(murchison_stack, tmp_path):
    out = tmp_path / "qp.npz"
    data = qgis_process_json(
        "run", "mfaf:maketiles", "--", "INPUT={}".format(murchison_stack), "DEPOSITS={}".format(DEPOSITS),
        "TILE_SIZE=16", "STRIDE=8", "SPLIT=0", "SMOTE=false", "NOISE_VARIANCE=0", "SEED=3",
        "OUTPUT={}".format(out), "OUTPUT_CELLS={}".format(tmp_path / "qp_cells.gpkg"))
    r = data["results"]
    assert r["OUTPUT"] == str(out)
    assert r["TRAIN_ORE_AUGMENTED"] == r["TRAIN_ORE"] and r["TRAIN_NO_ORE_AUGMENTED"] == r["TRAIN_NO_ORE"]
    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset

    arrays, meta = load_dataset(str(out))
    assert meta["stride"] == 8 and meta["grid_shape"] == [24, 19]
    assert np.all(arrays["origin"] == 0)
    assert r["TEST_ORE"] >= 1 and r["TRAIN_ORE"] >= 1
    # the windows' style travels with the GeoPackage written by qgis_process (its layer_styles table)
    from qgis.core import QgsVectorLayer

    tiles = QgsVectorLayer(str(tmp_path / "qp_cells.gpkg"), "tiles", "ogr")
    assert tiles.renderer().type() == "RuleRenderer"
    assert {r.filterExpression() for r in tiles.renderer().rootRule().children()} >= {
        "\"split\" = 'train'", "\"split\" = 'validation'", "\"split\" = 'test'", "\"split\" = 'excluded'",
        '"label" = 1'}


def _points_layer(tmp_path, name, xy, epsg):
    fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::{}".format(epsg)}},
          "features": [{"type": "Feature", "properties": {"id": i}, "geometry": {"type": "Point", "coordinates": list(p)}}
                       for i, p in enumerate(xy)]}
    path = tmp_path / (name + ".geojson")
    path.write_text(json.dumps(fc))
    return str(path)


def test_maketiles_errors(run_alg, murchison_stack, tmp_path):
    from qgis.core import QgsProcessingException

    ds = gdal.Open(str(murchison_stack))
    gt = ds.GetGeoTransform()
    xmax = gt[0] + ds.RasterXSize * gt[1]
    with pytest.raises(QgsProcessingException, match="larger than the raster"):
        _tiles(run_alg, murchison_stack, tmp_path, TILE_SIZE=256)
    far = _points_layer(tmp_path, "far", [(100000.0, 100000.0)], 20350)
    with pytest.raises(QgsProcessingException, match="None of the 1 deposit"):
        _tiles(run_alg, murchison_stack, tmp_path, DEPOSITS=far)
    margin = _points_layer(tmp_path, "margin", [(xmax - 1000.0, gt[3] - 50000.0)], 20350)
    with pytest.raises(QgsProcessingException, match="smaller tile size"):
        _tiles(run_alg, murchison_stack, tmp_path, DEPOSITS=margin)
    one = _points_layer(tmp_path, "one", [(gt[0] + 5000.0, gt[3] - 5000.0)], 20350)
    with pytest.raises(QgsProcessingException, match="at least 2 are needed"):
        _tiles(run_alg, murchison_stack, tmp_path, DEPOSITS=one)
    # a geographic stack (generated)
    geo = tmp_path / "geographic.tif"
    g = gdal.GetDriverByName("GTiff").Create(str(geo), 40, 40, 1, gdal.GDT_Float32)
    g.SetGeoTransform((116.0, 0.01, 0, -27.0, 0, -0.01))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    g.SetProjection(srs.ExportToWkt())
    g.GetRasterBand(1).Fill(1.0)
    g = None
    pts = _points_layer(tmp_path, "geo_pts", [(116.05, -27.05), (116.25, -27.25)], 4326)
    with pytest.raises(QgsProcessingException, match="not metres|projected"):
        _tiles(run_alg, geo, tmp_path, DEPOSITS=pts, TILE_SIZE=8)
    # core: a stack too large for the memory limit is refused before it is read
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.windows.tiling import make_tiles

    with pytest.raises(InputError, match="GiB of memory"):
        make_tiles(str(murchison_stack), [(gt[0] + 5000.0, gt[3] - 5000.0)], str(tmp_path / "m.npz"),
                   tile_size=16, max_bytes=100_000)
    assert not list(tmp_path.glob("*.npz"))


def test_too_few_ore_blocks_reduces_block_size(run_alg, murchison_stack, tmp_path):
    """Two deposits in neighbouring windows of one 3 x 3 block: the block size is reduced (logged)."""
    from qgis.core import QgsProcessingFeedback

    ds = gdal.Open(str(murchison_stack))
    gt = ds.GetGeoTransform()
    xy = [(gt[0] + 5000.0, gt[3] - 5000.0), (gt[0] + 5000.0, gt[3] - 5000.0 - 32000.0 * 2)]
    pts = _points_layer(tmp_path, "two", xy, 20350)
    messages = []

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            messages.append(info)
            super().pushInfo(info)

    res = _tiles(run_alg, murchison_stack, tmp_path, DEPOSITS=pts, SMOTE=False, NOISE_VARIANCE=0,
                 feedback=Feedback())
    assert res["TRAIN_ORE"] == 1 and res["TEST_ORE"] == 1
    assert any("block size reduced" in m for m in messages)


# -- QGIS: Kola moss grids and smelter-area sites -----------------------------------------------
def _expected_windows(stack, xy, tile):
    """Per window of ``tile`` px (stride = tile, from the top-left cell), computed here from the
    stack alone: usable (at least half its cells valid in every band) and holding a point of ``xy``."""
    ds = gdal.Open(str(stack))
    gt = ds.GetGeoTransform()
    valid = np.all([ds.GetRasterBand(i + 1).ReadAsArray() != ds.GetRasterBand(i + 1).GetNoDataValue()
                    for i in range(ds.RasterCount)], axis=0)
    n_rows, n_cols = ds.RasterYSize // tile, ds.RasterXSize // tile
    vf = valid[:n_rows * tile, :n_cols * tile].reshape(n_rows, tile, n_cols, tile).mean(axis=(1, 3))
    hit = np.zeros((n_rows, n_cols), bool)
    rows = np.floor((xy[:, 1] - gt[3]) / gt[5]).astype(int) // tile
    cols = np.floor((xy[:, 0] - gt[0]) / gt[1]).astype(int) // tile
    inside = (rows < n_rows) & (cols < n_cols)
    hit[rows[inside], cols[inside]] = True
    return (n_rows, n_cols), (vf >= 0.5).ravel(), hit.ravel()


def _cells(path):
    from qgis.core import QgsVectorLayer

    return {f["cell_id"]: (f["split"], f["label"]) for f in QgsVectorLayer(str(path), "c", "ogr").getFeatures()}


def test_kola_stack_and_tiles(run_alg, tmp_path):
    """Real: Kola moss element grids (5 km) and distance grids, masked by the project boundary;
    the 111 smelter-area sites label the windows."""
    from test_stacking import KOLA_EXTRAS, _multiband_idw, kola_boundary

    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset

    elements = _multiband_idw(tmp_path, ["Ni", "Cu", "Hg", "Co"])
    stack = tmp_path / "kola_stack.tif"
    run_alg("mfaf:stacklayers", {
        "ELEMENTS": str(elements), "EXTRA_RASTERS": [str(data_file("kola", n)) for n in KOLA_EXTRAS],
        "MASK": str(kola_boundary()), "OUTPUT": str(stack)})
    xy, _ = kola_smelter_sites()
    pts = _points_layer(tmp_path, "smelter_sites", xy, 32635)
    res = run_alg("mfaf:maketiles", {
        "INPUT": str(stack), "DEPOSITS": pts, "TILE_SIZE": 8, "SEED": 1, "BLOCK_SIZE": 2,
        "OUTPUT": str(tmp_path / "kola.npz"), "OUTPUT_CELLS": str(tmp_path / "kola_cells.gpkg")})
    arrays, meta = load_dataset(res["OUTPUT"])
    assert meta["band_names"] == ["Ni", "Cu", "Hg", "Co", "coast_distance", "lake_distance"]
    shape, usable, positive = _expected_windows(stack, xy, 8)
    assert meta["grid_shape"] == list(shape) == [13, 12]  # 104 x 99 cells of 5 km
    cells = _cells(res["OUTPUT_CELLS"])
    assert [cells[i + 1][0] != "dropped" for i in range(len(usable))] == list(usable)
    assert [cells[i + 1][1] == 1 for i in range(len(usable))] == list(positive)
    n_real = int(np.sum(arrays["origin"] == 0))
    kept = [cid for cid, (split, _) in cells.items() if split in ("train", "test", "validation")]
    assert n_real == len(kept) <= usable.sum()
    assert res["TRAIN_ORE"] + res["TEST_ORE"] <= (usable & positive).sum()
    assert res["TEST_ORE"] >= 1 and res["TRAIN_ORE"] >= 1
    assert np.all(arrays["valid_fraction"][arrays["origin"] == 0] >= 0.5)
    print("kola counts", meta["counts"], "usable", int(usable.sum()), "positive", int((usable & positive).sum()))


def test_chain_idw_to_stack_to_tiles(run_alg, tmp_path):
    """Real Kola moss sites -> mfaf:idwrasters (multi-band, band descriptions) as ELEMENTS -> tiles."""
    from mfaf_testing import kola_layers
    from test_stacking import kola_boundary

    from mfaf.mfaf_plugin.windows.tile_dataset import load_dataset
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata

    samples, sites = kola_layers(tmp_path, ["Ni", "Hg"])
    idw = run_alg("mfaf:idwrasters", {"INPUT": samples, "FIELDS": ["Ni", "Hg"], "PIXEL_SIZE": 5000,
                                      "MAX_POINTS": 12, "OUTPUT": str(tmp_path / "idw.tif")})["OUTPUT"]
    stack = run_alg("mfaf:stacklayers", {
        "ELEMENTS": idw, "EXTRA_RASTERS": [str(data_file("kola", "coast_distance.tif"))],
        "MASK": str(kola_boundary()), "NORMALIZE": 1, "OUTPUT": str(tmp_path / "stack.tif")})["OUTPUT"]
    meta = read_stack_metadata(stack)
    assert meta["bands"] == ["Ni", "Hg", "coast_distance"]
    assert gdal.Open(stack).GetGeoTransform() == pytest.approx(gdal.Open(idw).GetGeoTransform())
    res = run_alg("mfaf:maketiles", {"INPUT": stack, "DEPOSITS": sites, "TILE_SIZE": 8, "SEED": 2,
                                     "BLOCK_SIZE": 2, "OUTPUT": str(tmp_path / "t.npz"),
                                     "OUTPUT_CELLS": str(tmp_path / "cells.gpkg")})
    arrays, tmeta = load_dataset(res["OUTPUT"])
    assert tmeta["normalization"]["method"] == "zscore" and tmeta["band_names"] == meta["bands"]
    assert res["TRAIN_ORE"] >= 1 and res["TEST_ORE"] >= 1
    print("chain counts", tmeta["counts"])


def test_random_split_stratified_and_seeded():
    from mfaf.mfaf_plugin.windows.tiling import split_windows, window_grid

    g = window_grid(160, 160, 16, None)  # 100 windows (generated labels)
    labels = np.zeros(100, int)
    labels[[3, 17, 45, 46, 80]] = 1
    usable = np.ones(100, bool)
    usable[:10] = False
    st = split_windows(labels, usable, g, "random", 0.2, seed=4)["status"]
    assert np.all(st[:10] == 3) and set(np.unique(st[10:])) == {0, 1}
    assert int(np.sum((st == 1) & (labels == 1))) == 1  # round(0.2 * 4) ore to test, at least one
    assert int(np.sum((st == 1) & (labels == 0))) == round(0.2 * 86)
    np.testing.assert_array_equal(st, split_windows(labels, usable, g, "random", 0.2, seed=4)["status"])


def test_valid_fractions_exact_and_memory_bounded():
    """The valid share per window equals a direct count, and its integral image stays small:
    32 bytes per pixel (int64 copies) meant over 3 GB for a 10000 x 10000 stack."""
    import tracemalloc

    from mfaf.mfaf_plugin.windows.tiling import valid_fractions, window_grid

    rng = np.random.default_rng(3)
    for rows, cols, t, s in [(1100, 37, 5, 3), (37, 700, 7, 2), (9, 9, 9, 1)]:  # generated masks
        v = rng.random((rows, cols)) > 0.4
        g = window_grid(rows, cols, t, s)
        ref = np.array([v[y:y + t, x:x + t].mean() for y, x in zip(g.yoff, g.xoff)])
        np.testing.assert_allclose(valid_fractions(v, g), ref)
    v = rng.random((2000, 2000)) > 0.3
    g = window_grid(2000, 2000, 128, 128)
    tracemalloc.start()
    try:
        valid_fractions(v, g)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak / v.size < 8.0, "{:.1f} bytes per pixel".format(peak / v.size)


def test_augmentation_memory_bounded_and_noise_chunks_identical(monkeypatch):
    """Augmentation of GENERATED tiles: its working memory stays near the size of its output
    (was 8.7 x the training tiles: SMOTE's float64 temporaries over all tiles, then copies and
    concatenations), and drawing the noise in chunks gives the same tiles as one draw."""
    import tracemalloc

    import mfaf.mfaf_plugin.windows.augmentation as aug

    rng = np.random.default_rng(0)
    x = rng.normal(size=(581, 2, 64, 64)).astype(np.float32)
    y = np.zeros(581, int)
    y[rng.permutation(581)[:31]] = 1
    valid = rng.random((581, 64, 64)) > 0.1
    aug.augment_training(x[:100], y[:100], valid[:100], seed=1)  # imports outside the trace
    one = aug.noise_copies(x[:40], valid[:40], 0.01, copies=2, seed=3)
    monkeypatch.setattr(aug, "_CHUNK_BYTES", 1 << 20, raising=False)  # as for a large stack
    np.testing.assert_array_equal(aug.noise_copies(x[:40], valid[:40], 0.01, copies=2, seed=3), one)
    tracemalloc.start()
    try:
        out = aug.augment_training(x, y, valid, seed=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(out["x"]) == (550 - 31) + 2 * 550  # SMOTE to 550 ore, then one noisy copy of all
    assert peak < out["x"].nbytes + 1.2 * x.nbytes, "peak {:.1f} x the training tiles".format(peak / x.nbytes)


def test_make_tiles_memory_guard_counts_augmentation(tmp_path):
    """A GENERATED 1-band stack: the memory guard refuses when the augmented tiles (SMOTE, noisy
    copies) would exceed max_bytes, before any output is written; without augmentation it passes."""
    from mfaf.mfaf_plugin.common import gdal_io
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.windows.tiling import make_tiles

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32750)
    data = np.random.default_rng(0).normal(size=(1, 64, 64)).astype(np.float32)
    gt = [500000.0, 10.0, 0.0, 7000000.0, 0.0, -10.0]
    stack = gdal_io.write_raster(str(tmp_path / "stack_generated.tif"), data, gt, srs.ExportToWkt())
    # deposits in the centres of 6 of the 64 windows of 8 px
    dep = [(500000 + 80 * c + 40, 7000000 - 80 * r - 40) for r, c in [(0, 1), (1, 5), (3, 3), (5, 0), (6, 6), (7, 2)]]
    out = tmp_path / "tiles.npz"
    kw = dict(tile_size=8, split="random", seed=1, max_bytes=40000)
    with pytest.raises(InputError, match="noisy copies"):
        make_tiles(stack, dep, str(out), smote=True, noise_variance=0.01, noise_copies=5, **kw)
    assert not out.exists()
    res = make_tiles(stack, dep, str(out), smote=False, noise_variance=0.0, **kw)
    assert out.exists() and res["n_tiles"] == 64


def test_make_tiles_nodata_from_stack_description(tmp_path):
    """A GENERATED stack whose bands carry no nodata value but whose stack description says
    -9999 (as mfaf:predict reads it): the -9999 block is nodata for maketiles too, not data."""
    from mfaf.mfaf_plugin.common import gdal_io
    from mfaf.mfaf_plugin.windows.tiling import make_tiles

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32750)
    data = np.random.default_rng(0).normal(size=(2, 32, 32)).astype(np.float32)
    data[:, :8, :4] = gdal_io.NODATA  # half of window 1 (8 x 8 px)
    gt = [500000.0, 10.0, 0.0, 7000000.0, 0.0, -10.0]
    stack = gdal_io.write_raster(str(tmp_path / "stack_generated.tif"), data, gt, srs.ExportToWkt(), nodata=None)
    ds = gdal.Open(stack, gdal.GA_Update)
    assert ds.GetRasterBand(1).GetNoDataValue() is None
    gdal_io.write_stack_metadata(ds, {"bands": ["a", "b"], "normalization": {"method": "none", "params": None},
                                      "nodata": gdal_io.NODATA, "crs_wkt": srs.ExportToWkt(), "geotransform": gt,
                                      "band_kinds": ["continuous"] * 2})
    ds = None
    dep = [(500000 + 80 * c + 40, 7000000 - 80 * r - 40) for r, c in [(0, 1), (1, 3), (3, 0), (2, 2)]]
    res = make_tiles(stack, dep, str(tmp_path / "tiles.npz"), tile_size=8, split="random", smote=False,
                     noise_variance=0.0, seed=0)
    assert res["cells"][0]["valid_fraction"] == 0.5 and res["cells"][1]["valid_fraction"] == 1.0


def test_augmentation_honours_cancel(tmp_path):
    """SMOTE and the noise copies (minutes for a large stack) stop on cancel; maketiles then
    writes nothing. GENERATED tiles and stack."""
    from mfaf.mfaf_plugin.common import gdal_io
    from mfaf.mfaf_plugin.windows.augmentation import augment_training
    from mfaf.mfaf_plugin.common.errors import Canceled
    from mfaf.mfaf_plugin.windows.tiling import make_tiles

    rng = np.random.default_rng(1)
    x = rng.random((30, 2, 4, 4)).astype(np.float32)
    y = np.array([1] * 5 + [0] * 25)
    for smote, var in ((True, 0.0), (False, 0.01)):
        with pytest.raises(Canceled):
            augment_training(x, y, np.ones((30, 4, 4), bool), smote=smote, noise_variance=var, seed=0,
                             is_canceled=lambda: True)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32750)
    gt = [500000.0, 10.0, 0.0, 7000000.0, 0.0, -10.0]
    stack = gdal_io.write_raster(str(tmp_path / "stack_generated.tif"), rng.normal(size=(1, 64, 64)).astype(np.float32),
                                 gt, srs.ExportToWkt())
    dep = [(500000 + 80 * c + 40, 7000000 - 80 * r - 40) for r, c in [(0, 1), (1, 5), (3, 3), (5, 0), (6, 6), (7, 2)]]
    calls = []

    def cancel_in_augmentation():
        calls.append(1)
        return len(calls) > 2  # 1 band read + 1 tile-cutting check, then the augmentation's

    out = tmp_path / "tiles.npz"
    with pytest.raises(Canceled):
        make_tiles(stack, dep, str(out), tile_size=8, split="random", seed=1, is_canceled=cancel_in_augmentation)
    assert not out.exists() and len(calls) == 3
