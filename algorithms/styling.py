"""Styles that travel with the outputs, however they were made (dialog, modeler, qgis_process).

* Rasters get a QML sidecar ``<name>.qml`` beside the file, which QGIS applies whenever it
  opens ``<name>.tif`` (Layer > Add Layer, drag and drop, qgis_process results opened later).
* GeoPackage layers get the style saved in the GeoPackage's ``layer_styles`` table as the
  layer's default, which QGIS applies whenever it opens the layer. Other vector files (e.g. a
  Shapefile) get a QML sidecar like rasters; memory layers get nothing to store.
* When Processing loads the outputs into the project, :func:`style_on_load` applies the same
  style and puts the layers of one run in a sensible order (cells above the probability map).

Writing a style never fails an algorithm: the data are complete before it is written, so a
problem is reported as a warning.
"""

import os

from qgis.core import QgsProcessingLayerPostProcessorInterface, QgsVectorLayer

from .base import PLUGIN_DIR
from .i18n import tr
from .qgis_compat import stores_styles

STYLES_DIR = os.path.join(PLUGIN_DIR, "resources", "styles")
BAND_TEMPLATE = "band_gray.qml"  # one band in grey, stretched from <minValue>0 to <maxValue>1

# order of the layers of one run in the Layers panel: a smaller number is drawn above
ORDER_TARGETS = -1
ORDER_CELLS = 0
ORDER_RASTER = 10

# QGIS keeps only a C++ pointer to a post-processor: the Python object must outlive the
# algorithm run (it is called after processAlgorithm returns), so keep references here.
_POST_PROCESSORS = []


def qml_path(qml_name: str) -> str:
    """The shipped style ``resources/styles/<qml_name>``."""
    return os.path.join(STYLES_DIR, qml_name)


def sidecar_path(path: str) -> str:
    """``/x/name.tif`` -> ``/x/name.qml``: the style file QGIS loads with the data file."""
    return os.path.splitext(path)[0] + ".qml"


def _warn(feedback, what, error):
    if feedback is not None:
        feedback.pushWarning(tr("The style of {} could not be saved ({}); the data are complete.").format(what, error))


SCORE_TEMPLATE = "probability.qml"  # the score raster's renderer; its colour classes are written per run
SCORE_CLASSES = ((None, "#313695", "lower half of the map"), (0.50, "#abd9e9", "top 50 % of the map"),
                 (0.20, "#ffffbf", "top 20 %"), (0.10, "#fdae61", "top 10 %"), (0.05, "#f46d43", "top 5 %"),
                 (0.01, "#a50026", "top 1 %"))  # (share of the map scoring as high, colour, legend words)


def score_classes(scores, calibration=None):
    """The score raster's legend: ``[(upper score, colour, label)]``, one class per share of the map of
    :data:`SCORE_CLASSES` (scores at the 50, 80, 90, 95 and 99th percentiles of ``scores``, the scored
    pixels), each label naming its share and score range and, with a calibration, the chance of a
    deposit at the class's lower score."""
    import numpy as np

    from ..mfaf_plugin.scoring.calibration import apply_calibration

    v = np.asarray(scores, dtype=float)
    v = v[np.isfinite(v)]
    if not len(v):
        return []
    lows = [float(v.min())] + [float(np.quantile(v, 1.0 - share)) for share, _c, _l in SCORE_CLASSES[1:]]
    highs = lows[1:] + [float("inf")]
    out = []
    for (share, colour, words), low, high in zip(SCORE_CLASSES, lows, highs):
        label = "{} (score {:.2f}{})".format(words, low, " and above" if high == float("inf") else
                                            " to {:.2f}".format(high))
        if calibration:
            chance = float(apply_calibration(calibration, [low])[0])
            label += tr(", chance of a deposit {:.1f} %").format(100.0 * chance)
        out.append((high, colour, label))
    return out


