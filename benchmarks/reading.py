"""Reading speed per format: seconds to read one report into rows, and LibreOffice's cost per file.

    python benchmarks/reading.py [--repeat 5] [--libreoffice]

Reads the two sample reports as .docx, the text export, .odt and .pdf (the fixtures in
tests/data/formats/, made by LibreOffice from the .docx) and prints the median time
per report over `--repeat` reads, with rows per second. Targets: a Word report under
0.2 s, a PDF under 2 s. With `--libreoffice` (needs soffice) it also converts the
.rtf and .doc fixtures, once one file per process and once all in one batch, and
prints the conversion cost per file both ways.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, SAMPLES  # noqa: E402

FORMATS = ROOT / "tests" / "data" / "formats"
STEMS = ("000_5351aeebe505d014", "003_11a4ddde2116b527")


def time_read(path: Path, repeat: int) -> tuple[float, int]:
    from extract.reports import read_report

    read_report(path)  # first read: imports and pymorphy3's dictionary, not the format's cost
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(read_report(path).rows)
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def libreoffice_costs() -> list[tuple[str, float]]:
    from extract.reports import converter

    legacy = [FORMATS / f"{stem}.{kind}" for stem in STEMS for kind in ("rtf", "doc")]
    single = []
    for path in legacy:
        with converter() as own:
            started = time.perf_counter()
            own.convert([path])
            single.append(time.perf_counter() - started)
    with converter() as batch:
        started = time.perf_counter()
        batch.convert(legacy)
        together = time.perf_counter() - started
    return [("one file per LibreOffice process", statistics.mean(single)),
            (f"{len(legacy)} files in one process", together / len(legacy))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--libreoffice", action="store_true", help="also measure .rtf/.doc conversion (soffice)")
    args = parser.parse_args()
    print(f"{'format':<10} {'report':<24} {'rows':>5} {'seconds':>8} {'rows/s':>8}")
    for stem in STEMS:
        for label, path in (("docx", SAMPLES / f"{stem}.docx"), ("txt", SAMPLES / f"{stem}.txt"),
                            ("odt", FORMATS / f"{stem}.odt"), ("pdf", FORMATS / f"{stem}.pdf")):
            seconds, rows = time_read(path, args.repeat)
            print(f"{label:<10} {stem:<24} {rows:>5} {seconds:>8.3f} {rows / seconds:>8.0f}")
    if args.libreoffice:
        for label, seconds in libreoffice_costs():
            print(f"LibreOffice .rtf/.doc → .docx, {label}: {seconds:.2f} s per file")


if __name__ == "__main__":
    main()
