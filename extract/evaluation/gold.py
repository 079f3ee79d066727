"""Load annotation files and check them against the guide's record format.

An evaluation is only as good as its gold: a typo in a sector code or a date in
the wrong format would silently count as an extractor error. So every gold file
is checked first, and each problem is reported as "file:line: what is wrong".
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

SECTORS: tuple[str, ...] = (
    "economy", "culture", "education_science", "social", "youth_patriotic",
    "sport", "tourism", "health", "employment", "general",
)
PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "half_year", "year")
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "over", "under")
#: Countries without an ISO 3166-1 code, written by their Russian short name.
NON_ISO_COUNTRIES: frozenset[str] = frozenset({"Абхазия", "Южная Осетия"})

SET_FIELDS: tuple[str, ...] = (
    "countries", "settlements", "organizations", "persons", "place_countries", "place_settlements",
)
COUNTRY_FIELDS: tuple[str, ...] = ("countries", "place_countries")
#: Every answer key of a record; `ambiguous` may name these, or "dates" for the date triple.
ANSWER_FIELDS: tuple[str, ...] = (
    "sector", "date_start", "date_end", "date_precision", "online", *SET_FIELDS,
    "participants_total", "participants_qualifier",
)
AMBIGUOUS_NAMES: frozenset[str] = frozenset({*ANSWER_FIELDS, "dates"})
RAW_FIELDS: tuple[str, ...] = ("name", "place", "dates", "goal", "participants")
_ID = re.compile(r"^(?P<stem>.+)#(?P<row>\d+)$")


class EvaluationInputError(Exception):
    """A file the evaluator cannot use; the message names the file and line."""


@dataclass(frozen=True)
class Loaded:
    """One JSON Lines record and where it came from, so problems can point at it."""

    record: dict[str, Any]
    path: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def read_jsonl(path: Path) -> list[Loaded]:
    """Every non-blank line of a .jsonl file parsed as a JSON object."""
    path = Path(path)
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file")
    loaded: list[Loaded] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise EvaluationInputError(f"{path}:{number}: invalid JSON: {error.msg}") from None
            if not isinstance(record, dict):
                raise EvaluationInputError(f"{path}:{number}: a record must be a JSON object")
            loaded.append(Loaded(record, path, number))
    return loaded


def gold_files(location: Path) -> list[Path]:
    """The annotation files at a location: the file itself, or a folder's *.jsonl."""
    location = Path(location)
    if location.is_dir():
        files = sorted(location.glob("*.jsonl"))
        if not files:
            raise EvaluationInputError(f"{location}: no *.jsonl files in this folder")
        return files
    if not location.is_file():
        raise EvaluationInputError(f"{location}: no such file or folder")
    return [location]


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_country(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    if value in NON_ISO_COUNTRIES:
        return True
    return len(value) == 2 and value.isupper() and pycountry.countries.get(alpha_2=value) is not None


def _string_list_problems(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return [f"{key} must be a list of non-empty strings, got {value!r}"]
    problems = []
    if len(set(value)) != len(value):
        problems.append(f"{key} repeats a value: {value!r}")
    if key in COUNTRY_FIELDS:
        problems += [f"{key}: {v!r} is not an ISO 3166-1 alpha-2 code nor one of "
                     f"{sorted(NON_ISO_COUNTRIES)}" for v in value if not _is_country(v)]
    return problems


def validate_record(record: dict[str, Any], stem: str | None = None) -> list[str]:
    """What is wrong with one gold record (empty when nothing is)."""
    problems: list[str] = []
    rid, row = record.get("id"), record.get("row")
    match = _ID.match(rid) if isinstance(rid, str) else None
    if match is None:
        problems.append(f'id must look like "<stem>#<row>", got {rid!r}')
    else:
        if stem is not None and match["stem"] != stem:
            problems.append(f"id {rid!r} does not start with the file's stem {stem!r}")
        if not isinstance(row, int) or isinstance(row, bool) or int(match["row"]) != row:
            problems.append(f"row {row!r} does not match the id {rid!r}")
    for key in ("section", "subsection"):
        if record.get(key) is not None and not isinstance(record.get(key), str):
            problems.append(f"{key} must be a string or null")
    report = record.get("report")
    if report is not None and not isinstance(report, dict):
        problems.append("report must be an object or absent")
    fields = record.get("fields")
    if not isinstance(fields, dict) or not all(isinstance(fields.get(k), str) for k in RAW_FIELDS):
        problems.append(f"fields must hold the raw texts {list(RAW_FIELDS)}")
    if record.get("sector") not in SECTORS:
        problems.append(f"sector {record.get('sector')!r} is not one of {list(SECTORS)}")
    problems += _date_problems(record)
    if not isinstance(record.get("online"), bool):
        problems.append(f"online must be true or false, got {record.get('online')!r}")
    for key in SET_FIELDS:
        problems += _string_list_problems(record, key)
    problems += _count_problems(record)
    ambiguous = record.get("ambiguous")
    if not isinstance(ambiguous, list):
        problems.append("ambiguous must be a list of field names")
    else:
        problems += [f"ambiguous names {name!r}, which is not a field" for name in ambiguous
                     if name not in AMBIGUOUS_NAMES]
    if not isinstance(record.get("annotator"), str) or not record.get("annotator"):
        problems.append("annotator must name who annotated the row")
    if record.get("checked") is not True:
        problems.append("checked must be true (a second reading agreed)")
    if record.get("comment") is not None and not isinstance(record.get("comment"), str):
        problems.append("comment must be a string or null")
    return problems


def _date_problems(record: dict[str, Any]) -> list[str]:
    start, end, precision = record.get("date_start"), record.get("date_end"), record.get("date_precision")
    if start is None and end is None and precision is None:
        return []
    problems = [f"{key} {value!r} is not an ISO date (YYYY-MM-DD)"
                for key, value in (("date_start", start), ("date_end", end)) if not _is_iso_date(value)]
    if not problems and start > end:
        problems.append(f"date_start {start} is after date_end {end}")
    if precision not in PRECISIONS:
        problems.append(f"date_precision {precision!r} is not one of {list(PRECISIONS)}")
    return problems


def _count_problems(record: dict[str, Any]) -> list[str]:
    total, qualifier = record.get("participants_total"), record.get("participants_qualifier")
    if total is None:
        return [] if qualifier is None else ["participants_qualifier must be null when the total is null"]
    problems = []
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        problems.append(f"participants_total must be a non-negative integer or null, got {total!r}")
    if qualifier not in QUALIFIERS:
        problems.append(f"participants_qualifier {qualifier!r} is not one of {list(QUALIFIERS)}")
    return problems


def validate(loaded: Iterable[Loaded]) -> list[str]:
    """Problems of many records, each as "file:line: problem"; ids must be unique across all."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for item in loaded:
        for problem in validate_record(item.record, stem=item.path.stem):
            problems.append(f"{item.where}: {problem}")
        rid = item.record.get("id")
        if isinstance(rid, str):
            if rid in seen:
                problems.append(f"{item.where}: id {rid!r} repeats the record at {seen[rid]}")
            else:
                seen[rid] = item.where
    return problems


def load_gold(location: Path) -> list[dict[str, Any]]:
    """Read and check the gold at a file or folder; raise with the first problem found."""
    loaded = [item for path in gold_files(location) for item in read_jsonl(path)]
    if not loaded:
        raise EvaluationInputError(f"{location}: no records")
    problems = validate(loaded)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise EvaluationInputError(problems[0] + more)
    return [item.record for item in loaded]


def load_predictions(path: Path) -> dict[str, dict[str, Any]]:
    """A system's records by id; only `id` is required, missing answers count as empty."""
    predictions: dict[str, dict[str, Any]] = {}
    for item in read_jsonl(path):
        rid = item.record.get("id")
        if not isinstance(rid, str):
            raise EvaluationInputError(f"{item.where}: a prediction needs a string id")
        if rid in predictions:
            raise EvaluationInputError(f"{item.where}: id {rid!r} appears twice")
        predictions[rid] = item.record
    return predictions
