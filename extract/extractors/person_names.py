"""A person's name put in the nominative from its own parts and the words around it.

One name stands in one case and one gender ("с послом Пеккой Лайтиненом": both
parts instrumental, masculine), so each part says which (case, gender) it can be:

- a first name, patronymic or surname the dictionary knows, by its own forms;
- any other part by the ending paradigms of Russian names (extract/data/name_paradigms.tsv):
  "-овым" is a masculine instrumental of "-ов", "-ой" after a consonant the
  instrumental of "-а" ("Тулгой" → "Тулга"), a consonant-final name may be a
  masculine nominative or an undeclined feminine one, a final vowel other than
  "а/я" an undeclined foreign name ("Тойсеркани", "Сиквибеле");

and the words around the name say which case it likely stands in (`context_of`):
an agreeing verb (a subject), a participle after it ("…, прибывшего"), the post or
person noun it is in apposition to
("мэром … Игорем Степановым"), the preposition before it, or a thing that governs it
in the genitive ("творчеству Б. Васильева"). The (case, gender) every part allows
that the context likes best wins, the nominative when nothing says otherwise; names
listed together ("П.А. Соколова, И.В. Орлова и Е.Н. Петровского") share one case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.morph import match_case, parses as readings_of

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
GENDERS = ("masc", "femn")
VOWELS = frozenset("аеёиоуыэюя")
CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")  # "й" ends names of its own paradigm ("Андрей")
#: pymorphy3's extra cases, read as the six.
_CASE_OF = {"gen2": "gent", "acc2": "accs", "loc2": "loct", "gen1": "gent", "loc1": "loct"}
_DATA = Path(__file__).resolve().parent.parent / "data"
_PLACEHOLDERS = {"{ov}": ("ов", "ев", "ёв", "ин", "ын"), "{sk}": ("ск", "цк")}
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})


@dataclass(frozen=True)
class Reading:
    """One way a name part can be read: its case and gender (None: any) and its nominative."""

    case: str | None
    gender: str | None
    nominative: str
    weight: float

    def fits(self, case: str, gender: str) -> bool:
        return self.case in (None, case) and self.gender in (None, gender)


@dataclass(frozen=True)
class Context:
    """What the words around a name say: the cases it likely stands in, likelier first, and the
    gender of a verb it is the subject of."""

    cases: tuple[str, ...] = ()
    verb_gender: str | None = None
    gender: str | None = None  # of a participle agreeing with the name


@lru_cache(maxsize=1)
def _paradigm() -> tuple[tuple[str, str | None, str | None, str, frozenset[str] | None, float], ...]:
    rows = []
    lines = (_DATA / "name_paradigms.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line.strip() or line.startswith("#") or line.startswith("ending\t"):
            continue
        ending, case, gender, nominative, after, weight = line.split("\t")
        letters = {"C": CONSONANTS, "V": VOWELS, "*": None}.get(after, frozenset(after))
        variants = [(ending, nominative)]
        for mark, values in _PLACEHOLDERS.items():
            if mark in ending:
                variants = [(e.replace(mark, v), n.replace(mark, v)) for e, n in variants for v in values]
        for e, n in variants:
            rows.append((e, None if case == "*" else case, None if gender == "*" else gender, n, letters,
                         float(weight)))
    return tuple(rows)


@lru_cache(maxsize=50_000)
def paradigm_readings(word: str) -> tuple[Reading, ...]:
    """A name part's readings by the endings of Russian names, whatever the dictionary says."""
    low = word.lower()
    out: dict[tuple[str | None, str | None], Reading] = {}
    for ending, case, gender, nominative, after, weight in _paradigm():
        if not low.endswith(ending) or len(low) - len(ending) < 2 or (case, gender) in out:
            continue  # the first row that fits a (case, gender) decides it: specific rows come first
        stem = low[:len(low) - len(ending)]
        if after is not None and stem[-1] not in after:
            continue
        out[case, gender] = Reading(case, gender, match_case(stem + nominative, word), weight)
    return tuple(r for r in out.values() if r.weight > 0)


