"""Named people in report rows, in the nominative: "В.Н. Анохиным" → "В.Н. Анохин".

Reports write people as initials and surname (either order); natasha's PER spans
add full names ("Наполеона Орды"). A name that belongs to an organization or an
event is not a person mention: inside `exclude` spans, inside «quoted names», or
after "им.", "имени", "памяти", "в честь".
"""
from __future__ import annotations

import re

from extract.grammars.organizations import QUOTES, is_open_quote, quote_end
from extract.morph import match_case, parses as readings_of
from extract.records import Match

LABEL = "PER"

_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
#: "В.Н. Анохиным", "Б. Васильева"
INITIALS_SURNAME = re.compile(rf"(?<![\w.])([А-ЯЁ])\.\s*(?:([А-ЯЁ])\.\s*)?({_SURNAME})(?![\w-])")
#: "Анохин В.Н." (two initials, so that "Смоленск Г." is not read as a name)
SURNAME_INITIALS = re.compile(rf"(?<![\w-])({_SURNAME})\s+([А-ЯЁ])\.\s*([А-ЯЁ])\.")
#: Words after which a name is a namesake of an organization or event, not a person.
#: "им.", "памяти", "в честь" before a name, possibly with a title between
#: ("памяти Героя Советского Союза М.А. Егорова").
NAMESAKE_BEFORE = re.compile(r"(?:\bим\.|\bимени|(?:\bпамяти|\bв\s+честь)\s*(?:[А-ЯЁ][а-яё]+\s+){0,3})\s*$",
                             re.IGNORECASE)
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")




def _gender(first_name: str) -> str | None:
    for p in readings_of(first_name.lower()):
        if "Name" in p.tag:
            return p.tag.gender
    return None


def _nominative(word: str, grammeme: str, gender: str | None = None, genitive: bool = False) -> str:
    """`word` as a name part (Surn, Name, Patr) in the nominative, of `gender` when known.

    A surname read both as a feminine nominative and a masculine genitive ("Васильева")
    follows `genitive`: what the word before the name asks for.
    """
    if not any(p.is_known for p in readings_of(word.lower())):
        if _OBLIQUE_ENDING.search(word.lower()):
            return _unknown_nominative(word)
        if gender is None and not genitive:
            return word  # only guesses, and nothing says it is inflected: "Д.А. Кварчия"
    parses = [p for p in readings_of(word.lower()) if grammeme in p.tag] or list(readings_of(word.lower()))
    if gender:
        parses = [p for p in parses if p.tag.gender is None or p.tag.gender == gender or "ms-f" in p.tag] or parses
    sing = [p for p in parses if p.tag.number != "plur"] or parses
    if genitive:
        sing = sorted(sing, key=lambda p: p.tag.case != "gent")
    elif any(p.tag.case == "nomn" for p in sing):
        return word
    p = sing[0] if sing else None
    if p is None or p.tag.POS != "NOUN":
        return word
    form = p.inflect({"nomn", "sing"}) or p.inflect({"nomn"})
    if not form:
        return word
    out = form.word if "ё" in word.lower() else form.word.replace("ё", "е")
    return match_case(out, word)


#: Endings of an oblique case of a name the dictionary does not know ("Назарзодой").
_OBLIQUE_ENDING = re.compile(r"(?:ой|ым|ом|ем|ому|ыми|ою)$")


def _unknown_nominative(word: str) -> str:
    """A name pymorphy3 only guesses at, whose ending is plainly an oblique case
    ("Назарзодой" → "Назарзода", "Ковалевичем" → "Ковалевич")."""
    oblique = [p for p in readings_of(word.lower()) if p.tag.POS == "NOUN" and p.tag.case not in (None, "nomn")]
    form = oblique[0].inflect({"nomn", "sing"}) if oblique else None
    return match_case(form.word, word) if form else word


def _name_and_patronymic(words: list[str]) -> bool:
    return len(words) == 2 and not any(w.endswith(".") for w in words) \
        and any("Name" in p.tag for p in readings_of(words[0].lower())) \
        and any("Patr" in p.tag for p in readings_of(words[1].lower()))


