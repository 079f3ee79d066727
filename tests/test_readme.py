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


def test_every_database_column_is_documented():
    from extract.database.schema import TABLES

    blocks = dict(re.findall(r"^#### `([a-z_]+)`\n(.*?)(?=^#|\Z)", README, flags=re.MULTILINE | re.DOTALL))
    for table in TABLES:
        documented = re.findall(r"^\| `([a-z_0-9]+)` \|", blocks[table.name], flags=re.MULTILINE)
        columns = [c.name for c in table.columns]
        if table.name == "events":  # the record's own keys are documented in "The record"
            columns = [c for c in columns if c not in RECORD]
        assert documented == columns, table.name
