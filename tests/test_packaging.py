"""The plugin as users get it: the ZIP (QGIS "Install from ZIP") and `make install`.

Both are checked with qgis_process.bin against a fresh private profile: the plugin is found in
the profile's python/plugins folder (no QGIS_PLUGINPATH to this checkout) and, for
install_plugin.sh, torch is importable through the venv path it configures (PYTHONPATH empty).
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from mfaf_testing import REPO, TORCH_HERE

# .venv's site-packages for this Python (QGIS's), wherever its version puts it
VENV_SITE = sysconfig.get_path("purelib", "posix_prefix", vars={"base": str(REPO / ".venv")})
QGIS_PROCESS_BIN = shutil.which("qgis_process.bin") or "/usr/lib/qgis/qgis_process.bin"
FORBIDDEN_TOP = ("tests/", "bench/", "build/", "dist/", "output/", ".ci/", ".venv/", ".git/",
                 ".qgis-settings/", ".pytest_cache/", "scripts/", "docs/results/")
# development files that must never ship (the ZIP holds only what runs in QGIS)
FORBIDDEN_FILES = ("Makefile", "pytest.ini", ".gitignore", "i18n/zh_CN_translations.json", "docs/RESULTS.md")
PLACEHOLDERS = ("example.org", "example.com", "mfaf-prospectivity/", "github.com/mfaf")


def _env(config_path, pythonpath):
    env = dict(os.environ)
    for key in ("QGIS_PLUGINPATH", "VIRTUAL_ENV", "MFAF_VENV"):
        env.pop(key, None)
    env.update(QGIS_CUSTOM_CONFIG_PATH=str(config_path), PYTHONPATH=pythonpath,
               QT_QPA_PLATFORM="offscreen")
    return env


def _qgis_process(env, *args):
    res = subprocess.run([QGIS_PROCESS_BIN, *args], env=env, capture_output=True, text=True,
                         timeout=300, cwd=str(env["QGIS_CUSTOM_CONFIG_PATH"]))
    return res


@pytest.fixture(scope="module")
def plugin_zip():
    res = subprocess.run(["bash", str(REPO / "scripts" / "build_zip.sh")], cwd=str(REPO),
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    path = REPO / res.stdout.strip().splitlines()[-1]
    assert path.name.startswith("mfaf-") and path.suffix == ".zip", path
    return path


def test_zip_contents(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as zf:
        names = zf.namelist()
    assert all(n.startswith("mfaf/") for n in names), [n for n in names if not n.startswith("mfaf/")]
    rel = [n[len("mfaf/"):] for n in names]
    for required in ("metadata.txt", "__init__.py", "plugin.py", "venv_path.py", "LICENSE", "requirements.txt",
                     "algorithms/provider.py", "resources/icon.svg", "resources/models/mfaf_pipeline.model3",
                     "resources/model/mfaf_murchison.pt"):
        assert required in rel, required
    bad = [n for n in rel if n.startswith(FORBIDDEN_TOP) or "__pycache__" in n or n in FORBIDDEN_FILES
           or n.endswith((".pyc", ".aux.xml", ".csv", ".ts", ".sh"))]
    assert not bad, bad
    with zipfile.ZipFile(plugin_zip) as zf:
        licence = zf.read("mfaf/LICENSE").decode("utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 2, June 1991" in licence
    assert any(n.startswith("i18n/") and n.endswith(".qm") for n in rel), "compiled translation missing"
    version = [ln.split("=", 1)[1].strip() for ln in (REPO / "metadata.txt").read_text().splitlines()
               if ln.startswith("version=")][0]
    assert plugin_zip.name == "mfaf-{}.zip".format(version)
    assert plugin_zip.stat().st_size < 20 * 1024 * 1024


def test_release_metadata_and_repository_hygiene():
    """metadata.txt has no placeholder addresses (real or empty), the licence is in the repository,
    and no QGIS profile (authentication database) is tracked by git."""
    import configparser

    meta = configparser.ConfigParser()
    meta.read(REPO / "metadata.txt", encoding="utf-8")
    general = meta["general"]
    for key in ("email", "repository", "tracker", "homepage"):
        value = general.get(key, "")
        assert not any(p in value for p in PLACEHOLDERS), (key, value)
        assert value == "" or value.startswith(("https://", "http://")) or "@" in value, (key, value)
    assert general["license"] == "GPL-2.0-or-later"
    assert "GNU GENERAL PUBLIC LICENSE" in (REPO / "LICENSE").read_text()
    tracked = subprocess.run(["git", "ls-files"], cwd=str(REPO), capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert "LICENSE" in tracked
    assert not [p for p in tracked if p.startswith(".qgis-settings/") or p.endswith("qgis-auth.db")]
    ignored = subprocess.run(["git", "check-ignore", "-q", ".qgis-settings/profiles/default/qgis-auth.db"],
                             cwd=str(REPO))
    assert ignored.returncode == 0, ".qgis-settings/ must be git-ignored"


@pytest.mark.slow
def test_zip_installs_into_empty_profile(plugin_zip, tmp_path):
    plugins = tmp_path / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as zf:  # what QGIS's "Install from ZIP" does
        zf.extractall(plugins)
    assert (plugins / "mfaf" / "metadata.txt").is_file()
    env = _env(tmp_path, VENV_SITE)
    res = _qgis_process(env, "plugins", "enable", "mfaf")
    assert res.returncode == 0, res.stdout + res.stderr
    res = _qgis_process(env, "--json", "list")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert "mfaf" in data["providers"], sorted(data["providers"])
    assert "mfaf:checkenvironment" in data["providers"]["mfaf"]["algorithms"]
    # what QGIS's plugin manager shows comes from the installed metadata: no placeholder address
    installed_meta = (plugins / "mfaf" / "metadata.txt").read_text()
    assert not any(p in installed_meta for p in PLACEHOLDERS)


@pytest.mark.slow
def test_install_script_into_profile(tmp_path):
    env = _env(tmp_path, "")
    res = subprocess.run(["bash", str(REPO / "scripts" / "install_plugin.sh")], env=env,
                         capture_output=True, text=True, timeout=300, cwd=str(REPO))
    assert res.returncode == 0, res.stdout + res.stderr
    profile = tmp_path / "profiles" / "default"
    installed = profile / "python" / "plugins" / "mfaf"
    assert (installed / "metadata.txt").is_file() and not installed.is_symlink()
    assert "mfaf=true" in (profile / "QGIS" / "QGIS3.ini").read_text()
    cfg = (profile / "mfaf_venv.txt").read_text()
    assert str(REPO / ".venv") in cfg
    # PYTHONPATH empty: torch comes only through the installed venv configuration
    res = _qgis_process(env, "--json", "run", "mfaf:checkenvironment", "--", "FAIL_IF_MISSING=true")
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    results = json.loads(res.stdout)["results"]
    assert results["MISSING"] == ""
    assert results["TORCH_VERSION"].split("+")[0] == TORCH_HERE
    assert results["SELF_TEST"] == "resnet18 forward ok, output shape (1, 2)"

    # Re-install in developer mode: a symlink to the checkout, the same venv configuration.
    res = subprocess.run(["bash", str(REPO / "scripts" / "install_plugin.sh"), "--link"], env=env,
                         capture_output=True, text=True, timeout=300, cwd=str(REPO))
    assert res.returncode == 0, res.stdout + res.stderr
    assert installed.is_symlink() and installed.resolve() == REPO.resolve()
    assert not (REPO / "mfaf_venv.txt").exists(), "the checkout must stay free of a venv config"
    res = _qgis_process(env, "--json", "list")
    assert res.returncode == 0 and "mfaf:checkenvironment" in res.stdout, res.stderr


def test_install_refuses_foreign_folder(tmp_path):
    dest = tmp_path / "profiles" / "default" / "python" / "plugins" / "mfaf"
    dest.mkdir(parents=True)
    (dest / "precious.txt").write_text("user data")
    res = subprocess.run(["bash", str(REPO / "scripts" / "install_plugin.sh"), "--no-enable"],
                         env=_env(tmp_path, ""), capture_output=True, text=True, timeout=300,
                         cwd=str(REPO))
    assert res.returncode != 0
    assert "not an MFAF install" in res.stderr
    assert (dest / "precious.txt").read_text() == "user data"


def _qgis_python_numpy_wheel(out_dir):
    """A wheel of the numpy QGIS's Python has (Debian installs it with .egg-info metadata): the
    offline index must offer that version, which the installer pins (and then leaves out)."""
    from mfaf_testing import wheel_of_installed

    res = subprocess.run(["/usr/bin/python3", "-c", "from importlib import metadata; "
                          "print(metadata.distribution('numpy')._path)"], capture_output=True, text=True)
    path = res.stdout.strip()
    if res.returncode != 0 or not path:
        pytest.skip("QGIS's Python has no numpy")
    return wheel_of_installed(path, out_dir)


@pytest.mark.slow
def test_dependency_installer_in_clean_profile_from_zip(plugin_zip, tmp_path):
    """mfaf:installdependencies, run by qgis_process in a fresh profile holding only the ZIP (no
    venv, PYTHONPATH empty), installs scikit-learn with QGIS's own Python from a local wheel folder
    (no network) into <profile>/python/mfaf_deps/pythonX.Y; the next start of the plugin puts that
    folder on sys.path and mfaf:checkenvironment sees scikit-learn. QGIS's numpy and scipy (which
    fit) are not installed again."""
    from mfaf_testing import wheelhouse

    if subprocess.run(["/usr/bin/python3", "-m", "pip", "--version"], capture_output=True).returncode != 0:
        pytest.skip("QGIS's Python (/usr/bin/python3) has no pip (Debian: python3-pip, make setup)")
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheelhouse(["scikit-learn"], Path(VENV_SITE), wheels)
    _qgis_python_numpy_wheel(wheels)
    profile = tmp_path / "qgis"
    plugins = profile / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(plugins)
    env = _env(profile, "")
    assert _qgis_process(env, "plugins", "enable", "mfaf").returncode == 0

    before = _qgis_process(env, "--json", "run", "mfaf:checkenvironment")
    assert before.returncode == 0, before.stderr[-2000:]
    assert "scikit-learn" in json.loads(before.stdout)["results"]["MISSING"]
    assert "Install Python dependencies" in before.stdout + before.stderr  # the one action that fixes it

    res = _qgis_process(env, "--json", "run", "mfaf:installdependencies", "--", "PACKAGES=scikit-learn==1.7.2",
                        "WHEELS={}".format(wheels))
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    results = json.loads(res.stdout)["results"]
    installed = results["INSTALLED"].split(", ")
    assert "scikit-learn==1.7.2" in installed
    assert not [p for p in installed if p.startswith(("numpy==", "scipy=="))], installed
    assert results["PYTHON"] and os.path.realpath(results["PYTHON"]).startswith("/usr/bin/python3")
    target = profile / "profiles" / "default" / "python" / "mfaf_deps" / "python{}.{}".format(*sys.version_info[:2])
    assert (target / "sklearn" / "__init__.py").is_file()
    assert not list(target.glob("numpy*")) and not list(target.glob("scipy*"))

    after = _qgis_process(env, "--json", "run", "mfaf:checkenvironment")
    assert after.returncode == 0, after.stderr[-2000:]
    missing = json.loads(after.stdout)["results"]["MISSING"]
    assert "scikit-learn" not in missing and "torch" in missing
    assert str(target) in after.stdout + after.stderr  # where sklearn comes from
