"""Settlements and regions in a text, with the country each belongs to.

Rules, in order of trust:
1. a typed name: a type word ("г.", "пгт.", "агрогородок", "городов") and a capitalised
   name; trusted even when the gazetteer does not know it ("дер. Глущенки");
2. a region or district: a known region ("Республика Татарстан", "Витебская область"), an
   adjective before a region word ("Конаковского района"), "Республика X" that is no state;
3. a location span found by NER (`locations`): a settlement when the gazetteer knows it;
4. (`untyped=True`, for short texts such as the place column) a capitalised toponym the
   gazetteer knows as a place, outside quotes.
Country names are matched first so that "Республики Беларусь" never becomes a region.
A settlement's country comes from the text where the country or a region stands next to it
("г. Орша (Республика Беларусь)", "Тверская область, ... дер. Карачарово"), else from the
type word ("агрогородок" is Belarusian), else from the gazetteer.
"""
from __future__ import annotations

from typing import Iterable

import re
from dataclasses import dataclass, field

from extract.extractors.countries import find_countries
from extract.geo import (
    NOT_A_COUNTRY,
    adjacent,
    forms,
    is_adjective,
    is_known_word,
    is_toponym,
    region_by_nickname,
    region_nominative,
    region_words,
    regions,
    settlement_types,
    settlements,
    tokenize,
)
from extract.morph import parses, sky_adjective, to_nominative
from extract.records import Match

SETTLEMENT, REGION, COUNTRY = "SETTLEMENT", "REGION", "COUNTRY"
#: What may stand between the parts of one place description ("г. Орша (Витебская обл., Беларусь)").
CHAIN_GAP = re.compile(r"(?:[\s,()«»\"'–—\-/]|\bи\b)*")
#: A spaced dash between places links two ends ("г. Самарканд, Республика Узбекистан – г. Смоленск"):
#: the country of one end is not the other's.
LINK_DASH = re.compile(r"\s[–—-]\s")
#: "2023 г." is a year, not a town.
YEAR_BEFORE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d\s*$")
#: Region nouns a name follows in apposition, undeclined: "Республика Татарстан", "провинции
#: Анкара", "штата Махараштра", "аймака Орхон" (the name is the region's, not a town's).
APPOSITION_REGIONS = frozenset({"республика", "провинция", "штат", "аймак", "префектура", "кантон", "воеводство",
                                "эмират", "остан", "вилоят", "велаят", "сомон"})
#: An untyped word pymorphy3 does not know is taken for a town only if the town is this big.
UNTYPED_MIN_POPULATION = 10_000
#: A city this big is not mistaken for a same-named village in the country named next to it.
BIG_CITY = 100_000


@dataclass
class GeoMention:
    """One geographic mention while a text is read: `chain_start` includes its type word."""

    chain_start: int
    match: Match
    country: str | None = None
    region: str | None = None
    hinted: bool = False  # a country or region named in the text: its country holds for its neighbours
    data: dict = field(default_factory=dict)


def _first_form(word: str, wanted: set[str] | dict) -> str | None:
    return next((f for f in forms(word) if f in wanted), None)


def _is_plural(word: str, lemma: str) -> bool:
    """Every reading of the type word with this lemma is plural ("городов", not "города")."""
    readings = [p for p in parses(word) if p.normal_form.replace("ё", "е") == lemma]
    return bool(readings) and all("plur" in p.tag for p in readings)


def _full_adjective(word: str) -> bool:
    """The likeliest reading is a full adjective ("Большие" in "д. Большие Кузьмичи")."""
    return parses(word)[0].tag.POS == "ADJF"


def _nominative_phrase(words: list[str]) -> str:
    """An unknown name in the nominative: words already nominative stay, others are put back."""
    return " ".join(_nominative_word(word) for word in words)


