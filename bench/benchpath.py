"""Makes ``import mfaf`` work in a benchmark run from the checkout (``python bench/<name>.py``):
``build/plugins/mfaf`` is a link to the checkout, as for ``scripts/qgis_process``."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def use_checkout(tests: bool = False) -> Path:
    """Put the plugin (and, with ``tests``, the test helpers) on ``sys.path``; return the checkout."""
    plugins = REPO / "build" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    if not (plugins / "mfaf").exists():
        (plugins / "mfaf").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(plugins))
    if tests:
        sys.path.insert(0, str(REPO / "tests"))
    return REPO
