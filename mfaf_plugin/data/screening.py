"""Stage 1: element screening by ROC AUC and its Hanley-McNeil significance (METHOD.md, stage 1).

Samples near a known deposit are positives; all other samples (or a balanced seeded random draw
of them) are negatives. Each element's concentration is used as a score: its ROC AUC
(``sklearn.metrics.roc_auc_score``) measures how well high values pick out the positives. An AUC
below 0.5 means that *low* values indicate ore: the element is reported with direction -1 and
the AUC of the negated concentration (1 - AUC). The significance is

    Q1 = AUC / (2 - AUC),  Q2 = 2 AUC^2 / (1 + AUC)
    SE = sqrt((AUC (1 - AUC) + (n1 - 1)(Q1 - AUC^2) + (n2 - 1)(Q2 - AUC^2)) / (n1 n2))
    ZAUC = (AUC - 0.5) / SE                      (Hanley and McNeil 1982)

and an element is kept when ZAUC exceeds the critical value (2.58 for alpha = 0.01, as in the
paper). The AUC is unchanged by any monotone transform of the values (log10 included), so the
screening uses the cleaned values as they are.
"""

import math
from dataclasses import asdict, dataclass
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from ..common.errors import InputError
from ..common.progress import check_canceled, noop_progress

__all__ = [
    "POSITIVE_RULES",
    "NEGATIVE_MODES",
    "ElementScore",
    "zauc",
    "label_positives",
    "choose_negatives",
    "screen_elements",
    "format_table",
]

POSITIVE_RULES = ("radius", "k_nearest")
NEGATIVE_MODES = ("all", "balanced")


def zauc(auc: float, n_pos: int, n_neg: int) -> float:
    """Hanley-McNeil z statistic of an AUC against 0.5 (METHOD.md stage 1).

    Args:
        auc: area under the ROC curve.
        n_pos: number of positive samples (n1).
        n_neg: number of negative samples (n2).

    Returns:
        ``(auc - 0.5) / SE``; +inf when SE is 0 (a perfect AUC of 1).
    """
    if n_pos < 1 or n_neg < 1:
        raise InputError("ZAUC needs at least one positive and one negative sample.")
    q1 = auc / (2.0 - auc)
    q2 = 2.0 * auc * auc / (1.0 + auc)
    var = (auc * (1.0 - auc) + (n_pos - 1) * (q1 - auc * auc) + (n_neg - 1) * (q2 - auc * auc)) / (n_pos * n_neg)
    if var <= 0:
        return math.inf if auc > 0.5 else (-math.inf if auc < 0.5 else 0.0)
    return (auc - 0.5) / math.sqrt(var)


@dataclass
class ElementScore:
    element: str
    auc: float  # AUC in the element's direction (>= 0.5 unless undefined)
    zauc: float
    n_pos: int
    n_neg: int
    direction: int  # +1 high values indicate ore, -1 low values do
    selected: bool

    def as_dict(self) -> dict:
        return asdict(self)


def label_positives(
    sample_xy: np.ndarray,
    deposit_xy: np.ndarray,
    rule: str = "radius",
    radius: float = 0.0,
    k: int = 1,
) -> np.ndarray:
    """Boolean mask of positive samples.

    Args:
        sample_xy: (n, 2) sample coordinates (projected, map units).
        deposit_xy: (m, 2) deposit coordinates in the same CRS.
        rule: ``radius`` (a sample within ``radius`` of any deposit, distance <= radius) or
            ``k_nearest`` (the ``k`` samples nearest to each deposit).
        radius: distance in map units for ``radius``.
        k: samples per deposit for ``k_nearest``.

    Raises:
        InputError: no sample points, no deposit lies inside the samples' extent, no sample is
            positive, or every sample is.
    """
    from scipy.spatial import cKDTree

    sample_xy = np.asarray(sample_xy, dtype=np.float64).reshape(-1, 2)
    deposit_xy = np.asarray(deposit_xy, dtype=np.float64).reshape(-1, 2)
    if rule not in POSITIVE_RULES:
        raise InputError("Unknown positive-sample rule '{}': use one of {}.".format(rule, ", ".join(POSITIVE_RULES)))
    if len(deposit_xy) == 0:
        raise InputError("The deposit layer has no points.")
    if len(sample_xy) == 0:
        raise InputError("The sample layer has no points.")
    lo, hi = sample_xy.min(axis=0), sample_xy.max(axis=0)
    pad = radius if rule == "radius" else 0.0
    inside = np.all((deposit_xy >= lo - pad) & (deposit_xy <= hi + pad), axis=1)
    if not inside.any():
        raise InputError(
            "No deposit lies inside the extent of the sample points ({:.0f}, {:.0f} - {:.0f}, {:.0f}): check that "
            "both layers cover the same area and have correct coordinate reference systems.".format(
                lo[0], lo[1], hi[0], hi[1]))
    positive = np.zeros(len(sample_xy), dtype=bool)
    if rule == "radius":
        if not radius > 0:
            raise InputError("The radius must be greater than 0 to label samples near deposits.")
        dist, _ = cKDTree(deposit_xy).query(sample_xy, k=1)
        positive = dist <= radius
        if not positive.any():
            raise InputError(
                "No sample lies within {:g} map units of a deposit (the nearest is {:.1f} away): increase the "
                "radius or use the nearest-samples rule.".format(radius, float(dist.min())))
    else:
        k = int(k)
        if k < 1:
            raise InputError("The number of nearest samples per deposit must be at least 1.")
        _, idx = cKDTree(sample_xy).query(deposit_xy[inside], k=min(k, len(sample_xy)))
        positive[np.asarray(idx).ravel()] = True
    if positive.all():
        raise InputError(
            "All {} samples are positive (near a deposit), so none is left as a negative: use a smaller radius or "
            "fewer nearest samples per deposit.".format(len(positive)))
    return positive


