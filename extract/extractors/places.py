"""The `place` column: online or not, the settlements and the countries of an event's place.

Why a reader of its own: the place column is short and telegraphic ("г. Смоленск, ГБУК
«…»", "Тверская область, Конаковский район, дер. Карачарово", "в дистанционном формате"),
so untyped names the gazetteer knows count as settlements, and the country of each
settlement or region is added to the countries the column names ("г. Москва" → RU).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.extractors.settlements import COUNTRY, REGION, SETTLEMENT, SettlementExtractor
from extract.geo import regions
from extract.morph import lemma
from extract.records import Match

#: Wholly or partly at a distance.
ONLINE = re.compile(
    r"дистанц|онлайн|он-лайн|on-?line|видео-?конференц|\bВКС\b|веб-?конференц|вебинар|виртуальн"
    r"|комбинированн|смешанн\w*\s+формат|гибридн|видеосвяз|удал[её]нн|интернет|\bzoom\b|skype|телемост",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    online: bool
    settlements: tuple[str, ...]
    countries: tuple[str, ...]
    matches: tuple[Match, ...]


#: Region names whose adjective says the country: "Смоленская область", "Краснодарский край".
_REGION_HEADS = ("область", "край", "округ", "республика")


@lru_cache(maxsize=1)
def _region_adjectives() -> dict[str, str]:
    """"смоленский" → RU, "витебский" → BY: a region's adjective, where it names one country."""
    countries: dict[str, set[str]] = {}
    for entries in regions().entries.values():
        for region in entries:
            words = region.name.split()
            first = words[0]
            if len(words) > 1 and words[-1].lower() in _REGION_HEADS and first.lower().endswith(("ая", "ий", "ой")):
                countries.setdefault(lemma(first.lower()), set()).add(region.country)
    return {adjective: next(iter(c)) for adjective, c in countries.items() if len(c) == 1}


def _institution_countries(text: str) -> list[str]:
    """The countries of a place column that names only institutions of regions
    ("ОГБУЗ «Смоленский областной клинический диспансер»" → RU; a video link between
    "ОГБУК «Смоленская областная … библиотека …» – ГУ «Витебская областная библиотека …»"
    → RU, BY)."""
    adjectives = _region_adjectives()
    return [adjectives[w] for w in (lemma(w.lower()) for w in re.findall(r"[А-ЯЁ][а-яё]+", text)) if w in adjectives]


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


class PlaceReader:
    """Place column text → Place (online flag, settlements, countries incl. those of settlements and regions)."""

    def __init__(self) -> None:
        self.places = SettlementExtractor(untyped=True)

    def __call__(self, text: str, locations: list[tuple[int, int]] = ()) -> Place:
        reader = self.places.read(text, locations)
        found = sorted(reader.places, key=lambda p: p.match.start)
        matches = tuple(
            Match(p.match.start, p.match.end, p.match.text, p.match.label, p.match.normal, {"country": p.country})
            for p in found if p.match.label != COUNTRY or p.country
        )
        countries = _unique(p.country for p in found if p.match.label in (COUNTRY, SETTLEMENT, REGION))
        if not countries:
            countries = _unique(_institution_countries(text))
        return Place(
            online=bool(ONLINE.search(text)),
            settlements=_unique(p.match.normal for p in found if p.match.label == SETTLEMENT),
            countries=countries,
            matches=matches,
        )
