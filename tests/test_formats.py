"""Every format of one report gives the same rows: .odt, .pdf, .rtf and .doc (as LibreOffice saves them)
against the .docx, word for word; readers chosen by content; each format's errors name that format."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from extract.cli import main
from extract.reports import ReportError, read_report
from tests.constructs import SAMPLES, STEMS, VARIANTS, row_view

FORMATS = Path(__file__).resolve().parent / "data" / "formats"
CONVERTED = ("odt", "pdf", "rtf.docx", "doc.docx")
soffice = shutil.which("soffice")


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def comparable(report) -> list[tuple]:
    """Rows as ids, headers and whitespace-folded texts: line breaks may differ where a format keeps none."""
    return [(r.id.split("#", 1)[1], r.number, r.section, r.subsection, r.group, {k: words(v) for k, v in r.fields.items()},
             r.fields_extra) for r in report.rows]


@pytest.fixture(scope="module", params=STEMS)
def reference(request):
    return request.param, read_report(SAMPLES / f"{request.param}.docx")


@pytest.mark.parametrize("suffix", CONVERTED)
def test_every_format_gives_the_docx_rows_word_for_word(reference, suffix):
    stem, docx_report = reference
    report = read_report(FORMATS / f"{stem}.{suffix}")
    assert comparable(report) == comparable(docx_report)
    assert words(report.info.notes) == words(docx_report.info.notes)
    assert words(report.info.title) == words(docx_report.info.title)
    assert (report.info.year, report.info.quarter, report.info.level) == (
        docx_report.info.year, docx_report.info.quarter, docx_report.info.level)
    assert report.warnings == []
    assert report.info.format == suffix.split(".")[-1]


@pytest.mark.parametrize("name", ["vmerge_place", "tracked_changes", "split_repeated_header", "text_boxes",
                                  "seventh_column"])
def test_word_constructs_saved_as_opendocument_read_as_in_word(reference, name):
    stem, docx_report = reference
    variant = next(v for v in VARIANTS if v.name == name)
    expected = variant.expect([row_view(r) for r in docx_report.rows])
    report = read_report(FORMATS / f"{stem}.{name}.odt")
    assert [(r.number, {k: words(v) for k, v in r.fields.items()}, r.fields_extra) for r in report.rows] == [
        (r["number"], {k: words(v) for k, v in r["fields"].items()}, r["fields_extra"]) for r in expected.rows]
    for text in expected.title_has:
        assert report.info.title.count(text) == 1


def test_a_merged_place_cell_in_a_pdf_gives_both_rows_the_place(reference):
    stem, docx_report = reference
    variant = next(v for v in VARIANTS if v.name == "vmerge_place")
    expected = variant.expect([row_view(r) for r in docx_report.rows])
    report = read_report(FORMATS / f"{stem}.vmerge_place.pdf")
    assert [words(r.fields["place"]) for r in report.rows] == [words(r["fields"]["place"]) for r in expected.rows]


@pytest.mark.parametrize(("source", "disguise"), [("pdf", "report.docx"), ("odt", "report.txt"),
                                                  ("rtf.docx", "report.pdf"), ("odt", "report")])
def test_the_reader_is_chosen_by_content_not_by_name(tmp_path, source, disguise):
    stem = STEMS[0]
    path = tmp_path / disguise
    shutil.copy(FORMATS / f"{stem}.{source}", path)
    assert len(read_report(path).rows) == 23


def tiny_pdf(content: bytes) -> bytes:
    """A one-page PDF drawing `content` (a content stream), with a correct cross-reference table."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


GRID = b"0 0 0 RG 1 w 50 700 m 550 700 l S 50 600 m 550 600 l S 50 500 m 550 500 l S " \
       b"50 500 m 50 700 l S 300 500 m 300 700 l S 550 500 m 550 700 l S"


