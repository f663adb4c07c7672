"""numpy names that moved between the numpy versions the plugin runs on (1.24 on Debian 12's
QGIS 3.22, 2.2 on QGIS 3.40, 2.4 on QGIS 3.44): one place, decided by what the running numpy has."""

import numpy as np

# numpy 2.0 renamed trapz to trapezoid (trapz deprecated, gone in 2.4); numpy 1.x has only trapz
trapezoid = np.trapezoid if hasattr(np, "trapezoid") else np.trapz
