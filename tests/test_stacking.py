"""Stage 3, mfaf:stacklayers: real Murchison geology + faults, real Kola moss element grids (tests/data)."""

import json

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from mfaf_testing import REPO, data_file, qgis_process_json

gdal.UseExceptions()

MURCHISON = REPO / "resources" / "example"


def _window_extent():
    ds = ogr.Open(str(MURCHISON / "murchison_window.geojson"))
    xmin, xmax, ymin, ymax = ds.GetLayer(0).GetExtent()
    return "{},{},{},{} [EPSG:20350]".format(xmin, xmax, ymin, ymax), (xmin, xmax, ymin, ymax)


def _murchison_params(out, **kw):
    extent, _ = _window_extent()
    p = {
        "EXTENT": extent, "PIXEL_SIZE": 2000, "TARGET_CRS": "EPSG:20350",
        "GEOLOGY": str(MURCHISON / "murchison_greenstone.geojson"),
        "FAULTS": str(MURCHISON / "murchison_faults.geojson"), "FAULT_MODE": 0,
        "MASK": str(MURCHISON / "murchison_window.geojson"), "NORMALIZE": 0, "OUTPUT": str(out),
    }
    p.update(kw)
    return p


def test_murchison_stack_geology_inside_outside_and_fault_distance(run_alg, tmp_path):
    from mfaf.mfaf_plugin.common.gdal_io import NODATA, read_stack_metadata

    out = tmp_path / "stack.tif"
    res = run_alg("mfaf:stacklayers", _murchison_params(out))
    assert res["OUTPUT"] == str(out)
    ds = gdal.Open(str(out))
    _, (xmin, xmax, ymin, ymax) = _window_extent()
    assert ds.RasterCount == 2
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(2)] == ["geology", "fault_distance"]
    gt = ds.GetGeoTransform()
    assert gt[0] == pytest.approx(xmin) and gt[3] == pytest.approx(ymax) and gt[1] == 2000 and gt[5] == -2000
    assert (ds.RasterYSize, ds.RasterXSize) == (201, 165)  # ceil(401.7 km / 2), ceil(329.8 km / 2)
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    assert srs.GetAuthorityCode(None) == "20350"
    assert ds.GetRasterBand(1).GetNoDataValue() == NODATA
    meta = read_stack_metadata(str(out))
    assert meta["bands"] == ["geology", "fault_distance"]
    assert meta["band_kinds"] == ["categorical", "continuous"]
    assert meta["normalization"]["method"] == "minmax"
    (a0, b0), (a1, b1) = meta["normalization"]["params"]
    assert (a0, b0) == (0.0, 1.0)
    assert a1 == pytest.approx(0.0) and 50_000 < b1 < 200_000  # metres to the farthest fault
    geo, dist = ds.GetRasterBand(1).ReadAsArray(), ds.GetRasterBand(2).ReadAsArray()
    valid = geo != NODATA
    # the grid overshoots the window by less than half a cell: every cell centre is inside the mask
    assert valid.all()
    assert set(np.unique(geo[valid])) == {0.0, 1.0}
    # greenstone is 12,222 km2 of the 132,500 km2 window
    assert 0.07 < geo[valid].mean() < 0.12
    assert dist[valid].min() == pytest.approx(0.0) and dist[valid].max() == pytest.approx(1.0)
    # cells crossed by a fault are at distance 0; the raw distance is a + b * normalised
    raw = a1 + b1 * dist[valid]
    assert 0.02 < np.mean(raw == 0) < 0.3


