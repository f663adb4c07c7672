#!/usr/bin/env python3
"""The pictures of the user guide, made in the real desktop QGIS under Xvfb.

    .venv/bin/python scripts/screenshots.py [--docs docs] [--out /tmp/mfaf-shots]

Driver (from a shell): runs the demo (scripts/demo.sh) into ``<out>/demo``, then starts desktop
QGIS with the plugin installed in a fresh profile exactly as scripts/desktop_check.py does, with
this file as its ``--code``. In QGIS it

* loads the demo's outputs as a user opening the files would (``prospectivity.tif``,
  ``all_cells.gpkg``, ``drill_targets.gpkg``, the known deposits with resources/styles/deposits.qml):
  their styles come with the files (QML sidecar, GeoPackage layer_styles) -> ``styled_outputs.png``;
* renders the demo's HTML report (``report.html``, QtWebKit) -> ``report.png`` (its first part) and
  ``report_figures.png`` (the figures table and the cross-validation against the baselines) and
  ``report_zones.png`` (the target zones labelled by rank and why here); a Qt
  without QtWebKit (Qt6, QGIS 4) keeps the existing two and names them under ``skipped``;
* opens the dialog of Predict prospectivity map on the demo's stack -> ``predict_dialog.png``;
* shows the plugin's groups in the Processing Toolbox -> ``toolbox.png``;
* opens the shipped pipeline in the graphical modeler -> ``modeler_pipeline.png``;

writes ``result.json`` (what it saw) and quits; the driver then writes ``docs/screenshots.json``
(the demo run the pictures show: target count and rank-1 target; tests/test_demo.py fails when
a fresh demo differs). The pictures are linked from the README and docs/index.html. One command
regenerates them all from the current code and model (about 3 minutes: demo, then QGIS).
"""

import functools
import json
import os
import sys

RESULT_ENV = "MFAF_DESKTOP_CHECK_OUT"
SHOTS_ENV = "MFAF_SHOTS_DIR"
DEMO_ENV = "MFAF_SHOTS_DEMO"
SHOTS = 7  # styled_outputs, report, report_figures, report_zones, predict_dialog, toolbox, modeler_pipeline
REPORT_SHOTS = ("report.png", "report_figures.png", "report_zones.png")  # rendered with QtWebKit (Qt5 only)
RECORD = "screenshots.json"  # the demo run the pictures show (tests/test_demo.py checks it is today's)


def _load_outputs(iface, demo, plugin, result):
    """The demo's outputs loaded as a user opening the files would; the canvas on the score map."""
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

    project = QgsProject.instance()
    prob = QgsRasterLayer(os.path.join(demo, "prospectivity.tif"), "Prospectivity score", "gdal")
    cells = QgsVectorLayer(os.path.join(demo, "all_cells.gpkg"), "All cells", "ogr")
    targets = QgsVectorLayer(os.path.join(demo, "drill_targets.gpkg"), "Drill targets", "ogr")
    # styled by its sidecar (resources/example/murchison_gold_deposits.qml), as any user opening it
    deposits = QgsVectorLayer(os.path.join(plugin, "resources", "example", "murchison_gold_deposits.geojson"),
                              "Known deposits", "ogr")
    for layer in (prob, cells, deposits, targets):
        project.addMapLayer(layer)
    # the stack for the dialog, by name (no temporary path on the picture), not drawn on the map
    project.addMapLayer(QgsRasterLayer(os.path.join(demo, "evidence_stack.tif"), "Evidence stack", "gdal"), False)
    result["renderers"] = {"prob": prob.renderer().type(), "cells": cells.renderer().type(),
                           "targets": targets.renderer().type(), "deposits": deposits.renderer().type(),
                           "targets_labels": targets.labeling().type() if targets.labeling() else None}
    canvas = iface.mapCanvas()
    canvas.setExtent(prob.extent().buffered(prob.extent().height() * 0.02))
    canvas.refresh()


