"""The text export of a report: cells start with a tab, a cell's inner line breaks are newlines.

A header is a lone tab-indented line; blank lines separate rows but may also stand
inside a row (empty paragraphs of a cell), so rows are cut by their number cell and
the column count, not by blank lines.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from extract.reports.errors import ReportError
from extract.reports.layout import read_header
from extract.reports.numbers import typed_label
from extract.reports.table import Paragraph, RawDocument, RawRow, RawTable

FORMAT_NAME = "text export"
#: Columns of a text export whose first block of cells is no column header: the samples' six.
DEFAULT_COLUMNS = 6

#: Encodings a Russian text export is found in; the detector only chooses among these.
CANDIDATE_ENCODINGS = ["utf_8", "cp1251", "koi8_r", "cp866", "mac_cyrillic", "utf_16", "iso8859_5"]


def decode(data: bytes, path: str) -> str:
    """Bytes to text without mojibake: BOMs first, then strict UTF-8, then detection."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise ReportError(path, "not a text file in a known encoding (tried UTF-8, cp1251, KOI8-R, cp866)")
    return str(best)


@dataclass
class _Cell:
    text: str
    blank_before: bool
    blank_after: bool = False


def _cells(lines: list[str]) -> tuple[list[str], list[_Cell]]:
    """Split lines into the title (before the first cell) and tab-led cells."""
    title: list[str] = []
    cells: list[_Cell] = []
    blank = True
    for line in lines:
        if line.startswith("\t"):
            if cells:
                cells[-1].blank_after = blank
            cells.append(_Cell(line[1:], blank_before=blank))
            blank = False
        elif not line.strip():
            blank = True
            if cells:
                cells[-1].text += "\n"
        elif cells:
            cells[-1].text += "\n" + line
            blank = False
        else:
            title.append(line)
    if cells:
        cells[-1].blank_after = True
    return title, cells


def _is_number(cell: _Cell) -> bool:
    return typed_label(cell.text) is not None


def read_text(data: bytes, path: Path) -> RawDocument:
    text = decode(data, str(path))
    if "\x00" in text:
        raise ReportError(str(path), "binary data, not a text export or a Word file")
    title, cells = _cells(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if not cells:
        raise ReportError(str(path), "no table cells (tab-led lines): not a report text export")
    header_end = next((k + 1 for k, c in enumerate(cells) if c.blank_after), len(cells))
    columns = header_end if read_header([c.text for c in cells[:header_end]]) else DEFAULT_COLUMNS
    rows: list[RawRow] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        if _is_number(cell):
            j = i + 1
            while j < len(cells) and j - i < columns and not _is_number(cells[j]):
                j += 1
            rows.append(RawRow([c.text for c in cells[i:j]], source_index=len(rows) + 1))
            i = j
        elif cell.blank_before and cell.blank_after:
            rows.append(RawRow([cell.text] * columns, full_width=True, source_index=len(rows) + 1))
            i += 1
        else:
            j = i + 1  # a block of cells that is not a numbered row: the column header row, or broken
            while j < len(cells) and not cells[j - 1].blank_after and not _is_number(cells[j]):
                j += 1
            rows.append(RawRow([c.text for c in cells[i:j]], source_index=len(rows) + 1))
            i = j
    return RawDocument([Paragraph("\n".join(title)), RawTable(rows, columns, fixed_width=False)], "txt", FORMAT_NAME)
