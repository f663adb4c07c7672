"""Training networks: on a tile dataset (the paper's grid framing) and on windows centred on cells (the
cross-validation's framing), epochs and recipes, the device (CPU or CUDA) and precision, network names
without torch, and model files (save, load, check)."""
