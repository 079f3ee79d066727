"""Word reports through python-docx, made safe for untrusted files and Word's list numbering.

Row numbers are usually Word's automatic numbering (`w:numPr` on the № cell's
paragraph), which python-docx reads as an empty cell, so they are computed here
from numbering.xml: start values, overrides, restarts and levels.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from docx.oxml.ns import qn

from extract.reports.errors import ReportError
from extract.reports.table import COLUMNS, RawRow, RawTable

#: Limits for untrusted zips: a report is a few hundred KB of XML.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, per part
XML_PARTS_CHECKED = ("word/document.xml", "word/numbering.xml", "word/styles.xml")

TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): " ", qn("w:br"): "\n", qn("w:cr"): "\n",
             qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}


def check_zip(data: bytes, path: str) -> None:
    """Refuse what is not a Word zip, or would inflate beyond limits, before inflating anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReportError(path, f"corrupt Word file (bad zip: {exc})") from None
    with archive:
        infos = {i.filename: i for i in archive.infolist()}
        if "word/document.xml" not in infos:
            raise ReportError(path, "corrupt Word file: no word/document.xml inside")
        total = 0
        for info in infos.values():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
                raise ReportError(path, f"refused: {info.filename} would inflate to {info.file_size:,} bytes "
                                        f"(ratio {ratio:.0f}:1), a zip bomb or not a report")
        if total > MAX_TOTAL_BYTES:
            raise ReportError(path, f"refused: parts would inflate to {total:,} bytes in all")
        for name in XML_PARTS_CHECKED:
            if name in infos:
                try:
                    SafeET.fromstring(archive.read(name), forbid_dtd=True)
                except DefusedXmlException:
                    raise ReportError(path, f"refused: {name} declares a DTD or entities") from None
                except (SafeET.ParseError, zipfile.BadZipFile, EOFError, ValueError) as exc:
                    raise ReportError(path, f"corrupt Word file: {name}: {exc}") from None


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    restart: int | None = None  # restart after a use of this (0-based) level; None: after any higher


@dataclass
class Numbering:
    """Word's list numbering: counts numbered paragraphs in document order."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    abstract_of: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # paragraph style -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> ilvl -> value
    started: set[tuple[str, int]] = field(default_factory=set)  # (numId, ilvl) whose override was applied

    @classmethod
    def of(cls, document: docx.document.Document) -> "Numbering":
        self = cls()
        part = document.part
        try:
            numbering = part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        if numbering is not None:
            abstract: dict[str, dict[int, _Level]] = {}
            for a in numbering.findall(qn("w:abstractNum")):
                lv = {}
                for lvl in a.findall(qn("w:lvl")):
                    ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                    start, fmt, restart = lvl.find(qn("w:start")), lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlRestart"))
                    lv[ilvl] = _Level(int(start.get(qn("w:val"))) if start is not None else 1,
                                      fmt.get(qn("w:val")) if fmt is not None else "decimal",
                                      int(restart.get(qn("w:val"))) if restart is not None else None)
                abstract[a.get(qn("w:abstractNumId"))] = lv
            for num in numbering.findall(qn("w:num")):
                num_id = num.get(qn("w:numId"))
                ref = num.find(qn("w:abstractNumId"))
                aid = ref.get(qn("w:val")) if ref is not None else None
                self.abstract_of[num_id] = aid
                self.levels[num_id] = abstract.get(aid, {})
                for o in num.findall(qn("w:lvlOverride")):
                    so = o.find(qn("w:startOverride"))
                    if so is not None:
                        self.overrides.setdefault(num_id, {})[int(o.get(qn("w:ilvl"), "0"))] = int(so.get(qn("w:val")))
        for style in document.styles.element.findall(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                ref = self._num_ref(num_pr)
                if ref:
                    self.style_num[style.get(qn("w:styleId"))] = ref
        return self

    @staticmethod
    def _num_ref(num_pr) -> tuple[str, int] | None:
        num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        if num_id is None:
            return None
        return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0

    def number(self, paragraph) -> int | None:
        """Advance the counters for this paragraph; its number if it is a decimal list item."""
        ppr = paragraph.find(qn("w:pPr"))
        ref = None
        if ppr is not None:
            num_pr = ppr.find(qn("w:numPr"))
            if num_pr is not None:
                ref = self._num_ref(num_pr)
            else:
                style = ppr.find(qn("w:pStyle"))
                if style is not None:
                    ref = self.style_num.get(style.get(qn("w:val")))
        if ref is None or ref[0] == "0" or ref[0] not in self.levels:
            return None
        num_id, ilvl = ref
        key = self.abstract_of.get(num_id) or num_id
        counters = self.counters.setdefault(key, {})
        override = self.overrides.get(num_id, {})
        level = self.levels[num_id].get(ilvl, _Level())
        if ilvl in override and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = override[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        for deeper in [k for k in counters if k > ilvl]:
            deeper_level = self.levels[num_id].get(deeper, _Level())
            if deeper_level.restart is None or deeper_level.restart <= ilvl + 1:
                del counters[deeper]
        return counters[ilvl] if level.fmt in ("decimal", "decimalZero") else None


def paragraph_text(p) -> str:
    """All the text of a paragraph's runs (hyperlinks, fields, insertions too; deletions not)."""
    out = []
    for el in p.iter(*TEXT_TAGS):
        fixed = TEXT_TAGS[el.tag]
        out.append(el.text or "" if fixed is None else fixed)
    return "".join(out)


def _cell_text(tc) -> str:
    return "\n".join(paragraph_text(p) for p in tc.iter(qn("w:p")))


def read_docx(data: bytes, path: Path) -> RawTable:
    check_zip(data, str(path))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on broken packages
        raise ReportError(str(path), f"corrupt Word file: {type(exc).__name__}: {exc}") from None
    numbering = Numbering.of(document)
    body = document.element.body
    numbers = {p: n for p in body.iter(qn("w:p")) if (n := numbering.number(p)) is not None}

    title: list[str] = []
    after: list[str] = []
    table = None
    tables_seen: list[int] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            (after if table is not None else title).append(paragraph_text(child))
        elif child.tag == qn("w:tbl") and table is None:
            grid = child.find(qn("w:tblGrid"))
            width = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
            tables_seen.append(width)
            if width == COLUMNS:
                table = child
            else:
                title.append("\n".join(_cell_text(tc) for tc in child.iter(qn("w:tc"))))
    if table is None:
        if not tables_seen:
            raise ReportError(str(path), "the Word file has no table: not a report")
        raise ReportError(str(path), f"no table with {COLUMNS} columns (found tables with "
                                     f"{', '.join(map(str, tables_seen))} columns)")

    rows: list[RawRow] = []
    for index, tr in enumerate(table.findall(qn("w:tr")), start=1):
        cells: list[str] = []
        list_number = None
        tcs = tr.findall(qn("w:tc"))
        for tc in tcs:
            span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            if not cells:
                first = tc.find(qn("w:p"))
                list_number = numbers.get(first) if first is not None else None
            cells.extend([_cell_text(tc)] * span)
        full_width = len(tcs) == 1 and len(cells) == COLUMNS
        rows.append(RawRow(cells, full_width=full_width, list_number=list_number, source_index=index))
    return RawTable(title="\n".join(title), rows=rows, after=after)
