"""The Python API, `extract enrich`, and the spaCy components in a user's own pipeline."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import spacy

import extract
from extract.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

TABLE = pd.DataFrame({
    "event_id": ["a-1", "a-2", "a-3"],
    "goal_text": ["Встреча с делегацией г. Гродно (Республика Беларусь) и представителями ООО «Север»",
                  "Обмен опытом между школами Казахстана и России",
                  None],
    "who": ["Общее количество участников – 45 человек", "около 30 учителей", ""],
    "when": ["12-14 марта 2024 года", "май 2024 года", ""],
})


def test_read_report_and_run():
    report = extract.read_report(SAMPLES / "000_5351aeebe505d014.docx")
    assert len(report.rows) == 23 and report.info.quarter == 3
    records = extract.run([SAMPLES / "000_5351aeebe505d014.txt"])
    assert [r["id"] for r in records] == [r.id for r in report.rows]


def test_enrich_keeps_every_row_and_column_in_order():
    out = extract.enrich(TABLE, goal="goal_text", participants="who", dates="when")
    assert list(out.columns[:4]) == list(TABLE.columns)
    assert out["event_id"].tolist() == ["a-1", "a-2", "a-3"]
    assert out.loc[0, "countries"] == "BY" and out.loc[0, "settlements"] == "Гродно"
    assert "ООО «Север»" in out.loc[0, "organizations"]
    assert out.loc[0, "participants_total"] == 45
    assert (out.loc[0, "date_start"], out.loc[0, "date_end"]) == ("2024-03-12", "2024-03-14")
    assert set(out.loc[1, "countries"].split("; ")) == {"KZ", "RU"}
    assert (out.loc[1, "participants_total"], out.loc[1, "participants_qualifier"]) == (30, "approx")
    assert out.loc[2, "countries"] == "" and pd.isna(out.loc[2, "participants_total"])


def test_enrich_cli_csv_and_parquet(tmp_path):
    source = tmp_path / "events.csv"
    TABLE.to_csv(source, index=False)
    target = tmp_path / "enriched.parquet"
    assert main(["enrich", str(source), "-o", str(target), "--goal-col", "goal_text",
                 "--participants-col", "who", "--dates-col", "when"]) == 0
    out = pd.read_parquet(target)
    assert len(out) == 3 and out["event_id"].tolist() == ["a-1", "a-2", "a-3"]
    assert out.loc[0, "settlements"] == "Гродно"


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_enrich_keeps_integer_columns_integers(tmp_path, suffix):
    source = tmp_path / "events.csv"
    TABLE.to_csv(source, index=False)
    target = tmp_path / f"enriched{suffix}"
    assert main(["enrich", str(source), "-o", str(target), "--goal-col", "goal_text", "--participants-col", "who"]) == 0
    if suffix == ".csv":
        assert pd.read_csv(target, dtype=str, keep_default_na=False)["participants_total"].tolist() == ["45", "30", ""]
    else:
        import pyarrow.parquet as pq

        assert str(pq.read_schema(target).field("participants_total").type) == "int64"
        assert pd.read_parquet(target)["participants_total"].tolist()[:2] == [45, 30]


def test_organizations_are_given_in_the_nominative_beside_their_written_form():
    table = pd.DataFrame({"goal": ["Подписано соглашение с Харбинским политехническим университетом и "
                                   "Смоленским государственным университетом"], "who": [""]})
    out = extract.enrich(table, goal="goal", participants="who")
    assert out.loc[0, "organizations"] == "Харбинским политехническим университетом; " \
                                          "Смоленским государственным университетом"
    assert out.loc[0, "organizations_normal"] == "Харбинский политехнический университет; " \
                                                 "Смоленский государственный университет"


def test_enrich_cli_names_a_missing_column(tmp_path, capsys):
    source = tmp_path / "events.csv"
    TABLE.to_csv(source, index=False)
    assert main(["enrich", str(source), "-o", str(tmp_path / "o.csv"), "--goal-col", "nope",
                 "--participants-col", "who"]) == 2
    assert "no column(s) nope" in capsys.readouterr().err


def test_components_work_in_a_users_own_pipeline():
    nlp = spacy.blank("ru")
    for name in ("natasha_ner", "extract_countries", "extract_settlements", "extract_organizations",
                 "extract_persons"):
        nlp.add_pipe(name)
    doc = nlp("Делегация г. Витебска во главе с И.И. Петровым посетила МБОУ «Гимназия № 1» г. Смоленска "
              "и Китайскую Народную Республику.")
    assert {(s.text, s._.normal) for s in doc.spans["settlements"]} >= {("Витебска", "Витебск"),
                                                                         ("Смоленска", "Смоленск")}
    assert [s._.normal for s in doc.spans["countries"]] == ["CN"]
    assert [s.text for s in doc.spans["organizations"]] == ["МБОУ «Гимназия № 1»"]
    assert [s._.normal for s in doc.spans["persons"]] == ["И.И. Петров"]


def test_a_town_natasha_takes_for_a_person_is_a_settlement():
    nlp = spacy.blank("ru")
    for name in ("natasha_ner", "extract_countries", "extract_settlements", "extract_persons"):
        nlp.add_pipe(name)
    doc = nlp("Юнармейцы провели реконструкцию боя за Ельню, возложили цветы")
    assert [s._.normal for s in doc.spans["settlements"]] == ["Ельня"]
    assert list(doc.spans["persons"]) == []
