"""spaCy components: natasha's NER and our rule extractors, registered as factories.

Each component reads the doc's text and writes a span group (`doc.spans[<name>]`), every
span carrying its normalized form in `span._.normal`. They are exposed through the
`spacy_factories` entry point, so `nlp.add_pipe("extract_countries")` works in a
user's own Russian pipeline once the package is installed.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from extract.records import Match

if not Span.has_extension("normal"):
    Span.set_extension("normal", default=None)
if not Span.has_extension("data"):
    Span.set_extension("data", default=None)

#: Span groups written by the components, by the label of what they hold.
GROUPS = {"ORG": "organizations", "PER": "persons", "COUNTRY": "countries",
          "SETTLEMENT": "settlements", "REGION": "regions"}


@lru_cache(maxsize=1)
def natasha_tagger():
    """Natasha's NER tagger, loaded once per process (the model ships inside the packages)."""
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


def _to_span(doc: Doc, match: Match) -> Span | None:
    span = doc.char_span(match.start, match.end, label=match.label, alignment_mode="expand")
    if span is None:
        return None
    span._.normal = match.normal
    span._.data = match.data or None
    return span


def set_group(doc: Doc, matches: Iterable[Match]) -> None:
    """Write matches into the span groups named by their labels."""
    for m in matches:
        span = _to_span(doc, m)
        if span is not None:
            doc.spans.setdefault(GROUPS.get(m.label, m.label.lower()), []).append(span)


def text_of(doc: Doc) -> str:
    """The doc's text, built once: `Doc.text` makes a Token object for every token on each call."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


def offsets(doc: Doc, group: str, label: str | None = None) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.spans.get(group, []) if label is None or s.label_ == label]


class NatashaNER:
    """natasha/slovnet NER over the doc's text: PER, LOC, ORG spans in doc.spans["natasha"].

    The tagger is called directly, as `natasha.Doc.tag_ner` does inside: the spans are the
    same, and natasha's own sentence and token segmentation (which only envelops the spans,
    and which spaCy's tokens replace here) is not paid for. `pipe` tags a batch shortest
    text first: slovnet pads each of its mini-batches to the longest text in it, so texts of
    like length together waste less (the spans are the same in any order).
    """

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self._tag(list(batch))

    @staticmethod
    def _tag(docs: list[Doc]) -> list[Doc]:
        texts = [text_of(doc) for doc in docs]
        todo = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: len(texts[i]))
        markups = dict(zip(todo, natasha_tagger().map([texts[i] for i in todo])))
        for i, doc in enumerate(docs):
            spans = []
            for s in markups[i].spans if i in markups else ():
                span = doc.char_span(s.start, s.stop, label=s.type, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            doc.spans["natasha"] = spans
        return docs


class CountriesComponent:
    def __init__(self) -> None:
        from extract.extractors.countries import CountryExtractor

        self.extractor = CountryExtractor()

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["countries"] = []
        set_group(doc, self.extractor(text_of(doc)))
        return doc


class SettlementsComponent:
    """Typed settlements, and natasha's LOC spans that are neither countries nor regions.

    A one-word PER span that pymorphy3 reads first as a place name counts as a location too:
    natasha takes a town in the accusative for a person ("боя за Ельню").
    """

    def __init__(self) -> None:
        from extract.extractors.settlements import SettlementExtractor

        self.extractor = SettlementExtractor(big_cities=True)

    def __call__(self, doc: Doc) -> Doc:
        from extract.geo import is_toponym

        doc.spans["settlements"], doc.spans["regions"] = [], []
        places = offsets(doc, "natasha", "LOC") + [
            (s.start_char, s.end_char) for s in doc.spans.get("natasha", [])
            if s.label_ == "PER" and len(s) == 1 and is_toponym(s.text)]
        set_group(doc, self.extractor(text_of(doc), sorted(places), offsets(doc, "natasha", "PER")))
        return doc


class OrganizationsComponent:
    def __init__(self) -> None:
        from extract.extractors.organizations import OrganizationExtractor

        self.extractor = OrganizationExtractor()

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["organizations"] = []
        places = [o for group in ("countries", "regions", "settlements") for o in offsets(doc, group)]
        set_group(doc, self.extractor(text_of(doc), offsets(doc, "natasha", "ORG"), places,
                                      offsets(doc, "natasha", "PER")))
        return doc


class PersonsComponent:
    """Named people, minus names inside organization names and places (run after them)."""

    def __init__(self) -> None:
        from extract.extractors.persons import PersonExtractor

        self.extractor = PersonExtractor()

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["persons"] = []
        taken = [o for group in ("organizations", "settlements", "regions", "countries") for o in offsets(doc, group)]
        set_group(doc, self.extractor(text_of(doc), offsets(doc, "natasha", "PER"), taken))
        return doc


@Language.factory("natasha_ner")
def make_natasha_ner(nlp: Language, name: str) -> NatashaNER:
    return NatashaNER()


@Language.factory("extract_countries")
def make_countries(nlp: Language, name: str) -> CountriesComponent:
    return CountriesComponent()


@Language.factory("extract_settlements")
def make_settlements(nlp: Language, name: str) -> SettlementsComponent:
    return SettlementsComponent()


@Language.factory("extract_organizations")
def make_organizations(nlp: Language, name: str) -> OrganizationsComponent:
    return OrganizationsComponent()


@Language.factory("extract_persons")
def make_persons(nlp: Language, name: str) -> PersonsComponent:
    return PersonsComponent()


#: The entity pipeline, in order: NER first, persons after organizations.
PIPELINE = ("natasha_ner", "extract_countries", "extract_settlements", "extract_organizations", "extract_persons")


def build_nlp(components: Iterable[str] = PIPELINE) -> Language:
    """A blank Russian pipeline with our components (pymorphy3 is called directly for normalization)."""
    import spacy

    nlp = spacy.blank("ru")
    for component in components:
        nlp.add_pipe(component)
    return nlp
