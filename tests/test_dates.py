"""Dates: the `dates` column read as one span, and dates mentioned in free text."""
from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yargy import Parser

from extract.extractors.dates import (
    DateSpan, DatesColumnReader, DatesMentionedExtractor, is_date_anchor, may_hold_date, windowed_findall,
)
from extract.grammars.dates import (
    COLUMN_DATE, DATE, MONTHS, PERIOD_ORDINALS, PERIOD_WORDS, TOKENIZER, Period, normalize, parser, read_common,
)

D = dt.date
READ = DatesColumnReader()
MENTIONS = DatesMentionedExtractor()


def span(start: str, end: str, precision: str) -> DateSpan:
    return DateSpan(D.fromisoformat(start), D.fromisoformat(end), precision)


COLUMN = [
    # a day
    ["28 июня 2023 года", span("2023-06-28", "2023-06-28", "day")],
    ["28 июня \n2023 года", span("2023-06-28", "2023-06-28", "day")],
    ["3 Декабря 2024 г.", span("2024-12-03", "2024-12-03", "day")],
    ["1 ЯНВАРЯ 2022г.", span("2022-01-01", "2022-01-01", "day")],
    ["14 окт. 2023", span("2023-10-14", "2023-10-14", "day")],
    # a range in one month
    ["21-24 августа 2023 года", span("2023-08-21", "2023-08-24", "day")],
    ["3 – 5 ноября\n2022 г.", span("2022-11-03", "2022-11-05", "day")],
    ["10—12 февраля 2024 года", span("2024-02-10", "2024-02-12", "day")],
    ["7 ‒ 9 марта 2023 г.", span("2023-03-07", "2023-03-09", "day")],
    ["1−3 апреля 2023", span("2023-04-01", "2023-04-03", "day")],
    ["5, 12 и 19 мая 2023 года", span("2023-05-05", "2023-05-19", "day")],
    # across months and years
    ["29 апреля – 4 мая 2023 года", span("2023-04-29", "2023-05-04", "day")],
    ["16 августа – \n5 сентября\n2023 года", span("2023-08-16", "2023-09-05", "day")],
    ["30 ноября 2022 г. - 2 декабря 2022 г.", span("2022-11-30", "2022-12-02", "day")],
    ["28 декабря 2023 – 10 января 2024 года", span("2023-12-28", "2024-01-10", "day")],
    ["28 декабря – 10 января 2024 года", span("2023-12-28", "2024-01-10", "day")],
    # с … по …
    ["с 12 по 15 октября 2023 г.", span("2023-10-12", "2023-10-15", "day")],
    ["со 2 по 21 июня 2025 года", span("2025-06-02", "2025-06-21", "day")],
    ["С 30 июня по 2 июля 2023 года", span("2023-06-30", "2023-07-02", "day")],
    ["с 01.09.2023 по 05.09.2023", span("2023-09-01", "2023-09-05", "day")],
    # months
    ["август 2023 года", span("2023-08-01", "2023-08-31", "month")],
    ["Февраль 2024", span("2024-02-01", "2024-02-29", "month")],
    ["Май – июнь 2023 года", span("2023-05-01", "2023-06-30", "month")],
    ["cентябрь-октябрь\n2023 года", span("2023-09-01", "2023-10-31", "month")],  # Latin "c"
    ["нoябрь 2021 г.", span("2021-11-01", "2021-11-30", "month")],  # Latin "o"
    ["декабрь 2023 – январь 2024 г.", span("2023-12-01", "2024-01-31", "month")],
    ["в течение марта 2022 года", span("2022-03-01", "2022-03-31", "month")],
    # quarters, half-years, years
    ["IV квартал 2023 года", span("2023-10-01", "2023-12-31", "quarter")],
    ["II квартал 2022 г.", span("2022-04-01", "2022-06-30", "quarter")],
    ["1-й квартал 2024 года", span("2024-01-01", "2024-03-31", "quarter")],
    ["III-IV кварталы 2023 г.", span("2023-07-01", "2023-12-31", "quarter")],
    ["I полугодие 2023", span("2023-01-01", "2023-06-30", "half_year")],
    ["второе полугодие 2022 года", span("2022-07-01", "2022-12-31", "half_year")],
    ["2023 год", span("2023-01-01", "2023-12-31", "year")],
    ["в течение 2022 года", span("2022-01-01", "2022-12-31", "year")],
    ["2023-2024 гг.", span("2023-01-01", "2024-12-31", "year")],
    ["2024", span("2024-01-01", "2024-12-31", "year")],
    # dd.mm.yyyy and lists
    ["07.08.2023", span("2023-08-07", "2023-08-07", "day")],
    ["07.08.2023, 31.08.2023", span("2023-08-07", "2023-08-31", "day")],
    ["03.02.2024; 10.02.2024;\n17.02.2024", span("2024-02-03", "2024-02-17", "day")],
    ["01.09.2023 – 05.09.2023", span("2023-09-01", "2023-09-05", "day")],
    ["21-24.08.2023", span("2023-08-21", "2023-08-24", "day")],
    ["07.08.23", span("2023-08-07", "2023-08-07", "day")],  # two-digit years are 20xx
    ["5 мая, 12 мая 2023 года", span("2023-05-05", "2023-05-12", "day")],
    ["март 2023 г., 15 апреля 2023 г.", span("2023-03-01", "2023-04-15", "month")],
    # stray spaces and marks
    ["  21 -24  августа   2023года ", span("2023-08-21", "2023-08-24", "day")],
    ["12 сентября2023 г.", span("2023-09-12", "2023-09-12", "day")],
]


