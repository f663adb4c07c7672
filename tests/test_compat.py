"""One code base for QGIS 3.22 (Python 3.11, numpy 1.x) up to 3.44 (numpy 2.4) and QGIS 4 (Qt6).

The spellings newer QGIS, Qt6 and numpy dropped stay out of the repository (only
algorithms/qgis_compat.py and mfaf_plugin/common/numpy_compat.py name the old ones, as fallbacks), no
file names a Python minor version, and the version guards do the right thing on the running
QGIS: styles go into a real GeoPackage, fields get the type their Python type says."""

import functools
import re
import subprocess
import sys
import sysconfig
import warnings

import pytest

from mfaf_testing import REPO

COMPAT = "algorithms/qgis_compat.py"
# (what, pattern, files allowed to hold it as a fallback)
DEPRECATED = [
    ("style storage before 3.34", r"isSaveAndLoadStyleToDatabaseSupported", {COMPAT}),
    ("np.trapz (gone in numpy 2.4)", r"\bnp\.trapz\b", {"numpy_compat.py"}),
    ("unscoped Processing flags", r"\bFlag(Advanced|Optional|Hidden|NoThreading)\b", {COMPAT}),
    ("unscoped number types", r"QgsProcessingParameterNumber\.(Integer|Double)\b", set()),
    ("unscoped source types", r"QgsProcessing\.Type[A-Z]", set()),
    ("unscoped field/file parameter enums", r"QgsProcessingParameter(Field|File)\.[A-Z]", set()),
    ("QVariant field types", r"\bQVariant\.[A-Z]", {COMPAT}),
    ("unscoped message levels", r"\bQgis\.(Info|Warning|Critical|Success|NoLevel)\b", set()),
    ("writeAsVectorFormat before V3", r"writeAsVectorFormat(V2)?\(", set()),
    ("QgsWkbTypes/QgsUnitTypes enums", r"\b(QgsWkbTypes|QgsUnitTypes)\.[A-Z]", set()),
    ("unscoped CRS/feature enums", r"QgsCoordinateReferenceSystem\.WKT_|QgsFeatureRequest\.[A-Z]\w*Flag|"
                                   r"QgsFeatureSink\.FastInsert", set()),
    ("PyQt5 instead of qgis.PyQt", r"\b(from|import) PyQt5\b", set()),
    ("exec_ (Qt5 only)", r"\.exec_\(", set()),
    ("unscoped Qt enums", r"\b(Qt|QImage|QSettings|QDialog|QMessageBox|QSizePolicy)\.[A-Z]\w*\b(?![.(\w])", set()),
]
PYTHON_VERSION_LITERALS = [
    r"python3\.\d",                       # .venv/lib/python3.N, /usr/bin/python3.N, mfaf_deps/python3.N
    r"\b(cp|py)3\d{1,2}\b",               # wheel tags
    r"[\"']3\.1\d[\"']",                  # "3.N" quoted
    r"version_info\s*[<>=!]+\s*\(3,\s*\d",  # sys.version_info compared with (3, N)
]


@functools.lru_cache(maxsize=1)
def _repository_files():
    """Python, shell and Markdown files git tracks or would add (not the venv, build or data)."""
    names = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=str(REPO),
                           capture_output=True, text=True, check=True).stdout.split()
    files = []
    for name in names:
        path = REPO / name
        if not path.is_file() or name == "tests/test_compat.py":
            continue
        if name.endswith((".py", ".sh", ".md")) or path.name == "Makefile" or (
                "." not in path.name and path.read_bytes()[:2] == b"#!"):
            files.append((name, path.read_text(encoding="utf-8", errors="replace")))
    return tuple(files)


def _hits(pattern, allowed=()):
    rx = re.compile(pattern, re.IGNORECASE if pattern.startswith("python") else 0)
    return ["{}:{}: {}".format(name, i, line.strip())
            for name, text in _repository_files() if not any(name.endswith(a) for a in allowed)
            for i, line in enumerate(text.splitlines(), 1) if rx.search(line)]


def test_scan_finds_what_it_looks_for():
    """The scan itself works: it sees the fallbacks where they are allowed to live."""
    style = _hits(DEPRECATED[0][1])
    assert style and all(h.startswith(COMPAT + ":") for h in style), style
    assert any("numpy_compat.py:" in h for h in _hits(DEPRECATED[1][1]))


