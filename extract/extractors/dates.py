"""Dates of an event: the `dates` column read as one span, and dates mentioned in free text.

The yargy rules (extract.grammars.dates) find the pieces a text writes; this module
completes what the text leaves out (a range's shared month and year, the report's
year) and turns them into calendar dates. A date that does not exist ("31 февраля")
or that has no year anywhere is never guessed: the span stays null with a warning.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from extract.grammars.dates import MONTHS, PERIOD_ORDINALS, PERIOD_WORDS, TOKENIZER, normalize, parser, read_common
from extract.records import Match

#: From the finest to the coarsest; a span made of several dates takes the coarsest.
PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "half_year", "year")
_PART_MONTHS = {"quarter": 3, "half_year": 6}
_PART_COUNT = {"quarter": 4, "half_year": 2}
#: a range whose start lacks a year may reach back into the previous year by this much at most
MAX_ROLLOVER_DAYS = 183
_NOTHING = re.compile(r"[\s\-.,;:()]*")


@dataclass(frozen=True)
class DateSpan:
    """An event's dates: first and last day (inclusive) and how precisely the text gave them."""

    start: datetime.date | None
    end: datetime.date | None
    precision: str | None  # "day" | "month" | "quarter" | "half_year" | "year" | None


EMPTY = DateSpan(None, None, None)


class DateError(ValueError):
    """The text names a date that cannot be turned into a calendar date."""


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise DateError(f"no such date {day:02d}.{month:02d}.{year}") from error


def period_span(period: Any, year: int | None) -> DateSpan:
    """The span a `Period` fact names; `year` fills an end whose year the text leaves out.

    A range's ends share what only one of them writes ("21-24 августа 2023": month and
    year from the finish). When the start has no year of its own and would fall after
    the finish ("28 декабря – 10 января 2024"), it is the previous year's, provided
    the span stays under half a year; otherwise the text is contradictory.
    """
    year1 = period.year1 or period.year2 or year
    year2 = period.year2 or period.year1 or year
    if year1 is None or year2 is None:
        raise DateError("no year")

    if period.part_kind:
        size, count = _PART_MONTHS[period.part_kind], _PART_COUNT[period.part_kind]
        first, last = period.part1, period.part2 or period.part1
        if not (1 <= first <= last <= count):
            raise DateError(f"no such {period.part_kind} {first}-{last}")
        start = datetime.date(year1, size * (first - 1) + 1, 1)
        end = _last_day(year2, size * last)
        return DateSpan(start, end, period.part_kind)

    month1 = period.month1 or period.month2
    month2 = period.month2 or period.month1
    if period.day1 or period.day2:
        start = _date(year1, month1, period.day1 or period.day2)
        end = _date(year2, month2, period.day2 or period.day1)
        precision = "day"
    elif month1:
        start, end, precision = _date(year1, month1, 1), _last_day(year2, month2), "month"
    else:
        start, end, precision = datetime.date(year1, 1, 1), datetime.date(year2, 12, 31), "year"

    if start > end and not period.year1 and (start.month, start.day) != (2, 29):
        earlier = start.replace(year=start.year - 1)
        # across New Year ("28 декабря – 10 января"), not a slip of the pen ("15 октября – 3 сентября")
        if (end - earlier).days <= MAX_ROLLOVER_DAYS:
            start = earlier
    if start > end:
        raise DateError(f"starts {start} after it ends {end}")
    return DateSpan(start, end, precision)


def merge(spans: Iterable[DateSpan]) -> DateSpan:
    """Several separate dates ("07.08.2023, 31.08.2023") span from the first to the last."""
    spans = list(spans)
    if not spans:
        return EMPTY
    precision = max((s.precision for s in spans), key=PRECISIONS.index)
    return DateSpan(min(s.start for s in spans), max(s.end for s in spans), precision)


def iso(span: DateSpan) -> str | None:
    """"2023-09-06" for one day, "2023-09-05/2023-09-09" for a range (ISO 8601 interval)."""
    if span.start is None:
        return None
    if span.start == span.end:
        return span.start.isoformat()
    return f"{span.start.isoformat()}/{span.end.isoformat()}"


def windowed_findall(
    parser: Any, text: str, is_anchor: Callable[[Any], bool], before: int, after: int,
    may_hold: Callable[[list[Any]], bool] | None = None,
) -> Iterator[tuple[int, int, Any]]:
    """yargy's findall run only on windows of tokens around anchor tokens: (start, end, fact).

    The Earley parser predicts the whole grammar at every token, so a long goal text
    costs far more than the few places a date or a count can start. A window reaches
    `before` tokens left and `after` tokens right of each anchor; windows that touch merge.
    A window whose tokens fail `may_hold` (a word every match needs is missing) is skipped.
    """
    tokens = list(TOKENIZER(text))
    windows: list[list[int]] = []
    for index, token in enumerate(tokens):
        if is_anchor(token):
            low, high = max(0, index - before), min(len(tokens) - 1, index + after)
            if windows and low <= windows[-1][1] + 1:
                windows[-1][1] = high
            else:
                windows.append([low, high])
    for low, high in windows:
        if may_hold is not None and not may_hold(tokens[low:high + 1]):
            continue
        offset, stop = tokens[low].span.start, tokens[high].span.stop
        for match in parser.findall(text[offset:stop]):
            start, end = match.span
            yield offset + start, offset + end, match.fact