@pytest.mark.parametrize("text, expected", COLUMN)
def test_column(text: str, expected: DateSpan) -> None:
    got, warnings = READ(text, year=None)
    assert got == expected
    assert warnings == []


YEARLESS = [
    ["5 мая", 2023, span("2023-05-05", "2023-05-05", "day")],
    ["20-21 апреля", 2022, span("2022-04-20", "2022-04-21", "day")],
    ["Сентябрь – октябрь", 2023, span("2023-09-01", "2023-10-31", "month")],
    ["III квартал", 2023, span("2023-07-01", "2023-09-30", "quarter")],
    ["29 декабря – 3 января", 2024, span("2023-12-29", "2024-01-03", "day")],
    # the text's own year wins over the report's
    ["15 мая 2022 года", 2023, span("2022-05-15", "2022-05-15", "day")],
]


@pytest.mark.parametrize("text, year, expected", YEARLESS)
def test_year_from_report(text: str, year: int, expected: DateSpan) -> None:
    assert READ(text, year=year) == (expected, [])


UNREADABLE = [
    ["скоро", 2023],
    ["по согласованию", 2023],
    ["в течение квартала", 2023],
    ["31 февраля 2023 года", 2023],  # no such day
    ["30-31 июня 2023 г.", 2023],
    ["III полугодие 2023 года", 2023],  # no such half-year
    ["5 мая", None],  # no year anywhere: never guessed
    ["15 октября – 3 сентября 2023 года", 2023],  # ends before it starts
]


@pytest.mark.parametrize("text, year", UNREADABLE)
def test_unreadable_is_null_with_warning(text: str, year: int | None) -> None:
    got, warnings = READ(text, year=year)
    assert got == DateSpan(None, None, None)
    assert len(warnings) == 1 and warnings[0].startswith("dates: unreadable")


@pytest.mark.parametrize("text", ["", "   ", "\n", "–", "-"])
def test_empty_is_null_without_warning(text: str) -> None:
    assert READ(text, 2023) == (DateSpan(None, None, None), [])


def test_leftover_digits_warn() -> None:
    got, warnings = READ("12 мая 2023 года, 14:00", 2023)
    assert got == span("2023-05-12", "2023-05-12", "day")
    assert warnings and warnings[0].startswith("dates: ignored")


MENTIONED = [
    ["Встреча состоялась 6 сентября 2023 года в г. Минске", ["2023-09-06"]],
    ["фестиваль прошел 5-9 сентября, а 12 сентября подведены итоги", ["2023-09-05/2023-09-09", "2023-09-12"]],
    ["в период с 29 апреля по 4 мая 2023 г. делегация", ["2023-04-29/2023-05-04"]],
    ["Победы в Великой Отечественной войне 1941-1945 гг.", ["1941-01-01/1945-12-31"]],
    ["план на IV квартал 2023 года утвержден", ["2023-10-01/2023-12-31"]],
    ["протокол от 07.08.2023 № 5", ["2023-08-07"]],
    ["в мае подписано соглашение", ["2023-05-01/2023-05-31"]],
    ["участие приняли 45 человек из 8 стран", []],
    ["31 февраля ничего не было", []],
]


@pytest.mark.parametrize("text, expected", MENTIONED)
def test_mentioned(text: str, expected: list[str]) -> None:
    found = MENTIONS(text, year=2023)
    assert [m.normal for m in found] == expected
    for m in found:
        assert text[m.start:m.end] == m.text and m.label == "DATE"
        assert m.data["start"] == m.normal.split("/")[0]