def _render_report(docs, demo, result, keep, indexed):
    """The report's pictures (REPORT_SHOTS) rendered with QtWebKit once the page has loaded."""
    from qgis.PyQt.QtGui import QImage
    from qgis.PyQt.QtCore import QSize, QUrl
    from qgis.PyQt.QtGui import QPainter
    try:
        from qgis.PyQt.QtWebKitWidgets import QWebPage
    except ImportError:  # Qt6 (QGIS 4) has no QtWebKit: the two report pictures stay as they are
        result["skipped"] = {name: "this Qt has no QtWebKit" for name in REPORT_SHOTS}
        return

    page = QWebPage()
    page.setViewportSize(QSize(1100, 900))
    keep.append(page)

    def loaded(_ok):
        frame = page.mainFrame()
        page.setViewportSize(frame.contentsSize())
        html = frame.documentElement()
        anchors = (None, "How good is this map", "Target zones")
        for name, anchor, height in zip(REPORT_SHOTS, anchors, (1500, 1750, 1600)):
            top = 0
            if anchor:
                heading = next(e for e in html.findAll("h2").toList() if e.toPlainText() == anchor)
                top = heading.geometry().top() - 10
            image = QImage(QSize(frame.contentsSize().width(), height), QImage.Format.Format_RGB32)
            painter = QPainter(image)
            painter.translate(0, -top)
            frame.render(painter)
            painter.end()
            path = os.path.join(docs, name)
            image.convertToFormat(*indexed).save(path)
            result["shots"].append(path)

    page.mainFrame().loadFinished.connect(loaded)
    page.mainFrame().load(QUrl.fromLocalFile(os.path.join(demo, "report.html")))


def _shoot_toolbox(iface, save, result):
    """The plugin's groups in the Processing Toolbox, floated and expanded."""
    from qgis.PyQt.QtWidgets import QApplication
    from qgis.PyQt.QtWidgets import QAbstractItemView, QDockWidget

    dock = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
    dock.show()
    tree = dock.algorithmTree
    model = tree.model()
    mfaf = None
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        mine = "MFAF" in str(model.data(index))
        tree.setExpanded(index, mine)
        mfaf = index if mine else mfaf
    for row in range(model.rowCount(mfaf)):  # every group of the plugin, "0 Setup" first
        tree.setExpanded(model.index(row, 0, mfaf), True)
    tree.scrollTo(mfaf, QAbstractItemView.ScrollHint.PositionAtTop)
    result["toolbox_groups"] = [str(model.data(model.index(r, 0, mfaf))) for r in range(model.rowCount(mfaf))]
    dock.setFloating(True)
    dock.resize(420, 780)
    QApplication.processEvents()
    save(dock, "toolbox.png")
    dock.setFloating(False)


def _in_qgis():
    from qgis.core import QgsApplication, QgsProject
    from qgis.PyQt.QtCore import Qt, QTimer
    from qgis.PyQt.QtGui import QImage
    from qgis.PyQt.QtWidgets import QApplication
    import qgis.utils

    iface = qgis.utils.iface
    out_dir, docs, demo = os.environ[RESULT_ENV], os.environ[SHOTS_ENV], os.environ[DEMO_ENV]
    plugin = os.path.join(QgsApplication.qgisSettingsDirPath(), "python", "plugins", "mfaf")
    result = {"shots": [], "python_errors": [], "loaded": "mfaf" in qgis.utils.plugins}
    keep = []
    indexed = QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither  # small PNGs

    def save(widget, name):
        QApplication.processEvents()
        path = os.path.join(docs, name)
        widget.grab().toImage().convertToFormat(*indexed).save(path)
        result["shots"].append(path)

    def step(func, then, delay=2500):
        def run():
            try:
                func()
            except Exception:  # reported in result.json, judged by the driver
                import traceback

                result["python_errors"].append(traceback.format_exc())
            QTimer.singleShot(delay, then)
        return run

    def shoot_map():
        iface.messageBar().clearWidgets()  # e.g. a datum-grid notice that would hide the map's top
        save(iface.mainWindow(), "styled_outputs.png")

    def open_predict():
        import processing

        project = QgsProject.instance()
        dlg = processing.createAlgorithmDialog("mfaf:predictprospectivity", {
            "INPUT": project.mapLayersByName("Evidence stack")[0].id(),
            "DEPOSITS": project.mapLayersByName("Known deposits")[0].id()})
        dlg.resize(1000, 760)
        dlg.show()
        keep.append(dlg)

    def shoot_predict():
        save(keep[-1], "predict_dialog.png")
        keep[-1].close()

    def open_modeler():
        from processing.modeler.ModelerDialog import ModelerDialog

        model = QgsApplication.processingRegistry().algorithmById("mfaf:pipeline")
        dlg = ModelerDialog.create(model)
        dlg.resize(1280, 800)
        dlg.show()
        view = dlg.view()
        view.fitInView(view.scene().itemsBoundingRect().adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
        keep.append(dlg)
        result["modeler_children"] = len(dlg.model().childAlgorithms())

    def shoot_modeler():
        save(keep[-1], "modeler_pipeline.png")
        keep[-1].setWindowModified(False)
        keep[-1].hide()

    def finish():
        tmp = os.path.join(out_dir, "result.json.part")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=1)
        os.replace(tmp, os.path.join(out_dir, "result.json"))
        QTimer.singleShot(200, QApplication.instance().quit)

    iface.mainWindow().resize(1280, 800)
    iface.mainWindow().showMaximized()
    chain = finish
    load_outputs = functools.partial(_load_outputs, iface, demo, plugin, result)
    render_report = functools.partial(_render_report, docs, demo, result, keep, indexed)
    shoot_toolbox = functools.partial(_shoot_toolbox, iface, save, result)
    for func, delay in reversed([(load_outputs, 4000), (shoot_map, 500), (render_report, 4000), (open_predict, 2000),
                                 (shoot_predict, 500), (shoot_toolbox, 1500), (open_modeler, 2500),
                                 (shoot_modeler, 500)]):
        chain = step(func, chain, delay)
    QTimer.singleShot(3000, chain)


