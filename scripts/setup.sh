#!/usr/bin/env bash
# Idempotent environment setup for a Debian 12 machine:
#  1. QGIS 3.22 LTR, GDAL and friends from Debian (only when missing; needs root or sudo), with
#     pip for QGIS's Python (used by "Install Python dependencies");
#  2. .venv made with Debian's Python (--system-site-packages, so qgis and osgeo stay visible)
#     holding the pinned packages of requirements.txt.
# Re-running it does nothing when everything is already in place.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

debs="qgis python3-qgis qgis-providers gdal-bin python3-gdal python3-shapely python3-fiona python3-pip qttools5-dev-tools xvfb"
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

stamp=".venv/.requirements.sha"
want="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv with /usr/bin/python3 --system-site-packages"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[setup] installing requirements.txt into .venv (torch is large: a few minutes)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
  echo "$want" > "$stamp"
fi
echo "[setup] environment ready: $(.venv/bin/python -c 'import torch, numpy; from osgeo import gdal; from qgis.core import Qgis; print("QGIS", Qgis.QGIS_VERSION, "| GDAL", gdal.__version__, "| torch", torch.__version__, "| numpy", numpy.__version__)')"
