#!/usr/bin/env bash
# Retrain the bundled model resources/model/mfaf_murchison.pt with mfaf:trainmodel itself, on the
# embedded Murchison example (see scripts/example_config.sh for every setting).
#   bash scripts/train_bundled_model.sh            (BUNDLED_EPOCHS=40 by default)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/example_config.sh"
Q="$here/scripts/qgis_process"
work="$here/build/bundled-model"
mkdir -p "$work" "$(dirname "$BUNDLED_MODEL")"
"$Q" run mfaf:stacklayers -- "${EXAMPLE_STACK_ARGS[@]}" "OUTPUT=$work/stack.tif"
"$Q" run mfaf:maketiles -- "INPUT=$work/stack.tif" "DEPOSITS=$EXAMPLE_DEPOSITS" "${EXAMPLE_TILE_ARGS[@]}" \
  "OUTPUT=$work/tiles.npz" "OUTPUT_CELLS=$work/grid.gpkg"
"$Q" run mfaf:trainmodel -- "DATASET=$work/tiles.npz" "${BUNDLED_TRAIN_ARGS[@]}" "DEVICE=cpu" \
  "OUTPUT=$BUNDLED_MODEL" "OUTPUT_METRICS=$here/resources/model/mfaf_murchison_metrics.csv"
echo "bundled model written: $BUNDLED_MODEL"
