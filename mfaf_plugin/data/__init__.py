"""Stages 1-3, from raw inputs to an evidence stack: cleaning and screening of geochemical elements,
interpolation (IDW) of point data, the stack itself (rasterising, distances, normalisation), checks of
stack values and of the grid (projected CRS, square pixels, the pixel size a model was trained at)."""
