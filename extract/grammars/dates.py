"""Yargy rules for the dates written by hand in the reports' `dates` column and in free text.

natasha's DATE grammar reads one day at a time and two-digit years as 19xx; report
cells hold ranges ("21-24 августа", "29 апреля – 4 мая", "с 12 по 15 октября"),
months, month ranges, quarters and half-years. Each rule below fills the flat
`Period` fact: the start end (`day1`, `month1`, `year1`), the finish end (`day2`,
`month2`, `year2`) and, for parts of a year, `part1`/`part2` with `part_kind`.
Missing pieces are completed by the extractor (extract.extractors.dates), not here.

The `dates` cells most often written ("21 мая 2023 года", "07.08.2023") are read by
regular expressions that mirror these rules (`read_common`); the rest go to the parser,
a yargy parser that predicts a rule only where the next token can begin it.

Text is first passed through `normalize`: every dash becomes "-" and Latin look-alike
letters inside Russian words become Cyrillic, one character for one, so match
offsets stay valid for the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from yargy import Parser, and_, or_, rule
from yargy.interpretation import fact
from yargy.predicates import caseless, eq, gte, in_caseless, length_eq, lte, type as token_type
from yargy.rule import Rule
from yargy.rule.bnf import BNFRule, is_rule
from yargy.tokenizer import EOL, Tokenizer

DATA = Path(__file__).resolve().parent.parent / "data"


def data_rows(name: str) -> list[list[str]]:
    """Rows of a data file in extract/data: tab-separated cells, '#' comment lines skipped."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\n").split("\t"))
    return rows


# --- normalisation (same length in, same length out) -------------------------------------

DASHES: frozenset[str] = frozenset(row[0] for row in data_rows("dashes.txt"))
HOMOGLYPHS: dict[str, str] = {latin: cyrillic for latin, cyrillic in data_rows("homoglyphs.tsv")}
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_DASH_TABLE = str.maketrans({dash: "-" for dash in DASHES})
_HOMOGLYPH_TABLE = str.maketrans(HOMOGLYPHS)
_ANY_HOMOGLYPH = re.compile("[" + re.escape("".join(HOMOGLYPHS)) + "]")


def _fix_word(match: re.Match[str]) -> str:
    word = match.group(0)
    return word.translate(_HOMOGLYPH_TABLE) if _CYRILLIC.search(word) else word


def normalize(text: str) -> str:
    """Dashes to "-", Latin look-alikes inside Cyrillic words to Cyrillic; length unchanged.

    A word written wholly in Latin ("IV", "MIMS") is left alone, so Roman numerals survive.
    """
    out = text.translate(_DASH_TABLE)
    if _ANY_HOMOGLYPH.search(out):  # most texts have no Latin letter: no word to look at
        out = _WORD.sub(_fix_word, out)
    assert len(out) == len(text)
    return out


#: Line breaks are ordinary spaces here: cells break lines inside a date ("16 августа –\n5 сентября").
TOKENIZER = Tokenizer().remove_types(EOL)

# --- vocabularies --------------------------------------------------------------------------

MONTHS: dict[str, int] = {form: int(number) for form, number in data_rows("months.tsv")}
PERIOD_WORDS: dict[str, str] = {form: kind for form, kind in data_rows("period_words.tsv")}
PERIOD_ORDINALS: dict[str, int] = {form.lower(): int(n) for form, n in data_rows("period_ordinals.tsv")}
YEAR_FORMS = {form for form, kind in PERIOD_WORDS.items() if kind == "year"}
PART_FORMS = {form for form, kind in PERIOD_WORDS.items() if kind != "year"}


def month_number(word: str) -> int:
    return MONTHS[word.lower()]


def period_kind(word: str) -> str:
    return PERIOD_WORDS[word.lower()]


def ordinal_number(word: str) -> int:
    return int(word) if word.isdigit() else PERIOD_ORDINALS[word.lower()]


def full_year(text: str) -> int:
    return int(text)


def short_year(text: str) -> int:
    """Two-digit years in these reports are this century's: "07.08.23" is 2023."""
    return 2000 + int(text)


