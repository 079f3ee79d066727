"""Word files as clerks leave them: the two sample reports rewritten, one construct at a time.

Each `Variant` takes a sample's .docx apart (lxml on its XML parts), puts one
construct into it — a table continued after a page break, swapped columns, a
seventh column, content controls, tracked changes, fields, text boxes, strict Open
XML, typed or Roman numbers, groups, continuation rows, … — and says what the
reader must give for it, as a change to the rows read from the clean sample.
`tests/test_constructs.py` runs every variant on both samples;
`tests/build_format_fixtures.py` converts some of them with LibreOffice.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NSMAP = {
    "w": W_NS, "mc": MC_NS,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STEMS = ("000_5351aeebe505d014", "003_11a4ddde2116b527")


def w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


class WordFile:
    """A .docx as its parts; `document` is word/document.xml parsed, written back by `save`."""

    def __init__(self, data: bytes, reference: list[dict] | None = None) -> None:
        self.reference = reference or []  # the clean sample's rows, in order (as row_view gives them)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {name: z.read(name) for name in z.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.numbering = etree.fromstring(self.parts["word/numbering.xml"]) if "word/numbering.xml" in self.parts \
            else None

    def save(self) -> bytes:
        self.parts["word/document.xml"] = etree.tostring(self.document, xml_declaration=True, encoding="UTF-8",
                                                          standalone=True)
        if self.numbering is not None:
            self.parts["word/numbering.xml"] = etree.tostring(self.numbering, xml_declaration=True,
                                                               encoding="UTF-8", standalone=True)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts.items():
                z.writestr(name, data)
        return buf.getvalue()

    @property
    def body(self) -> etree._Element:
        return self.document.find(w("body"))

    @property
    def table(self) -> etree._Element:
        return self.body.find(w("tbl"))

    def rows(self) -> list[etree._Element]:
        return self.table.findall(w("tr"))

    def data_rows(self) -> list[etree._Element]:
        """Event rows: six cells and not the header row."""
        return [tr for tr in self.rows()[1:] if len(tr.findall(w("tc"))) == 6]

    def title_paragraphs(self) -> list[etree._Element]:
        return [p for p in self.body if p.tag == w("p") and _text(p).strip()][:1]


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def run(text: str) -> etree._Element:
    r = etree.Element(w("r"))
    t = etree.SubElement(r, w("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def paragraph(text: str = "", page_break: bool = False) -> etree._Element:
    p = etree.Element(w("p"))
    if page_break:
        br = etree.SubElement(etree.SubElement(p, w("r")), w("br"))
        br.set(w("type"), "page")
    if text:
        p.append(run(text))
    return p


def set_cell_text(tc: etree._Element, text: str) -> None:
    for p in tc.findall(w("p")):
        tc.remove(p)
    for line in text.split("\n") if text else [""]:
        tc.append(paragraph(line))


def cells(tr: etree._Element) -> list[etree._Element]:
    return tr.findall(w("tc"))


def _props(el: etree._Element, tag: str) -> etree._Element:
    props = el.find(w(tag))
    if props is None:
        props = etree.Element(w(tag))
        el.insert(0, props)
    return props


def wrap(el: etree._Element, tag: str, content: str | None = None) -> etree._Element:
    """Put `el` inside a new element where it stands (`content`: the inner element, as sdtContent)."""
    parent = el.getparent()
    index = parent.index(el)
    outer = etree.Element(w(tag))
    inner = etree.SubElement(outer, w(content)) if content else outer
    parent.insert(index, outer)
    inner.append(el)
    return outer


def remove_numbering(tc: etree._Element) -> None:
    for num_pr in tc.iter(w("numPr")):
        num_pr.getparent().remove(num_pr)


# --- expected rows -------------------------------------------------------------------------------------------

@dataclass
class Expected:
    """What a variant's report must read as: its rows as (id, number, section, subsection, fields, extra)."""

    rows: list[dict]
    title_has: list[str] = field(default_factory=list)
    report_warnings: list[str] = field(default_factory=list)  # regexes each matching one report warning
    row_warnings: dict[str, list[str]] = field(default_factory=dict)  # id -> regexes


def row_view(row) -> dict:
    return {"id": row.id, "number": row.number, "section": row.section, "subsection": row.subsection,
            "group": row.group, "fields": dict(row.fields), "fields_extra": dict(row.fields_extra)}


