"""Why here for the listed places of a prediction run: the first target zones and drill targets.

Each place is explained at its peak pixel (a zone's ``peak_row`` / ``peak_col``; a target's best
pixel of the probability map inside its cell, the first in row order on ties) by
:func:`mfaf_plugin.prediction.attribution.explain_pixels`; a pixel shared by a zone and a target
is explained once. The records get ``why_here`` (the line of the report), ``top_evidence`` (the
band that raises the probability most), ``ig_gap`` (the completeness gap) and ``explanation``.
"""

from typing import List, Sequence

import numpy as np

from ..common.gdal_io import open_raster
from .attribution import explain_pixels
from .drill_targets import greenfield_first

__all__ = ["target_peak_pixels", "explain_zones_and_targets"]


def target_peak_pixels(result: dict, targets: Sequence[dict]) -> np.ndarray:
    """(n, 2) row/col of the highest-probability pixel of each target's cell (the map's band 1)."""
    tile = int(result["tile_size"])
    cells = {c["cell_id"]: c for c in result["cells"]}
    ds = open_raster(result["output"], "probability raster")
    band = ds.GetRasterBand(1)
    nd = band.GetNoDataValue()
    out = []
    for t in targets:
        c = cells[t["cell_id"]]
        block = band.ReadAsArray(int(c["xoff"]), int(c["yoff"]), tile, tile).astype(np.float64)
        block[~np.isfinite(block) | ((block == nd) if nd is not None else False)] = -np.inf
        r, k = np.unravel_index(int(np.argmax(block)), block.shape)
        out.append((int(c["yoff"]) + r, int(c["xoff"]) + k))
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def explain_zones_and_targets(result: dict, model, device: str, zones: List[dict], targets: List[dict],
                              limit: int = 20, target_limit: int = 100) -> dict:
    """Explain the first ``limit`` zones (by rank) and ``target_limit`` targets (greenfield first); records
    updated in place.

    Returns ``{"zones": n, "targets": n, "baseline_probability": p, "max_gap": largest |gap|}``.
    """
    chosen_zones = list(zones[:limit])
    chosen_targets = greenfield_first(targets)[:target_limit] if any(t["greenfield"] is not None for t in targets) \
        else list(targets[:target_limit])
    pixels = [(z["peak_row"], z["peak_col"]) for z in chosen_zones]
    t_pixels = target_peak_pixels(result, chosen_targets)
    for t, (r, c) in zip(chosen_targets, t_pixels):
        t["peak_row"], t["peak_col"] = int(r), int(c)
    pixels += [tuple(int(v) for v in rc) for rc in t_pixels]
    unique = sorted(set(pixels))
    if not unique:
        return {"zones": 0, "targets": 0, "baseline_probability": None, "max_gap": None}
    explained = dict(zip(unique, explain_pixels(result["stack_ds"], model, np.array(unique), result["stride"],
                                                device)))
    for rec in chosen_zones + chosen_targets:
        e = explained[(rec["peak_row"], rec["peak_col"])]
        top = max(e["contributions"], key=lambda c: c["contribution"])
        rec.update({"why_here": e["why"], "top_evidence": top["band"] if top["contribution"] > 0 else None,
                    "ig_gap": round(e["delta"], 4), "explanation": e})
    first = next(iter(explained.values()))
    return {"zones": len(chosen_zones), "targets": len(chosen_targets), "all_targets": len(targets),
            "baseline_probability": first["baseline_probability"],
            "max_gap": max(abs(e["delta"]) for e in explained.values())}
