"""mfaf:checkenvironment - report which dependencies QGIS can import and which device runs torch."""

from qgis.core import QgsProcessingOutputString, QgsProcessingParameterBoolean, QgsProcessingException

from ..mfaf_plugin.install.optional_deps import PACKAGES, missing
from .base import MfafAlgorithm
from .i18n import tr


def _version_and_place(module):
    """``(version, folder)`` of an importable module, for the log."""
    import importlib
    import os

    mod = importlib.import_module(module)
    return getattr(mod, "__version__", "?"), os.path.dirname(os.path.dirname(os.path.abspath(mod.__file__)))


class CheckEnvironmentAlgorithm(MfafAlgorithm):
    NAME = "checkenvironment"
    DISPLAY_NAME = "Check installation"
    GROUP_ID = "setup"
    HELP = (
        "Reports whether QGIS can import the Python packages the plugin needs (torch, "
        "torchvision, scikit-learn, imbalanced-learn, scipy, matplotlib), their versions, where "
        "they come from, and whether a CUDA GPU is available to torch. When something is missing it "
        "names exactly what and the one action that fixes it: run 'Install Python dependencies' "
        "(same group), then restart QGIS. With 'Fail when something is missing' set, the algorithm "
        "fails instead of only reporting."
    )

    FAIL_IF_MISSING = "FAIL_IF_MISSING"
    MISSING = "MISSING"
    TORCH_VERSION = "TORCH_VERSION"
    DEVICE = "DEVICE"
    SELF_TEST = "SELF_TEST"

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterBoolean(
            self.FAIL_IF_MISSING, tr("Fail when something is missing"), defaultValue=False
        )
        p.setHelp(tr("Stop with an error, rather than only reporting, when a package is missing."))
        self.addParameter(p)
        self.addOutput(QgsProcessingOutputString(self.MISSING, tr("Missing packages")))
        self.addOutput(QgsProcessingOutputString(self.TORCH_VERSION, tr("torch version")))
        self.addOutput(QgsProcessingOutputString(self.DEVICE, tr("Device torch will use")))
        self.addOutput(QgsProcessingOutputString(self.SELF_TEST, tr("torch self-test")))

    def execute(self, parameters, context, feedback):
        lacking = missing(*PACKAGES)
        torch_version, device, self_test = "", "", ""
        if PACKAGES["torch"] not in lacking:
            import torch

            torch_version = str(torch.__version__)  # TorchVersion is a str subclass QGIS drops
            device = "cuda ({})".format(torch.cuda.get_device_name(0)) if torch.cuda.is_available() else "cpu"
            feedback.pushInfo(tr("torch {} will run on {}").format(torch_version, device))
            if PACKAGES["torchvision"] not in lacking:
                self_test = self._self_test()
                feedback.pushInfo(self_test)
        for module in PACKAGES:
            if PACKAGES[module] not in lacking:
                feedback.pushInfo(tr("{} {} from {}").format(module, *_version_and_place(module)))
        if lacking:
            message = tr("Missing Python packages: {}. To fix it, run Processing Toolbox > MFAF prospectivity > "
                         "0 Setup > Install Python dependencies, then restart QGIS.").format(", ".join(lacking))
            if self.parameterAsBoolean(parameters, self.FAIL_IF_MISSING, context):
                raise QgsProcessingException(message)
            feedback.reportError(message)
        else:
            feedback.pushInfo(tr("All Python dependencies are importable."))
        return {self.MISSING: ", ".join(lacking), self.TORCH_VERSION: torch_version, self.DEVICE: device,
                self.SELF_TEST: self_test}

    @staticmethod
    def _self_test():
        """Build a torchvision ResNet18 and run one forward pass inside this QGIS process."""
        import torch
        from torchvision.models import resnet18

        with torch.no_grad():
            out = resnet18(weights=None, num_classes=2).eval()(torch.zeros(1, 3, 64, 64))
        return "resnet18 forward ok, output shape {}".format(tuple(out.shape))
