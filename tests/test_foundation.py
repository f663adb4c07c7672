"""The plugin loads in real QGIS: provider, metadata, qgis_process, missing torch."""

import configparser
import os
import subprocess

from mfaf_testing import QGIS_PROCESS, REPO, TORCH_HERE, qgis_process, qgis_process_json


def test_metadata_complete():
    cp = configparser.ConfigParser()
    cp.read(REPO / "metadata.txt")
    g = cp["general"]
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author",
                "hasProcessingProvider", "tags", "icon", "experimental", "license"):
        assert g.get(key, "").strip(), key
    # no public address exists yet: present and honestly empty, never a placeholder (test_packaging)
    for key in ("email", "repository", "tracker", "homepage"):
        assert key in g, key
    assert g["qgisMinimumVersion"] == "3.22"
    assert g["hasProcessingProvider"] == "yes"
    assert g["license"] == "GPL-2.0-or-later"
    assert (REPO / g["icon"]).exists()


def test_provider_registers(mfaf_provider):
    from qgis.core import QgsApplication

    assert mfaf_provider is not None
    assert mfaf_provider.id() == "mfaf"
    assert QgsApplication.processingRegistry().algorithmById("mfaf:checkenvironment") is not None
    for alg in mfaf_provider.algorithms():
        assert alg.name() == alg.name().lower() and alg.name().isalnum(), alg.name()
        assert alg.shortHelpString(), alg.id()
        assert alg.groupId() in ("setup", "data", "model", "evaluation", "pipelines")


def test_class_factory_unload(qgis_app, qgis_processing):
    """classFactory -> initGui/initProcessing -> unload leaves no provider behind."""
    import mfaf
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    before = registry.providerById("mfaf")
    plugin = mfaf.classFactory(None)
    if before is None:
        plugin.initProcessing()
        assert registry.providerById("mfaf") is not None
        plugin.unload()
        assert registry.providerById("mfaf") is None


def test_checkenvironment_reports_torch(run_alg):
    res = run_alg("mfaf:checkenvironment", {"FAIL_IF_MISSING": True})
    assert res["MISSING"] == ""
    assert res["TORCH_VERSION"].split("+")[0] == TORCH_HERE
    assert res["DEVICE"] in ("cpu",) or res["DEVICE"].startswith("cuda")


def test_qgis_process_lists_provider():
    data = qgis_process_json("list")
    assert "mfaf" in data["providers"], sorted(data["providers"])
    algs = data["providers"]["mfaf"]["algorithms"]
    assert "mfaf:checkenvironment" in algs


def test_torch_runs_inside_qgis_process():
    """torch and torchvision import and build a ResNet18 inside qgis_process (QGIS issue 43537)."""
    data = qgis_process_json("run", "mfaf:checkenvironment", "--", "FAIL_IF_MISSING=true")
    assert data["results"]["MISSING"] == ""
    assert data["results"]["TORCH_VERSION"].split("+")[0] == TORCH_HERE
    assert data["results"]["SELF_TEST"] == "resnet18 forward ok, output shape (1, 2)"


def test_plugin_loads_without_torch(tmp_path):
    """With the venv off the path torch is missing: the provider still loads and the
    algorithms that need torch fail with an install hint, not a traceback."""
    env = {
        "PYTHONPATH": "",  # scripts/qgis_process prepends the venv only when it exists
        "QGIS_CUSTOM_CONFIG_PATH": str(tmp_path / "profile"),
    }
    # Run qgis_process.bin directly, without the venv, as a user without the dependencies would.
    full_env = dict(os.environ, **env)
    full_env["QGIS_PLUGINPATH"] = str(REPO / "build" / "plugins")
    full_env["QT_QPA_PLATFORM"] = "offscreen"
    full_env.pop("VIRTUAL_ENV", None)
    subprocess.run(["qgis_process.bin", "plugins", "enable", "mfaf"], env=full_env,
                   capture_output=True, timeout=300)
    listing = subprocess.run(["qgis_process.bin", "list"], env=full_env, capture_output=True,
                             text=True, timeout=300)
    assert "mfaf:checkenvironment" in listing.stdout
    res = subprocess.run(["qgis_process.bin", "run", "mfaf:checkenvironment", "--",
                          "FAIL_IF_MISSING=true"], env=full_env, capture_output=True, text=True,
                         timeout=300)
    out = res.stdout + res.stderr
    assert res.returncode != 0
    assert "torch, torchvision" in out and "0 Setup > Install Python dependencies" in out
    assert "Traceback" not in out


def test_broken_parameter_declaration_does_not_abort_qgis(mfaf_provider):
    """An exception in initAlgorithm (called by QGIS from C++) is logged, not fatal."""
    from qgis.core import QgsApplication, QgsProcessingParameterNumber

    from mfaf.algorithms.base import MfafAlgorithm

    class Broken(MfafAlgorithm):
        NAME = "brokenfortest"
        DISPLAY_NAME = "Broken"
        HELP = "test"

        def initAlgorithm(self, config=None):  # noqa: N802
            self.addParameter(QgsProcessingParameterNumber("A", "a"))
            raise AttributeError("deliberate")

    seen = []
    QgsApplication.messageLog().messageReceived.connect(lambda msg, tag, level: seen.append((tag, msg)))
    alg = Broken()
    alg.initAlgorithm()  # through the wrapper: no exception escapes
    assert [p.name() for p in alg.parameterDefinitions()] == ["A"]
    assert any(tag == "MFAF" and "deliberate" in msg for tag, msg in seen)
