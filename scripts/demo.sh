#!/usr/bin/env bash
# The main job on the embedded real example (Murchison gold, Western Australia), entirely through
# qgis_process: evidence stack -> prediction with the bundled model (an ensemble trained by
# mfaf:crossvalidate, see resources/model/README.md) -> probability and uncertainty GeoTIFF, drill
# targets (layer and CSV), all cells, PNG map, HTML report; then a summary in plain words.
#   bash scripts/demo.sh              (make demo)
#   RETRAIN=1 bash scripts/demo.sh    (make demo RETRAIN=1: a short spatial cross-validation first,
#                                      whose model then predicts; settings in scripts/example_config.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/example_config.sh"
source "$here/scripts/qgis_env.sh"  # the profile qgis_process uses and MFAF_PYTHON, QGIS's Python
Q="$here/scripts/qgis_process"
# one torch thread unless told otherwise: on a busy 2-core machine two threads spend their time in
# OpenMP spin waits (the prediction then takes ten times as long)
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
out="${MFAF_DEMO_OUT:-$here/output/demo}"
mkdir -p "$out/logs"
start=$(date +%s)

step() {  # step NAME ALG ARGS... : run one algorithm, log to $out/logs/NAME.log, keep JSON results
  local name="$1" alg="$2"; shift 2
  local t0=$(date +%s)
  if ! "$Q" --json run "$alg" -- "$@" >"$out/logs/$name.json" 2>"$out/logs/$name.log"; then
    echo "[demo] $name ($alg) FAILED; last lines of $out/logs/$name.log:" >&2
    tail -20 "$out/logs/$name.log" >&2
    exit 1
  fi
  echo "[demo] $name: $alg done in $(( $(date +%s) - t0 )) s"
}

echo "[demo] Murchison gold example (GSWA data, see resources/example/LICENSE_DATA.md) -> $out"
step stack mfaf:stacklayers "${EXAMPLE_STACK_ARGS[@]}" "OUTPUT=$out/evidence_stack.tif"
model="$BUNDLED_MODEL"
if [ "${RETRAIN:-0}" = "1" ]; then
  step crossvalidate mfaf:crossvalidate "INPUT=$out/evidence_stack.tif" "DEPOSITS=$EXAMPLE_DEPOSITS" \
    "${DEMO_RETRAIN_ARGS[@]}" "OUTPUT=$out/cv/oof.tif" "OUTPUT_FOLDS=$out/cv/folds.tif" "OUTPUT_FOLDER=$out/cv" \
    "REPORT=$out/cv_report.html" "OUTPUT_MODEL=$out/model.pt"
  model="$out/model.pt"
fi
step predict mfaf:predictprospectivity "INPUT=$out/evidence_stack.tif" "MODEL=$model" \
  "DEPOSITS=$EXAMPLE_DEPOSITS" "OUTPUT=$out/prospectivity.tif" "OUTPUT_TARGETS=$out/drill_targets.gpkg" \
  "OUTPUT_TARGETS_CSV=$out/drill_targets.csv" "OUTPUT_CELLS=$out/all_cells.gpkg" \
  "OUTPUT_MAP=$out/prospectivity_map.png" "REPORT=$out/report.html" \
  "OUTPUT_ZONES=$out/target_zones.gpkg" "OUTPUT_ZONES_CSV=$out/target_zones.csv"

"$MFAF_PYTHON" - "$here" "$out" "$model" "$start" <<'PY'
import json, os, sys, time
here, out, model, start = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
sys.path.insert(0, os.path.join(here, "build", "plugins"))  # this checkout as the package mfaf
from mfaf.venv_path import deps_folder
# torch where the plugin finds it without a venv: "Install Python dependencies" in qgis_process's profile
deps = deps_folder(os.path.join(os.environ["QGIS_CUSTOM_CONFIG_PATH"], "profiles", "default"))
if os.path.isdir(deps):
    sys.path.insert(0, deps)
from mfaf.mfaf_plugin.training.modelio import read_model_file
from mfaf.mfaf_plugin.reports.prediction_text import cross_validation, network_name

res = json.load(open(os.path.join(out, "logs", "predict.json")))["results"]
meta = read_model_file(model)["meta"]
share = res.get("DEPOSIT_SHARE")
print()
print("Summary (Murchison gold example)")
print("  model:                  {} ({})".format(os.path.relpath(model), network_name(meta["architecture"])))
cv = cross_validation(meta)
if cv is not None:
    print("  cross-validation ({} spatial folds; figures on ground the method had not seen):".format(cv["n_folds"]))
    for row in cv["rows"]:
        name, auc, top10 = row[0], row[1], row[-2]
        print("    {:<58} cell AUC {}, {} of the deposits in the top 10 % of the area".format(name, auc, top10))
    print("  beat the baselines?     " + cv["verdict"])
print("  drill targets:          {} (network score 0.50 or more; the score ranks ground, it is not a probability), "
      "{} of them greenfield (no known deposit)".format(
    int(res["TARGET_CELLS"]), int(res["GREENFIELD_TARGETS"])))
if res.get("ZONES") is not None:
    print("  target zones:           {} (the most prospective 5 % of the area, 1 km pixels), {} of them "
          "greenfield".format(int(res["ZONES"]), int(res["GREENFIELD_ZONES"])))
import csv
with open(os.path.join(out, "target_zones.csv"), newline="", encoding="utf-8") as fh:
    zones = list(csv.DictReader(fh))
for z in [z for z in zones if z["greenfield"] == "1"][:3]:
    print("    zone {:>3} ({} km2, peak {:.2f} at {:.5f}, {:.5f}) why here: {}".format(
        z["rank"], z["area_km2"], float(z["peak_probability"]), float(z["longitude"]), float(z["latitude"]),
        z["why_here"] or "-"))
if share is not None and share == share:
    print("  known deposits covered: {:.1f} % of the deposits in scored cells lie in drill targets".format(100 * share))
for key, label in (("OUTPUT_TARGETS", "targets layer"), ("OUTPUT_TARGETS_CSV", "targets table (CSV)"),
                   ("OUTPUT", "score GeoTIFF"), ("OUTPUT_CELLS", "all cells"), ("OUTPUT_MAP", "PNG map"),
                   ("OUTPUT_ZONES", "target zones"), ("OUTPUT_ZONES_CSV", "zones table (CSV)"),
                   ("REPORT", "HTML report")):
    if res.get(key):
        print("  {:<23} {}".format(label + ":", res[key]))
print("  total time:             {:.0f} s".format(time.time() - start))
PY