@lru_cache(maxsize=50_000)
def dictionary_readings(word: str) -> tuple[Reading, ...]:
    """A name part's readings as a first name, patronymic or surname the dictionary knows."""
    out = []
    for p in readings_of(word.lower()):
        if not p.is_known or not (_NAME_GRAMMEMES & p.tag.grammemes) or p.tag.number == "plur" \
                or p.tag.case == "voct":  # "Ань" is Аня called, no name written in a report
            continue
        form = p.inflect({"nomn", "sing"}) or p.inflect({"nomn"})
        if form is None:
            continue
        nominative = form.word if "ё" in word.lower() else form.word.replace("ё", "е")
        gender = None if "ms-f" in p.tag or p.tag.gender not in GENDERS else p.tag.gender
        case = _CASE_OF.get(p.tag.case, p.tag.case)
        out.append(Reading(case, gender, match_case(nominative, word), 1.0))
    return tuple(out)


def is_given_name(word: str) -> bool:
    return any(("Name" in p.tag or "Patr" in p.tag) and p.is_known and p.tag.case != "voct"
               and p.tag.number != "plur" for p in readings_of(word.lower()))


#: Endings of Russian surnames in any case: a name ending so is no foreign name that declines at its end only.
_RUSSIAN_SURNAME = re.compile(r"..(?:ов|ев|ёв|ин|ын|ск|цк|ич|ук|юк|нко)(?:а|у|ым|ом|ем|е|ой|ую|ий|ая|ого|ому|им)?$")


def part_readings(word: str, position: str, foreign: bool = False) -> tuple[Reading, ...]:
    """The readings of one part of a name; `position` is "only", "first" (of several), "middle" or
    "last". A first name or patronymic the dictionary knows reads by its own forms, unless it stands
    last, where it is a surname ("Владимиром Ваньке": not Ванька's dative); any other part by the
    dictionary and the paradigms. A middle part, or a first one that is no known first name, may
    stay as written: foreign names decline in their last part only ("Ли Вэньцзюня", "Чан Ань
    Туаном", "Ахмеда Абдель Азиза"); so may a known first name before a foreign surname ("Ким Чен
    Ына": Ким is a surname here)."""
    known = dictionary_readings(word)
    given = bool(known) and is_given_name(word) and position != "last"
    out = known if given else known + paradigm_readings(word)
    if position == "middle" or position == "first" and (not given or foreign):
        out += (Reading(None, None, word, 0.4),)
    return out or (Reading(None, None, word, 0.3),)


def _bonus(case: str, gender: str, context: Context) -> float:
    """What the context adds to a (case, gender): the word the name hangs on weighs more than a verb
    beside it, which may agree with another subject ("делегация во главе с В.Н. Анохиным приняла")."""
    bonus = 0.2 if case == "nomn" else 0.0
    if context.verb_gender:
        if case == "nomn":
            bonus += 0.5 + (0.3 if gender == context.verb_gender else -0.5)
    elif context.cases:
        bonus += 1.5 if case == context.cases[0] else 1.0 if case in context.cases else 0.0
    if context.gender and case in context.cases:
        bonus += 0.3 if gender == context.gender else -1.5
    return bonus


def _fit(parts: list[tuple[Reading, ...]], case: str, gender: str) -> float | None:
    total = 0.0
    for readings in parts:
        weights = [r.weight for r in readings if r.fits(case, gender)]
        if not weights:
            return None
        total += max(weights)
    return total


