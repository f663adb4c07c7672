"""Weights of evidence: the classical prospectivity baseline of ArcSDM and the survey agencies' tools.

Per evidence layer (a band of the stack) a binary pattern B is chosen on the training cells only:
the cumulative threshold (``value >= t`` or ``value <= t``, ``t`` among the 5 %, 10 %, ... 95 %
quantiles of the training cells' values, each a value of a training cell) with the largest
studentised contrast, the ArcSDM way.
With D the deposit cells and unit cells (one cell = one unit area; Bonham-Carter 1994, ch. 9):

* W+ = ln(P(B|D) / P(B|~D)),  W- = ln(P(~B|D) / P(~B|~D)),  contrast C = W+ - W-;
* s(W+)^2 = 1/N(B∩D) + 1/N(B∩~D),  s(W-)^2 = 1/N(~B∩D) + 1/N(~B∩~D),
  s(C) = sqrt(s(W+)^2 + s(W-)^2),  studentised contrast = C / s(C);
* posterior logit of a cell = ln(P(D) / P(~D)) + sum over layers of W+ (cell in B) or W- (not),
  which assumes the layers conditionally independent given D (they seldom are: the posterior
  then overstates the probability; the ranking, which the cross-validation scores, is the sum).

A threshold is a candidate only when all four counts are positive (finite weights); a layer
without one (e.g. a constant band) adds nothing (its term is 0). Classes are binary (no ternary
'missing' class: the stack's invalid cells are never scored).

The background cells can be a sample of the training area: ``background_cells`` says how many
cells they stand for, and every background count is scaled by that share (the prior and the
variances are then those of the whole training area).

:class:`WeightsOfEvidence` follows scikit-learn's fit / predict_proba; :meth:`WeightsOfEvidence.terms`
gives the additive per-layer terms of any cells (attributions), :meth:`WeightsOfEvidence.table` the
weights per layer.
"""

from typing import Dict, List, Optional, Sequence

import numpy as np

__all__ = ["QUANTILES", "pattern_weights", "WeightsOfEvidence", "TABLE_COLUMNS"]

QUANTILES = tuple(round(q, 2) for q in np.arange(0.05, 0.951, 0.05))
TABLE_COLUMNS = ["layer", "pattern", "threshold", "deposits_in_pattern", "area_in_pattern", "w_plus", "w_minus",
                 "contrast", "s_contrast", "studentised_contrast"]


def pattern_weights(in_pattern: np.ndarray, deposit: np.ndarray, background_weight: float = 1.0) -> Dict[str, float]:
    """W+, W-, C, s(C) and C / s(C) of one binary pattern (see the module docstring).

    Args:
        in_pattern, deposit: boolean per training cell.
        background_weight: cells of the training area each background cell stands for.

    Returns:
        dict with ``n_bd``, ``n_bnd``, ``n_nbd``, ``n_nbnd`` (N(B∩D), N(B∩~D), N(~B∩D), N(~B∩~D),
        background counts scaled), ``w_plus``, ``w_minus``, ``contrast``, ``s_contrast``,
        ``studentised``; weights are NaN when a count is 0.
    """
    b = np.asarray(in_pattern, dtype=bool)
    d = np.asarray(deposit, dtype=bool)
    w = float(background_weight)
    n_bd, n_nbd = float((b & d).sum()), float((~b & d).sum())
    n_bnd, n_nbnd = w * float((b & ~d).sum()), w * float((~b & ~d).sum())
    out = {"n_bd": n_bd, "n_bnd": n_bnd, "n_nbd": n_nbd, "n_nbnd": n_nbnd}
    if min(n_bd, n_bnd, n_nbd, n_nbnd) <= 0:
        return {**out, **{k: float("nan") for k in ("w_plus", "w_minus", "contrast", "s_contrast", "studentised")}}
    n_d, n_nd = n_bd + n_nbd, n_bnd + n_nbnd
    w_plus = np.log((n_bd / n_d) / (n_bnd / n_nd))
    w_minus = np.log((n_nbd / n_d) / (n_nbnd / n_nd))
    s_c = np.sqrt(1.0 / n_bd + 1.0 / n_bnd + 1.0 / n_nbd + 1.0 / n_nbnd)
    c = w_plus - w_minus
    return {**out, "w_plus": float(w_plus), "w_minus": float(w_minus), "contrast": float(c), "s_contrast": float(s_c),
            "studentised": float(c / s_c)}


