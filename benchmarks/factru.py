"""Organizations and persons on factRuEval-2016: our spaCy components against bare natasha NER.

    git clone https://github.com/dialogue-evaluation/factRuEval-2016 ../factRuEval-2016
    python benchmarks/factru.py ../factRuEval-2016 [--sets testset devset] [--errors 20] [--json out.json]

PATH is the checkout (or its testset/ or devset/ folder). The data is not shipped
here and must never be copied into the project: clone it beside it.

factRu marks an organization as an object made of spans: its name ("Газпром",
quotes excluded) and its descriptors and legal form ("ОАО", "компания"). Tools
mark either the bare name or the whole thing, so a predicted ORG is exact when,
quotes and spaces trimmed at both ends, it equals one gold organization's bare
name (the union of its name spans, or one of them) or the whole object (the union
of all its spans). A PER is exact when it equals the person's full span or the
union of its name, surname and patronymic (nickname left out). "overlap" forgives
boundaries: any shared character with the gold object counts.

Gold objects nested in one of their own type ("ОАО «ТНК»" inside "правления ОАО
«ТНК»") form one item with the outer one: a flat extractor can give only one of
them, so finding either finds the item, and a prediction for each of them is not
spurious. Some items are optional (found, they count as correct; missed, they
are not errors): an organization with only descriptor spans, no name ("фонда",
"правительством", "советскую делегацию": 335 of the testset's 2034 Org objects,
naeval drops them too; --require-descriptors makes them required), and a person
inside a gold organization ("театр Арцыбушевой": we leave names inside
organization names out on purpose).

"naeval" columns score the same predictions against naeval's own conversion
(natasha's published factru figures): ORG = each org_name span of an Org object,
PER = the whole Person object, LOC = loc_name of Location/LocOrg, overlapping
spans dropped (earliest, then longest, wins), and spans whose ends are not razdel
token ends dropped, on both sides; "exact" is span equality, "tokens" naeval's
own metric (token-level precision and recall). naeval reads devset and testset
together (254 documents): pass --sets testset devset to compare with its table.

--errors N prints, per system and type, N of the misses and N of the spurious
predictions under the "exact" criterion, each with its context and what the
other side had there (a boundary error, another type, or nothing).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import peak_rss_mb  # noqa: E402

CLONE = "git clone https://github.com/dialogue-evaluation/factRuEval-2016"
SETS = ("testset", "devset")
TYPES = ("ORG", "PER")
QUOTES = "\"'«»„“”‘’‚‹›`"
NAME_PARTS = {"Org": {"org_name"}, "Person": {"name", "surname", "patronymic"}}
#: Span types that describe rather than name: an Org made of these only ("фонда", "правительством") is optional.
DESCRIPTORS = {"org_descr", "geo_adj", "loc_descr", "job"}
NAEVAL_TYPES = {"Org": "ORG", "Person": "PER", "Location": "LOC", "LocOrg": "LOC"}
CONTEXT = 60


class DataError(Exception):
    """PATH is not factRuEval-2016 data: reported as one line."""


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Span:
    start: int
    stop: int
    label: str = ""

    def overlaps(self, other: Span) -> bool:
        return self.start < other.stop and other.start < self.stop

    def inside(self, other: Span) -> bool:
        return other.start <= self.start and self.stop <= other.stop


@dataclass(frozen=True)
class FactruObject:
    """One mention of an object (.objects line) with its typed spans (.spans lines)."""

    id: str
    type: str  # Org, Person, Location, LocOrg, Project, Facility
    parts: tuple[Span, ...]  # label = span type: org_name, org_descr, surname, ...

    @property
    def whole(self) -> Span:
        return Span(min(p.start for p in self.parts), max(p.stop for p in self.parts), self.type)

    def union(self, labels: set[str]) -> Span | None:
        chosen = [p for p in self.parts if p.label in labels]
        return Span(min(p.start for p in chosen), max(p.stop for p in chosen)) if chosen else None


@dataclass
class Document:
    """One book: its text and the factRu objects marked in it."""

    id: str  # testset/book_3539
    text: str
    objects: list[FactruObject]


def resolve_folders(path: Path, sets: Iterable[str]) -> list[Path]:
    """The set folders under a checkout, or the folder itself when it holds the books."""
    if not path.is_dir():
        raise DataError(f"{path}: no such folder (get the data: {CLONE})")
    if any(path.glob("book_*.txt")):
        return [path]
    folders = [path / s for s in sets]
    missing = [f.name for f in folders if not any(f.glob("book_*.txt"))]
    if missing:
        raise DataError(f"{path}: not a factRuEval-2016 checkout or set folder (no {'/'.join(missing)}/book_*.txt; "
                        f"get the data: {CLONE})")
    return folders


def read_spans(path: Path) -> dict[str, Span]:
    """`id type start length first_token n_tokens # ...` → span by id."""
    spans = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            start = int(fields[2])
            spans[fields[0]] = Span(start, start + int(fields[3]), fields[1])
    return spans


def read_objects(path: Path, spans: dict[str, Span]) -> list[FactruObject]:
    """`id type span_id... # text` → objects (a reference to a missing span is a data error)."""
    objects = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        try:
            parts = tuple(spans[i] for i in fields[2:])
        except KeyError as missing:
            raise DataError(f"{path}: object {fields[0]} names span {missing}, not in the .spans file") from None
        if parts:
            objects.append(FactruObject(fields[0], fields[1], parts))
    return objects


def load_document(txt: Path) -> Document:
    for suffix in (".spans", ".objects"):
        if not txt.with_suffix(suffix).is_file():
            raise DataError(f"{txt.with_suffix(suffix)}: missing (is this a factRuEval-2016 set folder?)")
    text = txt.read_text(encoding="utf-8")
    objects = read_objects(txt.with_suffix(".objects"), read_spans(txt.with_suffix(".spans")))
    return Document(f"{txt.parent.name}/{txt.stem}", text, objects)


def book_number(path: Path) -> int:
    return int(re.sub(r"\D", "", path.stem) or 0)


def load_documents(path: Path, sets: Iterable[str]) -> list[Document]:
    return [load_document(txt) for folder in resolve_folders(path, sets)
            for txt in sorted(folder.glob("book_*.txt"), key=book_number)]


# ---------------------------------------------------------------- gold, either convention


@dataclass
class Member:
    """One gold object: the spans accepted as exact (trimmed), and its whole span for overlap."""

    object: FactruObject
    keys: frozenset[tuple[int, int]]

    @property
    def whole(self) -> Span:
        return self.object.whole


@dataclass
class GoldItem:
    """One thing to find: an outer object and the objects of its type nested in it."""

    type: str
    members: list[Member]
    required: bool = True


def trim(text: str, start: int, stop: int) -> tuple[int, int]:
    """Offsets without quotes and spaces at either end: factRu leaves closing quotes out of spans."""
    while start < stop and (text[start] in QUOTES or text[start].isspace()):
        start += 1
    while stop > start and (text[stop - 1] in QUOTES or text[stop - 1].isspace()):
        stop -= 1
    return start, stop


def accepted(obj: FactruObject, text: str) -> frozenset[tuple[int, int]]:
    """Whole object, union of name parts, and (organizations) each name span alone."""
    spans = [obj.whole, obj.union(NAME_PARTS[obj.type])]
    if obj.type == "Org":
        spans += [p for p in obj.parts if p.label == "org_name"]
    return frozenset(trim(text, s.start, s.stop) for s in spans if s is not None)


def nest(members: list[Member], type: str) -> list[GoldItem]:
    """Group each outermost object with the objects lying inside it."""
    items: list[GoldItem] = []
    for m in sorted(members, key=lambda m: (m.whole.start, -m.whole.stop, m.object.id)):
        if items and m.whole.inside(items[-1].members[0].whole):
            items[-1].members.append(m)
        else:
            items.append(GoldItem(type, [m]))
    return items


def named(obj: FactruObject) -> bool:
    return any(p.label not in DESCRIPTORS for p in obj.parts)


def gold_items(doc: Document, descriptors: bool = False) -> dict[str, list[GoldItem]]:
    """Gold ORG and PER items; an organization with no name part is optional unless `descriptors`."""
    by_type = {"ORG": "Org", "PER": "Person"}
    items = {t: nest([Member(o, accepted(o, doc.text)) for o in doc.objects if o.type == ft], t)
             for t, ft in by_type.items()}
    for item in items["ORG"]:
        item.required = descriptors or any(named(m.object) for m in item.members)
    orgs = [o.whole for o in doc.objects if o.type == "Org"]
    for item in items["PER"]:
        item.required = not any(item.members[0].whole.inside(org) for org in orgs)
    return items


# ---------------------------------------------------------------- gold, naeval's convention


def first_of_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Of overlapping spans keep the one starting first (the longest at a tie), as naeval does."""
    kept: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.stop)):
        if not kept or kept[-1].stop <= s.start:
            kept.append(s)
    return kept


