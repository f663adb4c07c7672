"""A corpus of bad inputs, each run through processing.run in this process.

``CASES``: the run is refused with a plain message (one or two sentences, no traceback, no library
dump, no advice to load unsafely, naming the user's files, not hidden temporaries), and no input
and no earlier output changes: every file of the inputs folders (the shared one and the case's
own) and of the case's output folder (where each output already holds an earlier result) has the
same sha256 afterwards, nothing is added (no temporary, no lock file) and no output of the failed
run exists.

``ACCEPTED``: doubtful inputs a run may take: it exits normally, its log says how it read them or
warns of what is doubtful (a pattern per case), no input changes, and no raster output is all
nodata, all NaN or constant without a warning in the log.

Inputs: see reliability_data (real data; ``*_modified*`` files are real files altered as a
careless or hostile user could).
"""

import re
from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsProcessingException

import reliability_data as rd
from reliability_data import LogFeedback, PickledObject, checksums, degenerate_rasters, real_inputs, run

P = "mfaf:predictprospectivity"
T = "mfaf:maketiles"
TRAIN = "mfaf:trainmodel"
S = "mfaf:stacklayers"
SCREEN = "mfaf:screenelements"
IDW = "mfaf:idwrasters"
CMP = "mfaf:comparemodels"
CV = "mfaf:crossvalidate"

IS_INPUT = r"is the input '.*' \(.*\): writing it would destroy that input"
NOT_FOLDER = r"Cannot write '.*blocker\.txt.*': '.*blocker\.txt' is not a folder"
DAMAGED_MODEL = r"is damaged or was not written by this plugin \("
DAMAGED_STACK = r"carries a damaged MFAF description \("
NOT_FINITE = r"must be a finite number; got (nan|inf)"
NAN, INF = float("nan"), float("inf")


def _blocked(o, name):
    """A destination inside 'blocker.txt', a file standing where a folder should be."""
    (o / "blocker.txt").write_text("a file, not a folder")
    return str(o / "blocker.txt" / name)


def _link(o, target):
    link = o / "link_to_stack.tif"
    link.symlink_to(target)
    return str(link)


def _pickled_checkpoint(o):
    import torch

    torch.save({"format": "mfaf-checkpoint", "extra": PickledObject()}, str(o / "model.pt.ckpt"))
    return str(o / "model.pt")


def _with_model(key):
    """Predict with the modified model ``key`` of reliability_data."""
    return lambda i, o: predict(i, o, MODEL=i["models"][key])


def _in(o, name):
    """A path in the case's own inputs folder (beside its output folder; checksummed like the shared one)."""
    return o.parent / "in" / name


def _samples_csv(o, elements=("Ni", "Cu"), **kw):
    return rd.kola_csv(_in(o, "samples.csv"), elements, **kw)


def _samples_vrt(o, relative=True):
    return rd.csv_vrt(_in(o, "samples.vrt"), _samples_csv(o), relative=relative)


def _semicolon_csv(o, digits=3):
    """Kola Zn and Cu (11.7-81.9 and 2.6-214 mg/kg) in a ';'-separated CSV with decimal commas, as a
    spreadsheet in a German or French locale saves it: with 3 decimals every value looks like '24,321'."""
    return rd.kola_csv(_in(o, "samples.csv"), ("Zn", "Cu"), sep=";", decimal=",", digits=digits)


def _deposits_csv(o):
    return rd.points_csv(_in(o, "deposits.csv"))


def _deposits_layer(o):
    return rd.delimited_layer(_deposits_csv(o), ",", "X", "Y", "EPSG:20350")


def _own_copy(i, o):
    import shutil

    return shutil.copy(i["own"], _in(o, "own.tif"))


def predict(i, o, **kw):
    params = {"INPUT": i["like"], "MODEL": i["model"], "DEVICE": "cpu", "OUTPUT": str(o / "prob.tif"),
              "OUTPUT_CELLS": str(o / "cells.gpkg")}
    params.update(kw)
    return params


def tiles(i, o, **kw):
    params = {"INPUT": i["stack4k"], "DEPOSITS": i["deposits"], "TILE_SIZE": 4, "OUTPUT": str(o / "tiles.npz"),
              "OUTPUT_CELLS": str(o / "tile_cells.gpkg")}
    params.update(kw)
    return params


def train(i, o, **kw):
    params = {"DATASET": i["tiles"], "ARCHITECTURE": "mfaf_shufflenetv2", "DILATIONS": "1,2", "EPOCHS": 1,
              "DEVICE": "cpu", "OUTPUT": str(o / "model.pt"), "OUTPUT_METRICS": str(o / "metrics.csv")}
    params.update(kw)
    return params