def _oblique_case(word: str) -> str | None:
    """The case a name's last part shows when the dictionary reads it in one oblique case
    only ("Йовановича" → gent, "Туаном" → ablt); None when nominative or unsure."""
    cases = {p.tag.case for p in readings_of(word.lower()) if p.tag.POS == "NOUN" and p.is_known}
    if {"gent", "accs"} <= cases:
        cases.discard("accs")  # a person's genitive and accusative look alike
    return cases.pop() if len(cases) == 1 and "nomn" not in cases else None


def sentence_start(text: str, at: int) -> bool:
    """Nothing but opening punctuation between the previous sentence's end and `at`."""
    before = text[:at].rstrip(" \t\n«\"“(")
    return not before or before[-1] in ".!?…"


#: Where a clause ends: punctuation, but not the dot of an initial ("Е.В. Краснова").
_CLAUSE_BREAK = re.compile(r"(?<![А-ЯЁ])[.;:!?]\s|[,()–—]")

#: Quoted names are skipped when looking for the word a person's name hangs on.
_QUOTED = re.compile(r"«[^«»]*»|\"[^\"]*\"")

#: A name right before "и" at the end of the text before another name.
_COORDINATED = re.compile(r"(?:[А-ЯЁ]\.\s*(?:[А-ЯЁ]\.\s*)?[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+)\s+и\s*$")


