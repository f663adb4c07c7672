"""Stage 6: a trained model applied to an evidence stack. The map (the paper's grid of windows, or a
window centred on every cell), strip by strip here or as Dask tasks, its numbered cells, the drill
targets. The steps shared by the paths are in inference.py."""
