"""The method catalogue: every method a comparison can run, its name in reports, and the paper's tables.

* networks (:data:`NETWORKS`, the names of ``models.build_model``; ``mfaf_*`` are the paper's
  "ResNet18*" and "ShuffleNetV2*"), listed in the paper's Table 3 order; the 'Cross-validate'
  tool lists them in :data:`CV_NETWORKS` order (its default first; the order of a tool's list is
  part of saved scripts and models, so it stays);
* classical baselines of the held-out-tile protocol (:data:`TILE_BASELINES`: per-tile band
  statistics) and of the cross-validation (:data:`CELL_BASELINES`: ``<model>_<features>``, e.g.
  ``logistic_regression_cells``; fitted by :mod:`mfaf_plugin.evaluation.baselines`), and the
  cross-validation's :data:`COMBINED` method (:mod:`mfaf_plugin.evaluation.combined`);
* :data:`LABELS` and :func:`method_label`: every method's name in tables and reports;
* the paper's ablations (Tables 4-6: attention, beta sweep, dilation sets) and how their rows
  share runs (:class:`RunSpec`, :class:`Row`, :func:`plan_runs`, :func:`run_name`);
* :func:`parse_seeds`: training seeds from a tool's text.

Imports no torch (the algorithms list these names when the plugin loads).
"""

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from ..common.errors import InputError
from ..training.cell_training import PAPER_DILATION_SETS

__all__ = ["NETWORKS", "MFAF_NETWORKS", "CV_NETWORKS", "TILE_BASELINES", "TILE_METHODS", "CELL_MODELS",
           "FEATURE_SETS", "CELL_BASELINES", "COMBINED", "LABELS", "method_label", "ABLATIONS", "BETA_SWEEP", "DILATION_SETS",
           "DEFAULT_DILATIONS", "TABLE_FILES", "TABLE_TITLES", "RunSpec", "Row", "plan_runs", "run_name",
           "setting_text", "parse_seeds", "CLASSICAL_ALIASES"]

NETWORKS = ("mfaf_resnet18", "mfaf_shufflenetv2", "resnet18", "shufflenetv2", "googlenet", "mobilenetv2", "mnasnet")
MFAF_NETWORKS = tuple(m for m in NETWORKS if m.startswith("mfaf_"))
CV_NETWORKS = ("mfaf_shufflenetv2", "mfaf_resnet18", "resnet18", "shufflenetv2", "mobilenetv2", "mnasnet", "googlenet")
TILE_BASELINES = ("random_forest", "logistic_regression")
TILE_METHODS = NETWORKS + TILE_BASELINES  # the held-out-tile comparison's methods (Table 3)
CELL_MODELS = ("logistic_regression", "random_forest", "balanced_random_forest", "weights_of_evidence",
               "gradient_boosting")
FEATURE_SETS = ("cells", "window")
# the first three models on both feature sets (their order is part of saved scripts), then the ones
# added later: weights of evidence on cell values only (each window statistic would be one more
# layer, strongly dependent on the others), gradient boosting on both
CELL_BASELINES = (tuple("{}_{}".format(m, f) for f in FEATURE_SETS for m in CELL_MODELS[:3])
                  + ("weights_of_evidence_cells", "gradient_boosting_cells", "gradient_boosting_window"))
# one map from the network and the best inner-cross-validated classical method (evaluation/combined.py)
COMBINED = "combined"
_CELL_MODEL_LABELS = {"logistic_regression": "Logistic regression", "random_forest": "Random forest",
                      "balanced_random_forest": "Balanced random forest", "weights_of_evidence": "Weights of evidence",
                      "gradient_boosting": "Gradient boosting"}
LABELS = {
    "mfaf_resnet18": "ResNet18* (MFAF)",
    "mfaf_shufflenetv2": "ShuffleNetV2* (MFAF)",
    "resnet18": "ResNet18",
    "shufflenetv2": "ShuffleNetV2",
    "googlenet": "GoogLeNet",
    "mobilenetv2": "MobileNetV2",
    "mnasnet": "MnasNet",
    "random_forest": "Random forest (band statistics)",
    "logistic_regression": "Logistic regression (band statistics)",
    **{name: "{} ({})".format(_CELL_MODEL_LABELS[name.rsplit("_", 1)[0]], "cell values" if name.endswith("_cells")
                              else "window statistics")
       for name in CELL_BASELINES},
    COMBINED: "Combined (rank mean: network + best classical by inner CV)",
}
# the tile protocol's classical names, read in the cell framing as their window-statistics versions
CLASSICAL_ALIASES = {"random_forest": "random_forest_window", "logistic_regression": "logistic_regression_window"}
ABLATIONS = ("no_channel_attention", "no_spatial_attention", "beta_sweep", "dilation_sweep")
BETA_SWEEP = (0.0, 0.1, 0.4, 0.6, 0.7, 0.8)  # paper's Table 5
DILATION_SETS = PAPER_DILATION_SETS  # Table 6
DEFAULT_DILATIONS = (1, 6, 12, 18, 24)  # models.DEFAULT_DILATIONS (models/ imports torch)

TABLE_FILES = {
    "table3": "table3_methods.csv",
    "table4": "table4_attention.csv",
    "table5": "table5_beta.csv",
    "table6": "table6_dilation.csv",
}
TABLE_TITLES = {
    "table3": "Table 3: methods on the held-out tiles",
    "table4": "Table 4: attention ablation",
    "table5": "Table 5: self-distillation weight beta",
    "table6": "Table 6: dilation rates",
}

def method_label(method: str) -> str:
    """The method's name in tables and reports (its id when it has none, e.g. a named variant)."""
    return LABELS.get(method) or method


