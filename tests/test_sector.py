"""Sector: header mapping, the closed list, the model's determinism, safety, freshness and use."""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from extract.records import ReportInfo, Row
from extract.sector import SectorPredictor, header_sector, sector_codes
from extract.sector import train as training
from extract.sector.command import register, run
from extract.sector.features import keyword_counts, lemmas, prepare
from extract.sector.model import build_pipeline
from extract.sector.predict import TRUSTED_EXTRA, UntrustedModelError, load_model
from extract.sector.taxonomy import load_sectors, looks_like_sector_header

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "models" / "sector"
MODEL = MODEL_DIR / "model.skops"
GUIDE_CODES = ["economy", "culture", "education_science", "social", "youth_patriotic",
               "sport", "tourism", "health", "employment", "general"]


@pytest.mark.parametrize("header, expected", [
    # the sample reports' headers
    ("Сотрудничество в сфере культуры", "culture"),
    ("Сотрудничество в сфере инвестиционного развития", "economy"),
    ("Сотрудничество в социальной сфере", "social"),
    ("Сотрудничество в сфере молодежной политики и гражданско-патриотического воспитания", "youth_patriotic"),
    ("Сотрудничество в сфере спорта", "sport"),
    ("Сотрудничество в сфере образования и науки", "education_science"),
    ("Сотрудничество в сфере государственной службы занятости населения", "employment"),
    ("Общие направления сотрудничества", "general"),
    # worded differently, or sectors the samples do not have
    ("Сотрудничество в сфере физической культуры и спорта", "sport"),
    ("Сотрудничество в области физкультуры", "sport"),
    ("Сотрудничество в области здравоохранения", "health"),
    ("Сотрудничество в сфере медицины", "health"),
    ("Торгово-экономическое сотрудничество", "economy"),
    ("Внешнеэкономическая деятельность", "economy"),
    ("Сотрудничество в сфере промышленности и предпринимательства", "economy"),
    ("Сотрудничество в сфере сельского хозяйства", "economy"),
    ("Сотрудничество в сфере туризма", "tourism"),
    ("Межрегиональное сотрудничество в сфере труда и занятости", "employment"),
    ("Научно-техническое сотрудничество", "education_science"),
    ("Сотрудничество в сфере социальной защиты населения", "social"),
    ("СОТРУДНИЧЕСТВО В СФЕРЕ МОЛОДЁЖНОЙ ПОЛИТИКИ", "youth_patriotic"),
    ("Сотрудничество в сфере культуры и туризма", "culture"),  # two sectors: the first named
    # not sector headers: municipalities and bodies
    ("Город Смоленск", None),
    ("Муниципальное образование «Вяземский район» Смоленской области", None),
    ("Муниципальное образование «город Десногорск» Смоленской области", None),
    ("Представительство Администрации Смоленской области при Правительстве Российской Федерации", None),
    ("Сотрудничество в сфере средств массовой информации", None),
    ("", None),
    (None, None),
])
def test_header_sector(header, expected):
    assert header_sector(header) == expected


@pytest.mark.parametrize("header, expected", [
    ("Сотрудничество в сфере средств массовой информации", True),
    ("Иные направления взаимодействия", True),
    ("Город Смоленск", False),
    ("Муниципальное образование «Краснинский район» Смоленской области", False),
])
def test_looks_like_sector_header(header, expected):
    assert looks_like_sector_header(header) is expected


def test_closed_list_matches_the_guide():
    assert list(sector_codes()) == GUIDE_CODES
    assert all(s.label and s.header_words and s.keywords for s in load_sectors())


@pytest.mark.parametrize("text, sector, at_least", [
    ("Турнир по мини-футболу среди юношеских команд", "sport", 2),
    ("Концерт фольклорных ансамблей в областной библиотеке", "culture", 3),
    ("Бизнес-миссия предпринимателей на промышленную ярмарку", "economy", 3),
    ("Приём пациентов врачами областной больницы", "health", 3),
])
def test_keyword_counts(text, sector, at_least):
    counts = keyword_counts(" ".join(lemmas(text)), load_sectors())
    assert counts[sector] >= at_least
    assert max(counts, key=counts.get) == sector


def test_prepare_uses_content_columns_only_and_adds_prior_tags():
    text = prepare({"name": "Шахматный турнир", "place": "г. Гомель", "dates": "май 2024", "goal": "", "participants": None})
    assert "шахматный" in text.split() and "турнир" in text.split() and "kw_sport" in text.split()
    assert "гомель" not in text


@pytest.fixture(scope="module")
def prepared():
    examples = training.assemble()
    return [prepare(e.fields) for e in examples], [e.label for e in examples]


