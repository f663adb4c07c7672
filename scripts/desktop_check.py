#!/usr/bin/env python3
"""Start the real desktop QGIS under Xvfb with the plugin installed as a user would, and check it.

    .venv/bin/python scripts/desktop_check.py --out /tmp/mfaf-desktop [--screenshot docs/toolbox.png]

Driver (run from a shell): makes a fresh QGIS config folder, installs the plugin there with
scripts/install_plugin.sh (copy of the ZIP, enabled, venv configured through the profile's
mfaf_venv.txt), starts Xvfb on a free display (``-displayfd``), runs
``qgis --nologo --noversioncheck --code scripts/desktop_check.py`` with PYTHONPATH empty and no
QGIS_PLUGINPATH, waits for ``result.json``, and stops QGIS and Xvfb. Exit status 0 when the
plugin loaded with no Python error.

In QGIS (``--code``): once the window is up it checks that ``qgis.utils.plugins`` holds
``mfaf``, that the Processing registry has provider ``mfaf`` with its algorithms, that torch
imports (through the configured venv) and converts a numpy array, runs
``mfaf:checkenvironment``, opens the Processing Toolbox with the MFAF group expanded, grabs the
main window to ``screenshot.png`` (and ``--screenshot``), writes ``result.json`` and quits.
Python errors are collected from the message log from the very start (``PYQGIS_STARTUP`` hook)
and from modal error dialogs.
"""

import json
import os
import sys

RESULT_ENV = "MFAF_DESKTOP_CHECK_OUT"

# Runs via PYQGIS_STARTUP, before plugins load: record every message-log entry as a JSON line.
STARTUP_HOOK = r'''
import json as _json, os as _os
from qgis.core import QgsApplication as _App
from qgis.PyQt.QtCore import QTimer as _QTimer
from qgis.PyQt.QtWidgets import QApplication as _QApplication, QDialog as _QDialog

_MFAF_OUT = _os.environ["{env}"]

def _mfaf_write(name, record):
    with open(_os.path.join(_MFAF_OUT, name), "a", encoding="utf-8") as fh:
        fh.write(_json.dumps(record) + "\n")

def _mfaf_record(message, tag, level):
    _mfaf_write("messages.jsonl", {{"tag": tag, "level": int(level), "message": message}})

def _mfaf_close_modal_dialogs():
    # A Python error dialog is modal and would block start-up: record it and close it.
    for w in _QApplication.topLevelWidgets():
        if isinstance(w, _QDialog) and w.isVisible() and w.isModal():
            _mfaf_write("dialogs.jsonl", {{"title": w.windowTitle(), "class": type(w).__name__}})
            w.reject()

_App.messageLog().messageReceived.connect(_mfaf_record)
_mfaf_dialog_timer = _QTimer()
_mfaf_dialog_timer.timeout.connect(_mfaf_close_modal_dialogs)
_mfaf_dialog_timer.start(1000)
'''.format(env=RESULT_ENV)


