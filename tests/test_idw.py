"""Stage 2: IDW rasters agree with GDAL's gdal.Grid; mfaf:idwrasters outputs, qgis_process and a modeler-like chain."""

import numpy as np
import pytest
from osgeo import gdal, ogr

from mfaf_testing import data_file, kola_layers, kola_moss_points, qgis_process_json

from mfaf.mfaf_plugin.data import interpolation
from mfaf.mfaf_plugin.common import gdal_io
from mfaf.mfaf_plugin.common.errors import Canceled, InputError

gdal.UseExceptions()


@pytest.fixture(scope="module")
def moss_sites():
    """Real, irregularly spaced: the 594 Kola moss sites (4 to 35 km apart), Ni and Cu values."""
    return kola_moss_points(["Ni", "Cu"])


def _gdal_reference(xy, z, grid, algorithm):
    """gdal.Grid run independently of the plugin (as gdal_grid does), nodata -> NaN."""
    src = gdal.GetDriverByName("Memory").Create("", 0, 0, 0, gdal.GDT_Unknown)
    lyr = src.CreateLayer("p", geom_type=ogr.wkbPoint25D)
    for (x, y), v in zip(xy, z):
        f = ogr.Feature(lyr.GetLayerDefn())
        g = ogr.Geometry(ogr.wkbPoint25D)
        g.AddPoint(float(x), float(y), float(v))
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    out = gdal.Grid("", src, format="MEM", outputType=gdal.GDT_Float64, width=grid.cols, height=grid.rows,
                    outputBounds=[grid.xmin, grid.ymax, grid.xmax, grid.ymin],
                    algorithm=algorithm + ":nodata=-1e30")
    a = out.ReadAsArray()
    return np.where(a == -1e30, np.nan, a)


def _assert_close(ours, ref, rtol=1e-4):
    assert ours.shape == ref.shape
    assert (np.isnan(ours) == np.isnan(ref)).all()
    ok = ~np.isnan(ref)
    np.testing.assert_allclose(ours[ok], ref[ok], rtol=rtol)


def _grid_for(xy, cols, rows):
    ext = (xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max())
    return interpolation.grid_spec(ext, width=cols, height=rows)


def test_all_points_matches_gdal_invdist(moss_sites):
    xy, values, _ = moss_sites
    grid = _grid_for(xy, 73, 61)
    ours = interpolation.interpolate_elements(xy, values, grid, power=2.0)
    for i, el in enumerate(values):
        _assert_close(ours[i], _gdal_reference(xy, values[el], grid, "invdist:power=2"))
    # and with the plain formula at pixel centres (float64)
    x, y = np.meshgrid(grid.centres_x(), grid.centres_y())
    d2 = (x[..., None] - xy[:, 0]) ** 2 + (y[..., None] - xy[:, 1]) ** 2
    w = 1.0 / d2
    np.testing.assert_allclose(ours[0], (w * values["Ni"]).sum(-1) / w.sum(-1), rtol=1e-4)
    # a search radius (all points within it), some pixels left empty
    r = 6000.0
    ours = interpolation.interpolate_elements(xy, {"Ni": values["Ni"]}, grid, radius=r)[0]
    wr = np.where(d2 <= r * r, w, 0.0)
    ws = wr.sum(-1)
    ref = np.where(ws > 0, (wr * values["Ni"]).sum(-1) / np.where(ws > 0, ws, 1), np.nan)
    assert np.isnan(ref).any() and not np.isnan(ref).all()
    _assert_close(ours, ref)


@pytest.fixture(scope="module")
def usgs_points():
    """Real, irregularly spaced: USGS NGS samples (Albers metres) with Pb and Cu (blank rows dropped).

    The k-nearest comparison needs irregular points without ties: on a lattice, equidistant 12th and
    13th neighbours are common and GDAL breaks such ties in its own search order. For the same
    reason the 631 repeated locations (soil and sediment at one site) are dropped here (first kept)."""
    import csv

    with open(data_file("usgs_ngs", "ngs_geochem_2858.csv"), newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["PB_ICP40"].strip() and r["CU_ICP40"].strip()]
    xy = np.array([[float(r["x_albers"]), float(r["y_albers"])] for r in rows])
    values = {"Pb": np.array([float(r["PB_ICP40"]) for r in rows]),
              "Cu": np.array([float(r["CU_ICP40"]) for r in rows])}
    _, first = np.unique(xy, axis=0, return_index=True)
    first = np.sort(first)
    assert len(first) > 2000
    return xy[first], {k: v[first] for k, v in values.items()}


