"""The one table model every reader produces: a document's paragraphs and tables, in order.

A reader (Word, OpenDocument, PDF, text export) only says what the file holds:
paragraphs, tables, their rows and cells, and what the format itself knows about a
row (list numbering, a repeated header row, a merged cell, a row that starts a new
page). Everything a report means — which table is the report, what each column is,
which rows are headers, groups and continuations, the ids — is decided once, in
`extract.reports.assemble`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: Export artefacts that are not text of the report.
ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]")
#: Invisible characters that sit inside words: soft hyphen, zero-width space/joiners, word joiner, BOM.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
SPACES = re.compile(r"[ \t\u00a0\u2007\u2009\u202f]+")


def tidy(text: str) -> str:
    """Whitespace tidied, nothing dropped: lines kept, runs of spaces folded, empty lines gone,
    invisible characters removed (not turned into spaces, so "меж\u00adдународный" stays one word)."""
    text = INVISIBLE.sub("", ARTEFACTS.sub("", text))
    lines = (SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class RawRow:
    """One table row as the file holds it, cells spread over the table's grid columns.

    `list_labels`: per cell, the label Word's or OpenDocument's list numbering gives its
    first paragraph ("3", "3.2"), since that number is not text of the cell.
    `merged`: grid columns whose cell is the continuation of a vertically merged cell
    (their text is the merged cell's text).
    """

    cells: list[str]
    full_width: bool = False
    list_labels: list[str | None] = field(default_factory=list)
    repeated_header: bool = False  # marked by the format as a header row repeated on each page
    merged: frozenset[int] = frozenset()
    source_index: int = 0

    def list_label(self, column: int) -> str | None:
        return self.list_labels[column] if column < len(self.list_labels) else None


@dataclass
class RawTable:
    rows: list[RawRow]
    width: int  # grid columns
    fixed_width: bool = True  # False where a row's cell count is only a guess (text export): a mismatch is an error
    continues_page: bool = False  # a PDF page's table: its first row may be the rest of a row the page cut


@dataclass
class Paragraph:
    text: str


Block = Paragraph | RawTable


@dataclass
class RawDocument:
    """What a reader found, in document order; `format` names the format in error messages."""

    blocks: list[Block]
    format: str
    format_name: str  # "Word file", "OpenDocument file", "PDF", "text export"

    @property
    def tables(self) -> list[RawTable]:
        return [b for b in self.blocks if isinstance(b, RawTable)]


def _header_words() -> dict[str, tuple[str, ...]]:
    """Stems that make a header a sector header or a body header (extract/data/header_words.tsv)."""
    kinds: dict[str, list[str]] = {}
    path = Path(__file__).resolve().parent.parent / "data" / "header_words.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, stem = line.split("\t")
            kinds.setdefault(kind, []).append(stem.strip())
    return {kind: tuple(stems) for kind, stems in kinds.items()}


HEADER_WORDS = _header_words()


def is_sector_header(text: str) -> bool:
    """"Сотрудничество в сфере культуры", "Торгово-экономическое сотрудничество",
    "Внешнеэкономическая деятельность"; not a body ("Департамент … по культуре") nor a
    municipality ("Муниципальное образование «…»")."""
    words = [w for w in re.findall(r"\w+", text.lower()) if not w.isdigit() and not re.fullmatch(r"[ivxlc]+", w)]
    if not words or words[0].startswith(HEADER_WORDS["body"]):
        return False
    return any(w.startswith(HEADER_WORDS["sector"]) for w in words)


def join_wrapped(before: str, after: str) -> str:
    """Two pieces of one text that a page or line end split: a space between them, none after a
    hyphen that ends a word part ("Торгово-" + "промышленная")."""
    if before.endswith("-") and before[-2:-1].isalpha() and after[:1].isalpha():
        return before + after
    return f"{before} {after}"
