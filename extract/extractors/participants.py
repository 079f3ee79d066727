"""How many people took part: read from the participants column first, then from the goal.

Order of evidence (annotations/GUIDE.md): an explicit total; else the one stated count
of people; else the sum of the counts of separate groups. Counts of things ("40
докладов", "8 стран") are never people. Decisions the guide leaves open:

- several totals in one column: the largest (a total contains the others);
- counts marked as a share ("в том числе 20 детей") are not added to the count they
  belong to; if only shares are given, their sum is a lower bound (qualifier "over");
- counts of firms ("2 500 производителей") are not people (people_nouns.tsv);
- one count per date ("07.08.2023 – 21 участник, 31.08.2023 – 10 участников") is summed
  like separate groups, as participations (31); the other reading (21 distinct people)
  is the annotators' to flag as ambiguous;
- a range ("15-20 человек", "от 15 до 20 человек") gives its upper bound, qualifier "approx";
- a sum takes its least exact qualifier: approx > over, under > exact; over mixed with
  under is approx.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.extractors.dates import may_hold_date, windowed_findall
from extract.grammars.counts import (
    COUNT_WORDS, MARKER_ROLES, QUALIFIER_CODES, is_count_word, is_people, parser, phrase_key,
)
from extract.grammars.dates import TOKENIZER, normalize
from extract.grammars.dates import parser as dates_parser
from extract.morph import lemma, parses

_QUALIFIER_RANK = {"exact": 0, "over": 1, "under": 1, "approx": 2}
_NUMBER_SIGN = re.compile(r"№\s*\d+")
#: "по 8 шахматистов от каждой стороны": the count of each of the two sides.
_EACH_SIDE_BEFORE = re.compile(r"\bпо\s*$", re.IGNORECASE)
_EACH_SIDE_AFTER = re.compile(r"\s*от\s+каждой\s+(?:из\s+)?сторон", re.IGNORECASE)
#: Where a breakdown of a count opens: a bracket, or a colon after it (and its closing bracket).
_BREAKDOWN = re.compile(r"\s*(\()|\s*\)?\s*(:)")


def _clause_end(text: str, start: int) -> int:
    """Where the clause from `start` ends: a semicolon, a new line, or the text's end."""
    ends = [k for k in (text.find(";", start), text.find("\n", start)) if k != -1]
    return min(ends, default=len(text))


#: What joins the items of one list of counts: a comma or "и".
_LIST_JOIN = re.compile(r"\s*(?:,|\bи\b)\s*")
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
#: Words before a count (in its clause) that make it no count of the event's participants: people a
#: place has ("в регионе обучаются 16 студентов", "город с населением"), past or planned numbers
#: ("погибли около 7 тыс. воинов", "ожидалось около 200 участников", "планируется принять до 200").
_NOT_PARTICIPANTS = re.compile(
    r"(?:\b(?:обучаются|обучается|учатся|учится|проживают|проживает|живут|работают|трудятся|"
    r"насчитыва(?:ет|ют|ется)|погибл?[аи]?|родились|ожида(?:ется|ются|лось|лись|ем|ют)|планиру(?:ется|ют|ем)|"
    r"предполага(?:ется|ют)|прогнозиру(?:ется|ют)|намечено|запланировано)|\bс\s+населением|"
    r"\bнаселени[ея]\s+(?:составля|насчитыва))\b[^;:.()\n]*$", re.IGNORECASE)
#: Reference notes after a row's account ("Справочно: в УУНиТ обучаются …") are background, no participants.
_REFERENCE = re.compile(r"\bСправочно\s*:", re.IGNORECASE)
#: "23-й побратим": an ordinal number, no count.
_ORDINAL = re.compile(r"\s*-\s*(?:й|я|е|ое|ий|ая|го|ого|му|ому|м|ом)\b")
#: A number with no noun of its own after a group shares the group's people (the noun left out):
#: listed right after it ("более 700 участников очно и около 3 тыс. – в онлайн-формате"), or after a
#: dash at the end of a parallel clause ("с российской стороны – 81 спортсмен …, с китайской – 70").
_NUMBER = r"(?P<q>около|более|свыше|примерно|порядка|не менее|до)?\s*(?P<n>\d[\d\s]*(?:[.,]\d+)?(?:\s*(?:тыс\.?|тысяч[аи]?|млн\.?))?)"
_ELLIPSIS_LISTED = re.compile(
    rf"\s*(?:[а-яё-]+)?\s*(?:,|\bи\b)\s*{_NUMBER}"
    r"(?=\s*(?:[–—-]|онлайн|офлайн|очно|дистанционно|в\s+(?:онлайн|режиме|формате)))", re.IGNORECASE)
