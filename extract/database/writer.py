"""`extract run -o archive.sqlite`: records streamed into an SQLite database with sqlite-utils.

Events and mentions are inserted file by file as the records come (one transaction a
file), so memory holds only the entities (far fewer than the mentions); entity tables,
their counts and the full-text index are written when the run ends. The database is
built in a temporary file beside the output and renamed into place on success, like
every other output.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from extract.database.linking import Archive
from extract.database.schema import SEARCHED, create_tables, event_row
from extract.output.atomic import atomic_path
from extract.output.schema import mention_rows
from extract.output.writers import Writer

#: FTS5's trigram tokenizer matches any part of a word, so a stem finds every case form
#: ("Витебск" finds "Витебска", "Витебского"), which Russian needs more than word matching.
TOKENIZER = "trigram"


class DatabaseWriter(Writer):
    def __init__(self, path: str | Path) -> None:
        self.db = sqlite_utils.Database(path)
        self.db.execute("PRAGMA journal_mode = OFF")  # a temporary file: renamed only when complete
        self.db.execute("PRAGMA synchronous = OFF")
        create_tables(self.db)
        self.archive = Archive()

    def write(self, records: Iterable[dict[str, Any]]) -> None:
        records = list(records)
        with self.db.conn:
            self.db["events"].insert_all(event_row(r) for r in records)
            self.db["mentions"].insert_all(m for r in records for m in mention_rows(r))
            for record in records:
                for table, rows in self.archive.link(record).items():
                    self.db[table].insert_all(rows)

    def close(self) -> None:
        """Entities with their counts, and the full-text index over the events."""
        with self.db.conn:
            for table, rows in self.archive.rows().items():
                self.db[table].insert_all(rows)
        self.db["events"].enable_fts(list(SEARCHED), fts_version="FTS5", tokenize=TOKENIZER)
        self.db.execute("ANALYZE")
        self.db.conn.commit()
        self.db.close()


@contextlib.contextmanager
def open_database(path: str | Path) -> Iterator[DatabaseWriter]:
    """A writer into a new database at `path`, which appears only when the block succeeds."""
    with atomic_path(path) as temporary:
        writer = DatabaseWriter(temporary)
        try:
            yield writer
            writer.close()
        finally:
            writer.db.close()
