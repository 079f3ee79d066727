"""Running the pipeline over many report files: one function per file, workers, order kept.

`process_file` is the unit of work every engine runs (in this process, in `-j N`
worker processes, or on a Dask cluster): it never raises, so one bad file cannot
stop a batch; its error is carried in the result.
"""
from __future__ import annotations

import atexit
import functools
import hashlib
import multiprocessing
import os
import signal
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from extract.batch.inputs import read_input
from extract.output.atomic import json_line
from extract.reports import Converter, ReportError

#: What to do when worker processes cannot start or die: the usual cause is a script without the guard.
WORKERS_DIED = ("worker processes ended before their work was done. In a script, call extract.run(..., jobs=N) "
                "under `if __name__ == \"__main__\":` (each worker process imports the script again), "
                "or use jobs=1; otherwise a worker was killed (out of memory?)")


@dataclass
class FileResult:
    path: str
    sha256: str | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    lines: list[str] | None = None  # the records as JSON lines, when the worker wrote them

    @property
    def count(self) -> int:
        return len(self.lines) if self.lines is not None else len(self.records)


def file_sha256(path: str | Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def process_file(path: str | Path, as_json: bool = False, legacy: Converter | None = None,
                 id_stem: str | None = None) -> FileResult:
    """Read one report and extract every row; errors come back in the result, not as exceptions.

    `as_json`: return the records as JSON lines, serialised in the worker, so the process
    that writes the output does not become the bottleneck of `-j N`. `legacy`: the
    batch's LibreOffice conversion of this file, when it is a .doc or .rtf. `id_stem`:
    what the records' ids start with (see extract/batch/inputs.py; default the file's stem).
    """
    from extract.pipeline import extract_records

    path = str(path)
    try:
        report = read_input(path, id_stem, legacy)
        records = list(extract_records(report.rows))
    except ReportError as exc:
        return FileResult(path, error=str(exc))
    except Exception as exc:  # a bug must not sink the batch; it is reported with the file's name
        return FileResult(path, error=f"{path}: internal error: {type(exc).__name__}: {exc}")
    if as_json:
        return FileResult(path, report.info.sha256, [], list(report.warnings), lines=[json_line(r) for r in records])
    return FileResult(path, report.info.sha256, records, list(report.warnings))


def _warm_up() -> None:
    """Load the models once when a worker process starts (one BLAS thread per worker:
    the workers already use every core).

    A worker leaves without tearing down its heap (models, caches): its results went
    through a pipe synchronously, so nothing is left to flush, and freeing hundreds of
    megabytes object by object would hold up the end of every run by half a second.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle: it stops the workers
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    from extract.pipeline import default_extractor

    default_extractor()
    atexit.register(_leave)


def _leave() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def run_local(paths: Iterable[str | Path], jobs: int = 1,
              work: Callable[[str | Path], FileResult] | None = None, as_json: bool = False,
              legacy: Converter | None = None, id_stems: Mapping[Path, str] | None = None) -> Iterator[FileResult]:
    """Results in input order; with jobs > 1, a bounded window of files in flight in worker processes.

    `legacy`: the batch's LibreOffice conversions; each task gets only its own file's.
    `id_stems`: each file's id stem (extract/batch/inputs.py). Closing the iterator early (an
    interrupt) stops the workers at once instead of waiting for the files in flight.
    """
    def task(path: str | Path) -> tuple[Callable[[str | Path], FileResult], str | Path]:
        if work is not None:
            return (work, path)
        return (functools.partial(process_file, as_json=as_json, legacy=legacy.only(path) if legacy else None,
                                  id_stem=(id_stems or {}).get(Path(path))), path)

    if jobs <= 1:
        for path in paths:
            function, argument = task(path)
            yield function(argument)
        return
    _refuse_while_bootstrapping()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up)
    finished = False
    try:
        window: deque[Future] = deque()
        for path in paths:
            window.append(pool.submit(*task(path)))
            if len(window) >= 2 * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise RuntimeError(WORKERS_DIED) from None
    finally:
        if not finished:
            _stop_workers(pool)
        pool.shutdown(wait=finished, cancel_futures=not finished)


def _refuse_while_bootstrapping() -> None:
    """In a worker that is still importing the user's script (no `__main__` guard), leave quietly:
    starting processes from there would fail with a bootstrapping error in every worker; the
    parent says what to do (WORKERS_DIED)."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        sys.exit(1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
