"""mfaf:screenelements - rank elements by how well their concentrations pick out samples near deposits."""

import math

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterDistance,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsCoordinateReferenceSystem,
)

from ..mfaf_plugin.data import cleaning
from ..mfaf_plugin.data import screening
from ..mfaf_plugin.common.errors import InputError
from .base import MfafAlgorithm
from .i18n import tr
from .qgis_compat import ADVANCED, INTEGER, DOUBLE, POINTS, POLYGONS, TABLE, FIELD_ANY, WKB_NO_GEOMETRY, new_field
from .guidance import DEFAULT_SEED
from .layers import field_separator, read_points, require_projected

# -- cleaning parameters shared with mfaf:idwrasters ---------------------------------------------
BDL_RULE = "BDL_RULE"
NEGATIVE_RULE = "NEGATIVE_RULE"
BDL_OPTIONS = [("half", "Half the detection limit"), ("limit", "The detection limit"), ("zero", "Zero"),
               ("drop", "Drop the value (missing)")]
NEGATIVE_OPTIONS = [("below_detection", "Below detection: -L means '< L'"), ("missing", "Missing")]
CLEANING_HELP = (
    "Survey values are cleaned first: blanks, NULL, NaN and codes such as NA or n.d. are missing and left out "
    "of that element; '<L' below-detection strings (and negative values, read by default as the USGS-style code "
    "'-L' = below L) become half the detection limit (or the limit, zero, or missing, as chosen); '>U' strings "
    "become U. The log reports per element how many values each rule touched."
)


def add_cleaning_parameters(alg):
    """Add BDL_RULE and NEGATIVE_RULE (advanced) to ``alg``."""
    p = QgsProcessingParameterEnum(BDL_RULE, tr("Below-detection values ('<L') become"),
                                   options=[tr(label) for _, label in BDL_OPTIONS], defaultValue=0)
    p.setHelp(tr("How a below-detection value '<L' (and a negative below-detection code) is replaced: half the "
                 "detection limit L/2 (default), L, 0, or dropped as missing."))
    p.setFlags(p.flags() | ADVANCED)
    alg.addParameter(p)
    p = QgsProcessingParameterEnum(NEGATIVE_RULE, tr("Negative values are"),
                                   options=[tr(label) for _, label in NEGATIVE_OPTIONS], defaultValue=0)
    p.setHelp(tr("Some surveys (e.g. the USGS National Geochemical Survey) store '< L' as the negative number -L. "
                 "Read negative values as below detection |v| (default) or as missing."))
    p.setFlags(p.flags() | ADVANCED)
    alg.addParameter(p)


def cleaning_rules(alg, parameters, context) -> dict:
    """The cleaning keyword arguments chosen in ``parameters``."""
    return {
        "bdl_rule": BDL_OPTIONS[alg.parameterAsEnum(parameters, BDL_RULE, context)][0],
        "negative_rule": NEGATIVE_OPTIONS[alg.parameterAsEnum(parameters, NEGATIVE_RULE, context)][0],
    }


def read_element_values(alg, source, fields, target_crs, context, feedback, what):
    """Read points and the raw values of ``fields`` (empty: every element-like field).

    Returns ``(xy, raw values dict, field names)``; raises QgsProcessingException for an empty
    layer or a layer without numeric fields.
    """
    if source is None:
        raise QgsProcessingException(tr("The layer '{}' could not be read.").format(what))
    if source.featureCount() == 0:
        raise QgsProcessingException(tr("The layer '{}' has no features.").format(what))
    if fields:
        xy, raw = read_points(source, target_crs, context, fields=fields, feedback=feedback, what=what)
    else:
        all_fields = [f.name() for f in source.fields()]
        xy, raw = read_points(source, target_crs, context, fields=all_fields, feedback=feedback, what=what)
        numeric = [f.name() for f in source.fields() if f.isNumeric()]
        fields = cleaning.candidate_fields(raw, numeric=numeric)
        _log_identifiers(cleaning.identifier_fields(raw), feedback)
        if not fields:
            raise QgsProcessingException(
                tr("The layer '{}' has no numeric field (nor text field holding numbers) to use as an element: "
                   "choose the element fields.").format(what))
        skipped = [f for f in all_fields if f not in fields]
        if skipped:
            feedback.pushInfo(tr("Fields not used as elements: {}").format(", ".join(skipped)))
        raw = {f: raw[f] for f in fields}
    if len(xy) == 0:
        raise QgsProcessingException(tr("The layer '{}' has no point geometries.").format(what))
    return xy, raw, list(fields)