@pytest.mark.parametrize("radius", [0.0, 30000.0])
def test_knn_matches_gdal_invdistnn(usgs_points, radius):
    xy, values = usgs_points
    grid = _grid_for(xy, 67, 59)
    ours = interpolation.interpolate_elements(xy, values, grid, power=2.0, radius=radius, max_points=12)
    r = radius if radius > 0 else 1e12
    for i, el in enumerate(values):
        ref = _gdal_reference(xy, values[el], grid, "invdistnn:power=2:max_points=12:radius={}".format(r))
        _assert_close(ours[i], ref)
    if radius:
        assert np.isnan(ours).any()


def test_knn_point_on_pixel_centre_and_radius_edge():
    """Generated: points exactly on pixel centres and exactly at the radius, as gdal invdistnn treats them."""
    grid = interpolation.GridSpec(0.0, 10.0, 1.0, 1.0, 10, 10)
    # two points on pixel centres; (5.5, 5.5) is exactly 2 and 3 from the centres (5.5, 3.5), (5.5, 2.5)
    xy = np.array([[2.5, 7.5], [5.5, 5.5], [8.31, 1.47], [0.77, 0.21], [6.13, 9.04], [3.93, 2.21]])
    z = np.array([1.0, 4.0, 2.0, 8.0, 3.0, 5.0])
    for radius in (0.0, 2.0, 3.0):
        ours = interpolation.idw_knn(xy, z, grid, 2.0, radius, 3)
        ref = _gdal_reference(xy, z, grid, "invdistnn:power=2:max_points=3:radius={}".format(radius or 1e12))
        _assert_close(ours, ref)
    assert ours[2, 2] == 1.0 and ours[4, 5] == 4.0


def test_grid_spec_and_memory_refusal():
    g = interpolation.grid_spec((0, 0, 100, 50), pixel_size=30)
    assert (g.cols, g.rows, g.geotransform) == (4, 2, (0.0, 30.0, 0.0, 50.0, 0.0, -30.0))
    g = interpolation.grid_spec((0, 0, 100, 50), pixel_size=30, width=1560, height=1560)
    assert (g.cols, g.rows) == (1560, 1560) and g.pixel_x == pytest.approx(100 / 1560)
    with pytest.raises(InputError, match="pixel size"):
        interpolation.grid_spec((0, 0, 100, 50))
    with pytest.raises(InputError, match="GiB"):
        interpolation.check_memory(interpolation.GridSpec(0, 0, 1, 1, 100000, 100000), 8, available=16 << 30)


def test_cancel_between_elements(moss_sites):
    xy, values, _ = moss_sites
    grid = _grid_for(xy, 20, 20)
    calls = []

    def is_canceled():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Canceled):
        interpolation.interpolate_elements(xy, values, grid, is_canceled=is_canceled)


@pytest.fixture(scope="module")
def kola(tmp_path_factory):
    """Kola moss sites (Ni, Cu, Hg, Sc) and the smelter-area sites as the label points."""
    return kola_layers(tmp_path_factory.mktemp("kola_idw"), ["Ni", "Cu", "Hg", "Sc"])


