"""Scores shown three ways: a terminal table (rich), a JSON file, a self-contained HTML page.

All three read the same `SystemScore` objects, and the table rows come from one
function, so the terminal and the page never disagree; the page marks a row's
values found, spurious or missed from the very error lists the JSON holds. It opens
on the scores and an index of the rows with errors, per field and system, linked;
below, only the rows with errors are shown until a switch shows them all (CSS
only). It highlights, per row, what each system found, added and missed, using
spaCy's displaCy in manual mode with inline styles only: it loads nothing from the
network. A field a system gives no value for in any row (an anchor has no sector,
counts or online flag) gets no table on the page.
"""
from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rich.console import Console
from rich.table import Table

from extract.output.atomic import atomic_writer
from extract.evaluation.anchors import country_gazetteer
from extract.evaluation.folding import folder_for, lemma_words, word_spans
from extract.evaluation.gold import COUNTRY_FIELDS
from extract.evaluation.scoring import SCORE_FIELDS, RowError, SystemScore, is_skipped, show_value

#: Which answer keys each column's highlights show.
COLUMN_FIELDS: dict[str, tuple[str, ...]] = {
    "goal": ("countries", "settlements", "organizations", "persons"),
    "participants": ("countries", "settlements", "organizations", "persons"),
    "place": ("place_countries", "place_settlements"),
    "dates": (),
}
FIELD_LABEL: dict[str, str] = {
    "countries": "COUNTRY", "place_countries": "COUNTRY", "settlements": "SETTLEMENT",
    "place_settlements": "SETTLEMENT", "organizations": "ORG", "persons": "PER",
}
LABEL_FIELD: dict[tuple[str, str], str] = {
    (label, column): field
    for column, fields in COLUMN_FIELDS.items() for field in fields
    for label in [FIELD_LABEL[field]]
}
STATUS_COLOURS: dict[str, str] = {"found": "#9be3b0", "spurious": "#f7a3a3", "missed": "#ffd27a"}
SUMMARY_FIELDS: tuple[str, ...] = ("dates", "participants_total", "online", "sector")


def _num(value: float) -> str:
    return f"{value:.3f}"


def metric_rows(scores: Sequence[SystemScore]) -> list[tuple[str, str, int, list[str]]]:
    """The score table as (field, metric, rows scored, one cell per system)."""
    rows: list[tuple[str, str, int, list[str]]] = []
    if not scores:
        return rows
    for name in SCORE_FIELDS:
        first = scores[0].fields[name]
        fields = [s.fields[name] for s in scores]
        if first.counts is not None:
            metric = "F1 (P/R)"
            cells = [f"{f.counts.f1:.3f} ({f.counts.precision:.2f} / {f.counts.recall:.2f})" for f in fields]
        elif first.kind == "classification":
            metric = "acc (mF1)"
            cells = [f"{f.accuracy:.3f} ({f.macro_f1 or 0.0:.2f})" for f in fields]
        else:
            metric = "accuracy"
            cells = [f"{f.accuracy:.3f}" for f in fields]
        rows.append((name, metric, first.rows, cells))
    return rows


def render_table(scores: Sequence[SystemScore], console: Console | None = None, *,
                 errors: int = 0) -> None:
    """Print the score table; with `errors` > 0, also that many error rows per field of the first system."""
    console = console or Console()
    table = Table(title=f"extract evaluate — {scores[0].rows} gold rows" if scores else "extract evaluate")
    for column in ("field", "metric", "n"):
        table.add_column(column, justify="right" if column == "n" else "left")
    for score in scores:
        table.add_column(score.system, justify="right")
    for name, metric, n, cells in metric_rows(scores):
        table.add_row(name, metric, str(n), *cells)
    console.print(table)
    if not errors or not scores:
        return
    first = scores[0]
    for name, field in first.fields.items():
        if not field.errors:
            continue
        console.print(f"[bold]{first.system} · {name}[/bold]: {len(field.errors)} rows with errors")
        for error in field.errors[:errors]:
            console.print(f"  {error.id}  missed: {error.missed}  spurious: {error.spurious}",
                          markup=False, highlight=False)


def write_json(path: Path, scores: Sequence[SystemScore], **extra: Any) -> None:
    """All scores, per system, with their error lists, plus whatever the run adds (sources, timings)."""
    payload = {**extra, "systems": {s.system: s.to_dict() for s in scores}}
    with atomic_writer(path) as handle:  # a missing folder is made; a broken run leaves no half file
        handle.write(json.dumps(payload, ensure_ascii=False, indent=2))


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    label: str
    status: str
    rank: int  # lower wins an overlap: offsets the system gave beat values located by search


