"""Batch safety: one algorithm instance runs on two survey areas in one QGIS process (as the
batch dialog does, row after row) and each result belongs to its own area."""

from osgeo import gdal, osr

from mfaf_testing import REPO, data_file, kola_layers


def _epsg(path):
    return osr.SpatialReference(wkt=gdal.Open(str(path)).GetProjection()).GetAuthorityCode(None)


def test_screen_then_stack_two_areas_one_instance(mfaf_provider, tmp_path):
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    ex = REPO / "resources" / "example"
    samples, deposits = kola_layers(tmp_path, ["Ni", "Cu", "Hg"])
    alg = QgsApplication.processingRegistry().createAlgorithmById("mfaf:stacklayers")
    areas = {
        "murchison": {
            "EXTENT": "352782.9,682589.6,6699742.0,7101484.0 [EPSG:20350]", "PIXEL_SIZE": 5000,
            "TARGET_CRS": "EPSG:20350", "GEOLOGY": str(ex / "murchison_greenstone.geojson"),
            "FAULTS": str(ex / "murchison_faults.geojson"), "OUTPUT": str(tmp_path / "murchison.tif"),
        },
        "kola": {
            "ELEMENTS": str(data_file("kola", "moss_idw_Ni.tif")),
            "OUTPUT": str(tmp_path / "kola.tif"),
        },
    }
    results = {}
    for name, params in areas.items():  # the same instance, row after row
        context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
        res, ok = alg.run(params, context, feedback)
        assert ok, (name, feedback.textLog())
        results[name] = res
    m, ko = gdal.Open(results["murchison"]["OUTPUT"]), gdal.Open(results["kola"]["OUTPUT"])
    assert results["murchison"]["OUTPUT"] != results["kola"]["OUTPUT"]
    assert _epsg(results["murchison"]["OUTPUT"]) == "20350"
    assert _epsg(results["kola"]["OUTPUT"]) == "32635"
    assert [m.GetRasterBand(i + 1).GetDescription() for i in range(m.RasterCount)] == ["geology", "fault_distance"]
    assert ko.RasterCount == 1
    assert m.GetGeoTransform()[1] == 5000
    assert (ko.RasterYSize, ko.RasterXSize) == (104, 99)  # rows x cols of moss_idw_Ni.tif

    # screening twice on one instance with different radii: the second run sees its own radius
    screen = QgsApplication.processingRegistry().createAlgorithmById("mfaf:screenelements")
    counts = []
    for radius in (5000, 20000):
        res, ok = screen.run({"INPUT": samples, "DEPOSITS": deposits, "RADIUS": radius,
                              "OUTPUT": "TEMPORARY_OUTPUT"}, QgsProcessingContext(), QgsProcessingFeedback())
        assert ok
        counts.append(res["SELECTED_FIELDS"])
    assert "Ni" in counts[0] and "Ni" in counts[1]