def test_mentioned_offsets_survive_homoglyphs_and_dashes() -> None:
    text = "Сроки: 3 — 5 oктября 2023 г."  # Latin "o"
    (match,) = MENTIONS(text)
    assert match.text == "3 — 5 oктября 2023 г." and match.normal == "2023-10-03/2023-10-05"


@pytest.mark.parametrize(
    "text, expected",
    [["cентябрь", "сентябрь"], ["IV квартал", "IV квартал"], ["21–24", "21-24"], ["MIMS Moscow", "MIMS Moscow"]],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


# --- property: any date written in any of the usual ways reads back to itself ---------------------

NOMINATIVE = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
              "сентябрь", "октябрь", "ноябрь", "декабрь"]
GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
            "сентября", "октября", "ноября", "декабря"]
ROMAN = ["I", "II", "III", "IV"]
DASHES = ["-", "–", "—", "‒", "−"]
LATIN_FOR = {"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y"}

days = st.dates(min_value=D(2000, 1, 1), max_value=D(2098, 12, 31))


def last_day(year: int, month: int) -> D:
    return D(year, month, calendar.monthrange(year, month)[1])


@st.composite
def style(draw) -> dict:
    return {
        "dash": draw(st.sampled_from(DASHES)),
        "gap": draw(st.sampled_from(["", " "])),
        "year_word": draw(st.sampled_from(["", " г.", " года", "г.", " год"])),
        "case": draw(st.sampled_from(["lower", "capitalize", "upper"])),
        "newline": draw(st.booleans()),
        "homoglyph": draw(st.booleans()),
    }


@st.composite
def written_dates(draw) -> tuple[list[str], DateSpan]:
    """Parts of a written date (words to decorate) and the span it names."""
    form = draw(st.sampled_from(["day", "days", "months", "years", "from_to", "month", "month_range",
                                 "quarter", "dotted"]))
    a = draw(days)
    if form == "day":
        return [str(a.day), GENITIVE[a.month - 1], str(a.year)], DateSpan(a, a, "day")
    if form == "days":
        b = draw(st.dates(min_value=a, max_value=last_day(a.year, a.month)))
        return [f"{a.day}{{dash}}{b.day}", GENITIVE[a.month - 1], str(a.year)], DateSpan(a, b, "day")
    if form == "months":
        b = draw(st.dates(min_value=a + dt.timedelta(days=1), max_value=D(a.year, 12, 31))) if a.month < 12 else a
        if b.month == a.month:
            return [str(a.day), GENITIVE[a.month - 1], str(a.year)], DateSpan(a, a, "day")
        return ([str(a.day), GENITIVE[a.month - 1], "{dash}", str(b.day), GENITIVE[b.month - 1], str(b.year)],
                DateSpan(a, b, "day"))
    if form == "years":
        b = draw(st.dates(min_value=D(a.year + 1, 1, 1), max_value=D(a.year + 1, 12, 31)))
        return ([str(a.day), GENITIVE[a.month - 1], f"{a.year}{{year_word}}", "{dash}",
                 str(b.day), GENITIVE[b.month - 1], str(b.year)], DateSpan(a, b, "day"))
    if form == "from_to":
        b = draw(st.dates(min_value=a, max_value=D(a.year, 12, 31)))
        return (["с", str(a.day), GENITIVE[a.month - 1], "по", str(b.day), GENITIVE[b.month - 1], str(b.year)],
                DateSpan(a, b, "day"))
    if form == "month":
        return ([NOMINATIVE[a.month - 1], str(a.year)],
                DateSpan(a.replace(day=1), last_day(a.year, a.month), "month"))
    if form == "month_range":
        m2 = draw(st.integers(min_value=a.month, max_value=12))
        words = [NOMINATIVE[a.month - 1]] + (["{dash}", NOMINATIVE[m2 - 1]] if m2 != a.month else [])
        return words + [str(a.year)], DateSpan(a.replace(day=1), last_day(a.year, m2), "month")
    if form == "quarter":
        q = (a.month - 1) // 3 + 1
        return ([ROMAN[q - 1], "квартал", str(a.year)],
                DateSpan(D(a.year, 3 * q - 2, 1), last_day(a.year, 3 * q), "quarter"))
    more = draw(st.lists(st.dates(min_value=a, max_value=D(a.year + 1, 12, 31)), max_size=3))
    listed = sorted({a, *more})
    return [", ".join(f"{d:%d.%m.%Y}" for d in listed)], DateSpan(listed[0], listed[-1], "day")


