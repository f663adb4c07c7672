"""Evaluation plots as PNG (matplotlib with the Agg backend, no QGIS): success-rate (capture) curves,
ROC curves, reliability diagrams, and the helpers every picture of :mod:`mfaf_plugin.reports` uses
(:func:`pyplot`, :func:`save_png`, :func:`capture_axes`, :func:`nice_length`).

Every PNG is written atomically (:func:`~mfaf_plugin.common.run_outputs.atomic_output`). The
curves are computed by :mod:`mfaf_plugin.scoring.capture` (Agterberg and Bonham-Carter, 2005:
the share of known deposits captured against the share of the area, units taken by decreasing
value; 0.5 = chance).
"""

from typing import Dict

import numpy as np

from ..common.run_outputs import atomic_output
from ..scoring.capture import capture_curve, curve_points

__all__ = [
    "pyplot",
    "save_png",
    "capture_axes",
    "success_curves_png",
    "nice_length",
    "roc_curve_png",
    "reliability_png",
]


def pyplot():
    """matplotlib's pyplot on the non-interactive Agg backend (safe off the GUI thread)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def capture_axes(ax, xlabel: str, ylabel: str, chance: str = "chance") -> None:
    """Finish a success-rate (capture) plot: the chance diagonal, axis titles, 0-100 % limits,
    grid and legend."""
    ax.plot([0, 100], [0, 100], color="0.5", ls="--", lw=1, label=chance)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=6)


def save_png(fig, path: str) -> str:
    plt = pyplot()
    try:
        with atomic_output(path) as tmp:
            fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path


# -- success-rate (capture) curves ----------------------------------------------------------------
def success_curves_png(curves: Dict[str, tuple], path: str, xlabel: str, ylabel: str, chance: str = "chance",
                       label: str = "{} (AUC {:.3f})", figsize=(5.6, 4.8), lw: float = 1.5) -> str:
    """Success-rate curves of several rankings on one plot, as PNG.

    Args:
        curves: ``{name: (values, deposit_count)}`` (or ``(name, (values, deposit_count))`` pairs):
            the units' values and their deposits (:func:`~mfaf_plugin.scoring.capture.capture_curve`).
        label: legend text of a curve, formatted with its name and AUC.
    """
    plt = pyplot()
    fig, ax = plt.subplots(figsize=figsize)
    for name, (values, deposits) in (curves.items() if hasattr(curves, "items") else curves):
        curve = capture_curve(values, deposits)
        area, dep = curve_points(curve)
        ax.plot(area * 100, dep * 100, lw=lw, label=label.format(name, curve["auc"]))
    capture_axes(ax, xlabel, ylabel, chance)
    return save_png(fig, path)


# -- ROC ------------------------------------------------------------------------------------------
def roc_curve_png(y, p, path: str, title: str = "ROC curve", label: str = "model") -> str:
    """ROC curve of scores ``p`` against binary labels ``y`` (scikit-learn's roc_curve) as PNG.

    ``y`` may also be a dict ``{label: (y, p)}`` to draw several models on one plot (then ``p``
    is ignored).
    """
    from sklearn.metrics import roc_auc_score, roc_curve

    curves = y if isinstance(y, dict) else {label: (y, p)}
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(4.8, 4.4))
    for name, (yy, pp) in curves.items():
        yy = np.asarray(yy).astype(int)
        pp = np.asarray(pp, dtype=float)
        if len(np.unique(yy)) < 2:
            ax.plot([], [], label="{} (one class only: no ROC)".format(name))
            continue
        fpr, tpr, _ = roc_curve(yy, pp)
        ax.plot(fpr, tpr, lw=2, label="{} (AUC = {:.3f})".format(name, roc_auc_score(yy, pp)))
    ax.plot([0, 1], [0, 1], color="0.5", ls="--", lw=1, label="chance")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("False positive rate")
    ax.set_ylabel("True positive rate (recall)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return save_png(fig, path)


# -- calibration ----------------------------------------------------------------------------------
def reliability_png(raw: Dict[str, np.ndarray], calibration, path: str) -> str:
    """Reliability diagram: the observed share of deposit cells against the raw score per bin of
    :func:`~mfaf_plugin.scoring.calibration.reliability` (dots sized by cells), the fitted
    calibration (a step line, when given) and the diagonal a calibrated probability would follow.
    Log axes: the shares of deposit cells are small."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 4.6))
    pred, obs, n = (np.asarray(raw[k], dtype=float) for k in ("predicted", "observed", "count"))
    floor = 1e-4
    ax.plot([floor, 1], [floor, 1], color="0.5", ls="--", lw=1, label="a calibrated probability")
    ax.scatter(np.maximum(pred, floor), np.maximum(obs, floor), s=12 + 60 * n / max(1.0, n.max()), color="#b2182b",
               zorder=3, label="network score (bins of equal cell count)")
    if calibration:
        x, y = np.asarray(calibration["x"]), np.asarray(calibration["y"])
        ax.step(np.maximum(x, floor), np.maximum(y, floor), where="post", color="#2166ac", lw=1.6,
                label="calibration fitted (isotonic)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(floor, 1)
    ax.set_ylim(floor, 1)
    ax.set_xlabel("network score (out of fold)")
    ax.set_ylabel("observed share of cells holding a deposit")
    ax.set_title("Reliability: what the score means")
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left", fontsize=8)
    return save_png(fig, path)


# -- map ------------------------------------------------------------------------------------------
def nice_length(span: float) -> float:
    """A round scale-bar length close to a fifth of ``span`` (1, 2, 5 x 10^k)."""
    target = max(span / 5.0, 1e-9)
    k = 10 ** np.floor(np.log10(target))
    for m in (5, 2, 1):
        if m * k <= target:
            return float(m * k)
    return float(k)
