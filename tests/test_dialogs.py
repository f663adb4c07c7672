"""Dialogs a newcomer can fill in: coherent defaults, basic vs advanced parameters, help texts in
the words of the dialogs, a Help button that opens the shipped guide, a warning for dilation rates
that do not fit the tiles."""

import re
from pathlib import Path

import pytest

from mfaf_testing import REPO

def _alg(alg_id):
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    assert alg is not None, alg_id
    return alg.create()


def _is_advanced(alg, name):
    from mfaf.algorithms.qgis_compat import ADVANCED

    return bool(alg.parameterDefinition(name).flags() & ADVANCED)


def test_coherent_defaults(mfaf_provider):
    from mfaf.algorithms.guidance import ground_size_text

    tiles = _alg("mfaf:maketiles")
    assert tiles.parameterDefinition("TILE_SIZE").defaultValue() == 16  # like the demo and the pipeline
    assert "16 px x 1000 m = 16 km" in tiles.shortHelpString() + tiles.parameterDefinition("TILE_SIZE").help()
    assert ground_size_text(16, 1000.0) == "16 px x 1000 m = 16 km"
    assert ground_size_text(8, 30.0) == "8 px x 30 m = 240 m"
    # one seed default everywhere
    for alg in mfaf_provider.algorithms():
        seed = alg.parameterDefinition("SEED")
        if seed is not None:
            assert seed.defaultValue() == 0, alg.id()
    train = _alg("mfaf:trainmodel")
    assert train.parameterDefinition("ARCHITECTURE").defaultValue() == "mfaf_shufflenetv2"
    assert train.parameterDefinition("DILATIONS").defaultValue() == "1,2,4,8,10"
    assert all(int(d) < 16 for d in train.parameterDefinition("DILATIONS").defaultValue().split(","))
    # the bundled model's network has exactly these settings (scripts/example_config.sh, and the file itself)
    config = (REPO / "scripts" / "example_config.sh").read_text()
    assert 'NETWORK=("METHODS=mfaf_shufflenetv2" "DILATIONS=1,2,4,8,10")' in config and '"TILE_SIZE=16"' in config
    from mfaf.mfaf_plugin.training.modelio import read_model_file

    meta = read_model_file(str(REPO / "resources" / "model" / "mfaf_murchison.pt"))["meta"]
    assert (meta["architecture"], meta["settings"]["dilations"], meta["tile_size"]) == (
        "mfaf_shufflenetv2", [1, 2, 4, 8, 10], 16)
    compare = _alg("mfaf:comparemodels")
    assert compare.parameterDefinition("DILATIONS").defaultValue() == "1,2,4,8,10"
    # the model file is a real file by default, so that RESUME finds its checkpoint
    model = train.parameterDefinition("OUTPUT").defaultValue()
    assert model and model != "TEMPORARY_OUTPUT" and model.endswith(".pt") and Path(model).is_absolute()
    predict = _alg("mfaf:predictprospectivity")
    assert predict.parameterDefinition("REPORT").createByDefault()
    assert predict.parameterDefinition("OUTPUT_MAP").createByDefault()
    # the bundled model is shown as the model file, not an empty box
    shown = predict.parameterDefinition("MODEL").defaultValue()
    assert Path(shown).samefile(REPO / "resources" / "model" / "mfaf_murchison.pt")
    # thresholds with sensible decimals; the score is named for what it is; the threshold also as a share of the map
    for key, decimals in (("THRESHOLD", 2), ("TARGET_SHARE", 1), ("MIN_VALID", 2)):
        assert predict.parameterDefinition(key).metadata()["widget_wrapper"]["decimals"] == decimals, key
    assert "not a probability" in predict.parameterDefinition("THRESHOLD").description()
    assert "top share of the map" in predict.parameterDefinition("TARGET_SHARE").description()
    # the options a script passes (centred, adamw_onecycle) are explained in words beside them
    cv = _alg("mfaf:crossvalidate")
    assert "a window centred on every cell" in cv.parameterDefinition("FRAMING").description()
    assert "AdamW" in cv.parameterDefinition("RECIPE").description()
    assert cv.parameterDefinition("FRAMING").options() == ["centred", "grid"]  # the keys stay
    assert "16 km" in cv.parameterDefinition("TILE_SIZE").description()


