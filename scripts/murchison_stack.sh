# Sourced by scripts/run_cv_results.sh and bench/bench_cv_time.py (needs $QP, the plugin's qgis_process,
# and $EX, resources/example): the Murchison evidence stack at one pixel size.
murchison_stack() {  # PIXEL STACK: greenstone, distance to its contacts, distance to faults
  "$QP" run mfaf:stacklayers -- "GEOLOGY=$EX/murchison_greenstone.geojson" CONTACT_DISTANCE=true \
    "FAULTS=$EX/murchison_faults.geojson" FAULT_MODE=0 "MASK=$EX/murchison_window.geojson" \
    "EXTENT=352782.9,682589.6,6699742.0,7101484.0 [EPSG:20350]" "PIXEL_SIZE=$1" TARGET_CRS=EPSG:20350 \
    NORMALIZE=0 "OUTPUT=$2" > /dev/null
}
