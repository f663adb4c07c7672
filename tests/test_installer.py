"""The core of "Install Python dependencies" (mfaf_plugin/install/installer.py) without the network: which
requirements it installs, which interpreter it runs pip with, and QGIS's numpy left alone."""

import sys

import pytest

from mfaf_testing import REPO


def test_runtime_requirements_from_requirements_txt():
    from mfaf.mfaf_plugin.install.installer import read_requirements

    reqs = read_requirements(str(REPO / "requirements.txt"))
    names = [r.split("=")[0].split(">")[0].split("<")[0] for r in reqs]
    assert "torch==2.14.1" in reqs and "torchvision==0.29.1" in reqs
    assert {"scipy", "scikit-learn", "imbalanced-learn", "matplotlib"} <= set(names)
    assert not {"numpy", "pytest", "pytest-qgis"} & set(names)  # QGIS's numpy; test tools stay out


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
    todo = plan(items, ["scikit-learn==1.7.2", "scipy>=1.12"], {"numpy": "1.24.2", "scipy": "1.10.1"})
    assert [i["name"] for i in todo] == ["scikit-learn", "scipy", "joblib"]
    items[0]["requires"] = ["numpy>=1.25.2"]
    with pytest.raises(InputError, match=r"QGIS's numpy 1.24.2 does not fit: scikit-learn 1.7.2 needs numpy>=1.25.2"):
        plan(items, [], {"numpy": "1.24.2"})


def test_sources_offline_or_torch_index():
    from mfaf.mfaf_plugin.install.installer import TORCH_CPU_INDEX, index_arguments

    assert index_arguments(TORCH_CPU_INDEX) == ["--extra-index-url", "https://download.pytorch.org/whl/cpu"]
    assert index_arguments(TORCH_CPU_INDEX, "/w") == ["--no-index", "--find-links", "/w"]
    assert index_arguments("") == []
