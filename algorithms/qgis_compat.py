"""The one place where the plugin bridges the QGIS versions it runs on: 3.22 LTR up to 3.44 and
QGIS 4 (Qt6).

Newer QGIS moved many enums into scoped ``Qgis`` enums and deprecated the old spellings, which
Qt6 builds drop: geometry types and distance units in 3.30, the Processing enums (parameter
flags and types, source types, algorithm flags) and the WKT variants in 3.36. Fields take
``QMetaType.Type`` since 3.38 (Qt6 has no ``QVariant.Type``), and 3.34 replaced
``isSaveAndLoadStyleToDatabaseSupported`` with ``styleStorageCapabilities``.

Each name below is decided once, when the module is imported, by whether the running QGIS has
the new form (never by its version number); the old spelling is only looked up where the new
one is missing, so this module imports on every version. Everything else in the plugin uses
these names, never the old spellings (tests/test_compat.py keeps them out).

Spellings that work unchanged from 3.22 to 4 (``Qgis.MessageLevel.Warning``,
``QgsFeatureSink.Flag.FastInsert``, ``QgsVectorFileWriter.writeAsVectorFormatV3``, scoped Qt
enums such as ``Qt.ItemDataRole.DisplayRole``) are used directly and need nothing here.
"""

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsField,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsUnitTypes,
    QgsVectorDataProvider,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QMetaType


def _scoped(enum: str, member: str, legacy_owner, legacy_name: str):
    """``Qgis.<enum>.<member>`` where the running QGIS has that scoped enum, else the old
    ``<legacy_owner>.<legacy_name>``."""
    scoped = getattr(Qgis, enum, None)
    if scoped is not None:
        return getattr(scoped, member)
    return getattr(legacy_owner, legacy_name)


# Processing parameter definitions (Qgis.ProcessingParameterFlag etc., QGIS 3.36)
ADVANCED = _scoped("ProcessingParameterFlag", "Advanced", QgsProcessingParameterDefinition, "FlagAdvanced")
OPTIONAL = _scoped("ProcessingParameterFlag", "Optional", QgsProcessingParameterDefinition, "FlagOptional")
INTEGER = _scoped("ProcessingNumberParameterType", "Integer", QgsProcessingParameterNumber, "Integer")
DOUBLE = _scoped("ProcessingNumberParameterType", "Double", QgsProcessingParameterNumber, "Double")
FIELD_ANY = _scoped("ProcessingFieldParameterDataType", "Any", QgsProcessingParameterField, "Any")
FOLDER = _scoped("ProcessingFileParameterBehavior", "Folder", QgsProcessingParameterFile, "Folder")
NO_THREADING = _scoped("ProcessingAlgorithmFlag", "NoThreading", QgsProcessingAlgorithm, "FlagNoThreading")

# Processing source and sink types (Qgis.ProcessingSourceType, QGIS 3.36)
POINTS = _scoped("ProcessingSourceType", "VectorPoint", QgsProcessing, "TypeVectorPoint")
LINES = _scoped("ProcessingSourceType", "VectorLine", QgsProcessing, "TypeVectorLine")
POLYGONS = _scoped("ProcessingSourceType", "VectorPolygon", QgsProcessing, "TypeVectorPolygon")
TABLE = _scoped("ProcessingSourceType", "Vector", QgsProcessing, "TypeVector")
RASTER = _scoped("ProcessingSourceType", "Raster", QgsProcessing, "TypeRaster")

# Geometry types and units (Qgis.WkbType, Qgis.DistanceUnit, QGIS 3.30); CRS WKT (QGIS 3.36)
WKB_POLYGON = _scoped("WkbType", "Polygon", QgsWkbTypes, "Polygon")
WKB_NO_GEOMETRY = _scoped("WkbType", "NoGeometry", QgsWkbTypes, "NoGeometry")
GEOMETRY_POINT = _scoped("GeometryType", "Point", QgsWkbTypes, "PointGeometry")
GEOMETRY_LINE = _scoped("GeometryType", "Line", QgsWkbTypes, "LineGeometry")
GEOMETRY_POLYGON = _scoped("GeometryType", "Polygon", QgsWkbTypes, "PolygonGeometry")
NOT_DISTANCE_UNITS = (_scoped("DistanceUnit", "Degrees", QgsUnitTypes, "DistanceDegrees"),
                      _scoped("DistanceUnit", "Unknown", QgsUnitTypes, "DistanceUnknownUnit"))
WKT_PREFERRED_GDAL = _scoped("CrsWktVariant", "PreferredGdal", QgsCoordinateReferenceSystem, "WKT_PREFERRED_GDAL")


def _fields_take_metatype() -> bool:
    """Whether this QGIS builds a QgsField from a ``QMetaType.Type`` (QGIS 3.38 and later)."""
    try:
        QgsField("probe", QMetaType.Type.Int)
    except TypeError:
        return False
    return True


FIELDS_TAKE_METATYPE = _fields_take_metatype()
# Python type -> (QMetaType.Type name, QVariant.Type name)
_FIELD_TYPES = {int: ("Int", "Int"), float: ("Double", "Double"), str: ("QString", "String"), bool: ("Bool", "Bool")}


def field_type(kind: type):
    """The field type for the Python type ``kind`` (int, float, str or bool) in the form this
    QGIS takes: ``QMetaType.Type`` where it can, else ``QVariant.Type``."""
    metatype, variant = _FIELD_TYPES[kind]
    if FIELDS_TAKE_METATYPE:
        return getattr(QMetaType.Type, metatype)
    from qgis.PyQt.QtCore import QVariant

    return getattr(QVariant, variant)


def new_field(name: str, kind: type) -> QgsField:
    """A QgsField ``name`` holding values of the Python type ``kind`` (int, float, str or bool)."""
    return QgsField(name, field_type(kind))


_STYLE_CAPABILITIES = hasattr(QgsVectorDataProvider, "styleStorageCapabilities")  # QGIS 3.34


def stores_styles(layer) -> bool:
    """Whether ``layer``'s data source can hold styles itself (e.g. a GeoPackage's
    ``layer_styles`` table), so that ``saveStyleToDatabase`` can be used."""
    provider = layer.dataProvider()
    if provider is None:
        return False
    if _STYLE_CAPABILITIES:
        return bool(provider.styleStorageCapabilities() & Qgis.ProviderStyleStorageCapability.SaveToDatabase)
    return bool(provider.isSaveAndLoadStyleToDatabaseSupported())