def test_murchison_stack_via_qgis_process(tmp_path):
    extent, _ = _window_extent()
    out = tmp_path / "stack_qp.tif"
    data = qgis_process_json(
        "run", "mfaf:stacklayers", "--", "EXTENT={}".format(extent), "PIXEL_SIZE=2000", "TARGET_CRS=EPSG:20350",
        "GEOLOGY={}".format(MURCHISON / "murchison_greenstone.geojson"),
        "FAULTS={}".format(MURCHISON / "murchison_faults.geojson"), "FAULT_MODE=2", "FAULT_DENSITY_RADIUS=10000",
        "CONTACT_DISTANCE=true", "NORMALIZE=1", "OUTPUT={}".format(out))
    assert data["results"]["OUTPUT"] == str(out)
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata

    meta = read_stack_metadata(str(out))
    assert meta["bands"] == ["geology", "contact_distance", "fault_density"]
    assert meta["normalization"]["method"] == "zscore"
    ds = gdal.Open(str(out))
    dens = ds.GetRasterBand(3).ReadAsArray()
    assert abs(float(dens.mean())) < 1e-3 and abs(float(dens.std()) - 1.0) < 1e-3
    # contact distance: small where the geology band changes between horizontal neighbours
    geo = ds.GetRasterBand(1).ReadAsArray()
    a, b = meta["normalization"]["params"][1]
    contact = a + b * ds.GetRasterBand(2).ReadAsArray().astype(np.float64)
    edge = geo[:, 1:] != geo[:, :-1]
    assert edge.sum() > 100
    assert np.all(np.minimum(contact[:, 1:], contact[:, :-1])[edge] <= 2000 * 1.5)
    assert contact.max() > 50_000


def test_geology_field_coded_and_onehot(run_alg, tmp_path):
    """Generated two-class polygons: codes follow the sorted class names; one-hot gives a band per class."""
    path = tmp_path / "geol.geojson"
    fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}},
          "features": [
              {"type": "Feature", "properties": {"lith": "shale"},
               "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [5000, 0], [5000, 10000], [0, 10000], [0, 0]]]}},
              {"type": "Feature", "properties": {"lith": "granite"},
               "geometry": {"type": "Polygon", "coordinates": [[[5000, 0], [8000, 0], [8000, 10000], [5000, 10000], [5000, 0]]]}},
          ]}
    path.write_text(json.dumps(fc))
    common = {"EXTENT": "0,10000,0,10000 [EPSG:32650]", "PIXEL_SIZE": 1000, "GEOLOGY": str(path),
              "GEOLOGY_FIELD": "lith", "NORMALIZE": 2}
    run_alg("mfaf:stacklayers", dict(common, GEOLOGY_ENCODING=0, OUTPUT=str(tmp_path / "coded.tif")))
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata

    coded = gdal.Open(str(tmp_path / "coded.tif")).ReadAsArray()
    assert list(coded[0]) == [2] * 5 + [1] * 3 + [0] * 2  # granite=1, shale=2 (sorted), 0 outside
    meta = read_stack_metadata(str(tmp_path / "coded.tif"))
    assert meta["classes"]["geology"] == ["outside", "granite", "shale"]
    assert meta["normalization"]["params"] == [None]
    run_alg("mfaf:stacklayers", dict(common, GEOLOGY_ENCODING=1, NORMALIZE=0, OUTPUT=str(tmp_path / "onehot.tif")))
    meta = read_stack_metadata(str(tmp_path / "onehot.tif"))
    assert meta["bands"] == ["geology_granite", "geology_shale"]
    oh = gdal.Open(str(tmp_path / "onehot.tif")).ReadAsArray()
    assert oh[0].sum() == 30 and oh[1].sum() == 50 and not np.any(oh[0] * oh[1])


def _multiband_idw(tmp_path, names):
    """A multi-band GeoTIFF with band descriptions, as mfaf:idwrasters writes (from the real Kola moss
    grids tests/data/kola/moss_idw_*.tif, whose nodata is -1)."""
    srcs = [gdal.Open(str(data_file("kola", "moss_idw_{}.tif".format(n)))) for n in names]
    ref = srcs[0]
    path = tmp_path / "elements.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), ref.RasterXSize, ref.RasterYSize, len(names), gdal.GDT_Float32)
    ds.SetGeoTransform(ref.GetGeoTransform())
    ds.SetProjection(ref.GetProjection())
    for i, (n, s) in enumerate(zip(names, srcs)):
        a = s.ReadAsArray().astype(np.float32)
        b = ds.GetRasterBand(i + 1)
        b.SetNoDataValue(-9999.0)
        b.WriteArray(np.where(a == -1, -9999.0, a))
        b.SetDescription(n)
    ds = None
    return path


