"""Shared plumbing of the MFAF Processing algorithms (tr, createInstance, icon, help, errors).

Subclasses set the class attributes ``NAME`` (fixed forever: scripts call ``mfaf:<NAME>``),
``DISPLAY_NAME``, ``GROUP_ID``, ``HELP`` and ``NEEDS`` (Python modules the step imports, checked
before it runs), declare parameters in ``initAlgorithm`` and implement :meth:`execute`. The core's
domain errors become ``QgsProcessingException`` with the same message; an unexpected error is
reported with its type and message (the traceback goes to the log as debug information).
Every run's outputs are one unit (``run_guard``): an output naming an input is refused before
any work, outputs are locked against a concurrent run and committed together at the end; feature
sinks take part through :meth:`MfafAlgorithm.outputSink`.
"""

import functools
import os
import re
import traceback

from qgis.core import Qgis, QgsMessageLog, QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QIcon

from ..mfaf_plugin.install.optional_deps import require
from ..mfaf_plugin.common.errors import Canceled, MfafError
from .i18n import tr
from .run_guard import accept_enum_names, enum_refusal, guarded_run, number_refusal, staged_sink


@functools.lru_cache(maxsize=1)
def _doc_anchors() -> frozenset:
    try:
        with open(DOCS_INDEX, encoding="utf-8") as fh:
            return frozenset(re.findall(r'\bid="([^"]+)"', fh.read()))
    except OSError:
        return frozenset()


def help_url(anchor: str = "") -> str:
    """file:// address of the shipped user guide (docs/index.html), at the section ``anchor``
    when the guide has one; "" when the guide is not installed (QGIS then hides the Help link)."""
    if not os.path.isfile(DOCS_INDEX):
        return ""
    url = QUrl.fromLocalFile(DOCS_INDEX).toString()
    return url + "#" + anchor if anchor and anchor in _doc_anchors() else url

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "icon.svg")
DOCS_INDEX = os.path.join(PLUGIN_DIR, "docs", "index.html")  # the user guide shipped with the plugin

# group id -> display name (translated at display time)
GROUPS = {
    "setup": "0 Setup",
    "data": "1 Data preparation",
    "model": "2 Model",
    "evaluation": "3 Evaluation",
    "pipelines": "4 Pipelines",
}


class MfafAlgorithm(QgsProcessingAlgorithm):
    """Base class of every algorithm of provider ``mfaf``."""

    NAME = ""
    DISPLAY_NAME = ""
    GROUP_ID = "data"
    HELP = ""
    NEEDS = ()  # e.g. ("torch", "torchvision")

    def __init_subclass__(cls, **kwargs):
        # QGIS calls initAlgorithm from C++: a Python exception escaping it aborts the whole QGIS
        # process. Log it instead, so a broken declaration costs one algorithm, not the session.
        super().__init_subclass__(**kwargs)
        declare = cls.__dict__.get("initAlgorithm")
        if declare is None:
            return

        @functools.wraps(declare)
        def safe_init(self, config=None):
            try:
                declare(self, config)
            except Exception:  # noqa: BLE001 (anything here would abort QGIS)
                QgsMessageLog.logMessage(
                    "mfaf:{} could not declare its parameters:\n{}".format(self.NAME, traceback.format_exc()),
                    "MFAF", Qgis.MessageLevel.Critical)

        cls.initAlgorithm = safe_init

    # -- identity -------------------------------------------------------------------------
    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return tr(self.DISPLAY_NAME)

    def group(self):
        return tr(GROUPS[self.GROUP_ID])

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def shortHelpString(self):  # noqa: N802
        return tr(self.HELP)

    def helpUrl(self):  # noqa: N802
        return help_url(self.NAME)

    def icon(self):
        return QIcon(ICON_PATH)

    def tr(self, text):
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    # -- running --------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            if self.NEEDS:
                require(*self.NEEDS)
            parameters = accept_enum_names(self, parameters)
            refusal = number_refusal(self, parameters)
            if refusal:
                raise QgsProcessingException(refusal)
            with guarded_run(self, parameters, context, feedback):
                return self.execute(parameters, context, feedback)
        except QgsProcessingException:
            raise
        except Canceled as exc:
            raise QgsProcessingException(tr(str(exc))) from exc
        except MfafError as exc:
            raise QgsProcessingException(str(exc)) from exc
        except MemoryError as exc:
            raise QgsProcessingException(
                tr("Not enough memory for this step: use a coarser grid, a smaller extent or fewer bands.")
            ) from exc
        except Exception as exc:  # unexpected: explain, keep the traceback in the log
            feedback.pushDebugInfo(traceback.format_exc())
            raise QgsProcessingException(
                tr("{} failed: {}: {}").format(self.displayName(), type(exc).__name__, exc)
            ) from exc

    def checkParameterValues(self, parameters, context):  # noqa: N802
        # an enum value may be given by name or by index, whichever way it is declared
        parameters = accept_enum_names(self, parameters)
        refusal = number_refusal(self, parameters)  # NaN, infinity, or outside the range: say which range
        if refusal:
            return False, refusal
        ok, message = super().checkParameterValues(parameters, context)
        return ok, message if ok else (enum_refusal(self, parameters, context) or message)

    def execute(self, parameters, context, feedback):
        """Do the work; return the result dict (keys = output parameter names)."""
        raise NotImplementedError

    def outputSink(self, parameters, name, context, fields, geometry_type, crs):  # noqa: N802
        """``parameterAsSink`` for an output committed with the run's other outputs: a file is
        written under a temporary name and moved into place only when the whole run succeeded."""
        return staged_sink(self, parameters, name, context, fields, geometry_type, crs)

    @staticmethod
    def callbacks(feedback):
        """Plain ``(progress, is_canceled)`` callbacks for the core, bound to ``feedback``."""

        def progress(fraction):
            feedback.setProgress(100.0 * min(1.0, max(0.0, float(fraction))))

        return progress, feedback.isCanceled