def choose_negatives(positive: np.ndarray, mode: str = "all", seed: int = 0) -> np.ndarray:
    """Boolean mask of negative samples: all non-positives, or ``n_pos`` of them drawn with ``seed``."""
    positive = np.asarray(positive, dtype=bool)
    if mode not in NEGATIVE_MODES:
        raise InputError("Unknown negative-sample mode '{}': use one of {}.".format(mode, ", ".join(NEGATIVE_MODES)))
    others = np.flatnonzero(~positive)
    negative = np.zeros_like(positive)
    if mode == "all" or len(others) <= positive.sum():
        negative[others] = True
    else:
        rng = np.random.default_rng(seed)
        negative[rng.choice(others, size=int(positive.sum()), replace=False)] = True
    return negative


def screen_elements(
    values: Dict[str, np.ndarray],
    positive: np.ndarray,
    negative: np.ndarray,
    critical_z: float = 2.58,
    progress: Callable[[float], None] = noop_progress,
    is_canceled: Optional[Callable[[], bool]] = None,
) -> List[ElementScore]:
    """Score every element: AUC, direction, ZAUC and whether ZAUC > ``critical_z``.

    Args:
        values: element -> cleaned values (NaN = missing, left out of that element's AUC).
        positive, negative: boolean masks over the samples (disjoint).
        critical_z: keep elements with ZAUC above this (2.58: alpha = 0.01).

    Returns:
        One :class:`ElementScore` per element, in input order. An element with no valid
        positive or negative value gets AUC and ZAUC NaN and is not selected.
    """
    from sklearn.metrics import roc_auc_score

    positive = np.asarray(positive, dtype=bool)
    negative = np.asarray(negative, dtype=bool) & ~positive
    scores = []
    names = list(values)
    for i, name in enumerate(names):
        check_canceled(is_canceled)
        v = np.asarray(values[name], dtype=np.float64)
        ok = np.isfinite(v)
        pos, neg = ok & positive, ok & negative
        n_pos, n_neg = int(pos.sum()), int(neg.sum())
        if n_pos == 0 or n_neg == 0:
            scores.append(ElementScore(name, math.nan, math.nan, n_pos, n_neg, 1, False))
            continue
        use = pos | neg
        auc = float(roc_auc_score(pos[use].astype(np.int8), v[use]))
        direction = 1
        if auc < 0.5:  # low values indicate ore: AUC of the negated score
            auc, direction = 1.0 - auc, -1
        z = zauc(auc, n_pos, n_neg)
        scores.append(ElementScore(name, auc, z, n_pos, n_neg, direction, bool(z > critical_z)))
        progress((i + 1) / len(names))
    return scores


def format_table(scores: Sequence[ElementScore]) -> str:
    """A fixed-width text table of the scores, sorted by ZAUC (for the log)."""
    lines = ["{:<12} {:>7} {:>8} {:>6} {:>6} {:>4} {}".format("element", "AUC", "ZAUC", "n_pos", "n_neg", "dir",
                                                             "selected")]
    order = sorted(scores, key=lambda s: -s.zauc if math.isfinite(s.zauc) else math.inf)
    for s in order:
        lines.append("{:<12} {:>7.4f} {:>8.3f} {:>6d} {:>6d} {:>+4d} {}".format(
            s.element[:12], s.auc, s.zauc, s.n_pos, s.n_neg, s.direction, "yes" if s.selected else "no"))
    return "\n".join(lines)
