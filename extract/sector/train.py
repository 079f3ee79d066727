"""Training and honest evaluation of the sector model.

Training data
- every row of a bundled report that sits under a mapped sector header, labelled by
  the header (the header decides, GUIDE.md);
- every other row with a sector in `annotations/*.jsonl`;
- every row of the other gold sets (extract/evaluation/gold_sets.py: the invented and the
  real-writing sets), labelled by its mapped sector header, else by its gold sector. Rows whose `ambiguous`
  lists "sector" are KEPT with the annotators' best reading: dropping them would
  lose the borderline rows the model most needs, and the best reading is still the
  likelier one. They are marked, and the metrics are also given without them;
- one pseudo-document per sector (its label and keywords from sectors.tsv) in every
  training set, never in a test set: the taxonomy's prior.
Each report is read in ONE format (the .txt export when both exist), so the same row
is never counted twice.

Evaluation (the model alone, on content: headers are hidden from it, since the
predictor gets header rows right by construction)
- leave-one-set-out: train on the other gold sets, test on the held-out one; per set, for
  the model alone and end to end (a mapped header decides, the model the other rows);
- repeated stratified k-fold (k=5, 3 repeats, fixed seeds); classes smaller than k
  are tested in only some folds, and a singleton class only when it is not trained on;
- the same splits for a majority-class and a keyword-count baseline.
"""
from __future__ import annotations

import hashlib
import json
import platform
import sys
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

from extract.records import Row
from extract.reports import read_report
from extract.sector.features import keyword_counts, prepare, pseudo_document, row_text
from extract.sector.model import build_pipeline
from extract.sector.predict import DEFAULT_ANNOTATIONS, DEFAULT_OUT, DEFAULT_SAMPLES
from extract.sector.taxonomy import DATA_FILE, header_sector, load_sectors, looks_like_sector_header, sector_codes

MODEL_FILE = "model.skops"
K_FOLDS = 5
REPEATS = 3
#: Preferred format when a report exists in several: the first listed wins.
FORMAT_PREFERENCE = (".txt", ".docx")


@dataclass(frozen=True)
class Example:
    """One labelled row: where it comes from, its text columns and its sector."""

    id: str
    report: str
    fields: dict[str, str] = field(compare=False)
    label: str
    source: str  # "header" or "annotation"
    ambiguous: bool = False
    set: str = "samples"  # the gold set it belongs to (extract/evaluation/gold_sets.py)


def report_files(samples: Path) -> list[Path]:
    """One file per report stem in a folder, in a stable order (.txt preferred over .docx)."""
    by_stem: dict[str, Path] = {}
    for path in sorted(samples.iterdir()):
        if path.suffix.lower() not in FORMAT_PREFERENCE or not path.is_file():
            continue
        held = by_stem.get(path.stem)
        if held is None or FORMAT_PREFERENCE.index(path.suffix.lower()) < FORMAT_PREFERENCE.index(held.suffix.lower()):
            by_stem[path.stem] = path
    return [by_stem[s] for s in sorted(by_stem)]


def load_annotations(folder: Path) -> dict[str, dict[str, Any]]:
    """Annotation records by id, from `folder/*.jsonl` (not its subfolders: drafts stay out)."""
    records: dict[str, dict[str, Any]] = {}
    if not folder.is_dir():
        return records
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["id"]] = record
    return records


def row_header_sector(row: Row) -> str | None:
    """The sector of a row's own headers: the first level, else the second."""
    return header_sector(row.section) or header_sector(row.subsection)


