"""Word reports (.docx, transitional or strict Open XML) into the table model.

Read with lxml on the package's XML rather than through python-docx, because the
constructs clerks' files carry are below what python-docx models: rows and cells
inside content controls (`w:sdt`) or custom XML, strict Open XML's namespaces,
tracked changes, field codes, text boxes written twice (`mc:AlternateContent`),
vertically merged cells. What each means:

- content controls, custom XML and smart tags are transparent: their content is read
  where it stands (body, table, row, cell or run);
- tracked changes as accepted: inserted and moved-to text in; deleted and moved-from
  text, and deleted rows, out;
- fields show their result, never their instruction, nested fields too;
- a text box is read once (the `mc:Choice`, not its `mc:Fallback` copy), as lines
  after the paragraph it is anchored in;
- a vertically merged cell gives its text to every row it spans;
- Word's list numbering gives the rows their numbers (`docx_numbering`).
"""
from __future__ import annotations

import posixpath
from pathlib import Path

from lxml import etree

from extract.reports.docx_numbering import W, Numbering, w
from extract.reports.errors import ReportError
from extract.reports.package import Package
from extract.reports.table import Paragraph, RawDocument, RawRow, RawTable

FORMAT_NAME = "Word file"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
#: Strict Open XML's namespaces, read as their transitional twins.
STRICT = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": W,
    "http://purl.oclc.org/ooxml/officeDocument/relationships": R,
    "http://purl.oclc.org/ooxml/drawingml/main": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing":
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}
RELATIONSHIP_TYPES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
                      "http://purl.oclc.org/ooxml/officeDocument/relationships/")

#: Containers whose content is read where it stands.
TRANSPARENT = {w("sdt"): w("sdtContent"), w("customXml"): None, w("smartTag"): None,
               w("ins"): None, w("moveTo"): None}