def test_idwrasters_outputs(run_alg, kola, tmp_path):
    samples, _ = kola
    xy, values, _ = kola_moss_points(["Ni", "Cu"])
    out = str(tmp_path / "idw.tif")
    res = run_alg("mfaf:idwrasters", {"INPUT": samples, "FIELDS": ["Ni", "Cu"], "PIXEL_SIZE": 25000,
                                      "MAX_POINTS": 12, "OUTPUT": out})
    assert res["OUTPUT"] == out
    ds = gdal.Open(out)
    assert ds.RasterCount == 2
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(2)] == ["Ni", "Cu"]
    assert ds.GetRasterBand(1).GetNoDataValue() == gdal_io.NODATA
    assert ds.GetRasterBand(1).DataType == gdal.GDT_Float32
    gt = ds.GetGeoTransform()
    assert gt[0] == pytest.approx(xy[:, 0].min()) and gt[3] == pytest.approx(xy[:, 1].max())
    assert gt[1] == 25000 and gt[5] == -25000
    assert ds.RasterXSize == int(np.ceil(np.ptp(xy[:, 0]) / 25000))
    grid = interpolation.GridSpec(gt[0], gt[3], 25000.0, 25000.0, ds.RasterXSize, ds.RasterYSize)
    ref = _gdal_reference(xy, values["Cu"], grid, "invdistnn:power=2:max_points=12:radius=1e12")
    _assert_close(ds.GetRasterBand(2).ReadAsArray().astype(np.float64), ref)
    assert "EPSG\",\"32635" in ds.GetProjection() or "UTM zone 35N" in ds.GetProjection()


def test_idwrasters_width_height_log(run_alg, kola, tmp_path):
    samples, _ = kola
    xy, values, _ = kola_moss_points(["Ni"])
    res = run_alg("mfaf:idwrasters", {"INPUT": samples, "FIELDS_STRING": "Ni", "WIDTH": 40, "HEIGHT": 30,
                                      "PIXEL_SIZE": 1, "LOG_TRANSFORM": True, "OUTPUT": str(tmp_path / "wh.tif")})
    ds = gdal.Open(res["OUTPUT"])
    assert (ds.RasterXSize, ds.RasterYSize, ds.RasterCount) == (40, 30, 1)
    assert ds.GetGeoTransform()[1] == pytest.approx(np.ptp(xy[:, 0]) / 40)
    a = ds.ReadAsArray()
    grid = _grid_for(xy, 40, 30)
    ref = _gdal_reference(xy, np.log10(values["Ni"]), grid, "invdist:power=2")
    _assert_close(a.astype(np.float64), ref)


def test_idwrasters_errors(run_alg, kola, tmp_path):
    from qgis.core import QgsProcessingException

    samples, _ = kola
    with pytest.raises(QgsProcessingException, match="no field 'Xx'"):
        run_alg("mfaf:idwrasters", {"INPUT": samples, "FIELDS_STRING": "Ni,Xx", "PIXEL_SIZE": 20000,
                                    "OUTPUT": str(tmp_path / "e.tif")})
    with pytest.raises(QgsProcessingException, match="memory"):
        run_alg("mfaf:idwrasters", {"INPUT": samples, "FIELDS": ["Ni"], "WIDTH": 400000, "HEIGHT": 400000,
                                    "OUTPUT": str(tmp_path / "big.tif")})
    assert not (tmp_path / "big.tif").exists()
    with pytest.raises(QgsProcessingException, match="projected"):
        run_alg("mfaf:idwrasters", {"INPUT": samples, "FIELDS": ["Ni"], "PIXEL_SIZE": 0.1,
                                    "TARGET_CRS": "EPSG:4326", "OUTPUT": str(tmp_path / "g.tif")})


def test_idwrasters_target_crs(run_alg, kola, tmp_path):
    samples, _ = kola
    res = run_alg("mfaf:idwrasters", {"INPUT": samples, "FIELDS": ["Sc"], "PIXEL_SIZE": 30000,
                                      "TARGET_CRS": "EPSG:3857", "OUTPUT": str(tmp_path / "m.tif")})
    ds = gdal.Open(res["OUTPUT"])
    assert "Pseudo-Mercator" in ds.GetProjection()
    assert 2.4e6 < ds.GetGeoTransform()[0] < 2.8e6  # Kola, west edge near 24 E, metres east in web mercator


