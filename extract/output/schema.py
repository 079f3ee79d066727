"""The record schema: the output contract of `extract run`, documented in the README and tested.

One entry per top-level key of a record, with its JSON type and meaning. The flat
table (CSV/Parquet) is derived from it: scalars as they are, lists of strings
joined with "; ", lists of objects as JSON text, `fields` and `report` spread into
prefixed columns.
"""
from __future__ import annotations

import json
from typing import Any

from extract.records import FIELDS

#: key -> (JSON type, meaning). Order is the order of the flat table's columns.
RECORD: dict[str, tuple[str, str]] = {
    "id": ("string", "report file stem, '#', row number; 'stem#K/N' after the K-th start of the numbering"),
    "row": ("integer", "the row number as the report gives it (its first part for '3.2')"),
    "number": ("string", "the row's number as a label: '12', '3.2' (an item of group 3), Roman numerals as digits"),
    "section": ("string|null", "header the row sits under (sector in regional reports, municipality in municipal ones)"),
    "subsection": ("string|null", "second-level header (the body that held the event), regional reports"),
    "group": ("string|null", "the numbered group row the event is an item of ('3. Визиты делегаций')"),
    "fields": ("object", "raw texts of name, place, dates, goal, participants (null: the table has no such column)"),
    "fields_extra": ("object", "columns the toolkit has no field for, {header: text}"),
    "report": ("object", "source, stem, format, title, year, quarter, half_year, level, notes, sha256"),
    "warnings": ("array<string>", "what looked wrong in this row (numbering, unreadable dates, unmapped header)"),
    "sector": ("string|null", "sector code from annotations/GUIDE.md"),
    "sector_score": ("number|null", "probability of `sector` (1.0 when a header gives it)"),
    "sector_source": ("string|null", "'header' or 'model'"),
    "sector_alternatives": ("array<object>", "top three {sector, score}"),
    "date_start": ("string|null", "ISO date"),
    "date_end": ("string|null", "ISO date"),
    "date_precision": ("string|null", "day, month, quarter, half_year or year"),
    "dates_mentioned": ("array<object>", "dates in the goal text: {text, start, end, date_start, date_end, date_precision}"),
    "online": ("boolean", "held wholly or partly at a distance (place column)"),
    "place_settlements": ("array<string>", "settlements of the place column, nominative"),
    "place_countries": ("array<string>", "ISO 3166-1 alpha-2 codes of the place column"),
    "countries": ("array<string>", "countries named in goal and participants (ISO alpha-2, or Russian name)"),
    "settlements": ("array<string>", "settlements named in goal and participants, nominative"),
    "settlement_details": ("array<object>", "{name, country, region} for each settlement"),
    "regions": ("array<string>", "regions and districts named in goal and participants"),
    "organizations": ("array<string>", "organizations named in the row, each once, as written in its fullest form"),
    "organizations_normal": ("array<string>", "the nominative form of each of `organizations`, in the same order"),
    "organization_details": ("array<object>", "{text, normal, field}: each mention and its nominative form"),
    "persons": ("array<string>", "persons, nominative"),
    "participants_total": ("integer|null", "number of people who took part"),
    "participants_qualifier": ("string|null", "exact, approx, over or under"),
    "participant_groups": ("array<object>", "{count, qualifier, who, field, start, end} for each stated count"),
    "mentions": ("array<object>", "{field, start, end, text, label, normal}: offsets into fields[field]"),
}

#: Columns of the long mentions table written beside a flat table.
MENTION_COLUMNS = ("id", "field", "start", "end", "text", "label", "normal")

_REPORT_KEYS = ("source", "stem", "format", "title", "year", "quarter", "half_year", "level", "notes", "sha256")
#: Types of the flat columns that do not come from RECORD itself.
_REPORT_KINDS = {"year": "integer|null", "quarter": "integer|null", "half_year": "integer|null"}


def flat_columns() -> list[str]:
    columns: list[str] = []
    for key in RECORD:
        if key == "fields":
            columns += list(FIELDS)
        elif key == "report":
            columns += [f"report_{k}" for k in _REPORT_KEYS]
        elif key != "mentions":
            columns.append(key)
    return columns


def flat_kind(column: str) -> str:
    """The value type of a flat column: 'integer', 'number', 'boolean' or 'string' (nulls allowed),
    so every table writer keeps integers integers."""
    if column.startswith("report_"):
        kind = _REPORT_KINDS.get(column[len("report_"):], "string")
    else:
        kind = RECORD.get(column, ("string",))[0]
    kind = kind.split("|")[0]
    return kind if kind in ("integer", "number", "boolean") else "string"


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One flat row: lists of strings joined with '; ', objects as JSON text."""
    flat: dict[str, Any] = {}
    for key, (kind, _) in RECORD.items():
        value = record.get(key)
        if key == "fields":
            flat.update({f: (value or {}).get(f, "") for f in FIELDS})
        elif key == "report":
            flat.update({f"report_{k}": (value or {}).get(k) for k in _REPORT_KEYS})
        elif key == "mentions":
            continue
        elif kind == "object":
            flat[key] = json.dumps(value or {}, ensure_ascii=False)
        elif kind == "array<string>":
            flat[key] = "; ".join(value or [])
        elif kind.startswith("array"):
            flat[key] = json.dumps(value or [], ensure_ascii=False)
        else:
            flat[key] = value
    return flat


def mention_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": record["id"], **{k: m.get(k) for k in MENTION_COLUMNS[1:]}} for m in record.get("mentions", [])]


def check(record: dict[str, Any]) -> list[str]:
    """Problems with a record against the schema (empty when it conforms)."""
    types = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict,
             "null": type(None)}
    problems = [f"missing key {k}" for k in RECORD if k not in record]
    for key, (kind, _) in RECORD.items():
        if key not in record:
            continue
        value = record[key]
        if kind.startswith("array"):
            item = kind[6:-1]
            if not isinstance(value, list) or not all(isinstance(v, types[item]) for v in value):
                problems.append(f"{key}: expected {kind}")
        else:
            allowed = tuple(t for part in kind.split("|") for t in (types[part] if isinstance(types[part], tuple)
                                                                      else (types[part],)))
            if not isinstance(value, allowed) or (isinstance(value, bool) and "boolean" not in kind):
                problems.append(f"{key}: expected {kind}, got {type(value).__name__}")
    return problems
