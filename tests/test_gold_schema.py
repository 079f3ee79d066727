"""Every annotation file in annotations/ must pass the schema check; the checker itself is tested on bad records."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from extract.evaluation.gold import EvaluationInputError, load_gold, read_jsonl, validate, validate_record

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = sorted((ROOT / "annotations").glob("*.jsonl"))
HELDOUT = [p for folder in ("heldout", "blind", "blind3") for p in sorted((ROOT / "tests" / "data" / folder).glob("*.jsonl"))]
FIXTURE = ROOT / "tests" / "data" / "eval" / "gold" / "demo_report.jsonl"


@pytest.mark.parametrize("path", ANNOTATIONS + HELDOUT, ids=lambda p: p.name)
def test_annotation_file_is_valid(path):
    problems = validate(read_jsonl(path))
    assert not problems, "\n".join(problems)


def test_every_sample_row_is_annotated_and_checked():
    records = [r for path in ANNOTATIONS for r in load_gold(path)]
    assert len(records) == 88 and all(r["checked"] for r in records)


@pytest.mark.parametrize("path", ANNOTATIONS + HELDOUT, ids=lambda p: p.name)
def test_gold_fields_match_what_extract_rows_reads(path):
    from extract.reports import read_report

    folder = ROOT / "samples" if path in ANNOTATIONS else path.parent
    for suffix in (".txt", ".docx"):
        report = folder / f"{path.stem}{suffix}"
        if not report.exists():
            continue
        rows = {r.id: r for r in read_report(report).rows}
        gold = load_gold(path)
        assert set(rows) == {g["id"] for g in gold}
        for g in gold:
            row = rows[g["id"]]
            assert (g["fields"], g["section"], g["subsection"]) == (row.fields, row.section, row.subsection), g["id"]


def test_fixture_gold_is_valid():
    assert len(load_gold(FIXTURE)) == 3


@pytest.fixture
def good():
    return json.loads(FIXTURE.read_text(encoding="utf-8").splitlines()[0])


def test_good_record_has_no_problems(good):
    assert validate_record(good, stem="demo_report") == []


@pytest.mark.parametrize("change, expected", [
    ({"sector": "culture_and_arts"}, "sector 'culture_and_arts' is not one of"),
    ({"countries": ["BY", "Беларусь"]}, "'Беларусь' is not an ISO 3166-1 alpha-2 code"),
    ({"countries": ["by"]}, "'by' is not an ISO 3166-1 alpha-2 code"),
    ({"place_countries": ["XX"]}, "'XX' is not an ISO 3166-1 alpha-2 code"),
    ({"countries": "BY"}, "countries must be a list of non-empty strings"),
    ({"settlements": ["Орша", "Орша"]}, "settlements repeats a value"),
    ({"date_start": "21.08.2023"}, "date_start '21.08.2023' is not an ISO date"),
    ({"date_end": "2023-02-30"}, "date_end '2023-02-30' is not an ISO date"),
    ({"date_start": "2023-08-25"}, "date_start 2023-08-25 is after date_end 2023-08-24"),
    ({"date_precision": "week"}, "date_precision 'week' is not one of"),
    ({"participants_qualifier": "about"}, "participants_qualifier 'about' is not one of"),
    ({"participants_total": "12"}, "participants_total must be a non-negative integer"),
    ({"participants_total": None}, "participants_qualifier must be null when the total is null"),
    ({"online": "no"}, "online must be true or false"),
    ({"id": "demo_report-1"}, 'id must look like "<stem>#<row>"'),
    ({"id": "other#1"}, "does not start with the file's stem 'demo_report'"),
    ({"row": 2}, "row 2 does not match the id"),
    ({"checked": False}, "checked must be true"),
    ({"ambiguous": ["participants"]}, "ambiguous names 'participants', which is not a field"),
    ({"annotator": ""}, "annotator must name who annotated the row"),
    ({"fields": {"name": "x"}}, "fields must hold the raw texts"),
])
def test_bad_record_is_reported(good, change, expected):
    bad = copy.deepcopy(good) | change
    problems = validate_record(bad, stem="demo_report")
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("change", [
    {"countries": ["Абхазия", "Южная Осетия", "RU"]},
    {"ambiguous": ["participants_total", "dates", "organizations"]},
    {"date_start": None, "date_end": None, "date_precision": None},
    {"participants_total": 2500, "participants_qualifier": "over"},
])
def test_allowed_variants_pass(good, change):
    assert validate_record(copy.deepcopy(good) | change, stem="demo_report") == []


def test_duplicate_ids_and_locations(tmp_path, good):
    path = tmp_path / "demo_report.jsonl"
    path.write_text("\n".join(json.dumps(good, ensure_ascii=False) for _ in range(2)) + "\n", encoding="utf-8")
    problems = validate(read_jsonl(path))
    assert problems == [f"{path}:2: id 'demo_report#1' repeats the record at {path}:1"]


def test_load_gold_raises_with_file_and_line(tmp_path, good):
    path = tmp_path / "demo_report.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(good | {"id": "demo_report#2", "row": 2,
                                                                  "sector": "arts"}) + "\n", encoding="utf-8")
    with pytest.raises(EvaluationInputError, match=rf"^{path}:2: sector 'arts'"):
        load_gold(path)


def test_invalid_json_names_file_and_line():
    broken = ROOT / "tests" / "data" / "eval" / "broken.jsonl"
    with pytest.raises(EvaluationInputError, match=rf"^{broken}:2: invalid JSON"):
        read_jsonl(broken)
