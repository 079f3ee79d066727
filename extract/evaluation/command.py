"""`extract evaluate`: score our extractor (or a prediction file) and the baselines on annotated rows."""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from extract.evaluation.anchors import ANCHORS, AnchorUnavailable, load_anchor
from extract.evaluation.gold import EvaluationInputError, load_gold, load_predictions
from extract.evaluation.report import render_table, write_html, write_json
from extract.evaluation.scoring import SCORE_FIELDS, SystemScore, score_system
from extract.records import ReportInfo, Row

#: Aliases accepted by --min besides the score names themselves.
MIN_ALIASES: dict[str, str] = {"participants": "participants_total", "org_lenient": "organizations_lenient"}
#: The columns whose length the timings divide by.
TIMED_COLUMNS: tuple[str, ...] = ("place", "dates", "goal", "participants")


def register(subparsers: Any) -> None:
    """Add the `evaluate` subcommand to the toolkit's argparse subparsers."""
    parser = subparsers.add_parser(
        "evaluate", help="score the extractor against annotated rows",
        description="Score our extractor (or a prediction file) against annotations, "
                    "optionally beside the natasha and pullenti baselines.")
    parser.add_argument("gold", type=Path, help="an annotations .jsonl file or a folder of them")
    parser.add_argument("--pred", type=Path, help="score this .jsonl of records instead of running our extractor")
    parser.add_argument("--baseline", action="append", default=[], choices=sorted(ANCHORS),
                        help="also run this baseline on the same rows (repeatable)")
    parser.add_argument("--json", type=Path, dest="json_out", help="write all scores and error lists here")
    parser.add_argument("--html", type=Path, dest="html_out", help="write a self-contained HTML page here")
    parser.add_argument("--min", action="append", default=[], metavar="FIELD=VALUE", dest="minimums",
                        help="exit 1 when our score for FIELD falls below VALUE (repeatable)")
    parser.add_argument("--errors", type=int, default=5, metavar="N",
                        help="print up to N error rows per field for our system (0: none)")
    parser.set_defaults(func=run)


def rows_from_gold(gold: Iterable[dict[str, Any]], source: str = "annotation") -> list[Row]:
    """The report rows an annotation file describes, as the extractor would receive them."""
    rows = []
    for record in gold:
        report = record.get("report") or {}
        stem = report.get("stem") or record["id"].rsplit("#", 1)[0]
        info = ReportInfo(source=source, stem=stem, format="annotation", year=report.get("year"),
                          quarter=report.get("quarter"), level=report.get("level"))
        rows.append(Row(record["id"], record["row"], record.get("section"), record.get("subsection"),
                        dict(record.get("fields") or {}), info))
    return rows


def parse_minimums(specs: Sequence[str]) -> dict[str, float]:
    """FIELD=VALUE pairs, checked: an unknown field or a bad number is an input error."""
    minimums: dict[str, float] = {}
    for spec in specs:
        name, _, value = spec.partition("=")
        name = MIN_ALIASES.get(name.strip(), name.strip())
        if name not in SCORE_FIELDS:
            raise EvaluationInputError(f"--min {spec}: unknown field; choose from {', '.join(SCORE_FIELDS)}")
        try:
            minimums[name] = float(value)
        except ValueError:
            raise EvaluationInputError(f"--min {spec}: {value!r} is not a number") from None
    return minimums


def _timed(extract: Callable[[list[Row]], Iterator[dict[str, Any]]], rows: list[Row]
           ) -> tuple[dict[str, dict[str, Any]], float]:
    started = time.perf_counter()
    records = {r["id"]: r for r in extract(rows) if isinstance(r, dict) and "id" in r}
    return records, time.perf_counter() - started