PROPERTIES = {w("sdtPr"), w("sdtEndPr"), w("customXmlPr"), w("smartTagPr")}
#: Content that is not there once tracked changes are accepted.
REMOVED = {w("del"), w("moveFrom")}
CHARS = {w("tab"): " ", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-", w("softHyphen"): ""}
SKIPPED = {w("instrText"), w("delText"), w("delInstrText"), w("pPr"), w("rPr"), w("fldData")}
ALTERNATE, CHOICE, FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"


def _transitional(root: etree._Element) -> etree._Element:
    """Strict Open XML read as transitional: the same elements under other namespace names."""
    if not any(ns in STRICT for ns in root.nsmap.values()) and not root.tag.startswith("{http://purl.oclc.org/"):
        return root
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ns, _, local = el.tag[1:].partition("}")
        if ns in STRICT:
            el.tag = f"{{{STRICT[ns]}}}{local}"
        for key in [k for k in el.attrib if k.startswith("{")]:
            ans, _, alocal = key[1:].partition("}")
            if ans in STRICT:
                el.attrib[f"{{{STRICT[ans]}}}{alocal}"] = el.attrib.pop(key)
    return root


def _accept_and_unwrap(root: etree._Element) -> None:
    """Tracked changes accepted, content controls and alternate content opened, in place."""
    for tr in list(root.iter(w("tr"))):
        if tr.find(f"{w('trPr')}/{w('del')}") is not None:
            tr.getparent().remove(tr)
    for tc in list(root.iter(w("tc"))):
        if tc.find(f"{w('tcPr')}/{w('cellDel')}") is not None:
            tc.getparent().remove(tc)
    for el in list(root.iter(ALTERNATE, *REMOVED, *TRANSPARENT)):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag in REMOVED:
            if parent.tag not in (w("rPr"), w("trPr"), w("pPr")) and el.getparent() is not None:
                parent.remove(el)
            continue
        if el.tag == ALTERNATE:
            chosen = el.find(CHOICE)
            chosen = chosen if chosen is not None else el.find(FALLBACK)
            content = list(chosen) if chosen is not None else []
        elif TRANSPARENT[el.tag] is not None:
            inner = el.find(TRANSPARENT[el.tag])
            content = list(inner) if inner is not None else []
        elif parent.tag in (w("rPr"), w("trPr"), w("pPr"), w("tcPr")):
            continue  # a property mark ("this row was inserted"), no content
        else:
            content = [c for c in el if c.tag not in PROPERTIES]
        index = parent.index(el)
        parent.remove(el)
        for offset, child in enumerate(content):
            parent.insert(index + offset, child)


class _Text:
    """Text of paragraphs and cells: field results only, text boxes once, after their paragraph."""

    def paragraph_lines(self, p: etree._Element) -> list[str]:
        out: list[str] = []
        boxes: list[etree._Element] = []
        self._walk(p, out, boxes, [])
        lines = ["".join(out)]
        for box in boxes:
            lines += self.container_lines(box)
        return lines

    def _walk(self, el: etree._Element, out: list[str], boxes: list[etree._Element], fields: list[bool]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag == w("t"):
                if all(fields):
                    out.append(child.text or "")
            elif tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    fields.append(False)
                elif kind == "separate" and fields:
                    fields[-1] = True
                elif kind == "end" and fields:
                    fields.pop()
            elif tag in CHARS:
                if all(fields):
                    out.append(CHARS[tag])
            elif tag == w("txbxContent"):
                boxes.append(child)
            else:
                self._walk(child, out, boxes, fields)

    def container_lines(self, container: etree._Element) -> list[str]:
        """A cell's or text box's lines: its paragraphs, and the cells of tables nested in it."""
        lines: list[str] = []
        for child in container:
            if child.tag == w("p"):
                lines += self.paragraph_lines(child)
            elif child.tag == w("tbl"):
                for tr in child.iter(w("tr")):
                    for tc in tr.findall(w("tc")):
                        lines += self.container_lines(tc)
        return lines


def _main_part(package: Package) -> str:
    """The main document part, by the package relationship (transitional or strict), else the usual name."""
    if "_rels/.rels" in package:
        rels = package.xml("_rels/.rels")
        for rel in rels.iter(f"{{{PR}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _related(package: Package, main: str, kind: str) -> str | None:
    folder, name = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in package:
        guess = posixpath.join(folder, f"{kind}.xml")
        return guess if guess in package else None
    for rel in package.xml(rels_name).iter(f"{{{PR}}}Relationship"):
        if rel.get("Type", "").endswith(f"/{kind}") and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return None


def _part(package: Package, name: str | None) -> etree._Element | None:
    return _transitional(package.xml(name)) if name and name in package else None


def read_docx(data: bytes, path: Path) -> RawDocument:
    package = Package(data, str(path), FORMAT_NAME)
    main = _main_part(package)
    if main not in package:
        raise ReportError(str(path), f"corrupt Word file: no {main} inside")
    root = _transitional(package.xml(main))
    if root.tag != w("document"):
        raise ReportError(str(path), f"a zip package that is no Word document (its main part is {main})")
    numbering = Numbering.of(_part(package, _related(package, main, "numbering")),
                             _part(package, _related(package, main, "styles")))
    _accept_and_unwrap(root)
    body = root.find(w("body"))
    if body is None:
        raise ReportError(str(path), "corrupt Word file: the document has no body")
    labels = {p: label for p in root.iter(w("p")) if (label := numbering.label(p)) is not None}
    text = _Text()
    blocks: list[Paragraph | RawTable] = []
    for child in body:
        if child.tag == w("p"):
            blocks.append(Paragraph("\n".join(text.paragraph_lines(child))))
        elif child.tag == w("tbl"):
            blocks.append(_table(child, text, labels))
    return RawDocument(blocks, "docx", FORMAT_NAME)


def _table(tbl: etree._Element, text: _Text, labels: dict[etree._Element, str]) -> RawTable:
    grid = tbl.find(w("tblGrid"))
    width = len(grid.findall(w("gridCol"))) if grid is not None else 0
    rows: list[RawRow] = []
    merged_text: dict[int, str] = {}
    for index, tr in enumerate(tbl.findall(w("tr")), start=1):
        trpr = tr.find(w("trPr"))
        before = int(_val(trpr, "gridBefore") or 0)
        cells: list[str] = [""] * before
        list_labels: list[str | None] = [None] * before
        merged: set[int] = set()
        tcs = tr.findall(w("tc"))
        for tc in tcs:
            tcpr = tc.find(w("tcPr"))
            span = int(_val(tcpr, "gridSpan") or 1)
            vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
            column = len(cells)
            cell_text = "\n".join(text.container_lines(tc))
            if vmerge is not None and vmerge.get(w("val"), "continue") == "continue":
                cell_text = merged_text.get(column, cell_text)
                merged.update(range(column, column + span))
            elif vmerge is not None:
                merged_text[column] = cell_text
            else:
                merged_text.pop(column, None)
            first = tc.find(w("p"))
            cells.extend([cell_text] * span)
            list_labels.extend([labels.get(first) if first is not None else None] * span)
        width = max(width, len(cells))
        full_width = len(tcs) == 1 and before == 0 and len(cells) >= width
        header = trpr is not None and trpr.find(w("tblHeader")) is not None \
            and _val(trpr.find(w("tblHeader")), "1") not in ("0", "false")
        rows.append(RawRow(cells, full_width=full_width, list_labels=list_labels, repeated_header=header,
                           merged=frozenset(merged), source_index=index))
    for row in rows:
        missing = width - len(row.cells)
        if missing > 0:
            row.cells += [""] * missing
            row.list_labels += [None] * missing
    return RawTable(rows, width)


def _val(props: etree._Element | None, name: str) -> str | None:
    if props is None:
        return None
    el = props.find(w(name))
    return el.get(w("val"), "1") if el is not None else None
