"""The core of "Install Python dependencies" (mfaf_plugin/install/installer.py) without the network: which
requirements it installs, which interpreter it runs pip with, and QGIS's numpy left alone."""

import sys

import pytest

from mfaf_testing import REPO


def test_runtime_requirements_from_requirements_txt():
    from mfaf.mfaf_plugin.install.installer import read_requirements

    reqs = read_requirements(str(REPO / "requirements.txt"))
    names = [r.split("=")[0].split(">")[0].split("<")[0] for r in reqs]
    assert "torch>=2.6,<2.15" in reqs and "torchvision>=0.21,<0.30" in reqs
    assert {"scipy", "scikit-learn", "imbalanced-learn", "matplotlib"} <= set(names)
    assert not {"numpy", "pytest", "pytest-qgis", "pytest-xdist"} & set(names)  # QGIS's numpy; test tools stay out


def test_find_python_is_this_installation():
    import subprocess

    from mfaf.mfaf_plugin.install.installer import find_python

    python = find_python()
    out = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True)
    assert out.stdout.strip() == sys.version


def test_plan_keeps_qgis_numpy_and_what_fits():
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.install.installer import plan

    items = [
        {"name": "scikit-learn", "version": "1.7.2", "requires": ["numpy>=1.22.0", "scipy>=1.8.0",
                                                                  "pytest>=7; extra == 'tests'"]},
        {"name": "numpy", "version": "1.24.2", "requires": []},
        {"name": "scipy", "version": "1.15.3", "requires": ["numpy<2.5,>=1.23.5"]},
        {"name": "joblib", "version": "1.6.0", "requires": []},
    ]
    todo = plan(items, ["scikit-learn==1.7.2"], {"numpy": "1.24.2", "scipy": "1.10.1", "joblib": "1.0.0"})
    # numpy: QGIS's; scipy 1.10.1 satisfies every requirement on scipy; joblib 1.0.0 is accepted too
    assert [i["name"] for i in todo] == ["scikit-learn"]
    todo = plan(items, ["scikit-learn==1.7.2"], {"numpy": "1.24.2"})
    assert [i["name"] for i in todo] == ["scikit-learn", "scipy", "joblib"]  # no scipy nor joblib in QGIS
    # scipy is one QGIS ships: never installed in front of QGIS's, refused when it does not fit
    with pytest.raises(InputError, match=r"QGIS's scipy 1.10.1 does not fit: requirements needs scipy>=1.12"):
        plan(items, ["scikit-learn==1.7.2", "scipy>=1.12"], {"numpy": "1.24.2", "scipy": "1.10.1"})
    items[0]["requires"] = ["numpy>=1.25.2"]
    with pytest.raises(InputError, match=r"QGIS's numpy 1.24.2 does not fit: scikit-learn 1.7.2 needs numpy>=1.25.2"):
        plan(items, [], {"numpy": "1.24.2"})


def test_sources_offline_or_torch_index():
    from mfaf.mfaf_plugin.install.installer import TORCH_CPU_INDEX, index_arguments

    assert index_arguments(TORCH_CPU_INDEX) == ["--extra-index-url", "https://download.pytorch.org/whl/cpu"]
    assert index_arguments(TORCH_CPU_INDEX, "/w") == ["--no-index", "--find-links", "/w"]
    assert index_arguments("") == []


def _stand_in_wheel(folder, name, version):
    """A GENERATED metadata-only wheel (no code): enough for pip to resolve ``name==version`` offline."""
    import zipfile

    info = "{}-{}.dist-info".format(name, version)
    path = folder / "{}-{}-py3-none-any.whl".format(name, version)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info + "/METADATA", "Metadata-Version: 2.1\nName: {}\nVersion: {}\n".format(name, version))
        zf.writestr(info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: mfaf-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(info + "/RECORD", "")
    return path


def test_packages_qgis_ships_are_never_installed_again(tmp_path):
    """Debian 13's QGIS has matplotlib 3.10.1; a pin below it once made the installer put 3.9.4 in
    front of it. A package QGIS ships is left out when accepted, and a resolution that does not
    accept it is refused instead of shadowing it (offline, generated stand-in wheels)."""
    from mfaf.mfaf_plugin.common.errors import InputError
    from mfaf.mfaf_plugin.install.installer import find_python, index_arguments, plan, resolve

    for version in ("3.9.4", "3.10.1"):
        _stand_in_wheel(tmp_path, "matplotlib", version)
    have = {"matplotlib": "3.10.1"}
    sources = index_arguments("", str(tmp_path))
    items = resolve(find_python(), ["matplotlib>=3.6"], sources, log=lambda *_: None)
    assert [(i["name"], i["version"]) for i in items] == [("matplotlib", "3.10.1")]
    assert plan(items, ["matplotlib>=3.6"], have) == []
    older = resolve(find_python(), ["matplotlib<3.10"], sources, log=lambda *_: None)
    assert [(i["name"], i["version"]) for i in older] == [("matplotlib", "3.9.4")]
    with pytest.raises(InputError, match=r"QGIS's matplotlib 3.10.1 does not fit: requirements needs matplotlib<3.10"):
        plan(older, ["matplotlib<3.10"], have)


def test_requirements_accept_newer_shipped_packages():
    """No upper bound on a package QGIS ships (numpy, scipy, matplotlib): newer Debian releases carry
    newer ones (Debian 13: numpy 2.2, matplotlib 3.10; sid: numpy 2.4), and they must be accepted."""
    from mfaf.mfaf_plugin.install.installer import SHIPPED, canonical

    text = (REPO / "requirements.txt").read_text()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        name = canonical(line.split(";")[0].split("<")[0].split(">")[0].split("=")[0].split("!")[0].strip())
        if name in SHIPPED and "python_version <" not in line:  # bounds only for an old Python
            assert "<" not in line.split(";")[0] and "==" not in line, line


def test_resolution_never_pairs_old_imbalanced_learn_with_new_scikit_learn():
    """QGIS 3.22 on Debian 12 ships numpy 1.24.2; imbalanced-learn 0.13 needs 1.24.3, so pip takes
    0.12, whose metadata accept scikit-learn 1.7, which it cannot import with: the installer asks
    pip again within scikit-learn<1.6. (The whole resolution with real pip and numpy==1.24.2 takes
    about a minute: checked by hand, it gives imbalanced-learn 0.12.4 with scikit-learn 1.5.2.)"""
    from mfaf.mfaf_plugin.install import installer

    items = [{"name": "imbalanced-learn", "version": "0.12.4", "requires": []},
             {"name": "scikit-learn", "version": "1.7.2", "requires": []}]
    assert installer.undeclared_limits(items) == ["scikit-learn<1.6"]
    items[1]["version"] = "1.5.2"
    assert installer.undeclared_limits(items) == []
    items[0]["version"], items[1]["version"] = "0.13.0", "1.7.2"
    assert installer.undeclared_limits(items) == []