def render(words: list[str], how: dict) -> str:
    words = [w.replace("{dash}", how["gap"] + how["dash"] + how["gap"]).replace("{year_word}", how["year_word"])
             for w in words]
    if words[-1].isdigit() and len(words[-1]) == 4:
        words[-1] += how["year_word"]
    if how["homoglyph"]:
        for i, word in enumerate(words):
            hit = next((ch for ch in word if ch in LATIN_FOR), None)
            if hit and any(c.isalpha() and c not in LATIN_FOR for c in word):
                words[i] = word.replace(hit, LATIN_FOR[hit], 1)
                break
    text = " ".join(w for w in words if w)
    if how["newline"] and " " in text:
        cut = text.rindex(" ")
        text = text[:cut] + " \n" + text[cut + 1:]
    if how["case"] == "capitalize":
        text = text[:1].upper() + text[1:]
    elif how["case"] == "upper":
        text = text.upper()
    return text


@settings(max_examples=400, deadline=None)
@given(written_dates(), style())
def test_written_dates_read_back(written: tuple[list[str], DateSpan], how: dict) -> None:
    words, expected = written
    text = render(words, how)
    assert READ(text, year=None) == (expected, []), text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789 .,-–—\nсмаяиюлгодквртIV") + ["мая", "года", "г.", "с", "со", "по"]),
                max_size=40).map("".join))
def test_any_text_reads_without_error(text: str) -> None:
    got, warnings = READ(text, year=2023)
    assert (got.start is None) == (got.end is None) == (got.precision is None)
    assert got.start is None or got.start <= got.end
    for match in MENTIONS(text, year=2023):
        assert text[match.start:match.end] == match.text


# --- the fast paths give what the parser gives ----------------------------------------------------

PLAIN_COLUMN = Parser(COLUMN_DATE, tokenizer=TOKENIZER)
PLAIN_FREE = Parser(DATE, tokenizer=TOKENIZER)


def slots(period) -> dict:
    return {name: getattr(period, name) for name in Period.__attributes__ if getattr(period, name) is not None}


@pytest.mark.parametrize(("text", "expected"), [
    ["3 октября 2021 г.", {"day1": 3, "month1": 10, "year1": 2021}],
    ["3октября2021года", {"day1": 3, "month1": 10, "year1": 2021}],
    ["9 – 11 ноября 2022 г. г.", {"day1": 9, "day2": 11, "month2": 11, "year2": 2022}],
    ["30 ноября 2022 - 2 декабря", {"day1": 30, "month1": 11, "year1": 2022, "day2": 2, "month2": 12}],
    ["Сент. 2020", {"month1": 9, "year1": 2020}],
    ["ноябрь - декабрь 2021 гг.", {"month1": 11, "month2": 12, "year2": 2021}],
    ["01.02.21", {"day1": 1, "month1": 2, "year1": 2021}],
    ["1.02 - 3.02.2021 г.", {"day1": 1, "month1": 2, "day2": 3, "month2": 2, "year2": 2021}],
    ["31 февраля 2021", {"day1": 31, "month1": 2, "year1": 2021}],  # the parser reads it too; the span check refuses it
    ["с 12 по 15 октября 2021", {"day1": 12, "day2": 15, "month2": 10, "year2": 2021}],
    ["с 30 сентября 2021 года до 2 октября", {"day1": 30, "month1": 9, "year1": 2021, "day2": 2, "month2": 10}],
    ["III квартал 2021 года", {"part1": 3, "part_kind": "quarter", "year1": 2021}],
    ["2-е полугодие", {"part1": 2, "part_kind": "half_year"}],
    ["I–II кв. 2021", {"part1": 1, "part2": 2, "part_kind": "quarter", "year1": 2021}],
    # left to the parser: other forms, values its predicates refuse, anything more
    ["5 квартал 2021", None],
    ["c 12 по 15 октября 2021", None],  # a Latin "c"
    ["5, 12 и 19 мая", None],
    ["32 мая 2021", None],
    ["021 мая 2021", None],
    ["5 мая 21 г.", None],
    ["12.13.2021", None],
    ["5 мая 2021 года, 7 мая", None],
    ["5 маях 2021", None],
])
def test_read_common(text: str, expected: dict | None) -> None:
    got = read_common(normalize(text))
    assert (None if got is None else slots(got)) == expected


def assert_common_as_parser(text: str) -> None:
    normal = normalize(text)
    common = read_common(normal)
    if common is None:
        return
    matches = list(PLAIN_COLUMN.findall(normal))
    assert len(matches) == 1, text
    assert slots(matches[0].fact) == slots(common), text
    start, end = matches[0].span
    assert not any(ch.isdigit() for ch in normal[:start] + normal[end:]), text


