"""Scores of one system against the gold: pure functions over records, no I/O.

Set fields are scored micro (true positives, false positives and false negatives
summed over rows); single values (participants_total, online) are scored as one
item per row; dates by exact accuracy of the (start, end) pair; the sector as a
classification. A field a row lists in `ambiguous` is skipped for that row.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from extract.evaluation.folding import fold, fold_org, folder_for, lemma_words
from extract.evaluation.gold import SET_FIELDS

#: The score names `--min` and the report know, in table order.
SCORE_FIELDS: tuple[str, ...] = (
    "countries", "settlements", "organizations", "organizations_lenient", "persons",
    "place_countries", "place_settlements", "online", "dates", "participants_total", "sector",
)
#: Which answer keys a score reads, so `ambiguous` can skip it.
_SKIPPED_BY: dict[str, frozenset[str]] = {
    "organizations_lenient": frozenset({"organizations"}),
    "dates": frozenset({"dates", "date_start", "date_end"}),
}
LENIENT_THRESHOLD = 0.5
NO_SECTOR = "none"


@dataclass
class Counts:
    """True positives, false positives and false negatives, summed over rows."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was expected or found, 0.0 when only missed."""
        if self.empty:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.empty:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """2tp / (2tp + fp + fn), the harmonic mean of precision and recall."""
        return 1.0 if self.empty else 2 * self.tp / (2 * self.tp + self.fp + self.fn)


@dataclass
class RowError:
    """What one system got wrong in one field of one row."""

    id: str
    missed: list[str]
    spurious: list[str]


@dataclass
class FieldScore:
    """The score of one field: counts (set and item fields) or accuracy (dates, sector)."""

    field: str
    kind: str  # "set", "item", "accuracy" or "classification"
    rows: int = 0
    counts: Counts | None = None
    correct: int = 0
    macro_f1: float | None = None
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)
    confusion: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.rows if self.rows else 1.0

    @property
    def headline(self) -> float:
        """The number `--min` checks: F1 for counted fields, accuracy for dates and sector."""
        return self.counts.f1 if self.counts is not None else self.accuracy

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "rows": self.rows, "headline": self.headline}
        if self.counts is not None:
            out.update(asdict(self.counts), precision=self.counts.precision,
                       recall=self.counts.recall, f1=self.counts.f1)
        else:
            out.update(correct=self.correct, accuracy=self.accuracy)
        if self.kind == "classification":
            out.update(macro_f1=self.macro_f1, per_class=self.per_class, confusion=self.confusion)
        out["errors"] = [asdict(e) for e in self.errors]
        return out


@dataclass
class SystemScore:
    """All field scores of one system, and the gold rows it gave no record for."""

    system: str
    rows: int
    missing: list[str]
    fields: dict[str, FieldScore]

    def to_dict(self) -> dict[str, Any]:
        return {"system": self.system, "rows": self.rows, "missing": list(self.missing),
                "fields": {name: score.to_dict() for name, score in self.fields.items()}}


def is_skipped(record: Mapping[str, Any], name: str) -> bool:
    """Whether the gold row lists this score's field as ambiguous."""
    ambiguous = set(record.get("ambiguous") or ())
    return bool(ambiguous & _SKIPPED_BY.get(name, frozenset({name})))


def _by_fold(values: Iterable[Any], key: Callable[[str], str]) -> dict[str, str]:
    """Folded value → the first original spelling of it (a row's list is a set)."""
    out: dict[str, str] = {}
    for value in values or ():
        if isinstance(value, str) and value.strip():
            out.setdefault(key(value), value)
    return out