Period = fact(
    "Period",
    ["day1", "month1", "year1", "day2", "month2", "year2", "part1", "part2", "part_kind"],
)

# --- token predicates ----------------------------------------------------------------------

DASH = eq("-")
DOT = eq(".")
DAY_VALUE = and_(gte(1), lte(31))
MONTH_NUMBER_VALUE = and_(gte(1), lte(12))
YEAR_VALUE = and_(length_eq(4), gte(1900), lte(2100))
SHORT_YEAR_VALUE = and_(length_eq(2), token_type("INT"))
MONTH_NAME_VALUE = in_caseless(MONTHS)
PART_NUMBER_VALUE = or_(in_caseless(PERIOD_ORDINALS), and_(gte(1), lte(4)))

#: "г.", "года", "гг.", "г.г."
YEAR_WORD = rule(in_caseless(YEAR_FORMS), DOT.optional(), rule(caseless("г"), DOT.optional()).optional())
#: "1-й", "2-е", "3-го" after a quarter number
ORDINAL_SUFFIX = rule(DASH, in_caseless({"й", "е", "го", "м", "ое", "ый", "ой", "ий"}))


@dataclass(frozen=True)
class End:
    """The pieces of one end of a period (start or finish), each filling its own attributes."""

    day: Rule
    month_name: Rule
    month_number: Rule
    full_year: Rule
    named_year: Rule
    dotted_year: Rule
    part: Rule


def _end(day, month, year, part) -> End:
    full = YEAR_VALUE.interpretation(year.custom(full_year))
    short = SHORT_YEAR_VALUE.interpretation(year.custom(short_year))
    return End(
        day=rule(DAY_VALUE.interpretation(day.custom(int))),
        month_name=rule(MONTH_NAME_VALUE.interpretation(month.custom(month_number)), DOT.optional()),
        month_number=rule(MONTH_NUMBER_VALUE.interpretation(month.custom(int))),
        full_year=rule(full),
        # after a month name: "2023", "2023 года", "23 г."
        named_year=or_(rule(full, YEAR_WORD.optional()), rule(short, YEAR_WORD)),
        # after dd.mm.: "2023", "23"
        dotted_year=rule(or_(full, short), YEAR_WORD.optional()),
        part=rule(PART_NUMBER_VALUE.interpretation(part.custom(ordinal_number)), ORDINAL_SUFFIX.optional()),
    )


START = _end(Period.day1, Period.month1, Period.year1, Period.part1)
FINISH = _end(Period.day2, Period.month2, Period.year2, Period.part2)

FROM = in_caseless({"с", "со"})  # "со 2 по 21 июня": "со" before a consonant cluster
TO = or_(caseless("по"), caseless("до"))
AND = or_(eq(","), caseless("и"))

# --- days ------------------------------------------------------------------------------------

#: "28 июня 2023 года", "28 июня"
DAY = rule(START.day, START.month_name, START.named_year.optional())

#: "21-24 августа 2023 года"; a list "5, 12 и 19 мая" spans its first to its last day
DAYS_IN_MONTH = rule(
    START.day,
    rule(or_(DASH, AND), DAY_VALUE).repeatable(max=30).optional(),
    or_(DASH, AND),
    FINISH.day,
    FINISH.month_name,
    FINISH.named_year.optional(),
)

#: "29 апреля – 4 мая 2023 года", "28 декабря 2023 – 10 января 2024 года"
DAYS_ACROSS_MONTHS = rule(
    START.day, START.month_name, START.named_year.optional(),
    DASH,
    FINISH.day, FINISH.month_name, FINISH.named_year.optional(),
)

#: "с 12 по 15 октября 2023 г.", "с 29 апреля по 4 мая"
FROM_DAY_TO_DAY = rule(
    FROM,
    START.day, rule(START.month_name, START.named_year.optional()).optional(),
    TO,
    FINISH.day, FINISH.month_name, FINISH.named_year.optional(),
)

# --- dd.mm.yyyy ------------------------------------------------------------------------------

#: "07.08.2023", "07.08.23"
DOTTED = rule(START.day, DOT, START.month_number, DOT, START.dotted_year)

