#!/usr/bin/env bash
# Install the plugin into a desktop QGIS profile, enable it, and make the .venv's packages
# (torch, torchvision, scikit-learn, imbalanced-learn) visible to that QGIS.
#
#   bash scripts/install_plugin.sh                # or: make install   (copies dist/mfaf-<v>.zip)
#   bash scripts/install_plugin.sh --link         # developers: the plugin folder is a symlink
#                                                 # to this checkout (edits take effect on restart)
#   options: --profile NAME (default "default"), --venv PATH (default <checkout>/.venv),
#            --no-venv (do not configure a venv), --no-enable
#
# Where: $QGIS_CUSTOM_CONFIG_PATH/profiles/<profile>/python/plugins/mfaf, or
# ~/.local/share/QGIS/QGIS3/profiles/<profile>/python/plugins/mfaf when the variable is unset.
#
# How the venv becomes visible: this writes the venv's path into
# <profile folder>/mfaf_venv.txt; when QGIS loads the plugin, venv_path.py puts the venv's
# site-packages first on sys.path (as PYTHONPATH does for scripts/qgis_process). Nothing
# is installed into the system Python (no --break-system-packages, no root), and a checkout used
# directly as a plugin (tests, scripts/qgis_process) is unaffected because the file lives in the
# profile. Keep the venv where it is (it is not copied); run this again after moving it.
# To undo: delete the plugin folder and mfaf_venv.txt (or use the Plugin Manager).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=copy profile=default venv="$here/.venv" enable=1
while [ $# -gt 0 ]; do
  case "$1" in
    --link) mode=link ;;
    --copy) mode=copy ;;
    --profile) profile="$2"; shift ;;
    --venv) venv="$2"; shift ;;
    --no-venv) venv="" ;;
    --no-enable) enable=0 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "install_plugin: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
base="${QGIS_CUSTOM_CONFIG_PATH:-$HOME/.local/share/QGIS/QGIS3}"
profile_dir="$base/profiles/$profile"
plugins="$profile_dir/python/plugins"
dest="$plugins/mfaf"
mkdir -p "$plugins"

in_place=0
if [ -d "$dest" ] && [ "$(cd "$dest" && pwd -P)" = "$(cd "$here" && pwd -P)" ]; then
  in_place=1  # run from the installed plugin folder itself (e.g. after Install from ZIP)
elif [ "$mode" = copy ] && ! git -C "$here" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "install_plugin: $here is not a git checkout; use --link, or install the ZIP" >&2
  exit 1
fi

# Never delete anything but a previous install of this plugin.
if [ "$in_place" = 1 ]; then
  echo "[install] the plugin is already in $dest: configuring the venv and enabling it only"
elif [ -L "$dest" ]; then
  rm -f "$dest"
elif [ -e "$dest" ]; then
  if [ -f "$dest/metadata.txt" ] && grep -q '^hasProcessingProvider=yes' "$dest/metadata.txt" \
     && [ -f "$dest/venv_path.py" -o -f "$dest/algorithms/provider.py" ]; then
    rm -rf "$dest"
  else
    echo "install_plugin: $dest exists and is not an MFAF install; move it away first" >&2
    exit 1
  fi
fi

if [ "$in_place" = 1 ]; then
  :
elif [ "$mode" = link ]; then
  bash "$here/scripts/build_translations.sh"
  ln -s "$here" "$dest"
  echo "[install] linked $dest -> $here"
else
  zip="$(bash "$here/scripts/build_zip.sh" | tail -n1)"
  /usr/bin/python3 - "$here/$zip" "$plugins" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as zf:
    for info in zf.infolist():
        path = zf.extract(info, sys.argv[2])
        mode = (info.external_attr >> 16) & 0o777
        if mode and not info.is_dir():
            os.chmod(path, mode)
PY
  echo "[install] unpacked $zip into $dest"
fi

cfg="$profile_dir/mfaf_venv.txt"
if [ -n "$venv" ]; then
  venv="$(cd "$venv" 2>/dev/null && pwd || echo "$venv")"
  site="$venv/lib/python$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')/site-packages"
  if [ -d "$site" ]; then
    printf '# written by scripts/install_plugin.sh: venv whose site-packages MFAF puts on sys.path\n%s\n' "$venv" > "$cfg"
    echo "[install] QGIS will import torch etc. from $site (configured in $cfg)"
  else
    echo "[install] WARNING: $site not found; run 'make setup' first, then install again" >&2
  fi
else
  rm -f "$cfg"
fi

if [ "$enable" = 1 ]; then
  if [ "$profile" = default ]; then
    bin="$(command -v qgis_process.bin || echo /usr/lib/qgis/qgis_process.bin)"
    QGIS_CUSTOM_CONFIG_PATH="$base" QT_QPA_PLATFORM=offscreen "$bin" plugins enable mfaf >/dev/null 2>&1 || true
  fi
  ini="$profile_dir/QGIS/QGIS3.ini"
  if ! grep -qx 'mfaf=true' "$ini" 2>/dev/null; then
    # qgis_process only knows profile "default"; set the same key QGIS reads at start-up.
    /usr/bin/python3 - "$ini" <<'PY'
import sys
from qgis.PyQt.QtCore import QSettings
s = QSettings(sys.argv[1], QSettings.Format.IniFormat)
s.setValue("PythonPlugins/mfaf", True)
s.sync()
PY
  fi
  echo "[install] enabled plugin mfaf in profile '$profile' ($profile_dir)"
fi
echo "[install] done: start QGIS (or 'make qgis'); the algorithms are in Processing Toolbox > MFAF prospectivity"
