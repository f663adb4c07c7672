"""mfaf:idwrasters - inverse distance weighting of element values onto one multi-band grid."""

import json

from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..mfaf_plugin.data import interpolation
from ..mfaf_plugin.common import gdal_io
from .base import MfafAlgorithm
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER, DOUBLE, POINTS, FIELD_ANY
from .layers import field_separator, require_projected
from . import styling
from .screen_elements import (
    CLEANING_HELP,
    add_cleaning_parameters,
    clean_and_report,
    cleaning_rules,
    no_samples,
    read_element_values,
)

ZERO_OPTIONS = [("half_min", "Half the smallest positive value of the element"), ("missing", "Missing")]


class IdwRastersAlgorithm(MfafAlgorithm):
    NAME = "idwrasters"
    DISPLAY_NAME = "IDW element rasters"
    GROUP_ID = "data"
    HELP = (
        "Stage 2 of MFAF: interpolates each element by inverse distance weighting onto one grid and writes one "
        "multi-band float32 GeoTIFF, one band per element (band description = element name, nodata -9999). "
        "Values are computed at pixel centres: z = sum(w_i z_i) / sum(w_i) with w_i = 1 / d_i^power over all points, "
        "the points within the search radius, or the 'maximum points' nearest ones within it; a point on a pixel "
        "centre gives its own value; a pixel with no point in reach is nodata. Results equal GDAL's gdal_grid "
        "invdist / invdistnn with the same parameters.\n\n"
        "Elements: 'Element fields', or the comma-separated list in 'Element names (comma-separated)' (e.g. the "
        "'Selected elements' of 'Screen elements by AUC (ZAUC)'), or, when both are empty, every numeric field. "
        "Grid: the extent (default: the points' extent) split into 'Width (pixels)' x 'Height (pixels)' when both "
        "are > 0, else square pixels of 'Pixel size'.\n\n"
        + CLEANING_HELP + " With 'log10 transform', values are log10-transformed after cleaning; values <= 0 become "
        "half the smallest positive value of the element (or missing). A missing value leaves that sample out of "
        "that element only."
    )

    INPUT = "INPUT"
    FIELDS = "FIELDS"
    FIELDS_STRING = "FIELDS_STRING"
    EXTENT = "EXTENT"
    PIXEL_SIZE = "PIXEL_SIZE"
    WIDTH = "WIDTH"
    HEIGHT = "HEIGHT"
    POWER = "POWER"
    RADIUS = "RADIUS"
    MAX_POINTS = "MAX_POINTS"
    LOG_TRANSFORM = "LOG_TRANSFORM"
    ZERO_RULE = "ZERO_RULE"
    TARGET_CRS = "TARGET_CRS"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterFeatureSource(self.INPUT, tr("Sample points"), [POINTS])
        p.setHelp(tr("Geochemical sample points with one field per element."))
        self.addParameter(p)
        p = QgsProcessingParameterField(self.FIELDS, tr("Element fields"), parentLayerParameterName=self.INPUT,
                                        type=FIELD_ANY, allowMultiple=True, optional=True)
        p.setHelp(tr("Fields to interpolate, one band each. Leave empty to use 'Element names (comma-separated)' "
                     "instead."))
        self.addParameter(p)
        p = QgsProcessingParameterString(self.FIELDS_STRING, tr("Element names (comma-separated)"), optional=True)
        p.setHelp(tr("Field names separated by commas, e.g. the 'Selected elements' output of 'Screen elements by "
                     "AUC (ZAUC)' in a model. Used when 'Element fields' is empty."))
        self.addParameter(p)
        p = QgsProcessingParameterExtent(self.EXTENT, tr("Extent"), optional=True)
        p.setHelp(tr("Area of the output grid. Default: the extent of the sample points."))
        self.addParameter(p)
        p = QgsProcessingParameterDistance(self.PIXEL_SIZE, tr("Pixel size"), defaultValue=0.0,
                                           parentParameterName=self.INPUT, minValue=0.0)
        p.setHelp(tr("Side of the square pixels in map units of the output CRS. Ignored when width and height "
                     "are set."))
        self.addParameter(p)
        for key, label in ((self.WIDTH, "Width (pixels)"), (self.HEIGHT, "Height (pixels)")):
            p = QgsProcessingParameterNumber(key, tr(label), INTEGER, defaultValue=0,
                                             minValue=0)
            p.setHelp(tr("Number of pixels across (width) or down (height) the extent; when both are > 0 they win "
                         "over the pixel size (the paper used 1560 x 1560)."))
            p.setFlags(p.flags() | ADVANCED)
            self.addParameter(p)
        p = QgsProcessingParameterNumber(self.POWER, tr("Power"), DOUBLE,
                                         defaultValue=2.0, minValue=0.0)
        p.setHelp(tr("Exponent of the inverse distance weights (2 in the paper)."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterDistance(self.RADIUS, tr("Search radius (0 = unlimited)"), defaultValue=0.0,
                                           parentParameterName=self.INPUT, minValue=0.0)
        p.setHelp(tr("Only points within this distance of a pixel centre are used; pixels with none are nodata. "
                     "0: no limit."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.MAX_POINTS, tr("Maximum points (0 = all)"),
                                         INTEGER, defaultValue=0, minValue=0)
        p.setHelp(tr("Use only this many nearest points per pixel (e.g. 12); 0 uses all points in reach."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterBoolean(self.LOG_TRANSFORM, tr("log10 transform values"), defaultValue=False)
        p.setHelp(tr("Interpolate log10 of the cleaned concentrations (values <= 0 handled by the zero rule)."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterCrs(self.TARGET_CRS, tr("Output CRS"), optional=True)
        p.setHelp(tr("CRS of the output grid (projected). Default: the CRS of the sample layer."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        add_cleaning_parameters(self)
        p = QgsProcessingParameterEnum(self.ZERO_RULE, tr("Values <= 0 before log10 become"),
                                       options=[tr(label) for _, label in ZERO_OPTIONS], defaultValue=0)
        p.setHelp(tr("Only with the log10 transform: a value <= 0 becomes half the smallest positive value of the "
                     "element (default), or missing."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Element rasters"))
        p.setHelp(tr("Multi-band float32 GeoTIFF, one band per element."))
        self.addParameter(p)

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, msg = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, msg
        width = self.parameterAsInt(parameters, self.WIDTH, context)
        height = self.parameterAsInt(parameters, self.HEIGHT, context)
        size = self.parameterAsDouble(parameters, self.PIXEL_SIZE, context)
        if (width > 0) != (height > 0):
            return False, tr("Set both width and height (or neither, and a pixel size).")
        if width <= 0 and size <= 0:
            return False, tr("Set a pixel size, or a width and a height in pixels.")
        return True, ""

    def _fields(self, parameters, context, feedback):
        fields = self.parameterAsFields(parameters, self.FIELDS, context)
        text = self.parameterAsString(parameters, self.FIELDS_STRING, context) or ""
        named = [f.strip() for f in text.split(",") if f.strip()]
        if fields and named and fields != named:
            feedback.pushWarning(tr("Both a field list and element names were given: using the field list."))
        return list(fields) or named

    def execute(self, parameters, context, feedback):
        if no_samples(parameters, self.INPUT, feedback):  # a pipeline run without geochemistry
            return {self.OUTPUT: None}
        progress, is_canceled = self.callbacks(feedback)
        source = self.parameterAsSource(parameters, self.INPUT, context)
        what = source.sourceName() if source is not None else self.INPUT
        crs = self.parameterAsCrs(parameters, self.TARGET_CRS, context)
        if not crs.isValid():
            crs = source.sourceCrs() if source is not None else crs
        require_projected(crs, tr("The output CRS of '{}'").format(what))
        fields = self._fields(parameters, context, feedback)
        xy, raw, fields = read_element_values(self, source, fields, crs, context, feedback, what)
        rules = cleaning_rules(self, parameters, context)
        log = self.parameterAsBoolean(parameters, self.LOG_TRANSFORM, context)
        zero_rule = ZERO_OPTIONS[self.parameterAsEnum(parameters, self.ZERO_RULE, context)][0]
        separator = field_separator(self.parameterAsVectorLayer(parameters, self.INPUT, context))
        values, _ = clean_and_report(raw, rules, feedback, what, separator, log_transform=log, zero_rule=zero_rule)
        progress(0.05)

        if parameters.get(self.EXTENT):
            ext = self.parameterAsExtent(parameters, self.EXTENT, context, crs)
            extent = (ext.xMinimum(), ext.yMinimum(), ext.xMaximum(), ext.yMaximum())
        else:
            extent = (xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max())
        grid = interpolation.grid_spec(extent, self.parameterAsDouble(parameters, self.PIXEL_SIZE, context),
                                       self.parameterAsInt(parameters, self.WIDTH, context),
                                       self.parameterAsInt(parameters, self.HEIGHT, context))
        power = self.parameterAsDouble(parameters, self.POWER, context)
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        max_points = self.parameterAsInt(parameters, self.MAX_POINTS, context)
        need = interpolation.check_memory(grid, len(fields), max_points)
        feedback.pushInfo(tr("Grid {} x {} pixels of {:g} x {:g}, {} element(s), about {:.0f} MiB").format(
            grid.cols, grid.rows, grid.pixel_x, grid.pixel_y, len(fields), need / 2 ** 20))
        bands = interpolation.interpolate_elements(
            xy, values, grid, power=power, radius=radius, max_points=max_points,
            progress=lambda f: progress(0.05 + 0.9 * f), is_canceled=is_canceled, log=feedback.pushInfo,
            warn=feedback.pushWarning)

        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        meta = {"IDW": json.dumps({"power": power, "radius": radius, "max_points": max_points, "log10": log,
                                   "elements": fields, "cleaning": dict(rules, zero_rule=zero_rule)})}
        gdal_io.write_raster(out, bands, grid.geotransform, crs.toWkt(), band_names=fields,
                             nodata=gdal_io.NODATA, metadata=meta, metadata_domain=gdal_io.STACK_DOMAIN)
        styling.style_band_output(context, out, feedback)
        progress(1.0)
        return {self.OUTPUT: out}
