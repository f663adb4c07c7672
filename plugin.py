"""The plugin object: registers the Processing provider and removes it on unload."""

from qgis.core import QgsApplication

from .algorithms.provider import MfafProvider
from .algorithms.i18n import install_translator, remove_translator


class MfafPlugin:
    """Registers provider ``mfaf``; also used by qgis_process, which calls initProcessing only."""

    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None
        self._translator = None

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        if self.provider is None:
            self._translator = install_translator()
            self.provider = MfafProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (QGIS API name)
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self._translator)
        self._translator = None