def test_pipeline_is_deterministic(prepared):
    texts, labels = prepared
    sample = ["концерт народного ансамбля", "турнир по борьбе", "конференция учителей истории"]
    first = training.fit_model(texts, labels, seed=7).predict_proba([prepare({"name": s}) for s in sample])
    second = training.fit_model(texts, labels, seed=7).predict_proba([prepare({"name": s}) for s in sample])
    assert np.array_equal(first, second)


def test_build_pipeline_learns_nothing_before_fit():
    pipeline = build_pipeline(0)
    assert not hasattr(pipeline.named_steps["classifier"], "coef_")
    assert pipeline.fit(["турнир kw_sport", "концерт kw_culture"], ["sport", "culture"]) is pipeline


def test_model_file_with_code_is_refused(tmp_path):
    """A model file that would call our (or anyone's) functions is refused before anything runs."""
    from sklearn.preprocessing import FunctionTransformer

    from extract.morph import lemma

    path = tmp_path / "model.skops"
    sio.dump(FunctionTransformer(lemma), path)
    with pytest.raises(UntrustedModelError, match="extract.morph.lemma"):
        load_model(path)


def test_committed_model_is_safe_small_and_valid():
    assert MODEL.exists(), "no committed sector model: run `extract train-sector`"
    assert MODEL.stat().st_size < 10 * 2**20
    untrusted = sio.get_untrusted_types(file=MODEL)
    assert set(untrusted) <= set(TRUSTED_EXTRA), f"model file holds untrusted types: {untrusted}"
    model = load_model(MODEL)
    assert set(model.classes_) <= set(GUIDE_CODES)
    probs = model.predict_proba([prepare({"name": "Международный фестиваль", "goal": "концерт"}), ""])
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_committed_model_is_not_stale():
    recorded = json.loads((MODEL_DIR / "training.json").read_text(encoding="utf-8"))["data_sha256"]
    current = training.data_hash(training.assemble())
    assert current == recorded, (
        "the committed sector model was trained on other data than the current reports, annotations "
        "and sectors.tsv: run `extract train-sector` and commit models/sector/")


def _row(section: str | None, **fields: str) -> Row:
    info = ReportInfo(source="test", stem="test", format="txt")
    return Row("test#1", 1, section, None, {k: fields.get(k, "") for k in ("name", "place", "dates", "goal", "participants")}, info)


def test_header_wins_over_the_model():
    row = _row("Сотрудничество в сфере спорта", name="Концерт камерного оркестра", goal="Гала-концерт, фестиваль искусств")
    result = SectorPredictor().predict(row)
    assert (result.sector, result.score, result.source) == ("sport", 1.0, "header")


@pytest.mark.parametrize("section, fields, expected", [
    ("Город Смоленск", {"name": "Международный турнир по самбо среди юниоров",
                        "goal": "Соревнования спортсменов из России и Беларуси"}, "sport"),
    (None, {"name": "Гала-концерт фестиваля народного творчества",
            "goal": "Выступления фольклорных ансамблей и хореографических коллективов"}, "culture"),
    (None, {"name": "Деловой форум предпринимателей",
            "goal": "Переговоры о поставках продукции, заключены контракты на экспорт"}, "economy"),
])
def test_model_labels_rows_without_sector_headers(section, fields, expected):
    result = SectorPredictor().predict(_row(section, **fields))
    assert result.source == "model" and result.sector == expected
    scores = [a["score"] for a in result.alternatives]
    assert len(result.alternatives) == 3 and scores == sorted(scores, reverse=True)
    assert result.alternatives[0]["sector"] == result.sector and 0 < result.score <= 1


def test_unmapped_sector_header_warns_and_falls_back_to_the_model(caplog):
    with caplog.at_level(logging.WARNING, logger="extract.sector.predict"):
        result = SectorPredictor().predict(_row("Сотрудничество в сфере информационной политики",
                                                name="Турнир по волейболу"))
    assert result.source == "model"
    assert "информационной политики" in caplog.text


def test_model_is_loaded_once():
    assert SectorPredictor().model is SectorPredictor().model


def test_training_data_comes_from_headers_and_final_annotations():
    examples = training.assemble()
    assert {e.source for e in examples} <= {"header", "annotation"}
    assert len({e.id for e in examples}) == len(examples)  # one format per report: no row twice
    assert all(e.label in GUIDE_CODES for e in examples)
    assert all(e.source == "header" for e in examples if e.report == "000_5351aeebe505d014")


def test_train_sector_command_writes_model_metrics_and_card(tmp_path, monkeypatch):
    monkeypatch.setattr(training, "REPEATS", 1)
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["train-sector", "--out", str(tmp_path), "--seed", "3"])
    assert args.func is run and args.samples == training.DEFAULT_SAMPLES
    assert run(args) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"model.skops", "metrics.json", "training.json", "README.md"}
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert {"model", "majority", "keywords"} <= set(metrics["k_fold"]["mean"])
    assert "Known weaknesses" in (tmp_path / "README.md").read_text(encoding="utf-8")
