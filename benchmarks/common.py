"""Shared pieces of the benchmark scripts: the texts, a synthetic archive, measuring a child process."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def sample_rows():
    from extract.reports import read_report

    return [row for path in sorted(SAMPLES.glob("*.txt")) for row in read_report(path).rows]


def entity_texts() -> list[str]:
    """The goal and participants texts of every bundled row: what the entity pipeline reads."""
    return [row.fields[f] for row in sample_rows() for f in ("goal", "participants") if row.fields[f]]


def synthetic_archive(folder: Path, reports: int, rows_per_report: int = 40, seed: int = 0) -> list[Path]:
    """`reports` text-export reports assembled from the bundled rows, shuffled, under one header each."""
    rng = random.Random(seed)
    rows = sample_rows()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(reports):
        chosen = rng.sample(rows, min(rows_per_report, len(rows)))
        lines = [f"Отчет о мероприятиях в международной сфере, проведенных органами местного самоуправления "
                 f"муниципальных образований Смоленской области в {rng.choice(['I', 'II', 'III', 'IV'])} квартале "
                 f"{rng.choice([2022, 2023, 2024])} года", "",
                 "\t№ п/п", "\tНаименование мероприятия", "\tМесто проведения", "\tСроки проведения",
                 "\tЦель, содержание и результат", "\tУчастники мероприятия", "", "\tГород Смоленск", ""]
        for i, row in enumerate(chosen, start=1):
            lines.append(f"\t{i}. ")
            lines += [f"\t{row.fields[f]}" for f in ("name", "place", "dates", "goal", "participants")]
            lines.append("")
        path = folder / f"synthetic_{n:04d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def measure(args: list[str]) -> dict:
    """Run `python <args>` in a fresh process; it prints one JSON object (its own figures) as the last line."""
    out = subprocess.run([sys.executable, *args], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
