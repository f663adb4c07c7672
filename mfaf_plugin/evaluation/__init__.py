"""How good a method is on ground it has not seen: the method catalogue and the paper's tables, spatial
cross-validation (out-of-fold maps, summaries, comparison tables), the older held-out-tile comparison,
the classical baselines, the final model trained on every deposit, and a model scored on its held-out
tiles. Returns what the reports need; writing the reports is reports/' job."""
