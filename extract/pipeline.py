"""From a row to a full record: entities, places, dates, counts and sector, with every mention traced.

`RowExtractor` loads every model once and is reused for all rows of a process;
`extract_records` is the streaming entry point the CLI, the API and the
evaluator share.
"""
from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from typing import Any, Iterable, Iterator

from spacy.util import minibatch

from extract.components import build_nlp
from extract.extractors.org_variants import merge_variants
from extract.extractors.person_variants import merge_person_variants
from extract.morph import lemma
from extract.records import FIELDS, Match, Mention, Row
from extract.sector.predict import UNSURE_BELOW
from extract.sector.taxonomy import looks_like_sector_header

#: The free-text columns entities are read from (the place column has its own reader).
ENTITY_FIELDS = ("goal", "participants")


def _fold(text: str) -> str:
    """A key under which inflected forms of one name meet (for de-duplicating mentions)."""
    words = "".join(ch if ch.isalnum() else " " for ch in text.lower().replace("ё", "е")).split()
    return " ".join(lemma(w) for w in words)


def _unique(values: Iterable[str], key=lambda v: v) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(key(value), value)
    return list(seen.values())


class RowExtractor:
    """Every stage for one row; construct once per process (models load in __init__)."""

    def __init__(self) -> None:
        from extract.extractors.dates import DatesColumnReader, DatesMentionedExtractor
        from extract.extractors.participants import ParticipantsReader
        from extract.extractors.places import PlaceReader
        from extract.sector.predict import SectorPredictor

        self.nlp = build_nlp()
        self.dates = DatesColumnReader()
        self.dates_mentioned = DatesMentionedExtractor()
        self.participants = ParticipantsReader()
        self.place = PlaceReader()
        self.sector = SectorPredictor()

    def records(self, rows: Iterable[Row], batch_size: int = 64) -> Iterator[dict[str, Any]]:
        for batch in minibatch(rows, size=batch_size):
            yield from self._batch(list(batch))

    def _batch(self, rows: list[Row]) -> Iterator[dict[str, Any]]:
        texts = [row.fields.get(f, "") or "" for row in rows for f in ENTITY_FIELDS]
        docs = iter(self.nlp.pipe(texts))
        sectors = self.sector.predict_rows(rows)
        for row, sector in zip(rows, sectors):
            yield self.record(row, {f: next(docs) for f in ENTITY_FIELDS}, sector)

    def record(self, row: Row, docs: dict[str, Any] | None = None, sector: Any = None) -> dict[str, Any]:
        """The guide's record for one row (docs: the row's goal/participants already run through
        nlp; sector: its prediction, when made for a whole batch)."""
        if docs is None:
            docs = {f: self.nlp(row.fields.get(f, "") or "") for f in ENTITY_FIELDS}
        fields = {f: row.fields.get(f, "") or "" for f in FIELDS}
        year = row.report.year
        warnings = list(row.warnings)
        mentions: list[Mention] = []

        found: dict[str, list[Any]] = {"countries": [], "settlements": [], "regions": [], "organizations": [],
                                       "persons": []}
        for column, doc in docs.items():
            for group in found:
                for span in doc.spans.get(group, []):
                    found[group].append((span, column))
                    mentions.append(Mention(column, span.start_char, span.end_char, span.text, span.label_,
                                            span._.normal))

        place = self.place(fields["place"])
        mentions += [Mention.of("place", m) for m in place.matches]

        span_, date_warnings = self.dates(fields["dates"], year, row.report.quarter, row.report.half_year)
        warnings += date_warnings
        mentioned: list[Match] = self.dates_mentioned(fields["goal"], year)
        mentions += [Mention.of("goal", m) for m in mentioned]

        count = self.participants(fields["participants"], fields["goal"])
        for g in count.groups:
            mentions.append(Mention(g.field, g.start, g.end, fields[g.field][g.start:g.end], "COUNT", str(g.count)))

        sector = sector or self.sector.predict(row)
        if sector.source == "model":
            warnings += [f"sector header not mapped to a sector, the model decided: {h}"
                         for h in (row.section, row.subsection) if h and looks_like_sector_header(h)]
            if sector.score < UNSURE_BELOW:
                runners = ", ".join(f"{a['sector']} {a['score']:.2f}" for a in sector.alternatives)
                warnings.append(f"sector uncertain: the model's best score is below {UNSURE_BELOW} ({runners})")

        settlement_details = _unique_details(
            {"name": s._.normal or s.text, "country": (s._.data or {}).get("country"),
             "region": (s._.data or {}).get("region")} for s, _ in found["settlements"])
        organizations = merge_variants(_unique([s.text.replace("\n", " ") for s, _ in found["organizations"]],
                                               key=_fold))
        kept = set(organizations)
        normal_of: dict[str, str] = {}
        for span, _ in found["organizations"]:
            normal_of.setdefault(span.text.replace("\n", " "), span._.normal or span.text.replace("\n", " "))
        return {
            **row.to_dict(),
            "warnings": warnings,
            "sector": sector.sector,
            "sector_score": sector.score,
            "sector_source": sector.source,
            "sector_alternatives": sector.alternatives,
            "date_start": span_.start.isoformat() if span_.start else None,
            "date_end": span_.end.isoformat() if span_.end else None,
            "date_precision": span_.precision,
            "dates_mentioned": [{"text": m.text, "start": m.start, "end": m.end, "date_start": m.data.get("start"),
                                 "date_end": m.data.get("end"), "date_precision": m.data.get("precision")}
                                for m in mentioned],
            "online": place.online,
            "place_settlements": list(place.settlements),
            "place_countries": list(place.countries),
            "countries": _unique(s._.normal for s, _ in found["countries"]),
            "settlements": [d["name"] for d in settlement_details],
            "settlement_details": settlement_details,
            "regions": _unique((s._.normal or s.text for s, _ in found["regions"]), key=_fold),
            "organizations": organizations,
            "organizations_normal": [normal_of[o] for o in organizations],
            "organization_details": _unique_details(
                {"text": s.text.replace("\n", " "), "normal": s._.normal, "field": column}
                for s, column in found["organizations"] if s.text.replace("\n", " ") in kept),
            "persons": merge_person_variants(_unique((s._.normal or s.text for s, _ in found["persons"]), key=_fold)),
            "participants_total": count.total,
            "participants_qualifier": count.qualifier,
            "participant_groups": [asdict(g) for g in count.groups],
            "mentions": [vars(m) for m in sorted(mentions, key=lambda m: (FIELDS.index(m.field), m.start))],
        }


def _unique_details(details: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for d in details:
        key = _fold(d.get("name") or d.get("normal") or d.get("text") or "")
        if key and key not in seen:
            seen[key] = d
    return list(seen.values())


@lru_cache(maxsize=1)
def default_extractor() -> RowExtractor:
    """The process-wide extractor: models load once, however many files a worker handles."""
    return RowExtractor()


def extract_records(rows: Iterable[Row]) -> Iterator[dict[str, Any]]:
    """Full records for rows, in order (the entry point the CLI, API and evaluator share)."""
    yield from default_extractor().records(rows)