def save_score_style(path: str, calibration=None, feedback=None) -> str:
    """Sidecar of a prediction's score raster: band 1 in colour classes of shares of the map
    (:func:`score_classes`, read from the raster's own scores), opaque, so that the legend names
    every colour on the map in words ("top 5 % (score 0.61 to 0.74)")."""
    import re

    from osgeo import gdal

    from ..mfaf_plugin.common.run_outputs import current_path

    try:
        ds = gdal.Open(current_path(path))  # the staged file while the run has not committed
        band = ds.GetRasterBand(1)
        scale = max(1, int((ds.RasterXSize * ds.RasterYSize / 4e6) ** 0.5))
        a = band.ReadAsArray(buf_xsize=max(1, ds.RasterXSize // scale), buf_ysize=max(1, ds.RasterYSize // scale))
        nodata = band.GetNoDataValue()
        ds = None
        classes = score_classes(a[a != nodata] if nodata is not None else a, calibration)
    except Exception as exc:  # noqa: BLE001 (unreadable: the shipped 0-1 ramp stays)
        _warn(feedback, path, exc)
        classes = []
    with open(qml_path(SCORE_TEMPLATE), encoding="utf-8") as fh:
        text = fh.read()
    if classes:
        items = "".join('<item value="{}" color="{}" label="{}" alpha="255"/>'.format(
            "inf" if high == float("inf") else repr(high), colour, label.replace("&", "&amp;"))
            for high, colour, label in classes)
        text = re.sub(r"(<item [^>]*/>\s*)+", items, text, count=1)
        text = text.replace('colorRampType="INTERPOLATED"', 'colorRampType="DISCRETE"')
        text = text.replace('classificationMode="1"', 'classificationMode="2"')
        text = text.replace('useContinuousLegend="1"', 'useContinuousLegend="0"')
    return _write_sidecar(path, text, feedback)


def save_band_style(path: str, band: int = 1, feedback=None) -> str:
    """Sidecar for a multi-band evidence or element raster: band ``band`` in grey, stretched from
    its minimum to its maximum (QGIS would otherwise show bands 1-3 as red, green and blue)."""
    from osgeo import gdal

    from ..mfaf_plugin.common.run_outputs import current_path

    low, high = 0.0, 1.0
    try:
        ds = gdal.Open(current_path(path))  # the staged file while the run has not committed
        low, high = ds.GetRasterBand(band).ComputeRasterMinMax(False)
        ds = None
    except Exception:  # noqa: BLE001 (no valid cell, unreadable: the 0-1 stretch stays)
        pass
    with open(qml_path(BAND_TEMPLATE), encoding="utf-8") as fh:
        text = fh.read()
    text = text.replace('grayBand="1"', 'grayBand="{}"'.format(band))
    text = text.replace("<minValue>0</minValue>", "<minValue>{!r}</minValue>".format(float(low)))
    text = text.replace("<maxValue>1</maxValue>", "<maxValue>{!r}</maxValue>".format(float(high)))
    return _write_sidecar(path, text, feedback)


def _write_sidecar(path, text, feedback) -> str:
    target = sidecar_path(path)
    try:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        _warn(feedback, path, exc)
        return ""
    return target


def _save_sidecar(layer, path, feedback) -> str:
    target = sidecar_path(path)
    message, ok = layer.saveNamedStyle(target)
    if not ok:
        _warn(feedback, path, message)
        return ""
    return target


def close_sink(sink) -> None:
    """Close a feature sink now (flush and release its file): dropping the Python name is not
    enough while the run's output staging still holds a reference to it."""
    from qgis.PyQt import sip

    if sink is not None and not sip.isdeleted(sink):
        sip.delete(sink)


def save_vector_style(destination: str, qml_name: str, style_name: str, feedback=None) -> str:
    """Store the shipped style ``qml_name`` with the vector output ``destination`` (a sink's
    destination id): as the default style in a GeoPackage's ``layer_styles`` table, or as a QML
    sidecar of another file format. Returns where it went ('' for none, e.g. a memory layer).

    Call it after the sink is closed (:func:`close_sink`), so that the file is complete.
    """
    from ..mfaf_plugin.common.run_outputs import current_path

    final = (destination or "").split("|")[0]
    path = current_path(final) if final else final  # the staged file while the run has not committed
    if not path or not os.path.isfile(path):
        return ""  # memory layer or other non-file output: styled when loaded (style_on_load)
    layer = QgsVectorLayer(path + destination[len(final):], style_name, "ogr")
    if not layer.isValid():
        _warn(feedback, destination, tr("not readable"))
        return ""
    message, ok = layer.loadNamedStyle(qml_path(qml_name))
    if not ok:
        _warn(feedback, destination, message)
        return ""
    if path.lower().endswith(".gpkg") and stores_styles(layer):
        error = layer.saveStyleToDatabase(style_name, tr("MFAF prospectivity style"), True, "")
        if error:
            _warn(feedback, destination, error)
            return ""
        return final
    return _save_sidecar(layer, final, feedback)


class _LoadStyle(QgsProcessingLayerPostProcessorInterface):
    """Apply a QML style to an output layer when QGIS loads it, and order the run's layers."""

    def __init__(self, qml, order, run):
        super().__init__()
        self.qml = qml
        self.order = order
        self.run = run  # {layer id: order} of the layers of this run loaded so far

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if layer is None or not layer.isValid():
            return
        if os.path.exists(self.qml):
            layer.loadNamedStyle(self.qml)
            layer.triggerRepaint()
        self.run[layer.id()] = self.order
        project = context.project()
        root = project.layerTreeRoot() if project is not None else None
        node = root.findLayer(layer.id()) if root is not None else None
        if node is not None:
            place_in_order(node, self.run)


def place_in_order(node, orders: dict) -> None:
    """Move the layer-tree ``node`` among its siblings so that the layers listed in ``orders``
    ({layer id: order}) stand in ascending order (a smaller order above)."""
    parent = node.parent()
    children = parent.children()
    current = children.index(node)
    mine = orders[node.layerId()]
    ranked = [(i, orders.get(getattr(c, "layerId", lambda: None)())) for i, c in enumerate(children)]
    above = [i for i, o in ranked if i != current and o is not None and o <= mine]
    below = [i for i, o in ranked if i != current and o is not None and o > mine]
    if (not above or max(above) < current) and (not below or min(below) > current):
        return  # already in place
    position = max(above) + 1 if above else min(below)
    parent.insertChildNode(position, node.clone())
    parent.removeChildNode(node)


def style_on_load(context, layer_id, qml_name, order, run=None) -> dict:
    """Have Processing apply ``qml_name`` (shipped style, or a full path) to output ``layer_id``
    when it loads it and place it by ``order`` among the layers of the same run (``run``: the dict returned by the first call of
    that run). Does nothing when the output is not loaded (qgis_process, batch, models)."""
    run = {} if run is None else run
    if not layer_id or not context.willLoadLayerOnCompletion(layer_id):
        return run
    post = _LoadStyle(qml_name if os.path.isabs(qml_name) else qml_path(qml_name), order, run)
    _POST_PROCESSORS.append(post)
    del _POST_PROCESSORS[:-32]  # runs of long ago have loaded their layers already
    context.layerToLoadOnCompletionDetails(layer_id).setPostProcessor(post)
    return run


def style_band_output(context, path, feedback) -> None:
    """An evidence or element raster: grey band-1 sidecar, applied too when Processing loads it."""
    sidecar = save_band_style(path, 1, feedback)
    if sidecar:
        style_on_load(context, path, sidecar, ORDER_RASTER)


def style_vector_output(context, destination, qml_name, style_name, order, feedback, run=None) -> dict:
    """A vector output: style stored with the data (:func:`save_vector_style`) and applied on load."""
    save_vector_style(destination, qml_name, style_name, feedback)
    return style_on_load(context, destination, qml_name, order, run)
