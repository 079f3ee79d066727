"""Baselines: natasha and PullEnti run on the same rows the way a user would.

They anchor our scores: a number means little until it sits beside what an
off-the-shelf Russian NER gives on the same gold. Each anchor loads its models
once, in its constructor, and then turns rows into records in the guide's
format (with `mentions`, so the HTML page can highlight what it found).

Neither system knows the guide's categories, so the mapping is ours and kept
simple on purpose: organizations and persons as the NER gives them (normalized
by the system itself), locations typed as a country when a gazetteer built from
pycountry's Russian names (lemma-matched) knows them, else as a settlement
(natasha); PullEnti types places itself (state / city flags and its ALPHA2
slot). Neither fills sector, participant counts nor `online`.
"""
from __future__ import annotations

import calendar
import datetime as dt
import gettext
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import re

import pycountry

from extract.evaluation.folding import lemma_words
from extract.evaluation.gold import NON_ISO_COUNTRIES
from extract.records import Row

#: Columns whose entities fill countries, settlements, organizations and persons.
CONTENT_COLUMNS: tuple[str, ...] = ("goal", "participants")
_WHITESPACE = re.compile(r"\s")
PULLENTI_MISSING = 'pullenti is not installed: pip install ".[anchors]"'


class AnchorUnavailable(Exception):
    """A baseline system that cannot run here; the message says how to get it."""


class Anchor(Protocol):
    name: str

    def extract_records(self, rows: Iterable[Row]) -> Iterator[dict[str, Any]]: ...


class CountryGazetteer:
    """Russian country names from pycountry's iso3166-1 translation, matched by lemmas.

    Each name (short, common and official; and the part before a comma, as in
    "Корея, Республика", when that part names one country only) is keyed by its
    words in dictionary form, so "Республики Беларусь" finds "Республика Беларусь".
    """

    def __init__(self) -> None:
        russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
        keys: dict[tuple[str, ...], set[str]] = {}
        for country in pycountry.countries:
            for attribute in ("name", "common_name", "official_name"):
                english = getattr(country, attribute, None)
                if not english:
                    continue
                name = russian.gettext(english)
                for variant in {name, name.split(",")[0]}:
                    key = lemma_words(variant)
                    if key:
                        keys.setdefault(key, set()).add(country.alpha_2)
        for name in NON_ISO_COUNTRIES:
            keys.setdefault(lemma_words(name), set()).add(name)
        #: Only names that point at one country; "Корея" alone would not.
        self._codes = {key: next(iter(codes)) for key, codes in keys.items() if len(codes) == 1}
        self._names: dict[str, list[tuple[str, ...]]] = {}
        for key, code in self._codes.items():
            self._names.setdefault(code, []).append(key)

    def lookup(self, text: str) -> str | None:
        """The ISO code (or allowed Russian name) of a country name in any case, or None."""
        return self._codes.get(lemma_words(text))

    def names(self, code: str) -> list[tuple[str, ...]]:
        """The lemma sequences that name a country, to find it in a text."""
        return self._names.get(code, [])


@lru_cache(maxsize=1)
def country_gazetteer() -> CountryGazetteer:
    return CountryGazetteer()


@dataclass(frozen=True)
class Interval:
    """A date or a span of dates found in the dates column, with its precision."""

    start: dt.date
    end: dt.date
    precision: str


_PRECISION_ORDER = ("day", "month", "quarter", "half_year", "year")


def interval_of(year: int | None, month: int | None = None, day: int | None = None,
                quarter: int | None = None) -> Interval | None:
    """The whole span a partial date stands for: a month without a day spans the month."""
    if not year:
        return None
    try:
        if month and day:
            date = dt.date(year, month, day)
            return Interval(date, date, "day")
        if month:
            last = calendar.monthrange(year, month)[1]
            return Interval(dt.date(year, month, 1), dt.date(year, month, last), "month")
        if quarter:
            first = 3 * quarter - 2
            last = calendar.monthrange(year, first + 2)[1]
            return Interval(dt.date(year, first, 1), dt.date(year, first + 2, last), "quarter")
    except ValueError:
        return None
    return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def date_answer(intervals: list[Interval]) -> dict[str, Any]:
    """Several dates span from the earliest to the latest; the coarsest precision wins."""
    if not intervals:
        return {"date_start": None, "date_end": None, "date_precision": None}
    precision = max((i.precision for i in intervals), key=_PRECISION_ORDER.index)
    return {"date_start": min(i.start for i in intervals).isoformat(),
            "date_end": max(i.end for i in intervals).isoformat(),
            "date_precision": precision}