def _nominative_word(word: str) -> str:
    """A hyphenated name declines in its last part ("Нови-Саде" → "Нови-Сад", "Баня-Луке" →
    "Баня-Лука"), or in its first when the rest says where it lies ("…-на-Дону")."""
    if "-" in word and not any(p.is_known for p in parses(word)):
        parts = word.split("-")
        k = 0 if len(parts) > 2 and parts[1].lower() == "на" else len(parts) - 1
        parts[k] = _nominative_word(parts[k])
        return "-".join(parts)
    readings = parses(word)
    if not any(p.is_known for p in readings) and (
            readings[0].tag.POS not in ("NOUN", "ADJF") or re.search(r"[бвгджзйклмнпрстфхцчшщь]$", word.lower())):
        # a guess that reads a name as a verb form ("Весея" → "весеющий") says nothing, and a name
        # ending in a consonant is already nominative ("Эрдэнэт": no case of a town ends so)
        return word
    nominative = any("nomn" in p.tag for p in readings)
    return word if nominative else to_nominative(word, prefer="Geox")


def _inside_quotes(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("«") > before.count("»") or before.count('"') % 2 == 1


def _context(places: list[GeoMention]) -> tuple[str, bool] | None:
    """The first country named (or implied by a region) among places; whether no other settlement stands between."""
    for n, place in enumerate(places):
        if place.country and place.hinted:
            return place.country, not any(p.match.label == SETTLEMENT for p in places[:n])
    return None


def _settlement_country(place: GeoMention, context: str | None, direct: bool, named: set[str]) -> str | None:
    """The type word's country ("агрогородок"), else the text's, else the gazetteer's.

    A country named beyond another settlement ("г. Смоленск, г. Минск (Беларусь)") holds
    only if the gazetteer does not place the name elsewhere; without context, the gazetteer
    entry in a country the text names (or implies by a region) wins, else the most populous one.
    """
    if place.country:
        return place.country
    entries = settlements().get(place.match.normal or "")
    countries = [e.country for e in entries]
    if context and (not entries or context in countries):
        return context
    # "Смоленской области, г. Москвы, Республики Беларусь" is a list: a big city keeps its own
    # country when the text names that country too.
    if context and direct and not (entries[0].population >= BIG_CITY and entries[0].country in named):
        return context
    if not entries:
        return None
    return next((c for c in countries if c in named), countries[0])


def _agreeing_adjective(word: str, following: str) -> bool:
    """"Смоленском государственном …": a town's adjective agreeing with the lower-case word after it."""
    if not following[:1].islower():
        return False
    adjectives = [p for p in parses(word.lower()) if p.tag.POS == "ADJF"]
    return any(a.tag.case == p.tag.case for a in adjectives for p in parses(following)
               if p.tag.POS in ("ADJF", "NOUN", "PRTF"))


class _Reader:
    """One pass over one text: the tokens, what is taken, and the places found."""

    def __init__(self, text: str, persons: Iterable[tuple[int, int]] = ()) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.at = {t.start: i for i, t in enumerate(self.tokens)}
        self.taken: set[int] = set()
        self.places: list[GeoMention] = []
        #: where a name of several words that natasha reads as a person starts ("мэр города Ильсур Метшин";
        #: not "агрогородка Ласицк Пинского р-на", whose second word is a place's adjective)
        self.person_starts = {s for s, e in persons if " " in text[s:e].strip() and not any(
            is_adjective(w) for w in text[s:e].split()[1:])}
        self.person_spans = [(s, e) for s, e in persons if s in self.person_starts]

    def free(self, i: int, j: int) -> bool:
        return not any(k in self.taken for k in range(i, j))

    def add(self, i: int, j: int, label: str, normal: str, chain_start: int | None = None,
            country: str | None = None, hinted: bool = False, **data) -> None:
        start, end = self.tokens[i].start, self.tokens[j - 1].end
        match = Match(start, end, self.text[start:end], label, normal, {})
        self.places.append(GeoMention(start if chain_start is None else chain_start, match, country,
                                 hinted=hinted, data=data))
        self.taken.update(range(i, j))

    # --- countries and regions -------------------------------------------------------------

    def countries(self) -> None:
        for m in find_countries(self.text, self.tokens):
            i = self.at[m.start]
            j = next(k for k in range(i, len(self.tokens)) if self.tokens[k].end == m.end) + 1
            self.add(i, j, COUNTRY, m.normal or "", country=m.normal if m.normal != NOT_A_COUNTRY else None,
                     hinted=True)

    def regions(self) -> None:
        tokens, text = self.tokens, self.text
        for i, token in enumerate(tokens):
            if i in self.taken:
                continue
            hit = regions().match(text, tokens, i) if token.capitalised else None
            if hit and self.free(i, hit[0]):
                region = regions().entries[hit[1]][0]
                self.add(i, hit[0], REGION, region.name, country=region.country, hinted=True)
                if "plur" in parses(tokens[hit[0] - 1].text)[0].tag:
                    self._region_list(i, region.name.split()[-1])
                continue
            self._generic_region(i)

    def _generic_region(self, i: int) -> None:
        """Capitalised adjectives + a region word ("Вяземского района"), or "Республика X"."""
        tokens, text = self.tokens, self.text
        j = i
        while j < len(tokens) and j - i < 3 and tokens[j].capitalised and (j == i or adjacent(text, tokens[j - 1], tokens[j])) \
                and (_full_adjective(tokens[j].text) or sky_adjective(tokens[j].text)):
            j += 1
        if j > i and j < len(tokens) and adjacent(text, tokens[j - 1], tokens[j]):
            hit = region_words().match(text, tokens, j)
            if hit and self.free(i, hit[0]):
                head = region_words().entries[hit[1]][0]
                if head != "автономный округ" or tokens[j].text.isupper() or j + 1 < hit[0]:
                    self.add(i, hit[0], REGION, region_nominative([t.text for t in tokens[i:j]], head), hinted=True)
                    if "plur" in parses(tokens[hit[0] - 1].text)[0].tag:
                        self._region_list(i, head)
                    return
        head = _first_form(tokens[i].text, APPOSITION_REGIONS) if i + 1 < len(tokens) and tokens[i + 1].capitalised \
            and adjacent(text, tokens[i], tokens[i + 1]) and any(
                p.tag.case == "nomn" or "Fixd" in p.tag for p in parses(tokens[i + 1].text)) else None
        # (the name stands undeclined: "штата Раджешем Кумаром" is a person after the state's noun)
        if head and self.free(i, i + 2):
            word = head.capitalize() if head == "республика" else head
            self.add(i, i + 2, REGION, f"{word} {tokens[i + 1].text}", hinted=head == "республика")

    def _region_list(self, i: int, head: str) -> None:
        """Adjectives listed before a plural head share it ("Минской, Гродненской областей")."""
        tokens, k = self.tokens, i
        while k > 0:
            gap = self.text[tokens[k - 1].end:tokens[k].start].strip()
            if tokens[k - 1].text == "и" and not gap and k > 1:
                k -= 1
                gap = self.text[tokens[k - 1].end:tokens[k].start].strip()
            elif gap != ",":
                return
            k -= 1
            if k in self.taken or not tokens[k].capitalised or not _full_adjective(tokens[k].text):
                return
            name = region_nominative([tokens[k].text], head)
            known = regions().get(name)
            self.add(k, k + 1, REGION, name, country=known[0].country if known else None, hinted=True)

    # --- settlements ---------------------------------------------------------------------

    def typed(self) -> None:
        pattern, abbreviations, words = settlement_types()
        for m in pattern.finditer(self.text):
            abbreviation = re.sub(r"\s+", "", m.group()).lower().replace("ё", "е")
            kind = abbreviations.get(abbreviation) or abbreviations.get(abbreviation.rstrip("."))
            if kind is None or (kind.kind == "город" and YEAR_BEFORE.search(self.text[: m.start()])):
                continue
            j = self.at.get(m.end())
            # "Д.Ф. Мезенцев", "С. Иванов": a capital letter with a dot is an initial; only "Г." may
            # open a sentence as a type word, and then before a place the gazetteer knows.
            if j is not None and re.fullmatch(r"(?:\w\.)+", abbreviation) and m.group()[0].isupper() \
                    and (abbreviation != "г." or not settlements().match(self.text, self.tokens, j)):
                continue
            if j is not None:
                self._typed_names(j, m.start(), kind, plural=abbreviation in {"гг.", "дд."})
        for i, token in enumerate(self.tokens[:-1]):
            if not (self.tokens[i + 1].capitalised and adjacent(self.text, token, self.tokens[i + 1])):
                continue  # checked first: a word's forms cost a dictionary lookup the first time
            head = token.text.split("-")[0]
            lemma = _first_form(head, words)
            if lemma:
                self._typed_names(i + 1, token.start, words[lemma], plural=_is_plural(head, lemma))

    def _typed_names(self, j: int, chain_start: int, kind, plural: bool) -> None:
        """The name after a type word; after a plural one ("городов"), a list joined by "," and "и"."""
        tokens = self.tokens
        while j < len(tokens) and j not in self.taken and re.match("[А-ЯЁ][а-яё]", tokens[j].text):
            if tokens[j].start in self.person_starts and not settlements().match(self.text, tokens, j):
                return  # "мэр города Ильсур Метшин": a person after the type word, not a town's name
            end = self._typed_name(j, chain_start, kind)
            if not plural or end >= len(tokens):
                return
            gap = self.text[tokens[end - 1].end:tokens[end].start]
            if tokens[end].text == "и" and not gap.strip() and end + 1 < len(tokens):
                end += 1
            elif gap.strip() != ",":
                return
            j, chain_start = end, tokens[end].start

    def _typed_name(self, j: int, chain_start: int, kind) -> int:
        tokens, text = self.tokens, self.text
        hit = settlements().match(text, tokens, j)
        if hit and self.free(j, hit[0]):
            entries = settlements().entries[hit[1]]
            end, normal = hit[0], entries[0].name
        else:
            end = j + 1
            if _full_adjective(tokens[j].text) and end < len(tokens) and tokens[end].capitalised \
                    and adjacent(text, tokens[j], tokens[end]) and end not in self.taken \
                    and not is_adjective(tokens[end].text):
                end += 1
            normal = _nominative_phrase([t.text for t in tokens[j:end]])
        self.add(j, end, SETTLEMENT, normal, chain_start, country=kind.country, type=kind.kind)
        return end

    def located(self, locations) -> None:
        """NER location spans that are neither a state nor a region: settlements the gazetteer knows."""
        for start, end in locations:
            inside = [i for i, t in enumerate(self.tokens) if t.start >= start and t.end <= end]
            if all(self.tokens[i].text.isupper() for i in inside):
                continue  # an abbreviation ("МО", "РФ"): not a settlement's name
            if inside and self.free(inside[0], inside[-1] + 1):
                self._known(inside[0], inside[-1] + 1)

    def untyped(self, min_population: int = UNTYPED_MIN_POPULATION, known_toponyms: bool = True) -> None:
        """Capitalised words the gazetteer knows as places, outside quotes and persons' names.

        The word must read first as a toponym in pymorphy3 ("Смоленск", not "Гагарина" or "Мир"),
        or be unknown to it and name a town of `min_population` people; with `known_toponyms`
        False (long texts, where natasha's locations are read already), only a town that big,
        toponym or not ("Минском", "Чэнду").
        """
        for i, token in enumerate(self.tokens):
            if i in self.taken or not token.capitalised or token.text.isupper() \
                    or _inside_quotes(self.text, token.start) or self._in_person(token.start):
                continue
            hit = settlements().match(self.text, self.tokens, i)
            if not hit:
                continue
            big = settlements().entries[hit[1]][0].population >= min_population
            if not known_toponyms and _agreeing_adjective(token.text, self.tokens[i + 1].text if i + 1 < len(
                    self.tokens) else ""):
                continue  # "в Смоленском государственном университете": the town's adjective
            if (known_toponyms and is_toponym(token.text)) or (big and (
                    not is_known_word(token.text) or is_toponym(token.text))):
                self._known(i, hit[0])

    def _in_person(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.person_spans)

    def _known(self, i: int, j: int) -> None:
        nickname = region_by_nickname(self.tokens[i].text) if j == i + 1 else None
        if nickname and self.free(i, j):  # untyped "Смоленщины" is the region, not the village so named
            self.add(i, j, REGION, nickname.name, country=nickname.country, hinted=True)
            return
        hit = settlements().match(self.text, self.tokens, i)
        if not hit or hit[0] != j or not self.free(i, j) or (j == i + 1 and _full_adjective(self.tokens[i].text)):
            # "Смоленской" is the region's adjective; a town read as a short one ("Лиозно") is a town
            return
        self.add(i, j, SETTLEMENT, settlements().entries[hit[1]][0].name, type=None)

    # --- countries of settlements and regions -------------------------------------------------

    def resolve(self) -> None:
        """Give each settlement and region the country (and region) standing next to it in the text."""
        places = sorted(self.places, key=lambda p: p.chain_start)
        named = {p.country for p in places if p.match.label in (COUNTRY, REGION) and p.country}
        chains: list[list[GeoMention]] = []
        for place in places:
            gap = self.text[chains[-1][-1].match.end:place.chain_start] if chains else ""
            # "г. Смоленска и Республики Беларусь": "и" joins two places, it does not locate one in the other.
            joined = re.search(r"\bи\b", gap) and (chains[-1][-1].match.label == SETTLEMENT) != (place.match.label == SETTLEMENT)
            if chains and CHAIN_GAP.fullmatch(gap) and not joined and not LINK_DASH.search(gap):
                chains[-1].append(place)
            else:
                chains.append([place])
        for chain in chains:
            for k, place in enumerate(chain):
                if place.match.label == COUNTRY:
                    continue
                context, direct = _context(chain[k + 1:]) or _context(chain[:k][::-1]) or (None, False)
                if place.match.label == SETTLEMENT:
                    place.country = _settlement_country(place, context, direct, named)
                elif not place.country:
                    place.country = context
                neighbours = chain[k + 1:k + 2] + chain[max(k - 1, 0):k]
                place.region = next((p.match.normal for p in neighbours if p.match.label == REGION
                                     and p.country in (None, place.country)), None)

    def matches(self) -> list[Match]:
        out = []
        for p in sorted(self.places, key=lambda p: p.match.start):
            if p.match.label == COUNTRY:
                continue
            data = {"country": p.country, "region": p.region} if p.match.label == SETTLEMENT else {"country": p.country}
            data.update({k: v for k, v in p.data.items() if v})
            out.append(Match(p.match.start, p.match.end, p.match.text, p.match.label, p.match.normal, data))
        return out


class SettlementExtractor:
    """Text (+ NER location offsets) → SETTLEMENT and REGION matches with their country."""

    def __init__(self, untyped: bool = False, big_cities: bool = False) -> None:
        self.untyped = untyped
        self.big_cities = big_cities
        for load in (settlements, regions, region_words, settlement_types):
            load()

    def __call__(self, text: str, locations: list[tuple[int, int]] = (),
                 persons: list[tuple[int, int]] = ()) -> list[Match]:
        return self.read(text, locations, persons).matches()

    def read(self, text: str, locations: list[tuple[int, int]] = (), persons: list[tuple[int, int]] = ()) -> _Reader:
        """All places of a text, countries included (for the place column); `persons`: natasha's PER
        spans, so a person's name after a type word is not read as a town."""
        reader = _Reader(text, persons)
        reader.countries()
        reader.regions()
        reader.typed()
        reader.located(locations)
        if self.untyped:
            reader.untyped()
        elif self.big_cities:
            reader.untyped(BIG_CITY, known_toponyms=False)
        reader.resolve()
        return reader
