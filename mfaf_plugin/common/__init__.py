"""Shared by every stage: errors, progress and cancel callbacks, whole-or-nothing outputs (run staging,
locks, atomic files), GDAL raster I/O, CSV tables and number formatting. Imports no other subpackage."""
