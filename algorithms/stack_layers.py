"""mfaf:stacklayers - element rasters, geology, faults and extra rasters as one evidence stack."""

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..mfaf_plugin.common.gdal_io import cache_limit
from .base import MfafAlgorithm
from .i18n import tr
from .qgis_compat import (ADVANCED, INTEGER, DOUBLE, GEOMETRY_LINE, GEOMETRY_POLYGON, LINES, POLYGONS, RASTER,
                          WKT_PREFERRED_GDAL)
from .layers import export_to_ogr, require_geometry, require_projected
from . import styling


class StackLayersAlgorithm(MfafAlgorithm):
    NAME = "stacklayers"
    DISPLAY_NAME = "Build evidence stack"
    GROUP_ID = "data"
    NEEDS = ("scipy",)
    HELP = (
        "Stage 3: puts element rasters (e.g. the multi-band output of 'IDW element rasters'; band "
        "descriptions become band names), a geology polygon layer, a fault line layer and extra rasters on one "
        "grid and writes one multi-band float32 GeoTIFF with named bands, nodata -9999 and the normalisation "
        "recorded in the file (prediction scales new data exactly the same way).\n\n"
        "Reference grid: the element raster's grid, unless an extent and a pixel size are given (then the grid "
        "starts at the extent's top-left corner and covers it). Without element rasters the extent and pixel "
        "size are required. Layers in other CRSs are transformed; the target CRS must be projected (metres).\n\n"
        "Geology: without a class field the band is 1 inside the polygons and 0 outside. With a field, either "
        "one coded band (code 1, 2, ... for the classes in sorted order, 0 outside every polygon; the classes "
        "are recorded in the metadata) or one 0/1 band per class. Optionally a band of the distance to the "
        "nearest polygon boundary (contact).\n"
        "Faults: distance to the nearest fault in metres (only faults inside the grid count), rasterised "
        "lines (1 on cells a fault touches), or fault density (km of fault per km2 within the radius).\n"
        "Extra rasters are resampled with bilinear interpolation (continuous) or nearest neighbour "
        "(categorical; by default integer rasters are categorical).\n\n"
        "Nodata: a cell is nodata in every band where any layer lacks data or outside the mask polygons.\n"
        "Normalisation (normalised = (raw - a) / b): min-max or z-score over the valid cells for continuous "
        "bands; categorical bands are divided by their largest code (0/1 bands stay 0/1). Optionally the element "
        "bands are first turned into log10 or centred log-ratios (skewed concentrations), recorded in the file too."
    )

    ELEMENTS = "ELEMENTS"
    EXTENT = "EXTENT"
    PIXEL_SIZE = "PIXEL_SIZE"
    TARGET_CRS = "TARGET_CRS"
    GEOLOGY = "GEOLOGY"
    GEOLOGY_FIELD = "GEOLOGY_FIELD"
    GEOLOGY_ENCODING = "GEOLOGY_ENCODING"
    CONTACT_DISTANCE = "CONTACT_DISTANCE"
    FAULTS = "FAULTS"
    FAULT_MODE = "FAULT_MODE"
    FAULT_DENSITY_RADIUS = "FAULT_DENSITY_RADIUS"
    EXTRA_RASTERS = "EXTRA_RASTERS"
    EXTRA_CATEGORICAL = "EXTRA_CATEGORICAL"
    NORMALIZE = "NORMALIZE"
    NORMALIZE_LIKE = "NORMALIZE_LIKE"
    ELEMENT_TRANSFORM = "ELEMENT_TRANSFORM"
    MASK = "MASK"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    OUTPUT = "OUTPUT"

    ENCODINGS = ("coded", "onehot")
    FAULT_MODES = ("distance", "rasterized", "density")
    NORMS = ("minmax", "zscore", "none")
    TRANSFORMS = ("none", "log", "clr")  # data.transforms.TRANSFORMS, in the order of the options
    EXTRA_KINDS = (None, False, True)

    def initAlgorithm(self, config=None):  # noqa: N802
        def add(p, help_text, advanced=False):
            p.setHelp(tr(help_text))
            if advanced:
                p.setFlags(p.flags() | ADVANCED)
            self.addParameter(p)

        add(QgsProcessingParameterRasterLayer(self.ELEMENTS, tr("Element rasters (multi-band)"), optional=True),
            "Geochemical element rasters, one band per element (band descriptions are the names). Its grid is "
            "the reference grid unless an extent and pixel size are given.")
        add(QgsProcessingParameterExtent(self.EXTENT, tr("Extent of the reference grid"), optional=True),
            "Area of the stack. Required without element rasters.")
        add(QgsProcessingParameterNumber(self.PIXEL_SIZE, tr("Pixel size (map units)"),
                                         DOUBLE, defaultValue=0.0, minValue=0.0,
                                         optional=True),
            "Cell size of the reference grid in metres; 0 = the element raster's.")
        add(QgsProcessingParameterCrs(self.TARGET_CRS, tr("Target CRS"), optional=True),
            "Projected CRS of the stack. Default: the element raster's, else the extent's, else the first "
            "vector layer's.")
        add(QgsProcessingParameterFeatureSource(self.GEOLOGY, tr("Geology polygons"),
                                                [POLYGONS], optional=True),
            "Geological map (lithology polygons).")
        add(QgsProcessingParameterField(self.GEOLOGY_FIELD, tr("Geology class field"),
                                        parentLayerParameterName=self.GEOLOGY, optional=True),
            "Field with the lithology class. Empty: one band, 1 inside the polygons, 0 outside.")
        add(QgsProcessingParameterEnum(self.GEOLOGY_ENCODING, tr("Geology encoding"),
                                       options=[tr("One coded band (classes in sorted order)"),
                                                tr("One band per class (one-hot)")], defaultValue=0),
            "Coded: one band with code i for the i-th class in sorted order (as the paper). One-hot: a 0/1 "
            "band per class.")
        add(QgsProcessingParameterBoolean(self.CONTACT_DISTANCE, tr("Add distance to geological contacts"),
                                          defaultValue=False),
            "Add a band with the distance in metres to the nearest geology polygon boundary (e.g. the "
            "greenstone contact).", advanced=True)
        add(QgsProcessingParameterFeatureSource(self.FAULTS, tr("Fault lines"), [LINES],
                                                optional=True),
            "Fault or structure lines.")
        add(QgsProcessingParameterEnum(self.FAULT_MODE, tr("Fault evidence"),
                                       options=[tr("Distance to the nearest fault"), tr("Rasterised lines"),
                                                tr("Fault density within a radius")], defaultValue=0),
            "How the faults become a band.")
        add(QgsProcessingParameterNumber(self.FAULT_DENSITY_RADIUS, tr("Fault density radius (m)"),
                                         DOUBLE, defaultValue=5000.0, minValue=0.0),
            "Search radius of the fault density mode, in metres.", advanced=True)
        add(QgsProcessingParameterMultipleLayers(self.EXTRA_RASTERS, tr("Extra rasters"),
                                                 RASTER, optional=True),
            "Further evidence rasters (e.g. geophysics); resampled onto the grid.")
        add(QgsProcessingParameterEnum(self.EXTRA_CATEGORICAL, tr("Extra rasters are"),
                                       options=[tr("Detect: integer data types are categorical"),
                                                tr("All continuous (bilinear)"),
                                                tr("All categorical (nearest neighbour)")], defaultValue=0),
            "Resampling of the extra rasters: bilinear for continuous values, nearest neighbour for classes.",
            advanced=True)
        add(QgsProcessingParameterEnum(self.NORMALIZE, tr("Normalisation"),
                                       options=[tr("Min-max (0 to 1)"), tr("Z-score"), tr("None")],
                                       defaultValue=0),
            "Scaling of the continuous bands, recorded in the file.", advanced=True)
        add(QgsProcessingParameterEnum(self.ELEMENT_TRANSFORM, tr("Transform of the element bands"),
                                       options=[tr("None"), tr("Log10"), tr("Centred log-ratio (clr)")],
                                       defaultValue=0, optional=True),
            "Applied to the element rasters' bands before the normalisation: log10, or the centred log-ratio "
            "(natural log of each element minus the mean of the logs of all elements in the cell; needs 2 or more "
            "elements). Values of 0 or less are taken as half the band's smallest positive value. Recorded in the "
            "stack; 'Normalise like' applies the reference's transform.", advanced=True)
        add(QgsProcessingParameterFile(self.NORMALIZE_LIKE, tr("Normalise like (stack or model file)"),
                                       optional=True, fileFilter=tr("Stack or model (*.tif *.tiff *.pt)")),
            "To apply a trained model to a new area: an evidence stack (.tif) or model file (.pt) whose "
            "recorded normalisation is used instead of computing one from this area. The bands must be the "
            "same and in the same order.")
        add(QgsProcessingParameterFeatureSource(self.MASK, tr("Study area mask"), [POLYGONS],
                                                optional=True),
            "Polygons of the study area: cells outside are nodata.")
        add(QgsProcessingParameterNumber(self.MAX_MEMORY_MB, tr("Memory limit (MiB)"),
                                         INTEGER, defaultValue=4096, minValue=16),
            "Refuse grids whose estimated working memory exceeds this.", advanced=True)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Evidence stack")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, msg = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, msg

        def given(key):
            return parameters.get(key) not in (None, "", [])

        if not any(given(k) for k in (self.ELEMENTS, self.GEOLOGY, self.FAULTS, self.EXTRA_RASTERS)):
            return False, tr("Nothing to stack: give element rasters, a geology layer, a fault layer or extra rasters.")
        if not given(self.ELEMENTS):
            pixel = self.parameterAsDouble(parameters, self.PIXEL_SIZE, context) or 0.0
            if not given(self.EXTENT) or pixel <= 0:
                return False, tr("Without element rasters the reference grid needs 'Extent of the reference "
                                 "grid' and 'Pixel size (map units)'.")
        return True, ""

    def execute(self, parameters, context, feedback):
        from ..mfaf_plugin.data import stacking

        progress, canceled = self.callbacks(feedback)
        elements = self.parameterAsRasterLayer(parameters, self.ELEMENTS, context)
        geology = self.parameterAsSource(parameters, self.GEOLOGY, context)
        faults = self.parameterAsSource(parameters, self.FAULTS, context)
        mask = self.parameterAsSource(parameters, self.MASK, context)
        for key, src, kind in ((self.GEOLOGY, geology, GEOMETRY_POLYGON), (self.FAULTS, faults, GEOMETRY_LINE),
                               (self.MASK, mask, GEOMETRY_POLYGON)):
            require_geometry(src, kind, self.parameterDefinition(key).description())
        extras = self.parameterAsLayerList(parameters, self.EXTRA_RASTERS, context) or []
        pixel = self.parameterAsDouble(parameters, self.PIXEL_SIZE, context) or 0.0
        has_extent = parameters.get(self.EXTENT) not in (None, "")

        crs = self.parameterAsCrs(parameters, self.TARGET_CRS, context)
        if not crs.isValid():
            if elements is not None:
                crs = elements.crs()
            elif has_extent and self.parameterAsExtentCrs(parameters, self.EXTENT, context).isValid():
                crs = self.parameterAsExtentCrs(parameters, self.EXTENT, context)
            else:
                for src in (geology, faults, mask):
                    if src is not None:
                        crs = src.sourceCrs()
                        break
        if not crs.isValid() and extras:
            crs = extras[0].crs()
        require_projected(crs, tr("The target CRS"))
        wkt = crs.toWkt(WKT_PREFERRED_GDAL)

        if has_extent:
            ext = self.parameterAsExtent(parameters, self.EXTENT, context, crs)
            if pixel <= 0:
                if elements is None:
                    raise QgsProcessingException(tr("Give a pixel size for the reference grid (no element rasters)."))
                pixel = stacking.grid_from_raster(elements.source(), wkt).cell_size
            grid = stacking.grid_from_extent(ext.xMinimum(), ext.yMinimum(), ext.xMaximum(), ext.yMaximum(), pixel, wkt)
        elif elements is not None:
            grid = stacking.grid_from_raster(elements.source(), wkt, pixel or None)
        else:
            raise QgsProcessingException(tr("Without element rasters the reference grid needs 'Extent of the "
                                            "reference grid' and 'Pixel size (map units)'."))

        def vec(src, what):
            return export_to_ogr(src, crs, context, feedback, what) if src is not None else None

        geology_field = self.parameterAsString(parameters, self.GEOLOGY_FIELD, context) or None
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        max_bytes = self.parameterAsInt(parameters, self.MAX_MEMORY_MB, context) * 1024 ** 2
        with cache_limit(max_bytes // 4) as cache:  # GDAL's block cache counts against the memory limit too
            feedback.pushInfo(tr("GDAL's block cache is limited to {:.0f} MiB for this run (a quarter of the memory "
                                 "limit).").format(cache / 1024 ** 2))
            meta = stacking.build_stack(
                out, grid,
                elements=elements.source() if elements is not None else None,
                geology=vec(geology, tr("geology")), geology_field=geology_field if geology is not None else None,
                geology_encoding=self.ENCODINGS[self.parameterAsEnum(parameters, self.GEOLOGY_ENCODING, context)],
                geology_contact_distance=self.parameterAsBoolean(parameters, self.CONTACT_DISTANCE, context),
                faults=vec(faults, tr("faults")),
                fault_mode=self.FAULT_MODES[self.parameterAsEnum(parameters, self.FAULT_MODE, context)],
                fault_density_radius_m=self.parameterAsDouble(parameters, self.FAULT_DENSITY_RADIUS, context),
                extra_rasters=[lyr.source() for lyr in extras],
                extra_categorical=self.EXTRA_KINDS[self.parameterAsEnum(parameters, self.EXTRA_CATEGORICAL, context)],
                normalize=self.NORMS[self.parameterAsEnum(parameters, self.NORMALIZE, context)],
                normalize_like=self._normalization_reference(parameters, context),
                element_transform=self.TRANSFORMS[self.parameterAsEnum(parameters, self.ELEMENT_TRANSFORM, context)],
                mask=vec(mask, tr("mask")),
                max_bytes=max_bytes,
                progress=progress, is_canceled=canceled, log=feedback.pushInfo, warn=feedback.pushWarning,
            )
        feedback.pushInfo(tr("Bands: {}").format(", ".join(meta["bands"])))
        styling.style_band_output(context, out, feedback)
        return {self.OUTPUT: out}

    def _normalization_reference(self, parameters, context):
        """Stack or model metadata named by NORMALIZE_LIKE (None when not given)."""
        path = self.parameterAsFile(parameters, self.NORMALIZE_LIKE, context)
        if not path:
            return None
        if not os.path.exists(path):
            raise QgsProcessingException(tr("The normalisation reference '{}' does not exist.").format(path))
        if path.lower().endswith(".pt"):
            from ..mfaf_plugin.training.modelio import read_model_file

            return read_model_file(path)["meta"]
        from ..mfaf_plugin.common.gdal_io import read_stack_metadata

        return read_stack_metadata(path)
