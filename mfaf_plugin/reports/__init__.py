"""Everything a person reads: plots (matplotlib, Agg), self-contained HTML pages, the maps of a
prediction, the prediction-area plot, the prediction report and its plain words, the cross-validation
report and the comparison reports. Reads results; computes no figure of its own (scoring/ does)."""