def test_basic_and_advanced(mfaf_provider):
    """What a user must decide is on the first page; tested settings are under Advanced parameters."""
    must_decide = {
        "mfaf:maketiles": ("INPUT", "DEPOSITS", "TILE_SIZE", "OUTPUT", "OUTPUT_CELLS"),
        "mfaf:trainmodel": ("DATASET", "ARCHITECTURE", "EPOCHS", "RESUME", "OUTPUT"),
        "mfaf:predictprospectivity": ("INPUT", "MODEL", "THRESHOLD", "TARGET_SHARE", "DEPOSITS", "OUTPUT",
                                      "OUTPUT_CELLS", "REPORT", "OUTPUT_MAP"),
        "mfaf:idwrasters": ("INPUT", "FIELDS", "FIELDS_STRING", "EXTENT", "PIXEL_SIZE", "OUTPUT"),
        "mfaf:screenelements": ("INPUT", "FIELDS", "DEPOSITS", "RADIUS", "OUTPUT"),
        "mfaf:installdependencies": ("TORCH_BUILD", "INDEX_URL"),
    }
    settings = {
        "mfaf:maketiles": ("STRIDE", "SPLIT", "TEST_FRACTION", "MIN_VALID_FRACTION", "SMOTE", "NOISE_VARIANCE",
                           "SEED"),
        "mfaf:trainmodel": ("DILATIONS", "BETA", "BATCH_SIZE", "LR", "DEVICE", "SEED"),
        "mfaf:predictprospectivity": ("STRIDE", "DATASET", "DEVICE", "MIN_VALID", "BATCH_SIZE"),
        "mfaf:idwrasters": ("WIDTH", "HEIGHT", "POWER", "RADIUS", "MAX_POINTS", "LOG_TRANSFORM", "TARGET_CRS"),
        "mfaf:screenelements": ("POSITIVE_RULE", "K_NEAREST", "NEGATIVES", "CRITICAL_Z", "SEED"),
        "mfaf:stacklayers": ("NORMALIZE", "MAX_MEMORY_MB"),
        "mfaf:installdependencies": ("PACKAGES", "WHEELS", "TARGET"),
    }
    for alg_id, names in must_decide.items():
        alg = _alg(alg_id)
        assert not [n for n in names if _is_advanced(alg, n)], alg_id
    for alg_id, names in settings.items():
        alg = _alg(alg_id)
        assert all(_is_advanced(alg, n) for n in names), (alg_id, [n for n in names if not _is_advanced(alg, n)])


def _help_texts(alg):
    yield "help", alg.shortHelpString() or ""
    for d in alg.parameterDefinitions():
        yield d.name(), d.help() or ""


def test_help_texts_use_on_screen_names(mfaf_provider):
    """Help texts name parameters by their labels and algorithms by their current display names:
    no parameter keys (TILE_SIZE), no script ids (mfaf:maketiles), no quoted name that is not on
    screen (e.g. the old 'Make tiles')."""
    algs = [a for a in mfaf_provider.algorithms() if not a.id().endswith(":pipeline")]
    on_screen = {a.displayName() for a in mfaf_provider.algorithms()}
    for a in algs:
        for d in a.parameterDefinitions():
            on_screen.add(d.description())
            on_screen.update(getattr(d, "options", lambda: [])())
        on_screen.update(o.description() for o in a.outputDefinitions())
    problems = []
    for a in algs:
        labels = " ".join([d.description() for d in a.parameterDefinitions()]
                          + [o.description() for o in a.outputDefinitions()])
        keys = {d.name() for d in a.parameterDefinitions()} | {o.name() for o in a.outputDefinitions()}
        keys = {k for k in keys if len(k) > 2 and k not in labels}  # "SMOTE", "AUC" are also plain words
        for where, text in _help_texts(a):
            problems += ["{} {}: key {}".format(a.id(), where, k) for k in keys
                         if re.search(r"(?<![\w'<])" + re.escape(k) + r"(?![\w'>])", text)]
            problems += ["{} {}: id {}".format(a.id(), where, m) for m in re.findall(r"mfaf:\w+", text)]
            for quoted in re.findall(r"'([A-Z][^']{3,})'", text):
                if not any(name == quoted or name.startswith(quoted + " ") for name in on_screen):
                    problems.append("{} {}: '{}' is not on screen".format(a.id(), where, quoted))
    assert not problems, problems


def test_help_button_opens_shipped_guide(mfaf_provider):
    from qgis.PyQt.QtCore import QUrl

    guide = (REPO / "docs" / "index.html").read_text(encoding="utf-8")
    for alg in mfaf_provider.algorithms():
        url = alg.helpUrl()
        assert url.startswith("file://") and "example" not in url, (alg.id(), url)
        page, _, anchor = url.partition("#")
        assert Path(QUrl(page).toLocalFile()).samefile(REPO / "docs" / "index.html")
        assert anchor == alg.name() and 'id="{}"'.format(anchor) in guide, (alg.id(), url)
    # the guide's pictures and links to files beside it exist
    for ref in re.findall(r'(?:src|href)="([^"#:]+)"', guide):
        assert (REPO / "docs" / ref).is_file(), ref


def test_dilations_wider_than_the_tile_are_warned(run_alg, tmp_path):
    from qgis.core import QgsProcessingFeedback

    from mfaf.algorithms.guidance import DEFAULT_DILATIONS, dataset_tile_size, dilation_warning
    from test_training import generated_tiles  # 16-pixel tiles, real format

    class Recorder(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.warnings = []

        def pushWarning(self, text):  # noqa: N802
            self.warnings.append(text)

    tiles = generated_tiles(tmp_path / "tiles.npz", n=12)
    assert dataset_tile_size(tiles) == 16
    assert dilation_warning([int(d) for d in DEFAULT_DILATIONS.split(",")], 16) == ""  # the defaults fit
    assert dilation_warning([1, 15], 16) == "" and dilation_warning([16], 16)
    feedback = Recorder()
    run_alg("mfaf:trainmodel", {"DATASET": tiles, "DILATIONS": "16,24", "EPOCHS": 1, "BATCH_SIZE": 8,
                                "DEVICE": "cpu", "OUTPUT": str(tmp_path / "m.pt")}, feedback=feedback)
    warned = [w for w in feedback.warnings if "Dilation rate(s) 16, 24 do not fit the 16-pixel tiles" in w]
    assert warned and "d < t" in warned[0] and "1,2,4,8,10" in warned[0]
