#!/usr/bin/env python3
"""Refresh i18n/mfaf_<lang>.ts from the source and the translation table.

    python3 scripts/update_translations.py            # rewrite i18n/mfaf_zh_CN.ts
    python3 scripts/update_translations.py --check    # list untranslated strings; exit 1 when an
                                                      # algorithm display name or a group lacks one
    python3 scripts/update_translations.py --missing  # print a JSON {source: ""} of what lacks one

Every user-visible string goes through ``tr()`` in context ``mfaf`` (algorithms/i18n.py). This
finds them with Python's ``ast`` (no Qt ``lupdate``, which does not understand Python) in
``algorithms/*.py`` and ``plugin.py``:

* literal first arguments of ``tr(...)`` / ``self.tr(...)`` calls (kind ``label`` inside a
  ``QgsProcessingParameter*``/``QgsProcessingOutput*`` constructor, ``help`` inside
  ``setHelp``, ``provider`` in provider.py, else ``message``);
* class attributes ``DISPLAY_NAME`` (kind ``display``) and ``HELP`` (kind ``help``), which the
  base class passes through ``tr()`` at run time;
* the values of the ``GROUPS`` dict (kind ``group``) and of dicts named ``*_TITLES`` (kind
  ``display``, e.g. the titles of the shipped modeler pipelines).

Translations come from ``i18n/<lang>_translations.json`` ({English source: translation}, the
table to edit) and, for strings not in it, from the existing .ts (e.g. edited with Qt Linguist).
Strings without a translation are written with ``type="unfinished"``; strings no longer in the
source are dropped from the .ts (they stay in the JSON table). ``make translations`` compiles
the .ts to .qm with lrelease.
"""

import argparse
import ast
import json
import os
import sys
import xml.etree.ElementTree as ET
from collections import OrderedDict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTEXT = "mfaf"
REQUIRED_KINDS = ("display", "group", "provider")
KIND_ORDER = ("provider", "group", "display", "label", "message", "help")


def _source_files(repo):
    folder = os.path.join(repo, "algorithms")
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".py"))
    plugin = os.path.join(repo, "plugin.py")
    return files + ([plugin] if os.path.exists(plugin) else [])


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_name(node):
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def extract_file(path, repo=REPO):
    """``[(source, kind, relative_path, line)]`` of one Python file."""
    rel = os.path.relpath(path, repo)
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), filename=path)
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) == "tr" and node.args:
            text = _literal(node.args[0])
            if text is None:
                continue
            kind = "provider" if os.path.basename(path) == "provider.py" else "message"
            parent = parents.get(node)
            while parent is not None and not isinstance(parent, (ast.Call, ast.stmt)):
                parent = parents.get(parent)
            if isinstance(parent, ast.Call):
                name = _call_name(parent)
                if name == "setHelp":
                    kind = "help"
                elif name.startswith(("QgsProcessingParameter", "QgsProcessingOutput")):
                    kind = "label"
            out.append((text, kind, rel, node.lineno))
        elif isinstance(node, ast.Assign) and isinstance(parents.get(node), ast.ClassDef):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in ("DISPLAY_NAME", "HELP"):
                    text = _literal(node.value)
                    if text:
                        kind = "display" if target.id == "DISPLAY_NAME" else "help"
                        out.append((text, kind, rel, node.lineno))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            kind = "group" if "GROUPS" in names else "display" if any(n.endswith("_TITLES") for n in names) else ""
            if kind:
                for value in node.value.values:
                    text = _literal(value)
                    if text:
                        out.append((text, kind, rel, value.lineno))
    return out


def extract(repo=REPO):
    """OrderedDict source -> {"kind", "locations"} over the plugin's files (most important kind)."""
    found = OrderedDict()
    for path in _source_files(repo):
        for text, kind, rel, line in extract_file(path, repo):
            entry = found.setdefault(text, {"kind": kind, "locations": []})
            if KIND_ORDER.index(kind) < KIND_ORDER.index(entry["kind"]):
                entry["kind"] = kind
            entry["locations"].append((rel, line))
    return found


def ts_path(lang, repo=REPO):
    return os.path.join(repo, "i18n", "mfaf_{}.ts".format(lang))


def table_path(lang, repo=REPO):
    return os.path.join(repo, "i18n", "{}_translations.json".format(lang))


def load_ts(path):
    """{source: (translation, finished)} of a .ts file (context mfaf); {} when absent."""
    if not os.path.exists(path):
        return {}
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        if (ctx.findtext("name") or "") != CONTEXT:
            continue
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            text = (tr.text or "") if tr is not None else ""
            kind = tr.get("type", "") if tr is not None else "unfinished"
            out[msg.findtext("source") or ""] = (text, bool(text) and kind not in ("unfinished", "obsolete", "vanished"))
    return out


def load_table(path):
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def merge(lang, repo=REPO):
    """``(messages, translations)``: the extracted strings and the translation of each ("" if none)."""
    messages = extract(repo)
    table = load_table(table_path(lang, repo))
    old = load_ts(ts_path(lang, repo))
    translations = {}
    for source in messages:
        text = table.get(source, "")
        if not text and old.get(source, ("", False))[1]:
            text = old[source][0]
        translations[source] = text
    return messages, translations


def write_ts(lang, messages, translations, repo=REPO):
    path = ts_path(lang, repo)
    root = ET.Element("TS", version="2.1", language=lang, sourcelanguage="en")
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    ordered = sorted(messages.items(), key=lambda kv: (KIND_ORDER.index(kv[1]["kind"]), kv[1]["locations"][0]))
    for source, entry in ordered:
        msg = ET.SubElement(ctx, "message")
        for rel, line in entry["locations"]:
            ET.SubElement(msg, "location", filename="../" + rel, line=str(line))
        ET.SubElement(msg, "source").text = source
        ET.SubElement(msg, "extracomment").text = entry["kind"]  # not "comment": that would be part of the lookup key
        tr = ET.SubElement(msg, "translation")
        if translations.get(source):
            tr.text = translations[source]
        else:
            tr.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")
    os.replace(tmp, path)
    return path


def untranslated(messages, translations):
    """{kind: [sources]} of the strings without a translation."""
    out = {}
    for source, entry in messages.items():
        if not translations.get(source):
            out.setdefault(entry["kind"], []).append(source)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", default="zh_CN")
    ap.add_argument("--check", action="store_true", help="only report; exit 1 if a required string lacks a translation")
    ap.add_argument("--missing", action="store_true", help="print a JSON {source: ''} of untranslated strings")
    args = ap.parse_args(argv)
    messages, translations = merge(args.lang)
    missing = untranslated(messages, translations)
    if args.missing:
        print(json.dumps({s: "" for kind in KIND_ORDER for s in missing.get(kind, [])}, ensure_ascii=False, indent=1))
        return 0
    if not args.check:
        print("wrote", os.path.relpath(write_ts(args.lang, messages, translations), REPO), file=sys.stderr)
    done = sum(1 for s in messages if translations.get(s))
    print("{}: {} strings, {} translated".format(args.lang, len(messages), done), file=sys.stderr)
    for kind in KIND_ORDER:
        for source in missing.get(kind, []):
            print("  untranslated [{}] {}".format(kind, source[:100]), file=sys.stderr)
    return 1 if args.check and any(missing.get(k) for k in REQUIRED_KINDS) else 0


if __name__ == "__main__":
    sys.exit(main())
