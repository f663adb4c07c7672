"""The maps of a prediction as pictures (matplotlib, Agg backend, no QGIS).

* :func:`prediction_map_png`: the ore probability and, beside it, its uncertainty, on the same
  axes: target cells outlined (greenfield targets in magenta) and labelled with their rank only,
  labels drawn above the deposit symbols, known deposits, stack cells holding data that were not
  predicted hatched, axis titles naming the CRS, a north arrow, a scale bar and the legend beside
  the maps.
* :func:`evidence_maps_png`: a small map of every evidence band.

Every picture is written atomically (:func:`mfaf_plugin.reports.plots.save_png`).
"""

from typing import Dict, Optional, Sequence

import numpy as np

__all__ = ["MAX_LABELLED", "labelled_targets", "prediction_map_png", "evidence_maps_png"]

MAX_LABELLED = 200  # rank labels drawn at most (more are illegible and take minutes)
GREENFIELD = "#c51b7d"


def labelled_targets(targets: Sequence[dict]) -> list:
    """The targets whose rank is drawn: all of them up to :data:`MAX_LABELLED`, the best ranked first."""
    return sorted(targets, key=lambda t: t["rank"])[:MAX_LABELLED]


def _extent(gt, shape):
    rows, cols = shape
    return gt[0], gt[0] + cols * gt[1], gt[3] + rows * gt[5], gt[3]


def _north_arrow(fig) -> None:
    """One north arrow beside the maps (above the legend), where no map feature can hide it."""
    from matplotlib.patches import FancyArrowPatch

    fig.text(0.90, 0.86, "N", ha="center", va="center", fontsize=12, fontweight="bold")
    fig.patches.append(FancyArrowPatch((0.90, 0.74), (0.90, 0.83), transform=fig.transFigure, arrowstyle="-|>",
                                       mutation_scale=18, lw=2, color="black"))


def _scale_bar(ax, x0, x1, y0, y1) -> None:
    from .plots import nice_length

    length = nice_length(x1 - x0)
    sx, sy = x0 + 0.05 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    ax.plot([sx, sx + length], [sy, sy], color="black", lw=3, solid_capstyle="butt", zorder=8)
    text = "{:g} km".format(length / 1000.0) if length >= 1000 else "{:g} m".format(length)
    ax.text(sx + length / 2, sy + 0.015 * (y1 - y0), text, ha="center", va="bottom", fontsize=8, zorder=8,
            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))


def _targets(ax, targets: Sequence[dict], labels: bool) -> None:
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    for green, colour in ((False, "black"), (True, GREENFIELD)):
        group = [t for t in targets if (t.get("greenfield") == 1) == green]
        if group:
            ax.add_collection(PatchCollection(
                [Rectangle(t["bounds"][:2], t["bounds"][2] - t["bounds"][0], t["bounds"][3] - t["bounds"][1])
                 for t in group], facecolor="none", edgecolor=colour, linewidth=1.3, zorder=6))
    if not labels:
        return
    for t in labelled_targets(targets):
        xmin, ymin, xmax, ymax = t["bounds"]
        ax.text((xmin + xmax) / 2, (ymin + ymax) / 2, str(t["rank"]), ha="center", va="center", fontsize=7,
                fontweight="bold", color=GREENFIELD if t.get("greenfield") == 1 else "black", zorder=9,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))


def _panel(ax, fig, array, gt, spec: Dict, targets, deposits_xy, unpredicted, crs_name: str, labels: bool):
    """One map: the array, its colour bar below, overlays, axes titled with the CRS."""
    from .plots import pyplot

    plt = pyplot()
    x0, x1, y0, y1 = _extent(gt, array.shape)
    cmap = plt.get_cmap(spec["cmap"]).copy()
    cmap.set_bad("white")
    im = ax.imshow(np.ma.masked_invalid(array), extent=(x0, x1, y0, y1), cmap=cmap, vmin=spec["vmin"],
                   vmax=spec["vmax"], interpolation="nearest", origin="upper", zorder=1)
    fig.colorbar(im, ax=ax, orientation="horizontal", fraction=0.05, pad=0.09).set_label(spec["label"])
    if unpredicted is not None and unpredicted.any():
        ax.contourf(np.where(unpredicted, 1.0, np.nan), levels=[0.5, 1.5], extent=(x0, x1, y0, y1), origin="upper",
                    colors="none", hatches=["////"], zorder=2)
    if deposits_xy is not None and len(deposits_xy):
        d = np.asarray(deposits_xy, dtype=float).reshape(-1, 2)
        ax.scatter(d[:, 0], d[:, 1], marker="^", s=22, c="gold", edgecolors="black", linewidths=0.5, zorder=5)
    _targets(ax, targets, labels)
    _scale_bar(ax, x0, x1, y0, y1)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_title(spec["title"], fontsize=10)
    ax.set_xlabel("Easting (m), {}".format(crs_name) if crs_name else "Easting (map units)", fontsize=8)
    ax.set_ylabel("Northing (m)" if crs_name else "Northing (map units)", fontsize=8)
    ax.ticklabel_format(style="plain", useOffset=False)
    ax.tick_params(labelsize=6)


