"""mfaf:installdependencies - install torch, scikit-learn, ... with QGIS's own Python, from inside QGIS."""

import importlib
import os
import sys

from qgis.core import (
    QgsApplication,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..mfaf_plugin.install import installer
from ..mfaf_plugin.install.optional_deps import PACKAGES, missing
from ..mfaf_plugin.common.errors import InputError
from ..venv_path import deps_folder
from .base import PLUGIN_DIR, MfafAlgorithm
from .i18n import tr
from .qgis_compat import ADVANCED, FOLDER, NO_THREADING

REQUIREMENTS = os.path.join(PLUGIN_DIR, "requirements.txt")
TORCH_BUILDS = ("cpu", "pypi", "url")


def default_target() -> str:
    """``<QGIS profile>/python/mfaf_deps/pythonX.Y``, which the plugin puts on sys.path at start."""
    return deps_folder(QgsApplication.qgisSettingsDirPath())


class InstallDependenciesAlgorithm(MfafAlgorithm):
    NAME = "installdependencies"
    DISPLAY_NAME = "Install Python dependencies"
    GROUP_ID = "setup"
    HELP = (
        "Installs the Python packages the plugin needs (torch, torchvision, scikit-learn, imbalanced-learn, "
        "scipy, matplotlib, at the versions pinned in the plugin's requirements.txt) with QGIS's own Python "
        "and pip into a folder of your QGIS profile (python/mfaf_deps), which the plugin puts on Python's path "
        "when it loads. Nothing of QGIS's own Python is changed: QGIS's numpy is used as it is (the installation "
        "is refused if a package needs another numpy), and packages QGIS already has at a suitable version are "
        "not installed again. Needs the internet (PyPI and, for torch, the index chosen), unless 'Local wheel "
        "folder (offline)' is given; torch is a large download (CPU build about 200 MB, CUDA builds several "
        "GB). Afterwards run 'Check installation'; restart QGIS if it still reports a package as missing.\n\n"
        "'torch build': CPU only (works everywhere), as PyPI has it (CUDA on Linux, CPU on Windows and macOS), "
        "or the index URL you give, e.g. https://download.pytorch.org/whl/cu128 for CUDA 12.8 (see the "
        "install selector on pytorch.org for your GPU driver). To remove everything, delete the folder."
    )

    TORCH_BUILD = "TORCH_BUILD"
    INDEX_URL = "INDEX_URL"
    PACKAGES = "PACKAGES"
    WHEELS = "WHEELS"
    TARGET = "TARGET"
    INSTALLED = "INSTALLED"
    PYTHON = "PYTHON"
    MISSING = "MISSING"

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterEnum(self.TORCH_BUILD, tr("torch build"), options=[
            tr("CPU only (smaller download, works everywhere)"),
            tr("As PyPI has it (CUDA on Linux, CPU on Windows and macOS)"),
            tr("From the index URL below (e.g. a CUDA version)")], defaultValue=0)
        p.setHelp(tr("Which build of torch and torchvision to install. A CUDA build only helps with an NVIDIA GPU "
                     "and a matching driver."))
        self.addParameter(p)
        p = QgsProcessingParameterString(self.INDEX_URL, tr("Index URL of the torch build"), optional=True)
        p.setHelp(tr("Only with 'From the index URL below': the package index holding the torch build, e.g. "
                     "https://download.pytorch.org/whl/cu128 (CUDA 12.8)."))
        self.addParameter(p)
        p = QgsProcessingParameterString(self.PACKAGES, tr("Packages to install"), optional=True)
        p.setHelp(tr("Requirement specifiers separated by spaces or commas, e.g. 'scikit-learn==1.7.2'. Empty: "
                     "the plugin's pinned requirements."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        folders = (
            (self.WHEELS, tr("Local wheel folder (offline)"),
             tr("A folder of .whl files (e.g. made with 'pip download' on a machine with internet): pip "
                "then installs from it only, without the internet.")),
            (self.TARGET, tr("Install into folder"),
             tr("Empty: python/mfaf_deps/pythonX.Y in your QGIS profile folder, which the plugin reads at "
                "start. Another folder is only used if you add it to Python's path yourself.")),
        )
        for key, label, help_text in folders:
            p = QgsProcessingParameterFile(key, label, behavior=FOLDER, optional=True)
            p.setHelp(help_text)
            p.setFlags(p.flags() | ADVANCED)
            self.addParameter(p)
        self.addOutput(QgsProcessingOutputString(self.INSTALLED, tr("Installed packages")))
        self.addOutput(QgsProcessingOutputString(self.PYTHON, tr("Python used")))
        self.addOutput(QgsProcessingOutputString(self.MISSING, tr("Still missing")))

    def flags(self):
        # pip runs for minutes and QGIS must not run two installs at once in parallel threads
        return super().flags() | NO_THREADING

    def execute(self, parameters, context, feedback):
        _, is_canceled = self.callbacks(feedback)
        text = self.parameterAsString(parameters, self.PACKAGES, context) or ""
        requirements = [r for r in text.replace(",", " ").split() if r] or installer.read_requirements(REQUIREMENTS)
        build = TORCH_BUILDS[self.parameterAsEnum(parameters, self.TORCH_BUILD, context)]
        url = (self.parameterAsString(parameters, self.INDEX_URL, context) or "").strip()
        if build == "url" and not url:
            raise InputError(tr("Give the 'Index URL of the torch build', or choose another torch build."))
        index = {"cpu": installer.TORCH_CPU_INDEX, "pypi": "", "url": url}[build]
        sources = installer.index_arguments(index, self.parameterAsFile(parameters, self.WHEELS, context))
        target = self.parameterAsFile(parameters, self.TARGET, context) or default_target()

        python = installer.find_python()
        installer.pip_version(python)
        feedback.pushInfo(tr("Python: {}; target folder: {}").format(python, target))
        feedback.pushInfo(tr("Resolving: {}").format(" ".join(requirements)))
        have = installer.installed_versions(exclude=[target])
        constraints = ["numpy=={}".format(have["numpy"])] if "numpy" in have else []
        items = installer.resolve(python, requirements, sources, constraints, log=feedback.pushConsoleInfo,
                                  is_canceled=is_canceled)
        todo = installer.plan(items, requirements, have)
        skipped = sorted({i["name"] for i in items} - {i["name"] for i in todo})
        if skipped:
            feedback.pushInfo(tr("Already provided by QGIS's Python, not installed again: {}").format(
                ", ".join(skipped)))
        feedback.setProgress(20)
        installed = installer.install(python, todo, target, sources, log=feedback.pushConsoleInfo,
                                      is_canceled=is_canceled)
        feedback.pushInfo(tr("Installed into {}: {}").format(target, ", ".join(installed) or tr("nothing")))
        if target not in sys.path:  # usable at once, without restarting QGIS
            sys.path.insert(0, target)
        importlib.invalidate_caches()
        lacking = missing(*PACKAGES)
        if lacking:
            feedback.pushWarning(tr("Still not importable in this QGIS session: {}. Restart QGIS, then run "
                                    "'Check installation'.").format(", ".join(lacking)))
        return {self.INSTALLED: ", ".join(installed), self.PYTHON: python, self.MISSING: ", ".join(lacking)}
