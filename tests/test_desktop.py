"""The plugin in the real desktop QGIS (qgis binary under Xvfb), installed as a user installs it.

scripts/desktop_check.py installs the ZIP into a fresh profile with scripts/install_plugin.sh,
starts `qgis --nologo --noversioncheck --code ...` with PYTHONPATH empty, and reports what it
saw; the screenshot lands in the test's tmp folder (docs/toolbox.png is refreshed by running
the script with --screenshot docs/toolbox.png).
"""

import glob
import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

from mfaf_testing import REPO, TORCH_HERE

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("qgis")),
                                reason="needs Xvfb and desktop qgis (make setup installs both)")


def _desktop_check():
    spec = importlib.util.spec_from_file_location("desktop_check", REPO / "scripts" / "desktop_check.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_desktop_qgis_loads_plugin(tmp_path):
    result = _desktop_check().run_check(str(tmp_path), timeout=300)
    assert result["python_errors"] == [], result["python_errors"]
    assert result["loaded"] is True
    assert result["provider"] is True and result["provider_name"]
    assert "mfaf:checkenvironment" in result["algorithms"]
    # torch comes from the venv configured by install_plugin.sh (PYTHONPATH was empty)
    assert result.get("torch", "").split("+")[0] == TORCH_HERE, result.get("torch_error")
    assert result["torch_from_numpy"] == 6.0
    assert result["checkenvironment"]["MISSING"] == ""
    assert result["checkenvironment"]["SELF_TEST"] == "resnet18 forward ok, output shape (1, 2)"
    assert result["toolbox_open"] and result["toolbox_mfaf_expanded"]
    assert "0 Setup" in result["toolbox_items"] and "Check installation" in result["toolbox_items"]
    assert "2 Model" in result["toolbox_items"] and "Install Python dependencies" in result["toolbox_items"]
    shot = tmp_path / "screenshot.png"
    assert shot.is_file() and shot.stat().st_size > 10000
    assert result["qgis_exit"] == 0


def test_no_triton_crash_next_to_mesa_llvm(tmp_path):
    """Desktop QGIS on Mesa OpenGL holds libLLVM; triton's own LLVM then segfaults on load.
    venv_path.block_triton keeps torch/torchvision usable in such a process."""
    libs = sorted(glob.glob("/usr/lib/x86_64-linux-gnu/libLLVM-15.so*"))
    if not libs:
        pytest.skip("Mesa's libLLVM-15 not installed")
    script = tmp_path / "probe.py"
    script.write_text(
        "import ctypes, sys\n"
        "ctypes.CDLL({lib!r}, mode=ctypes.RTLD_GLOBAL)\n"
        "sys.path.insert(0, {repo!r})\n"
        "import venv_path\n"
        "assert venv_path.block_triton()\n"
        "import torch, torchvision\n"
        "from torchvision.models import resnet18\n"
        "print(tuple(resnet18(num_classes=2).eval()(torch.zeros(1, 3, 32, 32)).shape))\n".format(
            lib=libs[0], repo=str(REPO)))
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.pop("MFAF_ALLOW_TRITON", None)
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env)
    assert res.returncode == 0, (res.returncode, res.stderr[-2000:])
    assert res.stdout.strip().endswith("(1, 2)")