_ELLIPSIS_PARALLEL = re.compile(rf",\s*[^,;:()\d]{{3,40}}?\s[–—]\s*{_NUMBER}\s*(?=[;.)]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class ParticipantGroup:
    """One stated count of people: offsets are into the text of `field`."""

    count: int
    qualifier: str  # "exact" | "approx" | "over" | "under"
    who: str
    field: str
    start: int
    end: int


@dataclass(frozen=True)
class ParticipantCount:
    """The row's number of participants and the counts it was made from."""

    total: int | None
    qualifier: str | None
    groups: tuple[ParticipantGroup, ...]


NO_COUNT = ParticipantCount(None, None, ())


def number_value(text: str) -> int | None:
    """ "2 500" -> 2500, "2-х" -> 2, "2,5 тыс." -> 2500, "двадцать пять" -> 25, "две тысячи" -> 2000."""
    text = re.sub(r"\s", " ", text)  # ordinary, non-breaking and thin spaces alike
    digits = re.match(r"\s*(\d+(?:[ ]\d{3})*)(?:\s*[,.]\s*(\d+))?", text)
    if digits:
        value = float(digits.group(1).replace(" ", "") + ("." + digits.group(2) if digits.group(2) else ""))
        words = _WORD.findall(text[digits.end():])
        for word in words:
            entry = COUNT_WORDS.get(lemma(word))
            if entry and entry[1] == "scale":
                value *= entry[0]
        return round(value)
    total = current = 0.0
    for word in _WORD.findall(text):
        entry = COUNT_WORDS.get(lemma(word))
        if entry is None:
            return None
        value, kind = entry
        if kind == "scale":
            total += (current or 1) * value
            current = 0
        else:
            current += value
    value = round(total + current)
    return value or None


def least_exact(qualifiers: list[str]) -> str:
    """The qualifier of a sum: its least exact part; "over" with "under" is "approx"."""
    if {"over", "under"} <= set(qualifiers):
        return "approx"
    return max(qualifiers, key=_QUALIFIER_RANK.__getitem__, default="exact")


def _is_int(token) -> bool:
    return token.type == "INT"


def _is_count_anchor(token) -> bool:
    """Where a count can be: a number in digits or a numeral word."""
    return token.type == "INT" or (token.type == "RU" and is_count_word(token.value))


def mask_dates(text: str) -> str:
    """Blank out dates and "№ 4" so their digits are never read as counts (offsets kept)."""
    chars = list(text)
    found = windowed_findall(dates_parser(), normalize(text), _is_int, 6, 10, may_hold_date)
    dates = [(start, end) for start, end, _ in found]
    for start, end in dates + [m.span() for m in _NUMBER_SIGN.finditer(text)]:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


#: How far (in tokens) a count can be from the noun or marker that makes it a count of people;
#: the grammar's windows reach 12 tokens before and 14 after a number.
_REACH = 14
_MARKER_WORDS = frozenset(key.split()[0] for key in MARKER_ROLES)


def _may_count_people(text: str) -> bool:
    """A cheap test before the grammar: a number with a people noun or a count marker
    ("всего", "общее количество") within reach. Most numbers in goal texts (years, "№ 4",
    dates) have none, and yargy's parse is the slowest step of a row."""
    tokens = list(TOKENIZER(text))
    anchors = [i for i, t in enumerate(tokens) if _is_count_anchor(t)]
    if not anchors:
        return False
    cues = [i for i, t in enumerate(tokens) if _is_cue(t)]
    return any(abs(a - c) <= _REACH for a in anchors for c in cues)


def _is_cue(token) -> bool:
    """A word every count of people contains: a people noun or a count marker's first word."""
    return token.type == "RU" and (token.value.lower() in _MARKER_WORDS or is_people(token.value))


def _holds_cue(tokens: list) -> bool:
    """Can a window of tokens hold a count of people (grammar COUNT needs a noun or a marker)?"""
    return any(_is_cue(t) for t in tokens)


def _without_breakdowns(text: str, groups: list[ParticipantGroup]) -> list[ParticipantGroup]:
    """Drop counts that break down the count just before them, in brackets or after a colon,
    when they add up to it: "24 человека (18 учащихся, 6 педагогов)" and "(14 человек):
    спортсмены – 11, тренеры – 3" are 24 and 14 people, not 48 and 28."""
    kept: list[ParticipantGroup] = []
    i = 0
    while i < len(groups):
        head = groups[i]
        kept.append(head)
        j = i + 1
        opening = _BREAKDOWN.match(text, head.end)
        close = -1 if not opening else (
            text.find(")", head.end) if opening.group(1) == "(" else _clause_end(text, opening.end()))
        inside = []
        while opening and j < len(groups) and close != -1 and groups[j].end <= close:
            inside.append(groups[j])
            j += 1
        if inside and sum(g.count for g in inside) == head.count:
            i = j
        else:
            i += 1
    return kept


@dataclass(frozen=True)
class _Found:
    group: ParticipantGroup
    role: str | None  # "total" | "part" | None


class ParticipantsReader:
    """The participants and goal columns of a row -> ParticipantCount."""

    def __init__(self) -> None:
        self._parser = parser()

    def __call__(self, participants: str, goal: str = "") -> ParticipantCount:
        for field, text in (("participants", participants), ("goal", goal)):
            count = self.read(text or "", field)
            if count.total is not None:
                return count
        return NO_COUNT

    def read(self, text: str, field: str) -> ParticipantCount:
        """The count one column states, or NO_COUNT."""
        found = self.groups(text, field)
        totals = [f.group for f in found if f.role == "total"]
        totals += [f.group for k, f in enumerate(found) if f.role == "joined" and not (
            k + 1 < len(found) and _LIST_JOIN.fullmatch(text[f.group.end:found[k + 1].group.start]))]
        if totals:
            best = max(totals, key=lambda g: g.count)
            return ParticipantCount(best.count, best.qualifier, (best,))

        groups = _without_breakdowns(text, [f.group for f in found if f.role in (None, "joined")])
        if groups:
            total = sum(g.count for g in groups)
            return ParticipantCount(total, least_exact([g.qualifier for g in groups]), tuple(groups))

        parts = [f.group for f in found if f.role == "part"]
        if parts:
            return ParticipantCount(sum(g.count for g in parts), "over", tuple(parts))
        return NO_COUNT

    def groups(self, text: str, field: str) -> list[_Found]:
        """Every count of people in one text, with its role (total, part or neither)."""
        if not _may_count_people(text):
            return []
        masked = mask_dates(text)
        reference = _REFERENCE.search(text)
        found = []
        for start, end, fact in windowed_findall(self._parser, normalize(masked), _is_count_anchor, 12, 14,
                                                    _holds_cue):
            role = MARKER_ROLES.get(phrase_key(fact.role)) if fact.role else None
            if role is None and found and found[-1].role == "part" and _LIST_JOIN.fullmatch(text[found[-1].group.end:start]):
                role = "part"  # "в том числе 7 спортсменов и 1 тренер": the share runs on through the list
            who = re.sub(r"\s*-\s*", "-", " ".join((fact.who or fact.head or "").split()))
            count = number_value(fact.amount)
            if not count or not self._counts_people(who, text[start:end], role, field, text[end:end + 30]):
                continue
            if _ORDINAL.match(text, self._number_end(text, start)) or (reference and start > reference.start()) \
                    or _NOT_PARTICIPANTS.search(text[max(0, start - 80):start]):
                continue  # an ordinal, a reference note, people a place has, past or planned numbers
            if fact.head and not fact.who and self._things_follow(text[end:end + 30]):
                continue  # "участники – 2 команды": the number counts the teams
            if _EACH_SIDE_BEFORE.search(text[max(0, start - 4):start]) and _EACH_SIDE_AFTER.match(text[end:]):
                count *= 2  # "по 8 шахматистов от каждой стороны": two sides
            if fact.low is not None:
                qualifier = "approx"
            elif fact.qualifier:
                qualifier = QUALIFIER_CODES[phrase_key(fact.qualifier)]
            else:
                qualifier = "exact"
            group = ParticipantGroup(count, qualifier, who, field, start, end)
            found.append(_Found(group, role))
        return self._with_elided(masked, found, field)

    @staticmethod
    def _with_elided(masked: str, found: list[_Found], field: str) -> list[_Found]:
        """The counts plus numbers that share a count's people with the noun left out (`_ELLIPSIS_*`),
        where no count of their own stands."""
        out = list(found)
        for f in found:
            g = f.group
            clause = masked[:_clause_end(masked, g.end)]
            elided = _ELLIPSIS_LISTED.match(clause, g.end) or _ELLIPSIS_PARALLEL.search(clause, g.end)
            if not g.who or not elided or not number_value(elided.group("n")):
                continue
            s, e = elided.start("n"), elided.end("n")
            if any(o.group.start < e and s < o.group.end for o in out):
                continue
            q = QUALIFIER_CODES.get(phrase_key(elided.group("q"))) if elided.group("q") else "exact"
            out.append(_Found(ParticipantGroup(number_value(elided.group("n")), q or "exact", g.who, field, s, e),
                              f.role))
        return sorted(out, key=lambda f: f.group.start)

    @staticmethod
    def _number_end(text: str, start: int) -> int:
        m = re.match(r"[^\d]*\d+", text[start:])
        return start + m.end() if m else start

    @staticmethod
    def _things_follow(following: str) -> bool:
        """A noun of things right after the number ("2 команды") is what it counts."""
        after = _WORD.findall(following)[:1]
        return bool(after) and parses(after[0].lower())[0].tag.POS == "NOUN" and not is_people(after[0])

    @staticmethod
    def _counts_people(who: str, matched: str, role: str | None, field: str, following: str = "") -> bool:
        if who:
            return is_people(who.split()[-1])
        if role != "total":
            return False
        # "всего 8 команд": a noun of things right after the number is what was counted
        after = _WORD.findall(following)[:1]
        if after and any(p.tag.POS == "NOUN" for p in parses(after[0].lower())) and not is_people(after[0]):
            return False
        # a marker with no noun after the number: "Общее количество участников – 1000"
        nouns = [w for w in _WORD.findall(matched) if phrase_key(w) not in MARKER_ROLES]
        return any(is_people(w) for w in nouns) or (not nouns and field == "participants")