class PersonExtractor:
    """People named in one text, label "PER", normal = nominative "И.О. Фамилия" or full name."""

    def __call__(self, text: str, ner_persons: list[tuple[int, int]] = (),
                 exclude: list[tuple[int, int]] = ()) -> list[Match]:
        found: list[Match] = []
        for m in INITIALS_SURNAME.finditer(text):
            initials = m.group(1) + "." + (m.group(2) + "." if m.group(2) else "")
            if not self._surname_like(m.group(3)):
                continue
            surname = _nominative(m.group(3), "Surn", genitive=self._wants_genitive(text, m.start(), m.end()))
            found.append(Match(m.start(), m.end(), m.group(), LABEL, f"{initials} {surname}"))
        for m in SURNAME_INITIALS.finditer(text):
            readings = readings_of(m.group(1).lower())
            if not any("Surn" in p.tag for p in readings) and any(p.is_known for p in readings):
                continue  # "Российской Федерации Д.Р. …": a common noun before someone's initials
            surname = _nominative(m.group(1), "Surn", genitive=self._wants_genitive(text, m.start(), m.end()))
            found.append(Match(m.start(), m.end(), m.group(), LABEL, f"{m.group(2)}.{m.group(3)}. {surname}"))
        for s, e in ner_persons:
            lead = re.match(r"(?:\w*[А-ЯЁ]\w*[А-ЯЁ]\w*\s+)+", text[s:e])  # "СмолГУ О.В. Ковалева"
            if lead:
                s += lead.end()
            for a, b in sorted(exclude):  # "г. Оша Нурбек Абдыкадыров": a place the span starts with
                if a <= s < b < e:
                    s = b + len(text[b:e]) - len(text[b:e].lstrip())
            if s >= e or not self._looks_like_a_name(text[s:e]):
                continue
            s = self._surname_before(text, s, e)
            normal = self._full_name(text[s:e], self._wants_genitive(text, s, e))
            if normal:
                found.append(Match(s, e, text[s:e], LABEL, normal))
        quoted = self._quoted(text)
        out: list[Match] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            if any(a <= m.start and m.end <= b for a, b in list(exclude) + quoted):
                continue
            if NAMESAKE_BEFORE.search(text[max(0, m.start - 60):m.start]):
                continue
            if any(o.start < m.end and m.start < o.end for o in out):
                continue
            out.append(m)
        return sorted(out, key=lambda m: m.start)

    @staticmethod
    def _surname_like(word: str) -> bool:
        """Not a place or an organization read after a capital letter and a dot ("Р. Беларусь")."""
        parses = readings_of(word.lower())
        return not all("Geox" in p.tag or "Orgn" in p.tag for p in parses) or any("Surn" in p.tag for p in parses)

    @staticmethod
    def _wants_genitive(text: str, start: int, end: int | None = None) -> bool:
        """Whether a surname read both ways ("Васильева": feminine nominative or masculine
        genitive) is the genitive here, from the words around the name.

        A past-tense verb of the same clause gives its gender ("О.В. Лебедева вручила");
        a name coordinated with a genitive name is genitive ("Абая Кунанбаева и А.С.
        Пушкина"); otherwise the walk goes back over genitive dependents to the word the
        name hangs on: a person noun gives its case by apposition ("чемпионка мира Н.В.
        Журавлева", "космонавта Ю.А. Гагарина"), a thing makes the name its genitive
        ("творчеству Б. Васильева").
        """
        clause_before = _CLAUSE_BREAK.split(text[max(0, start - 120):start])[-1]
        clause_after = _CLAUSE_BREAK.split(text[end:end + 80])[0] if end is not None else ""
        before = _WORD.findall(clause_before)
        for word in _WORD.findall(clause_after)[:3] + before[-4:]:
            verb = next((p for p in readings_of(word.lower()) if p.tag.POS == "VERB" and "past" in p.tag), None)
            if verb is not None and verb.tag.gender:
                return verb.tag.gender != "femn"
        coordinated = _COORDINATED.search(clause_before)
        if coordinated:  # the name before "и" decides for both
            return PersonExtractor._wants_genitive(text, start - len(clause_before) + coordinated.start())
        words = _WORD.findall(_QUOTED.sub(" ", clause_before))[-10:]
        prepositional = -1
        for k in range(len(words) - 1, -1, -1):
            word = words[k]
            readings = readings_of(word.lower())
            first = readings[0]
            if sum(ch.isupper() for ch in word) > 1 or "Abbr" in first.tag:
                continue  # an abbreviation inside the dependents: "кафедры … СмолГУ"
            if first.tag.POS == "NOUN" and "anim" in first.tag:  # "Глава района", "доценты кафедры", "космонавта"
                head = readings_of(words[k - 1].lower())[0] if k > 0 else None
                if first.tag.case == "gent" and head is not None and head.tag.POS == "NOUN" and "anim" in head.tag:
                    return head.tag.case != "nomn"  # "заместитель Губернатора … Н.Г. Мельникова": the post decides
                return first.tag.case != "nomn"
            if word[:1].isupper():
                if k > 0 and readings_of(words[k - 1].lower())[0].tag.POS == "PREP":
                    prepositional = k - 1  # "… в Республике Сербия": a prepositional dependent
                continue  # a proper name among the dependents: "Республики Абхазия", "Смоленской"
            if first.tag.POS == "NOUN" and not any(p.tag.case == "gent" for p in readings):
                if k > 0 and readings_of(words[k - 1].lower())[0].tag.POS == "PREP":
                    prepositional = k - 1
                    continue  # "по культуре": a prepositional dependent
                return True
            if first.tag.POS == "PREP":
                if k == prepositional:
                    continue
                return True  # "со дня рождения М.Ю. Лермонтова": the chain hangs on a preposition
            if first.tag.POS not in ("NOUN", "ADJF", "PRTF", "NUMR") and not any(
                    p.tag.case == "gent" for p in readings):
                break
        return False

    @staticmethod
    def _surname_before(text: str, start: int, end: int) -> int:
        """Where a "Имя Отчество" span really starts: at the surname written before it
        ("Дубовиком Сергеем Николаевичем", "Ларионова Светлана Викторовна"), which natasha
        often leaves out or tags apart when the dictionary does not know it as a surname.

        The word before must be capitalised, in the name's case and gender, and not a post
        ("Председатель", "Главе": animate common nouns); at a sentence start only a word the
        dictionary knows as a surname (or does not know) is taken.
        """
        words = _WORD.findall(text[start:end])
        if len(words) < 2:
            return start
        if not _name_and_patronymic(words[:2]):
            return start
        first = [p for p in readings_of(words[0].lower()) if "Name" in p.tag]
        before = re.search(r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)[ \t]*\n?[ \t]*$", text[:start])
        if before is None:
            return start
        readings = readings_of(before.group(1).lower())
        if any(p.tag.POS == "NOUN" and "anim" in p.tag and not {"Surn", "Name", "Patr"} & p.tag.grammemes
               for p in readings):
            return start  # a post or a person noun: "Председатель Сергей Николаевич"
        if any("Name" in p.tag or "Patr" in p.tag for p in readings) and not any("Surn" in p.tag for p in readings):
            return start
        if sentence_start(text, before.start()) and not (
                any("Surn" in p.tag for p in readings) or not any(p.is_known for p in readings)):
            return start
        agrees = any(p.tag.case == n.tag.case and (p.tag.gender in (None, n.tag.gender) or "ms-f" in p.tag)
                     for p in readings if p.tag.POS == "NOUN" for n in first)
        return before.start() if agrees else start

    @staticmethod
    def _looks_like_a_name(span: str) -> bool:
        """A natasha PER span with an initial, or a word the dictionary knows as a name or
        unknown words only; not a lone common word or place ("Врачи", "Ельня")."""
        words = re.findall(r"[А-ЯЁ]\.|[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?", span)
        if any(w.endswith(".") for w in words):
            return True
        parts = [part for w in words for part in w.split("-") if part]
        readings = [readings_of(part.lower()) for part in parts]
        if any(g in p.tag for parses in readings for p in parses for g in ("Name", "Surn", "Patr")):
            return True
        return bool(parts) and not all(any(p.is_known for p in parses) for parses in readings)

    @staticmethod
    def _full_name(span: str, genitive: bool) -> str | None:
        """Normal form of a natasha PER span; initials keep their place."""
        words = re.findall(r"[А-ЯЁ]\.|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", span)
        if not words:
            return None
        names = [w for w in words if not w.endswith(".")]
        gender = next((_gender(w) for w in names if _gender(w)), None)
        case = _oblique_case(names[-1]) if len(names) > 1 else None
        out = []
        for k, w in enumerate(words):
            if w.endswith("."):
                out.append(w)
                continue
            parses = readings_of(w.lower())
            if case and k < len(words) - 1 and not any(p.tag.case == case for p in parses):
                out.append(w)  # "Чан Ань Туаном": a part with no form in the name's case does not decline
            elif case and k < len(words) - 1 and not any(p.is_known for p in parses if p.tag.case == case):
                # "Милоша Йовановича": an unknown first name takes the case the surname shows
                reading = next(p for p in parses if p.tag.case == case)
                form = reading.inflect({"nomn", "sing"}) or reading.inflect({"nomn"})
                out.append(match_case(form.word, w) if form else w)
            elif _name_and_patronymic(words[k + 1:k + 3]):
                out.append(_nominative(w, "Surn", gender))  # "Иванов Иван Иванович": not Иван's plural
            elif k < len(words) - 1 and any("Name" in p.tag for p in parses):
                out.append(_nominative(w, "Name", gender))
            elif k < len(words) - 1 and any("Patr" in p.tag for p in parses):
                out.append(_nominative(w, "Patr", gender))
            else:
                out.append(_nominative(w, "Surn", gender, genitive and gender is None))
        text = " ".join(out)
        return re.sub(r"\.\s+(?=[А-ЯЁ]\.)", ".", text)

    @staticmethod
    def _quoted(text: str) -> list[tuple[int, int]]:
        spans, end = [], -1
        for i, ch in enumerate(text):
            if i >= end and ch in QUOTES and is_open_quote(text, i):
                e = quote_end(text, i)
                if e:
                    spans.append((i, e))
                    end = e
        return spans
