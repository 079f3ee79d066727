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
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from extract.output import json_line
from extract.reports import Converter, ReportError, read_report


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


def process_file(path: str | Path, as_json: bool = False, legacy: Converter | None = None) -> FileResult:
    """Read one report and extract every row; errors come back in the result, not as exceptions.

    `as_json`: return the records as JSON lines, serialised in the worker, so the process
    that writes the output does not become the bottleneck of `-j N`. `legacy`: the
    batch's LibreOffice conversion of this file, when it is a .doc or .rtf.
    """
    from extract.pipeline import extract_records

    path = str(path)
    try:
        report = read_report(path, legacy)
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
              legacy: Converter | None = None) -> Iterator[FileResult]:
    """Results in input order; with jobs > 1, a bounded window of files in flight in worker processes.

    `legacy`: the batch's LibreOffice conversions; each task gets only its own file's.
    """
    def task(path: str | Path) -> tuple[Callable[[str | Path], FileResult], str | Path]:
        if work is not None:
            return (work, path)
        return (functools.partial(process_file, as_json=as_json, legacy=legacy.only(path) if legacy else None), path)

    if jobs <= 1:
        for path in paths:
            function, argument = task(path)
            yield function(argument)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_warm_up) as pool:
        window: deque[Future] = deque()
        for path in paths:
            window.append(pool.submit(*task(path)))
            if len(window) >= 2 * jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
