"""Small Word and text reports built in tests, so each reader path is exercised on data we control."""
from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HEADER = ["№ п/п", "Наименование мероприятия", "Место проведения", "Сроки проведения",
          "Цель, содержание и результат", "Участники мероприятия"]
TITLE = "Отчет о мероприятиях в международной сфере, проведенных исполнительными органами Смоленской области в I квартале 2024 года"


def _numpr(paragraph, num_id: str, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    num_pr.extend([lvl, nid])
    ppr.insert(0, num_pr)


def _restarting_num(document, start: int) -> str:
    """A new list instance of the template's numbered list, starting at `start`."""
    numbering = document.part.numbering_part.element
    existing = numbering.findall(qn("w:num"))
    template = next(n for n in existing if n.get(qn("w:numId")) == "5")
    num = copy.deepcopy(template)
    new_id = str(max(int(n.get(qn("w:numId"))) for n in existing) + 1)
    num.set(qn("w:numId"), new_id)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    so = OxmlElement("w:startOverride")
    so.set(qn("w:val"), str(start))
    override.append(so)
    num.append(override)
    numbering.append(num)
    return new_id


def build_docx(path: Path, rows: list, numbering: str = "typed", columns: int = 6,
               title: str = TITLE, after: str | None = None, start: int = 1, header: list[str] | None = None) -> Path:
    """rows: ("header", text) or (number, [name, place, dates, goal, participants]).

    numbering: "typed" writes the number; "numPr" uses direct list numbering
    (a new list instance starting at `start`); "style" uses the List Number style.
    """
    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=0, cols=columns)
    cells = table.add_row().cells
    for cell, text in zip(cells, header or HEADER[:columns]):
        cell.text = text
    num_id = _restarting_num(document, start) if numbering == "numPr" else None
    for row in rows:
        cells = table.add_row().cells
        if row[0] == "header":
            merged = cells[0].merge(cells[-1])
            merged.text = row[1]
            continue
        number, texts = row
        for cell, text in zip(cells[1:], texts):
            for i, line in enumerate(text.split("\n")):
                (cell.paragraphs[0] if i == 0 else cell.add_paragraph()).add_run(line)
        if numbering == "typed":
            cells[0].text = f"{number}."
        elif numbering == "numPr":
            _numpr(cells[0].paragraphs[0], num_id)
        else:
            cells[0].paragraphs[0].style = document.styles["List Number"]
    if after:
        document.add_paragraph(after)
    document.save(path)
    return path


def build_text(rows: list, title: str = TITLE, after: str | None = None) -> str:
    """The same rows as the text export writes them (cells start with a tab)."""
    lines = [title, ""] + [f"\t{h}" for h in HEADER] + [""]
    for row in rows:
        if row[0] == "header":
            lines += [f"\t{row[1]}", ""]
        else:
            lines += [f"\t{row[0]}. "] + [f"\t{t}" for t in row[1]] + [""]
    if after:
        lines += [f"\t{after}", ""]
    return "\n".join(lines)


ROWS = [
    ("header", "Сотрудничество в сфере культуры"),
    ("header", "Департамент Смоленской области по культуре"),
    (1, ["Фестиваль «Днепровские зори»", "г. Смоленск", "5 марта\n2024 года", "Концерт и выставка", "Коллективы из г. Орши (150 человек)"]),
    (2, ["Выставка", "г. Минск,\nРеспублика Беларусь", "январь 2024 года", "Обмен опытом", "Художники"]),
    ("header", "Сотрудничество в сфере спорта"),
    (3, ["Турнир по самбо", "г. Гомель", "10-12 февраля 2024 года", "Соревнования", "Спортсмены (40 человек)"]),
]
