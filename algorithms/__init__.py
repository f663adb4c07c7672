"""Processing algorithms (one per file) and the ``mfaf`` provider. Only this package and the
plugin entry point import ``qgis``."""
