"""Reading an archive database back: a checked read-only connection, and the records it holds.

Apart from the writer so that `extract serve` and readers import neither sqlite-utils nor the
linking rules.
"""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from extract.database.schema import TABLE, record_of


def connect(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an archive database; ValueError when the file is none."""
    if not Path(path).is_file():
        raise ValueError(f"{path}: no such file")
    try:
        connection = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        tables = {r[0] for r in connection.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{path}: not an SQLite database ({exc})") from None
    if not {"events", "mentions"} <= tables:
        connection.close()
        raise ValueError(f"{path}: not a database written by extract run (no events and mentions tables)")
    connection.row_factory = sqlite3.Row
    return connection


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """The records a database holds, in the order they were written (events, with their mentions)."""
    columns = ", ".join(f"[{c.name}]" for c in TABLE["mentions"].columns)
    with contextlib.closing(connect(path)) as connection:
        for event in connection.execute("select * from events order by rowid").fetchall():
            mentions = connection.execute(f"select {columns} from mentions where id = ? order by rowid",
                                          (event["id"],)).fetchall()
            yield record_of(dict(event), [dict(m) for m in mentions])
