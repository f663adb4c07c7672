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
# Training configuration of the bundled model, and the short one of `make demo RETRAIN=1`.
BUNDLED_TRAIN_ARGS=("ARCHITECTURE=mfaf_shufflenetv2" "DILATIONS=1,2,4,8,10" "EPOCHS=${BUNDLED_EPOCHS:-20}" "BATCH_SIZE=32" "SEED=0")
DEMO_RETRAIN_ARGS=("ARCHITECTURE=mfaf_shufflenetv2" "DILATIONS=1,2,4,8,10" "EPOCHS=${DEMO_EPOCHS:-3}" "BATCH_SIZE=32" "SEED=0")
BUNDLED_MODEL="$here/resources/model/mfaf_murchison.pt"
