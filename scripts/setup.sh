#!/usr/bin/env bash
# Idempotent environment setup for a Debian machine: Debian 12 (QGIS 3.22), Debian 13 (QGIS 3.40)
# and sid (QGIS 3.44) alike (docs/install.md):
#  1. QGIS, GDAL and friends from Debian (only when missing; needs root or sudo), with pip for
#     QGIS's Python (used by "Install Python dependencies");
#  2. .venv made with Debian's Python (--system-site-packages, so qgis and osgeo stay visible)
#     holding the packages of requirements.txt. numpy stays at the major version Debian's GDAL
#     bindings were built against (a constraint made from the system numpy), so pip never puts a
#     numpy 1.x in front of Debian 13's numpy 2 or the reverse.
# Re-running it does nothing when everything is already in place.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

debs="qgis python3-qgis qgis-providers gdal-bin python3-gdal python3-shapely python3-fiona python3-pip python3-venv qttools5-dev-tools xvfb"
missing=""
for p in $debs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "[setup] installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# numpy's major version as Debian's GDAL bindings need it (empty when the system has no numpy)
numpy_major="$(/usr/bin/python3 -c 'import numpy; print(numpy.__version__.split(".")[0])' 2>/dev/null || true)"
constraints=".venv/constraints.txt"
stamp=".venv/.requirements.sha"
want="$( (cat requirements.txt; echo "numpy $numpy_major") | sha256sum | cut -d' ' -f1)"
# a .venv made by another Python (the machine moved to another Debian release) is made anew: its
# packages were built for that Python and would not be found by this one
py_version="$(/usr/bin/python3 -c 'import platform; v = platform.python_version_tuple(); print(v[0] + "." + v[1])')"
venv_version="$(sed -n 's/^version *= *\([0-9]*\.[0-9]*\).*/\1/p' .venv/pyvenv.cfg 2>/dev/null || true)"
if [ -x .venv/bin/python ] && [ "$venv_version" != "$py_version" ]; then
  echo "[setup] .venv was made by Python ${venv_version:-?}, the system has $py_version: making it anew"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv with /usr/bin/python3 --system-site-packages"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[setup] installing requirements.txt into .venv (torch is large: a few minutes)"
  if [ -n "$numpy_major" ]; then
    printf 'numpy>=%s,<%s\n' "$numpy_major" "$((numpy_major + 1))" > "$constraints"
  else
    : > "$constraints"
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt -c "$constraints"
  echo "$want" > "$stamp"
fi
echo "[setup] environment ready: $(.venv/bin/python -c 'import torch, numpy; from osgeo import gdal; from qgis.core import Qgis; print("QGIS", Qgis.QGIS_VERSION, "| GDAL", gdal.__version__, "| torch", torch.__version__, "| numpy", numpy.__version__)')"
