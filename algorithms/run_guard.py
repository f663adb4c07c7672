"""What every MFAF algorithm run does around its work: its outputs as one unit.

Before any work the destination parameters are resolved (without QGIS side effects) and
compared with every file an input reads (``layers.files_read``: the file behind a layer URI,
the CSV behind an OGR VRT, the rasters of a GDAL VRT, a shapefile's sidecars; compared as the
same file on disk, links and all): an output that is one of them, or two outputs naming one
file, are refused. Each output file is then
locked (``mfaf_plugin.common.run_outputs.lock_outputs``: a second run on the same output is refused), the
temporaries and lock files that killed runs left in the output folders are removed and named in
the log, and the run's writes are staged and renamed
into place together only when the whole run succeeded (``mfaf_plugin.common.run_outputs.run_outputs``).
Feature sinks take part through :func:`staged_sink`.
"""

import contextlib
import math
import os

from qgis.core import (
    QgsMapLayer,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingUtils,
    QgsProperty,
)

from ..mfaf_plugin.common import run_outputs as outputs
from .i18n import tr
from .layers import files_read

_LAYER_TYPES = ("raster", "vector", "source", "layer", "mesh", "pointcloud")
_NOT_FILES = ("memory:", "ogr:", "postgres:", "postgis:", "spatialite:", "mssql:", "oracle:", "hana:",
              "/vsi", "TEMPORARY_OUTPUT")


def _text(value, context):
    """A parameter value (property, definition, layer or plain) as text."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source
    if isinstance(value, QgsProperty):
        value = value.valueAsString(context.expressionContext())
        value = value[0] if isinstance(value, tuple) else value  # PyQGIS returns (text, ok)
    if isinstance(value, QgsMapLayer):
        value = value.source()
    return "" if value is None else str(value).strip()


def _file_path(text):
    """The file a source or destination string names, or None (memory layers, databases, URLs)."""
    text = (text or "").split("|")[0].strip()
    if not text or text.startswith(_NOT_FILES) or "://" in text or "dbname=" in text:
        return None
    return os.path.abspath(text)


def _layer_files(value, context):
    """``[(file, source)]``: every file a layer parameter's value reads, with the source naming it."""
    if isinstance(value, QgsMapLayer):
        text, provider = value.source(), value.providerType()
    else:
        text, provider = _text(value, context), ""
        if text and not os.path.exists(text.split("|")[0]):
            # a layer id or name of the project or the context (never loads a new layer)
            layer = QgsProcessingUtils.mapLayerFromString(text, context, False)
            if layer is not None:
                text, provider = layer.source(), layer.providerType()
    files = files_read(text, provider)
    return [(f, files[0]) for f in files]


def destinations(alg, parameters, context):
    """``[(definition, path, is_folder)]`` of the destination parameters that name a file or folder."""
    found = []
    for d in alg.destinationParameterDefinitions():
        value = parameters.get(d.name(), d.defaultValue())
        path = _file_path(_text(value, context))
        if path:
            found.append((d, path, d.type() == "folderDestination"))
    return found


def input_files(alg, parameters, context):
    """``[(definition, file, source)]`` of every file the inputs read (``source``: the file or
    layer the parameter names, through which ``file`` is read)."""
    found = []
    for d in alg.parameterDefinitions():
        if d.isDestination() or parameters.get(d.name()) in (None, "", []):
            continue
        value = parameters[d.name()]
        if d.type() == "file":
            files = files_read(alg.parameterAsFile(parameters, d.name(), context))
            pairs = [(f, files[0]) for f in files]
        elif d.type() in _LAYER_TYPES:
            pairs = _layer_files(value, context)
        elif d.type() == "multilayer":
            values = value if isinstance(value, (list, tuple)) else [value]
            pairs = [p for v in values for p in _layer_files(v, context)]
        else:
            continue
        found += [(d, f, src) for f, src in pairs]
    return found


def _same(a, b):
    if os.path.exists(a) and os.path.exists(b):
        return os.path.samefile(a, b)
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _variants(d, path):
    """The path, and with the parameter's default extension when it has none (``tiles`` ->
    ``tiles.npz``: the form the algorithm may write)."""
    ext = d.defaultFileExtension() if hasattr(d, "defaultFileExtension") else ""
    if ext and not os.path.splitext(path)[1]:
        return [path, "{}.{}".format(path, ext)]
    return [path]


def refuse_overlaps(outs, ins):
    """Refuse an output that names an input, names an existing folder, or another output's file."""
    seen = []
    for d, path, is_folder in outs:
        if not is_folder and os.path.isdir(path):
            raise QgsProcessingException(tr("The output '{}' names the folder '{}'; give a file name.").format(
                d.description(), path))
        for d_in, read, src in ins:
            if any(_same(p, read) for p in _variants(d, path)):
                what = read if _same(read, src) else tr("{}, read through {}").format(read, src)
                raise QgsProcessingException(tr(
                    "The output '{}' is the input '{}' ({}): writing it would destroy that input. Choose another "
                    "file name for the output.").format(d.description(), d_in.description(), what))
        for d_other, other in seen:
            if _same(path, other):
                raise QgsProcessingException(tr("The outputs '{}' and '{}' name the same file {}: give each its own "
                                                "file.").format(d_other.description(), d.description(), path))
        seen.append((d, path))