# -- the paper's tables: rows and the runs they need ----------------------------------------------
@dataclass(frozen=True)
class RunSpec:
    """One trained configuration (shared by every table row that needs it)."""

    method: str
    beta: Optional[float] = None  # None = the common BETA setting (deep) / not used (classical)
    dilations: Optional[Tuple[int, ...]] = None  # mfaf_* only; None = default
    channel_attention: bool = True
    spatial_attention: bool = True

    def key(self, default_beta: float) -> tuple:
        is_mfaf = self.method.startswith("mfaf_")
        # beta weighs the distillation between branches: single-branch networks do not use it
        beta = (default_beta if self.beta is None else self.beta) if is_mfaf else None
        return (self.method, beta, tuple(self.dilations or DEFAULT_DILATIONS) if is_mfaf else None,
                self.channel_attention if is_mfaf else None, self.spatial_attention if is_mfaf else None)

    def settings(self) -> dict:
        if not self.method.startswith("mfaf_"):
            return {}
        return {"dilations": list(self.dilations or DEFAULT_DILATIONS),
                "channel_attention": bool(self.channel_attention),
                "spatial_attention": bool(self.spatial_attention)}


@dataclass
class Row:
    table: str
    label: str
    spec: RunSpec
    setting: str = ""


def plan_runs(methods: Sequence[str], ablations: Sequence[str], ablation_base: str = "mfaf_resnet18",
              default_beta: float = 0.4, dilations: Sequence[int] = DEFAULT_DILATIONS) -> List[Row]:
    """Table rows (table id, label, run spec) for the chosen methods and ablations.

    Rows that need the same configuration share one run (see :meth:`RunSpec.key`): e.g. the
    full base model, beta = the common beta and the default dilation set are trained once.
    """
    for m in methods:
        if m not in TILE_METHODS:
            raise InputError("Unknown method '{}'; choose from {}.".format(m, ", ".join(TILE_METHODS)))
    for a in ablations:
        if a not in ABLATIONS:
            raise InputError("Unknown ablation '{}'; choose from {}.".format(a, ", ".join(ABLATIONS)))
    if ablations and not ablation_base.startswith("mfaf_"):
        raise InputError("The ablation base must be an MFAF model (mfaf_resnet18 or mfaf_shufflenetv2).")
    dil = tuple(int(d) for d in dilations)
    rows = []
    for m in methods:
        rows.append(Row("table3", LABELS[m], RunSpec(m, dilations=dil if m.startswith("mfaf_") else None)))
    base = LABELS[ablation_base]
    if "no_channel_attention" in ablations or "no_spatial_attention" in ablations:
        rows.append(Row("table4", base + " full", RunSpec(ablation_base, dilations=dil), "both attentions"))
        if "no_channel_attention" in ablations:
            rows.append(Row("table4", base + " without channel attention",
                            RunSpec(ablation_base, dilations=dil, channel_attention=False),
                            "channel attention off"))
        if "no_spatial_attention" in ablations:
            rows.append(Row("table4", base + " without spatial attention",
                            RunSpec(ablation_base, dilations=dil, spatial_attention=False),
                            "spatial attention off"))
    if "beta_sweep" in ablations:
        # the paper's beta = 0 row is the plain backbone; our beta = 0 is MFAF without self-distillation
        # (every branch still learns from the labels): both are listed, each under its own name
        backbone = ablation_base[len("mfaf_"):]
        rows.append(Row("table5", "{} (plain backbone: the paper's beta = 0)".format(LABELS[backbone]),
                        RunSpec(backbone), "no branches, no distillation"))
        for b in BETA_SWEEP:
            label = ("{} beta=0 (branches without self-distillation)".format(base) if b == 0
                     else "{} beta={:g}".format(base, b))
            rows.append(Row("table5", label, RunSpec(ablation_base, beta=b, dilations=dil), "beta={:g}".format(b)))
    if "dilation_sweep" in ablations:
        for i, d in enumerate(DILATION_SETS, start=1):
            rows.append(Row("table6", "{} rate {}".format(base, i), RunSpec(ablation_base, dilations=d),
                            "rate {}: {{{}}}".format(i, ",".join(map(str, d)))))
    return rows


def run_name(key: tuple) -> str:
    """The name of a run from its :meth:`RunSpec.key`, e.g. ``mfaf_resnet18 beta=0.4 dil=1-6-12-18-24``."""
    method, beta, dil, ca, sa = key
    parts = [method]
    if beta is not None:
        parts.append("beta={:g}".format(beta))
    if dil is not None:
        parts.append("dil={}".format("-".join(map(str, dil))))
    if ca is False:
        parts.append("no_channel_attention")
    if sa is False:
        parts.append("no_spatial_attention")
    return " ".join(parts)


def setting_text(key: tuple) -> str:
    """The setting part of :func:`run_name` (empty for a plain method)."""
    return run_name(key).split(" ", 1)[1] if " " in run_name(key) else ""


def parse_seeds(seeds) -> List[int]:
    """Training seeds from a list or a text such as '0,1,2' (distinct, 0 or more)."""
    if isinstance(seeds, str):
        parts = [s for s in seeds.replace(";", ",").replace(" ", ",").split(",") if s.strip()]
        try:
            seeds = [int(s) for s in parts]
        except ValueError as exc:
            raise InputError("Seeds must be whole numbers separated by commas, e.g. '0,1,2'; got '{}'."
                             .format(",".join(parts))) from exc
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise InputError("Give at least one seed, e.g. '0'.")
    if min(seeds) < 0:
        raise InputError("Seeds must be 0 or more, e.g. '0,1,2'; got {}.".format(min(seeds)))
    if len(set(seeds)) != len(seeds):
        raise InputError("The seeds repeat a value: give distinct seeds, e.g. '0,1,2'.")
    return seeds
