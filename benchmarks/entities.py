"""Speed, memory and start-up of the entity pipeline against bare natasha NER, in the same run.

    python benchmarks/entities.py [--repeat 3]

Each system runs in its own fresh process over the same texts (goal and
participants of every bundled row). Figures are ratios against natasha measured
in this run, since machines are noisy.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import entity_texts, measure, peak_rss_mb  # noqa: E402


def child(system: str, repeat: int) -> dict:
    texts = entity_texts()
    started = time.perf_counter()
    if system == "natasha":
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

        segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

        def process(text: str) -> None:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
    else:
        from extract.components import build_nlp

        nlp = build_nlp()

        def process(text: str) -> None:
            nlp(text)
    process(texts[0])  # first call included in start-up: lazy loads happen there
    startup = time.perf_counter() - started
    chars = sum(map(len, texts))
    timings = []
    for _ in range(repeat):  # the first pass meets every word for the first time (cold caches)
        started = time.perf_counter()
        for text in texts:
            process(text)
        timings.append(time.perf_counter() - started)
    warm = timings[1:] or timings
    return {"system": system, "startup_s": startup, "chars": chars, "cold_chars_per_s": chars / timings[0],
            "chars_per_s": chars * len(warm) / sum(warm), "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=("natasha", "extract"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.repeat)))
        return
    figures = {s: measure([__file__, "--child", s, "--repeat", str(args.repeat)]) for s in ("natasha", "extract")}
    nat, ours = figures["natasha"], figures["extract"]
    print(f"texts: {nat['chars']:,} characters (goal + participants of every bundled row)")
    print(f"{'system':10} {'chars/s warm':>13} {'chars/s cold':>13} {'start-up s':>11} {'peak RSS MB':>12}")
    for f in (nat, ours):
        print(f"{f['system']:10} {f['chars_per_s']:13,.0f} {f['cold_chars_per_s']:13,.0f} {f['startup_s']:11.2f} "
              f"{f['peak_rss_mb']:12.0f}")
    print(f"throughput ratio extract/natasha, warm: {ours['chars_per_s'] / nat['chars_per_s']:.2f}, "
          f"first pass (cold caches): {ours['cold_chars_per_s'] / nat['cold_chars_per_s']:.2f} (target >= 0.5)")
    print(f"start-up ratio extract/natasha:   {ours['startup_s'] / nat['startup_s']:.2f} (target < 3)")
    print(f"peak memory extract: {ours['peak_rss_mb']:.0f} MB (target < 1024)")


if __name__ == "__main__":
    main()
