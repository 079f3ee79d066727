"""The closed sector list and its words, read from `extract/data/sectors.tsv`.

A regional report's sector header decides a row's sector (GUIDE.md). Headers are
matched by word stems, not whole strings, so the same sector worded a little
differently in another quarter ("Сотрудничество в области здравоохранения",
"Межрегиональное сотрудничество в сфере труда и занятости") still maps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "sectors.tsv"
#: Code of the lines whose markers are consumed but map to no sector.
NOT_A_SECTOR = "-"

_WORD = re.compile(r"[a-zа-я0-9]+")


@dataclass(frozen=True)
class Sector:
    """One sector: its code, Russian label, header markers (stem tuples) and keyword phrases."""

    code: str
    label: str
    header_words: tuple[tuple[str, ...], ...]
    keywords: tuple[str, ...]


def normalize(text: str) -> str:
    """Lower-case, ё→е: the form all matching is done in."""
    return text.lower().replace("ё", "е")


def words(text: str) -> list[str]:
    """Lower-cased words, hyphenated words split ("торгово-экономическое" → two words)."""
    return _WORD.findall(normalize(text))


def _phrases(cell: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(words(p)) for p in cell.split(";") if words(p))


@lru_cache(maxsize=4)
def _load(path: Path) -> tuple[Sector, ...]:
    sectors = []
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + ["", "", "", ""])[:4]
        if not header_seen:  # the column-name line
            header_seen = True
            continue
        code, label, header_words, keywords = (c.strip() for c in cells)
        phrases = tuple(k.strip() for k in keywords.split(";") if k.strip())
        sectors.append(Sector(code, label, _phrases(header_words), phrases))
    return tuple(sectors)


def load_sectors(path: Path = DATA_FILE) -> tuple[Sector, ...]:
    """The sectors in file order, without the not-a-sector line."""
    return tuple(s for s in _load(path) if s.code != NOT_A_SECTOR)


def sector_codes() -> tuple[str, ...]:
    """The closed list of codes, in file order."""
    return tuple(s.code for s in load_sectors())


@lru_cache(maxsize=1)
def _header_markers() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(stems, code) pairs, longest first, so "физической культуры" beats "культуры"."""
    pairs = [(m, s.code) for s in _load(DATA_FILE) for m in s.header_words]
    return tuple(sorted(pairs, key=lambda p: -sum(len(w) for w in p[0])))


def _marker_at(tokens: list[str], i: int, stems: tuple[str, ...]) -> bool:
    if i + len(stems) > len(tokens):
        return False
    return all(tok.startswith(stem) for tok, stem in zip(tokens[i:i + len(stems)], stems))


def header_hits(header: str) -> list[str]:
    """Sector codes whose markers occur in the header, left to right (a code once per hit)."""
    tokens = words(header)
    hits: list[str] = []
    i = 0
    while i < len(tokens):
        for stems, code in _header_markers():
            if _marker_at(tokens, i, stems):
                if code != NOT_A_SECTOR:
                    hits.append(code)
                i += len(stems)
                break
        else:
            i += 1
    return hits


@lru_cache(maxsize=4096)  # a report repeats its few headers on every row
def header_sector(header: str | None) -> str | None:
    """The sector a report header names, or None (a municipality, a body, an unknown sector).

    When a header names several sectors ("культуры и туризма") the first one named decides.
    """
    if not header:
        return None
    hits = header_hits(header)
    return hits[0] if hits else None


def looks_like_sector_header(header: str | None) -> bool:
    """True for "Сотрудничество в сфере …"-style headers (not municipalities or bodies):
    the reader's own test, so both agree on what a sector header is."""
    from extract.reports.table import is_sector_header

    return bool(header) and is_sector_header(header)
