"""Records that flow through the toolkit: a report, its rows, and what is found in them.

Every stage reads and writes these dataclasses; `to_dict` gives the JSON shape
documented in the README (the output contract).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The five text columns of a report row, in table order (the № column is `row`).
FIELDS: tuple[str, ...] = ("name", "place", "dates", "goal", "participants")


@dataclass(frozen=True)
class Match:
    """One thing an extractor found in one text: character offsets into that text."""

    start: int
    end: int
    text: str
    label: str
    normal: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Mention:
    """A Match placed in a row: which column's raw text its offsets point into."""

    field: str
    start: int
    end: int
    text: str
    label: str
    normal: str | None = None

    @classmethod
    def of(cls, column: str, match: Match) -> "Mention":
        return cls(column, match.start, match.end, match.text, match.label, match.normal)


@dataclass
class ReportInfo:
    """What the title and the closing summary say about a whole report."""

    source: str
    stem: str
    format: str
    title: str | None = None
    year: int | None = None
    quarter: int | None = None
    half_year: int | None = None
    level: str | None = None
    notes: str | None = None
    sha256: str | None = None


@dataclass
class Row:
    """One event row of a report, with the headers it sits under.

    `fields` holds the five text columns (None where the report's table has no such
    column); `fields_extra` the columns the toolkit has no field for, by their header.
    """

    id: str
    row: int
    section: str | None
    subsection: str | None
    fields: dict[str, str | None]
    report: ReportInfo
    warnings: list[str] = field(default_factory=list)
    number: str | None = None  # the row's number as a label ("12", "3.2"); str(row) when not given
    group: str | None = None
    fields_extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "row": self.row,
            "number": self.number or str(self.row),
            "section": self.section,
            "subsection": self.subsection,
            "group": self.group,
            "fields": dict(self.fields),
            "fields_extra": dict(self.fields_extra),
            "report": dict(vars(self.report)),  # flat scalars: a shallow copy is the same as asdict, faster
            "warnings": list(self.warnings),
        }


@dataclass
class Report:
    """A whole report as read: its metadata, its numbered rows, and what looked wrong."""

    info: ReportInfo
    rows: list[Row]
    warnings: list[str] = field(default_factory=list)
