"""The `extract` command: one subcommand per stage, each a thin layer over the Python API."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from extract.output import atomic_writer, json_line
from extract.reports import ReportError, converter, needs_conversion, read_report, report_paths


def fail_line(message: str) -> None:
    print(f"extract: error: {message}", file=sys.stderr)


def cmd_rows(args: argparse.Namespace) -> int:
    """`extract rows`: the rows of each report as JSON Lines, nothing extracted yet."""
    paths, failures = report_paths(args.paths)
    for failure in failures:
        fail_line(str(failure))
    count = 0
    with atomic_writer(args.output) as out, converter() as legacy:
        legacy.convert([p for p in paths if needs_conversion(p)])  # one LibreOffice process for the batch
        for path in paths:
            try:
                report = read_report(path, legacy)
            except ReportError as exc:
                fail_line(str(exc))
                failures.append(exc)
                continue
            for warning in report.warnings:
                print(f"extract: warning: {warning}", file=sys.stderr)
            for row in report.rows:
                out.write(json_line(row.to_dict()))
            count += len(report.rows)
    return summarize(len(paths), count, failures)


def cmd_run(args: argparse.Namespace) -> int:
    """`extract run`: every stage over reports, one record per row, in input order."""
    from extract.runner import FileResult, file_sha256
    from extract.writers import RESUMABLE, open_writer, read_previous

    paths, failures = report_paths(args.paths)
    for failure in failures:
        fail_line(str(failure))
    stems: dict[str, Path] = {}
    for path in paths:
        if path.stem in stems:
            print(f"extract: warning: {path} and {stems[path.stem]} share the stem {path.stem!r}: "
                  f"their record ids collide", file=sys.stderr)
        stems.setdefault(path.stem, path)
    previous: dict[str, list[dict]] = {}
    if args.resume:
        if not args.output or Path(args.output).suffix.lower() not in RESUMABLE:
            fail_line("--resume needs a .jsonl or .sqlite output (-o FILE.jsonl) to know what was done")
            return 2
        try:
            previous = read_previous(args.output)
        except ValueError as exc:
            fail_line(str(exc))
            return 2
    hashes = {p: file_sha256(p) for p in paths} if previous else {}
    todo = [p for p in paths if hashes.get(p) not in previous]
    if args.engine == "dask":
        from extract.distributed import dask_missing

        if dask_missing():
            fail_line(dask_missing())
            return 2
    engine = _engine(args)
    rows = 0
    try:
        with open_writer(args.output) as writer, _progress(len(paths), args.quiet) as advance, \
                converter() as legacy:
            legacy.convert([p for p in todo if needs_conversion(p)])  # one LibreOffice process for the batch
            results = engine(todo, legacy)
            for path in paths:
                if path not in todo:
                    result = FileResult(str(path), hashes[path], previous[hashes[path]])
                else:
                    result = next(results)
                if result.error:
                    fail_line(result.error)
                    failures.append(ReportError(result.path, result.error))
                for warning in result.warnings:
                    print(f"extract: warning: {warning}", file=sys.stderr)
                if result.lines is not None:
                    writer.write_lines(result.lines)
                else:
                    writer.write(result.records)
                rows += result.count
                advance(result.count)
    except ValueError as exc:
        fail_line(str(exc))
        return 2
    if previous:
        print(f"extract: resumed: {len(paths) - len(todo)} file(s) unchanged, kept from {args.output}",
              file=sys.stderr)
    return summarize(len(paths), rows, failures)


def cmd_enrich(args: argparse.Namespace) -> int:
    """`extract enrich`: a CSV/Parquet table in, the same table with extracted columns out."""
    import pandas as pd

    from extract.api import enrich

    source, target = Path(args.table), Path(args.output)
    readers = {".csv": lambda p: pd.read_csv(p, dtype=str, keep_default_na=False), ".parquet": pd.read_parquet}
    for path in (source, target):
        if path.suffix.lower() not in readers:
            fail_line(f"{path}: use a .csv or .parquet file")
            return 2
    try:
        frame = readers[source.suffix.lower()](source)
    except FileNotFoundError:
        fail_line(f"{source}: no such file")
        return 2
    except Exception as exc:  # pandas/pyarrow raise many kinds on a broken table
        fail_line(f"{source}: cannot read the table: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        return 2
    try:
        enriched = enrich(frame, goal=args.goal_col, participants=args.participants_col, place=args.place_col,
                          dates=args.dates_col, name=args.name_col, year=args.year)
    except KeyError as exc:
        fail_line(f"{source}: {exc.args[0]}")
        return 2
    mode = "wb" if target.suffix.lower() == ".parquet" else "w"
    with atomic_writer(target, mode) as handle:
        if mode == "wb":
            enriched.to_parquet(handle, index=False)
        else:
            enriched.to_csv(handle, index=False)
    print(f"extract: {len(enriched)} row(s) enriched into {target}", file=sys.stderr)
    return 0


def _engine(args: argparse.Namespace):
    """The engine as a function of the paths; JSON Lines output is serialised in the workers."""
    from extract.runner import run_local

    as_json = args.output is None or str(args.output).endswith(".jsonl")
    if args.engine == "dask":
        from extract.distributed import run_dask

        return lambda paths, legacy: run_dask(paths, scheduler=args.scheduler, as_json=as_json,  # dask_missing()
                                              legacy=legacy)
    return lambda paths, legacy: run_local(paths, jobs=args.jobs, as_json=as_json, legacy=legacy)


def _progress(total: int, quiet: bool):
    """A rich progress bar on stderr with files and rows done (silent when not a terminal)."""
    import contextlib

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    @contextlib.contextmanager
    def bar():
        console = Console(stderr=True)
        with Progress(TextColumn("files"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rows]} rows"),
                      TimeElapsedColumn(), console=console, disable=quiet or not console.is_terminal,
                      transient=False) as progress:
            task = progress.add_task("run", total=total, rows=0)
            done = {"rows": 0}

            def advance(rows: int) -> None:
                done["rows"] += rows
                progress.update(task, advance=1, rows=done["rows"])

            yield advance
    return bar()


def summarize(files: int, rows: int, failures: list[ReportError]) -> int:
    """The closing summary line(s) on stderr; the exit code is 1 when any file failed."""
    failed = {f.path for f in failures}
    print(f"extract: {files} file(s) read, {rows} row(s) written, {len(failed)} failed", file=sys.stderr)
    for path in sorted(failed):
        print(f"extract: failed: {path}", file=sys.stderr)
    return 1 if failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="extract", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    rows = sub.add_parser("rows", help="read reports into rows (JSON Lines)")
    rows.add_argument("paths", nargs="+", metavar="PATH", help="report files, folders or globs (.docx, .txt)")
    rows.add_argument("-o", "--output", default=None, help="output .jsonl (default: stdout)")
    rows.set_defaults(func=cmd_rows)

    run = sub.add_parser("run", help="extract everything from reports: one record per row")
    run.add_argument("paths", nargs="+", metavar="PATH", help="report files, folders or globs (.docx, .txt)")
    run.add_argument("-o", "--output", default=None,
                     help="output .jsonl (full records), .csv or .parquet (flat table + .mentions table beside it), "
                          ".sqlite or .db (a database of events and linked entities); default: JSON Lines on stdout")
    run.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (each loads the models once)")
    run.add_argument("--resume", action="store_true",
                     help="keep records of files already in the .jsonl or .sqlite output with the same content hash")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local processes, or a Dask cluster (pip install '.[dask]')")
    run.add_argument("--scheduler", default=None, help="Dask scheduler address (default: a LocalCluster)")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=cmd_run)

    enrich = sub.add_parser("enrich", help="add extracted columns to a CSV/Parquet table of free texts")
    enrich.add_argument("table", help="input .csv or .parquet")
    enrich.add_argument("-o", "--output", required=True, help="output .csv or .parquet")
    enrich.add_argument("--goal-col", required=True, help="column with the goal/content text")
    enrich.add_argument("--participants-col", required=True, help="column with the participants text")
    enrich.add_argument("--place-col", default=None)
    enrich.add_argument("--dates-col", default=None)
    enrich.add_argument("--name-col", default=None)
    enrich.add_argument("--year", type=int, default=None, help="year of dates written without one")
    enrich.set_defaults(func=cmd_enrich)

    for register in _subcommands():
        register(sub)
    return parser


def _subcommands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands that live beside their stage."""
    from extract.database.serve import register as serve
    from extract.evaluation.command import register as evaluate
    from extract.sector.command import register as train_sector

    return [evaluate, train_sector, serve]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        fail_line("interrupted")
        return 130
    except BrokenPipeError:
        return 141


if __name__ == "__main__":
    sys.exit(main())
