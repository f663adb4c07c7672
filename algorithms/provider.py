"""Processing provider ``mfaf``: every algorithm is registered here explicitly."""

import glob
import os

from qgis.core import QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .base import ICON_PATH, PLUGIN_DIR
from .i18n import tr

MODELS_DIR = os.path.join(PLUGIN_DIR, "resources", "models")


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
        from .idw_rasters import IdwRastersAlgorithm
        from .stack_layers import StackLayersAlgorithm
        from .make_tiles import MakeTilesAlgorithm
        from .train_model import TrainModelAlgorithm
        from .screen_elements import ScreenElementsAlgorithm
        from .compare_models import CompareModelsAlgorithm
        from .predict_prospectivity import PredictProspectivityAlgorithm

        algorithms = [
            CheckEnvironmentAlgorithm(),
            # stage algorithms are appended below this line
            ScreenElementsAlgorithm(),
            IdwRastersAlgorithm(),
            StackLayersAlgorithm(),
            MakeTilesAlgorithm(),
            TrainModelAlgorithm(),
            CompareModelsAlgorithm(),
            PredictProspectivityAlgorithm(),
        ]
        for alg in algorithms:
            self.addAlgorithm(alg)
        # Ready-made modeler pipelines shipped with the plugin (resources/models/*.model3).
        for path in sorted(glob.glob(os.path.join(MODELS_DIR, "*.model3"))):
            model = QgsProcessingModelAlgorithm()
            if model.fromFile(path):
                self.addAlgorithm(model)