def kola_boundary():
    """The Kola Project boundary polygon (StatDA ``bordersKola``): the mask of the Kola stacks."""
    return data_file("kola", "kola_project_boundary.geojson")


KOLA_EXTRAS = ("coast_distance.tif", "lake_distance.tif")  # Float32 km, 2 km cells (another grid)


def _burnt(polygons, like):
    """Cells of the grid of ``like`` whose centres lie inside ``polygons`` (GDAL's default burn)."""
    mem = gdal.GetDriverByName("MEM").Create("", like.RasterXSize, like.RasterYSize, 1, gdal.GDT_Byte)
    mem.SetGeoTransform(like.GetGeoTransform())
    mem.SetProjection(like.GetProjection())
    src = ogr.Open(str(polygons))
    gdal.RasterizeLayer(mem, [1], src.GetLayer(0), burn_values=[1])
    return mem.ReadAsArray() == 1


def test_kola_elements_and_extra_rasters(run_alg, tmp_path):
    names = ["Ni", "Cu", "Hg"]
    elements = _multiband_idw(tmp_path, names)
    out = tmp_path / "kola_stack.tif"
    run_alg("mfaf:stacklayers", {
        "ELEMENTS": str(elements), "EXTRA_RASTERS": [str(data_file("kola", n)) for n in KOLA_EXTRAS],
        "MASK": str(kola_boundary()), "NORMALIZE": 0, "OUTPUT": str(out)})
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata

    meta = read_stack_metadata(str(out))
    assert meta["bands"] == ["Ni", "Cu", "Hg", "coast_distance", "lake_distance"]
    assert meta["band_kinds"] == ["continuous"] * 5  # Float32 extras: bilinear
    ds = gdal.Open(str(out))
    ref = gdal.Open(str(data_file("kola", "moss_idw_Ni.tif")))
    assert ds.GetGeoTransform() == pytest.approx(ref.GetGeoTransform())
    assert (ds.RasterXSize, ds.RasterYSize) == (99, 104)
    a = ds.ReadAsArray()
    valid = a[0] != -9999
    # valid: cell centre inside the project boundary and data in every moss grid (the distance grids
    # cover the whole element grid); computed here with GDAL alone
    raw = gdal.Open(str(elements)).ReadAsArray()
    expected = _burnt(kola_boundary(), ref) & np.all(raw != -9999, axis=0)
    assert 0 < expected.sum() < expected.size
    np.testing.assert_array_equal(valid, expected)
    assert np.all(a[:, ~valid] == -9999)
    # Ni: min-max over the valid cells
    lo, span = meta["normalization"]["params"][0]
    np.testing.assert_allclose(a[0][valid], (raw[0][valid] - lo) / span, atol=1e-5)


