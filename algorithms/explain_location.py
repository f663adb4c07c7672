"""mfaf:explainlocation - the probability at one place, its uncertainty, and the evidence that raises and lowers it."""

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterPoint,
    QgsProcessingParameterRasterLayer,
)

from .base import MfafAlgorithm
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER
from .predict_prospectivity import DEFAULT_MODEL, DEVICES


class ExplainLocationAlgorithm(MfafAlgorithm):
    NAME = "explainlocation"
    DISPLAY_NAME = "Explain a location"
    GROUP_ID = "model"
    NEEDS = ("torch", "torchvision", "matplotlib", "captum")
    HELP = (
        "Why here? For one place (pick it on the map) the network's score (it ranks ground; not a probability), its uncertainty, and the "
        "contribution of each evidence layer: positive numbers raise the score, negative ones lower it. "
        "The contributions are integrated gradients (captum) from a baseline window in which every evidence value "
        "is the training area's mean; they add up to the score less the baseline's, up to a small gap that "
        "is reported. The network reads a whole window around the place, so a layer's contribution is summed over "
        "the window; the window's evidence is drawn as thumbnails.\n\n"
        "The score is the one 'Predict prospectivity map' gives the place's pixel with the same stride."
    )

    INPUT = "INPUT"
    POINT = "POINT"
    MODEL = "MODEL"
    STRIDE = "STRIDE"
    DEVICE = "DEVICE"
    STEPS = "STEPS"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    OUTPUT_CHART = "OUTPUT_CHART"
    OUTPUT_THUMBNAILS = "OUTPUT_THUMBNAILS"
    PROBABILITY = "PROBABILITY"
    UNCERTAINTY = "UNCERTAINTY"
    BASELINE_PROBABILITY = "BASELINE_PROBABILITY"
    COMPLETENESS_GAP = "COMPLETENESS_GAP"
    WHY_HERE = "WHY_HERE"

    def initAlgorithm(self, config=None):  # noqa: N802
        from ..mfaf_plugin.prediction.explain_location import LOCATION_STEPS

        p = QgsProcessingParameterRasterLayer(self.INPUT, tr("Evidence stack"))
        p.setHelp(tr("The evidence stack the model predicts on (as for 'Predict prospectivity map')."))
        self.addParameter(p)
        p = QgsProcessingParameterPoint(self.POINT, tr("Location"))
        p.setHelp(tr("The place to explain: click it on the map canvas (any CRS; it is taken to the stack's)."))
        self.addParameter(p)
        p = QgsProcessingParameterFile(self.MODEL, tr("Model file"), extension="pt", optional=True)
        p.setHelp(tr("A model file (.pt). Empty: the model bundled with the plugin."))
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.STRIDE, tr("Stride (pixels, 0 = the model's)"), INTEGER,
                                         defaultValue=0, minValue=0)
        p.setHelp(tr("The stride of the map whose value is explained (as in 'Predict prospectivity map')."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.DEVICE, tr("Device"), options=DEVICES, defaultValue=0)
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.STEPS, tr("Integration steps"), INTEGER, defaultValue=LOCATION_STEPS,
                                         minValue=4, maxValue=1024)
        p.setHelp(tr("Steps of the integrated gradients' path integral: more steps, a smaller completeness gap."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT_TABLE, tr("Contributions (CSV)"), tr("CSV files (*.csv)"))
        p.setHelp(tr("One row per evidence layer: its value at the place and its signed contribution."))
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT_CHART, tr("Contributions chart (PNG)"),
                                                  tr("PNG images (*.png)"), optional=True, createByDefault=True)
        self.addParameter(p)
        p = QgsProcessingParameterFileDestination(self.OUTPUT_THUMBNAILS, tr("Evidence around the location (PNG)"),
                                                  tr("PNG images (*.png)"), optional=True, createByDefault=True)
        p.setHelp(tr("Small maps of every evidence layer over the window the network reads at the place."))
        self.addParameter(p)
        for key, label in ((self.PROBABILITY, tr("Network score")), (self.UNCERTAINTY, tr("Uncertainty (spread)")),
                           (self.BASELINE_PROBABILITY, tr("Baseline score")),
                           (self.COMPLETENESS_GAP, tr("Completeness gap"))):
            self.addOutput(QgsProcessingOutputNumber(key, label))
        self.addOutput(QgsProcessingOutputString(self.WHY_HERE, tr("Why here")))

    def execute(self, parameters, context, feedback):
        from ..mfaf_plugin.prediction.explain_location import explain_location, write_contributions_csv
        from ..mfaf_plugin.training.device import resolve_device

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None or not layer.isValid() or not os.path.exists(layer.source()):
            raise QgsProcessingException(tr("The evidence stack could not be opened as a raster file."))
        model = self.parameterAsFile(parameters, self.MODEL, context) or DEFAULT_MODEL
        if not os.path.exists(model):
            raise QgsProcessingException(tr("The model file '{}' does not exist.").format(model))
        point = self.parameterAsPoint(parameters, self.POINT, context, layer.crs())
        device = resolve_device(DEVICES[self.parameterAsEnum(parameters, self.DEVICE, context)])
        e = explain_location(layer.source(), model, (point.x(), point.y()), device=device,
                             stride=self.parameterAsInt(parameters, self.STRIDE, context),
                             steps=self.parameterAsInt(parameters, self.STEPS, context))
        feedback.pushInfo(tr("Network score {:.3f} at ({:.1f}, {:.1f}); baseline {:.3f}; why here: {}").format(
            e["probability"], e["easting"], e["northing"], e["baseline_probability"], e["why"]))
        out = {self.PROBABILITY: e["probability"], self.UNCERTAINTY: e["uncertainty"],
               self.BASELINE_PROBABILITY: e["baseline_probability"], self.COMPLETENESS_GAP: e["delta"],
               self.WHY_HERE: e["why"],
               self.OUTPUT_TABLE: write_contributions_csv(
                   self.parameterAsFileOutput(parameters, self.OUTPUT_TABLE, context), e["contributions"])}
        out.update(self._pictures(parameters, context, e))
        return out

    def _pictures(self, parameters, context, e) -> dict:
        from ..mfaf_plugin.reports.map_figure import evidence_maps_png
        from ..mfaf_plugin.reports.zones_report import contributions_png

        out = {}
        chart = self.parameterAsFileOutput(parameters, self.OUTPUT_CHART, context)
        if chart:
            out[self.OUTPUT_CHART] = contributions_png(e["contributions"], chart, tr(
                "Network score {:.2f} (baseline {:.2f}) at {:.0f}, {:.0f}").format(
                    e["probability"], e["baseline_probability"], e["easting"], e["northing"]))
        thumbs = self.parameterAsFileOutput(parameters, self.OUTPUT_THUMBNAILS, context)
        if thumbs:
            out[self.OUTPUT_THUMBNAILS] = evidence_maps_png(e["window"], e["band_names"], e["window_gt"], thumbs)
        return out
