"""Fixtures shared by the database, Datasette and browser tests: one archive built once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

import extract.batch.runner
from extract.cli import main
from tests.reportbuilder import build_text

ROOT = Path(__file__).resolve().parent.parent
DOCX = sorted(str(p) for p in (ROOT / "samples").glob("*.docx"))

#: A third report (invented) that names two bodies of the first sample, one in another form
#: ("Могилевского областного методического центра …" there, "Учреждение культуры «…»" in the sample).
INVENTED = [
    ("header", "Сотрудничество в сфере культуры"),
    (1, ["Областной фестиваль народного творчества «Смоленская весна»", "г. Смоленск", "15 февраля 2024 года",
         "Фестиваль провело ГБУК «Смоленский областной центр народного творчества»; выступили коллективы "
         "Могилевского областного методического центра народного творчества и культурно-просветительной работы",
         "Коллективы из г. Могилева и г. Витебска (200 человек)"]),
    (2, ["Выставка народных мастеров", "г. Витебск, Республика Беларусь", "март 2024 года",
         "Работы мастеров ГБУК «Смоленский областной центр народного творчества» показаны в Витебском "
         "областном методическом центре народного творчества", "Мастера (15 человек)"]),
]


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> list[str]:
    """The two sample reports and the invented third, in that order."""
    invented = tmp_path_factory.mktemp("reports") / "101_invented_2024q1.txt"
    invented.write_text(build_text(INVENTED), encoding="utf-8")
    return DOCX + [str(invented)]


@pytest.fixture(scope="session")
def archive(tmp_path_factory, reports) -> Path:
    """`extract run … -o ties.sqlite -j 2` over the three reports."""
    out = tmp_path_factory.mktemp("archive") / "ties.sqlite"
    assert main(["run", *reports, "-o", str(out), "-j", "2", "-q"]) == 0
    return out


@pytest.fixture
def processed(monkeypatch) -> list[str]:
    """The names of the files the runner extracts from (in this process), as it goes."""
    names: list[str] = []
    real = extract.batch.runner.process_file
    monkeypatch.setattr(extract.batch.runner, "process_file",
                        lambda path, **options: names.append(Path(path).name) or real(path, **options))
    return names
