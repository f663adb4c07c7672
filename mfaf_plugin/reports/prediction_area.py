"""Prediction-area (P-A) plot and capture table of a prospectivity map against known deposits.

The P-A plot (Yousefi and Carranza, 2015, "Prediction-area (P-A) plot and C-A fractal analysis
to classify and evaluate evidential maps for mineral prospectivity modeling", Computers &
Geosciences 79) draws, for every threshold of the map's values, the share of the known deposits
on cells at or above it (prediction rate, left axis) and the share of the area at or above it
(right axis, reversed). The curves cross where the map puts P % of the deposits in 100 - P % of
the area; the higher that P, the better the map (P = 50 is chance). The crossing's threshold is
a natural cut-off for targets.

The capture table gives the share of the deposits in the top 1, 5, 10 and 20 % of the area
(cells of equal value taken together), the figures of the cross-validation
(:func:`mfaf_plugin.scoring.cell_figures.ranking_figures`).
"""

from typing import Dict

import numpy as np

from ..scoring.capture import capture_curve, captured_at
from ..scoring.cell_figures import SHARES

__all__ = ["prediction_area_curve", "prediction_area_png", "capture_shares"]


def prediction_area_curve(values: np.ndarray, deposit_count: np.ndarray) -> Dict[str, object]:
    """The P-A curves and their crossing.

    Args:
        values: (n,) map values of the valid cells (higher = more prospective).
        deposit_count: (n,) known deposits in each cell.

    Returns:
        dict: ``levels`` (distinct values, decreasing), ``area`` and ``deposits`` (shares 0..1
        of the area and of the deposits at or above each level: the capture curve of
        :func:`~mfaf_plugin.scoring.capture.capture_curve`), ``crossing``: ``(level, deposit
        share, area share)`` where deposit share = 1 - area share (linear between levels), None
        without deposits.
    """
    curve = capture_curve(values, deposit_count)
    out = {"levels": curve["levels"], "area": curve["area"][1:], "deposits": curve["deposits"][1:], "crossing": None}
    if curve["n_deposits"] > 0 and len(out["levels"]):
        out["crossing"] = _crossing(out["levels"], out["area"], out["deposits"])
    return out


def _crossing(levels: np.ndarray, area: np.ndarray, dep: np.ndarray):
    """Where ``dep + area`` reaches 1 going down the levels (it only grows), interpolated."""
    gap = dep + area - 1.0
    i = int(np.argmax(gap >= 0)) if np.any(gap >= 0) else len(gap) - 1
    if i == 0 or gap[i] == 0:
        return float(levels[i]), float(dep[i]), float(area[i])
    t = -gap[i - 1] / (gap[i] - gap[i - 1])
    mix = lambda a: float(a[i - 1] + t * (a[i] - a[i - 1]))  # noqa: E731
    return mix(levels), mix(dep), mix(area)


def capture_shares(values: np.ndarray, deposit_count: np.ndarray) -> Dict[str, float]:
    """Share of the deposits in the top 1, 5, 10 and 20 % of the area: ``{"top1": ..., "top20": ...}``
    (the capture figures of the cross-validation, :data:`~mfaf_plugin.scoring.cell_figures.SHARES`)."""
    curve = capture_curve(values, deposit_count)
    return {"top{}".format(int(round(100 * s))): v for s, v in captured_at(curve, SHARES).items()}


def prediction_area_png(curve: Dict[str, object], path: str, n_deposits: int) -> str:
    """The P-A plot with its crossing marked, as PNG."""
    from .plots import pyplot, save_png

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 4.4))
    x = np.asarray(curve["levels"])
    ax.plot(x, 100 * np.asarray(curve["deposits"]), color="#b2182b", lw=2,
            label="deposits at or above the value (%, left)")
    right = ax.twinx()
    right.plot(x, 100 * np.asarray(curve["area"]), color="#2166ac", lw=2, label="area at or above the value (%, right)")
    right.set_ylim(100, 0)  # reversed: the curves cross where deposits = 100 - area
    ax.set_ylim(0, 100)
    ax.set_xlim(float(np.nanmin(x)) if x.size else 0.0, float(np.nanmax(x)) if x.size else 1.0)
    ax.set_xlabel("Network score (threshold)")
    ax.set_ylabel("Known deposits captured (%)")
    right.set_ylabel("Share of the area (%)")
    title = "Prediction-area plot ({} deposits)".format(n_deposits)
    if curve["crossing"] is not None:
        level, dep, area = curve["crossing"]
        ax.plot([level], [100 * dep], "ko", ms=6, zorder=5)
        ax.axvline(level, color="0.3", ls=":", lw=1)
        title += "\ncrossing: {:.0f} % of the deposits in {:.0f} % of the area (score {:.2f} and above)".format(
            100 * dep, 100 * area, level)
    lines = ax.get_lines()[:1] + right.get_lines()[:1]
    ax.legend(lines, [ln.get_label() for ln in lines], loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8,
              frameon=False)
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    return save_png(fig, path)