def compare_sets(gold: Iterable[str], pred: Iterable[str],
                 key: Callable[[str], str] = fold) -> tuple[Counts, list[str], list[str]]:
    """Counts for one row's set, with the missed gold and spurious predicted values."""
    g, p = _by_fold(gold, key), _by_fold(pred, key)
    missed = [g[k] for k in g if k not in p]
    spurious = [p[k] for k in p if k not in g]
    return Counts(len(g) - len(missed), len(spurious), len(missed)), missed, spurious


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def match_lenient(gold: Iterable[str], pred: Iterable[str],
                  threshold: float = LENIENT_THRESHOLD) -> list[tuple[str, str]]:
    """One-to-one pairs of gold and predicted names, greedy by best word-set Jaccard.

    Words are folded to their dictionary forms; a pair needs Jaccard ≥ threshold.
    Ties keep gold and prediction order, so the result does not depend on hashing.
    """
    g = list(_by_fold(gold, fold_org).values())
    p = list(_by_fold(pred, fold_org).values())
    gw = [frozenset(lemma_words(v)) for v in g]
    pw = [frozenset(lemma_words(v)) for v in p]
    candidates = sorted(
        ((jaccard(a, b), i, j) for i, a in enumerate(gw) for j, b in enumerate(pw)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[str, str]] = []
    for score, i, j in candidates:
        if score < threshold:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((g[i], p[j]))
    return pairs


def compare_lenient(gold: Iterable[str], pred: Iterable[str]) -> tuple[Counts, list[str], list[str]]:
    """Lenient organization counts: matched pairs are true positives."""
    g = list(_by_fold(gold, fold_org).values())
    p = list(_by_fold(pred, fold_org).values())
    pairs = match_lenient(g, p)
    matched_g = {a for a, _ in pairs}
    matched_p = {b for _, b in pairs}
    missed = [v for v in g if v not in matched_g]
    spurious = [v for v in p if v not in matched_p]
    return Counts(len(pairs), len(spurious), len(missed)), missed, spurious


def compare_item(gold: Any, pred: Any) -> Counts:
    """One value per row: right is a TP; wrong is a FP and a FN; null on one side is a FN or FP."""
    if gold is None and pred is None:
        return Counts()
    if gold is None:
        return Counts(fp=1)
    if pred is None:
        return Counts(fn=1)
    return Counts(tp=1) if gold == pred else Counts(fp=1, fn=1)


def compare_online(gold: Any, pred: Any) -> Counts:
    """`online` with true as the item: false and null both mean "not online"."""
    return compare_item(True if gold is True else None, True if pred is True else None)


def _date_pair(record: Mapping[str, Any]) -> tuple[Any, Any]:
    return record.get("date_start"), record.get("date_end")


def show_value(value: Any) -> str:
    """A value as JSON writes it (null, true, 12), for error lists and pages."""
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def score_set_field(name: str, gold: Sequence[Mapping[str, Any]],
                    predictions: Mapping[str, Mapping[str, Any]]) -> FieldScore:
    """Micro P/R/F1 of a set field (or the lenient organization score) over the rows."""
    answer = "organizations" if name == "organizations_lenient" else name
    result = FieldScore(name, "set", counts=Counts())
    for record in gold:
        if is_skipped(record, name):
            continue
        pred = predictions.get(record["id"], {})
        if name == "organizations_lenient":
            counts, missed, spurious = compare_lenient(record.get(answer) or (), pred.get(answer) or ())
        else:
            counts, missed, spurious = compare_sets(record.get(answer) or (), pred.get(answer) or (),
                                                    folder_for(name))
        result.rows += 1
        result.counts += counts
        if missed or spurious:
            result.errors.append(RowError(record["id"], missed, spurious))
    return result


def score_item_field(name: str, gold: Sequence[Mapping[str, Any]],
                     predictions: Mapping[str, Mapping[str, Any]]) -> FieldScore:
    """P/R/F1 of a one-value field (participants_total, online) over the rows."""
    compare = compare_online if name == "online" else compare_item
    result = FieldScore(name, "item", counts=Counts())
    for record in gold:
        if is_skipped(record, name):
            continue
        g, p = record.get(name), predictions.get(record["id"], {}).get(name)
        counts = compare(g, p)
        result.rows += 1
        result.counts += counts
        if counts.fp or counts.fn:
            if name == "online":
                result.errors.append(RowError(record["id"], ["true"] if counts.fn else [],
                                              ["true"] if counts.fp else []))
            else:
                result.errors.append(RowError(record["id"], [show_value(g)] if counts.fn else [],
                                              [show_value(p)] if counts.fp else []))
    return result


def score_dates(gold: Sequence[Mapping[str, Any]],
                predictions: Mapping[str, Mapping[str, Any]]) -> FieldScore:
    """Accuracy of the (date_start, date_end) pair; both null on both sides is right."""
    result = FieldScore("dates", "accuracy")
    for record in gold:
        if is_skipped(record, "dates"):
            continue
        g, p = _date_pair(record), _date_pair(predictions.get(record["id"], {}))
        result.rows += 1
        if g == p:
            result.correct += 1
        else:
            result.errors.append(RowError(record["id"], ["..".join(map(show_value, g))],
                                          ["..".join(map(show_value, p))]))
    return result


def score_sector(gold: Sequence[Mapping[str, Any]],
                 predictions: Mapping[str, Mapping[str, Any]]) -> FieldScore:
    """Accuracy, macro-F1 over the gold's classes, per-class report and confusion matrix.

    A missing prediction is the class "none", which counts as wrong; macro-F1
    averages over the classes present in the gold, so "none" never dilutes it.
    """
    from sklearn.metrics import classification_report, confusion_matrix, f1_score  # only here: slow to import

    result = FieldScore("sector", "classification")
    y_true: list[str] = []
    y_pred: list[str] = []
    for record in gold:
        if is_skipped(record, "sector"):
            continue
        g = record.get("sector") or NO_SECTOR
        p = predictions.get(record["id"], {}).get("sector") or NO_SECTOR
        y_true.append(g)
        y_pred.append(p)
        if g != p:
            result.errors.append(RowError(record["id"], [g], [p]))
    result.rows = len(y_true)
    result.correct = sum(a == b for a, b in zip(y_true, y_pred))
    if not y_true:
        return result
    gold_labels = sorted(set(y_true))
    labels = sorted(set(y_true) | set(y_pred))
    result.macro_f1 = float(f1_score(y_true, y_pred, labels=gold_labels, average="macro",
                                     zero_division=0))
    report = classification_report(y_true, y_pred, labels=labels, output_dict=True, zero_division=0)
    result.per_class = {label: {k: float(v) for k, v in report[label].items()} for label in labels}
    result.confusion = {"labels": labels,
                        "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist()}
    return result


def score_system(gold: Sequence[Mapping[str, Any]], predictions: Mapping[str, Mapping[str, Any]],
                 system: str = "ours") -> SystemScore:
    """Every score of one system; gold rows without a prediction count as empty predictions."""
    fields: dict[str, FieldScore] = {}
    for name in SCORE_FIELDS:
        if name in SET_FIELDS or name == "organizations_lenient":
            fields[name] = score_set_field(name, gold, predictions)
        elif name in ("online", "participants_total"):
            fields[name] = score_item_field(name, gold, predictions)
        elif name == "dates":
            fields[name] = score_dates(gold, predictions)
        else:
            fields[name] = score_sector(gold, predictions)
    missing = [record["id"] for record in gold if record["id"] not in predictions]
    return SystemScore(system, len(gold), missing, fields)