#: "01.09.2023 - 05.09.2023", "01.09 - 05.09.2023", "с 01.09.2023 по 05.09.2023"
DOTTED_RANGE = rule(
    FROM.optional(),
    START.day, DOT, START.month_number, rule(DOT, START.dotted_year).optional(),
    or_(DASH, TO),
    FINISH.day, DOT, FINISH.month_number, DOT, FINISH.dotted_year,
)

#: "21-24.08.2023"
DOTTED_DAYS = rule(START.day, DASH, FINISH.day, DOT, FINISH.month_number, DOT, FINISH.dotted_year)

# --- months ----------------------------------------------------------------------------------

#: "август 2023 года", "в мае"
MONTH = rule(START.month_name, START.named_year.optional())

#: "Май – июнь 2023 года", "декабрь 2023 – январь 2024 г.", "с мая по июль"
MONTH_RANGE = or_(
    rule(
        START.month_name, START.named_year.optional(),
        or_(DASH, AND),
        FINISH.month_name, FINISH.named_year.optional(),
    ),
    rule(
        FROM, START.month_name, START.named_year.optional(),
        TO, FINISH.month_name, FINISH.named_year.optional(),
    ),
)

# --- parts of a year and years -----------------------------------------------------------------

PART_WORD = rule(in_caseless(PART_FORMS).interpretation(Period.part_kind.custom(period_kind)), DOT.optional())

#: "IV квартал 2023 года", "I полугодие 2023", "III-IV кварталы", "2-й квартал"
PART = rule(
    START.part,
    rule(or_(DASH, AND), FINISH.part).optional(),
    PART_WORD,
    START.named_year.optional(),
)

#: "2023 год", "2023-2024 гг."
YEAR = rule(START.full_year, rule(DASH, FINISH.full_year).optional(), YEAR_WORD)

#: a bare "2023" or "2023-2024": only where the whole text is a date (the `dates` column)
BARE_YEAR = rule(START.full_year, rule(DASH, FINISH.full_year).optional())

WRITTEN_DATES = (
    DAY, DAYS_IN_MONTH, DAYS_ACROSS_MONTHS, FROM_DAY_TO_DAY,
    DOTTED, DOTTED_RANGE, DOTTED_DAYS,
    MONTH, MONTH_RANGE,
    PART, YEAR,
)

#: a date as free text writes it
DATE = or_(*WRITTEN_DATES).interpretation(Period)

#: a date as the `dates` column writes it (a bare year allowed)
COLUMN_DATE = or_(*WRITTEN_DATES, BARE_YEAR).interpretation(Period)


@lru_cache(maxsize=None)
def parser(column: bool = False) -> LookaheadParser:
    """One yargy parser per process (building one takes milliseconds, but not every call)."""
    return LookaheadParser(COLUMN_DATE if column else DATE, tokenizer=TOKENIZER)


# --- the common forms, read without the parser ---------------------------------------------
#
# Most `dates` cells are one date in one of a few forms ("21 мая 2023 года", "21-24 августа
# 2023 г.", "29 апреля – 4 мая 2023 года", "май – июнь 2023", "07.08.2023"). Each pattern
# below is a strict subset of one rule above, over the same tokens, and fills the same
# `Period` attributes, so a cell it reads whole gets what the parser would give (a match
# covering the whole cell wins yargy's max-coverage choice). Anything else, or any value out
# of range, goes to the parser.


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_RU_END = r"(?![а-яё])"  # a Russian token ends here, as yargy's tokenizer splits it
_NUMBER_END = r"(?!\d)"  # yargy's INT is any run of digits
_C_DAY = r"(?<!\d)([0-9]{1,2})" + _NUMBER_END
_C_MONTH = rf"(?<![а-яё])({_alternation(MONTHS)}){_RU_END}(?:\s*\.)?"
_C_YEAR_WORD = rf"\s*(?:{_alternation(YEAR_FORMS)}){_RU_END}(?:\s*\.)?(?:\s*г{_RU_END}(?:\s*\.)?)?"
_C_FULL_YEAR = r"(?<!\d)([0-9]{4})" + _NUMBER_END
_C_NAMED_YEAR = rf"(?:\s*{_C_FULL_YEAR}(?:{_C_YEAR_WORD})?)?"
_C_DOTTED_YEAR = rf"(?<!\d)([0-9]{{4}}|[0-9]{{2}}){_NUMBER_END}(?:{_C_YEAR_WORD})?"
_C_NUMBER_MONTH = _C_DAY
_C_DASH = r"\s*-\s*"
_C_FROM = r"(?<![а-яё])со?(?![а-яё])\s*"
_C_TO = r"\s*(?<![а-яё])(?:по|до)(?![а-яё])\s*"
#: "IV", "второй", "2-й": a whole token (Latin, Russian or digits), as PART_NUMBER_VALUE reads it
_C_PART = (rf"(?<![a-zа-яё])({_alternation(PERIOD_ORDINALS)})(?![a-zа-яё])"
           rf"|(?<!\d)([1-4]){_NUMBER_END}(?:\s*-\s*(?:е|й|м|го|ое|ый|ой|ий){_RU_END})?")