def choose(names: list[list[tuple[Reading, ...]]], context: Context) -> list[tuple[str, str] | None]:
    """One case for all the names (a list shares it), each name its own gender: the (case,
    gender) pairs every part allows, the context's likeliest."""
    best_case, best_score = None, float("-inf")
    for case in CASES:
        score = 0.0
        for parts in names:
            fits = [f + _bonus(case, g, context) for g in GENDERS if (f := _fit(parts, case, g)) is not None]
            if not fits:
                score = float("-inf")
                break
            score += max(fits)
        if score > best_score:
            best_case, best_score = case, score
    if best_case is None:
        return [_alone(parts, context) for parts in names] if len(names) > 1 else [None]
    out = []
    for parts in names:
        genders = [(f + _bonus(best_case, g, context), g) for g in GENDERS
                   if (f := _fit(parts, best_case, g)) is not None]
        out.append((best_case, max(genders)[1]))
    return out


def _alone(parts: list[tuple[Reading, ...]], context: Context) -> tuple[str, str] | None:
    return choose([parts], context)[0]


def nominative(words: list[str], choice: tuple[str, str] | None) -> list[str]:
    """The name's words in the nominative for the chosen (case, gender); initials as they are."""
    if choice is None:
        return words
    case, gender = choice
    parts = readings_for(words)
    out, k = [], 0
    for w in words:
        if w.endswith("."):
            out.append(w)
            continue
        fitting = [r for r in parts[k] if r.fits(case, gender)]
        best = max(fitting, key=lambda r: (r.weight, r.gender is not None, r.case is not None), default=None)
        out.append(best.nominative if best else w)
        k += 1
    return out


def readings_for(words: list[str]) -> list[tuple[Reading, ...]]:
    """The readings of each part of a name (initials left out)."""
    names = [w for w in words if not w.endswith(".")]
    positions = ["only"] if len(names) == 1 else ["first"] + ["middle"] * (len(names) - 2) + ["last"]
    foreign = len(names) > 1 and not _RUSSIAN_SURNAME.search(names[-1].lower()) and not any(
        is_given_name(w) for w in names[1:]) and any(r.case == "nomn" for r in dictionary_readings(names[0]))
    return [part_readings(w, p, foreign) for w, p in zip(names, positions)]


# --- the context -----------------------------------------------------------------------------

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
#: Where a clause ends: punctuation, but not the dot of an initial ("Е.В. Краснова").
_CLAUSE_BREAK = re.compile(r"(?<![А-ЯЁ])[.;:!?]\s|[,()–—]")
#: Abbreviations whose dot ends no clause ("г. Суботицы", "Смоленской обл.").
_ABBREVIATION_DOT = re.compile(r"\b(г|гг|с|д|п|пос|пгт|дер|аг|обл|р-н|им|ул|пр|просп|чел|тыс|млн|ст|кв|т|н|о)\.")
#: Quoted names are skipped when looking for the word a person's name hangs on.
_QUOTED = re.compile(r"«[^«»]*»|\"[^\"]*\"")