def _entity_texts(row: Row) -> Iterator[tuple[str, str]]:
    """The columns a user would run NER over (goal, participants, and place for place_*), non-empty."""
    for column in (*CONTENT_COLUMNS, "place"):
        text = row.fields.get(column) or ""
        if text.strip():
            yield column, text


def empty_record(row: Row) -> dict[str, Any]:
    """A record with every answer unknown: what an anchor fills is added on top."""
    return {
        "id": row.id, "row": row.row, "sector": None,
        "date_start": None, "date_end": None, "date_precision": None, "online": None,
        "place_settlements": [], "place_countries": [], "countries": [], "settlements": [],
        "organizations": [], "persons": [], "participants_total": None,
        "participants_qualifier": None, "mentions": [],
    }


def _add(record: dict[str, Any], key: str, value: str | None) -> None:
    if value and value not in record[key]:
        record[key].append(value)


def _mention(column: str, start: int, end: int, text: str, label: str, normal: str | None) -> dict[str, Any]:
    return {"field": column, "start": start, "end": end, "text": text[start:end], "label": label,
            "normal": normal}


def _outermost(spans: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Drop spans lying inside another span, keeping text order."""
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int, Any]] = []
    for span in ordered:
        if kept and span[1] <= kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _place_entity(record: dict[str, Any], column: str, label: str, normal: str | None) -> None:
    """Put a country or settlement into the keys its column feeds."""
    prefix = "place_" if column == "place" else ""
    if label == "COUNTRY":
        _add(record, prefix + "countries", normal)
    elif label == "SETTLEMENT":
        _add(record, prefix + "settlements", normal)


class NatashaAnchor:
    """natasha's NewsNERTagger and DatesExtractor, normalized with its own MorphVocab."""

    name = "natasha"

    def __init__(self) -> None:
        from natasha import (DatesExtractor, MorphVocab, NewsEmbedding, NewsMorphTagger,
                             NewsNERTagger, Segmenter)

        embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.ner = NewsNERTagger(embedding)
        self.morph = NewsMorphTagger(embedding)  # span.normalize needs tagged tokens
        self.vocab = MorphVocab()
        self.dates = DatesExtractor(self.vocab)
        self.countries = country_gazetteer()

    def _spans(self, text: str) -> list[tuple[int, int, str, str]]:
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph)
        doc.tag_ner(self.ner)
        out = []
        for span in doc.spans:
            span.normalize(self.vocab)
            out.append((span.start, span.stop, span.type, span.normal or span.text))
        return out

    def record(self, row: Row) -> dict[str, Any]:
        record = empty_record(row)
        for column, text in _entity_texts(row):
            for start, stop, kind, normal in self._spans(text):
                if kind == "LOC":
                    code = self.countries.lookup(normal)
                    label, normal = ("COUNTRY", code) if code else ("SETTLEMENT", normal)
                    _place_entity(record, column, label, normal)
                elif column == "place":
                    continue  # the place column feeds only place_* keys
                elif kind == "ORG":
                    label = "ORG"
                    _add(record, "organizations", normal)
                else:
                    label = "PER"
                    _add(record, "persons", normal)
                record["mentions"].append(_mention(column, start, stop, text, label, normal))
        record.update(date_answer(self._dates(row, record)))
        return record

    def _dates(self, row: Row, record: dict[str, Any]) -> list[Interval]:
        """Dates of the dates column, read as a user would glue natasha's matches together.

        Line breaks inside a cell split natasha's matches ("28 июня" and "2023
        года"), so whitespace is made plain spaces first (offsets keep); a bare
        year then only lends its year to the day and month matches.
        """
        text = row.fields.get("dates") or ""
        matches = list(self.dates(_WHITESPACE.sub(" ", text)))
        year = next((m.fact.year for m in matches if m.fact.year), None) or row.report.year
        dated = [m for m in matches if m.fact.month] or matches
        intervals = []
        for match in dated:
            interval = interval_of(match.fact.year or year, match.fact.month, match.fact.day)
            if interval:
                intervals.append(interval)
                record["mentions"].append(_mention("dates", match.start, match.stop, text, "DATE",
                                                   interval.start.isoformat()))
        return intervals

    def extract_records(self, rows: Iterable[Row]) -> Iterator[dict[str, Any]]:
        for row in rows:
            yield self.record(row)


_PULLENTI_READY = False


