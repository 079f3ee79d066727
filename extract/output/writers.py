"""Record writers for `extract run`: JSON Lines (full records), CSV and Parquet (flat + mentions),
SQLite (events, mentions and linked entities: extract/database/).

Writers stream: each file's records are written as they come, so memory stays
flat however large the archive. Every output file is written atomically.
"""
from __future__ import annotations

import contextlib
import csv
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from extract.database.schema import SUFFIXES as DATABASES
from extract.output.atomic import atomic_writer, json_line
from extract.output.schema import MENTION_COLUMNS, flat_columns, flat_kind, flatten, mention_rows

FORMATS = (".jsonl", ".csv", ".parquet", *DATABASES)


def mentions_path(path: Path) -> Path:
    """The long mentions table beside a flat table: out.csv → out.mentions.csv."""
    return path.with_name(f"{path.stem}.mentions{path.suffix}")


def output_files(path: str | Path) -> list[Path]:
    """Every file the writer of `path` writes."""
    path = Path(path)
    return [path] if path.suffix.lower() == ".jsonl" else [path, mentions_path(path)]


class Writer:
    """Records in, one output out; `write_lines` takes records a worker already wrote as JSON lines."""

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        raise NotImplementedError

    def write_lines(self, lines: Iterable[str]) -> None:
        self.write(json.loads(line) for line in lines)


class JsonlWriter(Writer):
    def __init__(self, handle) -> None:
        self.handle = handle

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.handle.write(json_line(record))

    def write_lines(self, lines: Iterable[str]) -> None:
        self.handle.writelines(lines)


class CsvWriter(Writer):
    def __init__(self, rows_handle, mentions_handle) -> None:
        self.rows = csv.DictWriter(rows_handle, fieldnames=flat_columns())
        self.mentions = csv.DictWriter(mentions_handle, fieldnames=list(MENTION_COLUMNS))
        self.rows.writeheader()
        self.mentions.writeheader()

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.rows.writerow(flatten(record))
            self.mentions.writerows(mention_rows(record))


class ParquetWriter(Writer):
    """Row groups appended per file, with a fixed schema so every batch agrees."""

    def __init__(self, rows_handle, mentions_handle) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.row_schema = pa.schema([(c, _arrow_type(pa, c)) for c in flat_columns()])
        self.mention_schema = pa.schema([(c, pa.int64() if c in ("start", "end") else pa.string())
                                         for c in MENTION_COLUMNS])
        self.rows = pq.ParquetWriter(rows_handle, self.row_schema)
        self.mentions = pq.ParquetWriter(mentions_handle, self.mention_schema)

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        records = list(records)
        if not records:
            return
        self.rows.write_table(self.pa.Table.from_pylist([flatten(r) for r in records], schema=self.row_schema))
        mentions = [m for r in records for m in mention_rows(r)]
        if mentions:
            self.mentions.write_table(self.pa.Table.from_pylist(mentions, schema=self.mention_schema))

    def close(self) -> None:
        self.rows.close()
        self.mentions.close()


def _arrow_type(pa, column: str):
    return {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}.get(flat_kind(column), pa.string())


def check_format(path: str | Path | None) -> None:
    """Raise ValueError, with what to use instead, for an output suffix no writer has."""
    if path is None or str(path) == "-":
        return
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown output format {suffix or '(none)'}: use one of {', '.join(FORMATS)}")


@contextlib.contextmanager
def open_writer(path: str | Path | None) -> Iterator[Writer]:
    """A writer chosen by the output's suffix (stdout: JSON Lines)."""
    check_format(path)
    if path is None or str(path) == "-":
        with atomic_writer(None) as handle:
            yield JsonlWriter(handle)
        return
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with atomic_writer(path) as handle:
            yield JsonlWriter(handle)
        return
    if suffix in DATABASES:
        from extract.database.writer import open_database

        with open_database(path) as writer:
            yield writer
        return
    mode = "wb" if suffix == ".parquet" else "w"
    with atomic_writer(path, mode) as rows, atomic_writer(mentions_path(path), mode) as mentions:
        if suffix == ".csv":
            yield CsvWriter(rows, mentions)
        else:
            writer = ParquetWriter(rows, mentions)
            try:
                yield writer
            finally:
                writer.close()
