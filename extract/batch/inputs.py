"""Which files a run reads, and the id stem their records carry: one rule for `rows`, `run` and the API.

One report is often saved twice in one folder (`x.docx` and its text export `x.txt`);
reading both would give every row twice under one id. Of the files with one stem in
one folder only the first format of `PREFERENCE` is read, and each file left out is
named with the one read instead.

A record's id starts with its file's path relative to the folder it was found in,
without the suffix: the folder given (`2023/q1` for archive/2023/q1.docx under
`extract run archive/`), the base folder of a glob, a named file's own folder (the bare
stem). Ids so stay the same on every run over an archive however it grows. Where two
files would still share an id stem (one stem named from two folders), they take their
path relative to the common folder of all the inputs instead (`a/x`, `b/x`).
"""
from __future__ import annotations

import glob
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Sequence

from extract.records import Report
from extract.reports import Converter, ReportError, read_report, report_paths

#: Formats in the order they are read when one report is saved in several: structured formats
#: read natively first (Word's and OpenDocument's lists, cells and merges), then those LibreOffice
#: has to convert (slower, and an extra install), then PDF (its table rebuilt from the page's
#: layout, line breaks lost), then the text export (only tabs left of the table).
PREFERENCE: tuple[str, ...] = (".docx", ".odt", ".doc", ".rtf", ".pdf", ".txt")


@dataclass(frozen=True)
class Skipped:
    """A file left out because the same report is read from `kept`."""

    path: Path
    kept: Path

    def __str__(self) -> str:
        return (f"{self.path}: skipped, the same report as {self.kept} "
                f"(one stem in one folder: {self.kept.suffix} is read before {self.path.suffix or 'no suffix'})")


@dataclass
class Inputs:
    """The files to read, in order, with the id stem of each; what was skipped; specs that matched nothing."""

    paths: list[Path] = field(default_factory=list)
    id_stems: dict[Path, str] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)


def _rank(path: Path) -> int:
    suffix = path.suffix.lower()
    return PREFERENCE.index(suffix) if suffix in PREFERENCE else len(PREFERENCE)


def relative_stem(path: str | Path, folder: str) -> str:
    """The path relative to `folder`, without its suffix, with forward slashes."""
    relative = PurePath(os.path.relpath(os.path.abspath(path), folder))
    return relative.with_name(relative.stem).as_posix()


def _root(spec: str, path: Path) -> str:
    """The folder a file found by `spec` is named relative to: the folder given, a glob's base, its own."""
    if Path(spec).is_dir():
        return os.path.abspath(spec)
    if glob.has_magic(spec):
        parts = Path(spec).parts
        base = next((i for i, part in enumerate(parts) if glob.has_magic(part)), len(parts))
        return os.path.abspath(Path(*parts[:base]) if base else ".")
    return os.path.dirname(os.path.abspath(path))


def select_inputs(specs: Sequence[str | Path]) -> Inputs:
    """Files, folders (recursively) and globs to the files a run reads, with their id stems
    (see the module's rules); a file found twice is read once."""
    found: dict[str, tuple[Path, str]] = {}  # absolute path -> (path as found, its root)
    inputs = Inputs()
    for spec in map(str, specs):
        paths, errors = report_paths([spec])
        inputs.errors += errors
        for path in paths:
            found.setdefault(os.path.abspath(path), (path, _root(spec, path)))
    best: dict[tuple[str, str], Path] = {}
    for absolute, (path, _) in found.items():
        key = (os.path.dirname(absolute), path.stem)
        if key not in best or _rank(path) < _rank(best[key]):
            best[key] = path
    for absolute, (path, _) in found.items():
        kept = best[(os.path.dirname(absolute), path.stem)]
        if kept is path:
            inputs.paths.append(path)
        else:
            inputs.skipped.append(Skipped(path, kept))
    roots = {path: root for path, root in found.values()}
    stems = {p: relative_stem(p, roots[p]) for p in inputs.paths}
    if inputs.paths:
        common = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in inputs.paths])
        while True:
            counts = Counter(stems.values())
            clash = [p for p, stem in stems.items() if counts[stem] > 1]
            if not clash:
                break
            # relative to the common folder stems are unique, so each round moves at least one file there
            stems.update({p: relative_stem(p, common) for p in clash})
    inputs.id_stems = stems
    return inputs


def read_input(path: str | Path, stem: str | None = None, legacy: Converter | None = None) -> Report:
    """`read_report`, with the rows' ids led by `stem` (the file's id stem) instead of the bare file stem."""
    report = read_report(path, legacy)
    own = Path(path).stem
    if stem is not None and stem != own:
        for row in report.rows:
            row.id = stem + row.id[len(own):]
    return report
