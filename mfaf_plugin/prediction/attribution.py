"""Why here: which evidence raises and which lowers the ore probability at one place.

For a network the contribution of each evidence band is its **integrated gradients** (Sundararajan,
Taly and Yan 2017, computed with captum's ``IntegratedGradients``): the gradient of the ore
probability averaged along the straight path from a baseline window to the place's window, times
the difference between the two, summed over the window's pixels. The baseline is the window in
which every evidence value is the training area's mean (0 in the standardised units the network
reads, :mod:`mfaf_plugin.windows.band_scaling`; for a model without recorded scaling, 0 in the
stack's units); its probability is stated with every explanation. The contributions add up to the
place's probability minus the baseline's (completeness), up to the error of the path integral
with :data:`IG_STEPS` Gauss-Legendre steps (doubled, up to :data:`MAX_STEPS`, for a window whose gap exceeds
:data:`COMPLETENESS_TOLERANCE`), which is returned (``delta``) and checked by the tests.

The window is the one whose probability the map shows at the pixel: in the centred framing the
window centred on the pixel's representative centre at the map's stride
(:func:`mfaf_plugin.windows.sampling.representative_centres`); in the paper's grid framing the
numbered cell's window that holds the pixel.

For a logistic regression on standardised features the contributions are exact:
:func:`linear_contributions` (coefficient x standardised value; they add up to the log-odds less the
intercept). Forests get no attribution here: no well-kept method is available without a new
dependency, and the plugin says so rather than show an approximation.
"""

from typing import Dict, List, Optional, Sequence

import numpy as np

from ..common.errors import InputError
from ..common.gdal_io import read_stack_metadata
from ..windows.band_scaling import scale_bands
from .inference import load_predictor, stack_nodatas, valid_mask

__all__ = ["IG_STEPS", "MAX_STEPS", "IG_METHOD", "BASELINE_WORDS", "COMPLETENESS_TOLERANCE", "window_pixels",
           "integrated_gradients", "explain_pixels", "value_text", "why_text", "linear_contributions"]

IG_STEPS = 32
IG_METHOD = "gausslegendre"
# |sum of the contributions - (p - p_baseline)|, probability units: the networks are piecewise linear (ReLU),
# so the path integral converges slowly (demo: gaps up to 0.2 at 32 steps, under 0.02 at 128). A window whose
# gap exceeds this is integrated again with twice the steps, up to MAX_STEPS; the gap left is reported.
COMPLETENESS_TOLERANCE = 0.05
MAX_STEPS = 8 * IG_STEPS
BASELINE_WORDS = ("the window in which every evidence value is the training area's mean (0 in the model's "
                  "standardised units)")


def window_pixels(ds, meta: dict, pixels: np.ndarray, stride: int) -> Dict[str, np.ndarray]:
    """The scaled windows (n, bands, t, t) the map's probability comes from at ``pixels`` (n, 2 row/col),
    the stack's values at the pixels themselves (``values``, n x bands; NaN for nodata) and, per band,
    the share of the window's valid pixels whose value is not 0 (``nonzero_share``: for a class band,
    the share of the window inside a unit), the stack's windows themselves (``raw``, NaN for nodata) and
    their top-left pixel (``origin``, n x 2 row/col; negative where the window reaches past the edge)."""
    tile, rows, cols = int(meta["tile_size"]), ds.RasterYSize, ds.RasterXSize
    nodatas = stack_nodatas(ds)
    pixels = np.asarray(pixels, dtype=np.int64).reshape(-1, 2)
    windows, values, shares, raws, origins = [], [], [], [], []
    for r, c in pixels:
        if not (0 <= r < rows and 0 <= c < cols):
            raise InputError("The place (row {}, column {}) lies outside the evidence stack.".format(r, c))
        raw, valid, origin = _raw_window(ds, meta, int(r), int(c), stride, nodatas)
        windows.append(scale_bands(raw, valid, meta.get("input_scaling")))
        raws.append(np.where(valid[None], raw, np.nan))
        origins.append(origin)
        n_valid = max(1, int(valid.sum()))
        shares.append([float(((band != 0) & valid).sum()) / n_valid for band in raw])
        v = np.asarray(ds.ReadAsArray(int(c), int(r), 1, 1), dtype=np.float64).reshape(-1)
        values.append([x if np.isfinite(x) and (nd is None or x != nd) else np.nan for x, nd in zip(v, nodatas)])
    n_bands = ds.RasterCount
    return {"windows": np.stack(windows).astype(np.float32) if windows else np.zeros((0, n_bands, tile, tile),
                                                                                   np.float32),
            "values": np.array(values, dtype=np.float64), "nonzero_share": np.array(shares, dtype=np.float64),
            "raw": np.array(raws, dtype=np.float64), "origin": np.array(origins, dtype=np.int64).reshape(-1, 2)}


