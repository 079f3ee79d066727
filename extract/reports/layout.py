"""What each column of a report table holds, read from its header row's words.

Clerks order and name columns as they like ("Сроки проведения", "Дата", "Дата и место
проведения"), add their own ("Ответственный исполнитель") and leave some out. The
header's words (extract/data/column_headers.tsv) map each column to the record's
fields; a column no field takes is kept as an extra column under its header.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.records import FIELDS
from extract.reports.numbers import typed_label
from extract.reports.table import tidy

NUMBER = "number"
ROLES = (NUMBER, *FIELDS)
#: A header cell longer than this is text of a row, not a column header.
MAX_HEADER_CHARS = 300


@lru_cache(maxsize=1)
def header_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    path = Path(__file__).resolve().parent.parent / "data" / "column_headers.tsv"
    patterns = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#") and not line.startswith("field\t"):
            role, pattern = line.split("\t")
            patterns.append((role, re.compile(pattern)))
    return tuple(patterns)


def _header_key(text: str) -> str:
    """Lower case, "ё" as "е", one line, bracketed remarks left out (unless that leaves nothing)."""
    flat = " ".join(tidy(text).split()).lower().replace("ё", "е")
    bare = re.sub(r"\([^)]*\)?", " ", flat)
    bare = " ".join(bare.split())
    return bare or flat


def roles_of(header: str) -> tuple[str, ...]:
    """The fields a column header names, in table order ("Дата и место проведения" → place, dates)."""
    key = _header_key(header)
    found = {role for role, pattern in header_patterns() if pattern.search(key)}
    if NUMBER in found and len(key) > 12:  # "№ п/п" is short; "№ и дата соглашения" is not a number column
        found.discard(NUMBER)
    return tuple(r for r in ROLES if r in found)


@dataclass(frozen=True)
class Column:
    header: str
    roles: tuple[str, ...]  # empty: an extra column


@dataclass(frozen=True)
class Layout:
    """The report table's columns; `positional` when no header was found and six columns were assumed."""

    columns: tuple[Column, ...]
    positional: bool = False

    @property
    def width(self) -> int:
        return len(self.columns)

    def columns_of(self, role: str) -> list[int]:
        return [i for i, c in enumerate(self.columns) if role in c.roles]

    @property
    def number_column(self) -> int | None:
        found = self.columns_of(NUMBER)
        return found[0] if found else None

    @property
    def name_column(self) -> int | None:
        found = self.columns_of("name")
        return found[0] if found else None

    @property
    def missing(self) -> list[str]:
        """Fields no column holds: null in every record of this table."""
        return [f for f in FIELDS if not self.columns_of(f)]

    @property
    def extra_headers(self) -> dict[int, str]:
        """Extra columns by index, each under a header unique in the table ("Примечание", "Примечание (2)")."""
        keys: dict[int, str] = {}
        for i, column in enumerate(self.columns):
            if column.roles:
                continue
            base = " ".join(tidy(column.header).split()) or f"column {i + 1}"
            key, n = base, 2
            while key in keys.values():
                key, n = f"{base} ({n})", n + 1
            keys[i] = key
        return keys

    def split(self, cells: list[str]) -> tuple[dict[str, str | None], dict[str, str]]:
        """A row's cells as fields (None where no column holds the field) and extra columns."""
        fields: dict[str, str | None] = {}
        for name in FIELDS:
            columns = self.columns_of(name)
            if not columns:
                fields[name] = None
                continue
            texts = list(dict.fromkeys(t for t in (cells[i] for i in columns if i < len(cells)) if t))
            fields[name] = "\n".join(texts)
        extra = {key: cells[i] if i < len(cells) else "" for i, key in self.extra_headers.items()}
        return fields, extra


def positional_layout() -> Layout:
    """The samples' six columns, when a table has no header to read them from."""
    return Layout(tuple(Column(role, (role,)) for role in ROLES), positional=True)


def read_header(cells: list[str]) -> Layout | None:
    """A Layout if these cells are a column-header row: no row number, short cells, and at least two
    columns (and half of the filled ones) naming a field."""
    texts = [tidy(c) for c in cells]
    filled = [t for t in texts if t]
    if len(filled) < 2 or typed_label(texts[0]) is not None or any(len(t) > MAX_HEADER_CHARS for t in filled):
        return None
    columns = tuple(Column(t, roles_of(t) if t else ()) for t in texts)
    named = [c for c in columns if c.roles]
    fields_named = {r for c in named for r in c.roles if r != NUMBER}
    if len(named) < 2 or not fields_named or 2 * len(named) < len(filled):
        return None
    return Layout(columns)


def merge_header(top: list[str], sub: list[str]) -> Layout | None:
    """A two-storey header ("Участники" over "всего" | "из них иностранных"): each column's words joined."""
    joined = [" ".join(t for t in (tidy(a), tidy(b)) if t) for a, b in zip(top, sub)]
    return read_header(joined)


def is_column_numbers(cells: list[str]) -> bool:
    """The row of column numbers some clerks put under the header: "1 | 2 | 3 | 4 | 5 | 6"."""
    texts = [tidy(c).rstrip(".") for c in cells]
    filled = [t for t in texts if t]
    return len(filled) >= 3 and all(t.isdigit() for t in filled) and \
        [int(t) for t in filled] == list(range(int(filled[0]), int(filled[0]) + len(filled))) and filled[0] in ("1", "0")