@lru_cache(maxsize=512)
def token_bounds(text: str) -> tuple[frozenset[int], frozenset[int], tuple[Span, ...]]:
    """razdel's tokens of a text (both conventions and both systems ask for them: computed once)."""
    from razdel import tokenize

    tokens = tuple(Span(t.start, t.stop) for t in tokenize(text))
    return frozenset(t.start for t in tokens), frozenset(t.stop for t in tokens), tokens


def aligned(spans: Iterable[Span], text: str) -> list[Span]:
    """Spans whose both ends are razdel token ends (naeval drops the others, gold and predicted alike)."""
    starts, stops, _ = token_bounds(text)
    return [s for s in spans if s.start in starts and s.stop in stops]


def naeval_gold(doc: Document) -> list[Span]:
    """naeval's factru conversion: org_name per Org, the whole Person, loc_name per Location/LocOrg."""
    picked: list[Span] = []
    for obj in doc.objects:
        label = NAEVAL_TYPES.get(obj.type)
        if obj.type == "Person":
            picked.append(Span(obj.whole.start, obj.whole.stop, label))
        elif label:
            name = "org_name" if obj.type == "Org" else "loc_name"
            picked += [Span(s.start, s.stop, label) for s in first_of_overlapping(p for p in obj.parts if p.label == name)]
    return aligned(first_of_overlapping(picked), doc.text)


