"""(Re)build the vector styles of resources/styles with PyQGIS, so that they are reproducible.

* all_cells.qml: every cell of a prediction as a thin grey outline without fill or labels (the
  score raster shows through unmixed; the drill targets layer carries the ranks).
* drill_targets.qml: the target cells outlined (greenfield targets, holding no known deposit, in
  magenta; the others in black) and labelled with their rank on a white buffer.
* target_zones.qml: the target zones of a prediction, drill_targets.qml's outlines and rank labels
  with the zones' own legend words and a light fill.
* band_gray.qml: the template of the evidence-stack and element-raster sidecars (band 1 in
  grey, stretched from 0 to 1; the algorithms put the band's minimum and maximum in).
* tile_cells.qml: the windows of 'Make labelled tiles' by split (training, test, excluded,
  dropped) with the ore windows outlined in red.

Run after changing them:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/build_styles.py
"""

import os

from qgis.core import (
    QgsApplication,
    QgsContrastEnhancement,
    QgsRasterLayer,
    QgsSingleBandGrayRenderer,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor

HERE = os.path.dirname(os.path.abspath(__file__))
STYLES = os.path.join(os.path.dirname(HERE), "resources", "styles")

CELL_FIELDS = ("field=cell_id:integer&field=probability:double&field=rank:integer&field=target:integer"
               "&field=deposits:integer")
TARGET_FIELDS = "field=rank:integer&field=probability:double&field=greenfield:integer&field=deposits:integer"
ZONE_FIELDS = "field=rank:integer&field=peak_probability:double&field=greenfield:integer&field=deposits:integer"
TILE_FIELDS = "field=cell_id:integer&field=label:integer&field=deposits:integer&field=split:string"
# split value -> (legend label, fill colour, outline colour, outline style)
SPLITS = (
    ("train", "Training window", "166,206,227,110", "31,120,180,255", "solid"),
    ("validation", "Validation window (chooses the epoch)", "178,223,138,120", "51,160,44,255", "solid"),
    ("test", "Test window (held out)", "253,191,111,140", "255,127,0,255", "solid"),
    ("excluded", "Excluded (touches a test or validation window)", "200,200,200,90", "150,150,150,255", "solid"),
    ("dropped", "Dropped (too little data)", "0,0,0,0", "180,180,180,255", "dash"),
)


def all_cells(path):
    """The cell grid as thin grey outlines, no fill: the score raster below shows through unmixed, so every
    colour on the map is one of the raster's legend (a semi-transparent fill made colours of no legend)."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&" + CELL_FIELDS, "cells", "memory")
    symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "style": "no", "outline_color": "90,90,90,140",
                                         "outline_width": "0.15"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setLabeling(None)
    layer.setLabelsEnabled(False)
    msg, ok = layer.saveNamedStyle(path)
    assert ok, msg


def drill_targets(path):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&" + TARGET_FIELDS, "targets", "memory")
    root = QgsRuleBasedRenderer.Rule(None)
    for expression, label, colour in (('"greenfield" = 1', "Greenfield target (no known deposit)", "197,27,125,255"),
                                      ('"greenfield" IS NULL OR "greenfield" = 0', "Target with known deposits",
                                       "0,0,0,255")):
        symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": colour, "outline_width": "0.7"})
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, expression, label))
    layer.setRenderer(QgsRuleBasedRenderer(root))
    settings = QgsPalLayerSettings()
    settings.fieldName = "rank"
    settings.isExpression = False
    settings.enabled = True
    fmt = QgsTextFormat()
    fmt.setSize(9)
    fmt.setColor(QColor(0, 0, 0))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    buffer.setColor(QColor(255, 255, 255))
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    msg, ok = layer.saveNamedStyle(path)
    assert ok, msg


def target_zones(path, base):
    """The target zones: drill_targets.qml (``base``) with the zones' legend words and a light fill."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&" + ZONE_FIELDS, "zones", "memory")
    msg, ok = layer.loadNamedStyle(base)
    assert ok, msg
    words = {'"greenfield" = 1': ("Greenfield zone (no known deposit)", "197,27,125,50"),
             '"greenfield" IS NULL OR "greenfield" = 0': ("Zone with known deposits", "0,0,0,35")}
    for rule in layer.renderer().rootRule().children():
        label, fill = words[rule.filterExpression()]
        rule.setLabel(label)
        rule.symbol().symbolLayer(0).setFillColor(QColor(*[int(v) for v in fill.split(",")]))
    msg, ok = layer.saveNamedStyle(path)
    assert ok, msg


def tile_cells(path):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&" + TILE_FIELDS, "tiles", "memory")
    root = QgsRuleBasedRenderer.Rule(None)
    for value, label, fill, outline, style in SPLITS:
        symbol = QgsFillSymbol.createSimple({"color": fill, "outline_color": outline, "outline_width": "0.2",
                                             "outline_style": style})
        root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, "\"split\" = '{}'".format(value), label))
    ore = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "215,25,28,255",
                                      "outline_width": "0.6"})
    root.appendChild(QgsRuleBasedRenderer.Rule(ore, 0, 0, '"label" = 1', "Ore window (holds a deposit)"))
    layer.setRenderer(QgsRuleBasedRenderer(root))
    msg, ok = layer.saveNamedStyle(path)
    assert ok, msg


def band_gray(path):
    from osgeo import gdal

    tif = path + ".tmp.tif"
    ds = gdal.GetDriverByName("GTiff").Create(tif, 2, 2, 1, gdal.GDT_Float32)
    ds.GetRasterBand(1).WriteArray(__import__("numpy").array([[0.0, 1.0], [0.5, 0.25]]))
    ds = None
    layer = QgsRasterLayer(tif, "band", "gdal")
    renderer = QgsSingleBandGrayRenderer(layer.dataProvider(), 1)
    enhancement = QgsContrastEnhancement(layer.dataProvider().dataType(1))
    stretch = QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum
    enhancement.setContrastEnhancementAlgorithm(stretch)
    enhancement.setMinimumValue(0)
    enhancement.setMaximumValue(1)
    renderer.setContrastEnhancement(enhancement)
    layer.setRenderer(renderer)
    msg, ok = layer.saveNamedStyle(path)
    assert ok, msg
    del layer
    for leftover in (tif, tif + ".aux.xml"):
        if os.path.exists(leftover):
            os.remove(leftover)


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    all_cells(os.path.join(STYLES, "all_cells.qml"))
    drill_targets(os.path.join(STYLES, "drill_targets.qml"))
    target_zones(os.path.join(STYLES, "target_zones.qml"), os.path.join(STYLES, "drill_targets.qml"))
    tile_cells(os.path.join(STYLES, "tile_cells.qml"))
    band_gray(os.path.join(STYLES, "band_gray.qml"))
    print("wrote", STYLES)
