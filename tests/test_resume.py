"""The journal and `--resume`: a finished file is never read twice, a record never written twice or lost."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import extract.batch.runner
from extract.cli import main
from extract.batch.journal import Journal, index, journal_path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TXT = sorted(SAMPLES.glob("*.txt"))


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _entries(output: Path) -> dict:
    return index(journal_path(output))[0]


@pytest.fixture
def archive(tmp_path) -> Path:
    """One report saved three times, byte for byte: in two folders, and sent twice under another name."""
    root = tmp_path / "archive"
    (root / "copy").mkdir(parents=True)
    for target in (root / "report.txt", root / "sent_twice.txt", root / "copy" / "report.txt"):
        shutil.copy(TXT[0], target)
    return root


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files the pipeline is run on, as they are run."""
    done: list[str] = []
    real = extract.batch.runner.process_file

    def counting(path, **options):
        done.append(str(path))
        return real(path, **options)

    monkeypatch.setattr(extract.batch.runner, "process_file", counting)
    return done


def test_resume_never_duplicates_byte_identical_files(tmp_path, archive, reads, capsys):
    out = tmp_path / "out" / "records.jsonl"
    assert main(["run", str(archive), "-o", str(out), "-q"]) == 0
    first = _records(out)
    assert len(first) == 3 * 23 and len({r["id"] for r in first}) == 3 * 23
    for _ in range(2):
        reads.clear()
        assert main(["run", str(archive), "-o", str(out), "-q", "--resume"]) == 0
        assert _records(out) == first and reads == []
    assert "resumed: 3 file(s) unchanged" in capsys.readouterr().err


def test_a_changed_file_is_read_again_and_only_it(tmp_path, archive, reads):
    out = tmp_path / "records.jsonl"
    assert main(["run", str(archive), "-o", str(out), "-q"]) == 0
    shutil.copy(TXT[1], archive / "sent_twice.txt")  # same path, other content: 65 rows
    reads.clear()
    assert main(["run", str(archive), "-o", str(out), "-q", "--resume"]) == 0
    assert reads == [str(archive / "sent_twice.txt")]
    records = _records(out)
    assert len(records) == 23 + 65 + 23 and len({r["id"] for r in records}) == len(records)
    assert [r["report"]["source"] for r in records].count(str(archive / "sent_twice.txt")) == 65


class Stop(KeyboardInterrupt):
    pass


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_an_interrupted_run_keeps_its_finished_files_and_resume_goes_on(tmp_path, archive, reads, suffix, capsys):
    whole = tmp_path / "whole" / f"records{suffix}"
    assert main(["run", str(archive), "-o", str(whole), "-q"]) == 0
    reads.clear()
    counting = extract.batch.runner.process_file

    def interrupted_at_the_third(path, **options):
        if len(reads) == 2:
            raise Stop()
        return counting(path, **options)

    extract.batch.runner.process_file = interrupted_at_the_third  # the fixture puts the real one back
    out = tmp_path / "part" / f"records{suffix}"
    assert main(["run", str(archive), "-o", str(out), "-q"]) == 130
    assert sorted(p.name for p in out.parent.iterdir()) == [f"records{suffix}.journal"]  # no output, no temp file
    assert len(_entries(out)) == 2
    assert "run the same command with --resume" in capsys.readouterr().err
    extract.batch.runner.process_file = counting
    reads.clear()
    assert main(["run", str(archive), "-o", str(out), "-q", "--resume"]) == 0
    assert len(reads) == 1
    read = {".jsonl": _records, ".csv": pd.read_csv, ".parquet": pd.read_parquet}[suffix]
    for name in [out.name] + ([] if suffix == ".jsonl" else [f"records.mentions{suffix}"]):
        expected, got = read(whole.parent / name), read(out.parent / name)
        assert got == expected if suffix == ".jsonl" else got.equals(expected)


def test_the_journal_stays_after_a_finished_run_and_a_plain_run_starts_it_again(tmp_path, archive, reads):
    out = tmp_path / "records.csv"
    assert main(["run", str(archive / "report.txt"), "-o", str(out), "-q"]) == 0
    assert len(_entries(out)) == 1
    assert main(["run", str(archive / "sent_twice.txt"), "-o", str(out), "-q"]) == 0
    assert list(_entries(out)) == [str(archive / "sent_twice.txt")]


def test_resume_needs_an_output_file(capsys):
    assert main(["run", str(TXT[0]), "--resume", "-q"]) == 2
    assert "--resume needs an output file (-o FILE)" in capsys.readouterr().err


def _journal_with(path: Path, files: list[str]) -> None:
    with Journal(path) as journal:
        for name in files:
            journal.add(name, f"sha-{name}", Path(name).stem, [f"warning of {name}"],
                        [json.dumps({"id": f"{Path(name).stem}#1"}) + "\n", json.dumps({"id": f"{name}#2"}) + "\n"])


def test_a_line_cut_short_by_a_kill_is_no_entry_and_is_cut_off(tmp_path):
    path = tmp_path / "records.jsonl.journal"
    _journal_with(path, ["a.docx", "b.docx"])
    data = path.read_bytes()
    path.write_bytes(data[:-40])  # killed while writing b.docx
    with Journal(path, resume=True) as journal:
        assert list(journal.entries) == ["a.docx"]
        entry = journal.done("a.docx", "sha-a.docx", "a")
        assert journal.read(entry) == ([{"id": "a#1"}, {"id": "a.docx#2"}], ["warning of a.docx"])
        journal.add("c.docx", "sha-c.docx", "c", [], [json.dumps({"id": "c#1"}) + "\n"])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line).get("path") for line in lines] == [None, "a.docx", "c.docx"]


@pytest.mark.parametrize("path, sha256, id_stem, done", [
    ("a.docx", "sha-a.docx", "a", True),
    ("a.docx", "sha-changed", "a", False),  # the file changed
    ("a.docx", None, "a", False),  # the file is gone
    ("a.docx", "sha-a.docx", "2023/a", False),  # its ids would be others now
    ("elsewhere/a.docx", "sha-a.docx", "a", False),  # another file, the same bytes
])
def test_a_file_is_done_when_its_path_hash_and_id_stem_are_unchanged(tmp_path, path, sha256, id_stem, done):
    journal_file = tmp_path / "j"
    _journal_with(journal_file, ["a.docx"])
    with Journal(journal_file, resume=True) as journal:
        assert (journal.done(path, sha256, id_stem) is not None) is done


def test_a_journal_of_another_kind_is_started_afresh(tmp_path):
    path = tmp_path / "records.jsonl.journal"
    path.write_text('{"something": "else"}\n{"path": "a.docx"}\n', encoding="utf-8")
    with Journal(path, resume=True) as journal:
        assert journal.entries == {}
    assert json.loads(path.read_text(encoding="utf-8")) == {"journal": "extract", "version": 1}
