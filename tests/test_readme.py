"""The README is part of the contract: the schema it documents and the commands it gives."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from extract.output.schema import RECORD

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


def _code_block(heading: str, language: str) -> str:
    """The first ```language block after a heading of the README."""
    section = README.split(f"\n{heading}\n", 1)[1]
    return re.search(rf"```{language}\n(.*?)```", section, flags=re.DOTALL).group(1)


def _python(script: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_the_python_api_example_runs_as_a_script(tmp_path):
    script = tmp_path / "example.py"
    script.write_text(_code_block("## Python API", "python")
                      + "    print(len(report.rows), len(records), len(enriched), sep=',')\n", encoding="utf-8")
    done = _python(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "23,88,5"
    assert "000_5351aeebe505d014.txt: skipped" in done.stderr


def test_a_script_without_the_main_guard_is_told_what_to_do(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text("import extract\nextract.run(['samples/000_5351aeebe505d014.txt'], jobs=2)\n", encoding="utf-8")
    done = _python(script)
    assert done.returncode != 0
    assert 'under `if __name__ == "__main__":`' in done.stderr and "or use jobs=1" in done.stderr
    assert "BrokenProcessPool" not in done.stderr and "bootstrapping phase" not in done.stderr


def test_every_column_of_the_tables_is_documented():
    from extract.api import ADDED_COLUMNS
    from extract.records import FIELDS
    from extract.output.schema import MENTION_COLUMNS, flat_columns

    report_keys = re.search(r"^\| `report` \| object \| (.*) \|$", README, flags=re.MULTILINE).group(1)
    for column in flat_columns():
        if column.startswith("report_"):
            assert f"`{column[len('report_'):]}`" in report_keys, column
        else:
            assert column in RECORD or column in FIELDS, column
    prose = " ".join(README.split())
    assert f"(`{', '.join(MENTION_COLUMNS)}`)" in prose
    assert f"`{ADDED_COLUMNS[0]}`, `{ADDED_COLUMNS[1]}` … `{ADDED_COLUMNS[-1]}`" in prose


def test_the_journal_is_documented_as_it_is_written(tmp_path):
    import json

    from extract.batch.journal import HEADER, Journal

    with Journal(tmp_path / "out.jsonl.journal") as journal:
        journal.add("a.docx", "0" * 64, "a", [], ['{"id": "a#1"}\n'])
    header, entry = (json.loads(line) for line in (tmp_path / "out.jsonl.journal").read_text().splitlines())
    assert header == HEADER
    documented = re.search(r"one line per finished file with its (.*?), flushed", README, flags=re.DOTALL).group(1)
    assert re.findall(r"`(\w+)`", documented) == list(entry)


def test_every_database_column_is_documented():
    from extract.database.schema import TABLES

    blocks = dict(re.findall(r"^#### `([a-z_]+)`\n(.*?)(?=^#|\Z)", README, flags=re.MULTILINE | re.DOTALL))
    for table in TABLES:
        documented = re.findall(r"^\| `([a-z_0-9]+)` \|", blocks[table.name], flags=re.MULTILINE)
        columns = [c.name for c in table.columns]
        if table.name == "events":  # the record's own keys are documented in "The record"
            columns = [c for c in columns if c not in RECORD]
        assert documented == columns, table.name
