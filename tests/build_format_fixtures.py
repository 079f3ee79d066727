"""Rebuild tests/data/formats/: the samples (and some Word constructs) as LibreOffice saves them.

    .venv/bin/python tests/build_format_fixtures.py      # needs soffice (apt-get install libreoffice-writer-nogui)

The files are committed, so the tests read .odt, .pdf and LibreOffice's own .docx
(what it makes of .rtf and .doc) without LibreOffice; only the test marked
`libreoffice` converts .rtf and .doc for real.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.reports import read_report  # noqa: E402
from tests.constructs import SAMPLES, STEMS, VARIANTS, build, row_view  # noqa: E402

OUT = Path(__file__).resolve().parent / "data" / "formats"
#: Constructs also saved as OpenDocument (LibreOffice turns them into its own tables, lists and changes).
ODT_CONSTRUCTS = ("vmerge_place", "tracked_changes", "split_repeated_header", "text_boxes", "seventh_column")


def convert(source: Path, target_format: str, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", target_format, "--outdir", str(outdir), str(source)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    produced = outdir / f"{source.stem}.{target_format.split(':')[0]}"
    assert produced.exists(), produced
    return produced


def main() -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("needs LibreOffice: apt-get install libreoffice-writer-nogui")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        for stem in STEMS:
            sample = SAMPLES / f"{stem}.docx"
            for fmt in ("odt", "pdf", "rtf", "doc"):
                shutil.move(convert(sample, fmt, work), OUT / f"{stem}.{fmt}")
            for legacy in ("rtf", "doc"):
                source = work / f"{stem}_{legacy}.{legacy}"
                shutil.copy(OUT / f"{stem}.{legacy}", source)
                shutil.move(convert(source, "docx:MS Word 2007 XML", work), OUT / f"{stem}.{legacy}.docx")
            reference = [row_view(r) for r in read_report(sample).rows]
            for variant in VARIANTS:
                if variant.name not in ODT_CONSTRUCTS:
                    continue
                source = work / f"{stem}.{variant.name}.docx"
                source.write_bytes(build(stem, variant, reference))
                shutil.move(convert(source, "odt", work), OUT / f"{stem}.{variant.name}.odt")
            source = work / f"{stem}.vmerge_place.docx"
            shutil.move(convert(source, "pdf", work), OUT / f"{stem}.vmerge_place.pdf")
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>9,}  {path.relative_to(OUT.parent.parent.parent)}")


if __name__ == "__main__":
    main()
