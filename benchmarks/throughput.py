"""Whole-pipeline throughput on a synthetic archive: -j 1 vs -j 2 (and Dask), memory flatness, natasha anchor.

    python benchmarks/throughput.py [--small 20] [--large 200] [--engines local,dask]

Builds archives of report files assembled from the bundled rows (shuffled),
runs `extract run` over them in fresh processes, and prints rows per second,
characters per second against bare natasha NER over the same texts (measured in
this run), the -j 2 / -j 1 speed-up, peak memory for the small and the large
archive, and for Dask the overhead per file.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import measure, peak_rss_mb, synthetic_archive  # noqa: E402


def child_run(folder: str, jobs: int, engine: str) -> dict:
    from extract.cli import main as cli

    import resource

    out = Path(folder).parent / f"out-{Path(folder).name}-{engine}-{jobs}.jsonl"
    started = time.perf_counter()
    code = cli(["run", folder, "-o", str(out), "-j", str(jobs), "--engine", engine, "-q"])
    seconds = time.perf_counter() - started
    peak = max(peak_rss_mb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)  # before reading
    rows = chars = 0
    with out.open(encoding="utf-8") as handle:  # streamed: the check must not hold the archive in memory
        for line in handle:
            record = json.loads(line)
            rows += 1
            chars += len(record["fields"]["goal"]) + len(record["fields"]["participants"])
    files = len(list(Path(folder).glob("*.txt")))
    return {"code": code, "rows": rows, "files": files, "chars": chars, "seconds": seconds, "peak_rss_mb": peak}


def child_natasha(folder: str) -> dict:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    from extract.reports import read_report

    texts = [r.fields[f] for p in sorted(Path(folder).glob("*.txt")) for r in read_report(p).rows
             for f in ("goal", "participants") if r.fields[f]]
    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    started = time.perf_counter()
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
    seconds = time.perf_counter() - started
    return {"chars": sum(map(len, texts)), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20, help="reports in the small archive")
    parser.add_argument("--large", type=int, default=200, help="reports in the large archive")
    parser.add_argument("--engines", default="local", help="comma-separated: local, dask")
    parser.add_argument("--child", nargs=3, metavar=("FOLDER", "JOBS", "ENGINE"))
    parser.add_argument("--child-natasha", metavar="FOLDER")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_run(args.child[0], int(args.child[1]), args.child[2])))
        return
    if args.child_natasha:
        print(json.dumps(child_natasha(args.child_natasha)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        synthetic_archive(small, args.small)
        synthetic_archive(large, args.large)
        anchor = measure([__file__, "--child-natasha", str(small)])
        anchor_cps = anchor["chars"] / anchor["seconds"]
        results = {}
        for engine in args.engines.split(","):
            for jobs in ((1, 2) if engine == "local" else (2,)):
                results[(engine, jobs)] = measure([__file__, "--child", str(small), str(jobs), engine])
        big = measure([__file__, "--child", str(large), "1", "local"])
    print(f"archive: {args.small} reports ({results[('local', 1)]['rows']} rows); natasha NER anchor "
          f"{anchor_cps:,.0f} chars/s")
    print("rows/s and chars/s include start-up (spawning workers, loading models) over the whole run")
    print(f"{'engine':8} {'-j':>3} {'rows/s':>8} {'chars/s':>9} {'vs natasha':>10} {'peak MB':>8}")
    for (engine, jobs), r in results.items():
        cps = r["chars"] / r["seconds"]
        print(f"{engine:8} {jobs:3d} {r['rows'] / r['seconds']:8.1f} {cps:9,.0f} {cps / anchor_cps:10.2f} "
              f"{r['peak_rss_mb']:8.0f}")
    j1, j2 = results[("local", 1)], results[("local", 2)]
    print(f"speed-up -j 2 / -j 1: {j1['seconds'] / j2['seconds']:.2f} (target >= 1.7)")
    print(f"peak memory of one process (the largest of parent and workers), -j 1: {args.small} reports "
          f"{j1['peak_rss_mb']:.0f} MB, {args.large} reports "
          f"{big['peak_rss_mb']:.0f} MB (target: flat)")
    if ("dask", 2) in results:
        d = results[("dask", 2)]
        print(f"dask overhead per file vs -j 2: {(d['seconds'] - j2['seconds']) / d['files'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