_C_PART_WORD = rf"(?<![а-яё])({_alternation(PART_FORMS)}){_RU_END}(?:\s*\.)?"

#: (pattern, the Period attributes its groups fill, in order; a slot named twice takes
#: whichever of its two groups matched)
COMMON_COLUMN_FORMS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(rf"\s*{pattern}\s*", re.IGNORECASE), slots)
    for pattern, slots in (
        # DAY: "28 июня 2023 года"
        (rf"{_C_DAY}\s*{_C_MONTH}{_C_NAMED_YEAR}", ("day1", "month1", "year1")),
        # DAYS_IN_MONTH with a dash: "21-24 августа 2023 года"
        (rf"{_C_DAY}{_C_DASH}{_C_DAY}\s*{_C_MONTH}{_C_NAMED_YEAR}", ("day1", "day2", "month2", "year2")),
        # DAYS_ACROSS_MONTHS: "29 апреля – 4 мая 2023 года"
        (rf"{_C_DAY}\s*{_C_MONTH}{_C_NAMED_YEAR}{_C_DASH}{_C_DAY}\s*{_C_MONTH}{_C_NAMED_YEAR}",
         ("day1", "month1", "year1", "day2", "month2", "year2")),
        # MONTH: "август 2023 года"
        (rf"{_C_MONTH}{_C_NAMED_YEAR}", ("month1", "year1")),
        # MONTH_RANGE with a dash: "Май – июнь 2023 года"
        (rf"{_C_MONTH}{_C_NAMED_YEAR}{_C_DASH}{_C_MONTH}{_C_NAMED_YEAR}", ("month1", "year1", "month2", "year2")),
        # FROM_DAY_TO_DAY: "с 12 по 15 октября 2023 г.", "с 29 апреля по 4 мая"
        (rf"{_C_FROM}{_C_DAY}(?:\s*{_C_MONTH}{_C_NAMED_YEAR})?{_C_TO}{_C_DAY}\s*{_C_MONTH}{_C_NAMED_YEAR}",
         ("day1", "month1", "year1", "day2", "month2", "year2")),
        # PART: "IV квартал 2023 года", "2-й квартал", "III-IV кварталы"
        (rf"(?:{_C_PART})(?:{_C_DASH}(?:{_C_PART}))?\s*{_C_PART_WORD}{_C_NAMED_YEAR}",
         ("part1", "part1", "part2", "part2", "part_kind", "year1")),
        # DOTTED: "07.08.2023", "07.08.23"
        (rf"{_C_DAY}\s*\.\s*{_C_NUMBER_MONTH}\s*\.\s*{_C_DOTTED_YEAR}", ("day1", "month1", "year1")),
        # DOTTED_RANGE with a dash: "01.09.2023 - 05.09.2023", "01.09 - 05.09.2023"
        (rf"{_C_DAY}\s*\.\s*{_C_NUMBER_MONTH}(?:\s*\.\s*{_C_DOTTED_YEAR})?{_C_DASH}"
         rf"{_C_DAY}\s*\.\s*{_C_NUMBER_MONTH}\s*\.\s*{_C_DOTTED_YEAR}",
         ("day1", "month1", "year1", "day2", "month2", "year2")),
    )
)


