# Settings of the embedded Murchison example, shared by the demo (scripts/demo.sh) and the
# training of the bundled model (scripts/train_bundled_model.sh): the demo's stack must be built
# exactly as the bundled model's training stack was (same bands, same normalisation).
EX="$here/resources/example"
EXAMPLE_STACK_ARGS=(
  "GEOLOGY=$EX/murchison_greenstone.geojson"
  "CONTACT_DISTANCE=true"
  "FAULTS=$EX/murchison_faults.geojson"
  "FAULT_MODE=0"
  "EXTENT=352782.9,682589.6,6699742.0,7101484.0 [EPSG:20350]"
  "PIXEL_SIZE=1000"
  "TARGET_CRS=EPSG:20350"
  "NORMALIZE=0"
)
EXAMPLE_DEPOSITS="$EX/murchison_gold_deposits.geojson"
EXAMPLE_TILE_ARGS=("TILE_SIZE=16" "SEED=0")
# Spatial cross-validation that trains the bundled model (scripts/train_bundled_model.sh): the
# network against three classical baselines on the same folds, then the network trained on every
# deposit as an ensemble over the seeds (centred framing: a 16-cell = 16 km window around each
# cell). The short configuration of `make demo RETRAIN=1` follows it.
BASELINES=("METHODS=logistic_regression_cells" "METHODS=balanced_random_forest_cells"
           "METHODS=balanced_random_forest_window")
# The network is the default of 'Train model' (MFAF on ShuffleNetV2, dilation rates 1,2,4,8,10).
NETWORK=("METHODS=mfaf_shufflenetv2" "DILATIONS=1,2,4,8,10")
# the bundled model's record: every classical baseline and the combined method, on the folds of
# fold seed 2026 (docs/RESULTS.md's protocol)
ALL_BASELINES=("METHODS=logistic_regression_cells" "METHODS=random_forest_cells" "METHODS=balanced_random_forest_cells"
               "METHODS=logistic_regression_window" "METHODS=random_forest_window"
               "METHODS=balanced_random_forest_window" "METHODS=weights_of_evidence_cells"
               "METHODS=gradient_boosting_cells" "METHODS=gradient_boosting_window" "METHODS=combined")
BUNDLED_CV_ARGS=("${NETWORK[@]}" "${ALL_BASELINES[@]}" "FRAMING=centred" "TILE_SIZE=16" "FOLDS=5"
                 "SEEDS=${BUNDLED_SEEDS:-0,1,2}" "EPOCHS=${BUNDLED_EPOCHS:-6}" "FOLD_SEED=2026" "DEVICE=cpu")
DEMO_RETRAIN_ARGS=("${NETWORK[@]}" "${BASELINES[@]}" "FRAMING=centred" "TILE_SIZE=16" "FOLDS=3"
                   "SEEDS=0" "EPOCHS=${DEMO_EPOCHS:-2}" "FOLD_SEED=0" "N_BOOTSTRAP=200" "DEVICE=cpu")
BUNDLED_MODEL="$here/resources/model/mfaf_murchison.pt"
