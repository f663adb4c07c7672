# Everything a newcomer needs; each target runs the idempotent setup first.
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: setup test demo install zip translations qgis clean

setup:
	bash scripts/setup.sh

translations: setup
	bash scripts/build_translations.sh

test: setup translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

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
