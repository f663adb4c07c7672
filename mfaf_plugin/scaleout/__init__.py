"""Work spread over processes and machines: a generic Dask runner (units of work as tasks, shared data
sent once, progress, logs and cancel relayed; it imports none of its callers) and torchrun training
on several GPUs or machines (python -m mfaf.mfaf_plugin.scaleout.torchrun)."""