@dataclass
class Variant:
    name: str
    build: Callable[[WordFile], None]
    expect: Callable[[list[dict]], Expected] = lambda rows: Expected(rows)


def _unchanged(rows: list[dict]) -> Expected:
    return Expected(rows)


# --- the constructs --------------------------------------------------------------------------------------------

def split_table(doc: WordFile, repeat_header: bool = False, marker: str | None = None) -> None:
    """The table continued as a second table after a page break (Word does this when a clerk pastes)."""
    tbl = doc.table
    rows = doc.rows()
    k = len(rows) // 2
    second = copy.deepcopy(tbl)
    for tr in second.findall(w("tr")):
        second.remove(tr)
    if repeat_header:
        second.append(copy.deepcopy(rows[0]))
    for tr in rows[k:]:
        second.append(tr)
    index = doc.body.index(tbl)
    extra = [paragraph(page_break=True)] + ([paragraph(marker)] if marker else []) + [second]
    for offset, el in enumerate(extra, start=1):
        doc.body.insert(index + offset, el)


def swap_place_dates(doc: WordFile) -> None:
    for tr in doc.rows():
        tcs = cells(tr)
        if len(tcs) == 6:
            tcs[3].addnext(tcs[2])  # dates before place, the header row too


def add_column(doc: WordFile, index: int, header: str, text: Callable[[int], str]) -> None:
    grid = doc.table.find(w("tblGrid"))
    col = etree.Element(w("gridCol"))
    col.set(w("w"), "1500")
    grid.insert(index, col)
    events = 0
    for n, tr in enumerate(doc.rows()):
        tcs = cells(tr)
        if len(tcs) == 1:
            gs = _props(tcs[0], "tcPr").find(w("gridSpan"))
            gs.set(w("val"), str(int(gs.get(w("val"))) + 1))
            continue
        events += n > 0
        tc = etree.Element(w("tc"))
        tc.append(paragraph(header if n == 0 else text(events)))
        if index < len(tcs):
            tcs[index].addprevious(tc)
        else:
            tcs[-1].addnext(tc)


def remove_column(doc: WordFile, index: int) -> None:
    grid = doc.table.find(w("tblGrid"))
    grid.remove(grid.findall(w("gridCol"))[index])
    for tr in doc.rows():
        tcs = cells(tr)
        if len(tcs) == 1:
            gs = tcs[0].find(w("tcPr")).find(w("gridSpan"))
            gs.set(w("val"), str(int(gs.get(w("val"))) - 1))
        else:
            tr.remove(tcs[index])


def consecutive_data_rows(doc: WordFile) -> tuple[int, int]:
    """Indexes (in doc.rows()) of the first two event rows that follow each other directly."""
    rows = doc.rows()
    for i in range(1, len(rows) - 1):
        if len(cells(rows[i])) == 6 and len(cells(rows[i + 1])) == 6:
            return i, i + 1
    raise AssertionError("no two consecutive event rows")


def vmerge_place(doc: WordFile) -> None:
    i, j = consecutive_data_rows(doc)
    rows = doc.rows()
    top, below = cells(rows[i])[2], cells(rows[j])[2]
    _props(_props(top, "tcPr"), "vMerge").set(w("val"), "restart")
    _props(below, "tcPr").append(etree.Element(w("vMerge")))
    set_cell_text(below, "")


def _expect_vmerge_place(rows: list[dict]) -> Expected:
    rows = copy.deepcopy(rows)
    i = next(k for k in range(len(rows) - 1) if _adjacent(rows, k))
    rows[i + 1]["fields"]["place"] = rows[i]["fields"]["place"]
    return Expected(rows)


def _adjacent(rows: list[dict], k: int) -> bool:
    """Rows k and k+1 follow each other in the table: no header between them."""
    a, b = rows[k], rows[k + 1]
    return (a["section"], a["subsection"]) == (b["section"], b["subsection"])


def multi_paragraph_row(doc: WordFile) -> etree._Element:
    """An event row whose goal and participants cells both have two or more paragraphs."""
    for tr in doc.data_rows():
        tcs = cells(tr)
        if all(len([p for p in tcs[c].findall(w("p")) if _text(p).strip()]) >= 2 for c in (4, 5)):
            return tr
    raise AssertionError("no event row with two paragraphs in goal and participants")


