"""The README is part of the contract: the schema it documents and the commands it gives."""
from __future__ import annotations

import re
from pathlib import Path

from extract.schema import RECORD

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_record_key_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)`", README, flags=re.MULTILINE))
    documented |= set(re.findall(r"^\| `[a-z_]+`, `([a-z_]+)`", README, flags=re.MULTILINE))
    assert set(RECORD) <= documented


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci in README


def test_readme_main_command_uses_bundled_samples():
    assert "extract run samples/" in README
    assert list((ROOT / "samples").glob("*.docx")) and list((ROOT / "samples").glob("*.txt"))
