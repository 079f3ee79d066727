"""Rules for organization names in report rows: legal forms, quoted names, head nouns.

Natasha's NER drops closing quotes, cuts nested names and keeps trailing towns. The
rules here describe the parts a whole mention is built from; the extractor
(extract.extractors.organizations) walks the text with them:

* LEGAL_FORM + QUOTED name          ОГБУК «Культурно-досуговый центр «Губернский»
* LEGAL_FORM + TYPE abbreviation    МБУДО СШОР № 2 им. Г.П. Федорова
* modifiers + HEAD + dependents     Департамента государственной службы занятости населения Смоленской области
* ABBR + country/region             МИД России, УМВД России по Смоленской области
* LEGAL_FORM + type in words        МБДОУ детского сада № 9 «Солнышко»
* COLLECTIVE + its QUOTED name      поисковый отряд «Память» (a plural one governs an event's title)

Word lists live in extract/data (legal_forms.txt, org_heads.txt); this module only
loads them and holds the regular expressions.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, comment and blank lines skipped."""
    return [
        line.split("\t")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def legal_forms() -> dict[str, str]:
    """Abbreviation (single-spaced) → kind: "legal" (stands before a name), "quoted" (only
    before a quoted name) or "type"."""
    return {abbr: kind for abbr, kind in _rows("legal_forms.txt")}


@lru_cache(maxsize=1)
def heads() -> dict[str, str]:
    """Lemma of a head noun → class (body, inst, assembly, tailed, quoted, house, collective,
    abbr, group, place, not)."""
    return {row[0]: row[1] for row in _rows("org_heads.txt")}


@lru_cache(maxsize=1)
def remitless_heads() -> frozenset[str]:
    """General bodies with no remit of their own (`noremit` in org_heads.txt): "по …" after
    them is what was done, not part of the name."""
    return frozenset(row[0] for row in _rows("org_heads.txt") if row[2:3] == ["noremit"])


@lru_cache(maxsize=1)
def activity_heads() -> frozenset[str]:
    """Heads that are also verbal nouns of an activity ("Организация выставки"): marked
    `activity` in the third column of org_heads.txt."""
    return frozenset(row[0] for row in _rows("org_heads.txt") if row[2:3] == ["activity"])


@lru_cache(maxsize=1)
def settlement_words() -> frozenset[str]:
    """Words and abbreviations that introduce a settlement (г., города, пос., агрогородок …).

    Read from the shared settlement_types.tsv when it is there; a short built-in list
    keeps this module usable without it.
    """
    words = {"г", "гор", "город", "пос", "поселок", "посёлок", "пгт", "с", "село", "д", "дер",
             "деревня", "аг", "агрогородок", "ст", "станица", "рп", "х", "хутор"}
    path = DATA / "settlement_types.tsv"
    if path.exists():
        for row in _rows("settlement_types.tsv")[1:]:
            form = row[0].strip().rstrip(".").lower()
            if form and " " not in form:
                words.add(form)
    return frozenset(words)


# --- quotes ------------------------------------------------------------------------------
#: Always opening / always closing quote characters.
OPEN_QUOTES = "«„‹"
CLOSE_QUOTES = "»›"
#: Quotes whose direction depends on the neighbouring characters: "…", “…”, „…“.
TWO_WAY_QUOTES = "\"“”'"
QUOTES = OPEN_QUOTES + CLOSE_QUOTES + TWO_WAY_QUOTES

#: Longest quoted name we follow; longer runs are unbalanced text, not a name.
MAX_QUOTED = 300
#: Between an inner closing quote and a further closing quote of the same name.
MAX_INNER_GAP = 80
_BREAK_IN_GAP = re.compile(r"[,;:()]")


def is_open_quote(text: str, i: int) -> bool:
    ch = text[i]
    if ch in OPEN_QUOTES:
        return True
    if ch not in TWO_WAY_QUOTES:
        return False
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([-–—/" or before in OPEN_QUOTES) and not after.isspace()


def is_close_quote(text: str, i: int) -> bool:
    ch = text[i]
    if ch in CLOSE_QUOTES:
        return True
    return ch in TWO_WAY_QUOTES and not is_open_quote(text, i)


def _next_quote(text: str, i: int, limit: int) -> int | None:
    for k in range(i, min(len(text), limit)):
        if text[k] in QUOTES:
            return k
    return None


def quote_end(text: str, start: int) -> int | None:
    """End offset (after the last quote) of the quoted name opening at `start`.

    Nested quotes are balanced. Reports often close a nested name once
    («Центр «Губернский»): after an inner closing quote the name goes on only if
    another closing quote follows soon with no comma, colon or bracket between.
    None when the quote never closes.
    """
    depth = 0
    i = start
    limit = min(len(text), start + MAX_QUOTED)
    while i < limit:
        if is_open_quote(text, i):
            depth += 1
        elif is_close_quote(text, i):
            depth -= 1
            if depth <= 0:
                return i + 1
            k = _next_quote(text, i + 1, i + 1 + MAX_INNER_GAP)
            if k is None or is_open_quote(text, k) or _BREAK_IN_GAP.search(text, i + 1, k):
                return i + 1
        i += 1
    return None


# --- tokens and small patterns -------------------------------------------------------------
#: Words (hyphenated kept whole), numbers, and every other non-space character alone.
TOKEN = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:[-‐‑][А-Яа-яЁёA-Za-z]+)*|\d+(?:[.,/-]\d+)*|\S")

#: A legal form or institution type, upper case, as its own word; multi-word forms
#: ("ФГБОУ ВО", "МБУ ДО") take any whitespace between their parts. Longest first.
@lru_cache(maxsize=1)
def legal_form_re() -> re.Pattern[str]:
    forms = sorted(legal_forms(), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, form.split())) for form in forms)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


