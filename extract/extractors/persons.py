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
NAMESAKE_BEFORE = re.compile(r"(?:\bим\.|\bимени|\bпамяти|\bв\s+честь)\s*$", re.IGNORECASE)
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


class PersonExtractor:
    """People named in one text, label "PER", normal = nominative "И.О. Фамилия" or full name."""

    def __call__(self, text: str, ner_persons: list[tuple[int, int]] = (),
                 exclude: list[tuple[int, int]] = ()) -> list[Match]:
        found: list[Match] = []
        for m in INITIALS_SURNAME.finditer(text):
            initials = m.group(1) + "." + (m.group(2) + "." if m.group(2) else "")
            if not self._surname_like(m.group(3)):
                continue
            surname = _nominative(m.group(3), "Surn", genitive=self._wants_genitive(text, m.start()))
            found.append(Match(m.start(), m.end(), m.group(), LABEL, f"{initials} {surname}"))
        for m in SURNAME_INITIALS.finditer(text):
            if not self._surname_like(m.group(1)):
                continue
            surname = _nominative(m.group(1), "Surn", genitive=self._wants_genitive(text, m.start()))
            found.append(Match(m.start(), m.end(), m.group(), LABEL, f"{m.group(2)}.{m.group(3)}. {surname}"))
        for s, e in ner_persons:
            normal = self._full_name(text[s:e], self._wants_genitive(text, s))
            if normal:
                found.append(Match(s, e, text[s:e], LABEL, normal))
        quoted = self._quoted(text)
        out: list[Match] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            if any(a <= m.start and m.end <= b for a, b in list(exclude) + quoted):
                continue
            if NAMESAKE_BEFORE.search(text[max(0, m.start - 12):m.start]):
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
    def _wants_genitive(text: str, start: int) -> bool:
        """The word before the name is a thing the person owns ("творчеству Б. Васильева").

        A title before a name ("заместитель председателя Е.А. Котова") is an animate noun
        in apposition; then the name keeps the case it is read in first.
        """
        before = _WORD.findall(text[max(0, start - 40):start])
        if not before:
            return False
        parses = readings_of(before[-1].lower())
        return bool(parses) and parses[0].tag.POS == "NOUN" and parses[0].tag.case != "nomn" and (
            "inan" in parses[0].tag)

    @staticmethod
    def _full_name(span: str, genitive: bool) -> str | None:
        """Normal form of a natasha PER span; initials keep their place."""
        words = re.findall(r"[А-ЯЁ]\.|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", span)
        if not words:
            return None
        names = [w for w in words if not w.endswith(".")]
        gender = next((_gender(w) for w in names if _gender(w)), None)
        out = []
        for k, w in enumerate(words):
            if w.endswith("."):
                out.append(w)
                continue
            parses = readings_of(w.lower())
            if k < len(words) - 1 and any("Name" in p.tag for p in parses):
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