class PullentiAnchor:
    """PullEnti's GEO, ORGANIZATION, PERSON and DATE analyzers (the Python port).

    Places are typed by PullEnti itself: a state gives its ALPHA2 slot (or the
    gazetteer's code for its name, or an allowed Russian name), a city its
    short name; regions count as neither. Of nested organizations only the
    outermost mention is kept, as a user reading the entity list would.
    """

    name = "pullenti"

    def __init__(self) -> None:
        global _PULLENTI_READY
        try:
            from pullenti.morph.MorphLang import MorphLang
            from pullenti.ner.date.DateAnalyzer import DateAnalyzer
            from pullenti.ner.geo.GeoAnalyzer import GeoAnalyzer
            from pullenti.ner.org.OrganizationAnalyzer import OrganizationAnalyzer
            from pullenti.ner.person.PersonAnalyzer import PersonAnalyzer
            from pullenti.ner.ProcessorService import ProcessorService
            from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
        except ImportError:
            raise AnchorUnavailable(PULLENTI_MISSING) from None
        analyzers = (GeoAnalyzer, OrganizationAnalyzer, PersonAnalyzer, DateAnalyzer)
        if not _PULLENTI_READY:
            ProcessorService.initialize(MorphLang.RU)
            for analyzer in analyzers:
                analyzer.initialize()
            _PULLENTI_READY = True
        self.processor = ProcessorService.create_specific_processor(
            ",".join(a.ANALYZER_NAME for a in analyzers))
        self.source = SourceOfAnalysis
        self.countries = country_gazetteer()

    def _entities(self, text: str, record: dict[str, Any], column: str) -> list[tuple[int, int, Any]]:
        """(start, end, referent) for every occurrence; PullEnti's end_char is inclusive.

        The Python port fails on a few texts with internal errors; such a text
        counts as having no entities and the record carries a warning saying so.
        """
        try:
            result = self.processor.process(self.source(text), None, None)
        except Exception as error:  # noqa: BLE001 - any failure inside the port is the baseline's own
            record.setdefault("warnings", []).append(
                f"pullenti failed on the {column} column: {type(error).__name__}: {error}")
            return []
        return [(occ.begin_char, occ.end_char + 1, entity)
                for entity in result.entities for occ in entity.occurrence]

    def _geo(self, referent: Any) -> tuple[str, str | None]:
        name = referent.to_string(True)
        if referent.is_state:
            code = referent.get_string_value("ALPHA2") or self.countries.lookup(name)
            if code is None and name in NON_ISO_COUNTRIES:
                code = name
            return "COUNTRY", code
        if referent.is_city:
            return "SETTLEMENT", name
        return "REGION", name

    def record(self, row: Row) -> dict[str, Any]:
        record = empty_record(row)
        for column, text in _entity_texts(row):
            entities = self._entities(text, record, column)
            orgs = _outermost([e for e in entities if e[2].type_name == "ORGANIZATION"])
            for start, end, referent in [e for e in entities if e[2].type_name in ("GEO", "PERSON")] + orgs:
                kind = referent.type_name
                if kind == "GEO":
                    label, normal = self._geo(referent)
                    _place_entity(record, column, label, normal)
                elif column == "place":
                    continue
                elif kind == "PERSON":
                    label, normal = "PER", str(referent)
                    _add(record, "persons", normal)
                else:
                    label, normal = "ORG", text[start:end]
                    _add(record, "organizations", normal)
                if normal:
                    record["mentions"].append(_mention(column, start, end, text, label, normal))
        text = row.fields.get("dates") or ""
        intervals = []
        if text.strip():
            dates = [e for e in self._entities(text, record, "dates") if e[2].type_name in ("DATE", "DATERANGE")]
            for start, end, referent in _outermost(dates):
                found = [self._interval(d, row.report.year) for d in
                         ((referent.date_from, referent.date_to) if referent.type_name == "DATERANGE"
                          else (referent,)) if d is not None]
                found = [i for i in found if i]
                intervals += found
                if found:
                    record["mentions"].append(_mention("dates", start, end, text, "DATE",
                                                       found[0].start.isoformat()))
        record.update(date_answer(intervals))
        return record

    @staticmethod
    def _interval(date: Any, report_year: int | None) -> Interval | None:
        return interval_of(date.year or report_year, date.month, date.day, date.quartal)

    def extract_records(self, rows: Iterable[Row]) -> Iterator[dict[str, Any]]:
        for row in rows:
            yield self.record(row)


ANCHORS: dict[str, type] = {"natasha": NatashaAnchor, "pullenti": PullentiAnchor}


def load_anchor(name: str) -> Anchor:
    """Build a baseline by name (models load here, once per run); AnchorUnavailable if absent."""
    try:
        return ANCHORS[name]()
    except KeyError:
        raise AnchorUnavailable(f"unknown baseline {name!r}; choose from {sorted(ANCHORS)}") from None
