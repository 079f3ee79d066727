"""Reading reports: a path in, a `Report` of complete rows out, or one `ReportError` line.

The reader is chosen by content (a zip with word/document.xml, or text), not by extension.
"""
from __future__ import annotations

import glob
import hashlib
from pathlib import Path

from extract.records import Report
from extract.reports.docx_reader import read_docx
from extract.reports.errors import ReportError
from extract.reports.table import assemble
from extract.reports.text_reader import read_text

__all__ = ["ReportError", "read_report", "report_paths", "sniff", "REPORT_SUFFIXES"]

#: File endings picked up when a folder is given (an explicitly named file is read whatever its name).
REPORT_SUFFIXES = (".docx", ".txt")
MAX_FILE_BYTES = 100 * 1024 * 1024


def sniff(data: bytes) -> str:
    """'docx', 'text', or a ReportError-worthy kind, from the first bytes."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "legacy-doc"
    return "text"


def read_report(path: str | Path) -> Report:
    """Read one report file (Word .docx or its text export) into rows."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReportError(str(path), f"file larger than {MAX_FILE_BYTES // 2**20} MiB: not a report")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ReportError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise ReportError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise ReportError(str(path), "empty file")
    kind = sniff(data)
    if kind == "legacy-doc":
        raise ReportError(str(path), "a legacy binary .doc file: save it as .docx first")
    raw = read_docx(data, path) if kind == "docx" else read_text(data, path)
    fmt = "docx" if kind == "docx" else "txt"
    return assemble(raw, path, fmt, sha256=hashlib.sha256(data).hexdigest())


def report_paths(specs: list[str]) -> tuple[list[Path], list[ReportError]]:
    """Files, folders (their .docx/.txt files, recursively) and globs, in a stable order.

    A spec that matches nothing comes back as an error, so a typo is not a silent no-op.
    """
    found: list[Path] = []
    missing: list[ReportError] = []
    for spec in specs:
        p = Path(spec)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
            if not files:
                missing.append(ReportError(spec, "folder has no .docx or .txt reports"))
            found.extend(files)
        elif p.exists():
            found.append(p)
        elif glob.has_magic(spec):
            files = sorted(Path(f) for f in glob.glob(spec, recursive=True) if Path(f).is_file())
            if not files:
                missing.append(ReportError(spec, "pattern matches no file"))
            found.extend(files)
        else:
            missing.append(ReportError(spec, "no such file"))
    return list(dict.fromkeys(found)), missing