def _sequences(field: str, value: str) -> list[tuple[str, ...]]:
    """The lemma sequences a value may appear as in a text (a country code by its names)."""
    if field in COUNTRY_FIELDS:
        return country_gazetteer().names(value) or [lemma_words(value)]
    return [lemma_words(value)]


def locate(text: str, field: str, value: str) -> list[tuple[int, int]]:
    """Where a value appears in a text, matching words by dictionary form."""
    words = word_spans(text)
    lemmas = [w[2] for w in words]
    spans = []
    for sequence in _sequences(field, value):
        n = len(sequence)
        if not n:
            continue
        for i in range(len(lemmas) - n + 1):
            if tuple(lemmas[i:i + n]) == sequence:
                spans.append((words[i][0], words[i + n - 1][1]))
    # "Беларусь" inside "Республики Беларусь" is the same mention, not a second one
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def _statuses(field: str, pred: Mapping[str, Any], error: RowError | None) -> dict[str, list[str]]:
    """A row's values of one field split into found (pred spelling), spurious and missed, as scored."""
    key = folder_for(field)
    missed, spurious = (list(error.missed), list(error.spurious)) if error else ([], [])
    wrong = {key(v) for v in spurious}
    found = [v for v in dict.fromkeys(pred.get(field) or ()) if isinstance(v, str) and v.strip() and key(v) not in wrong]
    return {"found": found, "spurious": spurious, "missed": missed}


def _row_highlights(gold: Mapping[str, Any], pred: Mapping[str, Any], errors: Mapping[str, RowError]
                    ) -> tuple[dict[str, list[Highlight]], list[tuple[str, str, str]]]:
    """Highlights per column and the (field, status, value) triples found nowhere in the text."""
    texts = gold.get("fields") or {}
    spans: dict[str, list[Highlight]] = {column: [] for column in COLUMN_FIELDS}
    unplaced: list[tuple[str, str, str]] = []
    for field in dict.fromkeys(f for fields in COLUMN_FIELDS.values() for f in fields):
        if is_skipped(gold, field):
            continue
        statuses = _statuses(field, pred, errors.get(field))
        key = folder_for(field)
        status_of = {key(v): s for s in ("found", "spurious") for v in statuses[s]}
        placed: set[str] = set()
        columns = [c for c, fs in COLUMN_FIELDS.items() if field in fs]
        for mention in pred.get("mentions") or ():
            column = mention.get("field")
            if LABEL_FIELD.get((mention.get("label"), column)) != field:
                continue
            value = mention.get("normal") or mention.get("text") or ""
            status = status_of.get(key(value))
            if status and isinstance(mention.get("start"), int) and isinstance(mention.get("end"), int):
                spans[column].append(Highlight(mention["start"], mention["end"], FIELD_LABEL[field], status, 0))
                placed.add(key(value))
        for status, values in statuses.items():
            for value in values:
                if status != "missed" and key(value) in placed:
                    continue
                hits = [(c, s) for c in columns for s in locate(texts.get(c) or "", field, value)]
                for column, (start, end) in hits:
                    spans[column].append(Highlight(start, end, FIELD_LABEL[field], status, 1))
                if not hits:
                    unplaced.append((field, status, value))
    for mention in pred.get("mentions") or ():
        if mention.get("field") == "dates" and mention.get("label") == "DATE":
            spans["dates"].append(Highlight(mention["start"], mention["end"], "DATE",
                                            "spurious" if "dates" in errors else "found", 0))
    return spans, unplaced


def _without_overlaps(highlights: list[Highlight]) -> tuple[list[Highlight], list[Highlight]]:
    """Highlights displaCy can draw (no two overlap), and those left out."""
    kept: list[Highlight] = []
    dropped: list[Highlight] = []
    for h in sorted(set(highlights), key=lambda h: (h.rank, -(h.end - h.start), h.start)):
        if all(h.end <= k.start or h.start >= k.end for k in kept):
            kept.append(h)
        else:
            dropped.append(h)
    return sorted(kept, key=lambda h: h.start), dropped


def _displacy(text: str, highlights: list[Highlight]) -> str:
    from spacy import displacy

    colours = {f"{label} {status}".upper(): colour for status, colour in STATUS_COLOURS.items()
               for label in ("COUNTRY", "SETTLEMENT", "ORG", "PER", "DATE")}
    ents = [{"start": h.start, "end": h.end, "label": f"{h.label} {h.status}"} for h in highlights]
    return displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True,
                           page=False, options={"colors": colours})


