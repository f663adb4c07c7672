"""The report's target zones and "why here" (:mod:`mfaf_plugin.prediction.zones`,
:mod:`mfaf_plugin.prediction.explain_run`), and the bar chart of one place's contributions.

:func:`zone_sections` gives the prediction report two sections: the zones map (outlines on the
probability map, labelled by rank) with the table of the zones, and the "why here" lines of the
explained targets, greenfield first, with the baseline and the completeness gap said in words.
"""

import os
from typing import List, Optional, Sequence

import numpy as np

from ..common.numbers import number
from .plots import pyplot, save_png

__all__ = ["MAX_ZONE_ROWS", "zone_sections", "zones_map_png", "contributions_png", "why_words"]

MAX_ZONE_ROWS = 30


def zones_map_png(prob: np.ndarray, labels: np.ndarray, zones: Sequence[dict], gt, path: str,
                  max_labels: int = 30) -> str:
    """The score map in light colours, the zones outlined (greenfield in magenta) and labelled by rank."""
    plt = pyplot()
    rows, cols = prob.shape
    extent = (gt[0], gt[0] + cols * gt[1], gt[3] + rows * gt[5], gt[3])
    fig, ax = plt.subplots(figsize=(7.5, 7.5 * rows / max(cols, 1) + 0.6))
    im = ax.imshow(np.ma.masked_invalid(prob), cmap="YlOrBr", vmin=0, vmax=1, extent=extent, interpolation="nearest",
                   alpha=0.75)
    fig.colorbar(im, ax=ax, shrink=0.6, label="network score")
    green = np.isin(labels, [z["zone_id"] for z in zones if z.get("greenfield") == 1])
    for mask, colour in ((labels > 0) & ~green, "#000000"), (green, "#c51b7d"):
        if mask.any():
            ax.contour(mask.astype(float), levels=[0.5], colors=[colour], linewidths=1.2, extent=extent,
                       origin="upper")
    for z in zones[:max_labels]:
        ax.text(z["easting"], z["northing"], str(z["rank"]), fontsize=7, ha="center", va="center", color="black",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
    ax.ticklabel_format(style="plain", useOffset=False)
    ax.set_xlabel("easting")
    ax.set_ylabel("northing")
    ax.set_title("Target zones by rank (magenta: greenfield)")
    return save_png(fig, path)


def contributions_png(contributions: Sequence[dict], path: str, title: str) -> str:
    """Horizontal bars of the signed contributions (raise: red, lower: blue), the largest on top."""
    plt = pyplot()
    items = sorted(contributions, key=lambda c: abs(c["contribution"]))
    fig, ax = plt.subplots(figsize=(6.0, 0.4 * len(items) + 1.3))
    values = [c["contribution"] for c in items]
    ax.barh(np.arange(len(items)), values, color=["#b2182b" if v > 0 else "#2166ac" for v in values])
    ax.set_yticks(np.arange(len(items)))
    ax.set_yticklabels(["{} ({})".format(c["band"].replace("_", " "), c["value_text"]) for c in items], fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("contribution to the network score")
    ax.set_title(title, fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    return save_png(fig, path)


def why_words(baseline_probability: Optional[float], max_gap: Optional[float], steps: int) -> str:
    """The sentence that says what the contributions are, from what baseline, and how exact."""
    from ..prediction.attribution import BASELINE_WORDS, COMPLETENESS_TOLERANCE, MAX_STEPS

    text = ("Why here: the contribution of each evidence layer to the network score at the place's best pixel, "
            "by integrated gradients ({} steps, doubled up to {} where the contributions miss the difference from "
            "the baseline by more than {:g}) from a baseline, {}, whose score is {}. A positive number "
            "raises the score, a negative one lowers it; the network reads a whole window around the place, "
            "so a layer's contribution is summed over the window (for a class layer the share of the window "
            "inside is given).").format(steps, max(steps, MAX_STEPS), COMPLETENESS_TOLERANCE, BASELINE_WORDS,
                                        number(baseline_probability, "{:.3f}"))
    if max_gap is not None:
        text += (" The contributions add up to the score less the baseline's within {} (the error of the "
                 "path integral).".format(number(max_gap, "{:.3f}")))
    return text


def _zone_rows(zones: Sequence[dict]) -> List[list]:
    return [[z["rank"], number(z["area_km2"], "{:.0f}"), number(z["peak_probability"], "{:.2f}"),
             number(z["easting"], "{:.0f}"), number(z["northing"], "{:.0f}"), number(z["longitude"], "{:.5f}"),
             number(z["latitude"], "{:.5f}"), number(z["mean_probability"], "{:.2f}"),
             number(z["mean_uncertainty"], "{:.3f}"), number(z["deposits"], "{}"),
             {1: "yes", 0: "no"}.get(z["greenfield"], "–"), number(z["nearest_deposit_km"], "{:.1f}"),
             z.get("why_here") or "–"] for z in zones[:MAX_ZONE_ROWS]]


def zone_sections(result: dict, maps: dict, zones: dict, targets: Sequence[dict], tmp: str) -> List[dict]:
    """The report's "Target zones" and "Why here" sections (``zones``: :func:`target_zones`'s result with
    ``explained``: :func:`explain_zones_and_targets`'s summary)."""
    from .html import table_html
    from ..prediction.attribution import IG_STEPS
    from ..prediction.drill_targets import greenfield_first
    from ..prediction.zones import read_probability

    z = zones["zones"]
    explained = zones.get("explained") or {}
    prob = read_probability(result["output"])[0]
    text = ("{} target zones: connected groups of the map's pixels ({} m) with {}, ranked by their peak "
            "network score. Coordinates are those of each zone's best pixel.").format(
                len(z), number(abs(result["geotransform"][1]), "{:g}"), zones["rule"])
    sections = [{"heading": "Target zones", "text": text,
                 "images": [(zones_map_png(prob, zones["labels"], z, result["geotransform"],
                                           os.path.join(tmp, "zones.png")), "Target zones labelled by rank.")],
                 "html": table_html(["rank", "area (km²)", "peak score", "easting", "northing", "longitude",
                                     "latitude", "mean score", "mean uncertainty", "known deposits",
                                     "greenfield", "nearest deposit (km)", "why here"], _zone_rows(z),
                                    title="Target zones" + (" (first {} of {})".format(MAX_ZONE_ROWS, len(z))
                                                            if len(z) > MAX_ZONE_ROWS else ""))}]
    if explained.get("targets") or explained.get("zones"):
        rows = [[t["rank"], {1: "yes", 0: "no"}.get(t["greenfield"], "–"), number(t["probability"], "{:.2f}"),
                 t.get("top_evidence") or "–", t["why_here"]] for t in greenfield_first(targets) if t.get("why_here")]
        words = why_words(explained.get("baseline_probability"), explained.get("max_gap"), IG_STEPS)
        every = explained["targets"] >= explained.get("all_targets", explained["targets"])
        words += (" {} {} drill targets (greenfield first) and the first {} zones are explained here; "
                  "'Explain a location' explains any other place.").format(
                      "All" if every else "The first", explained["targets"], explained["zones"])
        sections.append({"heading": "Why here", "text": words,
                         "html": table_html(["rank", "greenfield", "network score", "top evidence", "why here"], rows,
                                            title="Drill targets: the evidence at their best pixel")})
    return sections