def _log_identifiers(found, feedback):
    """Name the identifier and coordinate columns left out of the elements, and why."""
    by_name = [f for f, why in found.items() if why == "name"]
    numbered = [f for f, why in found.items() if why == "numbering"]
    parts = ([tr("{} (by their names)").format(", ".join(by_name))] if by_name else []) + (
        [tr("{} (whole numbers rising in sample order)").format(", ".join(numbered))] if numbered else [])
    if parts:
        feedback.pushInfo(tr("Identifier and coordinate columns left out: {}.").format(", ".join(parts)))


def no_samples(parameters, key, feedback) -> bool:
    """True when no sample layer was given at all. The dialogs and qgis_process require one; only a
    model whose optional samples input is empty (the shipped pipeline on an area without
    geochemistry) gets here: the step is skipped, and the evidence stack uses the other layers."""
    value = parameters.get(key)
    if value not in (None, ""):
        return False
    feedback.pushInfo(tr("No geochemical samples given: this step is skipped; the evidence stack is built from "
                         "the other layers."))
    return True


def clean_and_report(raw, rules, feedback, what, separator=None, **extra):
    """Clean ``raw`` with ``rules`` and log what each rule did; ``separator``: the field separator
    of the delimited table the values come from (it tells how commas in numbers are meant)."""
    file_commas = cleaning.commas_of_separator(separator)
    values, reports = cleaning.clean_table(raw, layer_name=what, file_commas=file_commas, **rules, **extra)
    if file_commas:
        feedback.pushInfo(tr("'{}' is a '{}'-separated table: a comma in a number is read as a {} separator where "
                             "the field itself does not tell.").format(what, separator.replace("\t", "tab"),
                                                                         file_commas))
    feedback.pushInfo(tr("Cleaning of '{}' (rules: {}):").format(
        what, ", ".join("{}={}".format(k, v) for k, v in sorted({**rules, **extra}.items()))))
    for rep in reports:
        feedback.pushInfo("  " + rep.summary())
        if rep.n_implausible:
            feedback.pushWarning(tr(
                "Field '{}' of '{}' holds {} values of magnitude 1e15 or more, far beyond any concentration: probably "
                "a nodata code. Blank them (or declare the code) and run again.").format(rep.field, what,
                                                                                          rep.n_implausible))
    return values, {rep.field: rep for rep in reports}