@pytest.mark.parametrize("what,pattern,allowed", DEPRECATED, ids=[d[0] for d in DEPRECATED])
def test_no_deprecated_spelling(what, pattern, allowed):
    assert _hits(pattern, allowed) == [], what


@pytest.mark.parametrize("pattern", PYTHON_VERSION_LITERALS)
def test_no_python_minor_version_literal(pattern):
    """Paths and checks compute the Python version (sysconfig, sys.version_info): a hard-coded
    python3.N path silently drops the venv on another Python (Debian 13 has a newer one)."""
    assert _hits(pattern) == []


def test_qtwebkit_only_behind_a_guard():
    """Qt6 has no QtWebKit: every import of it sits in a try whose except catches ImportError."""
    for name, text in _repository_files():
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if re.search(r"import.*QtWebKit|QtWebKit\w* import", line):
                assert lines[i - 1].strip() == "try:" and "except ImportError" in lines[i + 1], (name, i + 1)


def test_metadata_admits_qgis_4():
    import configparser

    meta = configparser.ConfigParser()
    meta.read(REPO / "metadata.txt", encoding="utf-8")
    assert meta["general"]["qgisMinimumVersion"] == "3.22"
    assert meta["general"]["qgisMaximumVersion"] == "4.99"


def test_qgis_process_puts_the_venv_of_this_python_first(tmp_path):
    """scripts/qgis_env.sh (used by scripts/qgis_process and demo.sh) finds .venv's site-packages
    by asking its interpreter, so it is right for any Python version."""
    venv_site = sysconfig.get_path("purelib", "posix_prefix", vars={"base": str(REPO / ".venv")})
    if not (REPO / ".venv" / "bin" / "python").exists():
        pytest.skip("no .venv (make setup)")
    res = subprocess.run(["bash", "-c", 'source scripts/qgis_env.sh; printf "%s\\n%s" "$PYTHONPATH" "$MFAF_PYTHON"'],
                         cwd=str(REPO), capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert res.returncode == 0, res.stderr
    pythonpath, python = res.stdout.splitlines()
    assert pythonpath.split(":")[0] == venv_site
    assert python == str(REPO / ".venv" / "bin" / "python")


def test_trapezoid_without_deprecation():
    import numpy as np

    from mfaf.mfaf_plugin.common.numpy_compat import trapezoid

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy 2.0-2.3 warn on np.trapz
        assert trapezoid([0.0, 0.5, 1.0], [0.0, 0.5, 1.0]) == pytest.approx(0.5)
        area = trapezoid(np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([[0.0, 1.0], [0.0, 2.0]]), axis=1)
    assert area.tolist() == [0.5, 2.0]


def test_scoped_enums_where_this_qgis_has_them(qgis_app):
    from qgis.core import Qgis

    from mfaf.algorithms import qgis_compat as c

    scoped = {"ADVANCED": ("ProcessingParameterFlag", "Advanced"),
              "INTEGER": ("ProcessingNumberParameterType", "Integer"),
              "POINTS": ("ProcessingSourceType", "VectorPoint"), "WKB_POLYGON": ("WkbType", "Polygon"),
              "NO_THREADING": ("ProcessingAlgorithmFlag", "NoThreading")}
    for name, (enum, member) in scoped.items():
        if hasattr(Qgis, enum):
            assert getattr(c, name) is getattr(getattr(Qgis, enum), member), name
    # the same numbers either way: flags and types stored in models and settings keep their meaning
    assert (int(c.ADVANCED), int(c.OPTIONAL), int(c.INTEGER), int(c.DOUBLE)) == (2, 8, 0, 1)
    assert (int(c.POINTS), int(c.LINES), int(c.POLYGONS), int(c.RASTER), int(c.TABLE)) == (0, 1, 2, 3, 5)
    assert int(c.WKB_POLYGON) == 3 and int(c.WKB_NO_GEOMETRY) == 100


def test_fields_have_the_type_of_their_python_type(qgis_app, tmp_path):
    """new_field gives QMetaType types from QGIS 3.38 (QVariant types before, without a
    deprecation warning either way), and the values come back from a GeoPackage as written."""
    from qgis.core import (Qgis, QgsCoordinateTransformContext, QgsFeature, QgsFields, QgsGeometry,
                           QgsPointXY, QgsVectorFileWriter, QgsVectorLayer)

    from mfaf.algorithms.qgis_compat import FIELDS_TAKE_METATYPE, new_field

    assert FIELDS_TAKE_METATYPE == (Qgis.QGIS_VERSION_INT >= 33800)
    values = {"n": 7, "p": 0.25, "s": "greenfield", "b": True}
    fields = QgsFields()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for name, value in values.items():
            fields.append(new_field(name, type(value)))
    assert [f.isNumeric() for f in fields] == [True, True, False, False]
    assert [int(f.type()) for f in fields] == [2, 6, 10, 1]  # Int, Double, QString, Bool (same ids in both)
    layer = QgsVectorLayer("Point?crs=EPSG:32650", "generated", "memory")
    layer.dataProvider().addAttributes(fields.toList())
    layer.updateFields()
    feat = QgsFeature(layer.fields())
    feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(500000, 2800000)))
    feat.setAttributes(list(values.values()))
    assert layer.dataProvider().addFeatures([feat])[0]
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    path = str(tmp_path / "generated.gpkg")
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, QgsCoordinateTransformContext(), options)[0]
    assert error == QgsVectorFileWriter.WriterError.NoError
    back = next(QgsVectorLayer(path, "back", "ogr").getFeatures())
    assert {name: back[name] for name in values} == values
    assert [type(back[name]) for name in values] == [int, float, str, bool]


