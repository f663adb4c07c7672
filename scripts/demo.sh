#!/usr/bin/env bash
# The main job on the embedded real example (Murchison gold, Western Australia), entirely through
# qgis_process: evidence stack -> labelled tiles -> prediction with the bundled model (or a short
# retraining with RETRAIN=1) -> probability GeoTIFF, numbered target cells, PNG map, HTML report.
#   bash scripts/demo.sh              (make demo)
#   RETRAIN=1 bash scripts/demo.sh    (make demo RETRAIN=1: trains a model first, short config)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/example_config.sh"
Q="$here/scripts/qgis_process"
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
step tiles mfaf:maketiles "INPUT=$out/evidence_stack.tif" "DEPOSITS=$EXAMPLE_DEPOSITS" \
  "${EXAMPLE_TILE_ARGS[@]}" "OUTPUT=$out/tiles.npz" "OUTPUT_CELLS=$out/tile_grid.gpkg"
model="$BUNDLED_MODEL"
if [ "${RETRAIN:-0}" = "1" ]; then
  step train mfaf:trainmodel "DATASET=$out/tiles.npz" "${DEMO_RETRAIN_ARGS[@]}" \
    "OUTPUT=$out/model.pt" "OUTPUT_METRICS=$out/training_metrics.csv"
  model="$out/model.pt"
fi
step predict mfaf:predictprospectivity "INPUT=$out/evidence_stack.tif" "MODEL=$model" \
  "DEPOSITS=$EXAMPLE_DEPOSITS" "DATASET=$out/tiles.npz" "OUTPUT=$out/prospectivity.tif" \
  "OUTPUT_CELLS=$out/target_cells.gpkg" "OUTPUT_MAP=$out/prospectivity_map.png" \
  "REPORT=$out/report.html"

"$here/.venv/bin/python" - "$out" "$model" "$start" <<'PY'
import json, os, sys, time
out, model, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
res = json.load(open(os.path.join(out, "logs", "predict.json")))["results"]
tiles = json.load(open(os.path.join(out, "logs", "tiles.json")))["results"]
share = res.get("DEPOSIT_SHARE")
print()
print("Summary (Murchison gold example)")
print("  model:                  {}".format(os.path.relpath(model)))
print("  tiles:                  train {} ore / {} no ore, test {} ore / {} no ore (before augmentation)".format(
    tiles["TRAIN_ORE"], tiles["TRAIN_NO_ORE"], tiles["TEST_ORE"], tiles["TEST_NO_ORE"]))
if res.get("TEST_AUC") is not None:
    print("  held-out test tiles:    AUC {:.3f}, accuracy {:.3f}, recall {:.3f}, F1 {:.3f} (never used in training)".format(
        res["TEST_AUC"], res["TEST_ACCURACY"], res["TEST_RECALL"], res["TEST_F1"]))
print("  target cells:           {}".format(int(res["TARGET_CELLS"])))
if share is not None and share == share:
    print("  known deposits covered: {:.1f} % of the deposits inside the map lie in target cells".format(100 * share))
for key, label in (("OUTPUT", "probability GeoTIFF"), ("OUTPUT_CELLS", "target cells"),
                   ("OUTPUT_MAP", "PNG map"), ("REPORT", "HTML report")):
    if res.get(key):
        print("  {:<23} {}".format(label + ":", res[key]))
print("  total time:             {:.0f} s".format(time.time() - start))
PY