# ---------------------------------------------------------------- systems


def run_ours(texts: list[str]) -> list[list[Span]]:
    """Our pipeline through its spaCy components, as the README builds it."""
    from extract.components import build_nlp

    nlp = build_nlp()
    return [[Span(s.start_char, s.end_char, s.label_) for group in ("organizations", "persons")
             for s in doc.spans.get(group, [])] for doc in nlp.pipe(texts)]


def run_natasha(texts: list[str]) -> list[list[Span]]:
    """natasha as its README runs it: Doc, segment, tag_ner."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

    def tag(text: str) -> list[Span]:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return [Span(s.start, s.stop, s.type) for s in doc.spans]

    return [tag(text) for text in texts]


SYSTEMS: dict[str, Callable[[list[str]], list[list[Span]]]] = {"ours": run_ours, "natasha": run_natasha}


# ---------------------------------------------------------------- matching and scores


@dataclass
class Tally:
    found: int = 0  # gold items found (required ones)
    gold: int = 0
    correct: int = 0  # predictions that match a gold object
    predicted: int = 0

    def add(self, other: Tally) -> None:
        for name in ("found", "gold", "correct", "predicted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict:
        return {**asdict(self), "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


def max_matching(candidates: list[list[int]]) -> dict[int, int]:
    """Maximum one-to-one matching (Kuhn): left i → one of candidates[i]; returns right → left.

    Left vertices are tried in order, and one once matched stays matched (augmenting paths
    only move it), so the first ones are served first.
    """
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(candidates)):
        assign(i, set())
    return owner


Predicate = Callable[[Span, Member], bool]


@dataclass
class Matched:
    tally: Tally
    found_items: set[int] = field(default_factory=set)
    correct_preds: set[int] = field(default_factory=set)


def match(preds: list[Span], items: list[GoldItem], fits: Predicate) -> Matched:
    """As many required items found as can be, then as many predictions placed on members as can be.

    First predictions are matched to required items (one each); then every prediction to one
    member (of any item), those already placed keeping a member of their own item.
    """
    members = [(k, m) for k, item in enumerate(items) for m in item.members]
    required = [k for k, item in enumerate(items) if item.required]
    by_item = max_matching([[k for k in required if any(fits(p, m) for m in items[k].members)] for p in preds])
    item_of = {i: k for k, i in by_item.items()}
    order = sorted(range(len(preds)), key=lambda i: i not in item_of)
    placed = max_matching([[n for n, (k, m) in enumerate(members) if item_of.get(i, k) == k and fits(preds[i], m)]
                           for i in order])
    correct = {order[i] for i in placed.values()}
    return Matched(Tally(len(by_item), len(required), len(correct), len(preds)), set(by_item), correct)


def exact_fit(text: str) -> Predicate:
    return lambda p, m: trim(text, p.start, p.stop) in m.keys


def overlap_fit(p: Span, m: Member) -> bool:
    return p.overlaps(m.whole)


def span_tally(preds: list[Span], gold: list[Span]) -> Tally:
    """naeval convention, exact: equal (start, stop) pairs."""
    hits = len({(s.start, s.stop) for s in preds} & {(s.start, s.stop) for s in gold})
    return Tally(hits, len(gold), hits, len(preds))


def token_tally(preds: list[Span], gold: list[Span], tokens: Iterable[Span]) -> Tally:
    """naeval's own metric: tokens inside predicted vs gold spans."""
    def inside(spans: list[Span]) -> set[int]:
        return {n for n, t in enumerate(tokens) if any(t.inside(s) for s in spans)}

    p, g = inside(preds), inside(gold)
    return Tally(len(p & g), len(g), len(p & g), len(p))