def _raw_window(ds, meta: dict, r: int, c: int, stride: int, nodatas):
    """The stack's window (bands, t, t) behind the map's value at pixel (r, c), its valid mask and its
    top-left pixel (row, col)."""
    from .centred import read_padded_rows
    from ..windows.sampling import representative_centres

    tile, rows, cols = int(meta["tile_size"]), ds.RasterYSize, ds.RasterXSize
    if meta.get("framing") == "centred":
        cr, cc = representative_centres(np.array([[r, c]]), stride, (rows, cols))["centres"][0]
        data, valid = read_padded_rows(ds, int(cr), int(cr) + 1, tile // 2, tile, nodatas)
        return (data[:, :tile, int(cc):int(cc) + tile], valid[:tile, int(cc):int(cc) + tile],
                (int(cr) - tile // 2, int(cc) - tile // 2))
    yoff, xoff = r // tile * tile, c // tile * tile
    if yoff + tile > rows or xoff + tile > cols:
        raise InputError("The place lies in the margin of the evidence stack that no whole window of the model "
                         "covers: the model gives it no probability.")
    block = np.asarray(ds.ReadAsArray(int(xoff), int(yoff), tile, tile), dtype=np.float32).reshape(-1, tile, tile)
    return block, valid_mask(block, nodatas), (int(yoff), int(xoff))


def integrated_gradients(net, windows: np.ndarray, device: str = "cpu", steps: int = IG_STEPS,
                         batch_size: int = 16) -> Dict[str, np.ndarray]:
    """Integrated gradients of the ore probability from the zero baseline, per band (summed over pixels);
    windows whose completeness gap exceeds :data:`COMPLETENESS_TOLERANCE` are integrated again with twice
    the steps, up to ``max(steps, MAX_STEPS)``.

    Returns ``attributions`` (n, bands), ``probability`` (n,), ``baseline_probability`` (float),
    ``delta`` (n,): sum of the attributions minus (probability - baseline probability), and ``steps`` (n,).
    """
    import torch
    from captum.attr import IntegratedGradients

    from ...models import branch_outputs

    def ore_probability(x):
        return branch_outputs(net(x))["p_ore"]

    net.eval()
    x_all = torch.from_numpy(np.ascontiguousarray(windows, dtype=np.float32)).to(device)
    ig = IntegratedGradients(ore_probability)
    n = len(x_all)
    attr, delta, used = np.zeros((n, x_all.shape[1])), np.zeros(n), np.zeros(n, dtype=np.int64)
    todo, k = np.arange(n), int(steps)
    while len(todo):
        for i in range(0, len(todo), int(batch_size)):
            idx = todo[i:i + int(batch_size)]
            x = x_all[torch.from_numpy(idx)]
            a, d = ig.attribute(x, baselines=torch.zeros_like(x), n_steps=k, method=IG_METHOD,
                                return_convergence_delta=True)
            attr[idx] = a.detach().double().sum(dim=(2, 3)).cpu().numpy()
            delta[idx], used[idx] = d.detach().double().cpu().numpy(), k
        k *= 2
        todo = todo[np.abs(delta[todo]) > COMPLETENESS_TOLERANCE] if k <= max(int(steps), MAX_STEPS) else todo[:0]
    with torch.no_grad():
        prob = ore_probability(x_all).double().cpu().numpy()
        p0 = float(ore_probability(torch.zeros_like(x_all[:1]))[0])
    return {"attributions": attr, "probability": prob, "baseline_probability": p0, "delta": delta, "steps": used}


def explain_pixels(ds, model, pixels, stride: int, device: str = "cpu", steps: int = IG_STEPS) -> List[dict]:
    """One explanation per pixel: ``probability``, ``baseline_probability``, ``delta``, ``contributions``
    ([{band, value, value_text, contribution}] in band order) and ``why`` (:func:`why_text`)."""
    from ..install.optional_deps import require

    require("captum")
    net, meta = load_predictor(model, device)
    got = window_pixels(ds, meta, pixels, stride)
    if not len(got["windows"]):
        return []
    ig = integrated_gradients(net, got["windows"], device, steps)
    stack_meta = read_stack_metadata(ds)
    names = [str(b) for b in meta.get("band_names") or stack_meta.get("bands") or []]
    out = []
    for k in range(len(got["windows"])):
        contributions = [{"band": name, "value": float(got["values"][k, b]),
                          "value_text": value_text(stack_meta, b, name, got["values"][k, b],
                                                   got["nonzero_share"][k, b]),
                          "contribution": float(ig["attributions"][k, b])} for b, name in enumerate(names)]
        out.append({"probability": float(ig["probability"][k]), "baseline_probability": ig["baseline_probability"],
                    "delta": float(ig["delta"][k]), "steps": int(ig["steps"][k]), "contributions": contributions,
                    "why": why_text(contributions)})
    return out


def value_text(stack_meta: dict, band: int, name: str, value: float, nonzero_share: Optional[float] = None) -> str:
    """The stack's value in the units of the evidence: a class name for a class band (with the share
    of the window inside a unit: the network reads the whole window), kilometres for a distance (the
    stack's normalisation undone, map units taken as metres), else the number."""
    classes = (stack_meta.get("classes") or {}).get(name)
    window = "" if nonzero_share is None or not classes else " ({:.0f} % of the window {})".format(
        100 * nonzero_share, classes[1] if len(classes) == 2 else "inside a unit")
    if value is None or not np.isfinite(value):
        return "no data" + window
    if classes:
        i = int(round(float(value)))
        return (classes[i] if 0 <= i < len(classes) else "{:g}".format(value)) + window
    norm = stack_meta.get("normalization") or {}
    params = norm.get("params") or []
    raw = float(value)
    if norm.get("method", "none") != "none" and band < len(params) and params[band] is not None:
        raw = float(value) * float(params[band][1]) + float(params[band][0])  # (raw - a) / b undone
    if name.endswith("distance"):
        return "{:.1f} km".format(raw / 1000.0)
    return "{:.3g}".format(raw)


def why_text(contributions: Sequence[dict], raise_n: int = 3, lower_n: int = 2) -> str:
    """'fault distance 0.8 km: +0.21; geology inside: +0.14; contact distance 9.0 km: -0.05': the bands that
    raise the probability most (largest first), then those that lower it most."""
    up = sorted((c for c in contributions if c["contribution"] > 0), key=lambda c: -c["contribution"])[:raise_n]
    down = sorted((c for c in contributions if c["contribution"] < 0), key=lambda c: c["contribution"])[:lower_n]
    return "; ".join("{} {}: {:+.2f}".format(c["band"].replace("_", " "), c["value_text"], c["contribution"])
                     for c in up + down)


def linear_contributions(pipeline, x: np.ndarray, names: Optional[Sequence[str]] = None) -> Dict[str, object]:
    """Exact contributions of a fitted ``StandardScaler`` + ``LogisticRegression`` pipeline
    (:mod:`mfaf_plugin.evaluation.baselines`) to the log-odds of ore at the rows of ``x``.

    Returns ``contributions`` (n, features) = coefficient x standardised value, ``intercept`` and
    ``names``; ``contributions.sum(axis=1) + intercept`` is the pipeline's decision function.
    """
    scaler, clf = pipeline[0], pipeline[-1]
    if not hasattr(clf, "coef_") or clf.coef_.shape[0] != 1:
        raise InputError("Exact contributions exist for a fitted two-class logistic regression only.")
    z = scaler.transform(np.asarray(x, dtype=np.float64))
    return {"contributions": z * clf.coef_[0][None, :], "intercept": float(clf.intercept_[0]),
            "names": list(names) if names is not None else ["feature_{}".format(i + 1) for i in range(z.shape[1])]}