@st.composite
def common_forms(draw) -> str:
    """A `dates` cell in one of the common forms, values in and out of range, spacing and case varied."""
    gap = st.sampled_from(["", " ", "  ", "\n", " \n"])
    number = st.integers(min_value=0, max_value=40).map(str) | st.sampled_from(["01", "09", "00", "031", "1999", "13"])
    month = st.sampled_from(sorted(MONTHS)).map(lambda w: w + draw(st.sampled_from(["", ".", " ."])))
    year = st.sampled_from(["2021", "1899", "2100", "2101", "21", "07", ""]).map(
        lambda y: y and y + draw(st.sampled_from(["", " г.", "г", " года", " гг.", " г. г.", "года.", " году"])))
    dash = st.sampled_from(DASHES).map(lambda d: draw(gap) + d + draw(gap))
    part = st.sampled_from(sorted(PERIOD_ORDINALS) + ["0", "1", "4", "5", "V", "IIII"]).map(
        lambda p: draw(st.sampled_from([str.upper, str.lower]))(p))
    shapes = {
        "day": lambda: [number, gap, month, gap, year],
        "days": lambda: [number, dash, number, gap, month, gap, year],
        "across": lambda: [number, gap, month, gap, year, dash, number, gap, month, gap, year],
        "month": lambda: [month, gap, year],
        "months": lambda: [month, gap, year, dash, month, gap, year],
        "from_to": lambda: [st.sampled_from(["с", "С", "c", "со", "Со"]), gap, number, st.sampled_from(["", " "]), st.just("")
                            | month.map(lambda m: " " + m + " " + draw(year)),
                            gap, st.sampled_from(["по", "до", "ПО", "пo"]), gap, number, gap, month, gap, year],
        "part": lambda: [part, st.sampled_from(["", "-й", "-е", " - го", "-x"]), st.just("") | dash.map(
                            lambda d: d + draw(part)), gap, st.sampled_from(sorted(PERIOD_WORDS)), gap, year],
        "dotted": lambda: [number, st.just("."), number, st.just("."), year],
        "dotted_range": lambda: [number, st.just("."), number, st.sampled_from([".", ""]), year, dash,
                                 number, st.just("."), number, st.just("."), year],
    }
    parts = shapes[draw(st.sampled_from(sorted(shapes)))]()
    text = "".join(draw(part) for part in parts)
    return draw(st.sampled_from([str.lower, str.upper, str.capitalize, lambda s: s]))(text)


@settings(max_examples=1500, deadline=None)
@given(common_forms())
def test_common_forms_read_as_the_parser_reads_them(text: str) -> None:
    assert_common_as_parser(text)


SOUP = list("0123456789 .,-–—\nсмаяиюлгодквртIV") + ["мая", "года", "г.", "с", "со", "по", "2023", "12", "август",
                                                    "квартал", "III", "полугодие", "-й"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=30).map("".join))
def test_lookahead_parser_finds_what_yargy_finds(text: str) -> None:
    text = normalize(text)
    for fast, plain in ((parser(column=True), PLAIN_COLUMN), (parser(column=False), PLAIN_FREE)):
        assert [(m.span, slots(m.fact)) for m in fast.findall(text)] == \
               [(m.span, slots(m.fact)) for m in plain.findall(text)], text
    assert_common_as_parser(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SOUP + ["участников", "в", "№", "4"]), max_size=40).map(" ".join))
def test_windows_without_a_date_word_are_skipped_safely(text: str) -> None:
    """A window `may_hold_date` refuses holds no date: skipping it changes nothing."""
    text = normalize(text)
    free = parser(column=False)
    if not may_hold_date(list(TOKENIZER(text))):
        assert not list(free.findall(text)), text
    assert [(s, e, slots(f)) for s, e, f in windowed_findall(free, text, is_date_anchor, 6, 10, may_hold_date)] == \
           [(s, e, slots(f)) for s, e, f in windowed_findall(free, text, is_date_anchor, 6, 10)], text


@pytest.mark.parametrize(("text", "quarter", "half_year", "expected"), [
    ("в течение квартала", 4, None, ("2024-10-01", "2024-12-31", "quarter")),
    ("В течение отчетного квартала", 1, None, ("2024-01-01", "2024-03-31", "quarter")),
    ("в течение полугодия", None, 2, ("2024-07-01", "2024-12-31", "half_year")),
    ("в течение года", None, None, ("2024-01-01", "2024-12-31", "year")),
    ("в течение квартала", None, None, (None, None, None)),
])
def test_the_whole_period_of_the_report(text, quarter, half_year, expected):
    span, _ = DatesColumnReader()(text, 2024, quarter, half_year)
    got = (span.start.isoformat() if span.start else None, span.end.isoformat() if span.end else None,
           span.precision)
    assert got == expected