# ---------------------------------------------------------------- errors


@dataclass
class Error:
    system: str
    type: str
    kind: str  # missed, spurious
    category: str  # boundary, other type, absent / unannotated, another factRu type
    doc: str
    start: int
    stop: int
    text: str
    context: str
    note: str


def context(text: str, start: int, stop: int, width: int = CONTEXT) -> str:
    def flat(s: str) -> str:
        return re.sub(r"\s*\n\s*", " ⏎ ", s)

    return f"…{flat(text[max(0, start - width):start])}⟦{flat(text[start:stop])}⟧{flat(text[stop:stop + width])}…"


def quoted(text: str, span: Span) -> str:
    return f"«{text[span.start:span.stop]}»"


def missed_error(system: str, doc: Document, item: GoldItem, preds: list[Span]) -> Error:
    outer = item.members[0]
    whole = outer.whole
    near = [p for p in preds if p.overlaps(whole)]
    same = [p for p in near if p.label == item.type]
    name = outer.object.union(NAME_PARTS[outer.object.type])
    note = f"gold {quoted(doc.text, whole)}" + (f", name {quoted(doc.text, name)}" if name and (name.start, name.stop) != (whole.start, whole.stop) else "")
    if same:
        category, note = "boundary", note + "; got " + ", ".join(quoted(doc.text, p) for p in same)
    elif near:
        category, note = "other type", note + "; got " + ", ".join(f"{p.label} {quoted(doc.text, p)}" for p in near)
    else:
        category = "absent"
    return Error(system, item.type, "missed", category, doc.id, whole.start, whole.stop, doc.text[whole.start:whole.stop],
                 context(doc.text, whole.start, whole.stop), note)


def spurious_error(system: str, doc: Document, pred: Span) -> Error:
    near = [o for o in doc.objects if o.whole.overlaps(pred)]
    same = [o for o in near if NAEVAL_TYPES.get(o.type) == pred.label and o.type in NAME_PARTS]
    if same:
        category = "boundary"
    elif near:
        category = "gold " + "/".join(sorted({o.type for o in near}))
    else:
        category = "unannotated"
    note = "; ".join(f"gold {o.type} {quoted(doc.text, o.whole)}" for o in near) or "no gold object here"
    return Error(system, pred.label, "spurious", category, doc.id, pred.start, pred.stop, doc.text[pred.start:pred.stop],
                 context(doc.text, pred.start, pred.stop), note)


# ---------------------------------------------------------------- the run


CRITERIA = ("exact", "overlap", "naeval exact", "naeval tokens")


@dataclass
class SystemResult:
    name: str
    seconds: float
    scores: dict[str, dict[str, Tally]]  # type → criterion → tally
    errors: list[Error]


def score_system(name: str, docs: list[Document], predictions: list[list[Span]], seconds: float,
                 descriptors: bool = False) -> SystemResult:
    """All four criteria for ORG and PER, summed over documents, and the errors of the exact one."""
    scores = {t: {c: Tally() for c in CRITERIA} for t in TYPES}
    errors: list[Error] = []
    for doc, preds in zip(docs, predictions):
        items = gold_items(doc, descriptors)
        naeval = naeval_gold(doc)
        kept = aligned(preds, doc.text)
        tokens = token_bounds(doc.text)[2]
        for t in TYPES:
            mine = [p for p in preds if p.label == t]
            exact = match(mine, items[t], exact_fit(doc.text))
            scores[t]["exact"].add(exact.tally)
            scores[t]["overlap"].add(match(mine, items[t], overlap_fit).tally)
            gold_t, kept_t = [s for s in naeval if s.label == t], [p for p in kept if p.label == t]
            scores[t]["naeval exact"].add(span_tally(kept_t, gold_t))
            scores[t]["naeval tokens"].add(token_tally(kept_t, gold_t, tokens))
            errors += [missed_error(name, doc, item, preds) for k, item in enumerate(items[t])
                       if item.required and k not in exact.found_items]
            errors += [spurious_error(name, doc, p) for i, p in enumerate(mine) if i not in exact.correct_preds]
    return SystemResult(name, seconds, scores, errors)


def run_system(name: str, docs: list[Document], descriptors: bool = False) -> SystemResult:
    started = time.perf_counter()
    predictions = SYSTEMS[name]([d.text for d in docs])
    return score_system(name, docs, predictions, time.perf_counter() - started, descriptors)


