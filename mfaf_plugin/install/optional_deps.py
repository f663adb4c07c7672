"""Lazy access to the optional heavy dependencies (torch, torchvision, scikit-learn, ...).

The provider must register even where torch is missing; algorithms that need it call
:func:`require` first and get a :class:`MissingDependencyError` that says how to install it.
"""

import importlib

from ..common.errors import MissingDependencyError

__all__ = ["require", "missing", "INSTALL_HINT"]

INSTALL_HINT = (
    "To fix it, run Processing Toolbox > MFAF prospectivity > 0 Setup > Install Python dependencies "
    "(it installs them with QGIS's own Python into your QGIS profile), then restart QGIS "
    "(docs/install.md: other ways, offline installation)."
)

# import name -> pip package name
PACKAGES = {
    "torch": "torch",
    "torchvision": "torchvision",
    "sklearn": "scikit-learn",
    "imblearn": "imbalanced-learn",
    "scipy": "scipy",
    "matplotlib": "matplotlib",
    "captum": "captum",
}


def missing(*modules: str) -> list:
    """Return the pip names of those ``modules`` that cannot be imported."""
    out = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # ImportError, or a broken native library: both mean "not usable"
            out.append(PACKAGES.get(name, name))
    return out


def require(*modules: str):
    """Import ``modules`` and return them, or raise a clear :class:`MissingDependencyError`.

    Returns:
        The imported module when one name is given, else a tuple of modules.

    Raises:
        MissingDependencyError: naming every missing package and how to install them.
    """
    lacking = missing(*modules)
    if lacking:
        raise MissingDependencyError(
            "This step needs the Python package(s) {} which QGIS cannot import. {}".format(
                ", ".join(lacking), INSTALL_HINT
            )
        )
    mods = tuple(importlib.import_module(m) for m in modules)
    return mods[0] if len(mods) == 1 else mods
