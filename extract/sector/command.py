"""`extract train-sector`: retrain the sector model and rewrite its metrics and model card."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from extract.sector.predict import DEFAULT_ANNOTATIONS, DEFAULT_OUT, DEFAULT_SAMPLES


def register(subparsers: Any) -> None:
    """Add `train-sector` to the toolkit's argparse subparsers."""
    parser = subparsers.add_parser(
        "train-sector", help="train the sector classifier on the bundled reports and annotations",
        description="Train and evaluate the sector classifier; writes model.skops, metrics.json, "
                    "training.json and README.md to --out.")
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES, metavar="DIR",
                        help="folder of reports (.txt/.docx, one format per report is used)")
    parser.add_argument("--annotations", type=Path, default=DEFAULT_ANNOTATIONS, metavar="DIR",
                        help="folder of annotation .jsonl files with a sector per row")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="where the model goes")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same model)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Train; 0 on success, 1 when there is nothing to train on or the samples folder is missing."""
    from extract.sector.train import train  # scikit-learn: imported only when training

    if not Path(args.samples).is_dir():
        print(f"extract: error: {args.samples}: not a folder", file=sys.stderr)
        return 1
    try:
        metrics = train(Path(args.samples), Path(args.annotations), Path(args.out), seed=args.seed,
                        log=lambda m: print(f"extract: {m}", file=sys.stderr))
    except ValueError as exc:
        print(f"extract: error: {exc}", file=sys.stderr)
        return 1
    for name, block in (("leave-one-set-out", metrics["leave_one_set_out"].get("mean")),
                        ("k-fold", metrics["k_fold"].get("mean"))):
        for system, scores in (block or {}).items():
            print(f"extract: {name} {system}: accuracy {scores['accuracy']:.3f}, "
                  f"macro-F1 {scores['macro_f1']:.3f}", file=sys.stderr)
    return 0
