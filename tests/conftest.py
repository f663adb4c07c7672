"""pytest setup: see mfaf_testing for the checkout-as-``mfaf`` import and the data paths."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mfaf_testing import REPO, TEST_DATA, data_file  # noqa: E402,F401  (sets up ``import mfaf``)


@pytest.fixture(scope="session")
def mfaf_provider(qgis_app, qgis_processing):
    """Register provider ``mfaf`` exactly as QGIS does (through the plugin object)."""
    from mfaf.plugin import MfafPlugin
    from qgis.core import QgsApplication

    plugin = MfafPlugin(None)
    plugin.initProcessing()
    yield QgsApplication.processingRegistry().providerById("mfaf")
    plugin.unload()


@pytest.fixture
def run_alg(mfaf_provider):
    """``run_alg('mfaf:x', params)`` through processing.run with a real context and feedback."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    def _run(alg_id, params, feedback=None, context=None):
        context = context or QgsProcessingContext()
        feedback = feedback or QgsProcessingFeedback()
        return processing.run(alg_id, params, context=context, feedback=feedback)

    return _run