def _best_pattern(values: np.ndarray, deposit: np.ndarray, background_weight: float) -> Optional[dict]:
    """The cumulative threshold and direction with the largest studentised contrast (None: no candidate)."""
    best = None
    for t in np.unique(np.quantile(values, QUANTILES, method="lower")):  # thresholds are data values
        for direction in (">=", "<="):
            b = values >= t if direction == ">=" else values <= t
            w = pattern_weights(b, deposit, background_weight)
            if np.isfinite(w["studentised"]) and (best is None or w["studentised"] > best["studentised"]):
                best = {**w, "threshold": float(t), "direction": direction}
    return best


class WeightsOfEvidence:
    """Binary weights of evidence per feature, scikit-learn style (``fit``, ``predict_proba``, ``classes_``).

    Args:
        background_cells: the number of training-area background cells that the background
            rows of ``fit`` stand for (None: the rows themselves).
    """

    def __init__(self, background_cells: Optional[int] = None):
        self.background_cells = background_cells

    def fit(self, x: np.ndarray, y: np.ndarray) -> "WeightsOfEvidence":
        x = np.asarray(x, dtype=np.float64)
        d = np.asarray(y).astype(bool)
        n_d, n_nd = int(d.sum()), int((~d).sum())
        if n_d == 0 or n_nd == 0:
            raise ValueError("weights of evidence need deposit and background cells")
        weight = float(self.background_cells) / n_nd if self.background_cells else 1.0
        self.classes_ = np.array([0, 1])
        self.prior_logit_ = float(np.log(n_d / (weight * n_nd)))
        self.patterns_ = [_best_pattern(x[:, j], d, weight) for j in range(x.shape[1])]
        return self

    def terms(self, x: np.ndarray) -> np.ndarray:
        """(n, features) additive terms: W+ where a cell lies in the feature's pattern, else W- (0
        for a feature without a pattern). The posterior logit is ``prior_logit_ + terms.sum(1)``."""
        x = np.asarray(x, dtype=np.float64)
        out = np.zeros(x.shape, dtype=np.float64)
        for j, p in enumerate(self.patterns_):
            if p is not None:
                b = x[:, j] >= p["threshold"] if p["direction"] == ">=" else x[:, j] <= p["threshold"]
                out[:, j] = np.where(b, p["w_plus"], p["w_minus"])
        return out

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        """Posterior logit: prior logit plus the sum of the terms."""
        return self.prior_logit_ + self.terms(x).sum(axis=1)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        from scipy.special import expit

        p = expit(self.decision_function(x))
        return np.stack([1.0 - p, p], axis=1)

    def table(self, names: Sequence[str]) -> List[dict]:
        """One row per feature (:data:`TABLE_COLUMNS`); a feature without a pattern has empty weights."""
        rows = []
        for name, p in zip(names, self.patterns_):
            if p is None:
                rows.append({"layer": name, "pattern": "none"})
                continue
            rows.append({"layer": name, "pattern": "value {} t".format(p["direction"]), "threshold": p["threshold"],
                         "deposits_in_pattern": p["n_bd"], "area_in_pattern": p["n_bd"] + p["n_bnd"],
                         "w_plus": p["w_plus"], "w_minus": p["w_minus"], "contrast": p["contrast"],
                         "s_contrast": p["s_contrast"], "studentised_contrast": p["studentised"]})
        return rows
