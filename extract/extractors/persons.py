"""Named people in report rows, in the nominative: "В.Н. Анохиным" → "В.Н. Анохин".

Reports write people as initials and surname (either order); natasha's PER spans
add full names ("Наполеона Орды"). A name that belongs to an organization or an
event is not a person mention: inside `exclude` spans, inside «quoted names», or
after "им.", "имени", "памяти", "в честь". Each name is put in the nominative by
`person_names` from its parts and its context; names listed together share a case.
"""
from __future__ import annotations

import re

from dataclasses import dataclass

from extract.extractors.person_names import _is_person_noun, choose, context_of, nominative, readings_for
from extract.geo import is_abbreviated_settlement
from extract.grammars.organizations import QUOTES, is_open_quote, quote_end
from extract.morph import parses as readings_of
from extract.records import Match

LABEL = "PER"

_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
#: An initial: one capital, "Дж." (Джамшед), or two joined by a hyphen ("К.-Ж." Касым-Жомарт).
_INITIAL = r"(?:Дж|[А-ЯЁ])\.(?:\s*-\s*(?:Дж|[А-ЯЁ])\.)?"
#: "В.Н. Анохиным", "Б. Васильева", "К.-Ж. Токаев"
INITIALS_SURNAME = re.compile(rf"(?<![\w.])({_INITIAL})\s*(?:({_INITIAL})\s*)?({_SURNAME})(?![\w-])")
#: "Анохин В.Н." (two initials, so that "Смоленск Г." is not read as a name)
SURNAME_INITIALS = re.compile(rf"(?<![\w-])({_SURNAME})\s+({_INITIAL})\s*({_INITIAL})")
#: Words after which a name is a namesake of an organization or event, not a person.
#: "им.", "памяти", "в честь" before a name, possibly with a title between
#: ("памяти Героя Советского Союза М.А. Егорова").
NAMESAKE_BEFORE = re.compile(r"(?:\bим\.|\bимени|(?:\bпамяти|\bв\s+честь)\s*(?:[А-ЯЁ][а-яё]+\s+){0,3})\s*$",
                             re.IGNORECASE)
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
#: A quote of more words than this is someone's words, not a title.
MAX_TITLE_WORDS = 10




def _name_and_patronymic(words: list[str]) -> bool:
    return len(words) == 2 and not any(w.endswith(".") for w in words) \
        and any("Name" in p.tag for p in readings_of(words[0].lower())) \
        and any("Patr" in p.tag for p in readings_of(words[1].lower()))


def sentence_start(text: str, at: int) -> bool:
    """Nothing but opening punctuation between the previous sentence's end and `at`."""
    before = text[:at].rstrip(" \t\n«\"“(")
    return not before or before[-1] in ".!?…"


#: Between two names of one list: a comma, "и", "а также".
_REGION_NOUN_BEFORE = re.compile(r"([а-яё]+)\s+(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)?\s*(?:,|\bи\b)\s*)?$")


def _after_region_noun(text: str, start: int) -> bool:
    """A word right after a region noun, or after the first name of a list that follows one
    ("провинции Хэнань", "останами Гилян и Мазандаран"): a region's name, no person (a person
    there has a name of several words: "губернатором аймака Батбаяром Дорждамбаа")."""
    from extract.extractors.settlements import APPOSITION_REGIONS
    from extract.morph import lemma

    m = _REGION_NOUN_BEFORE.search(text[max(0, start - 60):start])
    return bool(m) and lemma(m.group(1)) in APPOSITION_REGIONS


def _initial(written: str) -> str:
    """An initial as the normal form writes it: "К. - Ж." → "К.-Ж.", "Дж." as it is."""
    return re.sub(r"\s+", "", written)


_LIST_JOINER = re.compile(r"^\s*(?:,\s*(?:а\s+также\s+)?|\s+и\s+|,?\s+а\s+также\s+)\s*$")
_NAME_WORD = re.compile(rf"{_INITIAL}|[А-ЯЁ][а-яё]*(?:-[А-ЯЁа-яё][а-яё]+)*")


