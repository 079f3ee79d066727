"""Scores on small hand-made gold/prediction pairs, each worked out by hand in comments."""
from __future__ import annotations

import pytest

from extract.evaluation.folding import fold, fold_org, fold_person
from extract.evaluation.scoring import (
    Counts, compare_item, compare_lenient, compare_online, compare_sets, jaccard, match_lenient,
    score_system,
)


def record(rid: str, **answers):
    """A gold or predicted record with empty answers unless given."""
    base = {"id": rid, "row": int(rid.split("#")[1]), "sector": None, "date_start": None, "date_end": None,
            "date_precision": None, "online": False, "countries": [], "settlements": [], "organizations": [],
            "persons": [], "place_countries": [], "place_settlements": [], "participants_total": None,
            "participants_qualifier": None, "ambiguous": []}
    base.update(answers)
    return base


@pytest.mark.parametrize("a, b", [
    ("Могилёв", "могилев"),
    ("Алма–Ата", "Алма-Ата"),
    ("Алма - Ата", "Алма-Ата"),
    ("  Нижний\n Новгород ", "Нижний Новгород"),
    ("ГБУК «Центр»", 'ГБУК "Центр"'),
    ("Ансамбль „Звёзды“", "ансамбль звезды"),
])
def test_fold_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a, b", [
    ("Торгово-промышленной палаты Российской Федерации", "Торгово-промышленная палата Российской Федерации"),
    ("ОГБУК «Культурно-досуговый центр «Губернский»", "ОГБУК Культурно-досуговый центр Губернский"),
    ("Министерства иностранных дел Республики Казахстан", "Министерство иностранных дел Республики Казахстан"),
    ("Гимназии № 4", "Гимназия №4"),
])
def test_fold_org_equal(a, b):
    assert fold_org(a) == fold_org(b)


@pytest.mark.parametrize("a, b", [
    ("В. Н. Анохин", "В.Н. Анохин"),
    ("В.Н.Анохин", "В.Н. Анохин"),
    ("Наполеон Орда", "наполеон  орда"),
])
def test_fold_person_equal(a, b):
    assert fold_person(a) == fold_person(b)


def test_fold_keeps_different_names_apart():
    assert fold("Минск") != fold("Пинск")
    assert fold_org("Смоленский государственный университет") != fold_org("Смоленский государственный институт")


