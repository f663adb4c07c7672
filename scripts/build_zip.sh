#!/usr/bin/env bash
# Build the installable plugin archive dist/mfaf-<version>.zip (QGIS: Plugins > Manage and
# Install Plugins > Install from ZIP).
#
#   bash scripts/build_zip.sh            # or: make zip
#   bash scripts/build_zip.sh --list     # also print the archived paths
#
# Contents: only what runs in QGIS, under a top folder "mfaf/": the plugin's Python packages
# (algorithms/, mfaf_plugin/, models/), the entry modules, metadata.txt, LICENSE, README.md,
# requirements.txt (read by "Install Python dependencies"), resources/ (icon, styles, modeler
# pipeline, bundled model, example data) and the user documentation docs/ (HTML help, install
# guide, screenshots), each as git tracks it (working-tree state), plus the compiled translations
# i18n/*.qm (git-ignored, built here first). Never: scripts/, Makefile, tests/, bench/, CI files,
# results CSVs (docs/results/, *.csv), translation sources (*.ts, the JSON table), caches, dot
# files. A single file larger than MFAF_ZIP_MAX_MB (default 10 MB) outside resources/ is left out
# and reported; untracked source files are reported too (git add them). Writes the archive
# atomically and prints its path on the last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/build_translations.sh
version="$(sed -n 's/^version=//p' metadata.txt | head -n1 | tr -d '[:space:]')"
[ -n "$version" ] || { echo "build_zip: no version= in metadata.txt" >&2; exit 1; }
mkdir -p dist
out="dist/mfaf-${version}.zip"
list="$(mktemp)"
trap 'rm -f "$list"' EXIT
{ git ls-files -z; find i18n -maxdepth 1 -name '*.qm' -print0 2>/dev/null; } > "$list"
# Untracked source files are not packaged: say so (a provider importing one would break the ZIP).
untracked="$(git ls-files --others --exclude-standard -- '*.py' '*.model3' '*.qml' '*.pt' '*.svg' | grep -v -E '^(tests|bench|scripts)/' || true)"
[ -z "$untracked" ] || echo "build_zip: WARNING: not tracked by git, so not in the ZIP:" $untracked >&2
/usr/bin/python3 - "$out" "${MFAF_ZIP_MAX_MB:-10}" "$list" "${1:-}" <<'PY'
import os
import sys
import zipfile

out, max_mb, listfile, flag = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
# Whitelist: what QGIS loads or the user reads. Everything else is development material.
TOP_FILES = {"__init__.py", "plugin.py", "venv_path.py", "metadata.txt", "LICENSE", "README.md",
             "requirements.txt"}
TOP_DIRS = {"algorithms", "mfaf_plugin", "models", "resources", "docs", "i18n"}
EXCLUDED_DIRS = {"__pycache__", "results"}
EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".aux.xml", ".gpkg-shm", ".gpkg-wal", ".orig", ".rej", "~", ".csv",
                     ".ts", ".json")
KEEP_JSON = ("resources/",)  # example data (GeoJSON) is product; i18n's translation table is not
EXCLUDED_FILES = {"docs/RESULTS.md"}  # the research results, with links to the results CSVs
paths = sorted(set(p for p in open(listfile, "rb").read().decode("utf-8").split("\0") if p))
kept, skipped = [], []
for p in paths:
    parts = p.split("/")
    if len(parts) == 1:
        if p not in TOP_FILES:
            continue
    elif parts[0] not in TOP_DIRS or any(d in EXCLUDED_DIRS or d.startswith(".") for d in parts[1:-1]):
        continue
    if parts[-1].startswith(".") or p in EXCLUDED_FILES:
        continue  # .gitignore, .gitattributes, editor files
    if p.endswith(EXCLUDED_SUFFIXES) and not (p.endswith(".json") and p.startswith(KEEP_JSON)):
        continue
    if parts[0] == "i18n" and not p.endswith(".qm"):
        continue
    if not os.path.isfile(p):
        continue  # tracked but deleted in the working tree
    size = os.path.getsize(p)
    if size > max_mb * 1024 * 1024 and not p.startswith("resources/"):  # resources/ is product (bundled model)
        skipped.append((p, size))
        continue
    kept.append(p)
if "metadata.txt" not in kept or "__init__.py" not in kept:
    sys.exit("build_zip: metadata.txt or __init__.py missing")
tmp = out + ".part"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
    for p in kept:
        info = zipfile.ZipInfo("mfaf/" + p, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        mode = os.stat(p).st_mode & 0o777
        info.external_attr = (0o100000 | mode) << 16
        with open(p, "rb") as fh:
            zf.writestr(info, fh.read())
os.replace(tmp, out)
for p, size in skipped:
    print("build_zip: left out {} ({:.1f} MB > {} MB)".format(p, size / 1048576, max_mb), file=sys.stderr)
if flag == "--list":
    print("\n".join(kept))
if os.path.getsize(out) > 25 * 1024 * 1024:
    print("build_zip: WARNING: {} is over 25 MB, the plugins.qgis.org upload limit".format(out), file=sys.stderr)
print("build_zip: {} files, {:.1f} kB".format(len(kept), os.path.getsize(out) / 1024), file=sys.stderr)
print(out)
PY
