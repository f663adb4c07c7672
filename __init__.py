"""MFAF prospectivity: QGIS plugin entry point.

QGIS imports this folder as the package ``mfaf`` and calls :func:`classFactory`. Keep this
module free of heavy imports: the Processing provider must load even where torch is missing.
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Return the plugin object QGIS keeps for the session."""
    from .venv_path import prepare_imports

    prepare_imports()  # before anything imports torch: the configured venv (make install), no triton
    from .plugin import MfafPlugin

    return MfafPlugin(iface)