def test_counts_edge_cases():
    # nothing expected, nothing found: perfect by convention
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    # only misses: P undefined → 0, R = 0/2 = 0, F1 = 0/(0+0+2) = 0
    assert (Counts(fn=2).precision, Counts(fn=2).recall, Counts(fn=2).f1) == (0.0, 0.0, 0.0)
    # tp=3 fp=1 fn=2: P = 3/4, R = 3/5, F1 = 6/(6+1+2) = 2/3
    c = Counts(3, 1, 2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert c.f1 == pytest.approx(2 / 3)
    assert Counts(1, 2, 3) + Counts(4, 5, 6) == Counts(5, 7, 9)


def test_compare_sets_folds_and_dedupes():
    # gold {Могилёв, Минск}; pred {могилев, Могилев, Пинск}: могилев once → TP 1, Пинск FP, Минск FN
    counts, missed, spurious = compare_sets(["Могилёв", "Минск"], ["могилев", "Могилев", "Пинск"])
    assert counts == Counts(tp=1, fp=1, fn=1)
    assert missed == ["Минск"] and spurious == ["Пинск"]


def test_jaccard_and_lenient_matching():
    # {а,б,в} vs {б,в,г}: |∩| = 2, |∪| = 4 → 0.5
    assert jaccard(frozenset("абв"), frozenset("бвг")) == 0.5
    gold = ["Оршанский районный исполнительный комитет", "Белорусский государственный университет"]
    pred = ["Оршанского районного исполнительного комитета Республики Беларусь",  # 4 of 6 words: J = 4/6
            "Белорусский государственный университет культуры",                # 3 of 4 words: J = 3/4
            "Посольство"]                                                     # overlaps nothing
    pairs = match_lenient(gold, pred)
    assert sorted(pairs) == sorted([(gold[0], pred[0]), (gold[1], pred[1])])
    counts, missed, spurious = compare_lenient(gold, pred)
    # 2 pairs → TP 2; "Посольство" unmatched → FP 1; no gold left → FN 0
    assert counts == Counts(2, 1, 0) and missed == [] and spurious == ["Посольство"]


def test_lenient_matching_is_one_to_one_and_needs_half_overlap():
    # one gold, two candidate predictions: only the best (J = 3/3 = 1.0) is a TP, the other (J = 3/4) is a FP
    counts, _, spurious = compare_lenient(["Смоленский государственный университет"],
                                          ["Смоленского государственного университета",
                                           "Смоленский государственный медицинский университет"])
    assert counts == Counts(1, 1, 0)
    assert spurious == ["Смоленский государственный медицинский университет"]
    # J = |{администрация}| / |{администрация, смоленский, область, город}| = 1/4 < 0.5: no match
    assert compare_lenient(["Администрация Смоленской области"], ["Администрация города"]) == (
        Counts(0, 1, 1), ["Администрация Смоленской области"], ["Администрация города"])


@pytest.mark.parametrize("gold, pred, expected", [
    (None, None, Counts()),            # nothing on either side: nothing
    (12, 12, Counts(tp=1)),            # same value: TP
    (12, 13, Counts(fp=1, fn=1)),      # wrong number: FP and FN
    (None, 5, Counts(fp=1)),           # value where the gold has none: FP
    (40, None, Counts(fn=1)),          # null where the gold has a value: FN
])
def test_compare_item(gold, pred, expected):
    assert compare_item(gold, pred) == expected


@pytest.mark.parametrize("gold, pred, expected", [
    (True, True, Counts(tp=1)),
    (True, False, Counts(fn=1)),
    (True, None, Counts(fn=1)),
    (False, True, Counts(fp=1)),
    (False, None, Counts()),           # null and false both mean "not online"
    (False, False, Counts()),
])
def test_compare_online(gold, pred, expected):
    assert compare_online(gold, pred) == expected


@pytest.fixture
def gold():
    return [
        record("r#1", sector="culture", date_start="2023-08-21", date_end="2023-08-24", online=True,
               countries=["BY", "RU"], settlements=["Орша"], persons=["В.Н. Анохин"],
               organizations=["Торгово-промышленная палата Российской Федерации"],
               participants_total=12, participants_qualifier="exact"),
        record("r#2", sector="sport", date_start="2023-09-01", date_end="2023-09-30",
               countries=["CN"], settlements=["Минск", "Гомель"],
               participants_total=40, participants_qualifier="approx", ambiguous=["participants_total"]),
        record("r#3", sector="culture", countries=["KZ"], organizations=["Посольство Республики Казахстан"],
               participants_total=5, participants_qualifier="exact", ambiguous=["countries", "dates"]),
        record("r#4", sector="general", date_start="2023-07-05", date_end="2023-07-05"),
    ]


@pytest.fixture
def pred():
    return {
        "r#1": record("r#1", sector="culture", date_start="2023-08-21", date_end="2023-08-24", online=True,
                      countries=["BY"], settlements=["Орша", "Витебск"], persons=["В. Н. Анохин"],
                      organizations=["Торгово-промышленной палаты Российской Федерации"],
                      participants_total=12),
        "r#2": record("r#2", sector="culture", date_start="2023-09-01", date_end="2023-09-01",
                      countries=["CN", "RU"], settlements=["минск"], participants_total=99, online=True),
        "r#3": record("r#3", sector="culture", countries=["US"], date_start="2020-01-01", date_end="2020-01-01",
                      organizations=["Посольства Республики Казахстан в Москве"], participants_total=6),
        # r#4 has no prediction: every answer counts as empty
    }


def test_score_system_sets(gold, pred):
    s = score_system(gold, pred).fields
    # countries (r#3 skipped as ambiguous):
    #   r#1 gold {BY,RU} pred {BY}    → TP 1, FN 1
    #   r#2 gold {CN}    pred {CN,RU} → TP 1, FP 1
    #   r#4 gold {}      pred {}      → nothing
    #   total TP 2, FP 1, FN 1 → P = 2/3, R = 2/3, F1 = 4/(4+1+1) = 2/3
    assert s["countries"].counts == Counts(2, 1, 1) and s["countries"].rows == 3
    assert s["countries"].headline == pytest.approx(2 / 3)
    # settlements: r#1 {Орша} vs {Орша, Витебск} → TP 1 FP 1; r#2 {Минск, Гомель} vs {минск} → TP 1 FN 1
    #   total TP 2 FP 1 FN 1 → F1 = 4/6
    assert s["settlements"].counts == Counts(2, 1, 1)
    # persons: "В. Н. Анохин" folds to "в.н. анохин" → TP 1; F1 = 1
    assert s["persons"].counts == Counts(1, 0, 0) and s["persons"].headline == 1.0
    # organizations strict: r#1 inflected form folds equal → TP 1;
    #   r#3 "Посольства Республики Казахстан в Москве" ≠ "Посольство Республики Казахстан" → FP 1, FN 1
    #   TP 1 FP 1 FN 1 → F1 = 2/(2+1+1) = 0.5
    assert s["organizations"].counts == Counts(1, 1, 1) and s["organizations"].headline == 0.5
    # lenient: r#3 words {посольство, республика, казахстан} vs {посольство, республика, казахстан, в, москва}
    #   J = 3/5 = 0.6 ≥ 0.5 → TP; total TP 2, FP 0, FN 0 → F1 = 1
    assert s["organizations_lenient"].counts == Counts(2, 0, 0)
    errors = {e.id: e for e in s["settlements"].errors}
    assert errors["r#1"].spurious == ["Витебск"] and errors["r#2"].missed == ["Гомель"]


def test_score_system_values_dates_sector(gold, pred):
    result = score_system(gold, pred)
    s = result.fields
    assert result.missing == ["r#4"]
    # participants_total (r#2 skipped): r#1 12=12 TP; r#3 5 vs 6 FP+FN; r#4 null vs null nothing
    #   TP 1 FP 1 FN 1 → F1 = 2/4 = 0.5
    assert s["participants_total"].counts == Counts(1, 1, 1) and s["participants_total"].rows == 3
    assert [(e.id, e.missed, e.spurious) for e in s["participants_total"].errors] == [("r#3", ["5"], ["6"])]
    # online: r#1 true/true TP; r#2 false/true FP; r#3, r#4 false/false nothing → P 1/2, R 1/1, F1 2/3
    assert s["online"].counts == Counts(1, 1, 0)
    # dates (r#3 skipped): r#1 right; r#2 end differs; r#4 missing prediction → 1 of 3
    assert (s["dates"].correct, s["dates"].rows) == (1, 3)
    assert s["dates"].headline == pytest.approx(1 / 3)
    # sector: culture✓, sport→culture✗, culture✓, general→none✗ → accuracy 2/4
    sector = s["sector"]
    assert sector.accuracy == 0.5
    # per gold class: culture P = 2/3 (3 predicted, 2 right), R = 2/2 → F1 = 0.8; sport F1 0; general F1 0
    # macro-F1 over gold classes {culture, general, sport} = 0.8 / 3
    assert sector.macro_f1 == pytest.approx(0.8 / 3)
    assert sector.per_class["culture"]["f1-score"] == pytest.approx(0.8)
    labels = sector.confusion["labels"]
    assert labels == ["culture", "general", "none", "sport"]
    # rows are gold, columns predicted: general → none once, sport → culture once
    assert sector.confusion["matrix"][labels.index("general")][labels.index("none")] == 1
    assert sector.confusion["matrix"][labels.index("sport")][labels.index("culture")] == 1


def test_ambiguous_skips_for_every_system(gold):
    # with an empty prediction, the ambiguous r#3 countries are not counted as misses:
    # misses are r#1 {BY,RU} + r#2 {CN} = 3, not 4
    assert score_system(gold, {}).fields["countries"].counts == Counts(0, 0, 3)


def test_to_dict_is_json_ready(gold, pred):
    import json

    data = json.loads(json.dumps(score_system(gold, pred, "x").to_dict()))
    assert data["system"] == "x" and data["fields"]["countries"]["tp"] == 2
    assert data["fields"]["sector"]["confusion"]["labels"][0] == "culture"
