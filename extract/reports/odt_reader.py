"""OpenDocument text reports (.odt: LibreOffice's and many municipal offices' format) into the table model.

Read natively from content.xml with the same safety as Word (package limits checked
before inflating, no DTD, no entities). What each construct means:

- sections and indexes are transparent; tracked deletions (`text:tracked-changes`),
  notes and comments are not text of the report;
- `text:s`, `text:tab`, `text:line-break` are spaces, a space and a line break;
- a text box or a shape with text (`draw:frame`/`draw:text-box`, `draw:custom-shape`) is read
  once, as lines after its paragraph;
- a cell spanning rows gives its text to each row it covers;
- list numbering is computed as ODF defines it: a list restarts unless it says it
  continues another (`text:continue-list`) or the list before it of the same style
  (`text:continue-numbering`), an item may set its own start value.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from extract.reports.errors import ReportError
from extract.reports.numbers import COUNTING_FORMATS, list_label
from extract.reports.package import Package
from extract.reports.table import Paragraph, RawDocument, RawRow, RawTable

FORMAT_NAME = "OpenDocument file"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
MIMETYPE = b"application/vnd.oasis.opendocument.text"


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


PARAGRAPHS = {q("text:p"), q("text:h")}
DRAW = f"{{{NS['draw']}}}"
TRANSPARENT = {q("text:section"), q("text:index-body"), q("text:table-of-content"), q("text:alphabetical-index"),
               q("text:illustration-index"), q("text:user-index"), q("text:bibliography"),
               q("text:object-index"), q("text:table-index"), q("text:soft-page-break")}
NOT_TEXT = {q("text:note"), q("office:annotation"), q("office:annotation-end"), q("text:tracked-changes"),
            q("text:ruby-text"), q("draw:image"), q("svg:title"), q("svg:desc")}


@dataclass
class _Level:
    numbered: bool
    start: int = 1
    display: int = 1


def _list_styles(*roots: etree._Element | None) -> dict[str, dict[int, _Level]]:
    styles: dict[str, dict[int, _Level]] = {}
    for root in roots:
        if root is None:
            continue
        for ls in root.iter(q("text:list-style")):
            levels: dict[int, _Level] = {}
            for lvl in ls:
                level = int(lvl.get(q("text:level"), "1"))
                if lvl.tag == q("text:list-level-style-number"):
                    fmt = lvl.get(q("style:num-format"), "1")
                    levels[level] = _Level(fmt in COUNTING_FORMATS, int(lvl.get(q("text:start-value"), "1")),
                                           int(lvl.get(q("text:display-levels"), "1")))
                else:
                    levels[level] = _Level(False)
            styles[ls.get(q("style:name"))] = levels
    return styles


@dataclass
class _Lists:
    """Labels of numbered list paragraphs, computed over the body in document order."""

    styles: dict[str, dict[int, _Level]]
    labels: dict[etree._Element, str] = field(default_factory=dict)
    by_id: dict[str, dict[int, int]] = field(default_factory=dict)
    last_of_style: dict[str, dict[int, int]] = field(default_factory=dict)

    def run(self, body: etree._Element) -> None:
        for lst in body.iter(q("text:list")):
            if not any(a.tag == q("text:list-item") for a in lst.iterancestors()):
                self._list(lst, None, 1, None)

    def _list(self, lst: etree._Element, style: str | None, depth: int, counters: dict[int, int] | None) -> None:
        style = lst.get(q("text:style-name")) or style or ""
        if counters is None:
            continued = lst.get(q("text:continue-list"))
            if continued and continued in self.by_id:
                counters = self.by_id[continued]
            elif lst.get(q("text:continue-numbering")) == "true" and style in self.last_of_style:
                counters = self.last_of_style[style]
            else:
                counters = {}
            self.last_of_style[style] = counters
        if (list_id := lst.get(f"{{{NS['xml']}}}id")) is not None:
            self.by_id[list_id] = counters
        level = self.styles.get(style, {}).get(depth, _Level(False))
        for item in lst:
            if item.tag != q("text:list-item"):
                continue
            first = next((c for c in item if isinstance(c.tag, str)), None)
            if first is not None and first.tag in PARAGRAPHS and level.numbered:
                start = item.get(q("text:start-value"))
                if start is not None:
                    counters[depth] = int(start)
                else:
                    counters[depth] = counters[depth] + 1 if depth in counters else level.start
                for deeper in [k for k in counters if k > depth]:
                    del counters[deeper]
                shown = list(range(max(1, depth - level.display + 1), depth + 1))
                self.labels[first] = list_label(counters, shown)
            for child in item:
                if child.tag == q("text:list"):
                    self._list(child, style, depth + 1, counters)


class _Text:
    def __init__(self, labels: dict[etree._Element, str]) -> None:
        self.labels = labels

    def paragraph_lines(self, p: etree._Element) -> list[str]:
        out: list[str] = [p.text or ""]
        boxes: list[etree._Element] = []
        self._walk(p, out, boxes)
        lines = ["".join(out)]
        for box in boxes:
            lines += self.container_lines(box)
        return lines

    def _walk(self, el: etree._Element, out: list[str], boxes: list[etree._Element]) -> None:
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and tag not in NOT_TEXT:
                if tag == q("text:s"):
                    out.append(" " * int(child.get(q("text:c"), "1")))
                elif tag == q("text:tab"):
                    out.append(" ")
                elif tag == q("text:line-break"):
                    out.append("\n")
                elif tag.startswith(DRAW):  # a text box or a shape with text: its own lines
                    boxes.append(child)
                else:
                    out.append(child.text or "")
                    self._walk(child, out, boxes)
            out.append(child.tail or "")

    def container_lines(self, container: etree._Element) -> list[str]:
        """Lines of a cell, a text box or a list: paragraphs, nested lists and tables, in order."""
        lines: list[str] = []
        for child in container:
            if child.tag in PARAGRAPHS:
                lines += self.paragraph_lines(child)
            elif child.tag in (q("text:list"), q("text:list-item"), q("text:list-header")) or child.tag in TRANSPARENT \
                    or isinstance(child.tag, str) and child.tag.startswith(DRAW):
                lines += self.container_lines(child)
            elif child.tag == q("table:table"):
                for cell in child.iter(q("table:table-cell")):
                    lines += self.container_lines(cell)
        return lines

    def first_label(self, container: etree._Element) -> str | None:
        for p in container.iter(*PARAGRAPHS):
            return self.labels.get(p)
        return None


def _rows(table: etree._Element):
    """The table's rows in order, with whether each is a repeated header row."""
    for child in table:
        if child.tag == q("table:table-row"):
            yield child, False
        elif child.tag == q("table:table-header-rows"):
            for row in child.iter(q("table:table-row")):
                yield row, True
        elif child.tag in (q("table:table-rows"), q("table:table-row-group")):
            for row, header in _rows(child):
                yield row, header