def test_errors(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    extent, _ = _window_extent()
    with pytest.raises(QgsProcessingException, match="not metres|projected"):
        run_alg("mfaf:stacklayers", _murchison_params(tmp_path / "a.tif", TARGET_CRS="EPSG:4326",
                                                      EXTENT="116,118,-29,-27 [EPSG:4326]", PIXEL_SIZE=0.01))
    with pytest.raises(QgsProcessingException, match="larger pixel size"):
        run_alg("mfaf:stacklayers", _murchison_params(tmp_path / "b.tif", PIXEL_SIZE=5, MAX_MEMORY_MB=64))
    with pytest.raises(QgsProcessingException, match="needs .Extent of the reference grid. and .Pixel size"):
        run_alg("mfaf:stacklayers", {"FAULTS": str(MURCHISON / "murchison_faults.geojson"),
                                     "OUTPUT": str(tmp_path / "c.tif")})
    with pytest.raises(QgsProcessingException, match="Nothing to stack"):
        run_alg("mfaf:stacklayers", {"EXTENT": extent, "PIXEL_SIZE": 2000, "OUTPUT": str(tmp_path / "d.tif")})
    assert not any(p.suffix == ".tif" for p in tmp_path.iterdir())


def test_memory_estimate_covers_numpy_peak(tmp_path):
    """Generated 8-band element raster, 300 x 300: the estimate that refuses large grids must not
    be below what build_stack really holds (input bands and the output stack at the same time)."""
    import tracemalloc

    from mfaf.mfaf_plugin.data import stacking
    from mfaf.mfaf_plugin.common import gdal_io

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    data = np.random.default_rng(0).random((8, 300, 300)).astype(np.float32)
    path = gdal_io.write_raster(str(tmp_path / "gen_elements.tif"), data, (500000.0, 100.0, 0, 3000000.0, 0, -100.0),
                                srs.ExportToWkt(), band_names=["e{}".format(i) for i in range(8)])
    del data
    grid = stacking.grid_from_raster(path)
    tracemalloc.start()
    try:
        stacking.build_stack(str(tmp_path / "stack.tif"), grid, elements=path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stacking.estimate_bytes(grid, 8) >= peak


def _reprojected_with_fid(src_path, out_path, epsg, fid):
    """Generated from real Murchison layers: reprojected to ``epsg``, with a 'fid' attribute ``fid(i)``."""
    sds = ogr.Open(str(src_path))
    src = sds.GetLayer(0)
    dst_srs = osr.SpatialReference()
    dst_srs.ImportFromEPSG(epsg)
    dst_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src.GetSpatialRef(), dst_srs)
    feats = []
    for i, f in enumerate(src):
        g = f.GetGeometryRef().Clone()
        g.Transform(ct)
        feats.append({"type": "Feature", "properties": {"fid": fid(i), "rock type": "ab"[i % 2]},
                      "geometry": json.loads(g.ExportToJson())})
    out_path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return str(out_path)


def test_vector_layers_with_fid_attribute_and_other_crs(run_alg, tmp_path):
    """A 'fid' attribute that is text or repeats (layers exported from a GeoPackage) must not stop the
    copy of geology / faults / mask; layers in EPSG:4326 (GeoJSON) are transformed to the target CRS."""
    base = dict(EXTENT=_window_extent()[0], PIXEL_SIZE=4000, TARGET_CRS="EPSG:20350", NORMALIZE=2, FAULT_MODE=1)
    run_alg("mfaf:stacklayers", dict(base, GEOLOGY=str(MURCHISON / "murchison_greenstone.geojson"),
                                     FAULTS=str(MURCHISON / "murchison_faults.geojson"),
                                     OUTPUT=str(tmp_path / "ref.tif")))
    geology = _reprojected_with_fid(MURCHISON / "murchison_greenstone.geojson", tmp_path / "geo.geojson", 4326,
                                    lambda i: "G{}".format(i))
    faults = _reprojected_with_fid(MURCHISON / "murchison_faults.geojson", tmp_path / "faults.geojson", 4326,
                                   lambda i: i % 5)
    mask = _reprojected_with_fid(MURCHISON / "murchison_window.geojson", tmp_path / "mask.geojson", 4326,
                                 lambda i: "w")
    run_alg("mfaf:stacklayers", dict(base, GEOLOGY=geology, FAULTS=faults, MASK=mask, OUTPUT=str(tmp_path / "fid.tif")))
    ref = gdal.Open(str(tmp_path / "ref.tif")).ReadAsArray()
    got = gdal.Open(str(tmp_path / "fid.tif")).ReadAsArray()
    assert ref.shape == got.shape and (ref[0] > 0).any() and (ref[1] > 0).any()
    # from EPSG:4326 the layers match the projected originals up to cells on polygon / line edges
    assert ((ref[0] > 0) != (got[0] > 0)).mean() < 0.01
    assert ((ref[1] > 0) != (got[1] > 0)).mean() < 0.01


def test_band_without_data_is_named(tmp_path):
    """Generated 2-band element raster whose second band is all nodata: the error names that band."""
    from mfaf.mfaf_plugin.data import stacking
    from mfaf.mfaf_plugin.common import gdal_io
    from mfaf.mfaf_plugin.common.errors import InputError

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    data = np.ones((2, 20, 20), dtype=np.float32)
    data[1] = np.nan
    path = gdal_io.write_raster(str(tmp_path / "gen_el.tif"), data, (500000.0, 100.0, 0, 3000000.0, 0, -100.0),
                                srs.ExportToWkt(), band_names=["Cu", "Au"])
    with pytest.raises(InputError, match="'Au' holds no data"):
        stacking.build_stack(str(tmp_path / "s.tif"), stacking.grid_from_raster(path), elements=path)
    assert not (tmp_path / "s.tif").exists()


def test_per_band_nodata_of_element_raster(tmp_path):
    """Generated 2-band element raster (as idwrasters writes with a search radius): band 'Au' is
    nodata on the top 5 rows where 'Cu' has data. Those cells must be nodata in the stack, not a
    value of -9999 that then sets the min-max scaling."""
    from mfaf.mfaf_plugin.data import stacking
    from mfaf.mfaf_plugin.common import gdal_io

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    data = np.random.default_rng(0).random((2, 20, 20)).astype(np.float32) + 1.0
    data[1, :5] = np.nan
    path = gdal_io.write_raster(str(tmp_path / "gen_el.tif"), data, (500000.0, 100.0, 0, 3000000.0, 0, -100.0),
                                srs.ExportToWkt(), band_names=["Cu", "Au"])
    out = tmp_path / "s.tif"
    meta = stacking.build_stack(str(out), stacking.grid_from_raster(path), elements=path)
    lo, span = meta["normalization"]["params"][1]
    assert lo >= 1.0 and span < 1.0
    a = gdal.Open(str(out)).ReadAsArray()
    assert (a[:, :5] == gdal_io.NODATA).all() and (a[:, 5:] != gdal_io.NODATA).all()
    np.testing.assert_allclose(a[1, 5:], (data[1, 5:] - lo) / span, atol=1e-5)


def test_overwrite_drops_stale_aux_xml(tmp_path):
    """Generated: statistics QGIS/GDAL saved in out.tif.aux.xml for an earlier run must not survive
    when the output is written again (they would override the new file's statistics)."""
    from mfaf.mfaf_plugin.common import gdal_io

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    path = str(tmp_path / "out.tif")
    gdal_io.write_raster(path, np.ones((1, 4, 4), np.float32), (0, 1, 0, 4, 0, -1), srs.ExportToWkt())
    ds = gdal.Open(path)
    ds.GetRasterBand(1).ComputeStatistics(False)
    ds = None
    assert (tmp_path / "out.tif.aux.xml").exists()
    gdal_io.write_raster(path, np.full((1, 4, 4), 7.0, np.float32), (0, 1, 0, 4, 0, -1), srs.ExportToWkt())
    ds = gdal.Open(path)
    stats = ds.GetRasterBand(1).GetStatistics(False, True)
    assert stats[0] == 7.0 and stats[1] == 7.0


def test_element_transforms_log_and_clr_recorded_and_reused(run_alg, tmp_path):
    """Kola moss Ni, Cu, Hg (tests/data) with one Cu value set to 0: log10 and centred log-ratio of the
    element bands computed by hand; the extras stay raw; the transform and its floors are recorded and a
    stack built 'like' it repeats them whatever its own transform option says."""
    from mfaf.mfaf_plugin.common.gdal_io import read_stack_metadata

    names = ["Ni", "Cu", "Hg"]
    elements = _multiband_idw(tmp_path, names)
    ds = gdal.Open(str(elements), gdal.GA_Update)
    cu = ds.GetRasterBand(2).ReadAsArray()
    r, c = np.argwhere(cu > 0)[len(np.argwhere(cu > 0)) // 2]
    cu[r, c] = 0.0  # a value below detection
    ds.GetRasterBand(2).WriteArray(cu)
    ds = None
    raw = gdal.Open(str(elements)).ReadAsArray().astype(np.float64)

    def build(name, **kw):
        out = tmp_path / name
        run_alg("mfaf:stacklayers", dict({"ELEMENTS": str(elements), "EXTRA_RASTERS": [str(data_file("kola",
                "coast_distance.tif"))], "MASK": str(kola_boundary()), "NORMALIZE": 2, "OUTPUT": str(out)}, **kw))
        return gdal.Open(str(out)).ReadAsArray().astype(np.float64), read_stack_metadata(str(out)), out

    plain, meta0, _ = build("none.tif")
    assert "transform" not in meta0["normalization"]  # the default: the stack as before
    valid = plain[0] != -9999
    assert valid[r, c]
    floors = [0.5 * raw[i][valid & (raw[i] > 0)].min() for i in range(3)]
    pos = np.stack([np.where(raw[i] > 0, raw[i], floors[i]) for i in range(3)])
    clr, meta, clr_path = build("clr.tif", ELEMENT_TRANSFORM=2)
    want = np.log(pos) - np.log(pos).mean(axis=0)
    np.testing.assert_allclose(clr[:3][:, valid], want[:, valid], atol=1e-5)
    assert clr[1, r, c] == pytest.approx(want[1, r, c], abs=1e-5)  # the 0 became half the smallest Cu value
    np.testing.assert_allclose(clr[:3][:, valid].sum(axis=0), 0.0, atol=1e-4)  # clr parts sum to 0
    np.testing.assert_array_equal(clr[3][valid], plain[3][valid])  # extras untouched
    rec = meta["normalization"]["transform"]
    assert rec["method"] == "clr" and rec["bands"] == names
    assert rec["floors"] == pytest.approx(floors, rel=1e-6)
    logged, meta_log, _ = build("log.tif", ELEMENT_TRANSFORM=1, NORMALIZE=0)
    lo, span = meta_log["normalization"]["params"][1]
    np.testing.assert_allclose(logged[1][valid], (np.log10(pos[1][valid]) - lo) / span, atol=1e-5)
    # a new stack built like the clr stack: its transform and floors, though its own option says none
    again, meta2, _ = build("again.tif", ELEMENT_TRANSFORM=0, NORMALIZE_LIKE=str(clr_path))
    np.testing.assert_allclose(again[:, valid], clr[:, valid], atol=1e-6)
    assert meta2["normalization"]["transform"] == rec


def test_prediction_refuses_a_stack_with_another_element_transform():
    """Generated metadata: a model trained on clr element bands refuses a stack without the transform, or
    with other floors, and accepts the same record."""
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.prediction.predict import check_compatible

    rec = {"method": "clr", "bands": ["Ni", "Cu"], "floors": [0.05, 0.5]}
    norm = {"method": "none", "params": [None, None]}
    model = {"band_names": ["Ni", "Cu"], "in_channels": 2, "normalization": dict(norm, transform=rec)}
    check_compatible({"bands": ["Ni", "Cu"], "normalization": dict(norm, transform=dict(rec))}, model)
    with pytest.raises(InputError, match="clr of Ni, Cu"):
        check_compatible({"bands": ["Ni", "Cu"], "normalization": norm}, model)
    with pytest.raises(InputError, match="Normalise like"):
        check_compatible({"bands": ["Ni", "Cu"], "normalization": dict(norm, transform=dict(rec, floors=[0.1, 0.5]))},
                         model)
