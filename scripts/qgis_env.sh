# Sourced by scripts/qgis_process and scripts/demo.sh: the environment in which QGIS runs this
# checkout as plugin "mfaf" (a link in build/plugins) in a private profile folder (build/qgis-profile,
# or $QGIS_CUSTOM_CONFIG_PATH when set) so your desktop profile is untouched, with the packages of
# .venv (make setup) when it exists; and MFAF_PYTHON, the Python QGIS runs on with those packages,
# for the steps the scripts do in Python. Nothing here names a Python version: the venv's
# site-packages folder is the one its interpreter reports.
if [ "${MFAF_QGIS_ENV:-}" != "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" ]; then
  MFAF_QGIS_ENV="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  mkdir -p "$MFAF_QGIS_ENV/build/plugins"
  [ -e "$MFAF_QGIS_ENV/build/plugins/mfaf" ] || ln -sfn "$MFAF_QGIS_ENV" "$MFAF_QGIS_ENV/build/plugins/mfaf"
  export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
  export QGIS_PLUGINPATH="$MFAF_QGIS_ENV/build/plugins${QGIS_PLUGINPATH:+:$QGIS_PLUGINPATH}"
  export QGIS_CUSTOM_CONFIG_PATH="${QGIS_CUSTOM_CONFIG_PATH:-$MFAF_QGIS_ENV/build/qgis-profile}"
  # Linux QGIS runs on the system Python; make setup's .venv is a venv of it
  MFAF_PYTHON=/usr/bin/python3
  if [ -x "$MFAF_QGIS_ENV/.venv/bin/python" ]; then
    MFAF_PYTHON="$MFAF_QGIS_ENV/.venv/bin/python"
    mfaf_site="$("$MFAF_PYTHON" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
    [ -d "$mfaf_site" ] && export PYTHONPATH="$mfaf_site${PYTHONPATH:+:$PYTHONPATH}"
  fi
  export MFAF_QGIS_ENV MFAF_PYTHON  # a script run from a script that sourced this adds nothing twice
fi
