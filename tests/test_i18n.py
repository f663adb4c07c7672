"""Simplified Chinese translation: compiled .qm loads, names are translated, .ts is complete.

The string list is re-extracted from the source on every run (scripts/update_translations.py),
so algorithms added later are covered: a missing translation of an algorithm display name, a
group or the provider name fails; other untranslated strings are only reported.
"""

import importlib.util
import string
import subprocess
import warnings
from pathlib import Path

import pytest

from mfaf_testing import REPO

LANG = "zh_CN"


def _updater():
    spec = importlib.util.spec_from_file_location("update_translations", REPO / "scripts" / "update_translations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _mfaf_algorithms(provider):
    """The provider's algorithms that are in the plugin's groups (its own classes and the shipped
    pipelines with translated titles; a bare .model3 with its own group would not be)."""
    from mfaf.algorithms.base import GROUPS

    return [a for a in provider.algorithms() if a.groupId() in GROUPS]


@pytest.fixture(scope="module")
def qm_file():
    res = subprocess.run(["bash", str(REPO / "scripts" / "build_translations.sh")], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    path = REPO / "i18n" / "mfaf_{}.qm".format(LANG)
    assert path.is_file() and path.stat().st_size > 100
    return path


@pytest.fixture
def chinese(qm_file, mfaf_provider):
    from mfaf.algorithms.i18n import install_translator, qm_path, remove_translator

    assert Path(qm_path("zh-Hans")).samefile(qm_file)  # QGIS's own locale name for Simplified Chinese
    translator = install_translator(LANG)
    assert translator is not None
    try:
        yield mfaf_provider
    finally:
        remove_translator(translator)


def test_display_names_in_chinese(chinese):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById("mfaf:checkenvironment")
    assert alg.displayName() == "检查安装"
    assert alg.group() == "0 安装设置"
    assert chinese.name() == "MFAF 成矿远景"
    assert "torch" in alg.shortHelpString() and "报告" in alg.shortHelpString()
    # every MFAF algorithm shows a Chinese name (CJK characters present)
    for a in _mfaf_algorithms(chinese):
        name = a.createInstance().displayName()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in name), (a.id(), name)


def test_english_without_translator(mfaf_provider):
    from qgis.core import QgsApplication

    assert QgsApplication.processingRegistry().algorithmById("mfaf:checkenvironment").displayName() == "Check installation"


def test_ts_covers_current_source():
    upd = _updater()
    messages = upd.extract(REPO)
    ts = upd.load_ts(upd.ts_path(LANG, REPO))
    assert len(messages) >= 10
    missing_required, missing_other = [], []
    for source, entry in messages.items():
        if not ts.get(source, ("", False))[1]:
            (missing_required if entry["kind"] in upd.REQUIRED_KINDS else missing_other).append(
                "[{}] {}".format(entry["kind"], source[:80]))
    if missing_other:
        warnings.warn("{} strings not translated yet (run scripts/update_translations.py): {}".format(
            len(missing_other), "; ".join(missing_other[:20])))
    assert not missing_required, "untranslated names (add them to i18n/{}_translations.json and run " \
        "scripts/update_translations.py): {}".format(LANG, missing_required)


def test_registered_names_have_translations(mfaf_provider):
    """Also through the running provider: names built in ways the extractor cannot see."""
    from mfaf.algorithms.base import GROUPS

    upd = _updater()
    ts = upd.load_ts(upd.ts_path(LANG, REPO))
    algs = _mfaf_algorithms(mfaf_provider)
    assert "mfaf:checkenvironment" in {a.id() for a in algs}
    names = {a.createInstance().displayName() for a in algs} | set(GROUPS.values())
    untranslated = sorted(n for n in names if not ts.get(n, ("", False))[1])
    assert not untranslated, untranslated


def _fields(text):
    try:
        return [(f, spec) for _, f, spec, _ in string.Formatter().parse(text) if f is not None]
    except ValueError:
        return []


def test_placeholders_preserved():
    """A translation must take the same str.format arguments as its source."""
    upd = _updater()
    bad = []
    for source, (text, finished) in upd.load_ts(upd.ts_path(LANG, REPO)).items():
        if not finished:
            continue
        src, dst = _fields(source), _fields(text)
        n = len(src)
        args = [0.5] * n  # a number suits "{}", "{:.1f}", "{:.1%}" alike
        try:
            expected = source.format(*args)
        except (IndexError, ValueError, KeyError):
            continue  # not a format string (e.g. literal braces in a help text)
        try:
            got = text.format(*args)
        except (IndexError, ValueError, KeyError) as exc:
            bad.append((source[:60], text[:60], str(exc)))
            continue
        if expected.count("0.5") + expected.count("50.0%") != got.count("0.5") + got.count("50.0%"):
            bad.append((source[:60], text[:60], "arguments used differently"))
        if sorted(spec for _, spec in src) != sorted(spec for _, spec in dst):
            bad.append((source[:60], text[:60], "format specs differ"))
    assert not bad, bad


def test_qgis_in_chinese_lists_chinese_names(qm_file, tmp_path):
    """A user whose QGIS is set to Simplified Chinese (locale override zh-Hans, as Settings >
    Options > General writes it) gets the translated names, here through qgis_process."""
    import json
    import os

    ini = tmp_path / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[locale]\noverrideFlag=true\nuserLocale=zh-Hans\n")
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(tmp_path), QT_QPA_PLATFORM="offscreen",
               QGIS_PLUGINPATH=str(REPO / "build" / "plugins"), PYTHONPATH="")
    env.pop("MFAF_VENV", None)
    subprocess.run(["qgis_process.bin", "plugins", "enable", "mfaf"], env=env, capture_output=True,
                   timeout=300, cwd=str(tmp_path))
    res = subprocess.run(["qgis_process.bin", "--json", "list"], env=env, capture_output=True,
                         text=True, timeout=300, cwd=str(tmp_path))
    assert res.returncode == 0, res.stderr[-2000:]
    provider = json.loads(res.stdout)["providers"]["mfaf"]
    assert provider["name"] == "MFAF 成矿远景"
    alg = provider["algorithms"]["mfaf:checkenvironment"]
    assert alg["name"] == "检查安装" and alg["group"] == "0 安装设置"
