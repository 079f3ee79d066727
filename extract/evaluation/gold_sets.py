"""The project's gold sets, by name: the samples' annotations, the invented sets, the real-writing set.

One list for every tool that scores or trains on all of them (scripts/score_all.py,
`extract train-sector`'s leave-one-set-out evaluation).
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

GOLD_SETS: dict[str, Path] = {
    "samples": ROOT / "annotations",
    "heldout": DATA / "heldout",
    "blind": DATA / "blind",
    **{f"blind{n}": DATA / f"blind{n}" for n in range(3, 8)},
    "realwriting": DATA / "realwriting",
}