def _generated_layer(tmp_path, ext, driver):
    from qgis.core import (QgsCoordinateTransformContext, QgsFeature, QgsGeometry, QgsRectangle,
                           QgsVectorFileWriter, QgsVectorLayer)

    from mfaf.algorithms.qgis_compat import new_field

    mem = QgsVectorLayer("Polygon?crs=EPSG:32650", "generated", "memory")
    mem.dataProvider().addAttributes([new_field("probability", float), new_field("rank", int)])
    mem.updateFields()
    feat = QgsFeature(mem.fields())
    feat.setGeometry(QgsGeometry.fromRect(QgsRectangle(500000, 2800000, 501000, 2801000)))
    feat.setAttributes([0.8, 1])
    mem.dataProvider().addFeatures([feat])
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = driver
    path = str(tmp_path / ("cells." + ext))
    assert QgsVectorFileWriter.writeAsVectorFormatV3(mem, path, QgsCoordinateTransformContext(), options)[0] == 0
    return path, mem


def test_style_storage_guard_on_a_real_geopackage(qgis_app, tmp_path):
    """The check that failed on QGIS 3.40 (isSaveAndLoadStyleToDatabaseSupported is gone since
    3.34): a GeoPackage stores its style in layer_styles, GeoJSON and memory layers do not, and
    save_vector_style puts the shipped all_cells style into the GeoPackage (no QML sidecar)."""
    from qgis.core import QgsVectorLayer

    from mfaf.algorithms.qgis_compat import stores_styles
    from mfaf.algorithms.styling import save_vector_style

    gpkg, mem = _generated_layer(tmp_path, "gpkg", "GPKG")
    geojson = _generated_layer(tmp_path, "geojson", "GeoJSON")[0]
    assert stores_styles(QgsVectorLayer(gpkg, "cells", "ogr"))
    assert not stores_styles(QgsVectorLayer(geojson, "cells", "ogr"))
    assert not stores_styles(mem)

    assert save_vector_style(gpkg, "all_cells.qml", "All cells") == gpkg
    assert not (tmp_path / "cells.qml").exists()
    reopened = QgsVectorLayer(gpkg, "cells", "ogr")  # loads the default style from layer_styles
    count, ids, names, _descriptions, _error = reopened.listStylesInDatabase()
    assert count == 1 and names == ["All cells"], (count, names)
    assert reopened.renderer().type() == "singleSymbol"  # the shipped all_cells style: outlines only
    assert save_vector_style(geojson, "all_cells.qml", "All cells") == str(tmp_path / "cells.qml")