@dataclass
class _Mention:
    """A name found in the text, its words in output order (initials first: "И.О. Фамилия")."""

    start: int
    end: int
    words: list[str]

    def match(self, text: str, words: list[str]) -> Match:
        normal = re.sub(r"\.\s+(?=[А-ЯЁ]\.)", ".", " ".join(words))
        return Match(self.start, self.end, text[self.start:self.end], LABEL, normal)


def _not_a_name(word: str, before_initials: bool) -> bool:
    """A capitalised word the dictionary knows as no name but a post or a body ("Губернатор",
    "Комитет"), or, before initials, a place or an adjective ("Ташкент Ш. …", "Заречный А. …"); a
    common noun or a place may be a foreign name ("Чан", "Ван Цзянь")."""
    from extract.grammars.organizations import heads

    parses = [p for p in readings_of(word.lower()) if p.is_known]
    if not parses or any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in parses):
        return False
    return any(p.tag.POS == "NOUN" and "anim" in p.tag or heads().get(p.normal_form) not in (None, "not")
               or before_initials and ("Geox" in p.tag or p.tag.POS == "ADJF") for p in parses)


class PersonExtractor:
    """People named in one text, label "PER", normal = nominative "И.О. Фамилия" or full name."""

    def __call__(self, text: str, ner_persons: list[tuple[int, int]] = (),
                 exclude: list[tuple[int, int]] = ()) -> list[Match]:
        found: list[_Mention] = []
        for m in INITIALS_SURNAME.finditer(text):
            if self._surname_like(m.group(3)) and not is_abbreviated_settlement(m.group(1), m.group(3)):
                initials = [_initial(m.group(1))] + ([_initial(m.group(2))] if m.group(2) else [])
                found.append(_Mention(m.start(), m.end(), initials + [m.group(3)]))
        for m in SURNAME_INITIALS.finditer(text):
            readings = readings_of(m.group(1).lower())
            if not any("Surn" in p.tag for p in readings) and any(p.is_known for p in readings):
                continue  # "Российской Федерации Д.Р. …": a common noun before someone's initials
            found.append(_Mention(m.start(), m.end(), [_initial(m.group(2)), _initial(m.group(3)), m.group(1)]))
        for span in ner_persons:
            for s, e in self._pieces(text, *span):
                s = self._trimmed_start(text, s, e, exclude)
                e = self._extended_end(text, e)
                if s >= e or not self._looks_like_a_name(text[s:e], sentence_start(text, s)) or (
                        " " not in text[s:e].strip() and _after_region_noun(text, s)):
                    continue
                s = self._surname_before(text, s, e)
                words = _NAME_WORD.findall(text[s:e])
                if words:
                    found.append(_Mention(s, e, [_initial(w) if w.endswith(".") else w for w in words]))
        quoted = self._quoted(text)
        kept: list[_Mention] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            if any(a <= m.start and m.end <= b for a, b in list(exclude) + quoted):
                continue
            if NAMESAKE_BEFORE.search(text[max(0, m.start - 60):m.start]):
                continue
            if any(o.start < m.end and m.start < o.end for o in kept):
                continue
            kept.append(m)
        kept.sort(key=lambda m: m.start)
        return [match for group in self._lists(text, kept) for match in self._normalized(text, group)]

    @staticmethod
    def _lists(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
        """Names listed together ("А, Б и В"), which stand in one case."""
        groups: list[list[_Mention]] = []
        for m in mentions:
            if groups and _LIST_JOINER.match(text[groups[-1][-1].end:m.start]):
                groups[-1].append(m)
            else:
                groups.append([m])
        return groups

    @staticmethod
    def _normalized(text: str, group: list[_Mention]) -> list[Match]:
        context = context_of(text, group[0].start, group[-1].end, several=len(group) > 1)
        choices = choose([readings_for(m.words) for m in group], context)
        return [m.match(text, nominative(m.words, choice)) for m, choice in zip(group, choices)]

    @staticmethod
    def _pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
        """A natasha PER span cut where a second name starts with initials after a name that has its
        own ("Ш.М. Мирзиёевым В.П. Хоценко", "Н. Новгорода Ю. Шалабаев"); "Грей Ф. Грин" is one."""
        cuts = [s]
        for m in re.finditer(rf"[а-яё]\s+({_INITIAL})\s*\S", text[s:e]):
            if re.search(_INITIAL, text[cuts[-1]:s + m.start(1)]):  # the name before has its own initials
                cuts.append(s + m.start(1))
        cuts.append(e)
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]

    @staticmethod
    def _extended_end(text: str, e: int) -> int:
        """A natasha PER span that stops before a short capitalised part of the name that the
        dictionary does not know as a word ("Мья Тун" + "У")."""
        m = re.match(r" ([А-ЯЁ][а-яё]{0,2})(?![\w.-])", text[e:])
        if m and not any(p.is_known and p.tag.POS not in ("PREP", "CONJ", "PRCL", "INTJ")
                         for p in readings_of(m.group(1).lower())):
            return e + m.end()
        return e

    @staticmethod
    def _trimmed_start(text: str, s: int, e: int, exclude: list[tuple[int, int]]) -> int:
        """Where a natasha PER span's name starts: after an abbreviation ("СмолГУ О.В. Ковалева"),
        a place it starts with ("г. Оша Нурбек Абдыкадыров"), and capitalised words that are
        no names: a post or body ("Губернатор А.С. …", "Комитет Б.Ю. …"), a town ("Ташкент Ш. …")."""
        lead = re.match(r"(?:\w*[А-ЯЁ]\w*[А-ЯЁ]\w*\s+)+", text[s:e])
        if lead:
            s += lead.end()
        for a, b in sorted(exclude):
            if a <= s < b < e:
                s = b + len(text[b:e]) - len(text[b:e].lstrip())
        while True:
            m = re.match(r"([А-ЯЁ][а-яё]+)\s+(?=([А-ЯЁ]\.)?)", text[s:e])
            if not m or not _not_a_name(m.group(1), before_initials=bool(m.group(2))):
                return s
            s += m.end()

    @staticmethod
    def _surname_like(word: str) -> bool:
        """Not a place or an organization read after a capital letter and a dot ("Р. Беларусь")."""
        parses = readings_of(word.lower())
        return not all("Geox" in p.tag or "Orgn" in p.tag for p in parses) or any("Surn" in p.tag for p in parses)

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
    def _looks_like_a_name(span: str, initial: bool = False) -> bool:
        """A natasha PER span with an initial (but not a town written short: "Н. Новгорода"), or a
        word the dictionary knows as a name or unknown words only, or, inside a sentence, a
        capitalised word that is no place, post or plural common noun ("Карасин отметил"); not a lone
        common word or place ("Врачи", "Ельня")."""
        words = re.findall(r"[А-ЯЁ]\.|[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?", span)
        if any(w.endswith(".") for w in words):  # "Н. Новгорода" is a town, no person
            return not (len(words) == 2 and words[0].endswith(".") and is_abbreviated_settlement(*words))
        parts = [part for w in words for part in w.split("-") if part]
        readings = [readings_of(part.lower()) for part in parts]
        if any(g in p.tag for parses in readings for p in parses for g in ("Name", "Surn", "Patr")):
            return True
        if len(parts) != 1 or initial:
            return bool(parts) and not all(any(p.is_known for p in parses) for parses in readings)
        return not any(p.is_known and ("Geox" in p.tag or _is_person_noun(p) or p.tag.POS in ("ADJF", "PRTF") or (
            p.tag.number == "plur" and p.tag.POS == "NOUN" and len(parts) == 1 and p.tag.case == "nomn"))
                       for parses in readings for p in parses[:1])

    @staticmethod
    def _quoted(text: str) -> list[tuple[int, int]]:
        """Quoted titles, whose names are no person mentions («Читаем А.С. Пушкина»); a long quote is
        someone's words, where people are named as anywhere."""
        spans, end = [], -1
        for i, ch in enumerate(text):
            if i >= end and ch in QUOTES and is_open_quote(text, i):
                e = quote_end(text, i)
                if e:
                    if len(_WORD.findall(text[i:e])) <= MAX_TITLE_WORDS:
                        spans.append((i, e))
                    end = e
        return spans