def stack(i, o, **kw):
    params = {"GEOLOGY": i["geology"], "CONTACT_DISTANCE": True, "FAULTS": i["faults"], "FAULT_MODE": 0,
              "EXTENT": "352782.9,682589.6,6699742.0,6900000.0 [EPSG:20350]", "PIXEL_SIZE": 1000,
              "TARGET_CRS": "EPSG:20350", "OUTPUT": str(o / "stack.tif")}
    params.update(kw)
    return params


def screen(i, o, **kw):
    params = {"INPUT": i["samples"], "DEPOSITS": i["smelter_sites"], "RADIUS": 10000, "OUTPUT": str(o / "screen.gpkg")}
    params.update(kw)
    return params


def idw(i, o, **kw):
    params = {"INPUT": i["samples"], "FIELDS_STRING": "Ni,Cu", "PIXEL_SIZE": 5000, "OUTPUT": str(o / "idw.tif")}
    params.update(kw)
    return params


def crossvalidate(i, o, **kw):
    params = {"INPUT": i["stack4k"], "DEPOSITS": i["deposits"], "METHODS": ["logistic_regression_cells"],
              "TILE_SIZE": 4, "FOLDS": 2, "SEEDS": "0", "N_BOOTSTRAP": 100, "OUTPUT": str(o / "oof.tif"),
              "OUTPUT_FOLDS": str(o / "folds.tif"), "OUTPUT_FOLDER": str(o / "cv"), "REPORT": str(o / "cv.html")}
    params.update(kw)
    return params


NEAR_FIRST_SITE = "530000,570000,7680000,7710000 [EPSG:32635]"  # around the first Kola site, 8 x 6 pixels of 5 km


def _covers_grid(result, _feedback, _out):
    """Every pixel of the IDW raster holds a value (no radius: every pixel has points in reach)."""
    from osgeo import gdal

    ds = gdal.Open(result["OUTPUT"])
    for b in range(1, ds.RasterCount + 1):
        a = ds.GetRasterBand(b).ReadAsArray()
        assert np.isfinite(a).all() and (a != ds.GetRasterBand(b).GetNoDataValue()).all()
        assert 0.0 < a.min() < a.max() < 1000.0  # Ni and Cu of the moss, mg/kg


def _zn_cu_gpkg(o):
    """Zn and Cu as text with 3 decimals and a comma, in a GeoPackage (no file separator tells how to read them)."""
    from mfaf_testing import kola_moss_points, write_points_gpkg

    xy, values, wkt = kola_moss_points(["Zn", "Cu"])
    text = {k: ["{:.3f}".format(v).replace(".", ",") for v in col] for k, col in values.items()}
    return write_points_gpkg(_in(o, "samples_text.gpkg"), xy, text, wkt, text_fields=("Zn", "Cu"))


def _only_elements(result, _feedback, _out):
    assert set(result["SELECTED_FIELDS"].split(",")) <= {"Ni", "Cu"}, result["SELECTED_FIELDS"]


def _dead_pid():
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _leftovers(o):
    """What runs killed while writing into ``o`` left there: temporaries and lock files of this
    output and of another one (an earlier result of each stays)."""
    import json
    import socket

    dead = _dead_pid()
    for name in (".idw.part-{}-0123abcd.tif", ".other.part-{}-89abcdef.gpkg"):
        (o / name.format(dead)).write_text("half-written")
    for name in ("idw.tif.lock", "other.gpkg.lock"):
        (o / name).write_text(json.dumps({"pid": dead, "host": socket.gethostname(), "started": "2026-01-01T00:00:00"}))
    (o / "other.gpkg").write_text("earlier result")
    (o / "notes.lock").write_text("a file of another program")
    return dead


def _cleaned(_result, _feedback, out):
    assert sorted(p.name for p in out.iterdir()) == ["idw.qml", "idw.tif", "notes.lock", "other.gpkg"]


def _cache_capped(mib):
    """GDAL's block cache was within ``mib`` MiB while the stack was built (when it logged the grid
    and the cells holding data), and is restored after the run."""
    from osgeo import gdal

    before = gdal.GetCacheMax()

    def check(_result, feedback, _out):
        during = [c for (_k, text), c in zip(feedback.messages, feedback.cache_max)
                  if text.startswith("Reference grid:") or "of the grid cells hold data" in text]
        assert len(during) == 2 and max(during) <= mib * 2 ** 20 < before, (during, before)
        assert gdal.GetCacheMax() == before
    return check


