"""Whole organization mentions: legal form + quoted name, named bodies, abbreviations.

Natasha finds about a third of the organizations in report rows whole; this
extractor builds mentions from the rules in extract.grammars.organizations and uses
natasha's spans only to accept abbreviations it alone recognises. The walk is
linear in the number of tokens; pymorphy3 parses are cached per word.
"""
from __future__ import annotations

from typing import Iterable

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from extract.grammars import organizations as g
from extract.grammars.counts import is_people
from extract.geo import is_place_adjective
from extract.morph import lemma, match_case, parses as readings_of, sky_adjective
from extract.records import Match

LABEL = "ORG"
#: Cases a dependent noun phrase of a name stands in ("палаты Российской Федерации").
_GEN = "gent"
_NOT_DEPENDENT_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "ADVB", "VERB", "INFN",
                                "PRTS", "ADJS", "GRND", "COMP", "PRED"})
_SPACE = re.compile(r"\s+")
_ALIAS = re.compile(r"\s*\(([А-ЯЁA-Z]{2,}[а-яё]?)\)")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&+'.-]*|\d+")


def _known_name(word: str) -> bool:
    """The dictionary itself (not a guess from the ending) reads the word as a first name or surname."""
    return any(p.tag.animacy == "anim" and ({"Name", "Surn"} & set(p.tag.grammemes))
               and [type(m[0]).__name__ for m in p.methods_stack] == ["DictionaryAnalyzer"]
               for p in readings_of(word))


#: A Latin-script word of a name ("Caramba", "Tele2", "NEWSru.com", "on").
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&+'.-]*")


def _proper_end(word: str) -> bool:
    """An abbreviation or a Latin-script name: a word that closes the name it ends."""
    return _is_caps(word) or bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9&+'.-]*", word))


# --- words ---------------------------------------------------------------------------------


def _has(word: str, *grammemes: str) -> bool:
    return any(all(gr in p.tag for gr in grammemes) for p in readings_of(word))


def _is_dependent(word: str, case: str) -> bool:
    """A word that can stand inside a noun phrase in `case` (nouns, adjectives, participles)."""
    for p in readings_of(word.lower()):
        if p.tag.POS in _NOT_DEPENDENT_POS or p.normal_form in g.STOP_WORDS:
            return False
        if p.tag.POS in ("NOUN", "ADJF", "PRTF", "NUMR") and (case in p.tag or "Fixd" in p.tag):
            return True
    return False


def _is_caps(word: str) -> bool:
    return bool(g.ABBREVIATION.fullmatch(word))


@dataclass(frozen=True)
class Head:
    """A head noun found at a token: its class and the parses that carry the lemma."""

    cls: str
    lemma: str
    parses: tuple


@lru_cache(maxsize=100_000)
def _is_place_word(word: str) -> bool:
    """An abbreviation of a territory word ("Респ.", "обл.", "р-н"): never an organization."""
    heads = g.heads()
    low = word.lower()
    return heads.get(low) == "place" or any(heads.get(p.normal_form) == "place" for p in readings_of(low))


@lru_cache(maxsize=10_000)
def _region_nickname(word: str) -> bool:
    from extract.geo import region_by_nickname

    return region_by_nickname(word) is not None


@lru_cache(maxsize=100_000)
def _is_region_word(word: str) -> bool:
    """"аймака", "области", "провинции": the head of a region's name, never an organization's."""
    from extract.extractors.settlements import APPOSITION_REGIONS
    from extract.geo import region_words

    low = word.lower()
    return any(p.normal_form in APPOSITION_REGIONS or region_words().get(p.normal_form) for p in readings_of(low))


@lru_cache(maxsize=100_000)
def _head(word: str) -> Head | None:
    heads = g.heads()
    low = word.lower()
    if _is_place_word(word) or g.legal_forms().get(word) == "type":
        return None  # an institution type ("АЭС", "РДК") names one only as legal() reads it
    if word[:1].isupper() and heads.get(low) in ("abbr", "group"):
        return Head(heads[low], low, readings_of(low))
    noun = tuple(p for p in readings_of(low) if p.tag.POS == "NOUN" and p.normal_form in heads)
    if noun:
        cls = heads[noun[0].normal_form]
        if cls in ("abbr", "group") and not word[:1].isupper():
            return None
        return Head(cls, noun[0].normal_form, noun)
    if word[:1].isupper() and any("Orgn" in p.tag for p in readings_of(low)):
        return Head("abbr", low, readings_of(low))
    return None


def _plural_head(word: str | None) -> bool:
    """A head noun that can only be plural here ("палат", "бирж"): a kind, not one body."""
    h = _head(word) if word else None
    return bool(h) and h.cls != "not" and all(p.tag.number == "plur" for p in h.parses)


def _agrees(adj, noun) -> bool:
    tag, ntag = adj.tag, noun.tag
    if tag.case != ntag.case and not ("Fixd" in ntag):
        return False
    if tag.number != ntag.number:
        return False
    return tag.number == "plur" or tag.gender is None or ntag.gender in (None, tag.gender) or "ms-f" in ntag


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --- text ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence (its capital says nothing)

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper() and not self.initial


def _tokens(text: str) -> list[Token]:
    out: list[Token] = []
    initial = True
    for m in g.TOKEN.finditer(text):
        word = m.group()
        gap = text[out[-1].end:m.start()] if out else ""
        if out and "\n" in gap and out[-1].text not in ",(«„-–—" and not out[-1].text.islower():
            initial = True
        out.append(Token(m.start(), m.end(), word, initial and word[:1].isalpha()))
        if word[:1].isalpha():
            initial = False
        elif word in ".!?" and not (out[-2:-1] and len(out[-2].text) == 1 and out[-2].text.isalpha()):
            initial = True  # a dot after one letter is an initial or "г.", not a sentence end
        elif word in ",;":
            initial = False  # "(11 чел.), Гомельского …": no sentence starts after a comma
    return out


