# Everything a newcomer needs; each target runs the idempotent setup first.
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: setup test test-equivalence test-compat demo install zip translations qgis clean

setup:
	bash scripts/setup.sh

translations: setup
	bash scripts/build_translations.sh

# make test [JOBS=2]: the whole suite here in JOBS processes (pytest-xdist, a test file per process at
# a time; JOBS=0: one process), the equivalence tests again with torch's plainest CPU kernels
# (default: the set that reproduced the failure on another CPU), then QGIS 3.40 in a Debian 13
# chroot (root only)
JOBS ?= 2
test: setup translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(if $(filter-out 0,$(JOBS)),-n $(JOBS) --dist loadfile)
	$(MAKE) --no-print-directory test-equivalence CAP=default
	$(MAKE) --no-print-directory test-compat

# make test-compat [COMPAT=trixie|sid|all] [COMPAT_SUITE=ci|demo|full]: scripts/compat_chroots.sh
COMPAT ?= trixie
COMPAT_SUITE ?= ci
test-compat:
	@if [ "$$(id -u)" -ne 0 ]; then echo "[compat] not run: it needs root (sudo make test-compat)"; \
	else bash scripts/compat_chroots.sh --suite $(COMPAT_SUITE) $(COMPAT); fi

# make test-equivalence [CAP=avx2] [THREADS=1] [SLOW=1]: the tests marked equivalence (two ways of
# computing that must agree) again with torch's CPU kernels for CAP (ATEN_CPU_CAPABILITY: default,
# avx2, avx512; pick one that is not the machine's, which the first line prints) and THREADS torch
# threads per process; SLOW=1 adds the two long Dask runs (marked slow too). About 3 minutes.
CAP ?= avx2
THREADS ?= 1
EQUIVALENCE_TESTS := tests/test_distributed.py tests/test_training.py tests/test_gpu.py tests/test_prediction.py \
	tests/test_dask.py
test-equivalence: setup
	@ATEN_CPU_CAPABILITY=$(CAP) $(PY) -c "import torch; print('torch CPU capability:', \
		torch.backends.cpu.get_cpu_capability(), '| threads: $(THREADS)')"
	ATEN_CPU_CAPABILITY=$(CAP) MFAF_TEST_THREADS=$(THREADS) QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q \
		-m "equivalence$(if $(SLOW),, and not slow)" $(EQUIVALENCE_TESTS)

# make demo [RETRAIN=1]: the whole chain on the embedded Murchison example (output/demo/)
RETRAIN ?= 0
demo: setup translations
	RETRAIN=$(RETRAIN) bash scripts/demo.sh

zip: translations
	bash scripts/build_zip.sh

# make install [INSTALL_ARGS=--link]: into the QGIS profile, enabled, .venv made visible (docs/install.md)
install: setup translations
	bash scripts/install_plugin.sh $(INSTALL_ARGS)

# desktop QGIS with the plugin installed as above
qgis: install
	qgis --nologo

clean:
	rm -rf build dist output .pytest_cache
