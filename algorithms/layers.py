"""Turning QGIS layers into what the QGIS-free core takes (arrays, OGR files), in one CRS.

Layers in other CRSs are transformed, not rejected. Distances need a projected CRS: use
:func:`require_projected` where a step measures in map units. :func:`files_read` names every
file a layer source reads (the file behind a URI, and the files GDAL lists for it), and
:func:`field_separator` the separator of the delimited table a layer reads.
"""

import os
import uuid
from typing import List

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingUtils,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from .i18n import tr
from .qgis_compat import GEOMETRY_LINE, GEOMETRY_POINT, GEOMETRY_POLYGON, NOT_DISTANCE_UNITS


_FILE_PROVIDERS = ("ogr", "gdal", "delimitedtext", "spatialite", "virtualraster")


def _decoded_path(source: str, provider: str = "") -> str:
    """The local file a layer source names, as the provider decodes it (``|layername=`` and
    open options removed; ``file:///...csv?delimiter=...`` of a delimited-text layer); "" if none."""
    from qgis.core import QgsProviderRegistry

    text = (source or "").strip()
    if not text:
        return ""
    if not provider:
        provider = "delimitedtext" if text.startswith("file:") else "ogr"
    if provider not in _FILE_PROVIDERS:
        return ""  # databases, web services, memory layers: no local file
    path = QgsProviderRegistry.instance().decodeUri(provider, text).get("path") or ""
    return os.path.abspath(path) if path and os.path.exists(path) else ""


def files_read(source: str, provider: str = "") -> List[str]:
    """Every local file a layer source (or a plain path) reads: the file its URI names and the
    files GDAL lists for that dataset: the CSV behind an OGR VRT (``SrcDataSource``, relative to
    the VRT's folder or not), the rasters of a GDAL VRT, a shapefile's .shx, .dbf and .prj.
    ``provider`` is the layer's data provider ("" for a path or URI given as text)."""
    from osgeo import gdal

    path = _decoded_path(source, provider)
    if not path or os.path.isdir(path):
        return [path] if path else []
    found = [path]
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_RASTER)
        listed = (ds.GetFileList() or []) if ds is not None else []
    except RuntimeError:  # not a GDAL dataset (a model file, a tile dataset): the file alone
        listed = []
    finally:
        gdal.PopErrorHandler()
    found += [os.path.abspath(f) for f in listed if not f.startswith("/vsi") and os.path.abspath(f) != path]
    return found


_TABLE_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab")
_SEPARATORS = (",", ";", "\t", "|")


def _header_separator(path: str):
    """The separator that splits the first line of a delimited file into the most fields (the way
    OGR's CSV driver chooses), or None."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            header = fh.readline()
    except OSError:
        return None
    counts = sorted(((header.count(sep), sep) for sep in _SEPARATORS), reverse=True)
    return counts[0][1] if counts[0][0] > counts[1][0] else None


def field_separator(layer):
    """The field separator of the delimited table a vector layer reads: a delimited-text layer's
    delimiter, or that of the CSV behind an OGR layer (directly or through a VRT); None when the
    layer reads no delimited table (GeoPackage, shapefile, ...) or it cannot be told."""
    from qgis.core import QgsProviderRegistry

    if layer is None:
        return None
    if layer.providerType() == "delimitedtext":
        options = QgsProviderRegistry.instance().decodeUri("delimitedtext", layer.source()).get("openOptions") or []
        options = dict(o.split("=", 1) for o in options if "=" in o)
        if options.get("type", "csv") != "csv":
            return None  # regular expressions, whitespace
        return options.get("delimiter", ",").replace("\\t", "\t")
    for path in files_read(layer.source(), layer.providerType()):
        if path.lower().endswith(_TABLE_EXTENSIONS):
            return _header_separator(path)
    return None


_GEOMETRY_WORDS = {GEOMETRY_POINT: "points", GEOMETRY_LINE: "lines", GEOMETRY_POLYGON: "polygons"}


def require_geometry(source, kind, what: str) -> None:
    """Refuse a layer that is empty or holds another kind of geometry than ``kind`` (a
    ``GEOMETRY_*`` of qgis_compat). ``what``: the parameter's description."""
    from qgis.core import QgsWkbTypes

    if source is None:
        return
    name = source.sourceName()
    if source.featureCount() == 0:
        raise QgsProcessingException(tr("The layer '{}' given as '{}' is empty (it has no features): choose a layer "
                                        "with {}, or leave it out.").format(name, what, _GEOMETRY_WORDS[kind]))
    found = QgsWkbTypes.geometryType(source.wkbType())
    if found != kind:
        raise QgsProcessingException(tr("The layer '{}' given as '{}' holds {}, not {}: choose a layer of {}.").format(
            name, what, _GEOMETRY_WORDS.get(found, tr("no geometry")), _GEOMETRY_WORDS[kind], _GEOMETRY_WORDS[kind]))


