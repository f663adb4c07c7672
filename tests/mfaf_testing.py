"""Shared test helpers (imported by conftest and tests): import this checkout as the package ``mfaf`` (whatever its folder is called),
register the real provider in the real QgsApplication that pytest-qgis starts, and give tests
the real data of ../shared/data and a qgis_process runner."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLUGINS_DIR = REPO / "build" / "plugins"
PLUGINS_DIR.mkdir(parents=True, exist_ok=True)
_link = PLUGINS_DIR / "mfaf"
if not _link.exists():
    _link.symlink_to(REPO, target_is_directory=True)
if str(PLUGINS_DIR) not in sys.path:
    sys.path.insert(0, str(PLUGINS_DIR))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Real public data sets (see ../shared/data/README.md); CI has them beside the clone.
SHARED_DATA = Path(os.environ.get("MFAF_SHARED_DATA", REPO.parent / "shared" / "data"))
TEST_DATA = REPO / "tests" / "data"
QGIS_PROCESS = REPO / "scripts" / "qgis_process"


def shared(*parts) -> Path:
    """Path of a file in ../shared/data; skips the test (with the reason) when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip("real data set {} not found (set MFAF_SHARED_DATA)".format(path))
    return path


def qgis_process(*args, env=None, timeout=900):
    """Run scripts/qgis_process (the README's way) with a private profile; return the result."""
    full_env = dict(os.environ)
    full_env.setdefault("QGIS_CUSTOM_CONFIG_PATH", str(REPO / "build" / "qgis-profile-tests"))
    if env:
        full_env.update(env)
    return subprocess.run(
        [str(QGIS_PROCESS), *map(str, args)], capture_output=True, text=True, env=full_env,
        timeout=timeout,
    )


def qgis_process_json(*args, **kw):
    """``qgis_process --json run ...``: return the parsed JSON (fails the test with stderr)."""
    res = qgis_process("--json", *args, **kw)
    assert res.returncode == 0, "qgis_process failed ({}):\n{}\n{}".format(
        res.returncode, res.stdout[-3000:], res.stderr[-3000:])
    return json.loads(res.stdout)