def _slot_value(slot: str, text: str) -> int | str | None:
    """A slot's value as the rules above compute it; None where their predicates refuse it."""
    if slot == "part_kind":
        return period_kind(text)
    if slot.startswith("part"):
        return ordinal_number(text)
    if slot.startswith("month") and not text.isdigit():
        return month_number(text)
    value = int(text)
    if slot.startswith("day"):
        return value if 1 <= value <= 31 else None
    if slot.startswith("month"):
        return value if 1 <= value <= 12 else None
    if len(text) == 2:
        return short_year(text)
    return value if 1900 <= value <= 2100 else None


def read_common(text: str) -> Period | None:
    """The `Period` of a normalized `dates` cell written wholly in a common form, else None."""
    for pattern, slots in COMMON_COLUMN_FORMS:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values = {}
        for slot, group in zip(slots, found.groups()):
            if group is None:
                continue
            value = _slot_value(slot, group)
            if value is None:
                return None
            values[slot] = value
        return Period(**values)
    return None


# --- the parser ------------------------------------------------------------------------------


def first_terminals(start: BNFRule) -> dict[int, list | None]:
    """For each rule of a grammar (by id), the token predicates its matches can begin with;
    None for a rule that can match nothing at all (an optional part), which is always predicted.

    A production begins with its first term, or with the next one when the first can be empty.
    """
    rules = start.as_bnf.rules
    nullable: set[int] = set()
    changed = True
    while changed:
        changed = False
        for r in rules:
            if id(r) not in nullable and any(
                all(is_rule(term) and id(term) in nullable for term in production.terms)
                for production in r.productions
            ):
                nullable.add(id(r))
                changed = True

    first: dict[int, dict[int, object]] = {id(r): {} for r in rules}
    changed = True
    while changed:  # to a fixed point: repeated rules refer to themselves
        changed = False
        for r in rules:
            mine = first[id(r)]
            for production in r.productions:
                for term in production.terms:
                    found = first[id(term)] if is_rule(term) else {id(term): term}
                    for key, predicate in found.items():
                        if key not in mine:
                            mine[key] = predicate
                            changed = True
                    if not (is_rule(term) and id(term) in nullable):
                        break
    return {key: None if key in nullable else list(predicates.values()) for key, predicates in first.items()}


class LookaheadParser(Parser):
    """yargy's Earley parser, predicting a rule only where the next token can begin it.

    yargy predicts the whole grammar at every token of a text, and most tokens (the words
    around the numbers) begin no rule: the states predicted there die at the next scan.
    Skipping them leaves the live states, hence the matches, as they were, and makes a parse
    cost what its few candidate tokens cost instead of what all its tokens cost. A rule that
    can match nothing (an optional part) is always predicted: its empty match completes at
    once, whatever the next token. Tests compare it with yargy's own parser on random texts.
    """

    _MEMO_SIZE = 200_000

    def __init__(self, rule, tokenizer=None) -> None:
        super().__init__(rule, tokenizer=tokenizer)
        self._first = first_terminals(self.rule)
        self._memo: dict[tuple[str, str], dict[int, bool]] = {}

    def can_begin(self, rule: BNFRule, token) -> bool:
        """Can a match of `rule` begin with this token? Remembered per token type and text."""
        key = (token.type, token.value)
        known = self._memo.get(key)
        if known is None:
            if len(self._memo) >= self._MEMO_SIZE:
                self._memo.clear()
            known = self._memo[key] = {}
        answer = known.get(id(rule))
        if answer is None:
            first = self._first[id(rule)]
            answer = known[id(rule)] = first is None or any(predicate(token) for predicate in first)
        return answer

    def predict(self, column, next_column, rule) -> None:
        if next_column is not None and not self.can_begin(rule, next_column.token):
            return  # nothing predicted here could scan the next token
        super().predict(column, next_column, rule)