class ScreenElementsAlgorithm(MfafAlgorithm):
    NAME = "screenelements"
    DISPLAY_NAME = "Screen elements by AUC (ZAUC)"
    GROUP_ID = "data"
    HELP = (
        "Stage 1 of MFAF. Samples near a known deposit are positives (within a radius, or the K samples nearest "
        "each deposit); all other samples, or a balanced random draw of them (seeded), are negatives. Each element's "
        "concentration is used as a score: its ROC AUC says how well it separates positives from negatives, and the "
        "Hanley-McNeil statistic ZAUC = (AUC - 0.5) / SE tests it against chance. Elements with ZAUC above the "
        "critical value (2.58: significance 0.01) are selected.\n\n"
        "Direction: an AUC below 0.5 means low values indicate ore; such an element is reported with direction -1 "
        "and the AUC of its negated values (1 - AUC), so AUC >= 0.5 in the table.\n\n"
        + CLEANING_HELP + " A missing value leaves that sample out of that element's AUC only.\n\n"
        "Outputs: a table (element, auc, zauc, n_pos, n_neg, direction, selected, cleaning counts) and "
        "'Selected elements', a comma-separated list that 'IDW element rasters' takes as its 'Element names "
        "(comma-separated)'. Layers in different CRSs are transformed to the samples' CRS, which must be projected."
    )

    INPUT = "INPUT"
    FIELDS = "FIELDS"
    DEPOSITS = "DEPOSITS"
    POSITIVE_RULE = "POSITIVE_RULE"
    RADIUS = "RADIUS"
    K_NEAREST = "K_NEAREST"
    NEGATIVES = "NEGATIVES"
    CRITICAL_Z = "CRITICAL_Z"
    SEED = "SEED"
    HELD_OUT = "HELD_OUT"
    OUTPUT = "OUTPUT"
    SELECTED_FIELDS = "SELECTED_FIELDS"
    DEPOSITS_USED = "DEPOSITS_USED"

    def initAlgorithm(self, config=None):  # noqa: N802
        p = QgsProcessingParameterFeatureSource(self.INPUT, tr("Sample points"), [POINTS])
        p.setHelp(tr("Geochemical sample points with one field per element (projected CRS)."))
        self.addParameter(p)
        p = QgsProcessingParameterField(self.FIELDS, tr("Element fields"), parentLayerParameterName=self.INPUT,
                                        type=FIELD_ANY, allowMultiple=True, optional=True)
        p.setHelp(tr("Fields to screen. Empty: every numeric field, and every text field whose values are numbers "
                     "or '<L' strings, except identifiers and coordinates (fid, id, x, y, lon, lat, ...)."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSource(self.DEPOSITS, tr("Known deposits"), [POINTS])
        p.setHelp(tr("Known deposit or occurrence points (any CRS; transformed to the samples' CRS)."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.POSITIVE_RULE, tr("Positive samples"),
                                       options=[tr("Within the radius of a deposit"),
                                                tr("The K samples nearest each deposit")], defaultValue=0)
        p.setHelp(tr("How samples are labelled positive: every sample within the radius of a deposit, or the K "
                     "nearest samples of each deposit."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterDistance(self.RADIUS, tr("Radius around deposits"), defaultValue=1000.0,
                                           parentParameterName=self.INPUT, minValue=0.0)
        p.setHelp(tr("A sample within this distance (map units of the samples' CRS) of a deposit is positive."))
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.K_NEAREST, tr("K nearest samples per deposit"),
                                         INTEGER, defaultValue=5, minValue=1)
        p.setHelp(tr("With the nearest-samples rule: how many samples nearest each deposit are positive."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterEnum(self.NEGATIVES, tr("Negative samples"),
                                       options=[tr("All other samples"),
                                                tr("A balanced random draw of the other samples")], defaultValue=0)
        p.setHelp(tr("Negatives are all non-positive samples, or as many of them as there are positives, drawn at "
                     "random with the seed."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.CRITICAL_Z, tr("Critical ZAUC"), DOUBLE,
                                         defaultValue=2.58, minValue=0.0)
        p.setHelp(tr("Elements with ZAUC above this are selected (2.58: significance 0.01; 1.96: 0.05)."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        p = QgsProcessingParameterNumber(self.SEED, tr("Random seed"), INTEGER,
                                         defaultValue=DEFAULT_SEED, minValue=0)
        p.setHelp(tr("Seed of the balanced random draw of negatives (same seed, same draw)."))
        p.setFlags(p.flags() | ADVANCED)
        self.addParameter(p)
        add_cleaning_parameters(self)
        p = QgsProcessingParameterFeatureSource(self.HELD_OUT, tr("Held-out areas (screen on training deposits only)"),
                                                [POLYGONS], optional=True)
        p.setHelp(tr("Optional polygons of held-out ground, e.g. the fold blocks written by 'Cross-validate (spatial "
                     "folds)' (filter one fold) or the test cells of 'Make labelled tiles'. Samples and deposits "
                     "inside them are left out, so the elements are chosen without looking at the ground the "
                     "evaluation holds out. The log and the table say which deposits were used."))
        self.addParameter(p)
        p = QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Element screening table"), TABLE)
        p.setHelp(tr("One row per element: AUC, ZAUC, sample counts, direction, selected, cleaning counts."))
        self.addParameter(p)
        self.addOutput(QgsProcessingOutputString(self.SELECTED_FIELDS, tr("Selected elements")))
        self.addOutput(QgsProcessingOutputString(self.DEPOSITS_USED, tr("Deposits used for screening")))

    def execute(self, parameters, context, feedback):
        if no_samples(parameters, self.INPUT, feedback):  # a pipeline run without geochemistry
            return {self.OUTPUT: None, self.SELECTED_FIELDS: ""}
        progress, is_canceled = self.callbacks(feedback)
        source = self.parameterAsSource(parameters, self.INPUT, context)
        deposits = self.parameterAsSource(parameters, self.DEPOSITS, context)
        what = source.sourceName() if source is not None else self.INPUT
        dep_what = deposits.sourceName() if deposits is not None else self.DEPOSITS
        fields = self.parameterAsFields(parameters, self.FIELDS, context)
        crs = source.sourceCrs()
        require_projected(crs, tr("The sample layer '{}'").format(what))
        xy, raw, fields = read_element_values(self, source, fields, crs, context, feedback, what)
        if deposits is None or deposits.featureCount() == 0:
            raise QgsProcessingException(tr("The deposit layer '{}' has no features.").format(dep_what))
        dep_xy, _ = read_points(deposits, crs, context, feedback=feedback, what=dep_what)
        xy, raw, dep_xy, used = self._leave_out_held_out(parameters, context, crs, xy, raw, dep_xy, feedback)
        progress(0.1)
        rules = cleaning_rules(self, parameters, context)
        separator = field_separator(self.parameterAsVectorLayer(parameters, self.INPUT, context))
        values, reports = clean_and_report(raw, rules, feedback, what, separator)
        rule = screening.POSITIVE_RULES[self.parameterAsEnum(parameters, self.POSITIVE_RULE, context)]
        mode = screening.NEGATIVE_MODES[self.parameterAsEnum(parameters, self.NEGATIVES, context)]
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        k = self.parameterAsInt(parameters, self.K_NEAREST, context)
        try:
            positive = screening.label_positives(xy, dep_xy, rule=rule, radius=radius, k=k)
        except InputError as exc:
            raise QgsProcessingException(tr("Samples '{}', deposits '{}': {}").format(what, dep_what, exc)) from exc
        negative = screening.choose_negatives(positive, mode, self.parameterAsInt(parameters, self.SEED, context))
        feedback.pushInfo(tr("{} positive and {} negative samples of {}").format(
            int(positive.sum()), int(negative.sum()), len(positive)))
        critical = self.parameterAsDouble(parameters, self.CRITICAL_Z, context)
        scores = screening.screen_elements(values, positive, negative, critical_z=critical,
                                           progress=lambda f: progress(0.1 + 0.8 * f), is_canceled=is_canceled)
        for s in scores:
            if not math.isfinite(s.auc):
                feedback.pushWarning(tr("Element '{}' has no valid value among the positives or the negatives: "
                                        "not scored.").format(s.element))
        feedback.pushInfo(tr("Element screening (critical ZAUC {}):").format(critical))
        feedback.pushInfo(screening.format_table(scores))

        out_fields = QgsFields()
        for name, kind in (("element", str), ("auc", float), ("zauc", float),
                           ("n_pos", int), ("n_neg", int), ("direction", int),
                           ("selected", bool), ("n_missing", int), ("n_below_dl", int),
                           ("n_negative", int), ("n_dropped", int)):
            out_fields.append(new_field(name, kind))
        out_fields.append(new_field("deposits_used", str))
        sink, dest_id = self.outputSink(parameters, self.OUTPUT, context, out_fields, WKB_NO_GEOMETRY,
                                             QgsCoordinateReferenceSystem())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for s in scores:
            rep = reports[s.element]
            feat = QgsFeature(out_fields)
            feat.setAttributes([s.element, None if math.isnan(s.auc) else s.auc,
                                None if math.isnan(s.zauc) else (s.zauc if math.isfinite(s.zauc) else 1e300),
                                s.n_pos, s.n_neg, s.direction, bool(s.selected), rep.n_missing,
                                rep.n_below_detection, rep.n_negative, rep.n_dropped, used])
            sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
        selected = ",".join(s.element for s in scores if s.selected)
        if not selected:
            feedback.pushWarning(tr("No element exceeds the critical ZAUC {}.").format(critical))
        progress(1.0)
        return {self.OUTPUT: dest_id, self.SELECTED_FIELDS: selected, self.DEPOSITS_USED: used}

    def _leave_out_held_out(self, parameters, context, crs, xy, raw, dep_xy, feedback):
        """Drop the samples and deposits inside the held-out polygons; say which deposits are used."""
        import numpy as np

        from .layers import points_inside

        areas = self.parameterAsSource(parameters, self.HELD_OUT, context)
        if areas is None:
            used = tr("all {} deposits (no held-out areas given)").format(len(dep_xy))
            feedback.pushInfo(tr("Deposits used for screening: {}.").format(used))
            return xy, raw, dep_xy, used
        both = np.vstack([np.asarray(xy, float).reshape(-1, 2), np.asarray(dep_xy, float).reshape(-1, 2)])
        inside = points_inside(areas, both, crs, context)  # the polygons are read and transformed once
        keep, keep_dep = ~inside[:len(xy)], ~inside[len(xy):]
        if not keep_dep.any():
            raise QgsProcessingException(tr("Every deposit lies inside the held-out areas: nothing is left to screen "
                                            "with."))
        used = tr("training deposits only: {} of {} ({} inside the held-out areas left out, with {} samples)").format(
            int(keep_dep.sum()), len(dep_xy), int((~keep_dep).sum()), int((~keep).sum()))
        feedback.pushInfo(tr("Deposits used for screening: {}.").format(used))
        raw = {k: [v for v, ok in zip(vals, keep) if ok] for k, vals in raw.items()}
        return np.asarray(xy)[keep], raw, np.asarray(dep_xy)[keep_dep], used
