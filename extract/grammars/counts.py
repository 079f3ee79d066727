"""Yargy rules for counts written in the participants and goal columns.

A count is a number (digits "2 500", "2500", "2-х", "2,5 тыс.", "12 тысяч"; words
"двое", "пятьдесят", "две тысячи"), an optional qualifier in front ("около",
"более", "не менее", "~"), an optional range ("15-20", "от 15 до 20") and the
noun phrase it counts ("юных музыкантов", "специалистов-посетителей", "чел.").
Only nouns for people are counted: `is_people` decides by pymorphy3's animacy plus a
short list of exceptions (extract/data/people_nouns.tsv), so "40 докладов", "8 стран"
and "2 500 производителей" (firms) never match.

A count may follow a marker phrase (extract/data/count_markers.tsv): "общее
количество …" makes it the total, "в том числе …" a share of a count already given.
"""
from __future__ import annotations

from functools import lru_cache

from yargy import and_, not_, or_, rule
from yargy.interpretation import fact
from yargy.predicates import caseless, custom, eq, in_caseless, length_eq, lte, type as token_type

from extract.grammars.dates import TOKENIZER, LookaheadParser, data_rows
from extract.morph import analyzer, lemma, parses

QUALIFIERS: dict[str, str] = {phrase: code for phrase, code in data_rows("qualifiers.tsv")}
MARKERS: dict[str, str] = {phrase: role for phrase, role in data_rows("count_markers.tsv")}
COUNT_WORDS: dict[str, tuple[float, str]] = {
    word: (float(value), kind) for word, value, kind in data_rows("count_words.tsv")
}
PEOPLE_WORDS: dict[str, bool] = {word: kind == "people" for word, kind in data_rows("people_nouns.tsv")}

#: readings never taken for a counted noun: proper names ("Туров" the surname) and
#: abbreviations (the letter "и" read as a noun)
_SKIPPED_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


def phrase_key(text: str) -> str:
    """A phrase as the tables key it: tokens in lower case joined by single spaces."""
    return " ".join(TOKENIZER.split(text.lower()))


QUALIFIER_CODES: dict[str, str] = {phrase_key(p): code for p, code in QUALIFIERS.items()}
MARKER_ROLES: dict[str, str] = {phrase_key(p): role for p, role in MARKERS.items()}


@lru_cache(maxsize=100_000)
def is_count_word(word: str) -> bool:
    return lemma(word) in COUNT_WORDS


@lru_cache(maxsize=100_000)
def is_scale_word(word: str) -> bool:
    entry = COUNT_WORDS.get(lemma(word))
    return entry is not None and entry[1] == "scale"


@lru_cache(maxsize=100_000)
def is_modifier(word: str) -> bool:
    """An adjective or participle that may stand between a number and its noun."""
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parses(word))


@lru_cache(maxsize=100_000)
def is_people(word: str) -> bool:
    """Does this noun (as written, any case) name people?

    The first reading that is not a proper name or an abbreviation decides: listed words by
    their list (people_nouns.tsv), otherwise nouns by animacy ("участников" yes,
    "докладов", "стран", "коллективов" no). A hyphenated word the dictionary does not
    know is judged by its first part ("специалистов-посетителей" by "специалистов").
    """
    morph = analyzer()
    if "-" in word and not morph.word_is_known(word):
        word = word.split("-")[0]
    if word.lower() in PEOPLE_WORDS:  # "чел", which the dictionary knows only as an abbreviation
        return PEOPLE_WORDS[word.lower()]
    for parse in parses(word):
        tag = parse.tag
        if _SKIPPED_TAGS & set(tag.grammemes):
            continue
        if tag.POS not in ("NOUN", "ADJF", "PRTF"):
            return False  # "и" is a conjunction before it is the letter's name
        base = parse.normal_form
        if tag.POS == "PRTF":
            form = parse.inflect({"nomn", "sing", "masc"})
            base = form.word if form else base
        if base in PEOPLE_WORDS:
            return PEOPLE_WORDS[base]
        return tag.POS == "NOUN" and "anim" in tag
    return False