def main(argv=None):
    import argparse
    import subprocess
    import tempfile
    import time

    start = time.time()
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description="Screenshots of the user guide (desktop QGIS under Xvfb).")
    ap.add_argument("--docs", default=os.path.join(repo, "docs"), help="where the PNGs go")
    ap.add_argument("--out", default="", help="work folder (demo outputs, profile, log)")
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args(argv)
    out = os.path.abspath(args.out or tempfile.mkdtemp(prefix="mfaf-shots-"))
    demo = os.path.join(out, "demo")
    env = dict(os.environ, MFAF_DEMO_OUT=demo, QGIS_CUSTOM_CONFIG_PATH=os.path.join(out, "demo-profile"))
    subprocess.run(["bash", os.path.join(here, "demo.sh")], env=env, check=True)
    sys.path.insert(0, here)
    from desktop_check import run_check

    result = run_check(out, timeout=args.timeout, code=os.path.abspath(__file__),
                       extra_env={SHOTS_ENV: os.path.abspath(args.docs), DEMO_ENV: demo})
    print(json.dumps(result, indent=1))
    made = len(result["shots"]) + len(result.get("skipped", {}))
    if made != SHOTS or result["python_errors"]:
        return 1
    record = write_record(demo, os.path.abspath(args.docs), time.time() - start)
    print("recorded in {}: {}".format(os.path.join(args.docs, RECORD), json.dumps(record["demo"])))
    return 0


def demo_record(demo: str) -> dict:
    """What the pictures show, from the demo's targets table: the target count and the rank-1 target
    (tests/test_demo.py compares it with a fresh demo run)."""
    import csv

    with open(os.path.join(demo, "drill_targets.csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    first = min(rows, key=lambda r: int(r["rank"]))
    return {"targets": len(rows), "easting": float(first["easting"]), "northing": float(first["northing"]),
            "probability": float(first["probability"])}


def write_record(demo: str, docs: str, seconds: float) -> dict:
    """``<docs>/screenshots.json``: the demo run the pictures show, the date and how long the command took."""
    import datetime

    record = {"command": "scripts/screenshots.py", "date": datetime.date.today().isoformat(),
              "seconds": round(seconds), "demo": demo_record(demo)}
    tmp = os.path.join(docs, RECORD + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=1)
        fh.write("\n")
    os.replace(tmp, os.path.join(docs, RECORD))
    return record


if os.environ.get(RESULT_ENV) and os.environ.get(SHOTS_ENV) and "qgis.utils" in sys.modules \
        and getattr(sys.modules["qgis.utils"], "iface", None):
    _in_qgis()
elif __name__ == "__main__":
    sys.exit(main())
