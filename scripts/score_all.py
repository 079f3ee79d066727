"""Score the extractor on every gold set in one process and print one table (headline per field and set).

    .venv/bin/python scripts/score_all.py [--sets samples realwriting ...] [--json scores.json] [--errors FIELD]

The sets: the samples' annotations, the invented held-out and blind sets, the
real-writing set. Each engineer's check before and after a change: no field of
any set may fall.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.evaluation.gold_sets import GOLD_SETS as SETS  # noqa: E402
FIELDS = ("countries", "settlements", "organizations", "organizations_lenient", "persons", "place_countries",
          "place_settlements", "online", "dates", "participants_total", "sector")


def main() -> None:
    from extract.evaluation.command import rows_from_gold
    from extract.evaluation.gold import load_gold
    from extract.evaluation.scoring import score_system
    from extract.pipeline import extract_records

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(SETS), choices=list(SETS))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--errors", nargs="*", default=[], metavar="FIELD", help="print these fields' error rows")
    args = parser.parse_args()
    table: dict[str, dict[str, float]] = {}
    for name in args.sets:
        gold = load_gold(SETS[name])
        rows = rows_from_gold(gold, source=str(SETS[name]))
        predictions = {r["id"]: r for r in extract_records(rows)}
        score = score_system(gold, predictions)
        table[name] = {f: round(score.fields[f].headline, 3) for f in FIELDS if f in score.fields}
        for field in args.errors:
            for error in score.fields[field].errors:
                print(f"{name} {field} {error.id} missed={error.missed} spurious={error.spurious}")
    print(f"{'field':<22}" + "".join(f"{n:>12}" for n in table))
    for field in FIELDS:
        print(f"{field:<22}" + "".join(f"{table[n].get(field, float('nan')):>12.3f}" for n in table))
    if args.json:
        args.json.write_text(json.dumps(table, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
