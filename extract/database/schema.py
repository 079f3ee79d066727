"""The archive database's tables and their documented columns: the contract of `extract run -o x.sqlite`.

One `Table` per table, with every column's SQLite type and meaning; the writer creates
the tables from it, the Datasette metadata describes them from it, and the README
documents the same columns (tested). `events` is the flat table of the CSV output,
derived from the record schema, except that lists of strings stay JSON arrays so that
SQL (`json_each`) and Datasette's array facets can use them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from extract.records import FIELDS
from extract.output.schema import RECORD, flat_columns, flatten

#: File suffixes `extract run -o` writes as a database.
SUFFIXES = (".sqlite", ".db")
#: The text columns the full-text index (FTS5) covers.
SEARCHED = ("name", "place", "goal", "participants")


@dataclass(frozen=True)
class Column:
    name: str
    type: type  # str, int or float: SQLite TEXT, INTEGER, REAL
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    pk: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)
    label: str | None = None  # the column that names a row, where other tables link to it

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_FIELD_TEXTS = {
    "name": "raw text of the name column (the event's name)",
    "place": "raw text of the place column",
    "dates": "raw text of the dates column",
    "goal": "raw text of the goal column (goal, content, result)",
    "participants": "raw text of the participants column",
}
_REPORT_TEXTS = {
    "source": "the report file's path as given to extract run",
    "stem": "the report file's name without its suffix (the first part of the id)",
    "format": "the report's format: docx, odt, pdf, doc, rtf, txt",
    "title": "the report's title",
    "year": "the year the report covers",
    "quarter": "the quarter the report covers (1-4), when it covers one",
    "half_year": "the half-year the report covers (1-2), when it covers one",
    "level": "regional or municipal",
    "notes": "the text after the report's table (its closing summary)",
    "sha256": "SHA-256 of the report file (what --resume compares)",
}
_SQL_TYPES = {"integer": int, "number": float, "boolean": int}


def _event_columns() -> tuple[Column, ...]:
    columns = []
    for name in flat_columns():
        if name in FIELDS:
            columns.append(Column(name, str, _FIELD_TEXTS[name]))
        elif name.startswith("report_"):
            key = name[len("report_"):]
            kind = int if key in ("year", "quarter", "half_year") else str
            columns.append(Column(name, kind, _REPORT_TEXTS[key]))
        else:
            kind, text = RECORD[name]
            if kind.startswith("array") or kind == "object":
                text = f"{text} (JSON {'array' if kind.startswith('array') else 'object'})"
            if kind == "boolean":
                text = f"{text} (1 or 0)"
            columns.append(Column(name, _SQL_TYPES.get(kind.split("|")[0], str), text))
    return tuple(columns)


def _link_table(entity: str, column: str, kind: type, other: str, other_key: str) -> Table:
    return Table(
        f"event_{entity}", f"Events ↔ {entity}",
        f"Which events name which {entity}, and in which column: one row per event, entity and field.",
        (Column("event_id", str, "the event (events.id)"),
         Column(column, kind, f"the entity ({other}.{other_key})"),
         Column("field", str, "the column the entity was read from: name, place, dates, goal or participants")),
        pk=("event_id", column, "field"),
        foreign_keys=(("event_id", "events", "id"), (column, other, other_key)))


_EVENTS_COUNT = Column("events", int, "number of events it appears in")

TABLES: tuple[Table, ...] = (
    Table("events", "Events", "One row per event (a numbered row of a report): the flat columns of the CSV output.",
          _event_columns(), pk=("id",), label="name"),
    Table("mentions", "Mentions",
          "Every value found in a row, with its character offsets into the column it was read from.",
          (Column("id", str, "the event (events.id)"),
           Column("field", str, "the column: name, place, dates, goal or participants"),
           Column("start", int, "offset of the first character in the column's text"),
           Column("end", int, "offset after the last character"),
           Column("text", str, "the text as written"),
           Column("label", str, "ORG, PER, COUNTRY, SETTLEMENT, REGION, DATE or COUNT"),
           Column("normal", str, "its normal form (nominative, ISO code, ISO date, number)")),
          foreign_keys=(("id", "events", "id"),)),
    Table("settlements", "Settlements",
          "One row per town or village across the archive, keyed by its GeoNames id; "
          "coordinates © GeoNames, CC BY 4.0.",
          (Column("id", int, "the GeoNames id; negative for a settlement GeoNames does not list "
                             "(numbered in the order met)"),
           Column("name", str, "the name in the nominative"),
           Column("country", str, "ISO 3166-1 alpha-2 code (or the Russian name of a state without one)"),
           Column("region", str, "the region or district the texts name beside it most often"),
           Column("geonameid", int, "the GeoNames id (https://www.geonames.org/ID)"),
           Column("lat", float, "latitude, WGS 84 degrees (GeoNames)"),
           Column("lon", float, "longitude, WGS 84 degrees (GeoNames)"),
           Column("population", int, "population (GeoNames)"),
           _EVENTS_COUNT),
          pk=("id",), label="name"),
    Table("countries", "Countries", "One row per country named anywhere in the archive.",
          (Column("code", str, "ISO 3166-1 alpha-2 code (or the Russian name of a state without one)"),
           Column("name", str, "the country's Russian name"),
           _EVENTS_COUNT),
          pk=("code",), label="name"),
    Table("organizations", "Organizations",
          "One row per body across the archive: its mentions in every report joined by the rules that "
          "join one row's variants (extract/extractors/org_variants.py).",
          (Column("id", int, "the archive-wide key (numbered in the order met)"),
           Column("name", str, "the nominative name, in its fullest form"),
           Column("forms", str, "every form it was written in (JSON array)"),
           Column("country", str, "its country, where the places its name names agree on one"),
           _EVENTS_COUNT),
          pk=("id",), label="name"),
    Table("persons", "Persons", "One row per person across the archive (one nominative name).",
          (Column("id", int, "the archive-wide key (numbered in the order met)"),
           Column("name", str, "the nominative name (\"В.Н. Анохин\")"),
           _EVENTS_COUNT),
          pk=("id",), label="name"),
    _link_table("settlements", "settlement_id", int, "settlements", "id"),
    _link_table("countries", "country", str, "countries", "code"),
    _link_table("organizations", "organization_id", int, "organizations", "id"),
    _link_table("persons", "person_id", int, "persons", "id"),
)
TABLE = {t.name: t for t in TABLES}


def create_tables(db) -> None:
    """Every table, empty, with its keys and the indexes the links and Datasette's counts use."""
    for table in TABLES:
        db[table.name].create({c.name: c.type for c in table.columns}, pk=list(table.pk) or None,
                              foreign_keys=list(table.foreign_keys) or None)
        for column, _, _ in table.foreign_keys:
            if (column,) != table.pk[:1]:
                db[table.name].create_index([column])


def event_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a row of `events`: the CSV's flat row, lists of strings kept as lists (JSON)."""
    row = flatten(record)
    row.update({k: list(record.get(k) or []) for k, (kind, _) in RECORD.items() if kind == "array<string>"})
    return row


def record_of(row: dict[str, Any], mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """The record an `events` row and its mentions were written from (for --resume)."""
    record: dict[str, Any] = {}
    for key, (kind, _) in RECORD.items():
        if key == "fields":
            record[key] = {f: row[f] for f in FIELDS}
        elif key == "report":
            record[key] = {c[len("report_"):]: row[c] for c in row if c.startswith("report_")}
        elif key == "mentions":
            record[key] = [{k: m[k] for k in m if k != "id"} for m in mentions]
        elif kind == "object" or kind.startswith("array"):
            record[key] = json.loads(row[key]) if row[key] is not None else ([] if kind.startswith("array") else {})
        elif kind == "boolean":
            record[key] = None if row[key] is None else bool(row[key])
        else:
            record[key] = row[key]
    return record
