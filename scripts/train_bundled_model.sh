#!/usr/bin/env bash
# Retrain the bundled model resources/model/mfaf_murchison.pt with the plugin's own algorithms on
# the embedded Murchison example (every setting in scripts/example_config.sh):
#   mfaf:stacklayers (1 km evidence stack) -> mfaf:crossvalidate (spatial 5-fold cross-validation of
#   the network against classical baselines; then the network trained on every deposit, one
#   ensemble member per seed, written as the model file, which records the cross-validated figures).
# The cross-validation summary is kept beside the model (mfaf_murchison_cv.csv).
#   bash scripts/train_bundled_model.sh            (BUNDLED_EPOCHS=6, BUNDLED_SEEDS=0,1,2 by default)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/example_config.sh"
# one thread: on a shared 2-core machine two threads spend their time in OpenMP spin waits
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
Q="$here/scripts/qgis_process"
work="$here/build/bundled-model"
rm -rf "$work"
mkdir -p "$work" "$(dirname "$BUNDLED_MODEL")"
start=$(date +%s)
"$Q" run mfaf:stacklayers -- "${EXAMPLE_STACK_ARGS[@]}" "OUTPUT=$work/stack.tif"
"$Q" run mfaf:crossvalidate -- "INPUT=$work/stack.tif" "DEPOSITS=$EXAMPLE_DEPOSITS" "${BUNDLED_CV_ARGS[@]}" \
  "OUTPUT=$work/oof.tif" "OUTPUT_FOLDS=$work/folds.tif" "OUTPUT_FOLDER=$work/cv" "REPORT=$work/cv_report.html" \
  "OUTPUT_MODEL=$BUNDLED_MODEL"
cp "$work/cv/cv_summary.csv" "$here/resources/model/mfaf_murchison_cv.csv"
cp "$work/cv/cv_comparisons.csv" "$here/resources/model/mfaf_murchison_cv_comparisons.csv"
echo "bundled model written: $BUNDLED_MODEL ($(( $(date +%s) - start )) s); cross-validation report: $work/cv_report.html"