@lru_cache(maxsize=1)
def prepositions() -> dict[str, tuple[str, ...]]:
    out = {}
    for line in (_DATA / "prepositions.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("preposition\t"):
            word, cases = line.split("\t")
            out[word] = tuple(cases.split())
    return out


def _is_person_noun(parse) -> bool:
    return parse.tag.POS == "NOUN" and "anim" in parse.tag and not (_NAME_GRAMMEMES & parse.tag.grammemes)


def _cases_of(word: str) -> tuple[str, ...]:
    """The cases a post or person noun stands in ("мэром" → ablt; "посла" → gent, accs)."""
    cases = [_CASE_OF.get(p.tag.case, p.tag.case) for p in readings_of(word.lower()) if _is_person_noun(p)]
    return tuple(dict.fromkeys(cases))


def context_of(text: str, start: int, end: int, several: bool = False) -> Context:
    """What the words around the name at text[start:end] say of its case (see the module docstring)."""
    window = _ABBREVIATION_DOT.sub(r"\1 ", text[max(0, start - 120):start])
    pieces = _CLAUSE_BREAK.split(window)
    clause_before = pieces[-1]
    if not clause_before.strip() and re.search(r"[–—]\s*$", window) and len(pieces) > 1:
        last = _WORD.findall(pieces[-2])[-1:]
        if last and any(_is_person_noun(p) for p in readings_of(last[0].lower())):
            clause_before = pieces[-2]  # "памяти земляков – П.А. Соколова": apposition over a dash
    clause_after = _CLAUSE_BREAK.split(text[end:end + 80])[0]
    before = _WORD.findall(_QUOTED.sub(" ", clause_before))
    for word in _WORD.findall(clause_after)[:3] + before[-1:]:  # a verb next to the name, not across a noun
        verb = next((p for p in readings_of(word.lower()) if p.tag.POS == "VERB" and "past" in p.tag), None)
        if verb is not None and verb.tag.number != "plur":
            return Context(("nomn",), verb.tag.gender)
    participle = re.match(r"\s*,\s*([а-яё]+)", text[end:end + 40])
    if participle:  # "Ким Чен Ына, прибывшего …": a participle after the name agrees with it
        agreeing = [p for p in readings_of(participle.group(1)) if p.tag.POS == "PRTF" and p.tag.number != "plur"]
        cases = tuple(dict.fromkeys(_CASE_OF.get(p.tag.case, p.tag.case) for p in agreeing))
        genders = {p.tag.gender for p in agreeing}
        if cases:
            return Context(cases, gender=genders.pop() if len(genders) == 1 else None)
    return _governor(before[-10:], several)


def _governor(words: list[str], several: bool = False) -> Context:
    """Walk back over the name's genitive dependents to the word it hangs on; a thing right before
    the name with no post further back governs it ("премьера оперы С.С. Прокофьева")."""
    found = _walk(words, several)
    if found is not None:
        return found
    last = readings_of(words[-1].lower())[0] if words else None
    if last is not None and last.tag.POS == "NOUN" and "inan" in last.tag and not words[-1][:1].isupper():
        return Context(("gent",))
    return Context()


def _walk(words: list[str], several: bool) -> Context | None:
    prepositional = -1
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        readings = readings_of(word.lower())
        first = readings[0]
        if sum(ch.isupper() for ch in word) > 1 or "Abbr" in first.tag:
            continue  # an abbreviation among the dependents: "кафедры … СмолГУ"
        if _is_person_noun(first) and not several and all(
                p.tag.number == "plur" for p in readings if _is_person_noun(p)):
            continue  # "Совета депутатов": people in the plural are a dependent of one name's post
        if _is_person_noun(first):  # a post or person noun: the name is in apposition to it
            head = readings_of(words[k - 1].lower())[0] if k > 0 else None
            if first.tag.case == "gent" and head is not None and _is_person_noun(head):
                return Context(_cases_of(words[k - 1]))  # "заместитель Губернатора … Н.Г. Мельникова"
            return Context(_cases_of(word))
        if word[:1].isupper():
            if k > 0 and readings_of(words[k - 1].lower())[0].tag.POS == "PREP":
                prepositional = k - 1  # "… в Республике Сербия": a prepositional dependent
            continue  # a proper name among the dependents: "Республики Абхазия", "Смоленской"
        if first.tag.POS == "PREP":
            if k == prepositional:
                continue
            if k == len(words) - 1:
                return Context(prepositions().get(word.lower(), ()))  # "с П.И. Ковальчуком"
            return Context(("gent",))  # "со дня рождения М.Ю. Лермонтова": the chain hangs on it
        if first.tag.POS == "NOUN" and not any(p.tag.case == "gent" for p in readings):
            p = k - 1
            while p > 0 and readings_of(words[p].lower())[0].tag.POS in ("ADJF", "PRTF"):
                p -= 1  # "по международному сотрудничеству"
            if p > 0 and words[p].lower() == "по":
                prepositional = p
                continue  # "… по культуре": the remit of the post before, not the name's governor
            return Context(("gent",))  # a thing governs the name: "творчеству Б. Васильева"
        if first.tag.POS not in ("NOUN", "ADJF", "PRTF", "NUMR") and not any(p.tag.case == "gent" for p in readings):
            break
    return None
