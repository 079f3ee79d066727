"""Running extraction over many reports: which files a run reads (inputs), the local worker pool
(runner), Dask (distributed) and the journal --resume reads."""
