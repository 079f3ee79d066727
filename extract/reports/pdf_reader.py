"""PDF reports exported from Word or LibreOffice (a text layer, ruled tables).

Characters and ruling lines come from pdfium (pypdfium2: ten times faster than
parsing the page in Python), tables are found where the rulings cross by
pdfplumber's lattice method.

A PDF keeps where each word is drawn, not the text's paragraphs, so two things are
rebuilt here:

- cells: from the table's ruled cell boxes, a grid of rows and columns; a box spanning
  columns is one cell repeated over them, a box spanning rows gives its text to each
  (as Word's merged cells do); a table per page, the next page's first row marked so a
  row split by the page joins the one it continues;
- text: the lines of a cell are one paragraph wrapped by the cell's width unless the
  next line's first word would have fitted on the line before, which means the writer
  broke the line; a word part ending in a hyphen joins the next line without a space,
  and so does a word too long for its column that the renderer cut.

Page numbers (a line of digits outside any table) are page furniture, not text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from extract.reports.errors import ReportError
from extract.reports.table import Paragraph, RawDocument, RawRow, RawTable

FORMAT_NAME = "PDF"
MAX_PAGES = 500
#: Points within which two ruling positions, or two words' tops, are the same.
SNAP = 2.0
#: Characters that never start a line after a space: a line starting with one goes on the line before.
CLOSING = frozenset("»”’),.;:!?")
PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,4}\s*[-–]?\s*$")


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class _Line:
    words: list[_Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def width(self) -> float:
        return self.words[-1].x1 - self.words[0].x0


def _lines(words: list[_Word]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w.top / SNAP), w.x0)):
        if lines and abs(lines[-1].words[0].top - word.top) <= SNAP:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def join_lines(lines: list[_Line], inner_width: float) -> str:
    """Lines drawn in a box of `inner_width` points back into text (see the module docstring)."""
    if not lines:
        return ""
    out = [lines[0].text]
    for before, line in zip(lines, lines[1:]):
        first = line.words[0]
        space = 0.25 * (first.bottom - first.top)
        char = first.width / max(len(first.text), 1)
        text = before.text
        if text.endswith("\u00ad"):  # a hyphenation point the renderer used: the word goes on
            out[-1] = out[-1][:-1]
        elif first.text[:1] in CLOSING:
            pass
        elif before.width + 1.5 * char > inner_width and _cut_word(before.words[-1].text, first.text):
            pass  # a word too long for its column (or glued by no-break spaces), cut where the line was full
        elif before.width + space + first.width <= inner_width + 0.5:
            out.append("\n")  # the next word would have fitted: the writer broke the line
        elif text.endswith("-") and text[-2:-1].isalpha() and first.text[:1].isalpha():
            if _hyphenated(before.words[-1].text, first.text):
                out[-1] = out[-1][:-1]  # a hyphen the renderer put at a hyphenation point: not text
        else:
            out.append(" ")
        out.append(line.text)
    return "".join(out)


def _cut_word(head: str, tail: str) -> bool:
    """Whether a full line's last word and the next line's first are one word the renderer cut: together
    they make a word the dictionary knows and one part alone is none (or a letter or two), or neither
    part is a word and the second goes on in lower case."""
    from extract.morph import known

    core = re.sub(r"^.*\W", "", head)
    rest = re.match(r"^\w+", tail)
    if not (core and rest and core[-1].isalpha() and rest.group(0)[0].isalpha()):
        return False
    rest_word = rest.group(0)
    if not known(core) and not known(rest_word) and rest_word[0].islower():
        return True  # two pieces of no word: one word the dictionary lacks ("видеоконферен" + "цсвязи")
    return known(core + rest_word) and (not known(core) or not known(rest_word) or len(rest_word) <= 2)


def _hyphenated(head: str, tail: str) -> bool:
    """"промыш-" + "ленная": a word split at a hyphenation point (the dictionary knows it whole and not the
    first part), not a compound written with a hyphen ("Торгово-" + "промышленная", whose first part ends
    in the linking vowel of Russian compounds)."""
    from extract.morph import known

    core = re.sub(r"^.*[^\w-]", "", head).rstrip("-").split("-")[-1]
    rest = re.match(r"^\w+", tail)
    return bool(core and rest) and core[-1].lower() not in "оеё" and known(core + rest.group(0)) \
        and not known(core)


def _snap(values: list[float]) -> list[float]:
    snapped: list[float] = []
    for v in sorted(values):
        if not snapped or v - snapped[-1] > SNAP:
            snapped.append(v)
    return snapped


def _index(positions: list[float], value: float) -> int:
    i = bisect_left(positions, value - SNAP)
    return min(i, len(positions) - 1)


def _table(cells: list[tuple[float, float, float, float]], words: list[_Word], page_start: bool) -> RawTable:
    xs = _snap([c[0] for c in cells] + [c[2] for c in cells])
    ys = _snap([c[1] for c in cells] + [c[3] for c in cells])
    width, height = len(xs) - 1, len(ys) - 1
    placed: dict[int, list[_Word]] = {}
    for word in words:
        cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for k, (x0, top, x1, bottom) in enumerate(cells):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                placed.setdefault(k, []).append(word)
                break
    pad = min((min(w.x0 for w in ws) - cells[k][0] for k, ws in placed.items()), default=2.0)
    pad = max(0.0, min(pad, 8.0))
    grid: list[list[tuple[int, bool] | None]] = [[None] * width for _ in range(height)]
    texts: dict[int, str] = {}
    for k, (x0, top, x1, bottom) in enumerate(cells):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        texts[k] = join_lines(_lines(placed.get(k, [])), x1 - x0 - 2 * pad)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if r < height and c < width:
                    grid[r][c] = (k, r > r0)
    rows: list[RawRow] = []
    for r, line in enumerate(grid):
        if all(cell is None or cell[1] for cell in line):
            continue  # a grid row no cell starts on (lines drawn inside a merged cell)
        cells_text = [texts[cell[0]] if cell else "" for cell in line]
        merged = frozenset(c for c, cell in enumerate(line) if cell and cell[1])
        owners = {cell[0] for cell in line if cell}
        rows.append(RawRow(cells_text, full_width=len(owners) == 1 and None not in line, merged=merged,
                           source_index=len(rows) + 1))
    return RawTable(rows, width, continues_page=page_start)


def _words(textpage, height: float) -> list[_Word]:
    """The page's words from its characters (pdfium's loose boxes: one height per line), top-down."""
    words: list[_Word] = []
    current: list[tuple[str, tuple[float, float, float, float]]] = []

    def flush() -> None:
        if current:
            text = "".join(c for c, _ in current)
            boxes = [b for _, b in current]
            words.append(_Word(text, min(b[0] for b in boxes), max(b[2] for b in boxes),
                               height - max(b[3] for b in boxes), height - min(b[1] for b in boxes)))
            current.clear()

    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1).replace("\ufffe", "-")  # pdfium's mark of a hyphen ending a line
        if not char or char.isspace():
            flush()
            continue
        box = textpage.get_charbox(i, loose=True)
        if current:
            last = current[-1][1]
            size = max(last[3] - last[1], 1.0)
            if abs(box[1] - last[1]) > size / 2 or box[0] - last[2] > size / 4 or box[0] < last[0] - 1:
                flush()
        current.append((char, box))
    flush()
    return words


def _edges(page, height: float) -> list[dict]:
    """Ruling lines of the page, as pdfplumber's table finder takes them: thin path objects, and the four
    sides of rectangles (cell borders drawn as boxes)."""
    import pypdfium2.raw as pdfium_c

    edges = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        y0, y1 = height - top, height - bottom
        if right - left < 3 and y1 - y0 >= 3:
            sides = [("v", (left + right) / 2, y0, (left + right) / 2, y1)]
        elif y1 - y0 < 3 and right - left >= 3:
            sides = [("h", left, (y0 + y1) / 2, right, (y0 + y1) / 2)]
        elif pdfium_c.FPDFPath_CountSegments(obj.raw) in (4, 5):
            sides = [("h", left, y0, right, y0), ("h", left, y1, right, y1),
                     ("v", left, y0, left, y1), ("v", right, y0, right, y1)]
        else:
            continue
        for orientation, x0, top_, x1, bottom_ in sides:
            edges.append({"orientation": orientation, "object_type": "line", "x0": x0, "x1": x1, "top": top_,
                          "bottom": bottom_, "width": x1 - x0, "height": bottom_ - top_})
    return edges


def _table_cells(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """Tables (each a list of cell boxes) where the rulings cross, by pdfplumber's lattice method."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    merged = merge_edges(edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3)
    merged = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= 3]
    return [t for t in cells_to_tables(intersections_to_cells(edges_to_intersections(merged, 3, 3))) if len(t) > 1]


