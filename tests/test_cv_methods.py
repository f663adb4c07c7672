"""The classical methods added to the cross-validation (issue 19): weights of evidence, gradient
boosting, and the combined method.

Unit tests on small generated data whose expected values are computed here by hand from the
textbook formulae (Bonham-Carter 1994), never with the helpers under test.
"""

import math

import numpy as np
import pytest

from mfaf.mfaf_plugin.evaluation import baselines, methods
from mfaf.mfaf_plugin.evaluation.wofe import WeightsOfEvidence, pattern_weights


def _generated_binary():
    """Generated: 10 deposit cells (7 in the pattern), 90 background cells (18 in the pattern)."""
    d = np.r_[np.ones(10, bool), np.zeros(90, bool)]
    b = np.r_[np.ones(7, bool), np.zeros(3, bool), np.ones(18, bool), np.zeros(72, bool)]
    return b, d


def test_pattern_weights_by_hand_on_generated_counts():
    b, d = _generated_binary()
    w = pattern_weights(b, d)
    wp, wm = math.log((7 / 10) / (18 / 90)), math.log((3 / 10) / (72 / 90))
    sc = math.sqrt(1 / 7 + 1 / 18 + 1 / 3 + 1 / 72)
    assert w["w_plus"] == pytest.approx(wp, abs=1e-12) and w["w_minus"] == pytest.approx(wm, abs=1e-12)
    assert w["contrast"] == pytest.approx(wp - wm, abs=1e-12)
    assert w["s_contrast"] == pytest.approx(sc, abs=1e-12)
    assert w["studentised"] == pytest.approx((wp - wm) / sc, abs=1e-12)
    # background standing for 10 times as many cells: same weights, smaller variance of the background terms
    w10 = pattern_weights(b, d, background_weight=10.0)
    assert w10["w_plus"] == pytest.approx(wp) and w10["w_minus"] == pytest.approx(wm)
    assert w10["s_contrast"] == pytest.approx(math.sqrt(1 / 7 + 1 / 180 + 1 / 3 + 1 / 720), abs=1e-12)
    # an empty class leaves the weights undefined
    assert math.isnan(pattern_weights(np.ones(100, bool), d)["w_minus"])


def test_weights_of_evidence_fit_chooses_the_pattern_and_sums_terms():
    b, d = _generated_binary()
    rng = np.random.default_rng(0)
    x = np.stack([b.astype(float), np.full(100, 3.0), rng.normal(size=100) + 2.0 * d], axis=1)  # generated
    model = WeightsOfEvidence(background_cells=900).fit(x, d)
    p0 = model.patterns_[0]
    assert (p0["direction"], p0["threshold"]) == (">=", 1.0)
    assert p0["w_plus"] == pytest.approx(math.log(3.5)) and p0["w_minus"] == pytest.approx(math.log(0.375))
    assert model.patterns_[1] is None  # a constant layer has no pattern: it adds nothing
    assert model.prior_logit_ == pytest.approx(math.log(10 / 900))
    # the third layer: the chosen threshold has the largest studentised contrast of all candidates
    cands = [pattern_weights(x[:, 2] >= t, d, 10.0)["studentised"]
             for t in np.quantile(x[:, 2], np.arange(1, 20) / 20, method="lower")]
    cands += [pattern_weights(x[:, 2] <= t, d, 10.0)["studentised"]
              for t in np.quantile(x[:, 2], np.arange(1, 20) / 20, method="lower")]
    best = np.nanmax(cands)
    assert model.patterns_[2]["studentised"] == pytest.approx(best)
    # posterior logit = prior + sum of the per-layer terms (W+ in the pattern, W- outside, 0 without one)
    t = model.terms(x)
    assert np.all(t[:, 1] == 0.0)
    assert np.array_equal(t[:, 0], np.where(b, p0["w_plus"], p0["w_minus"]))
    logit = model.prior_logit_ + t.sum(axis=1)
    assert np.allclose(model.predict_proba(x)[:, 1], 1.0 / (1.0 + np.exp(-logit)), atol=1e-12)
    rows = model.table(["a", "b", "c"])
    assert rows[1]["pattern"] == "none" and rows[0]["deposits_in_pattern"] == 7
    assert rows[0]["area_in_pattern"] == pytest.approx(7 + 18 * 10)


def test_new_baselines_in_the_catalogue_and_seeded():
    assert methods.CELL_BASELINES[:6] == ("logistic_regression_cells", "random_forest_cells",
                                          "balanced_random_forest_cells", "logistic_regression_window",
                                          "random_forest_window", "balanced_random_forest_window")
    assert baselines.split_method("gradient_boosting_window") == ("gradient_boosting", "window")
    assert methods.method_label("weights_of_evidence_cells") == "Weights of evidence (cell values)"
    with pytest.raises(Exception):
        baselines.split_method("weights_of_evidence_window")
    rng = np.random.default_rng(1)
    feats = rng.normal(size=(3, 40, 40)).astype(np.float32)  # generated
    feats[0, :20] += 2.0
    pos = np.argwhere(rng.random((40, 40)) < 0.03)
    pos = pos[pos[:, 0] < 20]
    neg = np.argwhere(rng.random((40, 40)) < 0.5)
    cells = np.argwhere(np.ones((40, 40), bool))
    a, model = baselines.fit_predict("gradient_boosting", feats, pos, neg, cells, seed=3, return_model=True)
    b = baselines.fit_predict("gradient_boosting", feats, pos, neg, cells, seed=3)
    assert np.array_equal(a, b)
    assert model.class_weight == "balanced" and model.random_state == 3
    # it learnt the one informative layer: the top half ranks higher
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(cells[:, 0] < 20, a) > 0.7
