"""Attach the raw row texts (and headers, report period) to hand-written gold answers.

Annotators write answers by id; this puts beside each answer the `fields`,
`section`, `subsection` and `report` that `extract rows` reads from the report, so
a gold file can be read and scored without the report.

    python scripts/attach_fields.py REPORT ANSWERS.jsonl [ANSWERS.jsonl ...] -o annotations/<stem>.jsonl
"""
from __future__ import annotations

import argparse
import json

from extract.output.atomic import atomic_writer, json_line
from extract.reports import read_report

ANSWER_KEYS = ("sector", "date_start", "date_end", "date_precision", "online", "place_settlements",
               "place_countries", "countries", "settlements", "organizations", "persons",
               "participants_total", "participants_qualifier", "ambiguous")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("answers", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    report = read_report(args.report)
    rows = {r.id: r for r in report.rows}
    answers = {}
    for path in args.answers:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    if record["id"] in rows:
                        answers[record["id"]] = record
    missing = sorted(set(rows) - set(answers), key=lambda i: rows[i].row)
    if missing:
        raise SystemExit(f"no answer for {len(missing)} row(s): {', '.join(missing)}")
    info = report.info
    with atomic_writer(args.output) as out:
        for row in report.rows:
            answer = answers[row.id]
            out.write(json_line({
                "id": row.id, "row": row.row, "section": row.section, "subsection": row.subsection,
                "report": {"stem": info.stem, "year": info.year, "quarter": info.quarter, "level": info.level},
                "fields": row.fields,
                **{k: answer[k] for k in ANSWER_KEYS},
                "annotator": answer.get("annotator"), "checker": answer.get("checker"),
                "checked": bool(answer.get("checked")), "comment": answer.get("comment", ""),
            }))


if __name__ == "__main__":
    main()