def _phrases(table: dict[str, str]):
    """A rule matching any phrase of a table, word for word, in any case."""
    return or_(*[rule(*[caseless(token) for token in key.split()]) for key in table])


Count = fact("Count", ["role", "qualifier", "low", "amount", "who", "head"])

DASH = eq("-")
DOT = eq(".")
INT = token_type("INT")
RU = token_type("RU")

#: "2-х", "5-ти", "7-ми"
CASE_ENDING = rule(DASH, custom(lambda w: len(w) <= 3, types="RU"))
#: "2 500", "30 000" (groups of three after a space), or "2500"
DIGITS = or_(rule(and_(INT, lte(999)), rule(and_(INT, length_eq(3))).repeatable(max=3)), rule(INT))
SCALE = rule(custom(is_scale_word, types="RU"), DOT.optional())
#: "2,5 тыс.", "12 тысяч"
SCALED = rule(or_(DIGITS, rule(INT, or_(eq(","), DOT), INT)), SCALE)
#: "двое", "двадцать пять", "две тысячи"
WORDS = rule(custom(is_count_word, types="RU")).repeatable(max=6)
NUMBER = or_(rule(DIGITS, CASE_ENDING.optional()), SCALED, WORDS)

QUALIFIER = _phrases(QUALIFIER_CODES).interpretation(Count.qualifier)
AMOUNT = NUMBER.interpretation(Count.amount)
LOW = NUMBER.interpretation(Count.low)

#: "15-20", "от 15 до 20"
RANGE = or_(rule(LOW, DASH, AMOUNT), rule(caseless("от"), LOW, caseless("до"), AMOUNT))
QUANTITY = or_(rule(QUALIFIER.optional(), AMOUNT), RANGE)

MODIFIER = custom(is_modifier, types="RU")
#: "отечественных и зарубежных"
MODIFIERS = rule(MODIFIER, rule(or_(eq(","), caseless("и")).optional(), MODIFIER).repeatable(max=4).optional())
#: "человек", "чел.", "специалистов-посетителей": a people noun, so that the longest reading
#: of "трое обучающихся гимназии" stops at the people; a hyphenated whole is judged again later
#: ("мастер-классов" starts with a people word but is not one)
NOUN = rule(custom(is_people, types="RU"), rule(DASH, RU).optional())
WHO = rule(MODIFIERS.optional(), NOUN).interpretation(Count.who)

#: "(22 человека)", "более 30 000 специалистов-посетителей", "2,5 тыс. участников"
GROUP = rule(QUANTITY, WHO, DOT.optional())

MARKER = _phrases(MARKER_ROLES).interpretation(Count.role)
#: words and signs between a marker and its number: "участников мероприятия –", "составило";
#: not a qualifier's first word, which belongs to the count ("– около 12000 человек")
FILLER_WORD = and_(RU, not_(in_caseless({key.split()[0] for key in QUALIFIER_CODES})))
FILLER = or_(FILLER_WORD, DASH, eq(":"), eq(","), eq("(")).repeatable(max=6)

#: "Общее количество участников – 1000 человек", "всего 45 участников", "в том числе 20 детей"
MARKED = rule(MARKER, FILLER.optional(), QUANTITY, rule(WHO, DOT.optional()).optional())

#: the people first, then a dash and their number, as lists write them: "зрителей – свыше 300",
#: "студенты – 9 чел.", "сопровожд. – 1", "библиотекари р-на – 16"
DEPENDENTS = rule(RU, rule(DASH, RU).optional(), DOT.optional()).repeatable(max=3)
HEAD = rule(MODIFIERS.optional(), NOUN).interpretation(Count.head)
NAMED_FIRST = rule(HEAD, DOT.optional(), DEPENDENTS.optional(), or_(DASH, eq(":")), QUANTITY,
                   rule(WHO, DOT.optional()).optional())

COUNT = or_(MARKED, GROUP, NAMED_FIRST).interpretation(Count)


@lru_cache(maxsize=1)
def parser() -> LookaheadParser:
    return LookaheadParser(COUNT, tokenizer=TOKENIZER)
