"""QGIS-free core of the MFAF prospectivity pipeline.

Nothing in this package imports ``qgis``; the Processing algorithms in ``algorithms/`` are
thin shells that convert parameters and call one function from here. Torch is only imported
by the modules that need it (training, prediction, model I/O), and only when called.
"""

__version__ = "0.1.0"