def _legend(fig, targets, deposits_xy, unpredicted, n_labelled: int) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    n_green = sum(1 for t in targets if t.get("greenfield") == 1)
    if len(targets) - n_green:
        handles.append(Line2D([], [], color="black", lw=1.3, label="target cell with known deposits ({})".format(
            len(targets) - n_green) if any(t.get("greenfield") is not None for t in targets)
            else "target cell ({})".format(len(targets))))
    if n_green:
        handles.append(Line2D([], [], color=GREENFIELD, lw=1.3,
                              label="greenfield target: no known deposit ({})".format(n_green)))
    if targets:
        handles.append(Line2D([], [], ls="none", marker="s", mfc="white", mec="0.6", label="1, 2, ...: target rank"
                              + (" (best {} shown)".format(n_labelled) if n_labelled < len(targets) else "")))
    if deposits_xy is not None and len(deposits_xy):
        handles.append(Line2D([], [], ls="none", marker="^", mfc="gold", mec="black",
                              label="known deposit ({})".format(len(deposits_xy))))
    if unpredicted is not None and unpredicted.any():
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="////", label="data, not predicted"))
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.86, 0.62), fontsize=8, frameon=False)


def prediction_map_png(prob: np.ndarray, uncertainty: Optional[np.ndarray], geotransform: Sequence[float],
                       crs_name: str, targets: Sequence[dict], deposits_xy, path: str,
                       unpredicted: Optional[np.ndarray] = None, uncertainty_spec: Optional[Dict] = None,
                       title: str = "") -> str:
    """Probability map and, when given, its uncertainty beside it (see the module docstring).

    Args:
        prob, uncertainty: 2-D arrays on ``geotransform`` (NaN = no value).
        crs_name: the CRS in words, for the axis titles.
        targets: :func:`mfaf_plugin.prediction.drill_targets.drill_targets` records (``bounds``, ``rank``,
            ``greenfield``).
        unpredicted: 2-D bool, cells with data that got no prediction (hatched), or None.
        uncertainty_spec: ``title``, ``label``, ``cmap``, ``vmin``, ``vmax`` of the uncertainty map.
    """
    from .plots import pyplot, save_png

    plt = pyplot()
    panels = [(prob, {"title": "Network score (ranks ground; not a probability)", "label": "network score",
                      "cmap": "RdYlBu_r", "vmin": 0.0, "vmax": 1.0})]
    if uncertainty is not None:
        panels.append((uncertainty, uncertainty_spec))
    rows, cols = prob.shape
    aspect = max(0.4, min(2.5, rows * abs(geotransform[5]) / max(cols * geotransform[1], 1e-9)))
    width = 5.2 * len(panels)
    fig, axes = plt.subplots(1, len(panels), figsize=(width + 3.2, 5.2 * aspect + 1.6), squeeze=False)
    for ax, (array, spec) in zip(axes[0], panels):
        _panel(ax, fig, array, geotransform, spec, targets, deposits_xy, unpredicted, crs_name,
               labels=ax is axes[0][0])
    fig.subplots_adjust(left=0.07, right=0.84, wspace=0.28)
    _legend(fig, targets, deposits_xy, unpredicted, len(labelled_targets(targets)))
    _north_arrow(fig)
    if title:
        fig.suptitle(title, fontsize=11)
    return save_png(fig, path)


def evidence_maps_png(bands: np.ndarray, names: Sequence[str], geotransform: Sequence[float], path: str) -> str:
    """Small maps of every evidence band (grey, stretched from each band's minimum to maximum)."""
    from .plots import pyplot, save_png

    plt = pyplot()
    n = len(names)
    ncols = min(4, n)
    nrows = int(np.ceil(n / float(ncols)))
    rows, cols = bands.shape[1:]
    aspect = max(0.4, min(2.5, rows * abs(geotransform[5]) / max(cols * geotransform[1], 1e-9)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.0 * ncols, 3.0 * aspect * nrows + 0.4), squeeze=False)
    x0, x1, y0, y1 = _extent(geotransform, (rows, cols))
    for i, ax in enumerate(axes.ravel()):
        ax.set_axis_off()
        if i >= n:
            continue
        cmap = plt.get_cmap("gray").copy()
        cmap.set_bad("white")
        im = ax.imshow(np.ma.masked_invalid(bands[i]), extent=(x0, x1, y0, y1), cmap=cmap, interpolation="nearest")
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.02).ax.tick_params(labelsize=6)
        ax.set_title(str(names[i]), fontsize=9)
    return save_png(fig, path)