def is_date_anchor(token: Any) -> bool:
    """A token a written date must contain: a number, a month name, a quarter's ordinal."""
    value = token.value.lower()
    return token.type == "INT" or value in MONTHS or value in PERIOD_ORDINALS


def may_hold_date(tokens: list[Any]) -> bool:
    """Can these tokens hold a date of free text (grammar DATE)? Each of its rules needs a month
    name, a period word ("квартал", "года", "г") or a number, a dot and a number ("07.08")."""
    for index, token in enumerate(tokens):
        value = token.value.lower()
        if value in MONTHS or value in PERIOD_WORDS:
            return True
        if value == "." and 0 < index < len(tokens) - 1 and tokens[index - 1].type == tokens[index + 1].type == "INT":
            return True
    return False


#: "в течение квартала", "весь год": the whole period of the report, not a date of its own.
_WHOLE_PERIOD = re.compile(r"(?:в\s+течение|на\s+протяжении|весь|всё|все)\s+(?:отчетного\s+)?"
                           r"(квартал|полугоди|год)\w*\.?")


def _report_period(unit: str, year: int, quarter: int | None, half_year: int | None) -> DateSpan:
    """The span of the report's own quarter, half-year or year."""
    if unit == "квартал" and quarter:
        first = 3 * (quarter - 1) + 1
        return DateSpan(datetime.date(year, first, 1), _month_end(year, first + 2), "quarter")
    if unit == "полугоди" and half_year:
        first = 6 * (half_year - 1) + 1
        return DateSpan(datetime.date(year, first, 1), _month_end(year, first + 5), "half_year")
    if unit == "год":
        return DateSpan(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")
    return EMPTY


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


class DatesColumnReader:
    """The `dates` column of a row -> one DateSpan, plus warnings for what was not read."""

    def __init__(self) -> None:
        self._parser = parser(column=True)

    def __call__(self, text: str, year: int | None = None, quarter: int | None = None,
                 half_year: int | None = None) -> tuple[DateSpan, list[str]]:
        """`year`, `quarter`, `half_year`: the report's period, for dates written without a
        year and for "в течение квартала" (the whole period the report covers)."""
        text = text or ""
        normal = normalize(text)
        if _NOTHING.fullmatch(normal):
            return EMPTY, []
        whole = _WHOLE_PERIOD.fullmatch(normal.strip().lower())
        if whole and year and (span := _report_period(whole.group(1), year, quarter, half_year)) != EMPTY:
            return span, []
        common = read_common(normal)  # most cells: the same Period, without the parser's cost
        if common is not None:
            facts, covered = [common], [(0, len(text))]
        else:
            matches = list(self._parser.findall(normal))
            if not matches:
                return EMPTY, [f"dates: unreadable {_quote(text)}"]
            facts, covered = [m.fact for m in matches], [m.span for m in matches]

        spans = []
        for index, period in enumerate(facts):
            # a list written "5 мая, 12 мая 2023 года": the year of the next date that has one
            later = next((f.year2 or f.year1 for f in facts[index + 1:] if f.year1 or f.year2), None)
            try:
                spans.append(period_span(period, later or year))
            except DateError as error:
                return EMPTY, [f"dates: unreadable {_quote(text)} ({error})"]

        warnings = []
        rest = _uncovered(text, covered)
        if re.search(r"\d", rest):
            warnings.append(f"dates: ignored {_quote(rest)} in {_quote(text)}")
        return merge(spans), warnings


class DatesMentionedExtractor:
    """Dates mentioned in free text (the goal column), each as a Match labelled DATE.

    A mention that names no existing date, or has no year while `year` is None, is skipped.
    """

    def __init__(self) -> None:
        self._parser = parser(column=False)

    def __call__(self, text: str, year: int | None = None) -> list[Match]:
        found = []
        for start, end, period in windowed_findall(
            self._parser, normalize(text or ""), is_date_anchor, 6, 10, may_hold_date
        ):
            try:
                span = period_span(period, year)
            except DateError:
                continue
            found.append(
                Match(
                    start, end, text[start:end], "DATE", iso(span),
                    {"start": span.start.isoformat(), "end": span.end.isoformat(), "precision": span.precision},
                )
            )
        return found


def _uncovered(text: str, spans: list[tuple[int, int]]) -> str:
    """The text outside the matched spans, squeezed to single spaces."""
    keep = [True] * len(text)
    for start, end in spans:
        keep[start:end] = [False] * (end - start)
    rest = "".join(ch if k else " " for ch, k in zip(text, keep))
    return " ".join(rest.split())


def _quote(text: str) -> str:
    return "'" + " ".join(text.split()) + "'"
