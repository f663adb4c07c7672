"""What the score means: calibration on out-of-fold scores and shares of the map (generated data)."""

import numpy as np
import pytest


def _generated_scores(n=20000, seed=0):
    """Generated scores whose true chance of a deposit is score**3 / 10 (far below the score)."""
    rng = np.random.default_rng(seed)
    s = rng.random(n)
    y = (rng.random(n) < s ** 3 / 10).astype(int)
    return s, y


def test_isotonic_calibration_recovers_the_chance():
    from mfaf.mfaf_plugin.scoring.calibration import apply_calibration, fit_calibration, reliability

    s, y = _generated_scores()
    cal = fit_calibration(s, y, cell_size_m=1000.0)
    assert cal["method"] == "isotonic" and cal["n_cells"] == len(s) and cal["n_deposit_cells"] == int(y.sum())
    grid = np.array([0.3, 0.6, 0.9])
    # a score of 0.9 is not a 90 % chance: the calibration says about 0.9**3 / 10 = 7 %
    assert np.allclose(apply_calibration(cal, grid), grid ** 3 / 10, atol=0.02)
    assert np.all(np.diff(apply_calibration(cal, np.linspace(0, 1, 50))) >= 0)  # monotone: ranking kept
    assert np.isnan(apply_calibration(cal, [np.nan])[0])
    raw, calibrated = reliability(s, y), reliability(s, y, cal)
    assert raw["count"].sum() == len(s) == calibrated["count"].sum()
    # the raw score overstates the observed share; the calibrated chance matches it
    assert np.all(raw["predicted"] > raw["observed"])
    assert np.allclose(calibrated["predicted"], calibrated["observed"], atol=0.01)


def test_no_calibration_from_too_few_deposits():
    from mfaf.mfaf_plugin.scoring.calibration import fit_calibration, score_reading

    s = np.linspace(0, 1, 500)
    y = np.zeros(500)
    y[-5:] = 1
    assert fit_calibration(s, y) is None
    assert score_reading({})["kind"] == "area share" and "not a probability" in score_reading({})["sentence"]
    assert score_reading({"calibration": {"x": [0, 1], "y": [0, 0.1], "n_cells": 9,
                                          "n_deposit_cells": 3}})["kind"] == "calibrated"


def test_top_shares_of_the_area():
    from mfaf.mfaf_plugin.scoring.calibration import top_shares

    area = np.array([0.1, 0.2, 0.2, 0.4, np.nan, 0.9])
    got = top_shares([0.9, 0.4, 0.2, 0.1, 0.95, np.nan], area)
    assert got[:5] == pytest.approx([0.2, 0.4, 0.8, 1.0, 0.2])
    assert np.isnan(got[5])
