"""Make the plugin's Python packages (torch, ...) importable in desktop QGIS and qgis_process.

Two sources, both optional. First the folder that "Install Python dependencies"
(mfaf:installdependencies) fills with QGIS's own pip: ``<QGIS profile>/python/mfaf_deps/pythonX.Y``
(:func:`add_deps_folder`), put first on ``sys.path`` when it exists. Then a configured venv:

Opt-in only: nothing happens unless a venv is configured, so a checkout used as a plugin (tests,
``scripts/qgis_process``) behaves exactly as its ``PYTHONPATH`` says. The venv is taken from,
in this order:

1. the environment variable ``MFAF_VENV``;
2. a file ``mfaf_venv.txt`` in the plugin folder;
3. a file ``mfaf_venv.txt`` in the QGIS profile folder
   (e.g. ``~/.local/share/QGIS/QGIS3/profiles/default/mfaf_venv.txt``), which
   ``scripts/install_plugin.sh`` (``make install``) writes.

The value is a venv folder (its ``lib/pythonX.Y/site-packages`` is used) or a site-packages
folder. That folder is put FIRST on ``sys.path``, exactly as ``scripts/qgis_process`` and the
tests do with ``PYTHONPATH``: the venv's packages must win over older system copies of their
dependencies (appending was tried: Debian 12's sympy 1.11 then shadows the venv's sympy 1.14
and ``import torchvision`` fails). Modules QGIS already imported before the plugin loads (in
desktop QGIS usually Debian's numpy 1.24) stay as they are; the pinned packages accept numpy
1.24 (requirements.txt: numpy>=1.24,<2). A venv made for another Python version is ignored
with a message in the log panel (tab "MFAF").

:func:`prepare_imports` (called by ``classFactory``) also keeps torch from loading ``triton``
inside QGIS: triton's ``libtriton.so`` carries its own LLVM, and loading it into a process
that already holds Mesa's ``libLLVM-15`` (desktop QGIS on Mesa OpenGL drivers, e.g. Intel, AMD,
llvmpipe/Xvfb) crashes QGIS with a segmentation fault in LLVM's static initialisers as soon as
``import torchvision`` pulls in ``torch._dynamo``. The plugin never needs triton (it is only
used by ``torch.compile`` on GPUs); set ``MFAF_ALLOW_TRITON=1`` to keep it importable.
"""

import os
import sys

CONFIG_NAME = "mfaf_venv.txt"
ENV_NAME = "MFAF_VENV"
PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))


def _log(message: str, warning: bool = False) -> None:
    try:
        from qgis.core import Qgis, QgsMessageLog

        QgsMessageLog.logMessage(message, "MFAF", Qgis.MessageLevel.Warning if warning else Qgis.MessageLevel.Info)
    except Exception:  # outside QGIS: stay silent
        pass


def _profile_dir() -> str:
    try:
        from qgis.core import QgsApplication

        return QgsApplication.qgisSettingsDirPath()
    except Exception:
        return ""


def _read_config(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    return os.path.expanduser(line)
    except OSError:
        pass
    return ""


def configured_venv() -> tuple:
    """``(value, where)`` of the configured venv, or ``("", "")`` when none is configured."""
    value = os.environ.get(ENV_NAME, "").strip()
    if value:
        return os.path.expanduser(value), ENV_NAME
    for folder in (PLUGIN_DIR, _profile_dir()):
        if folder:
            path = os.path.join(folder, CONFIG_NAME)
            value = _read_config(path)
            if value:
                return value, path
    return "", ""


def site_packages(venv: str) -> str:
    """The site-packages folder of ``venv`` for this Python, or ``""`` when it has none."""
    own = os.path.join(venv, "lib", "python{}.{}".format(*sys.version_info[:2]), "site-packages")
    if os.path.isdir(own):
        return own
    if os.path.basename(os.path.normpath(venv)) == "site-packages" and os.path.isdir(venv):
        return venv
    return ""


def block_triton() -> bool:
    """Make ``import triton`` fail cleanly (torch then runs without it). True when blocked now."""
    if os.environ.get("MFAF_ALLOW_TRITON") == "1" or "triton" in sys.modules:
        return False
    sys.modules["triton"] = None  # the standard way to make an import raise ImportError
    return True


def prepare_imports() -> str:
    """What ``classFactory`` runs before anything imports torch: :func:`block_triton`, then
    :func:`add_deps_folder` and :func:`add_configured_venv` (a configured venv ends up first).
    Returns the venv's site-packages folder added (or ``""``)."""
    block_triton()
    add_deps_folder()
    return add_configured_venv()


def deps_folder(profile_dir: str = "") -> str:
    """``<profile>/python/mfaf_deps/pythonX.Y``, per Python version as wheels are: where
    mfaf:installdependencies installs."""
    profile_dir = profile_dir or _profile_dir()
    if not profile_dir:
        return ""
    return os.path.join(profile_dir, "python", "mfaf_deps", "python{}.{}".format(*sys.version_info[:2]))


def add_deps_folder() -> str:
    """Put the folder of "Install Python dependencies" first on ``sys.path`` when it exists; return it."""
    folder = deps_folder()
    if not folder or not os.path.isdir(folder):
        return ""
    if folder not in sys.path:
        sys.path.insert(0, folder)
        _log("MFAF: using Python packages from {} (Install Python dependencies)".format(folder))
    return folder


def add_configured_venv() -> str:
    """Put the configured venv's site-packages first on ``sys.path``; return it (or ``""``)."""
    venv, where = configured_venv()
    if not venv:
        return ""
    site = site_packages(venv)
    if not site:
        _log("MFAF: the virtual environment {} (from {}) has no site-packages for Python {}.{}; "
             "run `make setup` and `make install` again.".format(venv, where, *sys.version_info[:2]),
             warning=True)
        return ""
    if site not in sys.path:
        sys.path.insert(0, site)
        _log("MFAF: using Python packages from {} (configured in {})".format(site, where))
    return site
