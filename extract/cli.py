"""The `extract` command: one subcommand per stage, each a thin layer over the Python API."""
from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator, Sequence

from extract import __version__
from extract.batch.inputs import Inputs, read_input, select_inputs
from extract.output.atomic import atomic_writer, json_line
from extract.reports import ReportError, converter, needs_conversion

#: One example per subcommand, shown at the end of its --help (each is tested to parse).
EXAMPLES: dict[str, str] = {
    "rows": "extract rows samples/ -o out/rows.jsonl",
    "run": "extract run reports/ -o out/records.parquet -j 2",
    "enrich": "extract enrich samples/events.csv -o out/enriched.csv --goal-col goal --participants-col who "
              "--place-col place --dates-col when --name-col title --year 2024",
    "evaluate": "extract evaluate annotations/ --baseline natasha --html out/evaluation.html",
    "train-sector": "extract train-sector --out models/sector/",
    "serve": "extract serve out/ties.sqlite --port 8001",
}


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so a run unwinds as it does on Ctrl-C (temporary files
    removed, the journal closed); a BaseException, so no `except Exception` swallows it."""


def fail_line(message: str) -> None:
    print(f"extract: error: {message}", file=sys.stderr)


def _selected(specs: Sequence[str]) -> Inputs:
    """The files to read (extract/batch/inputs.py), with a line on stderr for each one skipped or not found."""
    inputs = select_inputs(specs)
    for error in inputs.errors:
        fail_line(str(error))
    for skipped in inputs.skipped:
        print(f"extract: warning: {skipped}", file=sys.stderr)
    return inputs


def cmd_rows(args: argparse.Namespace) -> int:
    """`extract rows`: the rows of each report as JSON Lines, nothing extracted yet."""
    inputs = _selected(args.paths)
    failures = list(inputs.errors)
    count = 0
    with atomic_writer(args.output) as out, converter() as legacy:
        legacy.convert([p for p in inputs.paths if needs_conversion(p)])  # one LibreOffice process for the batch
        for path in inputs.paths:
            try:
                report = read_input(path, inputs.id_stems[path], legacy)
            except ReportError as exc:
                fail_line(str(exc))
                failures.append(exc)
                continue
            for warning in report.warnings:
                print(f"extract: warning: {warning}", file=sys.stderr)
            for row in report.rows:
                out.write(json_line(row.to_dict()))
            count += len(report.rows)
    return summarize(len(inputs.paths) + len(inputs.errors), count, failures)


def cmd_run(args: argparse.Namespace) -> int:
    """`extract run`: every stage over reports, one record per row, in input order.

    With an output file, every finished file's records go to its journal first
    (extract/batch/journal.py): an interrupted run keeps them, `--resume` takes them back.
    """
    from extract.batch.journal import Journal, journal_path
    from extract.output.atomic import remove_stale_parts
    from extract.batch.runner import FileResult, file_sha256
    from extract.output.writers import check_format, open_writer, output_files

    to_file = args.output is not None and str(args.output) != "-"
    if args.resume and not to_file:
        fail_line("--resume needs an output file (-o FILE): the journal beside it says what was done")
        return 2
    try:
        check_format(args.output)
    except ValueError as exc:
        fail_line(str(exc))
        return 2
    if args.engine == "dask":
        from extract.batch.distributed import dask_missing

        if dask_missing():
            fail_line(dask_missing())
            return 2
    inputs = _selected(args.paths)
    failures: list[ReportError] = list(inputs.errors)
    rows = 0
    with contextlib.ExitStack() as stack:
        journal = stack.enter_context(Journal(journal_path(args.output), resume=args.resume)) if to_file else None
        for target in output_files(args.output) if to_file else ():
            remove_stale_parts(target)  # what a killed run left; this run owns the output
        kept = {}
        if journal is not None and args.resume:
            kept = {p: e for p in inputs.paths if (e := journal.done(p, file_sha256(p), inputs.id_stems[p]))}
            print(f"extract: resumed: {len(kept)} file(s) unchanged, kept from {journal.path}; "
                  f"{len(inputs.paths) - len(kept)} to read", file=sys.stderr)
        todo = [p for p in inputs.paths if p not in kept]
        try:
            writer = stack.enter_context(open_writer(args.output))
            advance = stack.enter_context(_progress(len(inputs.paths), args.quiet))
            legacy = stack.enter_context(converter())
            legacy.convert([p for p in todo if needs_conversion(p)])  # one LibreOffice process for the batch
            results = stack.enter_context(contextlib.closing(_engine(args)(todo, legacy, inputs.id_stems)))
            for path in inputs.paths:
                if path in kept:
                    records, warnings = journal.read(kept[path])
                    result = FileResult(str(path), kept[path].sha256, records, warnings)
                else:
                    result = next(results)
                    if journal is not None and result.error is None:
                        journal.add(path, result.sha256, inputs.id_stems[path], result.warnings, result.lines)
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
        except (KeyboardInterrupt, Terminated):
            if journal is not None:
                finished = sum(str(p) in journal.entries for p in inputs.paths)
                print(f"extract: the records of {finished} finished file(s) are in {journal.path}: "
                      f"run the same command with --resume to go on from there", file=sys.stderr)
            raise
    return summarize(len(inputs.paths) + len(inputs.errors), rows, failures)


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
    return summarize(1, len(enriched), [])


def _engine(args: argparse.Namespace):
    """The engine as a function of the paths; records come back as JSON lines, serialised in the workers."""
    from extract.batch.runner import run_local

    if args.engine == "dask":
        from extract.batch.distributed import run_dask

        return lambda paths, legacy, id_stems: run_dask(paths, scheduler=args.scheduler, as_json=True,
                                                        legacy=legacy, id_stems=id_stems)
    return lambda paths, legacy, id_stems: run_local(paths, jobs=args.jobs, as_json=True, legacy=legacy,
                                                     id_stems=id_stems)


def _progress(total: int, quiet: bool):
    """A rich progress bar on stderr with files and rows done (silent when not a terminal)."""
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
    """The closing summary line on stderr, the same for every subcommand that reads files, and the
    failed files after it; the exit code is 1 when any file failed."""
    failed = sorted({f.path for f in failures})
    print(f"extract: {files} file(s): {files - len(failed)} read, {len(failed)} failed, {rows} row(s) written",
          file=sys.stderr)
    for path in failed:
        print(f"extract: failed: {path}", file=sys.stderr)
    return 1 if failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="extract", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    paths_help = "report files, folders (recursively) or globs (.docx, .odt, .pdf, .doc, .rtf, .txt)"

    rows = sub.add_parser("rows", help="read reports into rows (JSON Lines)")
    rows.add_argument("paths", nargs="+", metavar="PATH", help=paths_help)
    rows.add_argument("-o", "--output", default=None, help="output .jsonl (default: stdout)")
    rows.set_defaults(func=cmd_rows)

    run = sub.add_parser("run", help="extract everything from reports: one record per row")
    run.add_argument("paths", nargs="+", metavar="PATH", help=paths_help)
    run.add_argument("-o", "--output", default=None,
                     help="output .jsonl (full records), .csv or .parquet (flat table + .mentions table beside it), "
                          ".sqlite or .db (a database of events and linked entities), "
                          "with its journal OUTPUT.journal; default: JSON Lines on stdout")
    run.add_argument("-j", "--jobs", type=int, default=1,
                     help="worker processes, each loads the models once (default: %(default)s)")
    run.add_argument("--resume", action="store_true",
                     help="keep the records of files the output's journal has with the same path and content hash")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local processes, or a Dask cluster (pip install '.[dask]'; default: %(default)s)")
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
    for name, subparser in sub.choices.items():
        subparser.formatter_class = argparse.RawDescriptionHelpFormatter
        subparser.epilog = f"example:\n  {EXAMPLES[name]}"
    return parser


def _subcommands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands that live beside their stage."""
    from extract.database.serve import register as serve
    from extract.evaluation.command import register as evaluate
    from extract.sector.command import register as train_sector

    return [evaluate, train_sector, serve]


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises `Terminated` while a command runs (main thread only: signals are delivered there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with _sigterm_unwinds():
            return args.func(args)
    except KeyboardInterrupt:
        fail_line("interrupted")
        return 130
    except Terminated:
        fail_line("terminated")
        return 143
    except BrokenPipeError:
        return 141


if __name__ == "__main__":
    sys.exit(main())