def _ours(args: argparse.Namespace, rows: list[Row]
          ) -> tuple[dict[str, dict[str, Any]], str, float | None]:
    """Our predictions: the given file, or the pipeline run on the rows (empty if it is not built yet)."""
    if args.pred is not None:
        return load_predictions(args.pred), f"predictions from {args.pred}", None
    try:  # the pipeline imports its parts lazily, so a missing part may surface while it runs
        from extract.pipeline import extract_records

        records, seconds = _timed(extract_records, rows)
    except ImportError as error:
        _say(f"extract.pipeline is not usable ({error}); scoring an empty prediction for ours")
        return {}, "empty (extract.pipeline not usable)", None
    except Exception as error:  # noqa: BLE001 - reported as one line naming where it broke
        frame = traceback.extract_tb(error.__traceback__)[-1]
        raise EvaluationInputError(f"extract.pipeline failed: {type(error).__name__}: {error} "
                                   f"({frame.filename}:{frame.lineno})") from None
    return records, "extract.pipeline.extract_records", seconds


def run(args: argparse.Namespace) -> int:
    """Score, print, write; 0 when all is well, 1 when a --min is not met, 2 on bad input."""
    console = Console()
    if not console.is_terminal:  # a pipe or a log: do not squeeze the table into 80 columns
        console = Console(width=160)
    try:
        minimums = parse_minimums(args.minimums)
        gold = load_gold(args.gold)
        rows = rows_from_gold(gold, source=str(args.gold))
        predictions: dict[str, dict[str, dict[str, Any]]] = {}
        sources: dict[str, str] = {}
        timings: dict[str, dict[str, float]] = {}
        chars = sum(len(r.fields.get(c) or "") for r in rows for c in TIMED_COLUMNS)
        predictions["ours"], sources["ours"], seconds = _ours(args, rows)
        if seconds is not None:
            timings["ours"] = _timing(seconds, chars)
    except EvaluationInputError as error:
        _say(f"extract: error: {error}")
        return 2
    unavailable: dict[str, str] = {}
    warnings: dict[str, dict[str, list[str]]] = {}
    for name in dict.fromkeys(args.baseline):
        try:
            started = time.perf_counter()
            anchor = load_anchor(name)
            loaded = time.perf_counter() - started
        except AnchorUnavailable as error:
            unavailable[name] = str(error)
            _say(str(error))
            continue
        predictions[name], seconds = _timed(anchor.extract_records, rows)
        sources[name] = f"baseline {name}"
        failures = {rid: r["warnings"] for rid, r in predictions[name].items() if r.get("warnings")}
        if failures:
            warnings[name] = failures
            _say(f"{name}: failed on texts of {len(failures)} rows, scored as finding nothing there "
                 f"(see warnings in --json)")
        timings[name] = {**_timing(seconds, chars), "load_seconds": round(loaded, 3)}
    scores = [score_system(gold, preds, system) for system, preds in predictions.items()]
    missing = scores[0].missing if args.pred is not None else []
    if missing:
        _say(f"{len(missing)} gold rows have no record in {args.pred} (scored as empty): "
             + ", ".join(missing[:20]) + (f" and {len(missing) - 20} more" if len(missing) > 20 else ""))
    render_table(scores, console, errors=max(args.errors, 0))
    notes = [f"{system}: {source}" for system, source in sources.items()]
    notes += [f"{name}: {message}" for name, message in unavailable.items()]
    try:
        if args.json_out:
            write_json(args.json_out, scores, gold=str(args.gold), rows=len(gold), sources=sources,
                       unavailable=unavailable, timings=timings, warnings=warnings)
        if args.html_out:
            write_html(args.html_out, gold, predictions, scores, notes)
    except OSError as error:
        _say(f"extract: error: cannot write {error.filename}: {error.strerror}")
        return 2
    return _check_minimums(scores[0], minimums)


def _say(message: str) -> None:
    """One line on stderr: notices and errors stay out of the table on stdout."""
    print(message, file=sys.stderr)


def _timing(seconds: float, chars: int) -> dict[str, float]:
    return {"seconds": round(seconds, 3), "chars": chars,
            "seconds_per_1000_chars": round(1000 * seconds / chars, 4) if chars else 0.0}


def _check_minimums(ours: SystemScore, minimums: dict[str, float]) -> int:
    below = [(name, ours.fields[name].headline, floor) for name, floor in minimums.items()
             if ours.fields[name].headline < floor]
    if not below:
        return 0
    _say("below minimum: " + "; ".join(f"{name} {value:.3f} < {floor}" for name, value, floor in below))
    return 1