def _summary_value(record: Mapping[str, Any], field: str) -> str:
    if field == "dates":
        return f"{show_value(record.get('date_start'))} .. {show_value(record.get('date_end'))}"
    return show_value(record.get(field))


def _errors_html(errors: Mapping[str, RowError]) -> str:
    """The row's errors of one system, field by field, as the scores count them."""
    items = [f"<li class='{status}' data-field='{name}' data-status='{status}'>{name} · {status}: "
             f"<span class='value'>{html.escape(value)}</span></li>"
             for name in SCORE_FIELDS if name in errors
             for status in ("missed", "spurious") for value in getattr(errors[name], status)]
    return f"<ul class='errors'>{''.join(items)}</ul>" if items else "<p>No errors.</p>"


def _row_html(gold: Mapping[str, Any], system: str, pred: Mapping[str, Any] | None, opened: bool,
              errors: Mapping[str, RowError], fields: Sequence[str]) -> str:
    """One system's view of one row: its errors, the texts highlighted, the single values of `fields`."""
    texts = gold.get("fields") or {}
    pred = pred or {}
    spans, unplaced = _row_highlights(gold, pred, errors)
    parts = [f"<details data-system='{html.escape(system)}'{' open' if opened else ''}><summary>"
             f"{html.escape(system)}{'' if pred else ' — no prediction for this row'}"
             f"{f' — errors in {len(errors)} field(s)' if errors else ''}</summary>", _errors_html(errors)]
    overlapping: list[tuple[str, str, str]] = []
    for column in COLUMN_FIELDS:
        text = texts.get(column) or ""
        kept, dropped = _without_overlaps(spans[column])
        overlapping += [(h.label, h.status, text[h.start:h.end]) for h in dropped]
        parts.append(f"<h4>{column}</h4>{_displacy(text, kept) if text.strip() else '<p>—</p>'}")
    for title, items in (("Not located in the text", unplaced), ("Inside another highlight", overlapping)):
        if items:
            lis = "".join(f"<li class='{s}'>{html.escape(f)} · {s}: {html.escape(v)}</li>" for f, s, v in items)
            parts.append(f"<p>{title}:</p><ul>{lis}</ul>")
    rows = []
    for field in (f for f in SUMMARY_FIELDS if f in fields):
        g, p = _summary_value(gold, field), _summary_value(pred, field)
        skipped = is_skipped(gold, field)
        verdict = "skipped" if skipped else "spurious" if field in errors else "found"
        rows.append(f"<tr class='{verdict}'><td>{field}</td><td>{html.escape(g)}</td><td>{html.escape(p)}</td>"
                    f"<td>{'ambiguous' if skipped else '✗' if field in errors else '✓'}</td></tr>")
    if rows:
        parts.append("<table class='summary'><tr><th>field</th><th>gold</th><th>predicted</th><th></th></tr>"
                     + "".join(rows) + "</table>")
    parts.append("</details>")
    return "".join(parts)


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;max-width:70em}
table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:0.25em 0.6em}
td.num{text-align:right;font-variant-numeric:tabular-nums}
section.row{border-top:2px solid #888;margin-top:1.5em}
tr.found td:last-child{background:#9be3b0}tr.spurious td:last-child{background:#f7a3a3}
tr.skipped td:last-child{background:#ddd}
li.found{background:#9be3b0}li.spurious{background:#f7a3a3}li.missed{background:#ffd27a}
.legend span{padding:0.2em 0.6em;margin-right:0.6em;border-radius:0.3em}
table.index td{vertical-align:top}table.index a{margin-right:0.5em}
ul.errors li{margin:0.1em 0}
#all-rows:not(:checked) ~ section.row:not(.has-errors):not(:target){display:none}
"""


def _confusion_html(score: SystemScore) -> str:
    confusion = score.fields["sector"].confusion
    if not confusion:
        return ""
    labels = confusion["labels"]
    head = "".join(f"<th>{html.escape(l)}</th>" for l in labels)
    body = "".join(f"<tr><th>{html.escape(l)}</th>" + "".join(f"<td class='num'>{v}</td>" for v in row) + "</tr>"
                   for l, row in zip(labels, confusion["matrix"]))
    return (f"<h3>sector confusion — {html.escape(score.system)} (rows gold, columns predicted)</h3>"
            f"<table><tr><th></th>{head}</tr>{body}</table>")


#: The record keys a score reads, to tell whether a system gives any value for it.
_SCORE_KEYS: dict[str, tuple[str, ...]] = {"dates": ("date_start", "date_end"),
                                           "organizations_lenient": ("organizations",)}


def covered_fields(predictions: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The scores a system gives a value for in at least one row (an anchor has no sector, for one)."""
    return [name for name in SCORE_FIELDS
            if any(record.get(key) not in (None, [], "") for record in predictions.values()
                   for key in _SCORE_KEYS.get(name, (name,)))]


def _errors_by_row(score: SystemScore) -> dict[str, dict[str, RowError]]:
    """Row id → score → what the system got wrong there: the error lists of the scores (and the JSON)."""
    by_row: dict[str, dict[str, RowError]] = {}
    for name, field in score.fields.items():
        for error in field.errors:
            by_row.setdefault(error.id, {})[name] = error
    return by_row


def _link(row_id: str) -> str:
    return f"<a href='#{quote(row_id, safe='/')}'>{html.escape(row_id)}</a>"


def _index_html(scores: Sequence[SystemScore], covered: Mapping[str, Sequence[str]]) -> str:
    """Per field and system, the rows with errors, each a link to the row; the first system's open."""
    header = "".join(f"<th>{html.escape(s.system)}</th>" for s in scores)
    rows = []
    for name in SCORE_FIELDS:
        cells = []
        for i, score in enumerate(scores):
            errors = score.fields[name].errors
            if name not in covered[score.system]:
                cells.append("<td>no values</td>")
            elif not errors:
                cells.append("<td>none</td>")
            else:
                links = " ".join(_link(e.id) for e in errors)
                cells.append(f"<td>{len(errors)} row(s): {links}</td>" if i == 0 else
                             f"<td><details><summary>{len(errors)} row(s)</summary>{links}</details></td>")
        rows.append(f"<tr><td>{name}</td>{''.join(cells)}</tr>")
    return (f"<h2>Rows with errors</h2><table class='index'><tr><th>field</th>{header}</tr>{''.join(rows)}</table>")


def write_html(path: Path, gold: Sequence[Mapping[str, Any]],
               predictions: Mapping[str, Mapping[str, Mapping[str, Any]]],
               scores: Sequence[SystemScore], notes: Sequence[str] = ()) -> None:
    """A self-contained page: the scores, the index of rows with errors, then the rows as each system saw them."""
    header = "".join(f"<th>{html.escape(s.system)}</th>" for s in scores)
    table = "".join(f"<tr><td>{name}</td><td>{metric}</td><td class='num'>{n}</td>"
                    + "".join(f"<td class='num'>{c}</td>" for c in cells) + "</tr>"
                    for name, metric, n, cells in metric_rows(scores))
    covered = {s.system: covered_fields(predictions.get(s.system, {})) for s in scores}
    errors = {s.system: _errors_by_row(s) for s in scores}
    first = scores[0].system if scores else ""
    with_errors = sum(1 for record in gold if record["id"] in errors.get(first, {}))
    legend = "".join(f"<span style='background:{c}'>{s}</span>" for s, c in STATUS_COLOURS.items())
    body = [f"<h1>extract evaluate</h1><p>{len(gold)} gold rows.</p>",
            "".join(f"<p>{html.escape(n)}</p>" for n in notes),
            f"<table><tr><th>field</th><th>metric</th><th>n</th>{header}</tr>{table}</table>",
            _index_html(scores, covered) if scores else "",
            "".join(_confusion_html(s) for s in scores if "sector" in covered[s.system]),
            f"<h2>Rows</h2><p class='legend'>{legend} (fields a row marks ambiguous are not highlighted)</p>",
            f"<input type='checkbox' id='all-rows'><label for='all-rows'> show all {len(gold)} rows "
            f"(otherwise the {with_errors} where {html.escape(first)} has errors, and any row a link leads to)</label>"]
    for record in gold:
        name = (record.get("fields") or {}).get("name") or ""
        flagged = " has-errors" if record["id"] in errors.get(first, {}) else ""
        body.append(f"<section class='row{flagged}' id='{html.escape(record['id'])}'>"
                    f"<h2>{html.escape(record['id'])}</h2><p><b>{html.escape(name)}</b></p>")
        for i, score in enumerate(scores):
            body.append(_row_html(record, score.system, predictions.get(score.system, {}).get(record["id"]), i == 0,
                                  errors[score.system].get(record["id"], {}), covered[score.system]))
        body.append("</section>")
    page = (f"<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>extract evaluate</title>"
            f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>")
    with atomic_writer(path) as handle:
        handle.write(page)
