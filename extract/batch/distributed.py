"""The same per-file function on a Dask cluster, for archives that outgrow one machine.

We do not schedule anything ourselves: Dask's distributed scheduler places the
tasks, retries those of a worker that dies, and we gather results in input
order, each file's records exactly once. Models load once per worker process
(a worker plugin warms the process-wide extractor up).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from extract.batch.runner import FileResult, process_file

MISSING = 'Dask is not installed: pip install ".[dask]"'


def dask_missing() -> str | None:
    """The message to show when Dask is not installed, else None."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return MISSING
    return None


def _dask():
    if dask_missing():
        raise ImportError(MISSING)
    from dask import distributed

    return distributed


def _warm_up_plugin(distributed):
    class WarmUp(distributed.WorkerPlugin):
        """Load the models when a worker starts, not inside the first task."""

        name = "extract-warm-up"

        def setup(self, worker) -> None:
            from extract.batch.runner import _warm_up

            _warm_up()

    return WarmUp()


def client(scheduler: str | None = None, workers: int = 2):
    """A client to `scheduler`, or to a new LocalCluster of worker processes."""
    distributed = _dask()
    if scheduler:
        c = distributed.Client(scheduler)
    else:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=":0")
        c = distributed.Client(cluster)
    c.register_plugin(_warm_up_plugin(distributed))
    return c


def run_dask(paths: Iterable[str | Path], scheduler: str | None = None, dask_client: Any = None,
             window: int = 64, as_json: bool = False, legacy: Any = None,
             id_stems: Mapping[Path, str] | None = None) -> Iterator[FileResult]:
    """FileResults in input order from a Dask cluster, a bounded window of files in flight.

    `id_stems`: each file's id stem (extract/batch/inputs.py)."""
    own = dask_client is None
    c = dask_client or client(scheduler)
    try:
        pending: list = []
        for path in paths:
            options = {"legacy": legacy.only(path)} if legacy and legacy.only(path) else {}
            if id_stems and Path(path) in id_stems:
                options["id_stem"] = id_stems[Path(path)]
            pending.append(c.submit(process_file, str(path), as_json, pure=False, **options))
            if len(pending) >= window:
                yield pending.pop(0).result()
        while pending:
            yield pending.pop(0).result()
    finally:
        if own:
            cluster = getattr(c, "cluster", None)
            c.close()
            if cluster is not None:
                cluster.close()