# ---------------------------------------------------------------- report


def print_table(results: list[SystemResult]) -> None:
    head = " | ".join(f"{c:^17}" for c in CRITERIA)
    print(f"{'':13} | {head}")
    print(f"{'system  type':13} | " + " | ".join(f"{'P':>5} {'R':>5} {'F1':>5}" for _ in CRITERIA))
    for r in results:
        for t in TYPES:
            cells = " | ".join(f"{s.precision:5.3f} {s.recall:5.3f} {s.f1:5.3f}" for s in r.scores[t].values())
            print(f"{r.name:8}{t:5} | {cells}")


def print_counts(docs: list[Document], results: list[SystemResult], descriptors: bool) -> None:
    objects = Counter(o.type for d in docs for o in d.objects)
    items = Counter((t, i.required) for d in docs for t, its in gold_items(d, descriptors).items() for i in its)
    naeval = Counter(s.label for d in docs for s in naeval_gold(d))
    for t, ft, why in (("ORG", "Org", "nested ones grouped; optional: descriptors only"),
                       ("PER", "Person", "nested ones grouped; optional: inside an Org")):
        print(f"gold {t}: {objects[ft]} {ft} objects → {items[t, True]} items to find + {items[t, False]} optional "
              f"({why}); naeval's conversion: {naeval[t]} spans")
    for r in results:
        predicted = ", ".join(f"{r.scores[t]['exact'].predicted} {t}" for t in TYPES)
        print(f"{r.name}: {predicted} predicted, {r.seconds:.1f} s (models loaded and all documents run)")


def print_errors(results: list[SystemResult], n: int, seed: int) -> None:
    for r in results:
        for t in TYPES:
            for kind in ("missed", "spurious"):
                errs = [e for e in r.errors if e.type == t and e.kind == kind]
                cats = Counter(e.category for e in errs).most_common()
                print(f"\n== {r.name} {t} {kind}: {len(errs)} (" + ", ".join(f"{c} {k}" for c, k in cats) + ")")
                for e in sorted(random.Random(seed).sample(errs, min(n, len(errs))), key=lambda e: (e.doc, e.start)):
                    print(f"  [{e.category}] {e.doc}:{e.start} {e.text!r}  {e.note}\n      {e.context}")


def write_json(path: Path, docs: list[Document], sets: list[str], results: list[SystemResult]) -> None:
    data = {"documents": len(docs), "sets": sets,
            "systems": {r.name: {"seconds": round(r.seconds, 2),
                                 "scores": {t: {c: s.summary() for c, s in r.scores[t].items()} for t in TYPES},
                                 "errors": [asdict(e) for e in r.errors]} for r in results}}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="factru.py", description=__doc__.splitlines()[0],
        epilog=f"Get the data first: {CLONE} (kept outside this project). Scoring conventions: see the module docstring.")
    parser.add_argument("path", type=Path, help="factRuEval-2016 checkout, or its testset/ (or devset/) folder")
    parser.add_argument("--sets", nargs="+", choices=SETS, default=["testset"],
                        help="sets of a checkout to read (default testset; naeval's figures use both)")
    parser.add_argument("--systems", nargs="+", choices=tuple(SYSTEMS), default=list(SYSTEMS))
    parser.add_argument("--require-descriptors", action="store_true",
                        help="count organizations named by descriptors only (\"фонда\", \"правительством\") as required")
    parser.add_argument("--docs", type=int, help="only the first N documents (a quick look)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print N missed and N spurious examples per system and type (a seeded sample)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the error sample")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write figures and every error to OUT")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        docs = load_documents(args.path, args.sets)[:args.docs]
    except (DataError, ValueError, IndexError, UnicodeDecodeError) as e:
        sys.exit(f"factru.py: {e}" if isinstance(e, DataError) else f"factru.py: {args.path}: unreadable factRu data ({e})")
    sets = [args.path.name] if any(args.path.glob("book_*.txt")) else args.sets
    print(f"factRuEval-2016 {'+'.join(sets)}: {len(docs)} documents, {sum(len(d.text) for d in docs):,} characters")
    results = [run_system(name, docs, args.require_descriptors) for name in args.systems]
    print_counts(docs, results, args.require_descriptors)
    print()
    print_table(results)
    print(f"\nrun time {time.perf_counter() - started:.1f} s, peak memory {peak_rss_mb():.0f} MB")
    if args.errors:
        print_errors(results, args.errors, args.seed)
    if args.json:
        write_json(args.json, docs, sets, results)
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