def split_row(doc: WordFile, merged_number: bool) -> None:
    """The row's last goal and participants paragraphs moved into a row below it with no number:
    with the № and name cells merged down (Word's vMerge), or as a clerk's pasted continuation."""
    tr = multi_paragraph_row(doc)
    new = copy.deepcopy(tr)
    tcs, new_tcs = cells(tr), cells(new)
    for c in range(4):
        set_cell_text(new_tcs[c], "")
        if merged_number and c < 2:
            _props(_props(tcs[c], "tcPr"), "vMerge").set(w("val"), "restart")
            _props(new_tcs[c], "tcPr").append(etree.Element(w("vMerge")))
    for c in (4, 5):
        paragraphs = [p for p in tcs[c].findall(w("p")) if _text(p).strip()]
        last = paragraphs[-1]
        for p in new_tcs[c].findall(w("p")):
            new_tcs[c].remove(p)
        new_tcs[c].append(copy.deepcopy(last))
        tcs[c].remove(last)
    tr.addnext(new)


def tracked_changes(doc: WordFile) -> None:
    """An insertion, a deletion and a move (from the goal to the participants)."""
    tr = doc.data_rows()[0]
    tcs = cells(tr)
    goal_p = tcs[4].find(w("p"))
    first_run = goal_p.find(w("r"))
    wrap(first_run, "ins")
    deleted = etree.Element(w("del"))
    r = etree.SubElement(deleted, w("r"))
    etree.SubElement(r, w("delText")).text = "удалённый фрагмент "
    goal_p.insert(list(goal_p).index(goal_p.find(w("ins"))), deleted)
    who_p = tcs[5].find(w("p"))
    who_run = who_p.find(w("r"))
    moved_copy = copy.deepcopy(who_run)
    wrap(who_run, "moveTo")
    move_from = etree.SubElement(goal_p, w("moveFrom"))
    move_from.append(moved_copy)


def tracked_rows(doc: WordFile) -> None:
    """A row deleted with tracked changes (its text all "строка удалена"), another marked inserted."""
    tr = doc.data_rows()[0]
    gone = copy.deepcopy(doc.data_rows()[1])
    _props(_props(gone, "trPr"), "del")
    for tc in cells(gone):
        for t in tc.iter(w("t")):
            t.text = "строка удалена"
    tr.addnext(gone)
    inserted = doc.data_rows()[2]
    _props(_props(inserted, "trPr"), "ins")


def field_codes(doc: WordFile) -> None:
    """The name as a MERGEFIELD's result (its instruction holding a nested field), the place in a fldSimple."""
    tcs = cells(doc.data_rows()[0])
    p = tcs[1].find(w("p"))
    runs = p.findall(w("r"))

    def fld(kind: str) -> etree._Element:
        r = etree.Element(w("r"))
        etree.SubElement(r, w("fldChar")).set(w("fldCharType"), kind)
        return r

    def instr(text: str) -> etree._Element:
        r = etree.Element(w("r"))
        etree.SubElement(r, w("instrText")).text = text
        return r

    nested_result = run("ВЛОЖЕННОЕ ПОЛЕ")
    head = [fld("begin"), instr(" IF "), fld("begin"), instr(" QUOTE 1 "), fld("separate"), nested_result,
            fld("end"), instr(" = 1 \"a\" \"b\" "), fld("separate")]
    index = list(p).index(runs[0])
    for offset, r in enumerate(head):
        p.insert(index + offset, r)
    p.append(fld("end"))
    place_p = tcs[2].find(w("p"))
    simple = etree.Element(w("fldSimple"))
    simple.set(w("instr"), " DOCPROPERTY Place ")
    for r in place_p.findall(w("r")):
        simple.append(r)
    place_p.append(simple)