#: An upper-case abbreviation used as a name or a part of one (МГИМО, СШОР, УМВД).
ABBREVIATION = re.compile(r"[А-ЯЁA-Z]{2,}(?:-[А-ЯЁA-Z]+)?")

#: "им." / "имени" and the person a name honours: initials and surname, or name and surname.
NAMESAKE = re.compile(
    r"(?:им\.|имени)\s*"
    r"(?:[А-ЯЁ]\.\s*(?:[А-ЯЁ]\.\s*)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
    r"|[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+){0,2})"
)

#: "№ 5", "№5", "№ 12а", "№ 1/2"; in "№ 2 г. Смоленска" the "г." opens a settlement.
NUMBER = re.compile(r"№\s*\d+(?:\s*[/-]\s*\d+)?(?:\s?[а-яА-Я](?![а-яА-Я]|\.\s*[А-ЯЁ]))?")

#: A settlement after a name outside its quotes: "г. Смоленска", "города Витебска", "пгт. Лиозно".
@lru_cache(maxsize=1)
def settlement_tail_re() -> re.Pattern[str]:
    words = sorted(settlement_words(), key=len, reverse=True)
    full = r"город(?:а|е|ом|у)?|посел(?:ка|ке|ком|ок)|агрогородк(?:а|е|ом)|деревн(?:и|е|ей|я)|сел(?:а|е|ом|о)"
    short = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?i:{full}|(?:{short})\.)\s*[А-ЯЁ][а-яё]+(?:[-‐‑][А-ЯЁа-яё]+)*")


#: Words after which an alliance of states is a label for its members ("страны СНГ").
MEMBERS_LABEL = frozenset({"страна", "государство", "государство-член", "государство-участник", "член"})

#: Prepositions that continue a body's name: "по делам молодежи", "при Правительстве …",
#: "в г. Смоленске" (the last only for units that sit in a town: representations, branches).
BY = "по"
AT = "при"
IN = "в"
UNIT_HEADS = frozenset({"представительство", "отделение", "филиал", "отдел", "посольство",
                        "консульство", "генконсульство"})
#: After a name already closed by a capitalised dependent ("… Республики Беларусь"), "по
#: вопросам …", "по теме …", "по итогам …" say what was discussed, not the body's remit
#: (right after the head they are its remit: "Управление по вопросам миграции"; so are they
#: after the parent of a body set up for a topic: "Комиссии … Думы по вопросам бюджета").
TOPIC_WORDS = frozenset({"вопрос", "тема", "проблема", "итог", "результат", "направление", "линия"})
#: Bodies named by their field, capitalised, with no place: "Министерства культуры", "Комитета образования".
FIELD_BODIES = frozenset({"министерство", "комитет", "департамент", "управление", "агентство", "служба",
                          "инспекция", "комиссия"})
#: Bodies a region has one of: with a region word after them they are its own ("Правительства края").
REGION_ONE_BODIES = frozenset({"правительство", "дума", "парламент", "губернаторство"})
TOPICAL_HEADS = frozenset({"комиссия", "подкомиссия", "комитет", "совет", "группа", "штаб"})
#: States and unions of states written like bodies, by their words' dictionary forms: never
#: organizations ("Героя Советского Союза", "Союзного государства").
STATE_NAMES = frozenset({("советский", "союз"), ("союзный", "государство"), ("российский", "империя")})

#: Abbreviations of a territory ("МО": муниципальное образование / муниципальный округ) that
#: name an organization only with an organization's name after them ("МО МВД России «…»",
#: a межмуниципальный отдел); "Смоленского МО", "МО «Вяземский район»" are places.
TERRITORY_ABBREVIATIONS = frozenset({"МО"})

#: Nouns after which a capitalised name stands in apposition, undeclined:
#: "Республики Беларусь", "провинции Хэйлунцзян", "штата Керала".
APPOSITION_HEADS = ("республик", "провинци", "штат", "королевств", "эмират", "префектур", "княжеств",
                    "султанат", "кантон", "воеводств", "уезд")

#: A person's initials and surname after a body ("… комитета А.Г. Кузьмичом"): the name ends there.
PERSON_INITIALS = re.compile(r"[А-ЯЁ]\.\s*(?:[А-ЯЁ]\.\s*)?[А-ЯЁ][а-яё]")

#: Words that end a name: "(далее – Комиссия)", a new clause.
STOP_WORDS = frozenset({"год", "человек", "участник", "который", "также", "далее"})