def compare(i, o, **kw):
    params = {"DATASET": i["tiles"], "METHODS": [8], "SEEDS": "0", "N_BOOTSTRAP": 100,
              "OUTPUT_FOLDER": str(o / "tables"), "REPORT": str(o / "compare.html")}
    params.update(kw)
    return params


CASES = [
    # -- an output that names an input, or another output ----------------------------------------
    ("predict_output_is_stack", P, lambda i, o: predict(i, o, OUTPUT=i["like"]), IS_INPUT),
    ("predict_output_is_link_to_stack", P, lambda i, o: predict(i, o, OUTPUT=_link(o, i["like"])), IS_INPUT),
    ("predict_cells_is_deposits", P, lambda i, o: predict(i, o, DEPOSITS=i["deposits"], OUTPUT_CELLS=i["deposits"]),
     IS_INPUT),
    ("predict_report_is_dataset", P, lambda i, o: predict(i, o, DATASET=i["tiles"], REPORT=i["tiles"]), IS_INPUT),
    ("predict_map_is_model", P, lambda i, o: predict(i, o, OUTPUT_MAP=i["model"]), IS_INPUT),
    ("predict_map_and_report_one_file", P, lambda i, o: predict(i, o, REPORT=str(o / "r.html"),
                                                              OUTPUT_MAP=str(o / "r.html")), "name the same file"),
    ("predict_output_is_a_folder", P, lambda i, o: predict(i, o, OUTPUT=str(o)), "names the folder"),
    ("tiles_cells_is_deposits", T, lambda i, o: tiles(i, o, OUTPUT_CELLS=i["deposits"]), IS_INPUT),
    ("tiles_output_is_stack", T, lambda i, o: tiles(i, o, OUTPUT=i["stack4k"]), IS_INPUT),
    ("train_output_is_dataset", TRAIN, lambda i, o: train(i, o, OUTPUT=i["tiles"]), IS_INPUT),
    ("train_model_and_metrics_one_file", TRAIN, lambda i, o: train(i, o, OUTPUT_METRICS=str(o / "model.pt")),
     "name the same file"),
    ("stack_output_is_elements", S, lambda i, o: stack(i, o, ELEMENTS=i["stack4k"], OUTPUT=i["stack4k"]), IS_INPUT),
    ("stack_output_is_normalize_like", S, lambda i, o: stack(i, o, NORMALIZE_LIKE=i["like"], OUTPUT=i["like"]),
     IS_INPUT),
    ("stack_output_is_extra_raster", S, lambda i, o: stack(i, o, EXTRA_RASTERS=[i["own"]], OUTPUT=i["own"]), IS_INPUT),
    ("screen_output_is_samples", SCREEN, lambda i, o: screen(i, o, OUTPUT=i["samples"]), IS_INPUT),
    ("compare_report_is_dataset", CMP, lambda i, o: compare(i, o, REPORT=i["tiles"]), IS_INPUT),
    # -- an output that is a file an input reads through another file or a layer URI ---------------
    ("screen_output_is_csv_behind_vrt", SCREEN,
     lambda i, o: screen(i, o, INPUT=_samples_vrt(o), OUTPUT=str(_in(o, "samples.csv"))), IS_INPUT),
    ("screen_output_is_csv_behind_absolute_vrt", SCREEN,
     lambda i, o: screen(i, o, INPUT=_samples_vrt(o, relative=False), OUTPUT=str(_in(o, "samples.csv"))), IS_INPUT),
    ("screen_output_is_csv_of_delimited_text_layer", SCREEN,
     lambda i, o: screen(i, o, INPUT=rd.delimited_layer(_samples_csv(o)), OUTPUT=str(_in(o, "samples.csv"))),
     IS_INPUT),
    ("screen_output_is_dbf_of_shapefile", SCREEN,
     lambda i, o: screen(i, o, INPUT=rd.shapefile_copy(_in(o, "samples.shp"), i["samples"]),
                         OUTPUT=str(_in(o, "samples.dbf"))), IS_INPUT),
    ("screen_output_is_deposits_csv_behind_vrt", SCREEN,
     lambda i, o: screen(i, o, DEPOSITS=rd.csv_vrt(_in(o, "deposits.vrt"),
                                                   rd.points_csv(_in(o, "deposits.csv"), i["smelter_sites"]), "X", "Y"),
                         OUTPUT=str(_in(o, "deposits.csv"))), IS_INPUT),
    ("screen_output_is_gpkg_of_layer_uri", SCREEN,
     lambda i, o: screen(i, o, INPUT=i["samples"] + "|layername=samples", OUTPUT=i["samples"]), IS_INPUT),
    ("idw_output_is_csv_behind_vrt", IDW,
     lambda i, o: idw(i, o, INPUT=_samples_vrt(o), OUTPUT=str(_in(o, "samples.csv"))), IS_INPUT),
    ("idw_output_is_csv_of_delimited_text_layer", IDW,
     lambda i, o: idw(i, o, INPUT=rd.delimited_layer(_samples_csv(o)), OUTPUT=str(_in(o, "samples.csv"))), IS_INPUT),
    ("predict_targets_csv_is_deposits_csv", P,
     lambda i, o: predict(i, o, DEPOSITS=_deposits_layer(o), OUTPUT_TARGETS_CSV=str(_in(o, "deposits.csv"))),
     IS_INPUT),
    ("tiles_cells_is_deposits_csv", T,
     lambda i, o: tiles(i, o, DEPOSITS=_deposits_layer(o), OUTPUT_CELLS=str(_in(o, "deposits.csv"))), IS_INPUT),
    ("stack_output_is_raster_behind_vrt", S,
     lambda i, o: stack(i, o, EXTRA_RASTERS=[rd.raster_vrt(_in(o, "own.vrt"), _own_copy(i, o))],
                        OUTPUT=str(_in(o, "own.tif"))), IS_INPUT),
    # -- an output that cannot be written: refused before any work, naming the user's file ---------
    ("predict_cells_unwritable", P, lambda i, o: predict(i, o, OUTPUT_CELLS=_blocked(o, "cells.gpkg")), NOT_FOLDER),
    ("predict_report_unwritable", P, lambda i, o: predict(i, o, REPORT=_blocked(o, "r.html")), NOT_FOLDER),
    ("tiles_cells_unwritable", T, lambda i, o: tiles(i, o, OUTPUT_CELLS=_blocked(o, "cells.gpkg")), NOT_FOLDER),
    ("train_metrics_unwritable", TRAIN, lambda i, o: train(i, o, OUTPUT_METRICS=_blocked(o, "m.csv")), NOT_FOLDER),
    ("idw_output_unwritable", IDW, lambda i, o: idw(i, o, OUTPUT=_blocked(o, "idw.tif")), NOT_FOLDER),
    ("compare_report_unwritable", CMP, lambda i, o: compare(i, o, REPORT=_blocked(o, "c.html")), NOT_FOLDER),
    # -- stacks the model cannot be applied to -----------------------------------------------------
    ("predict_other_pixel_size", P, lambda i, o: predict(i, o, INPUT=i["stacks"]["like500"]),
     r"pixels of 500 m but the model was trained on pixels of 1000 m"),
    ("predict_non_square_pixels", P, lambda i, o: predict(i, o, INPUT=i["stacks"]["nonsquare"]), "not square"),
    ("predict_no_crs", P, lambda i, o: predict(i, o, INPUT=i["stacks"]["nocrs"]), "no coordinate reference system"),
    ("predict_geographic_crs", P, lambda i, o: predict(i, o, INPUT=i["stacks"]["geographic"]), "geographic CRS"),
    ("predict_other_normalisation", P, lambda i, o: predict(i, o, INPUT=i["own"]), "normalised with"),
    ("predict_bad_json_description", P, lambda i, o: predict(i, o, INPUT=i["stacks"]["badjson"]),
     DAMAGED_STACK + "it is not valid JSON"),
    ("predict_bad_types_description", P, lambda i, o: predict(i, o, INPUT=i["stacks"]["badtypes"]), DAMAGED_STACK),
    ("tiles_non_square_pixels", T, lambda i, o: tiles(i, o, INPUT=i["stack4k_nonsquare"]), "not square"),
    ("tiles_bad_types_description", T, lambda i, o: tiles(i, o, INPUT=i["stacks"]["badtypes"]), DAMAGED_STACK),
    ("train_non_square_stack", TRAIN, lambda i, o: train(i, o, DATASET=i["datasets"]["nonsquare"]), "not square"),
    ("stack_normalize_like_other_pixel_size", S, lambda i, o: stack(i, o, PIXEL_SIZE=250, NORMALIZE_LIKE=i["model"]),
     r"pixels of 250 m but its normalisation reference has pixels of 1000 m"),
    ("stack_normalize_like_bad_json", S, lambda i, o: stack(i, o, NORMALIZE_LIKE=i["stacks"]["badjson"]),
     DAMAGED_STACK),
    # -- model files and other files a hostile user could give ---------------------------------------
    ("predict_model_hostile_settings", P, _with_model("hostile"),
     DAMAGED_MODEL + "dilations must be a list of 1 to 16 rates"),
    ("predict_model_wide_branches", P, _with_model("wide"),
     DAMAGED_MODEL + "its settings call for .* weights but it holds"),
    ("predict_model_million_bands", P, _with_model("bands"),
     DAMAGED_MODEL + "in_channels is 1000000"),
    ("predict_model_million_members", P, _with_model("members"),
     DAMAGED_MODEL + "ensemble is 1000000"),
    ("predict_model_huge_tile", P, _with_model("tile"),
     DAMAGED_MODEL + "tile_size is 1000000"),
    ("predict_model_text_dilations", P, _with_model("dilstr"),
     DAMAGED_MODEL + "a dilation rate is 'a'"),
    ("predict_model_unknown_architecture", P, _with_model("arch"),
     DAMAGED_MODEL + "unknown architecture 'evilnet'"),
    ("predict_model_renamed_weights", P, _with_model("renamed"),
     r"do not fit .*: 40 missing \(.*, \.\.\.\); 40 unexpected \(renamed\..*, \.\.\.\)"),
    ("predict_model_other_shapes", P, _with_model("reshaped"),
     r"do not fit .*: \d+ of another shape \((members\.0\.)?branches\..*, \.\.\.\)"),
    ("predict_model_pickled_object", P, _with_model("pickle"),
     "holds Python objects besides weights and settings, which are not opened for safety"),
    ("predict_model_not_torch", P, _with_model("text"),
     "damaged or not a file written by torch"),
    ("predict_model_missing", P, lambda i, o: predict(i, o, MODEL=str(o / "nowhere.pt")), "does not exist"),
    ("predict_dataset_not_tiles", P, lambda i, o: predict(i, o, DATASET=i["datasets"]["pickle"]),
     "is not a tile dataset written by mfaf:maketiles"),
    ("train_dataset_pickled_object", TRAIN, lambda i, o: train(i, o, DATASET=i["datasets"]["pickle"]),
     "holds Python objects, which are not opened for safety"),
    ("predict_dataset_not_npz", P, lambda i, o: predict(i, o, DATASET=i["datasets"]["text"]),
     "damaged or not a NumPy .npz file"),
    ("predict_model_nan_normalisation", P, _with_model("nan_norm"),
     DAMAGED_MODEL + r"the normalisation of band 2 is \(nan, nan\)"),
    ("predict_model_zero_normalisation", P, _with_model("zero_norm"),
     DAMAGED_MODEL + r"the normalisation of band 1 is \(0, 0\).* b must be greater than 0"),
    ("predict_model_unknown_normalisation", P, _with_model("rank_norm"), DAMAGED_MODEL + "normalisation method 'rank'"),
    ("predict_model_nan_input_scaling", P, _with_model("nan_scaling"),
     DAMAGED_MODEL + "its input scaling must give a finite mean"),
    ("predict_model_unknown_framing", P, _with_model("framing"), DAMAGED_MODEL + "framing 'diagonal'"),
    ("predict_model_edited_framing", P, _with_model("grid_framing"),
     DAMAGED_MODEL + "it says framing 'grid' but was trained in the 'centred' framing"),
    ("predict_stack_nan_normalisation", P, lambda i, o: predict(i, o, INPUT=i["stacks"]["nan_norm"]),
     DAMAGED_STACK + r"the normalisation of band 2 is \(nan, nan\)"),
    ("stack_normalize_like_nan_model", S, lambda i, o: stack(i, o, NORMALIZE_LIKE=i["models"]["nan_norm"]),
     DAMAGED_MODEL + "the normalisation of band 2"),
    ("stack_normalize_like_zero_model", S, lambda i, o: stack(i, o, NORMALIZE_LIKE=i["models"]["zero_norm"]),
     DAMAGED_MODEL + "the normalisation of band 1"),
    ("stack_normalize_like_nan_stack", S, lambda i, o: stack(i, o, NORMALIZE_LIKE=i["stacks"]["nan_norm"]),
     DAMAGED_STACK + "the normalisation of band 2"),
    ("stack_normalize_like_hostile_model", S, lambda i, o: stack(i, o, NORMALIZE_LIKE=i["models"]["hostile"]),
     DAMAGED_MODEL),
    ("train_resume_pickled_checkpoint", TRAIN, lambda i, o: train(i, o, OUTPUT=_pickled_checkpoint(o), RESUME=True),
     r"checkpoint '.*model\.pt\.ckpt' cannot be read \(it holds Python objects"),
    # -- values and settings -------------------------------------------------------------------------
    ("train_dilations_not_numbers", TRAIN, lambda i, o: train(i, o, DILATIONS="a,b"), "must be whole numbers"),
    ("train_dilations_zero", TRAIN, lambda i, o: train(i, o, DILATIONS="0,2"), "whole numbers from 1 to 256"),
    ("train_dilations_too_many", TRAIN, lambda i, o: train(i, o, DILATIONS=",".join(map(str, range(1, 21)))),
     "at most 16 of them"),
    ("train_device_unknown", TRAIN, lambda i, o: train(i, o, DEVICE="gpu"), "must be one of auto, cpu, cuda"),
    ("predict_device_unknown", P, lambda i, o: predict(i, o, DEVICE="tpu"), "must be one of auto, cpu, cuda"),
    ("screen_stray_word_in_element", SCREEN, lambda i, o: screen(i, o, INPUT=i["samples_abc"]),
     r"Field 'Ni' .* holds text that is not a number: 'abc' \(row 5\)"),
    ("idw_radius_tiny", IDW, lambda i, o: idw(i, o, RADIUS=0.001),
     r"no sample lies within the search radius \(0.001\) of a pixel centre.* Raise 'Search radius"),
    ("idw_radius_tiny_nearest_points", IDW, lambda i, o: idw(i, o, RADIUS=0.001, MAX_POINTS=12),
     r"no sample lies within the search radius \(0.001\) of a pixel centre"),
    ("screen_ambiguous_commas", SCREEN, lambda i, o: screen(i, o, INPUT=_zn_cu_gpkg(o), FIELDS=["Zn", "Cu"]),
     r"Field 'Zn' of layer '.*' writes numbers such as '\d+,\d{3}' .* decimal .* thousands"),
    # -- messages a geologist can act on ------------------------------------------------------------------
    ("idw_pixel_size_tiny", IDW, lambda i, o: idw(i, o, PIXEL_SIZE=1e-300),
     r"A pixel size of 1e-300 would make a grid of [\d.e+]+ x [\d.e+]+ pixels"),
    ("stack_pixel_size_tiny", S, lambda i, o: stack(i, o, PIXEL_SIZE=1e-300),
     r"A pixel size of 1e-300 would make a grid of [\d.e+]+ x [\d.e+]+ pixels"),
    ("cv_window_larger_than_stack", CV, lambda i, o: crossvalidate(i, o, TILE_SIZE=100000),
     r"The window of 100000 x 100000 cells is larger than the evidence stack \(\d+ x \d+ cells\)"),
    ("cv_one_deposit", CV, lambda i, o: crossvalidate(i, o, DEPOSITS=i["one_deposit"]),
     r"needs known deposits in at least 2 cells of the evidence stack; 1 cell holds one"),
    ("stack_geology_is_points", S, lambda i, o: stack(i, o, GEOLOGY=i["deposits"]),
     r"given as 'Geology polygons' holds points, not polygons"),
    ("stack_geology_empty", S, lambda i, o: stack(i, o, GEOLOGY=i["empty_geology"]),
     r"given as 'Geology polygons' is empty"),
    ("stack_faults_are_polygons", S, lambda i, o: stack(i, o, FAULTS=i["geology"]),
     r"given as 'Fault lines' holds polygons, not lines"),
    ("stack_mask_is_points", S, lambda i, o: stack(i, o, MASK=i["deposits"]),
     r"given as 'Study area mask' holds points, not polygons"),
    ("idw_stray_word_in_element", IDW, lambda i, o: idw(i, o, INPUT=i["samples_abc"]),
     r"Field 'Ni' .* holds text that is not a number: 'abc' \(row 5\)"),
    ("compare_seeds_not_numbers", CMP, lambda i, o: compare(i, o, SEEDS="a,b"), "must be whole numbers"),
    # -- NaN and infinity as numbers --------------------------------------------------------------
    ("screen_critical_z_nan", SCREEN, lambda i, o: screen(i, o, CRITICAL_Z="nan"), NOT_FINITE),
    ("screen_radius_inf", SCREEN, lambda i, o: screen(i, o, RADIUS=INF), NOT_FINITE),
    ("predict_threshold_nan", P, lambda i, o: predict(i, o, THRESHOLD=NAN), NOT_FINITE),
    ("idw_power_nan", IDW, lambda i, o: idw(i, o, POWER="NaN"), NOT_FINITE),
    ("idw_radius_inf", IDW, lambda i, o: idw(i, o, RADIUS="inf"), NOT_FINITE),
    ("stack_pixel_size_nan", S, lambda i, o: stack(i, o, PIXEL_SIZE="nan"), NOT_FINITE),
    ("tiles_test_fraction_nan", T, lambda i, o: tiles(i, o, TEST_FRACTION=NAN), NOT_FINITE),
    ("train_beta_inf", TRAIN, lambda i, o: train(i, o, BETA=INF), NOT_FINITE),
    ("compare_threshold_nan", CMP, lambda i, o: compare(i, o, THRESHOLD="nan"), NOT_FINITE),
    ("cv_negative_ratio_nan", CV, lambda i, o: crossvalidate(i, o, NEGATIVE_RATIO=NAN), NOT_FINITE),
    # -- numbers outside their range: the message gives the range the dialog shows ------------------
    ("idw_radius_negative", IDW, lambda i, o: idw(i, o, RADIUS=-5), r"'Search radius .*' must be at least 0; got -5"),
    ("idw_power_negative", IDW, lambda i, o: idw(i, o, POWER=-3), r"'Power' must be at least 0; got -3"),
    ("screen_radius_negative", SCREEN, lambda i, o: screen(i, o, RADIUS=-5),
     r"'Radius around deposits' must be at least 0; got -5"),
    ("screen_k_nearest_zero", SCREEN, lambda i, o: screen(i, o, K_NEAREST=0), r"must be at least 1; got 0"),
    ("tiles_tile_size_1", T, lambda i, o: tiles(i, o, TILE_SIZE=1),
     r"'Tile size \(pixels\)' must be at least 2; got 1"),
    ("cv_tile_size_1", CV, lambda i, o: crossvalidate(i, o, TILE_SIZE=1),
     r"'Window size \(cells[^']*\)' must be at least 3"),
    ("predict_threshold_above_1", P, lambda i, o: predict(i, o, THRESHOLD=1.5), r"must be from 0 to 1; got 1.5"),
]