def assemble(samples: Path = DEFAULT_SAMPLES, annotations: Path = DEFAULT_ANNOTATIONS,
             warn: Callable[[str], None] | None = None, gold_sets: dict[str, Path] | None = None) -> list[Example]:
    """All labelled rows: header labels from the bundled reports, then annotation labels, then the
    rows of the other gold sets (`gold_sets`, default: all of extract/evaluation/gold_sets.py)."""
    warn = warn or (lambda message: None)
    codes = set(sector_codes())
    gold = load_annotations(annotations)
    examples: list[Example] = []
    seen: set[str] = set()
    for path in report_files(samples):
        for row in read_report(path).rows:
            seen.add(row.id)
            record = gold.get(row.id, {})
            ambiguous = "sector" in (record.get("ambiguous") or [])
            label = row_header_sector(row)
            if label is None:
                for header in (row.section, row.subsection):
                    if looks_like_sector_header(header):
                        warn(f"{row.id}: sector header not in the taxonomy: {header!r}")
                label, source = record.get("sector"), "annotation"
            else:
                source = "header"
                if record.get("sector") not in (None, label):
                    warn(f"{row.id}: annotation says {record['sector']!r}, header says {label!r}; header kept")
            if label is None:
                continue
            if label not in codes:
                warn(f"{row.id}: sector {label!r} is not in the closed list; row skipped")
                continue
            examples.append(Example(row.id, path.stem, dict(row.fields), label, source, ambiguous))
    for rid, record in sorted(gold.items()):  # annotated rows of reports not bundled: their own text
        if rid in seen or record.get("sector") not in codes or not record.get("fields"):
            continue
        examples.append(Example(rid, rid.rsplit("#", 1)[0], dict(record["fields"]), record["sector"],
                                "annotation", "sector" in (record.get("ambiguous") or [])))
    if gold_sets is None:
        from extract.evaluation.gold_sets import GOLD_SETS

        gold_sets = {name: path for name, path in GOLD_SETS.items() if path.resolve() != Path(annotations).resolve()}
    for name, folder in gold_sets.items():
        for rid, record in sorted(load_annotations(folder).items()):
            if rid in seen or not record.get("fields"):
                continue
            seen.add(rid)
            header = header_sector(record.get("section")) or header_sector(record.get("subsection"))
            label, source = (header, "header") if header else (record.get("sector"), "annotation")
            if label not in codes:
                continue
            examples.append(Example(rid, rid.rsplit("#", 1)[0], dict(record["fields"]), label, source,
                                    "sector" in (record.get("ambiguous") or []), name))
    return examples