@contextlib.contextmanager
def guarded_run(alg, parameters, context, feedback):
    """Refuse overlapping outputs, lock the outputs, clean stale temporaries, then run the block
    with its outputs staged and committed together."""
    outs = destinations(alg, parameters, context)
    refuse_overlaps(outs, input_files(alg, parameters, context))
    files = [p for d, path, is_folder in outs if not is_folder for p in _variants(d, path)]
    folders = [path for _d, path, is_folder in outs if is_folder]
    _clean_leftovers([os.path.dirname(path) for _d, path, _f in outs] + folders, feedback)
    with outputs.lock_outputs([path for _d, path, _f in outs]):
        removed = outputs.clean_stale_parts(files, folders)
        if removed:
            feedback.pushInfo(tr("Removed {} temporary files left by an interrupted run.").format(removed))
        with outputs.run_outputs(files, folders):
            yield


def _clean_leftovers(folders, feedback):
    """Remove what killed runs left in the output folders (before this run takes its locks) and say so."""
    found = outputs.clean_leftovers(folders)
    if found:
        feedback.pushInfo(tr("Removed what interrupted runs (process {}) left beside the outputs: {} temporary files "
                             "and {} lock files.").format(", ".join(map(str, sorted(found.pids))), found.parts,
                                                          found.locks))


def staged_sink(alg, parameters, name, context, fields, geometry_type, crs):
    """``alg.parameterAsSink`` whose file is written in a hidden temporary folder beside the
    destination and moved into place with the run's other outputs. Returns ``(sink, id)``; the
    id is the destination's (what the algorithm returns and QGIS loads)."""
    run = outputs.active_run()
    value = parameters.get(name)
    dest = _file_path(_text(value, context))
    if run is None or dest is None or not run.owns(dest) or not os.path.splitext(dest)[1]:
        return alg.parameterAsSink(parameters, name, context, fields, geometry_type, crs)
    folder = outputs.new_part(dest)
    os.makedirs(folder)
    tmp = os.path.join(folder, os.path.basename(dest))
    definition = QgsProcessingOutputLayerDefinition(value) if isinstance(
        value, QgsProcessingOutputLayerDefinition) else QgsProcessingOutputLayerDefinition(dest)
    definition.sink = QgsProperty.fromValue(tmp)
    sink, sink_id = alg.parameterAsSink({**parameters, name: definition}, name, context, fields, geometry_type, crs)
    if sink is None:
        outputs.remove_entry(folder)
        return None, None
    layers = context.layersToLoadOnCompletion()
    if sink_id in layers:  # load the final file, not the temporary one
        layers[sink_id.replace(tmp, dest)] = layers.pop(sink_id)
        context.setLayersToLoadOnCompletion(layers)

    def close():
        from qgis.PyQt import sip

        if not sip.isdeleted(sink):
            sip.delete(sink)

    def commit():
        for entry in sorted(os.listdir(folder)):  # e.g. a shapefile's .shp, .shx, .dbf, .prj, .cpg
            os.replace(os.path.join(folder, entry), os.path.join(os.path.dirname(dest), entry))
        outputs.remove_entry(folder)

    run.before_commit(close)
    run.stage(dest, tmp, commit, [folder])
    return sink, sink_id.replace(tmp, dest)


def accept_enum_names(alg, parameters):
    """A copy of ``parameters`` in which every single-choice enum value is in the form its
    parameter expects: an option's name for one declared with static strings, its index
    otherwise; so that scripts may write either (DEVICE=cuda or DEVICE=2)."""
    fixed = dict(parameters)
    for d in alg.parameterDefinitions():
        value = fixed.get(d.name())
        if not isinstance(d, QgsProcessingParameterEnum) or d.allowMultiple() or value is None:
            continue
        options = d.options()
        text = str(value).strip()
        if d.usesStaticStrings() and text.lstrip("-").isdigit() and 0 <= int(text) < len(options):
            fixed[d.name()] = options[int(text)]
        elif not d.usesStaticStrings() and isinstance(value, str) and text in options:
            fixed[d.name()] = options.index(text)
    return fixed


def enum_refusal(alg, parameters, context):
    """A message naming the choices of the first single-choice enum whose value is not one, or None."""
    for d in alg.parameterDefinitions():
        value = parameters.get(d.name())
        if isinstance(d, QgsProcessingParameterEnum) and not d.allowMultiple() and value is not None \
                and not d.checkValueIsAcceptable(value, context):
            return tr("'{}' must be one of {} (or its number, 0 to {}); got '{}'.").format(
                d.description(), ", ".join(d.options()), len(d.options()) - 1, value)
    return None


_NUMBER_TYPES = ("number", "distance", "duration", "scale")


def _number(value):
    """A number parameter's value as a float, or None for what QGIS itself judges (text that is no
    number, an expression, a model input)."""
    if isinstance(value, QgsProperty) or isinstance(value, bool):
        return None
    try:
        return float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None


def _allowed(d):
    """The range of a number parameter in words: "from 0 to 1", "at least 2", "at most 9"."""
    low, high = d.minimum(), d.maximum()
    fmt = "{:g}".format
    if low > -1e300 and high < 1e300:
        return tr("from {} to {}").format(fmt(low), fmt(high))
    return tr("at least {}").format(fmt(low)) if low > -1e300 else tr("at most {}").format(fmt(high))


def number_refusal(alg, parameters):
    """A message naming the first number parameter whose value is NaN or infinite, or outside the
    range its definition sets (the range the dialog shows); None when every number is fine."""
    for d in alg.parameterDefinitions():
        if d.type() not in _NUMBER_TYPES:
            continue
        value = _number(parameters.get(d.name()))
        if value is None:
            continue
        if not math.isfinite(value):
            return tr("'{}' must be a finite number; got {}.").format(d.description(), value)
        if not d.minimum() <= value <= d.maximum():
            return tr("'{}' must be {}; got {:g}.").format(d.description(), _allowed(d), value)
    return None


__all__ = ["guarded_run", "staged_sink", "accept_enum_names", "enum_refusal", "number_refusal", "destinations",
           "input_files", "refuse_overlaps"]