# (name, algorithm, parameters, pattern the log must hold, further check(result, feedback, out) or None)
ACCEPTED = [
    # -- decimal commas: read as decimals, and the log says so -----------------------------------------
    ("idw_semicolon_csv_decimal_commas", IDW,
     lambda i, o: idw(i, o, INPUT=rd.delimited_layer(_semicolon_csv(o), ";"), FIELDS_STRING="Zn,Cu"),
     r"';'-separated.*\n(.*\n)*.*Zn: .*594 values written with a comma, read as decimal separators", _covers_grid),
    ("idw_semicolon_csv_behind_vrt", IDW,
     lambda i, o: idw(i, o, INPUT=rd.csv_vrt(_in(o, "samples.vrt"), _semicolon_csv(o)), FIELDS_STRING="Zn,Cu"),
     r"Cu: .*values written with a comma, read as decimal separators", _covers_grid),
    ("screen_semicolon_csv_natural_decimals", SCREEN,
     lambda i, o: screen(i, o, INPUT=rd.delimited_layer(_semicolon_csv(o, None), ";"), FIELDS=["Zn", "Cu"]),
     r"Zn: .*values written with a comma, read as decimal separators", None),
    # -- identifier columns are not elements ------------------------------------------------------------
    ("screen_identifier_columns_left_out", SCREEN, lambda i, o: screen(i, o, INPUT=i["numbered"]),
     r"Identifier and coordinate columns left out: fid, sid, sample_no, site_id, lab_id, idno \(by their names\), "
     r"nr \(whole numbers rising in sample order\)", _only_elements),
    ("idw_identifier_columns_left_out", IDW, lambda i, o: idw(i, o, INPUT=i["numbered"], FIELDS_STRING=""),
     r"Identifier and coordinate columns left out: .*nr \(whole numbers rising in sample order\)",
     lambda result, _f, _o: _covers_grid(result, _f, _o)),
    # -- the memory limit holds while inputs are resampled ------------------------------------------------
    ("stack_memory_limit_caps_gdal_cache", S, lambda i, o: stack(i, o, EXTRA_RASTERS=[i["own"]], MAX_MEMORY_MB=64),
     r"GDAL's block cache is limited to 16 MiB for this run", _cache_capped(16)),
    # -- a stack band that holds one value ---------------------------------------------------------------
    ("stack_extra_raster_of_one_value", S, lambda i, o: stack(i, o, EXTRA_RASTERS=[i["stacks"]["one_value"]]),
     r"Band 'like_one_value_modified' holds one value \(0.25\) in every valid cell", None),
    # -- what killed runs left beside the outputs ---------------------------------------------------------
    ("idw_after_killed_runs", IDW, lambda i, o: idw(i, o, INPUT=i["samples"]) if _leftovers(o) else None,
     r"Removed what interrupted runs \(process \d+\) left beside the outputs: 2 temporary files and 2 lock files",
     _cleaned),
    # -- IDW: weights that underflow, a radius that reaches few pixels, a constant surface ---------------
    ("idw_power_100", IDW, lambda i, o: idw(i, o, POWER=100), r"relative to the nearest sample", _covers_grid),
    ("idw_power_1e6", IDW, lambda i, o: idw(i, o, POWER=1e6), r"relative to the nearest sample", _covers_grid),
    ("idw_power_100_nearest_points", IDW, lambda i, o: idw(i, o, POWER=100, MAX_POINTS=12), "12 nearest",
     _covers_grid),
    ("idw_radius_reaches_few_pixels", IDW, lambda i, o: idw(i, o, RADIUS=3000),
     r"\d+ % of the pixels of 'Ni' are nodata: no sample lies within the search radius", None),
    ("idw_one_sample_with_extent", IDW, lambda i, o: idw(i, o, INPUT=i["one_sample"], EXTENT=NEAR_FIRST_SITE),
     r"'Ni' has the same value .* everywhere: its values come from 1 place", None),
    ("idw_coincident_samples_with_extent", IDW,
     lambda i, o: idw(i, o, INPUT=i["coincident"], EXTENT=NEAR_FIRST_SITE),
     r"'Ni' has the same value .* everywhere: its values come from 1 place \(3 samples\)", None),
    ("idw_constant_element", IDW, lambda i, o: idw(i, o, INPUT=i["constant"]),
     r"'Ni' has the same value 4.45 everywhere: every sample holds that value", None),
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, mfaf_provider):
    return real_inputs(tmp_path_factory)


