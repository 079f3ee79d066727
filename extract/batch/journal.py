"""The journal of a run: the records of every finished file, kept on disk as each file ends.

`extract run -o OUT` appends one JSON line per finished file to `OUT.journal`, flushed
to disk before the next file is taken, so a run stopped by Ctrl-C, SIGTERM or a kill
keeps its work, and `--resume` takes from it every file whose path, content hash and id
stem are unchanged. It knows nothing of output formats (any writer can be rebuilt
from it) and stays after the run, for the next `--resume` when the archive grows.

    {"journal": "extract", "version": 1}                                 the first line
    {"path": ..., "sha256": ..., "id_stem": ..., "warnings": [...], "records": [...]}

A file is in it at most once per run: its path is the key, its sha256 the check. A
last line cut short by a kill is not an entry; it is cut off before the next append.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable

HEADER = {"journal": "extract", "version": 1}


def journal_path(output: str | Path) -> Path:
    """The journal beside an output: out/records.csv → out/records.csv.journal."""
    output = Path(output)
    return output.with_name(f"{output.name}.journal")


@dataclass(frozen=True)
class Entry:
    """Where one finished file's line is in the journal, and what it was made from."""

    path: str
    sha256: str
    id_stem: str
    offset: int
    length: int


def index(path: str | Path) -> tuple[dict[str, Entry], int | None]:
    """The complete entries of a journal, the last one of each path, and where they end
    (None: no journal of ours there). Reads only; what a writer rebuilt from it would start with."""
    entries: dict[str, Entry] = {}
    try:
        handle = open(path, "rb")
    except OSError:
        return entries, None
    with handle:
        header = handle.readline()
        try:
            if json.loads(header) != HEADER:
                return entries, None
        except ValueError:
            return entries, None
        end = len(header)
        for line in handle:
            try:
                data = json.loads(line) if line.endswith(b"\n") else None
                entry = Entry(data["path"], data["sha256"], data["id_stem"], end, len(line))
            except (ValueError, TypeError, KeyError):
                break
            entries[entry.path] = entry
            end += len(line)
    return entries, end


def read_entry(path: str | Path, entry: Entry) -> tuple[list[dict[str, Any]], list[str]]:
    """The records and warnings of one finished file."""
    with open(path, "rb") as handle:
        handle.seek(entry.offset)
        data = json.loads(handle.read(entry.length))
    return data["records"], data["warnings"]


class Journal:
    """Append finished files; look up and read back those of an earlier run (`resume`)."""

    def __init__(self, path: str | Path, resume: bool = False) -> None:
        self.path = Path(path)
        self.entries, end = index(self.path) if resume else ({}, None)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if end is None:
            self.handle: IO[bytes] = open(self.path, "wb")
            self._append(json.dumps(HEADER).encode() + b"\n")
        else:
            self.handle = open(self.path, "r+b")
            self.handle.seek(end)
            self.handle.truncate()  # a line cut short by a kill

    def done(self, path: str | Path, sha256: str | None, id_stem: str) -> Entry | None:
        """The entry of a file finished before, if its content and id stem are what they were."""
        entry = self.entries.get(str(path))
        return entry if entry and sha256 and (entry.sha256, entry.id_stem) == (sha256, id_stem) else None

    def read(self, entry: Entry) -> tuple[list[dict[str, Any]], list[str]]:
        return read_entry(self.path, entry)

    def add(self, path: str | Path, sha256: str, id_stem: str, warnings: list[str], lines: Iterable[str]) -> None:
        """A finished file, its records as JSON lines; on disk before this returns."""
        head = json.dumps({"path": str(path), "sha256": sha256, "id_stem": id_stem, "warnings": warnings},
                          ensure_ascii=False)[:-1]
        data = f'{head}, "records": [{", ".join(line.rstrip() for line in lines)}]}}\n'.encode()
        offset = self.handle.tell()
        self._append(data)
        self.entries[str(path)] = Entry(str(path), sha256, id_stem, offset, len(data))

    def _append(self, data: bytes) -> None:
        self.handle.write(data)
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
