"""Legacy Word (.doc) and RTF reports, converted to .docx by LibreOffice and then read as Word.

LibreOffice starts slowly (seconds), so a batch is converted by one headless process:
every legacy file is copied under a unique name into a temporary folder, converted
there with a fresh user profile whose macro security forbids running macros, within
a time limit; a file the batch did not convert is tried once more alone. The folder
is removed when the batch ends. Without `soffice` on the PATH, each such file gets a
one-line error saying what to install; nothing else needs LibreOffice.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from extract.reports.errors import ReportError

INSTALL_HINT = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"
#: Seconds LibreOffice may take: to start, and per file of a batch.
START_SECONDS, PER_FILE_SECONDS = 60, 30
FORMAT_NAMES = {"doc": "legacy binary .doc file", "rtf": "RTF file"}

#: A user profile that forbids macros (security level "very high", execution disabled).
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class Converter:
    """Converts legacy files to .docx inside one temporary folder; `docx(path)` is the result for a file.

    Picklable, so a worker process gets `only(path)`: the one result it needs.
    """

    def __init__(self, folder: Path, results: dict[Path, Path | str] | None = None) -> None:
        self.folder = folder
        self.results: dict[Path, Path | str] = results or {}
        self.originals: dict[Path, Path] = {}  # staged copy -> the file it copies

    def only(self, path: str | Path) -> "Converter | None":
        """This converter cut down to one file's result (None when the file is not a converted one)."""
        path = Path(path)
        return Converter(self.folder, {path: self.results[path]}) if path in self.results else None

    def _profile(self) -> Path:
        profile = self.folder / "profile"
        settings = profile / "user" / "registrymodifications.xcu"
        if not settings.exists():
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text(PROFILE_SETTINGS, encoding="utf-8")
        return profile

    def convert(self, paths: Iterable[Path]) -> None:
        """Convert every path not converted yet: one LibreOffice process for all, then one per leftover."""
        todo = [Path(p) for p in dict.fromkeys(paths) if Path(p) not in self.results]
        if not todo:
            return
        if soffice() is None:
            for path in todo:
                self.results[path] = f"reading it needs LibreOffice, which is not on the PATH: {INSTALL_HINT}"
            return
        staged = self._stage(todo)
        self._run(list(staged), START_SECONDS + PER_FILE_SECONDS * len(staged))
        for source, path in staged.items():
            if not source.with_suffix(".docx").exists() and len(staged) > 1:
                self._run([source], START_SECONDS + PER_FILE_SECONDS)
            target = source.with_suffix(".docx")
            self.results[path] = target if target.exists() else self.results.get(path, "LibreOffice could not "
                                                                                          "convert it")

    def _stage(self, paths: list[Path]) -> dict[Path, Path]:
        inbox = self.folder / "in"
        inbox.mkdir(exist_ok=True)
        staged: dict[Path, Path] = {}
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    suffix = ".rtf" if handle.read(64).lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf") else ".doc"
                source = inbox / f"{len(os.listdir(inbox)):06d}{suffix}"
                shutil.copyfile(path, source)
            except OSError as exc:
                self.results[path] = f"cannot read: {exc.strerror or exc}"
                continue
            staged[source] = self.originals[source] = path
        return staged

    def _run(self, sources: list[Path], timeout: float) -> None:
        command = [soffice() or "soffice", f"-env:UserInstallation={self._profile().as_uri()}",
                   "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(self.folder / "in"), *map(str, sources)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=timeout, check=False, env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
        except subprocess.TimeoutExpired:
            for source in sources:
                if not source.with_suffix(".docx").exists():
                    self.results.setdefault(self._original(source), f"LibreOffice did not convert it within "
                                                                    f"{timeout:.0f} s")
        except OSError as exc:
            for source in sources:
                self.results.setdefault(self._original(source), f"LibreOffice could not start: {exc}")

    def _original(self, source: Path) -> Path:
        return self.originals.get(source, source)

    def docx(self, path: Path, kind: str) -> bytes:
        """The converted .docx of `path`, or a ReportError naming the file and the format."""
        path = Path(path)
        result = self.results.get(path)
        if isinstance(result, Path) and not result.exists():  # converted on another machine (a Dask worker)
            del self.results[path]
            result = None
        if result is None:
            if not self.folder.is_dir():
                with converter() as own:
                    return own.docx(path, kind)
            self.convert([path])
            result = self.results[path]
        if isinstance(result, str):
            raise ReportError(str(path), f"a {FORMAT_NAMES[kind]}: {result}")
        return result.read_bytes()


@contextlib.contextmanager
def converter() -> Iterator[Converter]:
    """A Converter whose temporary folder (converted files, LibreOffice profile) is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="extract-libreoffice-") as folder:
        yield Converter(Path(folder))