def _destinations(alg_id, params):
    """``{name: (definition, path)}`` of the case's destination parameters that name a file or folder."""
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById(alg_id)
    return {d.name(): (d, Path(params[d.name()])) for d in alg.destinationParameterDefinitions()
            if isinstance(params.get(d.name()), str) and params[d.name()] not in ("", "TEMPORARY_OUTPUT")}


def _earlier_outputs(alg_id, params, out):
    """An earlier result at every output of the case that is free (the run must keep it)."""
    for d, path in _destinations(alg_id, params).values():
        if not str(path).startswith(str(out)) or path.exists() or not path.parent.is_dir():
            continue
        if d.type() == "folderDestination":
            path.mkdir()
            (path / "table3_methods.csv").write_text("earlier table\n")
        else:
            path.write_bytes(b"earlier output of " + d.name().encode())


def _assert_plain(msg):
    assert len(msg) < 700, msg
    for bad in ("Traceback", "weights_only", "WeightsUnpickler", ".part-", "allow_pickle", "Errno"):
        assert bad not in msg, msg


def _case_folders(tmp_path):
    out, case_in = tmp_path / "out", tmp_path / "in"
    out.mkdir()
    case_in.mkdir()
    return out, case_in


def test_corpus_is_large_enough():
    names = [c[0] for c in CASES] + [c[0] for c in ACCEPTED]
    assert len(names) >= 90 and len(set(names)) == len(names)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_refused_plainly_nothing_changed(case, inputs, tmp_path):
    _name, alg_id, build, pattern = case
    out, case_in = _case_folders(tmp_path)
    params = build(inputs, out)
    _earlier_outputs(alg_id, params, out)
    absent = [p for _d, p in _destinations(alg_id, params).values() if not p.exists()]
    before = checksums(inputs["dir"], out, case_in)
    with pytest.raises(QgsProcessingException) as info:
        run(alg_id, params)
    msg = str(info.value)
    assert re.search(pattern, msg), msg
    _assert_plain(msg)
    assert checksums(inputs["dir"], out, case_in) == before  # no input, no earlier output changed; nothing added
    assert not [p for p in absent if p.exists()]  # no output of the failed run


@pytest.mark.parametrize("case", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_doubtful_input_run_says_what_it_did(case, inputs, tmp_path):
    """Inputs a run may take, but only saying in its log how it read them or what is doubtful about
    its result; no input changes, and no raster output is all nodata, all NaN or constant unless the
    log warns of it."""
    _name, alg_id, build, pattern, check = case
    out, case_in = _case_folders(tmp_path)
    params = build(inputs, out)
    before = checksums(inputs["dir"], case_in)
    feedback = LogFeedback()
    result = run(alg_id, params, feedback)
    assert re.search(pattern, feedback.text()), feedback.text()
    assert checksums(inputs["dir"], case_in) == before
    degenerate = degenerate_rasters(result)
    assert not degenerate or feedback.warnings, "{} without a warning:\n{}".format(degenerate, feedback.text())
    if check is not None:
        check(result, feedback, out)