def read_pdf(data: bytes, path: Path) -> RawDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        pages = len(pdf)
    except Exception as exc:  # pdfium raises PdfiumError on anything it cannot open
        raise ReportError(str(path), f"corrupt PDF: {exc}") from None
    try:
        if pages > MAX_PAGES:
            raise ReportError(str(path), f"refused: a PDF of {pages} pages (at most {MAX_PAGES}): not a report")
        blocks: list[Paragraph | RawTable] = []
        any_text = False
        for number in range(pages):
            try:
                page = pdf[number]
                height = page.get_height()
                words = _words(page.get_textpage(), height)
                tables = _table_cells(_edges(page, height))
            except ReportError:
                raise
            except Exception as exc:  # a broken page
                raise ReportError(str(path), f"corrupt PDF: page {number + 1}: {type(exc).__name__}: {exc}") from None
            any_text = any_text or bool(words)
            boxes = [(min(c[0] for c in t), min(c[1] for c in t), max(c[2] for c in t), max(c[3] for c in t))
                     for t in tables]
            items: list[tuple[float, Paragraph | RawTable]] = []
            for cells, box in zip(tables, boxes):
                inside = [w for w in words if _inside(w, box)]
                items.append((box[1], _table(cells, inside, page_start=number > 0)))
            outside = [w for w in words if not any(_inside(w, b) for b in boxes)]
            for line in _lines(outside):
                if not PAGE_NUMBER.match(line.text):
                    items.append((line.words[0].top, Paragraph(line.text)))
            items.sort(key=lambda item: item[0])
            blocks += _paragraphs_joined([block for _, block in items])
    finally:
        pdf.close()
    if not any_text:
        raise ReportError(str(path), "a PDF with no text layer (a scan?): OCR it first, e.g. with ocrmypdf")
    if not any(isinstance(b, RawTable) for b in blocks):
        raise ReportError(str(path), "a PDF with no ruled table: not a report table")
    return RawDocument(blocks, "pdf", FORMAT_NAME)


def _paragraphs_joined(blocks: list[Paragraph | RawTable]) -> list[Paragraph | RawTable]:
    """Consecutive text lines outside tables as one paragraph each run (the title, the closing summary)."""
    out: list[Paragraph | RawTable] = []
    for block in blocks:
        if isinstance(block, Paragraph) and out and isinstance(out[-1], Paragraph):
            out[-1] = Paragraph(f"{out[-1].text}\n{block.text}")
        else:
            out.append(block)
    return out


def _inside(word: _Word, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]