@dataclass
class Tail:
    """What follows a head: how far it goes and what makes the phrase a name."""

    end: int                      # token index just after the tail
    proper: bool = False          # a capitalised word, abbreviation or quoted name
    quoted: bool = False
    named: bool = False           # "№ N", "им. …"
    org: bool = False             # a named organization inside (the parent of a unit)
    first_lower: bool | None = None


class _Text:
    """One text with its tokens, quoted spans and the walks over them."""

    def __init__(self, text: str, places: Iterable[tuple[int, int]] = (),
                 persons: Iterable[tuple[int, int]] = ()) -> None:
        self.text = text
        self.places = {start: end for start, end in places}  # known places, by start offset
        # where natasha's person names start: of two words or more, or one the dictionary knows as a
        # name (a one-word PER it does not know is as often a contracted body: "Мингорисполкома")
        self.persons = {start for start, end in persons
                        if " " in text[start:end].strip() or _known_name(text[start:end].strip())}
        self.toks = _tokens(text)
        self.starts = [t.start for t in self.toks]
        self.quotes = self._quoted_spans()
        self.events = self._event_quotes()

    # token ↔ offset
    def at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self.starts, offset)

    def _quoted_spans(self) -> list[tuple[int, int]]:
        spans = []
        end = -1
        for i, ch in enumerate(self.text):
            if i >= end and ch in g.QUOTES and g.is_open_quote(self.text, i):
                e = g.quote_end(self.text, i)
                if e:
                    spans.append((i, e))
                    end = e
        return spans

    def _event_quotes(self) -> set[tuple[int, int]]:
        """Quoted names of events, programmes, awards: a `not` head governs them.

        Walk back from the quote over list punctuation, other quotes, genitive words and
        institution-type abbreviations ("Концерт коллективов Краснинского РДК «…»") to the
        governing noun; a legal form or preposition on the way means the quote is a name.
        A collective noun governs an event's title too, unless it is singular and followed
        by the quote directly or over lower-case genitives only ("ансамбль народной песни
        «…»"): then the quote is the collective's own name.
        """
        out = set()
        for q in self.quotes:
            k = self.at(q[0]) - 1
            steps = 0
            direct = True  # only lower-case genitive words so far between the quote and k
            while k >= 0 and steps < 12:
                t = self.toks[k]
                steps += 1
                inner = self.quote_at(t.start)
                if inner:
                    k, direct = self.at(inner[0]) - 1, False
                    continue
                if t.text == "и" and direct and self.word(k - 1) and self.toks[k - 1].text.islower() \
                        and _is_dependent(self.toks[k - 1].text, _GEN):
                    k -= 1  # "ансамбль песни и танца «…»": genitives joined by "и" still lead to the noun
                    continue
                if t.text in (",", ":", "и", "–", "-", "—") or t.text in g.QUOTES:
                    k, direct = k - 1, False
                    continue
                if not t.is_word:
                    break
                low = t.text.lower()
                kinds = [(g.heads().get(p.normal_form), p) for p in readings_of(low)]
                if any(cls == "not" for cls, _ in kinds):
                    out.add(q)
                    break
                if any(cls == "collective" for cls, _ in kinds):
                    own_name = direct and any(cls == "collective" and p.tag.number == "sing" for cls, p in kinds)
                    if not own_name:
                        out.add(q)
                    break
                form = g.legal_forms().get(t.text)
                if form == "type" or (form is None and _is_dependent(t.text, _GEN) and not _head(t.text)):
                    direct = direct and form is None and t.text[:1].islower()
                    k -= 1
                    continue
                break
        return out

    def dep(self, k: int, case: str) -> bool:
        """Token k can continue a noun phrase in `case` (or is an abbreviation, or the
        nominative name after "Республики": "Республики Беларусь")."""
        w = self.word(k)
        if not w or self.person_at(k):
            return False  # a person named after the body ("СмолГУ О.В. …" starts with the university)
        if w[:1].isupper() and (_is_caps(w) or (k > 0 and self.toks[k - 1].text.lower().startswith(g.APPOSITION_HEADS))):
            return True
        if w[:1].isupper() and self._in_apposed_place(k):
            return True
        if w[:1].isupper() and case == _GEN and _region_nickname(w):
            return True  # "ГИМС Приамурья", "Минкультуры Смоленщины"
        return _is_dependent(w, case)

    def _in_apposed_place(self, k: int) -> bool:
        """Token k closes a known place of several words that starts with an apposition noun
        ("Республики Южная Осетия"): the whole name belongs to the phrase, undeclined."""
        for h in range(max(0, k - 3), k):
            end = self.places.get(self.toks[h].start)
            if end is not None and self.toks[k].end <= end and self.toks[h].text.lower().startswith(
                    g.APPOSITION_HEADS):
                return True
        return False

    def names_territory(self, k: int) -> bool:
        """Token k is a territory abbreviation ("МО") with no organization's name after it."""
        if self.toks[k].text not in g.TERRITORY_ABBREVIATIONS:
            return False
        nxt = self.word(k + 1)
        return not (nxt and (_is_caps(nxt) or _head(nxt)))

    def quote_at(self, offset: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(self.quotes, (offset, len(self.text) + 1)) - 1
        if k >= 0 and self.quotes[k][0] <= offset < self.quotes[k][1]:
            return self.quotes[k]
        return None

    def word(self, i: int) -> str | None:
        return self.toks[i].text if i < len(self.toks) and self.toks[i].is_word else None

    # pieces of a name
    def legal(self, i: int, tail: bool = True) -> tuple[int, int, Tail] | None:
        """A legal form at token i with the name it introduces: (start token, end token, tail)."""
        m = g.legal_form_re().match(self.text, self.toks[i].start)
        if not m:
            return None
        kind = g.legal_forms()[_fold(m.group())]
        j = self.at(m.end())
        start = i
        has_name = quoted = False
        if j < len(self.toks) and g.is_open_quote(self.text, self.toks[j].start) and not (
                kind == "type" and self.quote_at(self.toks[j].start) in self.events):
            e = g.quote_end(self.text, self.toks[j].start)
            if e is None:
                return None
            j = self.at(e)
            has_name = quoted = True
        elif kind == "quoted":
            return None  # "УК «…»" is an institution; "УК РФ" a code of law
        else:
            w = self.word(j)
            typed = self.institution_type(j) if kind == "legal" and w and w[:1].islower() else None
            if typed:
                # "МБДОУ детского сада № 9 «Солнышко»": the type in words, then its number or name
                j, quoted = typed
                has_name = True
            elif kind == "legal" and w and (_is_caps(w) or (w[:1].isupper() and (
                    _has(w.lower(), "NOUN") and not _has(w.lower(), "Geox")))):
                # "МБУДО СШОР № 2", "ПАО Сбербанк": a legal form before an unquoted name
                j += 1
                has_name = True
            j, named = self.numbered(j)
            has_name = has_name or named
            if kind == "type" and not named:
                k = i
                while k > 0 and self.word(k - 1) and self.toks[k - 1].capital and _has(
                        self.toks[k - 1].text.lower(), "ADJF"):
                    k -= 1
                if k == i:
                    return None
                start, has_name = k, True
        if not has_name:
            return None
        # the guide: a trailing settlement is cut after a closing quote, kept after an unquoted name
        info = self.tail(j, settlement=not quoted, unit=False, after_quote=quoted) if tail else Tail(j)
        info.quoted = info.proper = True
        return start, info.end, info

    def institution_type(self, j: int) -> tuple[int, bool] | None:
        """A lower-case institution type after a legal form, with the number or quoted name
        that makes it one institution: "детского сада № 9 «Солнышко»", "средней школы № 2".
        Returns (end token, whether it ends in a quoted name)."""
        k = j
        while k - j < 3 and self.word(k) and self.toks[k].text.islower() and not _head(self.toks[k].text) and _has(
                self.toks[k].text, "ADJF"):
            k += 1
        w = self.word(k)
        head = _head(w) if w and w.islower() else None
        if not head or head.cls not in ("inst", "house", "quoted", "collective") or not any(
                p.tag.number == "sing" for p in head.parses):
            return None
        k, named = self.numbered(k + 1)
        if k < len(self.toks) and g.is_open_quote(self.text, self.toks[k].start):
            e = g.quote_end(self.text, self.toks[k].start)
            if e and (self.toks[k].start, e) not in self.events:
                return self.at(e), True
        return (k, False) if named else None

    def numbered(self, j: int) -> tuple[int, bool]:
        """Skip "№ N" and "им. И.О. Фамилия" after a name; say whether any was there."""
        named = False
        while j < len(self.toks):
            m = g.NUMBER.match(self.text, self.toks[j].start) or (
                self.toks[j].text in ("им", "имени") and g.NAMESAKE.match(self.text, self.toks[j].start))
            if not m:
                break
            j, named = self.at(m.end()), True
        return j, named

    def run(self, j: int, case: str, *, lower: bool | None = None, heads: bool = True,
            plural_heads: bool = False) -> int:
        """Words after token j that form a noun phrase in `case`; stop before commas.
        With heads=False a head noun in the phrase rejects it (it starts a new name), except a
        plural-only one when plural_heads is set ("палат и товарных бирж")."""
        k = j
        while k < len(self.toks):
            w = self.word(k)
            if not w or not self.dep(k, case):
                break
            if g.settlement_tail_re().match(self.text, self.toks[k].start) or g.legal_form_re().match(
                    self.text, self.toks[k].start):
                break
            if lower is not None and k == j and w[:1].islower() != lower:
                break
            if not heads and _head(w) and _head(w).cls not in ("not",) and not (
                    plural_heads and _plural_head(w)):
                if any(self.toks[x].text[:1].isupper() for x in range(j + 1, k)):
                    k += 1  # "… и туризма Гомельского облисполкома": the named parent of the list
                    continue
                return j
            k += 1
        return k

    def tail(self, i: int, *, settlement: bool, unit: bool, after_quote: bool = False,
             closed: bool = False, topical: bool = False, remit: bool = True) -> Tail:
        """Dependents of a name from token i: genitives, "по …", "при …", quotes, parents.
        `closed`: a capitalised modifier already names the body ("Ошмянского райисполкома");
        `topical`: the head is a body set up for a topic, whose "по вопросам …" is its remit;
        `remit`: False for a general body, after which "по …" never belongs to the name."""
        info = Tail(i)
        j = i
        n = len(self.toks)
        while j < n:
            t = self.toks[j]
            low = t.text.lower()
            if j > 0 and "\n\n" in self.text[self.toks[j - 1].end:t.start]:
                break  # a blank line ends every name: a headline is not the next line's subject
            k, named = self.numbered(j)
            if named:
                j, info.named = k, True
                continue
            if g.PERSON_INITIALS.match(self.text, t.start):
                break
            if j == i and i > 0 and self.toks[i - 1].capital and self.brand(j):
                j += 1  # "Фондом Росконгресс", "Банк ВТБ": the body's own name in apposition
                info.proper = True
                continue
            if low == "между" and topical:
                k = self.run(j + 1, "ablt")
                if k > j + 1 and k < n and self.toks[k].text == "и":
                    e = self.run(k + 1, "ablt")
                    if e > k + 1:  # "комиссии … между Российской Федерацией и Республикой Узбекистан"
                        j = e
                        continue
                break
            if g.is_open_quote(self.text, t.start):
                e = g.quote_end(self.text, t.start)
                if e is None or (t.start, e) in self.events:
                    break
                j = self.at(e)
                info.quoted = info.proper = True
                after_quote = True
                continue
            legal = self.legal(j, tail=False) if t.text[:1].isupper() else None
            if legal and legal[0] <= j < legal[1]:
                j = legal[1]
                info.proper = info.org = True
                # "филиала ФГБОУ ВО «…» в г. Смоленске": after the parent's quoted name the town goes
                after_quote = after_quote or self.toks[j - 1].text in g.QUOTES
                continue
            place = g.settlement_tail_re().match(self.text, t.start)
            if place:
                if not settlement or after_quote:
                    break
                j = self.at(place.end())
                info.proper = True
                continue
            if low == g.BY:
                if not self.remit_at(i, j, after_quote=after_quote, closed=closed, topical=topical, remit=remit):
                    break
                k = self.by_phrase(j + 1)
                if k == j + 1:
                    break
                j = k
                continue
            if low == g.AT and self.word(j + 1) and (self.toks[j + 1].text[:1].isupper() or _head(self.word(j + 1))):
                k = self.run(j + 2, _GEN) if _is_dependent(self.word(j + 1), "loct") else j + 1
                if k == j + 1:
                    break
                info.proper = True
                j = k
                continue
            if low == g.IN and not after_quote and j + 1 < n:
                # "в г. Смоленске", "в Республике Сербия": where the body sits (locative), not
                # where it went ("в Смоленскую область")
                place = g.settlement_tail_re().match(self.text, self.toks[j + 1].start)
                end = place.end() if place else self.places.get(self.toks[j + 1].start)
                if end is None or not (place or _is_dependent(self.toks[j + 1].text, "loct")):
                    break
                j = self.at(end)
                break  # where it sits closes the name: "… в Белграде и Матицы сербской", "… в РФ Гасанов"
            if low == "и" and j > i and self.word(j + 1) == g.BY and not after_quote:
                k = self.by_phrase(j + 2)  # "отдел идеологической работы и по делам молодежи …"
                if k == j + 2:
                    break
                j = k
                continue
            if low == "и" and j > i:
                before = self.toks[j - 1].text
                k = self.run(j + 1, _GEN, lower=before[:1].islower(), heads=False)
                if self.modifies_next_noun(j + 1, k):
                    break  # "… и Центральной городской библиотекой": adjectives of another name's head
                if k == j + 1 or not before[:1].isalpha():
                    k = self.coordination(i, j)
                    if k == j:
                        break
                j = k
                continue
            if low == "," and j > i and not after_quote:
                k = self.coordination(i, j)
                if k == j:
                    k = self.field_list(j)
                if k == j:
                    break
                j = k
                continue
            if self.dep(j, _GEN):
                if info.first_lower is None:
                    info.first_lower = t.text[:1].islower()
                proper = j > 0 and _proper_end(self.toks[j - 1].text)
                if after_quote or proper:
                    # after a quoted name only a region, district or parent body goes on; after an
                    # abbreviation or a Latin name ("EMC", "РБК") only a capitalised one ("МИД России"),
                    # not the words after it ("EMC активов", "РБК президента «Сколково»")
                    k = self.run(j, _GEN)
                    ends_in_quote = k < n and g.is_open_quote(self.text, self.toks[k].start)
                    if not ends_in_quote and not any(self.toks[x].text[:1].isupper() for x in range(j, k)):
                        break
                    if proper and not t.text[:1].isupper():
                        break
                    j = max(k, j + 1)
                    continue
                j += 1
                continue
            break
        info.end = j
        for k in range(i, j):
            w = self.word(k)
            if w and w[:1].isupper() and not self.toks[k].initial:
                info.proper = True
                h = _head(w)
                if h and h.cls != "not" or _is_caps(w) and not any("Geox" in p.tag for p in readings_of(w.lower())):
                    info.org = True
        return info

    def remit_at(self, i: int, j: int, *, after_quote: bool, closed: bool, topical: bool, remit: bool) -> bool:
        """Does "по …" at token j belong to the name that starts its tail at i (its remit)?

        Never after a quoted name or a general body; after a name already closed by a capital,
        not when it names a topic ("… Беларусь по вопросам поставок"), unless the body is one
        set up for topics ("комиссии … Думы по вопросам бюджета").
        """
        if after_quote or not remit:
            return False
        named = closed or (j > i and self.toks[j - 1].text[:1].isupper())
        return topical or not named or not self.topic_follows(j)

    def modifies_next_noun(self, j: int, k: int) -> bool:
        """The run of tokens j…k-1 ends in an adjective that goes with the noun at k."""
        last, nxt = self.toks[k - 1].text if k > j else None, self.word(k)
        return bool(last and nxt) and readings_of(last.lower())[0].tag.POS != "NOUN" and not _is_caps(last) \
            and readings_of(nxt.lower())[0].tag.POS == "NOUN"

    def topic_follows(self, j: int) -> bool:
        """"по вопросам …", "по итогам …" at token j: what was discussed, not a remit."""
        w = self.word(j + 1)
        return bool(w) and any(r.normal_form in g.TOPIC_WORDS for r in readings_of(w.lower()))

    def coordination(self, i: int, j: int) -> int:
        """Lower-case genitives joined by commas and "и" inside one name, from the separator
        at token j: "Министерства культуры, информации, спорта и молодежной политики Кыргызской
        Республики", "Союза палат и товарных бирж Турции". The list must continue a lower-case
        run (tokens i…j) and end in "и" and a capitalised dependent that all items share;
        an item may hold a head noun only when plural and after a plural head ("палат и бирж").
        Returns the end of the list, or j when there is none."""
        if not all(self.word(k) and self.toks[k].text.islower() for k in range(i, j)):
            return j
        parallel = _plural_head(self.word(j - 1))
        k = j
        while k < len(self.toks) and self.toks[k].text in (",", "и"):
            last = self.toks[k].text == "и"
            e = self.run(k + 1, _GEN, lower=True, heads=False, plural_heads=parallel)
            if e == k + 1:
                return j
            proper = any(self.toks[x].text[:1].isupper() for x in range(k + 1, e))
            k = e
            if last:
                return k if proper else j
            if proper:
                return j  # a capitalised dependent before the last item: not one shared list
        return j

    def brand(self, k: int) -> bool:
        """Token k is a capitalised name the dictionary does not know, or a Latin one, standing undeclined
        after its head ("Росконгресс", "ВТБ")."""
        w = self.word(k)
        return bool(w) and w[:1].isupper() and not self.toks[k].initial and not self.person_at(k) and (
            _LATIN.fullmatch(w) is not None or not any(p.is_known for p in readings_of(w.lower())))

    def latin_name(self, i: int) -> tuple[int, int] | None:
        """The Latin-script name token i is part of (tokens start…end-1): words written one after
        another on one line, "&" between two of them, the first one capitalised ("Caramba TV",
        "Tele2 AB", "Mail on Sunday", "Steen & Hamilton LLP"); None when token i is no Latin word."""
        def gap(a: int, b: int) -> str:
            return self.text[self.toks[min(a, b)].end:self.toks[max(a, b)].start]

        def letters(k: int) -> bool:
            return 0 <= k < len(self.toks) and _LATIN_WORD.fullmatch(self.toks[k].text) is not None

        def latin(k: int) -> bool:
            """Token k is a Latin word, or digits glued to one ("Tele2")."""
            return letters(k) or 0 <= k < len(self.toks) and self.toks[k].text.isdigit() and (
                letters(k - 1) and gap(k - 1, k) == "" or letters(k + 1) and gap(k, k + 1) == "")

        def step(k: int, d: int) -> int:
            """How far the name goes on from token k in direction d (0 when it does not)."""
            if latin(k + d) and gap(k, k + d) in (" ", ""):
                return d
            if 0 <= k + d < len(self.toks) and self.toks[k + d].text == "&" and latin(k + 2 * d) \
                    and gap(k, k + d) == gap(k + d, k + 2 * d) == " ":
                return 2 * d
            return 0

        if not latin(i):
            return None
        start, end = i, i
        while (d := step(start, -1)) and not self.toks[start + d].text[:1].islower():
            start += d
        while d := step(end, 1):
            end += d
        while start < end and not self.toks[start].text[:1].isupper():
            start += 1
        return (start, end + 1) if self.toks[start].text[:1].isupper() else None

    def person_at(self, k: int) -> bool:
        """A person's name (natasha's) starts at token k: a body's name never runs on into it."""
        return self.toks[k].start in self.persons and self.toks[k].text.istitle()

    def field_list(self, j: int) -> int:
        """", мира и развития" after "комитета дружбы": lower-case singular genitive nouns listed by a
        comma and "и" after one (no places, no people), the rest of a name's field; else j."""
        before = self.word(j - 1)
        if not before or not before.islower() or not self._field_noun(before):
            return j
        k = j
        while k < len(self.toks) and self.toks[k].text in (",", "и"):
            last = self.toks[k].text == "и"
            w = self.word(k + 1)
            if not w or not w.islower() or not self._field_noun(w):
                return j
            k += 2
            if last:
                return k
        return j

    @staticmethod
    def _field_noun(word: str) -> bool:
        parses = readings_of(word)
        return any(p.tag.POS == "NOUN" and "inan" in p.tag and p.tag.case == _GEN and p.tag.number == "sing"
                   for p in parses) and not _is_region_word(word) and not _head(word)

    def by_phrase(self, j: int) -> int:
        """"по делам молодежи и гражданско-патриотическому воспитанию", "по молодежной политике, спорту"."""
        w = self.word(j)
        if not w or not _is_dependent(w, "datv"):
            return j
        k = j
        while k < len(self.toks):
            w = self.word(k)
            if g.PERSON_INITIALS.match(self.text, self.toks[k].start) or self.person_at(k):
                break  # "… по культуре Н.Ю. Борисовой", "… по международным делам Леонид Слуцкий"
            if w and (_is_dependent(w, "datv") or _is_dependent(w, _GEN)) and not g.settlement_tail_re().match(
                    self.text, self.toks[k].start):
                k += 1
                continue
            nxt = self.word(k + 1)
            if self.toks[k].text in (",", "и") and nxt and nxt[:1].islower() and _is_dependent(nxt, "datv"):
                k += 1
                continue
            if self.toks[k].text == "и" and nxt and nxt[:1].islower() and _is_dependent(nxt, "datv"):
                k += 1  # "по делам молодежи и гражданско-патриотическому воспитанию"; a capital starts a new name
                continue
            break
        return k


# --- the extractor -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Candidate:
    start: int  # token indices
    end: int
    normal: str | None
    rule: str


class OrganizationExtractor:
    """Whole organization mentions in one text, label "ORG"."""

    def __call__(self, text: str, ner_orgs: list[tuple[int, int]] = (),
                 places: list[tuple[int, int]] = (), persons: list[tuple[int, int]] = ()) -> list[Match]:
        """`places`: offsets of countries, regions and settlements already found in `text`,
        so "Посольство России в Республике Сербия" keeps its "в …" (the guide: an unquoted
        name keeps the place that completes it); `persons`: natasha's PER spans, where a
        name does not run on ("… Администрации Смоленской области Семеновой Ольге …")."""
        doc = _Text(text, places, persons)
        cands: list[_Candidate] = []
        events = doc.events
        for i, tok in enumerate(doc.toks):
            if not tok.is_word:
                continue
            legal = doc.legal(i)
            if legal:
                cands.append(_Candidate(legal[0], legal[1], None, "legal"))
            elif _is_caps(tok.text) and tok.text not in g.legal_forms():
                j, named = doc.numbered(i + 1)
                if named:  # "СДГО им. Ю.А. Гагарина", "ЦДТ № 2": an abbreviation with a number or namesake
                    cands.append(_Candidate(i, j, None, "abbr"))
            head = _head(tok.text)
            if head and head.cls != "not":
                cand = self._head_phrase(doc, i, head)
                if cand:
                    cands.append(cand)
        cands += self._standalone_quotes(doc, events)
        chosen = self._resolve(doc, cands, events)
        chosen += self._aliases(doc, chosen)
        chosen += self._from_ner(doc, ner_orgs, chosen)
        chosen = self._resolve(doc, chosen, events)
        return [self._match(doc, c) for c in sorted(chosen, key=lambda c: c.start)]

    # rules
    def _head_phrase(self, doc: _Text, i: int, head: Head) -> _Candidate | None:
        toks = doc.toks
        if head.cls in ("abbr", "group"):
            if self._members_label(doc, i):
                return None  # "стран СНГ", "государств ШОС": the members, not the body
            start, end = doc.latin_name(i) or (i, i + 1)  # "Caramba TV", "Tele2 AB": a Latin name is whole
            while start > 0 and doc.word(start - 1) and toks[start - 1].text[:1].isupper() and _has(
                    toks[start - 1].text.lower(), "ADJF"):
                start -= 1
            info = doc.tail(end, settlement=False, unit=False)
            return _Candidate(start, max(info.end, end), self._nominative(doc, start, i, None), "abbr")
        # modifiers agreeing with the head, and the head's reading they agree on
        readings = list(head.parses)
        start = i
        while start > 0 and i - start < 6:
            w = doc.word(start - 1)
            if not w:
                break
            adj = [p for p in readings_of(w.lower()) if p.tag.POS in ("ADJF", "PRTF") or (
                w[:1].isupper() and "Surn" in p.tag and sky_adjective(w))]
            if any(a.tag.POS == "PRTF" for a in adj) and is_people(w):
                break  # "учащиеся Академии …": a participle standing for people is a noun
            agreeing = [n for n in readings if any(_agrees(a, n) for a in adj)]
            if not agreeing:
                break
            readings = agreeing
            start -= 1
        if all(p.tag.number == "plur" for p in readings):
            return None
        readings = [p for p in readings if p.tag.number != "plur"]
        if head.lemma == "управление" and i > 0 and toks[i - 1].text.lower() == "под":
            return None  # "под управлением народного артиста …": conducted by, no body
        if self._states_members(doc, start):
            return None
        if doc.quote_at(toks[start].start):
            return None  # a word inside a quoted name: the quote is judged whole
        if toks[i].capital:  # "региональном Министерстве …": a lower-case word before a capital is no part of the name
            start = next((k for k in range(start, i + 1) if toks[k].text[:1].isupper()), i)
        capital = any(toks[k].capital for k in range(start, i + 1))
        info = doc.tail(i + 1, settlement=True, unit=head.lemma in g.UNIT_HEADS,
                        closed=capital and start < i, topical=head.lemma in g.TOPICAL_HEADS,
                        remit=head.lemma not in g.remitless_heads())
        mods = i - start
        if mods == 0 and toks[i].initial and head.lemma in g.activity_heads() and not (
                info.quoted or info.named or (doc.word(i + 1) and toks[i + 1].text[:1].isupper())):
            return None  # "Организация коллективной экспозиции …": the activity, not a body
        if head.cls in ("body", "assembly") and toks[i].capital and mods == 0 and (
                self._has_remit(doc, i, info.end) or self._region_own(doc, i, info.end)
                or self._own_field(doc, i, info.end)):
            named = True  # "Комитета по внешним связям", "Правительства края": a capital names the body
        elif head.cls == "body":
            named = info.proper or info.org or (capital and mods > 0)
        elif head.cls == "assembly":
            named = capital and (info.proper or mods > 0)
        elif head.cls == "tailed":  # "Федерация профсоюзов Беларуси"; "Российской Федерации в Республике …" is a state
            named = info.end > i + 1 and (info.proper or capital) and doc.dep(i + 1, _GEN)
        elif head.cls == "inst":
            described = 0  # lower-case genitives right after the head: "центром физкультурно-оздоровительной работы"
            while doc.word(i + 1 + described) and toks[i + 1 + described].text.islower() and _is_dependent(
                    toks[i + 1 + described].text, _GEN) and i + 1 + described < info.end:
                described += 1
            named = info.quoted or info.named or info.org or capital or (
                toks[start].initial and (mods >= 2 or info.proper)) or (
                mods >= 1 and described >= 2)  # "районным центром физкультурно-оздоровительной работы"
        elif head.cls == "collective":
            # its quote was kept a name by _event_quotes; "Национального академического … хора"
            named = info.quoted or (capital and mods > 0)
        elif head.cls == "quoted":
            named = info.quoted
        elif head.cls == "media":  # "газеты «Петербургский дневник»", "телеканала AIST Global"
            latin = doc.latin_name(i + 1)
            if latin and not info.quoted:
                info.end = latin[1]
            named = info.quoted or bool(latin) or (capital and (mods > 0 or info.proper))
        elif head.cls == "house":
            named = info.quoted or (info.first_lower is True and (capital or info.named)) or (
                mods > 0 and any(toks[k].capital for k in range(start, i)) and info.end > i + 1)
        else:
            named = False
        if not named:
            return None
        if info.quoted or doc.latin_name(i + 1):
            while start < i and toks[start].text.islower() and is_place_adjective(toks[start].text):
                start += 1  # "петербургской компанией «Возрождение»": where it is from, not its name
        return _Candidate(start, info.end, self._nominative(doc, start, i, readings), "head")

    @staticmethod
    def _region_own(doc: _Text, i: int, end: int) -> bool:
        """A body a region has one of, then a region word: "Правительства края", "Думы города" (the
        report's own region's; "Администрации района" may be any district's)."""
        w = doc.word(i + 1)
        return i + 1 < end and bool(w) and w.islower() and any(
            p.normal_form in g.REGION_ONE_BODIES for p in readings_of(doc.toks[i].text.lower())) and (
            _is_region_word(w) or any(p.normal_form == "город" for p in readings_of(w)))

    @staticmethod
    def _own_field(doc: _Text, i: int, end: int) -> bool:
        """A capitalised body with lower-case genitives of its field ("Министерстве планирования и
        развития", "Министерства культуры"), not of a place ("Администрации района")."""
        w = doc.word(i + 1)
        return i + 1 < end and bool(w) and w.islower() and not _is_region_word(w) and not any(
            p.normal_form in ("город", "район", "поселение", "округ") for p in readings_of(w)) and any(
            p.tag.POS == "NOUN" and "inan" in p.tag for p in readings_of(w)) and _head(doc.toks[i].text).lemma in g.FIELD_BODIES

    @staticmethod
    def _has_remit(doc: _Text, i: int, end: int) -> bool:
        """A "по …" right after the head at token i, within the name ("Комитета по внешним связям")."""
        return i + 2 < end and doc.toks[i + 1].text.lower() == g.BY

    @staticmethod
    def _members_label(doc: _Text, i: int) -> bool:
        """"страны СНГ", "стран СНГ и ЕАЭС": alliances named as a label for their members."""
        k = i - 1
        while k >= 0 and (doc.toks[k].text in (",", "и") or (doc.word(k) and _head(doc.word(k)) and
                                                            _head(doc.word(k)).cls == "group")):
            k -= 1
        w = doc.word(k) if k >= 0 else None
        return bool(w) and any(p.normal_form in g.MEMBERS_LABEL for p in readings_of(w.lower()))

    @staticmethod
    def _states_members(doc: _Text, start: int) -> bool:
        """"государств – членов Евразийского экономического союза": an alliance as its member states."""
        k = start - 1
        if k < 0 or not doc.word(k) or not any(p.normal_form == "член" for p in readings_of(doc.toks[k].text.lower())):
            return False
        k -= 1
        while k >= 0 and doc.toks[k].text in ("–", "—", "-"):
            k -= 1
        w = doc.word(k) if k >= 0 else None
        return bool(w) and any(p.normal_form in ("государство", "страна") for p in readings_of(w.lower()))

    def _standalone_quotes(self, doc: _Text, events: set[tuple[int, int]]) -> list[_Candidate]:
        """«Русского дома», «Клуба золотого возраста»: a quoted name that starts with a head noun."""
        out = []
        for q in doc.quotes:
            if q in events or ":" in doc.text[q[0]:q[1]]:
                continue  # «Союз новых технологий: создавая …»: a title
            i = doc.at(q[0] + 1)
            while doc.word(i) and not _head(doc.word(i)) and _has(doc.word(i).lower(), "ADJF") and i < doc.at(q[1]):
                i += 1  # «Русского дома»: the head after its adjectives
            w = doc.word(i)
            head = _head(w) if w and i < doc.at(q[1]) else None
            if head and head.cls in ("inst", "body", "house", "quoted", "media") and any(
                    p.tag.number == "sing" for p in head.parses):
                out.append(_Candidate(doc.at(q[0]), doc.at(q[1]), None, "quote"))
        return out

    def _aliases(self, doc: _Text, chosen: list[_Candidate]) -> list[_Candidate]:
        """"… Академии профессионального образования (АПО)" makes later "Смоленской АПО" a name."""
        names = set()
        for c in chosen:
            m = _ALIAS.match(doc.text, doc.toks[c.end - 1].end)
            if m:
                names.add(m.group(1))
        if not names:
            return []
        out = []
        for i, t in enumerate(doc.toks):
            if t.text in names and not (i > 0 and doc.toks[i - 1].text == "("):
                out.append(self._head_phrase(doc, i, Head("abbr", t.text.lower(), ())))
        return [c for c in out if c]

    def _from_ner(self, doc: _Text, spans, chosen: list[_Candidate]) -> list[_Candidate]:
        """Natasha's ORG spans that no rule covered: an abbreviation among them is read by the rules;
        any other span is an organization unless a rule says why not (`_ner_mention`)."""
        taken = [(doc.toks[c.start].start, doc.toks[c.end - 1].end) for c in chosen]
        out = []
        for s, e in spans:
            if any(a < e and s < b for a, b in taken):
                continue
            cand = self._ner_abbreviation(doc, s, e) or self._ner_mention(doc, doc.at(s), doc.at(e))
            if cand:
                out.append(cand)
        return out

    def _ner_abbreviation(self, doc: _Text, s: int, e: int) -> _Candidate | None:
        for i in range(doc.at(s), doc.at(e)):
            w = doc.word(i)
            if not w or not _is_caps(w) or w.replace(" ", "") in g.legal_forms():
                continue
            if _is_place_word(w) or any("Geox" in p.tag for p in readings_of(w.lower())) \
                    or doc.names_territory(i) or g.heads().get(w.lower()) == "not":
                continue
            return self._head_phrase(doc, i, Head("abbr", w.lower(), ()))
        return None

    def _ner_mention(self, doc: _Text, i: int, j: int) -> _Candidate | None:
        """A natasha ORG span (tokens i…j-1) with the rules' boundaries: posts before it left out
        ("Председателя Заксобрания"), a quoted name taken whole with the kind word before it, the
        name's genitive dependents after it ("Медиакорпорации Китая"). It names what no rule
        covers — foreign bodies ("Хурала", "Политбюро"), contracted names ("Мингорисполкома"),
        companies and brands — so a span holding a head noun, legal form or territory word the
        rules know is theirs to judge; none either when it is a place, an event of a year, a
        post, or a lone common word that starts a sentence ("Делегация", "Совета")."""
        while i < j and doc.word(i) and self._is_post(doc, i, j):
            i += 1
        bracket = next((k for k in range(i, j) if doc.toks[k].text == "("), None)
        if bracket is not None:
            j = bracket  # "Медиакорпорации Китая (China Media Group)": the bracket is another name of it
        if i >= j or not any(doc.word(k) for k in range(i, j)):
            return None
        quoted = False
        q = doc.quote_at(doc.toks[i].start)
        if q and doc.at(q[0]) + 1 < i:
            q = None  # inside someone's quoted words, the span stands for itself
        if q and doc.toks[j - 1].end <= q[1]:
            if q in doc.events:
                return None
            i, j, quoted = doc.at(q[0]), doc.at(q[1]), True
            kind = doc.word(i - 1) if i > 0 else None
            if kind and kind.islower() and _head(kind) and _head(kind).cls != "not":
                if _plural_head(kind):
                    return None  # "центров «Точка роста»": a kind of many, its label quoted
                i -= 1  # "газеты «Петербургский дневник»", "компанией «Возрождение»"
        s, e = doc.toks[i].start, doc.toks[j - 1].end
        if any(a <= s and e <= b for a, b in doc.places.items()):
            return None  # a country, region or town
        words = [doc.toks[k].text for k in range(i, j) if doc.toks[k].is_word]
        if any(_head(w) or g.legal_forms().get(w) or _is_place_word(w) or w in g.TERRITORY_ABBREVIATIONS
               or g.heads().get(w.lower()) == "not" or _is_region_word(w) for w in words) and not quoted:
            return None  # the rules know these words and did not make a name of them: they decide
        if quoted and not (i < doc.at(q[0])) and any(
                w.lstrip("«\"“„'")[:1].islower() for w in doc.text[s:e].split()):
            return None  # a quoted title with no kind word before it («Лазовы прут»): not a brand's name
        if not quoted:
            first = words[0] if words else ""
            if _is_caps(first):
                return None  # abbreviations are the rules'
            one_noun = doc.toks[i].capital and " " not in doc.text[s:e] and \
                readings_of(first.lower())[0].tag.POS == "NOUN"
            if not one_noun and not _LATIN.fullmatch(first) and any(p.is_known for p in readings_of(first.lower())):
                return None  # a known word starts the rules' phrases, unless one capitalised noun inside a
                # sentence is the name ("представителя Сбербанка", "пишет Лента.ру"); a capitalised
                # adjective there is more often a piece of a longer name ("Вооруженных Сил")
            if _LATIN.fullmatch(first) and not all(_LATIN.fullmatch(w) for w in words):
                return None  # "B2B-переговоры": a Latin prefix to a common word
            if re.search(r"-\d{2,4}$", doc.text[s:e]):
                return None  # "Технопром-2024": an event of a year
            if all(any("Geox" in p.tag and p.is_known for p in readings_of(w.lower())) or _is_place_word(w)
                   for w in words):
                return None  # every word a known place name
            heads = [_head(w) for w in words]
            if any(h and h.cls == "not" for h in heads) or (heads and heads[0] and heads[0].cls != "not"
                                                            and _plural_head(words[0])):
                return None
            if len(words) == 1 and doc.toks[i].initial and not _is_caps(words[0]) and any(
                    p.is_known and p.tag.POS == "NOUN" for p in readings_of(words[0].lower())):
                return None  # a capitalised common word at a sentence's start
            if len(words) == 1 and words[0].islower():
                return None
        # a name ending in a proper word is closed: only a capitalised genitive goes on ("Медиакорпорации
        # Китая"), not the words after it ("подконтрольных EMC активов", "цитирует РБК режиссера")
        last = doc.text[s:e].split()[-1]  # "Лента.ру" is one word
        closed = quoted or last[:1].isupper() or bool(_LATIN.search(last))
        info = doc.tail(j, settlement=False, unit=False, after_quote=closed, remit=False)
        return _Candidate(i, max(info.end, j), None, "ner")

    @staticmethod
    def _is_post(doc: _Text, i: int, j: int) -> bool:
        """Token i starts a post before the body's name ("Председателя", "Чрезвычайными и
        Полномочными Послами"): a person noun, or an adjective before one."""
        for k in range(i, j):
            w = doc.word(k)
            if not w:
                return False
            parses = readings_of(w.lower())
            if any(p.is_known and p.tag.POS == "NOUN" and "anim" in p.tag
                   and not {"Name", "Surn", "Patr", "Orgn"} & p.tag.grammemes for p in parses[:1]):
                return True
            if not any(p.tag.POS in ("ADJF", "PRTF") for p in parses[:1]):
                return False
        return False

    @staticmethod
    def _resolve(doc: _Text, cands: list[_Candidate], events: set[tuple[int, int]]) -> list[_Candidate]:
        """Longest mentions first; none inside an event's quoted name; no overlaps."""
        out: list[_Candidate] = []
        for c in sorted(cands, key=lambda c: (-(doc.toks[c.end - 1].end - doc.toks[c.start].start), c.start)):
            if c.end <= c.start:
                continue
            s, e = doc.toks[c.start].start, doc.toks[c.end - 1].end
            if any(a <= s and e <= b for a, b in events):
                continue
            if any(a <= s and e <= b for a, b in doc.places.items()):
                continue  # inside a country's or a town's name ("Республики Союз Мьянма")
            if any(o.start < c.end and c.start < o.end for o in out):
                continue
            if tuple(lemma(doc.toks[k].text.lower()) for k in range(c.start, c.end)) in g.STATE_NAMES:
                continue
            out.append(c)
        return out

    # normal forms
    @staticmethod
    def _nominative(doc: _Text, start: int, head: int, readings) -> str | None:
        """The head and its modifiers in the nominative singular; dependents left as written."""
        words = []
        noun = readings[0] if readings else None
        for k in range(start, head + 1):
            w = doc.toks[k].text
            parses = readings_of(w.lower())
            if k == head:
                p = noun or (parses[0] if parses else None)
            else:
                case = noun.tag.case if noun else _GEN
                p = next((a for a in parses if a.tag.POS in ("ADJF", "PRTF") and
                          (noun is None or _agrees(a, noun)) and (noun or case in a.tag)), None)
            form = None
            if p is not None and "Fixd" not in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF"):
                want = {"nomn"} if p.tag.number == "plur" else {"nomn", "sing"}
                inflected = p.inflect(want)
                form = inflected.word if inflected else None
            if form and "ё" not in w.lower():
                form = form.replace("ё", "е")  # keep the text's spelling
            words.append(match_case(form, w) if form else w)
        return " ".join(words)

    @staticmethod
    def _match(doc: _Text, c: _Candidate) -> Match:
        s, e = doc.toks[c.start].start, doc.toks[c.end - 1].end
        raw = doc.text[s:e]
        normal = _fold(raw)
        if c.normal:
            head_end = doc.toks[c.end - 1].end
            # the nominative prefix replaces the words it was built from
            n_words = len(c.normal.split(" "))
            prefix_end = doc.toks[c.start + n_words - 1].end if c.start + n_words - 1 < c.end else head_end
            normal = _fold(c.normal + " " + doc.text[prefix_end:e])
        return Match(s, e, raw, LABEL, normal, {"rule": c.rule})
