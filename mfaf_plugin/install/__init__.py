"""The optional Python packages the plugin needs (torch, scikit-learn, ...): which are missing, and
installing them into the Python that QGIS runs."""