def test_qgis_process_idwrasters(kola, tmp_path):
    samples, _ = kola
    out = tmp_path / "qp.tif"
    data = qgis_process_json("run", "mfaf:idwrasters", "--", "INPUT={}".format(samples), "FIELDS_STRING=Ni,Hg",
                             "PIXEL_SIZE=30000", "MAX_POINTS=12", "RADIUS=50000", "OUTPUT={}".format(out))
    assert data["results"]["OUTPUT"] == str(out)
    ds = gdal.Open(str(out))
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)] == ["Ni", "Hg"]
    # the style travels with the file: band 1 (Ni) in grey over its own range, not bands 1-3 as RGB
    qml = (tmp_path / "qp.qml").read_text()
    assert 'type="singlebandgray"' in qml and 'grayBand="1"' in qml
    low, high = ds.GetRasterBand(1).ComputeRasterMinMax(False)
    assert "<minValue>{!r}</minValue>".format(low) in qml and "<maxValue>{!r}</maxValue>".format(high) in qml


def test_chain_screening_to_idw(run_alg, kola, tmp_path):
    """Modeler-like chain: screenelements SELECTED_FIELDS -> idwrasters FIELDS_STRING."""
    samples, deposits = kola
    scr = run_alg("mfaf:screenelements", {"INPUT": samples, "DEPOSITS": deposits, "RADIUS": 5000,
                                          "OUTPUT": "memory:"})
    selected = scr["SELECTED_FIELDS"]
    assert "Ni" in selected.split(",")
    res = run_alg("mfaf:idwrasters", {"INPUT": samples, "FIELDS_STRING": selected, "PIXEL_SIZE": 30000,
                                      "MAX_POINTS": 12, "OUTPUT": str(tmp_path / "chain.tif")})
    ds = gdal.Open(res["OUTPUT"])
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)] == selected.split(",")


def test_model_chain_screening_to_idw(run_alg, kola, tmp_path):
    """A real Processing model (as built in the graphical modeler): screenelements' SELECTED_FIELDS
    output string feeds idwrasters' FIELDS_STRING."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Src,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFeatureSource,
    )

    samples, deposits = kola
    model = QgsProcessingModelAlgorithm("screen_then_idw", "tests")
    for name in ("samples", "deposits"):
        model.addModelParameter(QgsProcessingParameterFeatureSource(name, name), QgsProcessingModelParameter(name))
    screen = QgsProcessingModelChildAlgorithm("mfaf:screenelements")
    screen.setChildId("screen")
    screen.addParameterSources("INPUT", [Src.fromModelParameter("samples")])
    screen.addParameterSources("DEPOSITS", [Src.fromModelParameter("deposits")])
    screen.addParameterSources("RADIUS", [Src.fromStaticValue(5000)])
    model.addChildAlgorithm(screen)
    idw = QgsProcessingModelChildAlgorithm("mfaf:idwrasters")
    idw.setChildId("idw")
    idw.addParameterSources("INPUT", [Src.fromModelParameter("samples")])
    idw.addParameterSources("FIELDS_STRING", [Src.fromChildOutput("screen", "SELECTED_FIELDS")])
    idw.addParameterSources("PIXEL_SIZE", [Src.fromStaticValue(30000)])
    idw.addParameterSources("MAX_POINTS", [Src.fromStaticValue(12)])
    out = QgsProcessingModelOutput("rasters")
    out.setChildId("idw")
    out.setChildOutputName("OUTPUT")
    idw.setModelOutputs({"rasters": out})
    model.addChildAlgorithm(idw)
    model.updateDestinationParameters()
    dest = [p.name() for p in model.destinationParameterDefinitions()]
    assert len(dest) == 1
    path = str(tmp_path / "model.tif")
    res = run_alg(model, {"samples": samples, "deposits": deposits, dest[0]: path})
    ds = gdal.Open(res[dest[0]])
    names = [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]
    assert "Ni" in names and "Hg" not in names


def test_available_memory_counts_reclaimable_cache():
    """The memory check compares with what the system can hand out (MemAvailable on Linux), not only the
    never-used pages (MemFree), which on a machine with a warm file cache refuses grids that fit."""
    import os

    if not os.path.exists("/proc/meminfo"):
        pytest.skip("no /proc/meminfo")
    with open("/proc/meminfo") as fh:
        info = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in fh}
    got = interpolation._available_bytes()
    assert abs(got - info["MemAvailable"]) <= 0.1 * info["MemTotal"]
    assert got >= info["MemFree"] - 0.05 * info["MemTotal"]
