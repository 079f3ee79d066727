"""Reading reports: a path in, a `Report` of complete rows out, or one `ReportError` line.

The reader is chosen by the file's content, never only by its name: a zip holding
word/document.xml is Word, one holding an OpenDocument text is .odt, "%PDF-" is a PDF,
"{\\rtf" an RTF file, an OLE2 compound file a legacy .doc, anything else a text export.
Each reader turns its format into the one table model (`table.py`); `assemble` makes
the report of it.
"""
from __future__ import annotations

import glob
import hashlib
from pathlib import Path

from extract.records import Report
from extract.reports.assemble import assemble
from extract.reports.errors import ReportError
from extract.reports.libreoffice import Converter, converter
from extract.reports.package import zip_names

__all__ = ["ReportError", "read_report", "report_paths", "sniff", "REPORT_SUFFIXES", "converter", "Converter",
           "needs_conversion"]

#: File endings picked up when a folder is given (an explicitly named file is read whatever its name).
REPORT_SUFFIXES = (".docx", ".odt", ".pdf", ".doc", ".rtf", ".txt")
MAX_FILE_BYTES = 100 * 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


#: What each binary format's name promises, for the message when the content is something else.
BINARY_FORMATS = {"docx": "Word (.docx)", "odt": "OpenDocument", "pdf": "PDF", "doc": "Word 97–2003",
                  "rtf": "RTF"}


def sniff(data: bytes, path: str | Path = "") -> str:
    """'docx', 'odt', 'pdf', 'rtf', 'doc' or 'text', from the content (the name only breaks a tie
    between Word and OpenDocument for a zip too broken to look inside)."""
    head = data[:1024]
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        names = zip_names(data)
        if names is None:
            return "odt" if str(path).lower().endswith(".odt") else "docx"
        if "content.xml" in names and not any(n.startswith("word/") for n in names):
            return "odt"
        return "docx"
    if head.lstrip().startswith(b"%PDF-") or b"%PDF-" in head[:16]:
        return "pdf"
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(OLE2):
        return "doc"
    return "text"


def needs_conversion(path: str | Path) -> str | None:
    """'doc' or 'rtf' when the file is read through LibreOffice (from its first bytes), else None."""
    try:
        with open(path, "rb") as handle:
            kind = sniff(handle.read(1024), path)
    except OSError:
        return None
    return kind if kind in ("doc", "rtf") else None


def read_report(path: str | Path, legacy: Converter | None = None) -> Report:
    """Read one report file (.docx, .odt, .pdf, .doc, .rtf or the text export) into rows.

    `legacy`: the batch's LibreOffice converter for .doc and .rtf files; without one, such
    a file is converted on its own.
    """
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
    kind = sniff(data, path)
    sha256 = hashlib.sha256(data).hexdigest()
    if kind in ("doc", "rtf"):
        from extract.reports.docx_reader import read_docx

        if legacy is None:
            with converter() as own:
                word = own.docx(path, kind)
        else:
            word = legacy.docx(path, kind)
        from extract.reports.libreoffice import FORMAT_NAMES

        doc = read_docx(word, path)
        doc.format, doc.format_name = kind, FORMAT_NAMES[kind]
    elif kind == "docx":
        from extract.reports.docx_reader import read_docx

        doc = read_docx(data, path)
    elif kind == "odt":
        from extract.reports.odt_reader import read_odt

        doc = read_odt(data, path)
    elif kind == "pdf":
        from extract.reports.pdf_reader import read_pdf

        doc = read_pdf(data, path)
    else:
        from extract.reports.text_reader import read_text

        try:
            doc = read_text(data, path)
        except ReportError as exc:
            named = path.suffix.lower().lstrip(".")
            if named in BINARY_FORMATS:  # "x.docx" that is no Word file: say that first
                raise ReportError(str(path), f"named .{named} but not a {BINARY_FORMATS[named]} file "
                                  f"(its content is plain text, read as a text export: {exc.message})",
                                  exc.row) from None
            raise
    return assemble(doc, path, sha256=sha256)


def report_paths(specs: list[str]) -> tuple[list[Path], list[ReportError]]:
    """Files, folders (their report files, recursively) and globs, in a stable order.

    A spec that matches nothing comes back as an error, so a typo is not a silent no-op.
    """
    found: list[Path] = []
    missing: list[ReportError] = []
    for spec in specs:
        p = Path(spec)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
            if not files:
                missing.append(ReportError(spec, f"folder has no report files ({', '.join(REPORT_SUFFIXES)})"))
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
