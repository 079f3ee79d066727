"""Participant counts: totals, single counts, sums of groups; things are not people."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from yargy import Parser

from extract.extractors.participants import (
    ParticipantCount, ParticipantsReader, least_exact, number_value,
)
from extract.grammars.counts import COUNT, is_people, parser
from extract.grammars.dates import TOKENIZER

READ = ParticipantsReader()

TOTALS = [
    ("Делегация – 30 человек (20 школьников, 10 учителей), хозяева – около 40 человек", 70, "approx"),
    ("Гости (12 человек), хозяева (15 человек)", 27, "exact"),
    ("Команды городов – всего 6 команд (72 человека)", 72, "exact"),
    # an explicit total wins
    ["Общее количество участников – 1000 человек", 1000, "exact"],
    ["Команды области (12 человек). Всего 45 участников", 45, "exact"],
    ["Общее количество участников\u00a0– около\u00a012000\u00a0человек", 12000, "approx"],
    ["Общее число участников: более 250", 250, "over"],
    ["Итого – 73 чел.", 73, "exact"],
    ["В общей сложности порядка 2 500 зрителей", 2500, "approx"],
    ["Общее количество участников – 115 человек, в том числе 20 детей из г. Гомеля", 115, "exact"],
    # a single stated count of people
    ["Представители Администрации (в количестве \n2-х человек)", 2, "exact"],
    ["Делегация из 5-ти человек", 5, "exact"],
    ["более 30\u00a0000 специалистов-посетителей", 30000, "over"],
    ["свыше 1\u202f200 гостей", 1200, "over"],
    ["не менее 40 волонтеров", 40, "over"],
    ["менее 10 экспертов", 10, "under"],
    ["до 300 зрителей", 300, "under"],
    ["~150 школьников", 150, "approx"],
    ["примерно 2,5 тыс. посетителей", 2500, "approx"],
    ["12 тысяч болельщиков", 12000, "exact"],
    ["2500 слушателей", 2500, "exact"],
    ["приняли участие двое учителей", 2, "exact"],
    ["трое обучающихся гимназии", 3, "exact"],
    ["пятьдесят юных музыкантов", 50, "exact"],
    ["две тысячи человек", 2000, "exact"],
    ["15-20 человек", 20, "approx"],
    ["от 30 до 40 спортсменов", 40, "approx"],
    # the sum of separate groups
    ["Ветераны (12 человек), ветераны боевых действий (6 человек)", 18, "exact"],
    ["Учителя (22 человека) и учащиеся (около 40 человек)", 62, "approx"],
    ["более 20 танцоров, 15 мастеров декоративно-прикладного творчества", 35, "over"],
    ["более 20 танцоров и менее 10 судей", 30, "approx"],
    # shares only: a lower bound
    ["Представители области, в том числе 4 педагога", 4, "over"],
    # a share runs on through its list; tour operators are firms
    ["Более 300 спортсменов из 9 стран, в том числе 7 спортсменов и 1 тренер из Смоленской области", 300, "over"],
    ["Представители 8 туроператоров (11 человек), сотрудники министерства (3 человека)", 14, "exact"],
    # people first, then a dash and their number; abbreviated people nouns; "ок."
    ["около 140 участников, зрителей – свыше 300", 440, "approx"],
    ["студенты – 9 чел., сопровожд. – 1", 10, "exact"],
    ["28 уч-ся (по 14 от каждой стороны)", 28, "exact"],
    ["делегация Кобринского р-на (РБ) – 6 чел., всего – ок. 150 чел.", 150, "approx"],
    ["участники – 2 команды", None, None],
    # "по N … от каждой стороны": two sides
    ["по 8 шахматистов от каждой стороны", 16, "exact"],
    # a breakdown after a colon
    ["Сборная команда (14 человек): спортсмены – 11, тренеры – 3", 14, "exact"],
    # one meeting counted on two dates: summed as participations
    ["(07.08.2023 - 21 участник,\n31.08.2023 - 10 участников)", 31, "exact"],
    ["12 марта – 8 человек; 19 марта – 11 человек", 19, "exact"],
    # firms are not people; the people beside them are
    ["2 500 отечественных и зарубежных производителей, более 30 000 специалистов-посетителей", 30000, "over"],
]


@pytest.mark.parametrize("participants, total, qualifier", TOTALS)
def test_totals(participants: str, total: int, qualifier: str) -> None:
    got = READ(participants)
    assert (got.total, got.qualifier) == (total, qualifier)
    for group in got.groups:
        assert group.field == "participants"
        assert group.start < group.end <= len(participants)


NOT_PEOPLE = [
    "всего 8 команд",
    "Всего – 12 стендов",
    "На конференции представлено около 40 докладов исследователей",
    "Участники из 8 стран",
    "объединяющей в себе 16 библиотек",
    "спикеры из 20 стран, включая Китайскую Народную Республику",
    "г. Москва, ВДНХ, павильоны 55, 57",
    "Обучающиеся МБОУ «СШ № 4» г. Смоленска",
    "Воспитанники дошкольных учреждений (от 4 до 8 лет)",
    "Фестиваль прошел в 2023 году, 15 мая",
    "5 творческих коллективов и 3 команды",
    "провели 20 мастер-классов",
    "2 500 производителей и поставщиков",
    "Представители Российской Федерации и Республики Беларусь",
    "Общее количество площадок – 5",
    "",
]


@pytest.mark.parametrize("participants", NOT_PEOPLE)
def test_counts_of_things_are_not_people(participants: str) -> None:
    assert READ(participants) == ParticipantCount(None, None, ())


FALLBACK = [
    # the participants column first, then the goal
    ["Спортсмены из России и Казахстана", "Участие приняли более 500 спортсменов из 8 стран", 500, "over", "goal"],
    ["Общее количество участников – 60 человек", "Для 300 зрителей дан концерт", 60, "exact", "participants"],
    ["Творческие коллективы", "представлено 40 докладов", None, None, None],
]


@pytest.mark.parametrize("participants, goal, total, qualifier, field", FALLBACK)
def test_goal_is_read_when_participants_say_nothing(participants, goal, total, qualifier, field) -> None:
    got = READ(participants, goal)
    assert (got.total, got.qualifier) == (total, qualifier)
    assert {g.field for g in got.groups} == ({field} if field else set())


def test_group_offsets_point_into_the_field() -> None:
    text = "Сотрудники центра (22 человека), получатели услуг (19 человек)"
    got = READ(text)
    assert [text[g.start:g.end] for g in got.groups] == ["22 человека", "19 человек"]
    assert [g.who for g in got.groups] == ["человека", "человек"]


NUMBERS = [
    ["2 500", 2500], ["30\u00a0000", 30000], ["1\u2009200", 1200], ["2500", 2500], ["2-х", 2],
    ["2,5 тыс.", 2500], ["1.5 тыс", 1500], ["12 тысяч", 12000], ["двое", 2], ["троих", 3],
    ["пятьдесят", 50], ["двадцать пять", 25], ["две тысячи", 2000], ["полторы тысячи", 1500],
    ["сто двадцать", 120],
]


@pytest.mark.parametrize("text, value", NUMBERS)
def test_number_value(text: str, value: int) -> None:
    assert number_value(text) == value


@pytest.mark.parametrize(
    "qualifiers, expected",
    [[["exact", "exact"], "exact"], [["exact", "over"], "over"], [["under", "exact"], "under"],
     [["over", "approx"], "approx"], [["over", "under"], "approx"], [[], "exact"]],
)
def test_least_exact(qualifiers: list[str], expected: str) -> None:
    assert least_exact(qualifiers) == expected


@pytest.mark.parametrize(
    "word, people",
    [["человек", True], ["чел", True], ["участников", True], ["специалистов-посетителей", True],
     ["обучающихся", True], ["взрослых", True], ["детей", True], ["делегатов", True],
     ["докладов", False], ["стран", False], ["лет", False], ["коллективов", False],
     ["производителей", False], ["экспонентов", False], ["мастер-классов", False], ["библиотек", False]],
)
def test_is_people(word: str, people: bool) -> None:
    assert is_people(word) is people


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    list("0123456789 .,-–()\n~№") + ["человек", "участников", "около", "более", "до", "тыс.", "двое", "мая", "2023"]),
    max_size=40).map("".join))
def test_any_text_reads_without_error(text: str) -> None:
    got = READ(text, text)
    assert (got.total is None) == (got.qualifier is None)
    assert got.total is None or got.total > 0


@pytest.mark.parametrize(("text", "expected"), [
    ("Участие приняли 45 человек", True),
    ("Всего: 45", True),
    ("Конференция 2023 года, зал № 4, 16 библиотек", False),
    ("Выставка к 1160-летию города", False),
])
def test_cheap_filter_before_the_grammar(text: str, expected: bool) -> None:
    from extract.extractors.participants import _may_count_people

    assert _may_count_people(text) is expected


PLAIN = Parser(COUNT, tokenizer=TOKENIZER)
COUNT_SOUP = list("0123456789 .,-–():~") + [
    "человек", "чел.", "участников", "детей", "докладов", "около", "более", "не", "менее", "чем", "до", "от",
    "тыс.", "двое", "пятьдесят", "всего", "в", "том", "числе", "из", "них", "общее", "количество", "составило",
    "юных", "и", "зарубежных", "специалистов-посетителей", "2 500", "2-х", "мая", "2023",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(COUNT_SOUP), max_size=30).map(" ".join))
def test_lookahead_parser_finds_what_yargy_finds(text: str) -> None:
    """Skipping predictions a token cannot begin changes nothing the parser finds."""
    def found(p):
        return [(m.span, m.fact.as_json) for m in p.findall(text)]

    assert found(parser()) == found(PLAIN), text


# --- numbers of people press releases give that are not the event's participants ------------------

@pytest.mark.parametrize(("participants", "goal", "total"), [
    # people a place has, past and planned numbers, reference notes, ordinals
    ("Делегация Габона", "в регионе обучаются 16 студентов из Габона", None),
    ("Делегация вуза", "Справочно: в университете обучаются около 48 тыс. студентов", None),
    ("Ветераны, блокадники", "при защите города погибли около 7 тыс. воинов", None),
    ("с российской стороны – 81 спортсмен; заранее ожидалось около 200 участников", "", 81),
    ("Делегация города", "в следующем году планируется принять до 200 студентов", None),
    ("Члены делегации", "город – 23-й побратим Нижнего Новгорода", None),
    ("Гости фестиваля", "город с населением 1,5 млн человек", None),
    # the noun left out: a second number shares the first group's people
    ("Более 700 участников очно и около 3 тыс. – в онлайн-формате", "", 3700),
    ("с российской стороны – 81 спортсмен (Благовещенск, Тында), с китайской – 70", "", 151),
    # a participation statement is the whole, unless a list goes on after it
    ("Делегация – 980 человек; всего в шествии – около 1500 человек. В фестивале приняли участие "
     "около 60 тыс. гостей", "", 60000),
    ("В мероприятии приняли участие 15 школьников и 3 педагога", "", 18),
    ("в лагере 170 детей, в т.ч. 17 детей из КНР; 3 сопровождающих", "", 173),
])
def test_counts_that_are_not_participants_and_counts_with_their_noun_left_out(participants, goal, total) -> None:
    assert READ(participants, goal).total == total
