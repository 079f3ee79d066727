"""The `extract` command: one subcommand per stage, each a thin layer over the Python API."""
from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

from extract.output import atomic_writer, json_line
from extract.reports import ReportError, read_report, report_paths


def fail_line(message: str) -> None:
    print(f"extract: error: {message}", file=sys.stderr)


def cmd_rows(args: argparse.Namespace) -> int:
    """`extract rows`: the rows of each report as JSON Lines, nothing extracted yet."""
    paths, failures = report_paths(args.paths)
    for failure in failures:
        fail_line(str(failure))
    count = 0
    with atomic_writer(args.output) as out:
        for path in paths:
            try:
                report = read_report(path)
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

    for register in _subcommands():
        register(sub)
    return parser


def _subcommands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands that live beside their stage, registered when their module is present."""
    found = []
    for module in ("extract.evaluation.command",):
        try:
            found.append(__import__(module, fromlist=["register"]).register)
        except ImportError:
            continue
    return found


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
