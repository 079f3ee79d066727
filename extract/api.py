"""The Python API: read a report, run the pipeline over files, enrich a table.

    import extract
    report = extract.read_report("samples/000_5351aeebe505d014.docx")
    records = extract.run(["samples/"])
    enriched = extract.enrich(df, goal="goal_text", participants="participants_text")
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Iterable

from extract.batch.inputs import select_inputs
from extract.records import FIELDS, ReportInfo, Row
from extract.reports import ReportError
from extract.output.schema import RECORD, flat_kind, flatten

#: Columns `enrich` adds: every flat record column except those describing the source row.
ADDED_COLUMNS = [c for c in RECORD if c not in ("id", "row", "number", "section", "subsection", "group", "fields",
                                                 "fields_extra", "report", "mentions")]
#: pandas dtypes that keep a column's type when it has nulls (integers stay integers, not float64).
PANDAS_DTYPES: dict[str, str] = {"integer": "Int64", "number": "float64", "boolean": "bool", "string": "object"}


def _added_dtypes() -> dict[str, str]:
    return {c: PANDAS_DTYPES[flat_kind(c)] for c in ADDED_COLUMNS}


def run(paths: Iterable[str | Path], jobs: int = 1) -> list[dict[str, Any]]:
    """Records for every row of the reports under `paths` (files, folders, globs); raises on a bad file.

    Files are chosen as `extract run` chooses them (extract/batch/inputs.py): a file skipped for
    the same report in a better format is named in a warning. With jobs > 1, a script must
    make the call under `if __name__ == "__main__":` (worker processes import it again).
    """
    from extract.reports import converter, needs_conversion
    from extract.batch.runner import run_local

    inputs = select_inputs([str(p) for p in paths])
    if inputs.errors:
        raise inputs.errors[0]
    for skipped in inputs.skipped:
        warnings.warn(str(skipped), stacklevel=2)
    records: list[dict[str, Any]] = []
    with converter() as legacy:
        legacy.convert([f for f in inputs.paths if needs_conversion(f)])
        for result in run_local(inputs.paths, jobs=jobs, legacy=legacy, id_stems=inputs.id_stems):
            if result.error:
                raise ReportError(result.path, result.error.split(": ", 1)[-1])
            records.extend(result.records)
    return records


def _rows_of(frame, columns: dict[str, str | None], year: int | None) -> list[Row]:
    info = ReportInfo(source="table", stem="table", format="table", year=year)
    rows = []
    for position, values in enumerate(frame[[c for c in columns.values() if c]].itertuples(index=False, name=None)):
        named = dict(zip([f for f, c in columns.items() if c], values))
        fields = {f: "" if named.get(f) is None or named.get(f) != named.get(f) else str(named[f]) for f in FIELDS}
        rows.append(Row(id=f"table#{position + 1}", row=position + 1, section=None, subsection=None,
                        fields=fields, report=info))
    return rows


def enrich_pandas(frame, columns: dict[str, str | None], year: int | None = None):
    """The same DataFrame with the extracted columns added, every input row and column kept in order."""
    import pandas as pd

    from extract.pipeline import extract_records

    missing = [c for c in columns.values() if c and c not in frame.columns]
    if missing:
        raise KeyError(f"no column(s) {', '.join(missing)} in the table (it has: {', '.join(map(str, frame.columns))})")
    flat = [flatten(r) for r in extract_records(_rows_of(frame, columns, year))]
    added = pd.DataFrame([{c: f[c] for c in ADDED_COLUMNS} for f in flat], columns=ADDED_COLUMNS,
                         index=frame.index).astype(_added_dtypes())
    added.columns = [f"{c}_extracted" if c in frame.columns else c for c in added.columns]
    return pd.concat([frame, added], axis=1)


def enrich(frame, goal: str, participants: str, place: str | None = None, dates: str | None = None,
           name: str | None = None, year: int | None = None):
    """Enrich a pandas or Dask DataFrame whose columns hold a report row's free texts.

    `year` is the year dates without one belong to. A Dask DataFrame is enriched
    partition by partition (each worker loads the models once).
    """
    columns = {"name": name, "place": place, "dates": dates, "goal": goal, "participants": participants}
    if type(frame).__module__.startswith("dask"):
        import pandas as pd

        empty = frame._meta
        meta = empty.assign(**{(f"{c}_extracted" if c in empty.columns else c): pd.Series(dtype=dtype)
                               for c, dtype in _added_dtypes().items()})
        return frame.map_partitions(enrich_pandas, columns, year, meta=meta)
    return enrich_pandas(frame, columns, year)
