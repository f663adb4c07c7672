"""Windows of an evidence stack: the window grid and its labelled tiles (stage 4), the tile dataset
file, augmentation of training tiles, spatial folds and blocks, the one window-buffer and block-draw
rules, windows centred on cells (sampling) and the scaling of bands as a network sees them."""
