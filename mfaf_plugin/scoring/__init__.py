"""How a map or a set of predictions is scored: classification figures, the success-rate (capture)
curve, cell and tile figures with bootstrap intervals, paired differences and the one verdict rule.
Pure numpy / scipy / scikit-learn; no file I/O."""
