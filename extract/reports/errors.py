"""The one error a reader raises: it names the file (and the row) in a single line."""
from __future__ import annotations


class ReportError(Exception):
    """A report that cannot be read; str() is the one-line message a user sees."""

    def __init__(self, path: str, message: str, row: int | str | None = None) -> None:
        self.path = str(path)
        self.message = message
        self.row = row
        where = f"{self.path}: row {row}" if row is not None else self.path
        super().__init__(f"{where}: {message}")
