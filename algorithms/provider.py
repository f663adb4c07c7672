"""Processing provider ``mfaf``: every algorithm is registered here explicitly."""

import glob
import os

from qgis.core import QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .base import GROUPS, ICON_PATH, PLUGIN_DIR, help_url
from .i18n import tr

MODELS_DIR = os.path.join(PLUGIN_DIR, "resources", "models")

# model name (fixed: scripts call mfaf:<name>) -> display name
MODEL_TITLES = {"pipeline": "Full pipeline: screening to prospectivity map"}


class ShippedModel(QgsProcessingModelAlgorithm):
    """A modeler model shipped in resources/models, shown in the Toolbox group "Pipelines"
    with a translated title (a plain .model3 would show its bare name and its own group)."""

    def __init__(self, path=""):
        super().__init__()
        self._path = path
        if path and not self.fromFile(path):
            self.setName("")

    def displayName(self):  # noqa: N802
        return tr(MODEL_TITLES.get(self.name(), self.name()))

    def group(self):
        return tr(GROUPS["pipelines"])

    def groupId(self):  # noqa: N802
        return "pipelines"

    def helpUrl(self):  # noqa: N802
        return help_url(self.name())

    def createInstance(self):  # noqa: N802
        return ShippedModel(self._path)


class MfafProvider(QgsProcessingProvider):
    """The MFAF prospectivity algorithms."""

    def id(self):
        return "mfaf"

    def name(self):
        return tr("MFAF prospectivity")

    def longName(self):  # noqa: N802
        return tr("MFAF mineral prospectivity (multiscale feature attention)")

    def icon(self):
        return QIcon(ICON_PATH)

    def loadAlgorithms(self):  # noqa: N802
        # One import per algorithm file; keep the list sorted by stage.
        from .check_environment import CheckEnvironmentAlgorithm
        from .install_dependencies import InstallDependenciesAlgorithm
        from .idw_rasters import IdwRastersAlgorithm
        from .stack_layers import StackLayersAlgorithm
        from .make_tiles import MakeTilesAlgorithm
        from .train_model import TrainModelAlgorithm
        from .screen_elements import ScreenElementsAlgorithm
        from .compare_models import CompareModelsAlgorithm
        from .cross_validate import CrossValidateAlgorithm
        from .predict_prospectivity import PredictProspectivityAlgorithm
        from .explain_location import ExplainLocationAlgorithm

        algorithms = [
            CheckEnvironmentAlgorithm(),
            InstallDependenciesAlgorithm(),
            # stage algorithms are appended below this line
            ScreenElementsAlgorithm(),
            IdwRastersAlgorithm(),
            StackLayersAlgorithm(),
            MakeTilesAlgorithm(),
            TrainModelAlgorithm(),
            CompareModelsAlgorithm(),
            CrossValidateAlgorithm(),
            PredictProspectivityAlgorithm(),
            ExplainLocationAlgorithm(),
        ]
        for alg in algorithms:
            self.addAlgorithm(alg)
        # Ready-made modeler pipelines shipped with the plugin (resources/models/*.model3).
        for path in sorted(glob.glob(os.path.join(MODELS_DIR, "*.model3"))):
            model = ShippedModel(path)
            if model.name():
                self.addAlgorithm(model)