# --------------------------------------------------------------------------------------------
# In QGIS
# --------------------------------------------------------------------------------------------
def _in_qgis():
    from qgis.core import Qgis, QgsApplication
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication, QDialog
    import qgis.utils

    out_dir = os.environ[RESULT_ENV]
    iface = qgis.utils.iface
    result = {"loaded": False, "provider": False, "algorithms": [], "python_errors": [],
              "dialogs": [], "qgis_version": Qgis.QGIS_VERSION}

    def check_dialogs():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                text = w.windowTitle()
                result["dialogs"].append(text)
                if "error" in text.lower():
                    result["python_errors"].append("dialog: " + text)
                w.close()

    def toolbox_with_mfaf():
        from qgis.PyQt.QtCore import Qt
        from qgis.PyQt.QtWidgets import QDockWidget

        dock = None
        proc = qgis.utils.plugins.get("processing")
        dock = getattr(proc, "toolbox", None) if proc else None
        if dock is None:
            for d in iface.mainWindow().findChildren(QDockWidget):
                if d.objectName() == "ProcessingToolbox":
                    dock = d
        if dock is None:
            return None, False
        dock.setVisible(True)
        dock.raise_()
        tree = getattr(dock, "algorithmTree", None)
        expanded = False
        result["toolbox_items"] = []
        if tree is not None:
            model = tree.model()
            provider_name = QgsApplication.processingRegistry().providerById("mfaf").name()

            def expand_all(index):
                tree.expand(index)
                for r in range(model.rowCount(index)):
                    child = model.index(r, 0, index)
                    result["toolbox_items"].append(str(model.data(child, Qt.ItemDataRole.DisplayRole)))
                    expand_all(child)

            for row in range(model.rowCount()):
                idx = model.index(row, 0)
                if model.data(idx, Qt.ItemDataRole.DisplayRole) == provider_name:
                    expand_all(idx)
                    tree.scrollTo(idx, tree.PositionAtTop)
                    tree.setCurrentIndex(model.index(0, 0, idx))
                    expanded = True
                else:
                    tree.collapse(idx)
        return dock, expanded

    def finish():
        try:
            check_dialogs()
            result["loaded"] = "mfaf" in qgis.utils.plugins
            result["active_plugins"] = sorted(qgis.utils.active_plugins)
            provider = QgsApplication.processingRegistry().providerById("mfaf")
            result["provider"] = provider is not None
            if provider is not None:
                result["provider_name"] = provider.name()
                result["algorithms"] = sorted(a.id() for a in provider.algorithms())
            try:
                import numpy
                import torch

                result["torch"] = str(torch.__version__)
                result["torch_file"] = torch.__file__
                result["numpy"] = numpy.__version__
                result["numpy_file"] = numpy.__file__
                result["torch_from_numpy"] = float(torch.from_numpy(numpy.arange(4.0)).sum())
            except Exception as exc:  # reported, judged by the caller
                result["torch_error"] = "{}: {}".format(type(exc).__name__, exc)
            if result["provider"]:
                import processing

                res = processing.run("mfaf:checkenvironment", {"FAIL_IF_MISSING": False})
                result["checkenvironment"] = {k: str(v) for k, v in res.items()}
            dock, expanded = toolbox_with_mfaf()
            result["toolbox_open"] = dock is not None and dock.isVisible()
            result["toolbox_mfaf_expanded"] = expanded
        except Exception as exc:
            import traceback

            result["python_errors"].append("desktop_check: " + traceback.format_exc())
        QTimer.singleShot(1500, shoot)

    def shoot():
        try:
            QApplication.processEvents()
            check_dialogs()
            image = iface.mainWindow().grab()
            shot = os.path.join(out_dir, "screenshot.png")
            image.save(shot)
            result["screenshot"] = shot
            extra = os.environ.get("MFAF_DESKTOP_SCREENSHOT")
            if extra:  # the documentation copy: indexed colours keep the PNG small
                from qgis.PyQt.QtCore import Qt
                from qgis.PyQt.QtGui import QImage

                indexed = QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
                image.toImage().convertToFormat(*indexed).save(extra)
                result["screenshot_copy"] = extra
            path = os.path.join(out_dir, "messages.jsonl")
            messages = []
            if os.path.exists(path):
                with open(path, encoding="utf-8") as fh:
                    messages = [json.loads(line) for line in fh if line.strip()]
            dpath = os.path.join(out_dir, "dialogs.jsonl")
            if os.path.exists(dpath):
                with open(dpath, encoding="utf-8") as fh:
                    for line in fh:
                        d = json.loads(line)
                        result["dialogs"].append(d["title"])
                        if "error" in d["title"].lower() or "python" in d["title"].lower():
                            result["python_errors"].append("modal dialog: " + d["title"])
            warning, critical = int(Qgis.MessageLevel.Warning), int(Qgis.MessageLevel.Critical)
            result["messages"] = [m for m in messages if m["level"] >= warning][:50]
            for m in messages:
                python_tag = m["tag"].lower().startswith("python")
                if (python_tag and m["level"] >= warning) or (
                        m["level"] >= critical and ("Traceback" in m["message"] or "mfaf" in m["message"].lower())):
                    result["python_errors"].append("[{}] {}".format(m["tag"], m["message"][:2000]))
        except Exception:
            import traceback

            result["python_errors"].append("desktop_check: " + traceback.format_exc())
        tmp = os.path.join(out_dir, "result.json.part")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=1)
        os.replace(tmp, os.path.join(out_dir, "result.json"))
        QTimer.singleShot(200, QApplication.instance().quit)

    iface.mainWindow().resize(1280, 800)
    iface.mainWindow().showMaximized()
    QTimer.singleShot(3000, finish)


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------
def _start_xvfb():
    import subprocess

    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write_fd,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        display = fh.readline().strip()
    if not display:
        proc.kill()
        raise RuntimeError("Xvfb did not start")
    return proc, ":" + display