def _odt_without_table() -> bytes:
    source = zipfile.ZipFile(FORMATS / f"{STEMS[0]}.odt")
    content = etree.fromstring(source.read("content.xml"))
    for table in content.iter("{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table"):
        table.getparent().remove(table)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as target:
        for name in source.namelist():
            target.writestr(name, etree.tostring(content) if name == "content.xml" else source.read(name))
    return buf.getvalue()


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    odt = (FORMATS / f"{STEMS[0]}.odt").read_bytes()
    pdf = (FORMATS / f"{STEMS[0]}.pdf").read_bytes()
    files = {
        "scan.pdf": (tiny_pdf(GRID), r"a PDF with no text layer \(a scan\?\)"),
        "prose.pdf": (tiny_pdf(b"BT /F1 12 Tf 72 720 Td (Report text only) Tj ET"), r"a PDF with no ruled table"),
        "broken.pdf": (pdf[:600], r"corrupt PDF|a PDF with no"),
        "no_table.odt": (_odt_without_table(), r"the OpenDocument file has no table"),
        "truncated.odt": (odt[: len(odt) // 3], r"corrupt OpenDocument file"),
    }
    cases = {}
    for name, (data, expected) in files.items():
        (tmp_path / name).write_bytes(data)
        cases[name] = (tmp_path / name, expected)
    return cases


@pytest.mark.parametrize("case", ["scan.pdf", "prose.pdf", "broken.pdf", "no_table.odt", "truncated.odt"])
def test_bad_files_of_each_format_get_one_line_naming_file_and_format(tmp_path, case, capsys):
    path, expected = _bad_files(tmp_path)[case]
    with pytest.raises(ReportError) as info:
        read_report(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message and re.search(expected, message), message
    assert "Word file" not in message and "text export" not in message
    assert main(["rows", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_a_pdf_over_the_page_limit_is_refused_before_its_pages_are_read(monkeypatch):
    from extract.reports import pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 5)
    with pytest.raises(ReportError, match=r"refused: a PDF of 17 pages \(at most 5\)"):
        read_report(FORMATS / f"{STEMS[0]}.pdf")


@pytest.mark.parametrize("legacy", ["rtf", "doc"])
def test_legacy_files_without_libreoffice_say_what_to_install(tmp_path, monkeypatch, legacy, capsys):
    from extract.reports import libreoffice

    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    path = FORMATS / f"{STEMS[0]}.{legacy}"
    with pytest.raises(ReportError, match=r"needs LibreOffice.*apt-get install libreoffice-writer-nogui") as info:
        read_report(path)
    assert str(path) in str(info.value) and {"rtf": "RTF file", "doc": "legacy binary .doc"}[legacy] in str(info.value)
    out = tmp_path / "rows.jsonl"
    assert main(["rows", str(path), str(SAMPLES / f"{STEMS[1]}.docx"), "-o", str(out)]) == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 65  # the batch went on


@pytest.mark.libreoffice
@pytest.mark.skipif(soffice is None, reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
def test_rtf_and_doc_are_converted_by_one_libreoffice_process_and_read_as_word(tmp_path, monkeypatch):
    from extract.reports import libreoffice

    runs: list[int] = []
    real_run = libreoffice.Converter._run

    def counted(self, sources, timeout):
        runs.append(len(sources))
        return real_run(self, sources, timeout)

    monkeypatch.setattr(libreoffice.Converter, "_run", counted)
    out = tmp_path / "rows.jsonl"
    paths = []  # one folder per format: in one folder only the .doc of a stem would be read
    for legacy in ("rtf", "doc"):
        (tmp_path / legacy).mkdir()
        for stem in STEMS:
            paths.append(str(shutil.copy(FORMATS / f"{stem}.{legacy}", tmp_path / legacy)))
    assert main(["rows", *paths, "-o", str(out)]) == 0
    assert runs == [4]  # one LibreOffice process for the whole batch
    import json

    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for stem in STEMS:
        reference = comparable(read_report(SAMPLES / f"{stem}.docx"))
        for legacy in ("rtf", "doc"):
            got = [r for r in records if r["report"]["source"].endswith(f"{stem}.{legacy}")]
            assert [(r["id"].split("#", 1)[1], {k: words(v) for k, v in r["fields"].items()}) for r in got] == [
                (ref[0], ref[5]) for ref in reference]
            assert {r["report"]["format"] for r in got} == {legacy}