def data_hash(examples: Sequence[Example], taxonomy: Path = DATA_FILE) -> str:
    """sha256 of what training sees: the taxonomy file and every example's id, label and text."""
    payload = {
        "taxonomy": taxonomy.read_text(encoding="utf-8"),
        "examples": sorted([e.id, e.label, e.source, e.ambiguous, row_text(e.fields)] for e in examples),
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def pseudo_documents() -> tuple[list[str], list[str]]:
    """(texts, labels): one prepared pseudo-document per sector, the taxonomy's prior."""
    sectors = load_sectors()
    return [pseudo_document(s) for s in sectors], [s.code for s in sectors]


def fit_model(texts: Sequence[str], labels: Sequence[str], seed: int):
    """The pipeline fitted on prepared texts plus the sector pseudo-documents."""
    prior_texts, prior_labels = pseudo_documents()
    return build_pipeline(seed).fit(list(texts) + prior_texts, list(labels) + prior_labels)


# --- predictors compared in evaluation: (train texts, train labels, test texts) -> predicted labels

def predict_model(seed: int) -> Callable[[list[str], list[str], list[str]], list[str]]:
    def run(train_x: list[str], train_y: list[str], test_x: list[str]) -> list[str]:
        return list(fit_model(train_x, train_y, seed).predict(test_x))
    return run


def predict_majority(train_x: list[str], train_y: list[str], test_x: list[str]) -> list[str]:
    return [_majority(train_y)] * len(test_x)


def predict_keywords(train_x: list[str], train_y: list[str], test_x: list[str]) -> list[str]:
    """Most taxonomy keywords wins; ties go to the more frequent training class; none → majority."""
    sectors = load_sectors()
    freq = Counter(train_y)
    out = []
    for text in test_x:
        counts = keyword_counts(text, sectors)
        best = max(counts.values())
        if best == 0:
            out.append(_majority(train_y))
        else:
            tied = [c for c in counts if counts[c] == best]
            out.append(max(tied, key=lambda c: (freq[c], -tied.index(c))))
    return out


def _majority(labels: Sequence[str]) -> str:
    counts = Counter(labels)
    return max(sorted(counts), key=lambda c: counts[c])


def _scores(y_true: Sequence[str], y_pred: Sequence[str], mask: Sequence[bool] | None = None) -> dict[str, float]:
    if mask is not None:
        y_true = [t for t, m in zip(y_true, mask) if m]
        y_pred = [p for p, m in zip(y_pred, mask) if m]
    if not y_true:
        return {"accuracy": float("nan"), "macro_f1": float("nan"), "n": 0}
    return {"accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
            "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 4),
            "n": len(y_true)}


def _mean(results: list[dict[str, float]]) -> dict[str, float]:
    keys = ("accuracy", "macro_f1")
    out: dict[str, float] = {k: round(float(np.mean([r[k] for r in results])), 4) for k in keys}
    out.update({f"{k}_std": round(float(np.std([r[k] for r in results])), 4) for k in keys})
    return out


def leave_one_set_out(examples: list[Example], texts: list[str],
                      systems: dict[str, Callable]) -> dict[str, Any]:
    """Train on all other gold sets, test on each set in turn: per-set and averaged scores, for each
    system alone and end to end (`with_headers`: a row under a mapped header gets the header's
    sector, as the predictor gives it; the model answers the rest)."""
    result = _leave_one_out(examples, texts, systems, key=lambda e: e.set)
    pooled = result.get("predictions", {}).get("model")
    if pooled is not None:
        covered = [e for e in examples if e.set in result["folds"]]
        end_to_end = [e.label if e.source == "header" else p for e, p in zip(covered, pooled)]
        for held in result["folds"]:
            idx = [i for i, e in enumerate(covered) if e.set == held]
            result["folds"][held]["with_headers"] = _scores([covered[i].label for i in idx],
                                                            [end_to_end[i] for i in idx])
        result["mean"]["with_headers"] = _mean([f["with_headers"] for f in result["folds"].values()])
    return result


def unsure_threshold_report(examples: list[Example], texts: list[str], seed: int) -> dict[str, Any]:
    """How right the model is below and above each score, left-one-set-out: where `UNSURE_BELOW`
    (extract/sector/predict.py) comes from."""
    from extract.sector.predict import UNSURE_BELOW

    scored: list[tuple[float, bool]] = []
    for held in sorted({e.set for e in examples}):
        test = [i for i, e in enumerate(examples) if e.set == held and e.source != "header"]
        train = [i for i, e in enumerate(examples) if e.set != held]
        if not test or not train:
            continue
        model = fit_model([texts[i] for i in train], [examples[i].label for i in train], seed)
        for i, probabilities in zip(test, model.predict_proba([texts[i] for i in test])):
            best = int(np.argmax(probabilities))
            scored.append((float(probabilities[best]), model.classes_[best] == examples[i].label))
    out: dict[str, Any] = {"rows": len(scored), "threshold": UNSURE_BELOW, "by_threshold": {}}
    for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        low, high = [ok for s, ok in scored if s < t], [ok for s, ok in scored if s >= t]
        out["by_threshold"][str(t)] = {"below": len(low), "accuracy_below": round(float(np.mean(low)), 4) if low else None,
                                       "above": len(high),
                                       "accuracy_above": round(float(np.mean(high)), 4) if high else None}
    return out


def _leave_one_out(examples: list[Example], texts: list[str], systems: dict[str, Callable],
                   key: Callable[[Example], str]) -> dict[str, Any]:
    """Train on all other groups (by `key`), test on each group in turn; per-group and averaged scores."""
    reports = sorted({key(e) for e in examples})
    labels = [e.label for e in examples]
    clear = [not e.ambiguous for e in examples]
    result: dict[str, Any] = {"folds": {}, "mean": {}, "mean_unambiguous": {}, "pooled": {}}
    pooled: dict[str, list[str]] = {name: [""] * len(examples) for name in systems}
    for held in reports:
        test = [i for i, e in enumerate(examples) if key(e) == held]
        train = [i for i, e in enumerate(examples) if key(e) != held]
        if not train or not test:
            continue
        fold = {"n_train": len(train), "n_test": len(test)}
        for name, system in systems.items():
            pred = system([texts[i] for i in train], [labels[i] for i in train], [texts[i] for i in test])
            for i, p in zip(test, pred):
                pooled[name][i] = p
            truth = [labels[i] for i in test]
            fold[name] = _scores(truth, pred)
            fold[name + "_unambiguous"] = _scores(truth, pred, [clear[i] for i in test])
        result["folds"][held] = fold
    folds = list(result["folds"].values())
    if len(folds) < 2:
        result["note"] = "fewer than two groups with labelled rows: no leave-one-out figures"
        return result
    covered = [i for i, e in enumerate(examples) if pooled[next(iter(systems))][i]]
    for name in systems:
        result["mean"][name] = _mean([f[name] for f in folds])
        result["mean_unambiguous"][name] = _mean([f[name + "_unambiguous"] for f in folds])
        result["pooled"][name] = _scores([labels[i] for i in covered], [pooled[name][i] for i in covered])
    result["predictions"] = {name: [pooled[name][i] for i in covered] for name in systems}
    result["truth"] = [labels[i] for i in covered]
    return result


def k_fold(examples: list[Example], texts: list[str], systems: dict[str, Callable], seed: int) -> dict[str, Any]:
    """Repeated stratified k-fold; each repeat's predictions are pooled and scored, then averaged."""
    labels = np.array([e.label for e in examples])
    clear = [not e.ambiguous for e in examples]
    k = K_FOLDS
    if len(examples) < 2 * k or Counter(labels.tolist()).most_common(1)[0][1] < k:
        return {"note": "too few labelled rows for k-fold cross-validation"}
    splitter = RepeatedStratifiedKFold(n_splits=k, n_repeats=REPEATS, random_state=seed)
    per_repeat: dict[str, list[list[str]]] = {name: [] for name in systems}
    current: dict[str, list[str]] = {}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The least populated class")
        for n, (train, test) in enumerate(splitter.split(np.zeros(len(labels)), labels)):
            if n % k == 0:
                current = {name: [""] * len(labels) for name in systems}
                for name in systems:
                    per_repeat[name].append(current[name])
            for name, system in systems.items():
                pred = system([texts[i] for i in train], labels[train].tolist(), [texts[i] for i in test])
                for i, p in zip(test, pred):
                    current[name][i] = p
    truth = labels.tolist()
    out: dict[str, Any] = {"k": k, "repeats": REPEATS, "mean": {}, "mean_unambiguous": {}}
    for name in systems:
        out["mean"][name] = _mean([_scores(truth, p) for p in per_repeat[name]])
        out["mean_unambiguous"][name] = _mean([_scores(truth, p, clear) for p in per_repeat[name]])
    out["first_repeat"] = {"truth": truth, "predictions": {n: per_repeat[n][0] for n in systems}}
    return out


def _confusion(truth: list[str], pred: list[str]) -> dict[str, Any]:
    order = [c for c in sector_codes() if c in set(truth) | set(pred)]
    return {"labels": order, "matrix": confusion_matrix(truth, pred, labels=order).tolist()}


def _versions() -> dict[str, str]:
    names = {"sklearn": "scikit-learn", "skops": "skops", "pymorphy3": "pymorphy3", "numpy": "numpy"}
    found = {key: metadata.version(dist) for key, dist in names.items()}
    found["python"] = platform.python_version()
    return found


def train(samples: Path = DEFAULT_SAMPLES, annotations: Path = DEFAULT_ANNOTATIONS,
          out: Path = DEFAULT_OUT, seed: int = 0, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Assemble, evaluate, fit on everything, and write model.skops, metrics.json, training.json, README.md."""
    import skops.io as sio

    log = log or (lambda message: print(message, file=sys.stderr))
    started = time.perf_counter()
    examples = assemble(samples, annotations, warn=lambda m: log(f"warning: {m}"))
    if not examples:
        raise ValueError("no labelled rows: no mapped sector headers and no annotations")
    texts = [prepare(e.fields) for e in examples]
    labels = [e.label for e in examples]
    systems = {"model": predict_model(seed), "majority": predict_majority, "keywords": predict_keywords}

    loso = leave_one_set_out(examples, texts, systems)
    folds = k_fold(examples, texts, systems, seed)
    metrics: dict[str, Any] = {
        "seed": seed,
        "n_rows": len(examples),
        "leave_one_set_out": {k: v for k, v in loso.items() if k not in ("predictions", "truth", "scores")},
        "k_fold": {k: v for k, v in folds.items() if k != "first_repeat"},
    }
    if "truth" in loso:
        metrics["leave_one_set_out"]["confusion_matrix"] = _confusion(loso["truth"], loso["predictions"]["model"])
        metrics["leave_one_set_out"]["classification_report"] = classification_report(
            loso["truth"], loso["predictions"]["model"], output_dict=True, zero_division=0)
        metrics["leave_one_set_out"]["unsure"] = unsure_threshold_report(examples, texts, seed)
    if "first_repeat" in folds:
        first = folds["first_repeat"]
        metrics["k_fold"]["confusion_matrix"] = _confusion(first["truth"], first["predictions"]["model"])
        metrics["k_fold"]["classification_report"] = classification_report(
            first["truth"], first["predictions"]["model"], output_dict=True, zero_division=0)

    pipeline = fit_model(texts, labels, seed)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / MODEL_FILE
    sio.dump(pipeline, model_path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    metrics["model_file_bytes"] = model_path.stat().st_size

    training = {
        "data_sha256": data_hash(examples),
        "n_rows": len(examples),
        "class_counts": dict(sorted(Counter(labels).items())),
        "sources": dict(sorted(Counter(e.source for e in examples).items())),
        "ambiguous_rows_kept": sum(e.ambiguous for e in examples),
        "reports": sorted({e.report for e in examples}),
        "report_files": [p.name for p in report_files(samples)],
        "annotation_files": sorted(p.name for p in annotations.glob("*.jsonl")) if annotations.is_dir() else [],
        "pseudo_documents": len(sector_codes()),
        "seed": seed,
        "trained_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "versions": _versions(),
    }
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "training.json").write_text(json.dumps(training, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "README.md").write_text(model_card(metrics, training), encoding="utf-8")
    log(f"sector model: {len(examples)} rows, {metrics['model_file_bytes'] / 1024:.0f} KiB, "
        f"{time.perf_counter() - started:.1f} s → {model_path}")
    return metrics


def _fmt(scores: dict[str, float] | None) -> str:
    if not scores:
        return "–"
    text = f"{scores['accuracy']:.3f} / {scores['macro_f1']:.3f}"
    if "accuracy_std" in scores:
        text += f" (± {scores['accuracy_std']:.3f} / {scores['macro_f1_std']:.3f})"
    return text


def model_card(metrics: dict[str, Any], training: dict[str, Any]) -> str:
    """The model card, written from metrics.json and training.json (regenerated on every training)."""
    loso, folds = metrics["leave_one_set_out"], metrics["k_fold"]
    lines = [
        "# Sector classifier",
        "",
        "Labels a report row with one of the ten sectors of `annotations/GUIDE.md` "
        "(`extract/data/sectors.tsv`). A row under a sector header takes the header's sector "
        "(score 1.0); any other row (municipal reports, enriched tables) gets this model's "
        "prediction and probability. Generated by `extract train-sector`; do not edit by hand.",
        "",
        "## Data",
        f"- {training['n_rows']} labelled rows from {', '.join(training['reports'])} "
        f"(files: {', '.join(training['report_files'])}; annotations: "
        f"{', '.join(training['annotation_files']) or 'none'}).",
        f"- Label sources: {training['sources']}; rows marked sector-ambiguous kept with their best "
        f"reading: {training['ambiguous_rows_kept']}.",
        f"- Class counts: {training['class_counts']}.",
        f"- Plus one pseudo-document per sector (label + keywords from sectors.tsv) as a prior.",
        f"- Training data sha256: `{training['data_sha256']}`; seed {training['seed']}; trained "
        f"{training['trained_at']}; versions {training['versions']}.",
        "",
        "## Model",
        "TF-IDF over lemma 1–2-grams and taxonomy-keyword tags (pymorphy3 "
        "lemmas of name + goal + participants), logistic regression with balanced class weights. "
        f"File: `model.skops`, {metrics['model_file_bytes'] / 1024:.0f} KiB, scikit-learn types only.",
        "",
        "## Scores (accuracy / macro-F1; the model on row content, headers hidden)",
        "",
        "| evaluation | model | keyword baseline | majority baseline |",
        "| --- | --- | --- | --- |",
    ]
    for title, block in (("leave-one-set-out, mean", loso.get("mean")),
                         ("leave-one-set-out, mean, sector-ambiguous rows not scored", loso.get("mean_unambiguous")),
                         (f"stratified {folds.get('k', K_FOLDS)}-fold × {folds.get('repeats', REPEATS)}", folds.get("mean")),
                         ("k-fold, sector-ambiguous rows not scored", folds.get("mean_unambiguous"))):
        if block:
            lines.append(f"| {title} | {_fmt(block.get('model'))} | {_fmt(block.get('keywords'))} | "
                         f"{_fmt(block.get('majority'))} |")
    for held, fold in loso.get("folds", {}).items():
        lines.append(f"| held out {held} ({fold['n_test']} rows, trained on {fold['n_train']}) | "
                     f"{_fmt(fold['model'])} | {_fmt(fold['keywords'])} | {_fmt(fold['majority'])} |")
    if "with_headers" in loso.get("mean", {}):
        lines += ["", "End to end, leave-one-set-out (a mapped sector header decides, the model the other rows): "
                  + ", ".join(f"{held} {fold['with_headers']['accuracy']:.3f}" for held, fold in loso["folds"].items())
                  + f"; mean {_fmt(loso['mean']['with_headers'])}."]
    if "unsure" in loso:
        unsure = loso["unsure"]
        lines += ["", f"Rows the model decides (no mapped header), left-one-set-out, {unsure['rows']} rows: "
                  "accuracy below / above a score of " + "; ".join(
                      f"{t}: {v['accuracy_below']} ({v['below']}) / {v['accuracy_above']} ({v['above']})"
                      for t, v in unsure["by_threshold"].items())
                  + f". A prediction scored below {unsure['threshold']} carries a warning."]
    if "confusion_matrix" in loso:
        cm = loso["confusion_matrix"]
        lines += ["", "Confusion matrix, leave-one-set-out (rows: truth, columns: predicted):", "",
                  "| | " + " | ".join(cm["labels"]) + " |", "|---" * (len(cm["labels"]) + 1) + "|"]
        lines += [f"| {label} | " + " | ".join(map(str, row)) + " |" for label, row in zip(cm["labels"], cm["matrix"])]
    lines += [
        "",
        "## Known weaknesses",
        "- Little data: the two real reports, eight invented sets and the real-writing set; the "
        "held-out-set figures measure transfer to another writer's rows, the honest estimate.",
        "- Sectors with one or no labelled row (employment, tourism, general, health) rest on "
        "the taxonomy keywords; their scores are noisy or unmeasured.",
        "- Mixed rows (a memorial ceremony with a concert, a school festival with research aims) "
        "are honestly ambiguous; the model gives one reading, the alternatives show the others.",
        "- Probabilities are logistic-regression probabilities, not separately calibrated.",
        "",
    ]
    return "\n".join(lines)
