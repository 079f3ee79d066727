"""Zip packages (Word .docx, OpenDocument .odt) opened safely: limits checked before inflating,
XML parsed with no DTD, no entities and no network.

An untrusted report could be a zip bomb or carry entity expansions; both are refused
with a one-line error before any part is inflated or expanded.
"""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from extract.reports.errors import ReportError

#: Limits for untrusted zips: a report is a few hundred KB of XML.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # inflated / compressed, per part

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Package:
    """A zip package whose declared sizes were checked; parts are inflated only when read."""

    def __init__(self, data: bytes, path: str, format_name: str) -> None:
        self.path, self.format_name = path, format_name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise ReportError(path, f"corrupt {format_name} (bad zip: {exc})") from None
        self.infos = {i.filename: i for i in infos}
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
                raise ReportError(path, f"refused: {info.filename} would inflate to {info.file_size:,} bytes "
                                        f"(ratio {ratio:.0f}:1), a zip bomb or not a report")
        if total > MAX_TOTAL_BYTES:
            raise ReportError(path, f"refused: parts would inflate to {total:,} bytes in all")

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, EOFError, ValueError, KeyError, OSError) as exc:
            raise ReportError(self.path, f"corrupt {self.format_name}: {name}: {exc}") from None

    def xml(self, name: str) -> etree._Element:
        """A part parsed as XML; a DTD or entity declaration is refused, never expanded."""
        return parse_xml(self.read(name), self.path, f"{self.format_name}: {name}", name)


def parse_xml(data: bytes, path: str, what: str, name: str = "the XML") -> etree._Element:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReportError(path, f"corrupt {what}: {exc}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ReportError(path, f"refused: {name} declares a DTD or entities")
    return root


def zip_names(data: bytes) -> set[str] | None:
    """The member names of a zip (its central directory only), or None when it is no readable zip."""
    try:
        return set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        return None