def require_projected(crs: QgsCoordinateReferenceSystem, what: str) -> None:
    """Refuse a CRS whose units are not a distance (geographic degrees, or unknown)."""
    if not crs.isValid():
        raise QgsProcessingException(
            tr("{} has no valid coordinate reference system; set one (Layer Properties > Source).").format(what))
    if crs.isGeographic() or crs.mapUnits() in NOT_DISTANCE_UNITS:
        raise QgsProcessingException(
            tr("{} is in {} whose units are not metres: distances and cell sizes need a projected "
               "CRS. Reproject the layer (Vector > Data Management > Reproject Layer) or choose a "
               "projected output CRS.").format(what, crs.authid() or crs.description()))


def _transform(source, target_crs, context):
    if target_crs is None or not target_crs.isValid() or source.sourceCrs() == target_crs:
        return None
    return QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())


def read_points(source, target_crs, context, fields=(), feedback=None, what=None):
    """Read point features as coordinates in ``target_crs`` plus the raw values of ``fields``.

    Multi-point features contribute each of their points (with the feature's values).
    Features without geometry are skipped and counted in the log.

    Returns:
        ``(xy, values)``: float64 array (n, 2) and a dict field -> list of raw attribute
        values (strings, numbers or None, exactly as stored, for the core's cleaning rules).
    """
    what = what or source.sourceName()
    xform = _transform(source, target_crs, context)
    names = [f.name() for f in source.fields()]
    for f in fields:
        if f not in names:
            raise QgsProcessingException(tr("Layer '{}' has no field '{}'.").format(what, f))
    idx = [names.index(f) for f in fields]
    xy, values, skipped = [], {f: [] for f in fields}, 0
    request = QgsFeatureRequest()
    if not fields:
        request.setNoAttributes()
    for feat in source.getFeatures(request):
        geom = feat.geometry()
        if geom is None or geom.isNull() or geom.isEmpty():
            skipped += 1
            continue
        if xform is not None:
            geom.transform(xform)
        attrs = feat.attributes()
        for part in geom.constParts():
            xy.append((part.x(), part.y()))
            for f, i in zip(fields, idx):
                v = attrs[i]
                values[f].append(None if v is None or (hasattr(v, "isNull") and v.isNull()) else v)
    if skipped and feedback is not None:
        feedback.pushWarning(tr("{}: {} features without geometry were skipped.").format(what, skipped))
    return np.asarray(xy, dtype=np.float64).reshape(-1, 2), values


def export_to_ogr(source, target_crs, context, feedback=None, what=None) -> str:
    """Write ``source``'s features, transformed to ``target_crs``, to a temporary GeoPackage.

    The core then reads it with OGR (e.g. for ``gdal.Rasterize``). The user's layer is never
    modified. Returns the GeoPackage path (one layer).
    """
    what = what or source.sourceName()
    path = os.path.join(QgsProcessingUtils.tempFolder(), "mfaf_{}.gpkg".format(uuid.uuid4().hex))
    crs = target_crs if target_crs is not None and target_crs.isValid() else source.sourceCrs()
    layer = QgsVectorLayer("{}?crs={}".format(_wkb_name(source), crs.toWkt()), "tmp", "memory")
    layer.dataProvider().addAttributes(source.fields().toList())
    layer.updateFields()
    xform = _transform(source, target_crs, context)
    feats = []
    for feat in source.getFeatures():
        geom = feat.geometry()
        if geom is None or geom.isNull():
            continue
        if xform is not None:
            geom.transform(xform)
            feat.setGeometry(geom)
        feats.append(feat)
    layer.dataProvider().addFeatures(feats)
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = "data"
    # the GeoPackage key column gets a name of its own, so that a "fid" attribute (text, or numbers
    # that repeat, as in layers exported from a GeoPackage and edited) is copied as a plain field
    opts.layerOptions = ["FID=mfaf_fid"]
    error, message = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, context.transformContext(), opts)[:2]
    if error != QgsVectorFileWriter.WriterError.NoError:
        raise QgsProcessingException(tr("Could not copy layer '{}': {}").format(what, message))
    return path


def _wkb_name(source) -> str:
    from qgis.core import QgsWkbTypes

    return QgsWkbTypes.displayString(source.wkbType()) or "Unknown"


def points_inside(source, xy, crs, context) -> "np.ndarray":
    """Boolean per point of ``xy`` (coordinates in ``crs``): inside a polygon of ``source``."""
    from qgis.core import QgsGeometry, QgsPointXY

    xform = _transform(source, crs, context)
    geoms = []
    for f in source.getFeatures():
        g = QgsGeometry(f.geometry())
        if g.isNull() or g.isEmpty():
            continue
        if xform is not None:
            g.transform(xform)
        geoms.append(g)
    inside = np.zeros(len(xy), dtype=bool)
    if not geoms:
        return inside
    union = QgsGeometry.unaryUnion(geoms)
    engine = QgsGeometry.createGeometryEngine(union.constGet())
    engine.prepareGeometry()
    for i, (x, y) in enumerate(np.asarray(xy, dtype=float).reshape(-1, 2)):
        point = QgsGeometry.fromPointXY(QgsPointXY(x, y))  # kept alive while the engine reads it
        inside[i] = engine.intersects(point.constGet())
    return inside
