"""Classical baselines: the comparison a CNN has to win.

In the cell framing (the cross-validation): three scikit-learn / imbalanced-learn classifiers,
each on two feature sets, fitted on exactly the cells the networks learn from (deposit cells and
background cells of the training area, see :mod:`mfaf_plugin.windows.sampling`) and scored on the
same held-out cells:

* models: ``logistic_regression`` (standardised features, L2, C = 1, classes weighted to balance),
  ``random_forest`` (300 trees, leaves of at least 5 cells, classes weighted per bootstrap
  sample), ``balanced_random_forest`` (imbalanced-learn's BalancedRandomForestClassifier: each
  of 300 trees sees a bootstrap sample with as many background as deposit cells; Chen, Liaw
  and Breiman 2004), ``weights_of_evidence`` (binary weights of evidence per band, classes chosen
  on the training cells by the largest studentised contrast: :mod:`mfaf_plugin.evaluation.wofe`;
  cell values only), ``gradient_boosting`` (scikit-learn's HistGradientBoostingClassifier at its
  default hyperparameters, fixed in advance and never tuned on held-out folds: 100 iterations,
  learning rate 0.1, at most 31 leaves per tree, at least 20 cells per leaf, early stopping on
  10 % of the training cells when there are more than 10 000; classes weighted to balance, seeded);
* features: ``cells`` = the stack's band values at the cell; ``window`` = per band the mean,
  standard deviation, minimum and maximum over the valid cells of the cell's window (the
  window the network sees: ``tile_px`` wide, centred as in :mod:`mfaf_plugin.windows.sampling`).

Method names are ``<model>_<features>``, e.g. ``logistic_regression_cells``
(:data:`~mfaf_plugin.evaluation.methods.CELL_BASELINES`).

In the held-out-tile protocol: a random forest and a logistic regression on per-tile band
statistics (:func:`tile_band_statistics`, :func:`fit_predict_classical`), methods
``random_forest`` and ``logistic_regression``.
"""

import numpy as np

from ..common.errors import InputError
from .methods import CELL_BASELINES as METHODS
from .methods import CELL_MODELS as MODELS
from .methods import FEATURE_SETS

__all__ = ["split_method", "window_statistics", "features", "fit_predict", "fit_rows", "predict_cells_of",
           "feature_names", "weight_rows", "STAT_NAMES", "tile_band_statistics", "fit_predict_classical"]


def split_method(method: str):
    """``"random_forest_window"`` -> ``("random_forest", "window")``."""
    for f in FEATURE_SETS:
        if method.endswith("_" + f) and method in METHODS:
            return method[:-len(f) - 1], f
    raise InputError("Unknown classical method '{}'; choose from {}.".format(method, ", ".join(METHODS)))


def window_statistics(data: np.ndarray, valid: np.ndarray, tile_px: int) -> np.ndarray:
    """Per band mean, std, min and max over the valid cells of every cell's centred window.

    Args:
        data: (bands, rows, cols) float32 stack (values of invalid cells are ignored).
        valid: (rows, cols) boolean.
        tile_px: window side in cells.

    Returns:
        (bands * 4, rows, cols) float32, band by band (mean, std, min, max); 0 where a window has
        no valid cell.
    """
    from scipy import ndimage

    t = int(tile_px)
    v = np.asarray(valid, dtype=np.float64)
    # ndimage's centred size-t filters cover r - t//2 .. r - t//2 + t - 1: the sampling module's window
    share = ndimage.uniform_filter(v, size=t, mode="constant", cval=0.0)
    out = []
    with np.errstate(all="ignore"):
        for band in np.asarray(data, dtype=np.float64):
            mean = ndimage.uniform_filter(band * v, size=t, mode="constant") / share
            sq = ndimage.uniform_filter(band * band * v, size=t, mode="constant") / share
            std = np.sqrt(np.maximum(sq - mean * mean, 0.0))
            lo = ndimage.minimum_filter(np.where(v > 0, band, np.inf), size=t, mode="constant", cval=np.inf)
            hi = ndimage.maximum_filter(np.where(v > 0, band, -np.inf), size=t, mode="constant", cval=-np.inf)
            out += [mean, std, lo, hi]
    stats = np.stack(out).astype(np.float32)
    stats[~np.isfinite(stats)] = 0.0
    return stats


