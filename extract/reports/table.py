"""From a table of cells (whatever file it came from) to numbered rows under their headers.

Both readers (Word and text export) produce a `RawTable`; everything a report
means — which rows are headers, which header is a sector and which a body,
where the closing summary is, what the title says — is decided here once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from extract.records import FIELDS, Report, ReportInfo, Row
from extract.reports.errors import ReportError
from extract.reports.title import read_title

#: The table has six columns: № and the five text fields.
COLUMNS = 1 + len(FIELDS)

#: Export artefacts that are not text of the report.
ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]")

#: Typed row numbers: "1", "1.", "12 ." (a year such as 2023 is not a row number).
ROW_NUMBER = re.compile(r"^\s*(\d{1,4})\s*\.?\s*$")

def _header_words() -> dict[str, tuple[str, ...]]:
    """Stems that make a header a sector header or a body header (extract/data/header_words.tsv)."""
    kinds: dict[str, list[str]] = {}
    path = Path(__file__).resolve().parent.parent / "data" / "header_words.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, stem = line.split("\t")
            kinds.setdefault(kind, []).append(stem.strip())
    return {kind: tuple(stems) for kind, stems in kinds.items()}


HEADER_WORDS = _header_words()


@dataclass
class RawRow:
    """One table row as read: its cells' texts, and the number Word's list numbering gave it."""

    cells: list[str]
    full_width: bool = False
    list_number: int | None = None
    source_index: int = 0


@dataclass
class RawTable:
    title: str
    rows: list[RawRow]
    after: list[str] = field(default_factory=list)  # paragraphs after the table


def tidy(text: str) -> str:
    """Whitespace tidied, nothing dropped: lines kept, runs of spaces folded, empty lines gone."""
    text = ARTEFACTS.sub("", text)
    lines = (re.sub(r"[ \t\u00a0\u2007\u2009\u202f\u200b\ufeff]+", " ", line).strip()
             for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def is_sector_header(text: str) -> bool:
    """"Сотрудничество в сфере культуры", "Торгово-экономическое сотрудничество",
    "Внешнеэкономическая деятельность"; not a body ("Департамент … по культуре") nor a
    municipality ("Муниципальное образование «…»")."""
    words = re.findall(r"\w+", text.lower())
    if not words or words[0].startswith(HEADER_WORDS["body"]):
        return False
    return any(w.startswith(HEADER_WORDS["sector"]) for w in words)


#: The column header row: "№ п/п | Наименование мероприятия | Место проведения | …".
COLUMN_HEADER = re.compile(r"^\s*(?:№|N\b|п\s*/\s*п)|наименование\s+мероприяти", re.IGNORECASE)


def _is_column_header(cells: list[str]) -> bool:
    return any(COLUMN_HEADER.search(c) for c in cells[:2])


def _row_number(raw: RawRow) -> int | None:
    m = ROW_NUMBER.match(raw.cells[0])
    if m:
        return int(m.group(1))
    return raw.list_number


def assemble(raw: RawTable, path: Path, fmt: str, sha256: str | None = None) -> Report:
    """Turn a RawTable into a Report; raise ReportError on a table that is not a report."""
    info = ReportInfo(source=str(path), stem=path.stem, format=fmt, sha256=sha256)
    info.title = tidy(raw.title).replace("\n", " ") or None
    for key, value in read_title(info.title or "").items():
        setattr(info, key, value)

    body = [r for r in raw.rows if not (r.cells and _is_column_header(r.cells) and not r.full_width)]
    if not body and not raw.rows:
        raise ReportError(str(path), "the table has no rows")

    kinds: list[str] = []  # "row" | "header" per body row
    for r in body:
        texts = {tidy(c) for c in r.cells}
        if r.full_width or len(texts - {""}) <= 1 and _row_number(r) is None:
            kinds.append("header")
        elif len(r.cells) != COLUMNS:
            raise ReportError(str(path), f"{len(r.cells)} cells, expected {COLUMNS} (№ and {', '.join(FIELDS)})",
                              row=_row_number(r) or f"#{r.source_index}")
        else:
            kinds.append("row")
    if "row" not in kinds:
        raise ReportError(str(path), "no numbered rows: not a report table")
    last_row = max(i for i, k in enumerate(kinds) if k == "row")

    warnings: list[str] = []
    rows: list[Row] = []
    section = subsection = None
    previous: int | None = None
    seen: set[int] = set()
    for i, (r, kind) in enumerate(zip(body, kinds)):
        if kind == "header":
            text = " ".join(dict.fromkeys(t for t in (tidy(c) for c in r.cells) if t))
            if not text:
                continue
            if i > last_row:
                info.notes = f"{info.notes}\n{text}" if info.notes else text
            elif is_sector_header(text) or section is None or not is_sector_header(section):
                section, subsection = text, None
            else:
                subsection = text
            continue
        number = _row_number(r)
        row_warnings: list[str] = []
        if number is None:
            raise ReportError(str(path), "a row with no number (neither typed nor Word list numbering)",
                              row=f"after {previous}" if previous is not None else "first")
        if number in seen:
            row_warnings.append(f"row number {number} repeats")
        elif previous is not None and number != previous + 1:
            row_warnings.append(f"row numbering jumps from {previous} to {number}")
        seen.add(number)
        previous = number
        fields = {name: tidy(text) for name, text in zip(FIELDS, r.cells[1:])}
        for w in row_warnings:
            warnings.append(f"{path}: row {number}: {w}")
        rows.append(Row(id=f"{path.stem}#{number}", row=number, section=section, subsection=subsection,
                        fields=fields, report=info, warnings=row_warnings))
    notes_after = [t for t in (tidy(p) for p in raw.after) if t]
    if notes_after:
        extra = "\n".join(notes_after)
        info.notes = f"{info.notes}\n{extra}" if info.notes else extra
    return Report(info=info, rows=rows, warnings=warnings)