def run_check(out_dir, screenshot=None, timeout=240, lang=None, link=False, code=None, extra_env=None):
    """Install into a fresh profile under ``out_dir``, run desktop QGIS, return the result dict.

    ``code``: the script QGIS runs once its window is up (default: this file's checks); it must
    write ``result.json`` into ``$MFAF_DESKTOP_CHECK_OUT``. ``extra_env``: more variables for QGIS."""
    import signal
    import subprocess
    import time

    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = os.path.abspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    for name in ("result.json", "messages.jsonl", "dialogs.jsonl"):
        if os.path.exists(os.path.join(out_dir, name)):
            os.remove(os.path.join(out_dir, name))
    config = os.path.join(out_dir, "qgis-config")
    env = dict(os.environ)
    for key in ("QGIS_PLUGINPATH", "VIRTUAL_ENV", "MFAF_VENV", "QT_QPA_PLATFORM", "PYTHONHOME"):
        env.pop(key, None)
    env.update(PYTHONPATH="", QGIS_CUSTOM_CONFIG_PATH=config, **{RESULT_ENV: out_dir})
    inst = subprocess.run(["bash", os.path.join(repo, "scripts", "install_plugin.sh")] + (["--link"] if link else []), env=env,
                          capture_output=True, text=True, timeout=300)
    if inst.returncode != 0:
        raise RuntimeError("install_plugin.sh failed:\n" + inst.stdout + inst.stderr)
    hook = os.path.join(out_dir, "startup_hook.py")
    with open(hook, "w", encoding="utf-8") as fh:
        fh.write(STARTUP_HOOK)
    runtime = os.path.join(out_dir, "xdg-runtime")
    os.makedirs(runtime, mode=0o700, exist_ok=True)
    env.update(PYQGIS_STARTUP=hook, XDG_RUNTIME_DIR=runtime, QT_QPA_PLATFORM="xcb")
    if screenshot:
        env["MFAF_DESKTOP_SCREENSHOT"] = os.path.abspath(screenshot)
    env.update(extra_env or {})
    xvfb, display = _start_xvfb()
    env["DISPLAY"] = display
    args = ["qgis", "--nologo", "--noversioncheck"]
    if lang:
        args += ["--lang", lang]
    args += ["--code", os.path.abspath(code or __file__)]
    log_path = os.path.join(out_dir, "qgis.log")
    start = time.time()
    try:
        with open(log_path, "w") as log:
            qgis = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    cwd=out_dir, start_new_session=True)
            result_path = os.path.join(out_dir, "result.json")
            while time.time() - start < timeout and not os.path.exists(result_path):
                if qgis.poll() is not None:
                    break
                time.sleep(0.5)
            try:
                qgis.wait(timeout=20 if os.path.exists(result_path) else 1)
            except subprocess.TimeoutExpired:
                pass
            if qgis.poll() is None:
                os.killpg(qgis.pid, signal.SIGTERM)
                try:
                    qgis.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(qgis.pid, signal.SIGKILL)
                    qgis.wait()
    finally:
        xvfb.terminate()
        try:
            xvfb.wait(timeout=10)
        except subprocess.TimeoutExpired:
            xvfb.kill()
    if not os.path.exists(result_path):
        with open(log_path, errors="replace") as fh:
            tail = fh.read()[-3000:]
        raise RuntimeError("QGIS wrote no result within {} s (exit {}); log tail:\n{}".format(
            timeout, qgis.returncode, tail))
    with open(result_path, encoding="utf-8") as fh:
        result = json.load(fh)
    result["seconds"] = round(time.time() - start, 1)
    result["qgis_exit"] = qgis.returncode
    return result


def main(argv=None):
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description="Check the plugin in desktop QGIS under Xvfb.")
    ap.add_argument("--out", default="", help="folder for the profile, log, screenshot, result.json")
    ap.add_argument("--screenshot", default="", help="also save the screenshot here (e.g. docs/toolbox.png)")
    ap.add_argument("--lang", default="", help="QGIS interface language, e.g. zh-Hans")
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--link", action="store_true", help="install as a link to this checkout (default: the ZIP)")
    args = ap.parse_args(argv)
    out = args.out or tempfile.mkdtemp(prefix="mfaf-desktop-")
    result = run_check(out, args.screenshot or None, args.timeout, args.lang or None, args.link)
    print(json.dumps({k: v for k, v in result.items() if k != "messages"}, indent=1))
    ok = result["loaded"] and result["provider"] and not result["python_errors"]
    print("desktop check:", "OK" if ok else "FAILED", "({} s, files in {})".format(result["seconds"], out),
          file=sys.stderr)
    return 0 if ok else 1


if os.environ.get(RESULT_ENV) and "qgis.utils" in sys.modules and getattr(sys.modules["qgis.utils"], "iface", None):
    _in_qgis()
elif __name__ == "__main__":
    sys.exit(main())