def features(feature_set: str, data: np.ndarray, valid: np.ndarray, tile_px: int) -> np.ndarray:
    """(n_features, rows, cols) features of every cell for ``feature_set``."""
    if feature_set == "cells":
        return np.asarray(data, dtype=np.float32)
    if feature_set == "window":
        return window_statistics(data, valid, tile_px)
    raise InputError("Unknown feature set '{}'.".format(feature_set))


def _classifier(model: str, seed: int, n_jobs: int, background_cells=None):
    if model == "logistic_regression":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000,
                                                                  random_state=int(seed)))
    if model == "random_forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(n_estimators=300, min_samples_leaf=5, class_weight="balanced_subsample",
                                      random_state=int(seed), n_jobs=n_jobs)
    if model == "balanced_random_forest":
        from imblearn.ensemble import BalancedRandomForestClassifier

        return BalancedRandomForestClassifier(n_estimators=300, sampling_strategy="all", replacement=True,
                                              bootstrap=False, random_state=int(seed), n_jobs=n_jobs)
    if model == "weights_of_evidence":
        from .wofe import WeightsOfEvidence

        return WeightsOfEvidence(background_cells=background_cells)
    if model == "gradient_boosting":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(class_weight="balanced", random_state=int(seed))
    raise InputError("Unknown classical model '{}'; choose from {}.".format(model, ", ".join(MODELS)))


def fit_predict(model: str, feats: np.ndarray, positives: np.ndarray, negatives: np.ndarray,
                predict_cells: np.ndarray, seed: int = 0, n_jobs: int = -1, background_cells=None,
                return_model: bool = False):
    """Fit ``model`` on the positive and negative cells, return P(deposit) of ``predict_cells``.

    Args:
        model: one of :data:`MODELS`.
        feats: (n_features, rows, cols) from :func:`features`.
        positives, negatives: (n, 2) row/col of the training cells of each class.
        predict_cells: (m, 2) row/col of the cells to score.
        seed: seed of the classifier.
        n_jobs: parallel jobs of the forests (the result does not depend on it).
        background_cells: the number of training-area cells the negatives stand for (they may be
            a sample); weights of evidence scale their background counts by it, the other
            models weigh the classes to balance and do not need it.
        return_model: also return the fitted classifier (``(p, model)``).
    """
    pos = np.asarray(positives, dtype=np.int64).reshape(-1, 2)
    neg = np.asarray(negatives, dtype=np.int64).reshape(-1, 2)
    if len(pos) == 0 or len(neg) == 0:
        raise InputError("The training area holds {} deposit cells and {} background cells: both are needed."
                         .format(len(pos), len(neg)))
    cells = np.concatenate([pos, neg])
    x = feats[:, cells[:, 0], cells[:, 1]].T
    y = np.concatenate([np.ones(len(pos), np.int64), np.zeros(len(neg), np.int64)])
    clf = fit_rows(model, x, y, seed=seed, n_jobs=n_jobs, background_cells=background_cells)
    out = predict_cells_of(clf, feats, predict_cells)
    return (out, clf) if return_model else out


def fit_rows(model: str, x: np.ndarray, y: np.ndarray, seed: int = 0, n_jobs: int = -1, background_cells=None):
    """``model`` (one of :data:`MODELS`) fitted on the feature rows ``x`` (n, n_features) and labels ``y``
    (1 deposit, 0 background); the same rows and seed give the same model."""
    clf = _classifier(model, seed, n_jobs, background_cells)
    clf.fit(np.asarray(x), np.asarray(y, dtype=np.int64))
    return clf


