"""Reading reports: both formats, both samples, every word kept, headers, numbering, bad input."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from extract.cli import main
from extract.reports import ReportError, read_report
from tests.reportbuilder import ROWS, build_docx, build_text

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STEMS = {"000_5351aeebe505d014": 23, "003_11a4ddde2116b527": 65}
WORD = re.compile(r"\w+")


@pytest.fixture(scope="module", params=sorted(STEMS))
def pair(request):
    stem = request.param
    return stem, read_report(SAMPLES / f"{stem}.txt"), read_report(SAMPLES / f"{stem}.docx")


def test_both_formats_give_all_rows_with_identical_fields(pair):
    stem, txt, docx_report = pair
    assert len(txt.rows) == len(docx_report.rows) == STEMS[stem]
    assert [r.row for r in txt.rows] == list(range(1, STEMS[stem] + 1))
    for a, b in zip(txt.rows, docx_report.rows):
        assert (a.id, a.fields, a.section, a.subsection) == (b.id, b.fields, b.section, b.subsection)
    assert txt.info.notes == docx_report.info.notes
    assert not txt.warnings and not docx_report.warnings


def test_rows_sit_under_their_headers():
    regional = {r.row: r for r in read_report(SAMPLES / "000_5351aeebe505d014.docx").rows}
    municipal = {r.row: r for r in read_report(SAMPLES / "003_11a4ddde2116b527.txt").rows}
    assert regional[19].section == "Сотрудничество в сфере спорта"
    assert regional[1].section == "Сотрудничество в сфере инвестиционного развития"
    assert regional[1].subsection.startswith("Представительство Администрации Смоленской области")
    assert regional[4].subsection is None  # a new sector header resets the body
    assert municipal[45].section == "Муниципальное образование «Вяземский район» Смоленской области"
    assert municipal[45].subsection is None
    assert municipal[1].section == "Город Смоленск"


def test_metadata_and_notes():
    regional = read_report(SAMPLES / "000_5351aeebe505d014.txt").info
    municipal = read_report(SAMPLES / "003_11a4ddde2116b527.docx").info
    assert (regional.year, regional.quarter, regional.level) == (2023, 3, "regional")
    assert (municipal.year, municipal.quarter, municipal.level) == (2023, 2, "municipal")
    assert regional.notes.startswith("В III квартале 2023 года состоялись 2 встречи")
    assert municipal.notes is None


def _source_words(path: Path) -> list[str]:
    if path.suffix == ".docx":
        from lxml import etree
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p"))
    else:
        text = path.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    return WORD.findall(text)


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("stem", sorted(STEMS))
def test_every_word_of_the_source_ends_up_somewhere(stem, suffix):
    path = SAMPLES / f"{stem}{suffix}"
    report = read_report(path)
    kept = " ".join([report.info.title or "", report.info.notes or ""]
                    + [r.section or "" for r in report.rows] + [r.subsection or "" for r in report.rows]
                    + [" ".join(r.fields.values()) for r in report.rows]
                    + [str(r.row) for r in report.rows if suffix == ".txt"])  # Word's numbers are not text
    header_row = "№ п п Наименование мероприятия Место проведения мероприятия Сроки проведения мероприятия " \
                 "Цель содержание и результат мероприятия в том числе краткая информация о достигнутых " \
                 "договоренностях подписанных документах Участники мероприятия общее количество другие " \
                 "дополнительные сведения"
    available = WORD.findall(kept + " " + header_row)
    pool: dict[str, int] = {}
    for w in available:
        pool[w] = pool.get(w, 0) + 1
    missing = []
    for w in _source_words(path):
        if pool.get(w, 0) > 0:
            pool[w] -= 1
        else:
            missing.append(w)
    assert missing == []


@pytest.mark.parametrize("numbering", ["typed", "numPr", "style"])
def test_word_row_numbers_typed_or_from_list_numbering(tmp_path, numbering):
    path = build_docx(tmp_path / "r.docx", ROWS, numbering=numbering)
    report = read_report(path)
    assert [r.row for r in report.rows] == [1, 2, 3]
    assert report.rows[0].section == "Сотрудничество в сфере культуры"
    assert report.rows[0].subsection == "Департамент Смоленской области по культуре"
    assert report.rows[2].section == "Сотрудничество в сфере спорта" and report.rows[2].subsection is None
    assert report.rows[1].fields["place"] == "г. Минск,\nРеспублика Беларусь"
    assert (report.info.year, report.info.quarter, report.info.level) == (2024, 1, "regional")


def test_list_numbering_start_value_is_honoured_and_gap_is_warned(tmp_path):
    report = read_report(build_docx(tmp_path / "r.docx", ROWS, numbering="numPr", start=7))
    assert [r.row for r in report.rows] == [7, 8, 9]
    gap = [ROWS[2], (5, ROWS[3][1]), (5, ROWS[5][1])]
    text = tmp_path / "gap.txt"
    text.write_text(build_text(gap), encoding="utf-8")
    warned = read_report(text)
    assert [r.row for r in warned.rows] == [1, 5, 5]
    assert warned.rows[1].warnings == ["row numbering jumps from 1 to 5"]
    assert warned.rows[2].warnings == ["row number 5 repeats"]
    assert len(warned.warnings) == 2


def test_word_and_text_builders_agree(tmp_path):
    text = tmp_path / "r.txt"
    text.write_text(build_text(ROWS, after="В I квартале 2024 года состоялись 3 встречи"), encoding="utf-8")
    word = build_docx(tmp_path / "r.docx", ROWS, numbering="numPr", after="В I квартале 2024 года состоялись 3 встречи")
    a, b = read_report(text), read_report(word)
    assert [r.fields for r in a.rows] == [r.fields for r in b.rows]
    assert a.info.notes == b.info.notes == "В I квартале 2024 года состоялись 3 встречи"


@pytest.mark.parametrize("encoding,bom,newline", [
    ("cp1251", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\n"), ("utf-8", b"", "\r\n"), ("cp1251", b"", "\r\n"),
    ("koi8_r", b"", "\n"),
])
def test_text_encodings_and_line_ends(tmp_path, encoding, bom, newline):
    original = SAMPLES / "000_5351aeebe505d014.txt"
    text = original.read_text(encoding="utf-8").replace("\n", newline)
    encoded = text.encode(encoding, errors="replace")  # KOI8-R has no «» or dashes: compare like with like
    reference = tmp_path / "reference.txt"
    reference.write_text(encoded.decode(encoding), encoding="utf-8")
    path = tmp_path / "converted.txt"
    path.write_bytes(bom + encoded)
    rows = read_report(path).rows
    assert len(rows) == 23
    assert [r.fields for r in rows] == [r.fields for r in read_report(reference).rows]


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = (SAMPLES / "000_5351aeebe505d014.docx").read_bytes()
    no_table = tmp_path / "no_table.docx"
    import docx
    d = docx.Document()
    d.add_paragraph("Отчет без таблицы")
    d.save(no_table)
    four_columns = build_docx(tmp_path / "four.docx", [(1, ["a", "b", "c"])], columns=4,
                              header=["Код", "Статья", "Сумма", "Примечание"])
    broken_row_text = build_text(ROWS).replace("\tКонцерт и выставка\n", "")
    cases = {
        "missing": (tmp_path / "absent.docx", "no such file"),
        "empty": (tmp_path / "empty.txt", "empty file"),
        "no_table": (no_table, "no table"),
        "no_rows": (tmp_path / "prose.txt", "no table cells"),
        "random": (tmp_path / "random.docx", "no table cells|not a text file|binary"),
        "not_zip_but_named_docx": (tmp_path / "fake.docx", r"named \.docx but not a Word \(\.docx\) file .*no table cells"),
        "truncated": (tmp_path / "truncated.docx", "corrupt Word file"),
        "no_document_xml": (tmp_path / "nodoc.docx", "no word/document.xml"),
        "four_columns": (four_columns, "no report table in the Word file: no column header names its columns "
                                       "and no table has six"),
        "broken_row": (tmp_path / "broken.txt", "row 1: 5 cells, expected 6"),
        "legacy_doc": (tmp_path / "old.doc", "legacy binary .doc"),
    }
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "prose.txt").write_text("Просто текст без таблицы.\nВторая строка.", encoding="utf-8")
    (tmp_path / "random.docx").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "fake.docx").write_text("это не zip", encoding="utf-8")
    (tmp_path / "truncated.docx").write_bytes(good[: len(good) // 2])
    (tmp_path / "nodoc.docx").write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"}))
    (tmp_path / "broken.txt").write_text(broken_row_text, encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    return cases


@pytest.mark.parametrize("case", ["missing", "empty", "no_table", "no_rows", "random", "not_zip_but_named_docx",
                                  "truncated", "no_document_xml", "four_columns", "broken_row", "legacy_doc"])
def test_bad_input_gives_one_line_error_naming_the_file(tmp_path, case, capsys):
    path, expected = _bad_inputs(tmp_path)[case]
    with pytest.raises(ReportError) as info:
        read_report(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    assert re.search(expected, message), message
    assert main(["rows", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(path) in err


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(80):  # 80 MiB of zeros, ~80 KB compressed
                member.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ReportError, match="zip bomb"):
        read_report(bomb)


def test_xml_entities_are_never_expanded(tmp_path):
    good = zipfile.ZipFile(SAMPLES / "000_5351aeebe505d014.docx")
    entries = {n: good.read(n) for n in good.namelist()}
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
           + entries["word/document.xml"].split(b"?>", 1)[1])
    entries["word/document.xml"] = lol
    path = tmp_path / "entities.docx"
    path.write_bytes(_zip(entries))
    with pytest.raises(ReportError, match="DTD or entities"):
        read_report(path)


def test_batch_goes_on_past_bad_files_and_reports_them(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "rows.jsonl"
    code = main(["rows", str(SAMPLES / "000_5351aeebe505d014.txt"), str(bad), str(tmp_path / "missing.txt"),
                 "-o", str(out)])
    assert code == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 23 and records[3]["id"] == "000_5351aeebe505d014#4"
    assert records[3]["report"]["quarter"] == 3
    err = capsys.readouterr().err
    assert "2 failed" in err and str(bad) in err and "missing.txt" in err


def test_rows_cli_reads_folders_and_globs(tmp_path):
    out = tmp_path / "rows.jsonl"
    assert main(["rows", str(SAMPLES), "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 23 + 65  # each report once: its .docx
    assert main(["rows", str(SAMPLES / "003_*.docx"), "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 65


def test_output_is_written_atomically(tmp_path):
    from extract.output.atomic import atomic_writer
    target = tmp_path / "out.jsonl"
    target.write_text("old complete output\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as handle:
            handle.write("half a record")
            raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old complete output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.parametrize(("header", "is_sector"), [
    ("Сотрудничество в сфере культуры", True),
    ("Торгово-экономическое сотрудничество", True),
    ("Внешнеэкономическая деятельность", True),
    ("Общие направления сотрудничества", True),
    ("Межрегиональные и международные связи в области образования", True),
    ("Департамент Смоленской области по культуре", False),
    ("Министерство экономического развития Смоленской области", False),
    ("Представительство Администрации Смоленской области при Правительстве Российской Федерации", False),
    ("Муниципальное образование «Вяземский район» Смоленской области", False),
    ("Город Смоленск", False),
])
def test_sector_headers_are_told_from_bodies_and_municipalities(header, is_sector):
    from extract.reports.table import is_sector_header

    assert is_sector_header(header) is is_sector
