"""Entities linked across the archive: one town, country, body or person is one row, whatever report names it.

Why: every report writes the same body or town its own way ("Витебского облисполкома",
"Витебский областной исполнительный комитет"); a researcher counts bodies and towns, not
strings. The keys:

- a settlement is its GeoNames id: the gazetteer's entry for its nominative name in the
  country the record gives it (`settlement_details`, or the place column's countries), else
  the most populous entry; a name the gazetteer lacks in that country is keyed by name and
  country, with no coordinates;
- an organization is a group of nominative forms joined by `same_organization`, the rules
  that say two mentions in one row are one body (extract/extractors/org_variants.py), applied
  across the archive; two bodies whose names place them in different countries are never one;
- a person is the nominative name; a country its ISO code.

Records come file by file, in input order, so the keys (numbered in the order met) are the
same on every run of the same input.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extract.extractors.org_variants import same_organization
from extract.geo import Settlement, countries, fold, region_nominative, regions, settlements, tokenize
from extract.morph import sky_adjective

#: mention label -> (link table, its entity column)
LINKS: dict[str, tuple[str, str]] = {
    "SETTLEMENT": ("event_settlements", "settlement_id"),
    "COUNTRY": ("event_countries", "country"),
    "ORG": ("event_organizations", "organization_id"),
    "PER": ("event_persons", "person_id"),
}
_PLACES = ("COUNTRY", "SETTLEMENT", "REGION")
_OPENING, _CLOSING = "«\"„“", "»\"“”"
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+")
#: A number shorter than this matches only itself under the rules (longer ones may differ in their end).
_SHORT_NUMBER = 5


@dataclass
class Organization:
    id: int
    normals: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    countries: Counter = field(default_factory=Counter)
    events: int = 0

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    def row(self) -> dict[str, Any]:
        return {"id": self.id, "name": max(self.normals, key=len), "forms": self.forms, "country": self.country,
                "events": self.events}


class Archive:
    """The entities met so far and the counts of events naming each."""

    def __init__(self) -> None:
        self.settlements: dict[object, dict[str, Any]] = {}  # GeoNames id, or (name, country)
        self.countries: dict[str, dict[str, Any]] = {}
        self.persons: dict[str, dict[str, Any]] = {}
        self.organizations: list[Organization] = []
        self._by_block: dict[tuple, list[Organization]] = defaultdict(list)  # see block()
        self._by_normal: dict[str, Organization] = {}
        self._unknown = 0  # settlements the gazetteer lacks, numbered -1, -2, …
        self._regions: dict[int, Counter] = defaultdict(Counter)  # regions named beside each settlement, by id

    def link(self, record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """The link rows of one record, {link table: rows}; entities met for the first time join the archive."""
        found: dict[str, dict[tuple[Any, str], Any]] = {table: {} for table, _ in LINKS.values()}
        for mention in record.get("mentions") or []:
            if mention["label"] in LINKS and mention.get("normal"):
                entity = self._entity(record, mention)
                found[LINKS[mention["label"]][0]][(_key(entity), mention["field"])] = entity
        for code in record.get("place_countries") or []:  # a place in Russia counts RU, with no mention
            entity = self._country(code)
            found["event_countries"].setdefault((code, "place"), entity)
        rows: dict[str, list[dict[str, Any]]] = {}
        for table, column in LINKS.values():
            for entity in {_key(e): e for e in found[table].values()}.values():
                if isinstance(entity, Organization):
                    entity.events += 1
                else:
                    entity["events"] += 1
            rows[table] = [{"event_id": record["id"], column: key, "field": f} for key, f in found[table]]
        return rows

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """Every entity table's rows, with their counts of events."""
        for row in self.settlements.values():
            # the region named beside it most often: one list ("Смоленской области, г. Москвы") does not decide
            regions_named = self._regions[row["id"]]
            row["region"] = regions_named.most_common(1)[0][0] if regions_named else None
        return {"settlements": list(self.settlements.values()), "countries": list(self.countries.values()),
                "organizations": [o.row() for o in self.organizations], "persons": list(self.persons.values())}

    def _entity(self, record: dict[str, Any], mention: dict[str, Any]) -> Any:
        label, normal = mention["label"], mention["normal"]
        if label == "SETTLEMENT":
            settlement = self._settlement_of(record, mention)
            region = self._detail(record, mention).get("region")
            if region:
                self._regions[settlement["id"]][region] += 1
            return settlement
        if label == "COUNTRY":
            return self._country(normal)
        if label == "PER":
            return self.persons.setdefault(fold(normal), {"id": len(self.persons) + 1, "name": normal, "events": 0})
        organization = self._organization(normal, self._organization_country(record, mention))
        form = " ".join(mention["text"].split())  # a line break inside a name is no other form
        if form not in organization.forms:
            organization.forms.append(form)
        return organization

    def _country(self, code: str) -> dict[str, Any]:
        return self.countries.setdefault(code, {"code": code, "name": country_names().get(code, code), "events": 0})

    @staticmethod
    def _detail(record: dict[str, Any], mention: dict[str, Any]) -> dict[str, Any]:
        """The `settlement_details` entry of a settlement named in goal or participants."""
        if mention["field"] == "place":
            return {}
        return next((d for d in record.get("settlement_details") or [] if d["name"] == mention["normal"]), {})

    def _settlement_of(self, record: dict[str, Any], mention: dict[str, Any]) -> dict[str, Any]:
        """A settlement mention's row, in the country the record gives it (the details of goal
        and participants, the place column's countries)."""
        if mention["field"] == "place":
            return self._settlement(mention["normal"], list(record.get("place_countries") or []))
        country = self._detail(record, mention).get("country")
        return self._settlement(mention["normal"], [country] if country else [])

    def _settlement(self, name: str, wanted: list[str]) -> dict[str, Any]:
        entries = settlements().get(name)
        entry: Settlement | None = next((e for c in wanted for e in entries if e.country == c), None) if wanted \
            else next(iter(entries), None)
        country = entry.country if entry else (wanted[0] if len(wanted) == 1 else None)
        key: object = entry.geonameid if entry else (fold(name), country)
        row = self.settlements.get(key)
        if row is None:
            if entry is None:
                self._unknown += 1
            row = self.settlements[key] = {
                "id": entry.geonameid if entry else -self._unknown, "name": entry.name if entry else name,
                "country": country, "region": None, "geonameid": entry and entry.geonameid,
                "lat": entry and entry.lat, "lon": entry and entry.lon, "population": entry and entry.population,
                "events": 0}
        return row

    def _organization(self, normal: str, country: str | None) -> Organization:
        """The body a nominative form names: one already met that the rules join it to, else a new one."""
        organization = self._by_normal.get(fold(normal))
        if organization is None:
            candidates = self._by_block[block(normal)]
            organization = next((o for o in candidates if not (country and o.country and o.country != country)
                                 and any(same_organization(normal, n) for n in o.normals)), None)
            if organization is None:
                organization = Organization(len(self.organizations) + 1)
                self.organizations.append(organization)
                candidates.append(organization)
            organization.normals.append(normal)
            self._by_normal[fold(normal)] = organization
        if country:
            organization.countries[country] += 1
        return organization

    def _organization_country(self, record: dict[str, Any], mention: dict[str, Any]) -> str | None:
        """The country of the places an organization's name names (a country, a settlement, a region,
        or a region's adjective: "Гомельский областной …"), when they agree on one."""
        found: set[str | None] = set()
        for inner in record.get("mentions") or []:
            if inner["label"] not in _PLACES or inner["field"] != mention["field"] or inner is mention \
                    or not (mention["start"] <= inner["start"] and inner["end"] <= mention["end"]):
                continue
            if inner["label"] == "COUNTRY":
                found.add(inner["normal"])
            elif inner["label"] == "SETTLEMENT":
                found.add(self._settlement_of(record, inner)["country"])
            else:
                found.update(r.country for r in regions().get(inner["normal"] or "")[:1])
        for token in tokenize(mention["normal"]):
            if token.capitalised and sky_adjective(token.text):
                found.update(r.country for r in regions().get(region_nominative([token.text], "область"))[:1])
        found.discard(None)
        return found.pop() if len(found) == 1 else None


def _key(entity: Any) -> Any:
    if isinstance(entity, Organization):
        return entity.id
    return entity.get("code", entity.get("id"))


def block(name: str) -> tuple[str, tuple[str, ...]]:
    """What two names must share for the rules to join them, so that a name is compared only with
    those: the rules align a name's core (its quoted name, or the whole name when it has none) with
    the other's word by word from the first, so the cores begin with one letter, and a short number
    matches only itself ("СШ № 3" is never "СШ № 5")."""
    start = next((i for i, ch in enumerate(name) if ch in _OPENING), None)
    end = max(name.rfind(ch) for ch in _CLOSING)
    words = _WORD.findall(name[start + 1:end] if start is not None and end > start else name)
    numbers = sorted({w for w in words if w.isdigit() and len(w) < _SHORT_NUMBER})
    return (fold(words[0][0]) if words else "", tuple(numbers))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """A country's Russian name by its code: the first name the gazetteer lists for it."""
    names: dict[str, str] = {}
    for values in countries().entries.values():
        for country in values:
            names.setdefault(country.code, country.name)
    return names