def predict_cells_of(clf, feats: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """P(deposit) of ``cells`` ((m, 2) row/col) by a fitted classifier, in parts (bounded memory)."""
    pc = np.asarray(cells, dtype=np.int64).reshape(-1, 2)
    out = np.empty(len(pc), dtype=np.float64)
    for s in range(0, len(pc), 200_000):
        part = pc[s:s + 200_000]
        out[s:s + len(part)] = clf.predict_proba(feats[:, part[:, 0], part[:, 1]].T)[:, 1]
    return out


def feature_names(feature_set: str, band_names) -> list:
    """The names of :func:`features`' layers, e.g. ``gravity`` or ``gravity mean``."""
    if feature_set == "cells":
        return list(band_names)
    return ["{} {}".format(b, stat) for b in band_names for stat in ("mean", "std", "min", "max")]


def weight_rows(model, names) -> list:
    """The weights per layer of a fitted weights-of-evidence model (:meth:`wofe.WeightsOfEvidence.table`);
    [] for the other models."""
    from .wofe import WeightsOfEvidence

    return model.table(names) if isinstance(model, WeightsOfEvidence) else []


# -- the tile protocol's baselines (mfaf:comparemodels with a tile dataset) -----------------------
STAT_NAMES = ("mean", "std", "min", "max", "p90")  # per band and tile


def tile_band_statistics(x: np.ndarray) -> np.ndarray:
    """Per-tile, per-band mean, std, min, max and 90th percentile over the tile's valid cells.

    The tile dataset fills nodata cells with 0 and keeps no per-cell mask, so a cell is taken
    as nodata when every band is exactly 0 there (a valid normalised cell with all bands at
    exactly 0 is implausible); a tile without any such valid cell uses all its cells.

    Args:
        x: (n, bands, t, t) tiles.

    Returns:
        (n, bands * 5) float64 features, ordered band by band (mean, std, min, max, p90).
    """
    x = np.asarray(x, dtype=np.float64)
    n, bands = x.shape[:2]
    flat = x.reshape(n, bands, -1)
    valid = np.any(flat != 0, axis=1)  # (n, cells)
    valid[~valid.any(axis=1)] = True
    masked = np.where(valid[:, None, :], flat, np.nan)
    with np.errstate(all="ignore"):
        feats = np.stack([
            np.nanmean(masked, axis=2), np.nanstd(masked, axis=2), np.nanmin(masked, axis=2),
            np.nanmax(masked, axis=2), np.nanpercentile(masked, 90, axis=2),
        ], axis=2)
    return feats.reshape(n, bands * len(STAT_NAMES))


def fit_predict_classical(method: str, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray,
                          seed: int) -> np.ndarray:
    """Fit a seeded scikit-learn baseline on band statistics; return P(ore) of the test tiles.

    ``random_forest``: 300 trees, default depth; ``logistic_regression``: standardised features,
    L2 penalty, C = 1. Neither reweights classes: they see the same (augmented) training tiles
    as the networks, and the threshold stays 0.5.
    """
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    f_train = tile_band_statistics(x_train)
    f_test = tile_band_statistics(x_test)
    y_train = np.asarray(y_train).astype(int)
    if len(np.unique(y_train)) < 2:
        raise InputError("The training split holds only one class: the baselines cannot be fitted. "
                         "Make tiles with known deposits on both sides of the split.")
    if method == "random_forest":
        clf = RandomForestClassifier(n_estimators=300, random_state=int(seed), n_jobs=1)
    elif method == "logistic_regression":
        clf = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, random_state=int(seed)))
    else:
        raise ValueError("unknown classical method {!r}".format(method))
    clf.fit(f_train, y_train)
    return clf.predict_proba(f_test)[:, list(clf.classes_).index(1)]
