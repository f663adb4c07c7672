"""The Dask scheduler parameter shared by mfaf:crossvalidate, mfaf:comparemodels and
mfaf:predictprospectivity (mfaf_plugin/scaleout/dask_runner.py: empty = here, local:N, an address)."""

import importlib.util

from qgis.core import QgsProcessingException, QgsProcessingParameterString

from .i18n import tr
from .qgis_compat import ADVANCED

DASK_SCHEDULER = "DASK_SCHEDULER"


def add_scheduler_parameter(alg, what: str) -> None:
    """Declare the optional, advanced DASK_SCHEDULER on ``alg``; ``what`` names its units of work."""
    p = QgsProcessingParameterString(DASK_SCHEDULER, tr("Dask scheduler (empty = run here)"), defaultValue="",
                                     optional=True)
    p.setHelp(tr("Where {} run as Dask tasks. Empty: here, one after another. local:N: N worker processes with "
                 "one thread each on this computer (at most one per core). An address such as tcp://10.0.0.5:8786: "
                 "a running Dask cluster whose workers have this plugin and its Python packages (see the section "
                 "Scaling out of the README). Each unit computes what the serial run computes; only rounding can differ where the serial "
                 "run uses several torch threads (the workers use one each). Needs the Python packages dask and "
                 "distributed: Processing Toolbox > MFAF prospectivity > 0 Setup > Install Python dependencies "
                 "installs them.").format(what))
    p.setFlags(p.flags() | ADVANCED)
    alg.addParameter(p)


def scheduler_value(alg, parameters, context) -> str:
    """The scheduler text, checked: readable, and dask installed when one is asked for."""
    from ..mfaf_plugin.scaleout.dask_runner import INSTALL_HINT, is_serial
    from ..mfaf_plugin.common.errors import InputError

    text = (alg.parameterAsString(parameters, DASK_SCHEDULER, context) or "").strip()
    try:
        serial = is_serial(text)
    except InputError as exc:
        raise QgsProcessingException(str(exc)) from exc
    if not serial and (importlib.util.find_spec("dask") is None or importlib.util.find_spec("distributed") is None):
        raise QgsProcessingException(tr("The Dask scheduler '{}' was given but dask is not installed. {}").format(
            text, INSTALL_HINT))
    return text
