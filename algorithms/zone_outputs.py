"""The target zones and the "why here" of mfaf:predictprospectivity: parameters, layer, CSV and log.

Kept beside the algorithm (algorithms/predict_prospectivity.py calls :func:`add_zone_parameters`
and :func:`zone_outputs`) so that the numbered targets' code stays as it was.
"""

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from .i18n import tr
from .qgis_compat import DOUBLE, POLYGONS, WKB_POLYGON, new_field
from . import styling

ZONE_RULE = "ZONE_RULE"
ZONE_TOP_PERCENT = "ZONE_TOP_PERCENT"
OUTPUT_ZONES = "OUTPUT_ZONES"
OUTPUT_ZONES_CSV = "OUTPUT_ZONES_CSV"
ZONES = "ZONES"
GREENFIELD_ZONES = "GREENFIELD_ZONES"
ZONE_RULES = ("top_percent", "threshold")  # the enum's order: the share of the area first (the default)
EXPLAIN_LIMIT = 20  # zones explained per run (integrated gradients cost a second or so each)
EXPLAIN_TARGETS = 100  # drill targets explained per run: every one the report lists, up to this many
ORDER_ZONES = -2

_FIELDS = (("rank", int), ("zone_id", int), ("area_km2", float), ("cells", int), ("peak_probability", float),
           ("easting", float), ("northing", float), ("crs", str), ("longitude", float), ("latitude", float),
           ("mean_probability", float), ("mean_uncertainty", float), ("deposits", int), ("greenfield", int),
           ("nearest_deposit_km", float), ("why_here", str), ("top_evidence", str))


def add_zone_parameters(alg) -> None:
    """The zone rule, the share of the area, the zones layer and CSV, and the numbers of zones."""
    p = QgsProcessingParameterEnum(ZONE_RULE, tr("Target zones: prospective ground"),
                                   options=[tr("The most prospective share of the area"),
                                            tr("Score at or above the threshold")], defaultValue=0,
                                   optional=True)
    p.setHelp(tr("Target zones are connected groups of the map's pixels (its own resolution, not the model's "
                 "windows): either the pixels in the most prospective share of the predicted area (next "
                 "parameter) or those whose network score reaches the target threshold."))
    alg.addParameter(p)
    p = QgsProcessingParameterNumber(ZONE_TOP_PERCENT, tr("Target zones: share of the area (%)"), DOUBLE,
                                     defaultValue=5.0, minValue=0.01, maxValue=100.0, optional=True)
    p.setHelp(tr("With the first zone rule: the most prospective this many percent of the predicted area."))
    alg.addParameter(p)
    p = QgsProcessingParameterFeatureSink(OUTPUT_ZONES, tr("Target zones"), POLYGONS, optional=True,
                                          createByDefault=True)
    p.setHelp(tr("One polygon per zone on the stack's grid, ranked by peak score: area (km2), peak "
                 "score and the peak pixel's easting, northing, longitude and latitude, mean score and "
                 "uncertainty, known deposits inside, greenfield, distance from the peak to the nearest known "
                 "deposit (km), and for the first zones why there: the evidence that raises and lowers the "
                 "score at the peak, with signed contributions."))
    alg.addParameter(p)
    p = QgsProcessingParameterFileDestination(OUTPUT_ZONES_CSV, tr("Target zones (CSV)"), tr("CSV files (*.csv)"),
                                              optional=True, createByDefault=True)
    p.setHelp(tr("The target zones as a table (one row per zone, the same fields)."))
    alg.addParameter(p)
    alg.addOutput(QgsProcessingOutputNumber(ZONES, tr("Number of target zones")))
    alg.addOutput(QgsProcessingOutputNumber(GREENFIELD_ZONES, tr("Number of greenfield target zones")))


def zone_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in _FIELDS:
        fields.append(new_field(name, kind))
    return fields


def compute_zones(alg, parameters, context, result, deposits_xy):
    """The zones of the run by the user's rule (:func:`mfaf_plugin.prediction.zones.target_zones`)."""
    from ..mfaf_plugin.prediction.zones import target_zones

    rule = ZONE_RULES[alg.parameterAsEnum(parameters, ZONE_RULE, context)]
    share = alg.parameterAsDouble(parameters, ZONE_TOP_PERCENT, context)
    return target_zones(result, deposits_xy, rule, share)


def explain(result, model, device, zones, targets, feedback) -> dict:
    """"Why here" of the first :data:`EXPLAIN_LIMIT` zones and targets (greenfield targets first), each
    at its peak pixel; ``{}`` with a warning when it cannot be computed (e.g. captum missing)."""
    from ..mfaf_plugin.prediction.explain_run import explain_zones_and_targets

    try:
        return explain_zones_and_targets(result, model, device, zones["zones"], targets, EXPLAIN_LIMIT,
                                         EXPLAIN_TARGETS)
    except Exception as exc:  # the zones and targets are complete without it
        feedback.reportError(tr("Why here could not be computed: {}").format(exc))
        return {}


def write_zones(alg, parameters, context, feedback, layer, zones: dict, result) -> dict:
    """The zones layer (styled, labelled by rank) and CSV; their output values."""
    from ..mfaf_plugin.prediction.zones import write_zones_csv, zone_polygons

    out = {ZONES: len(zones["zones"]), GREENFIELD_ZONES: sum(1 for z in zones["zones"] if z["greenfield"] == 1)}
    sink, dest = alg.outputSink(parameters, OUTPUT_ZONES, context, zone_fields(), WKB_POLYGON, layer.crs())
    if sink is not None:
        polygons = zone_polygons(zones["labels"], result)
        for z in zones["zones"]:
            f = QgsFeature(zone_fields())
            geom = QgsGeometry()
            geom.fromWkb(polygons[z["zone_id"]])
            f.setGeometry(geom)
            f.setAttributes([z.get(name) for name, _ in _FIELDS])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        styling.close_sink(sink)
        del sink
        out[OUTPUT_ZONES] = dest
        styling.style_vector_output(context, dest, "target_zones.qml", tr("Target zones"), ORDER_ZONES, feedback)
    csv_path = alg.parameterAsFileOutput(parameters, OUTPUT_ZONES_CSV, context)
    if csv_path:
        out[OUTPUT_ZONES_CSV] = write_zones_csv(csv_path, zones["zones"], ("why_here", "top_evidence", "ig_gap"))
    feedback.pushInfo(tr("{} target zones ({}), {} of them greenfield.").format(
        out[ZONES], zones["rule"], out[GREENFIELD_ZONES]))
    return out
