"""Processing provider ``mfaf``: every algorithm is registered here explicitly."""

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .base import ICON_PATH
from .i18n import tr


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
            CompareModelsAlgorithm(),
            PredictProspectivityAlgorithm(),
        ]
        for alg in algorithms:
            self.addAlgorithm(alg)