def _table(tbl: etree._Element, text: _Text) -> RawTable:
    width = sum(int(c.get(q("table:number-columns-repeated"), "1")) for c in tbl.iter(q("table:table-column")))
    rows: list[RawRow] = []
    vertical: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
    for index, (tr, header) in enumerate(_rows(tbl), start=1):
        cells: list[str] = []
        labels: list[str | None] = []
        merged: set[int] = set()
        real_cells = 0
        covered_after_span = 0
        for tc in tr:
            if tc.tag == q("table:covered-table-cell"):
                column = len(cells)
                if column in vertical:
                    left, value = vertical[column]
                    cells.append(value)
                    labels.append(None)
                    merged.add(column)
                    vertical[column] = (left - 1, value)
                    if left - 1 <= 0:
                        del vertical[column]
                elif covered_after_span > 0:
                    covered_after_span -= 1
                else:
                    cells.append("")
                    labels.append(None)
                continue
            if tc.tag != q("table:table-cell"):
                continue
            real_cells += 1
            span = int(tc.get(q("table:number-columns-spanned"), "1"))
            down = int(tc.get(q("table:number-rows-spanned"), "1"))
            repeat = int(tc.get(q("table:number-columns-repeated"), "1"))
            value = "\n".join(text.container_lines(tc))
            label = text.first_label(tc)
            for _ in range(repeat if span == 1 else 1):
                column = len(cells)
                if down > 1:
                    for c in range(column, column + span):
                        vertical[c] = (down - 1, value)
                cells.extend([value] * span)
                labels.extend([label] * span)
            covered_after_span = span - 1
        if width and len(cells) > width and not any(cells[width:]):
            cells, labels = cells[:width], labels[:width]
        width = max(width, len(cells))
        cells += [""] * (width - len(cells))
        labels += [None] * (width - len(labels))
        rows.append(RawRow(cells, full_width=real_cells == 1 and not merged and cells.count(cells[0]) == width,
                           list_labels=labels, repeated_header=header, merged=frozenset(merged),
                           source_index=index))
    return RawTable(rows, width)


def _blocks(container: etree._Element, text: _Text) -> list[Paragraph | RawTable]:
    blocks: list[Paragraph | RawTable] = []
    for child in container:
        if child.tag in PARAGRAPHS:
            blocks.append(Paragraph("\n".join(text.paragraph_lines(child))))
        elif child.tag == q("table:table"):
            blocks.append(_table(child, text))
        elif child.tag in TRANSPARENT or child.tag in (q("text:list"), q("text:list-item"), q("text:list-header")):
            blocks += _blocks(child, text)
    return blocks


def read_odt(data: bytes, path: Path) -> RawDocument:
    package = Package(data, str(path), FORMAT_NAME)
    if "mimetype" in package and not package.read("mimetype").strip().startswith(MIMETYPE):
        kind = package.read("mimetype").decode("ascii", "replace").strip()
        raise ReportError(str(path), f"an OpenDocument file that is not a text document ({kind}): not a report")
    if "content.xml" not in package:
        raise ReportError(str(path), "corrupt OpenDocument file: no content.xml inside")
    content = package.xml("content.xml")
    styles = package.xml("styles.xml") if "styles.xml" in package else None
    body = content.find(f"{q('office:body')}/{q('office:text')}")
    if body is None:
        raise ReportError(str(path), "an OpenDocument file with no text body: not a report")
    lists = _Lists(_list_styles(content, styles))
    lists.run(body)
    return RawDocument(_blocks(body, _Text(lists.labels)), "odt", FORMAT_NAME)