TEXTBOX = """<w:r xmlns:w="{w}" xmlns:mc="{mc}" xmlns:wp="{wp}" xmlns:a="{a}" xmlns:wps="{wps}" xmlns:v="{v}">
<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData uri="x">
<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>
</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def text_box(text: str) -> etree._Element:
    return etree.fromstring(TEXTBOX.format(text=text, **NSMAP))


def text_boxes(doc: WordFile) -> None:
    """A caption text box in the title and one in a goal cell, each written twice (Choice and Fallback)."""
    doc.title_paragraphs()[0].append(text_box("Приложение № 3"))
    goal = cells(doc.data_rows()[0])[4]
    paragraphs = [p for p in goal.findall(w("p")) if _text(p).strip()]
    paragraphs[-1].append(text_box("Фото: пресс-служба"))


def _expect_text_boxes(rows: list[dict]) -> Expected:
    rows = copy.deepcopy(rows)
    rows[0]["fields"]["goal"] += "\nФото: пресс-служба"
    return Expected(rows, title_has=["Приложение № 3"])


def invisible_characters(doc: WordFile) -> None:
    """Soft hyphens in long words, zero-width spaces and joiners inside words, a BOM before a run."""
    marks = "\u00ad\u200b\u200c\u200d\u2060"
    for n, t in enumerate(doc.table.iter(w("t"))):
        text = t.text or ""
        t.text = re.sub(r"\w{9,}", lambda m: m.group(0)[:4] + marks[n % len(marks)] + m.group(0)[4:], text)
        if n % 7 == 0:
            t.text = "\ufeff" + t.text


def content_controls(doc: WordFile, tag: str = "sdt") -> None:
    """The title, the whole table, a row, a cell and a run each inside a content control (or custom XML)."""
    content = "sdtContent" if tag == "sdt" else None
    rows = doc.data_rows()
    wrap(cells(rows[1])[3].find(w("p")).find(w("r")), tag, content)
    wrap(cells(rows[2])[4], tag, content)
    wrap(rows[3], tag, content)
    wrap(doc.title_paragraphs()[0], tag, content)
    wrap(doc.table, tag, content)


def cover_line(doc: WordFile) -> None:
    """A cover line with another year before the title."""
    doc.title_paragraphs()[0].addprevious(paragraph("Приложение к письму Департамента от 12 января 2026 г. № 15"))


def strict_namespaces(doc: WordFile) -> None:
    """Strict Open XML: every part's transitional namespaces and relationship types renamed."""
    doc.save()
    pairs = [(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
              b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
             (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
              b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
             (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main")]
    for name, data in list(doc.parts.items()):
        if name.endswith((".xml", ".rels")):
            for old, new in pairs:
                data = data.replace(old, new)
            doc.parts[name] = data
    doc.document = etree.fromstring(doc.parts["word/document.xml"])
    doc.numbering = etree.fromstring(doc.parts["word/numbering.xml"])


def other_prefix(doc: WordFile) -> None:
    """word/document.xml written with another prefix for Word's namespace."""
    data = etree.tostring(doc.document)
    data = re.sub(rb"(</?)w:", rb"\1wx:", data)
    data = re.sub(rb"(\s)w:", rb"\1wx:", data).replace(b"xmlns:w=", b"xmlns:wx=")
    doc.document = etree.fromstring(data)


def sections_and_places(rows: list[dict]) -> list[tuple[int, int]]:
    """(section index, position in the section) of each row, counting sections from 1 as `section` changes."""
    out, section, index, k = [], None, 0, 0
    for row in rows:
        if row["section"] != section:
            section, index, k = row["section"], index + 1, 0
        k += 1
        out.append((index, k))
    return out


def typed_numbers(doc: WordFile, label: Callable[[int, int, int], str]) -> None:
    """Word's list numbering replaced by typed numbers: label(n, section index, position in the section)."""
    places = sections_and_places(doc.reference)
    for n, (tr, (section, k)) in enumerate(zip(doc.data_rows(), places), start=1):
        remove_numbering(cells(tr)[0])
        set_cell_text(cells(tr)[0], label(n, section, k))


def roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def number_in_name(doc: WordFile) -> None:
    """No № column: each name cell starts with its number."""
    n = 0
    for tr in doc.data_rows():
        n += 1
        name = cells(tr)[1]
        first = name.find(w("p"))
        first.insert(1 if first.find(w("pPr")) is not None else 0, run(f"{n}. "))
    remove_column(doc, 0)


def list_format(doc: WordFile, fmt: str, text: str) -> None:
    """The № cells' list level drawn as another format ("upperRoman", "%1)")."""
    num_ids = {np.find(w("numId")).get(w("val")) for tr in doc.data_rows() for np in cells(tr)[0].iter(w("numPr"))}
    nums = {n.get(w("numId")): n.find(w("abstractNumId")).get(w("val")) for n in doc.numbering.iter(w("num"))}
    for a in doc.numbering.iter(w("abstractNum")):
        if a.get(w("abstractNumId")) in {nums[i] for i in num_ids}:
            lvl = a.find(w("lvl"))
            lvl.find(w("numFmt")).set(w("val"), fmt)
            lvl.find(w("lvlText")).set(w("val"), text)


def column_numbers_row(doc: WordFile) -> None:
    header = doc.rows()[0]
    numbers = copy.deepcopy(header)
    trpr = numbers.find(w("trPr"))
    if trpr is not None:
        numbers.remove(trpr)
    for n, tc in enumerate(cells(numbers), start=1):
        set_cell_text(tc, str(n))
    header.addnext(numbers)


def empty_numbered_row(doc: WordFile) -> None:
    """A numbered row with nothing else in it, after the last event."""
    last = doc.data_rows()[-1]
    empty = copy.deepcopy(last)
    for tc in cells(empty)[1:]:
        set_cell_text(tc, "")
    last.addnext(empty)


def combined_date_place(doc: WordFile) -> None:
    """One column "Дата и место проведения" holding the dates, then the place."""
    for n, tr in enumerate(doc.rows()):
        tcs = cells(tr)
        if len(tcs) != 6:
            continue
        if n == 0:
            set_cell_text(tcs[2], "Дата и место проведения")
        else:
            first = tcs[2].find(w("p"))
            for p in tcs[3].findall(w("p")):
                first.addprevious(copy.deepcopy(p))
    remove_column(doc, 3)


def group_rows(doc: WordFile) -> None:
    """Two events turned into the items of a numbered group row ("N. Визиты и встречи", "- …")."""
    typed_numbers(doc, lambda n, s, k: f"{n}.")
    i, j = consecutive_data_rows(doc)
    rows = doc.rows()
    group = copy.deepcopy(rows[i])
    for tc in cells(group)[1:]:
        set_cell_text(tc, "")
    set_cell_text(cells(group)[1], "Визиты и встречи")
    rows[i].addprevious(group)
    for tr in (rows[i], rows[j]):
        set_cell_text(cells(tr)[0], "")
        name = cells(tr)[1].find(w("p"))
        name.insert(1 if name.find(w("pPr")) is not None else 0, run("- "))
    n = 0
    for tr in doc.rows()[1:]:
        tcs = cells(tr)
        if len(tcs) == 6 and _text(tcs[0]).strip():
            n += 1
            set_cell_text(tcs[0], f"{n}.")


def _expect_groups(rows: list[dict]) -> Expected:
    rows = copy.deepcopy(rows)
    stem = rows[0]["id"].split("#")[0]
    i = next(k for k in range(len(rows) - 1) if _adjacent(rows, k))
    group_number = int(rows[i]["number"])
    for k, row in enumerate(rows):
        if k in (i, i + 1):
            row["number"] = f"{group_number}.{k - i + 1}"
            row["group"] = f"{group_number}. Визиты и встречи"
        elif k > i + 1:
            row["number"] = str(int(row["number"]) - 1)
        row["id"] = f"{stem}#{row['number']}"
    return Expected(rows, row_warnings={rows[i]["id"]: [r"an item of group"]})


def _expect_missing_participants(rows: list[dict]) -> Expected:
    rows = copy.deepcopy(rows)
    for row in rows:
        row["fields"]["participants"] = None
    return Expected(rows, report_warnings=[r"the table has no participants column"],
                    row_warnings={r["id"]: [r"no participants column"] for r in rows})


def _expect_extra(columns: dict[str, Callable[[int], str]]) -> Callable[[list[dict]], Expected]:
    def expect(rows: list[dict]) -> Expected:
        rows = copy.deepcopy(rows)
        for n, row in enumerate(rows, start=1):
            row["fields_extra"] = {header: text(n) for header, text in columns.items()}
        return Expected(rows)
    return expect


def _person(n: int) -> str:
    return f"Исполнитель {n}"


def _expect_combined(rows: list[dict]) -> Expected:
    rows = copy.deepcopy(rows)
    for row in rows:
        text = "\n".join(t for t in (row["fields"]["dates"], row["fields"]["place"]) if t)
        row["fields"]["place"] = row["fields"]["dates"] = text
    return Expected(rows)


def _expect_ids(label: Callable[[dict, int, int, int], str]) -> Callable[[list[dict]], Expected]:
    """Ids for typed numbers: label(row, n, section_index, k_in_section) gives the id's tail."""
    def expect(rows: list[dict]) -> Expected:
        rows = copy.deepcopy(rows)
        stem = rows[0]["id"].split("#")[0]
        section, sections, k = None, 0, 0
        for n, row in enumerate(rows, start=1):
            if row["section"] != section:
                section, sections, k = row["section"], sections + 1, 0
            k += 1
            tail, number = label(row, n, sections, k)
            row["id"], row["number"] = f"{stem}#{tail}", number
        return Expected(rows)
    return expect


VARIANTS: list[Variant] = [
    Variant("page_break_split", lambda d: split_table(d)),
    Variant("split_repeated_header", lambda d: split_table(d, repeat_header=True)),
    Variant("split_continuation_marker", lambda d: split_table(d, repeat_header=True, marker="Продолжение таблицы")),
    Variant("swapped_place_dates", swap_place_dates),
    Variant("seventh_column", lambda d: add_column(d, 6, "Ответственный исполнитель", _person),
            _expect_extra({"Ответственный исполнитель": _person})),
    Variant("eight_columns", lambda d: (add_column(d, 6, "Ответственный исполнитель", _person),
                                        add_column(d, 1, "Примечание", lambda n: f"прим. {n}")),
            _expect_extra({"Примечание": lambda n: f"прим. {n}", "Ответственный исполнитель": _person})),
    Variant("five_columns", lambda d: remove_column(d, 5), _expect_missing_participants),
    Variant("vmerge_place", vmerge_place, _expect_vmerge_place),
    Variant("vmerge_number_split_row", lambda d: split_row(d, merged_number=True)),
    Variant("continuation_row", lambda d: split_row(d, merged_number=False),
            lambda rows: Expected(rows, report_warnings=[r"joined to it as its continuation"])),
    Variant("tracked_changes", tracked_changes),
    Variant("tracked_rows", tracked_rows),
    Variant("field_codes", field_codes),
    Variant("text_boxes", text_boxes, _expect_text_boxes),
    Variant("invisible_characters", invisible_characters),
    Variant("content_controls", content_controls),
    Variant("custom_xml", lambda d: content_controls(d, "customXml")),
    Variant("cover_line", cover_line, lambda rows: Expected(rows, title_has=["от 12 января 2026 г. № 15"])),
    Variant("strict_open_xml", strict_namespaces),
    Variant("other_prefix", other_prefix),
    Variant("typed_paren_numbers", lambda d: typed_numbers(d, lambda n, s, k: f"{n})")),
    Variant("typed_roman_numbers", lambda d: typed_numbers(d, lambda n, s, k: f"{roman(n)}.")),
    Variant("typed_sub_numbers", lambda d: typed_numbers(d, lambda n, s, k: f"{s}.{k}."),
            _expect_ids(lambda row, n, s, k: (f"{s}.{k}", f"{s}.{k}"))),
    Variant("numbering_restarts", lambda d: typed_numbers(d, lambda n, s, k: f"{k}."),
            _expect_ids(lambda row, n, s, k: (f"{k}" if s == 1 else f"{s}/{k}", f"{k}"))),
    Variant("number_in_name_cell", number_in_name),
    Variant("list_upper_roman", lambda d: list_format(d, "upperRoman", "%1.")),
    Variant("list_paren", lambda d: list_format(d, "decimal", "%1)")),
    Variant("column_numbers_row", column_numbers_row),
    Variant("empty_numbered_row", empty_numbered_row,
            lambda rows: Expected(rows, report_warnings=[r"has a number and no text: not an event"])),
    Variant("combined_date_place", combined_date_place, _expect_combined),
    Variant("group_rows", group_rows, _expect_groups),
]


def build(stem: str, variant: Variant, reference: list[dict]) -> bytes:
    doc = WordFile((SAMPLES / f"{stem}.docx").read_bytes(), reference)
    variant.build(doc)
    return doc.save()
