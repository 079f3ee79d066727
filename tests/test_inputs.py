"""Which files a run reads and the ids their records carry: one report read once, ids unique in every output."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import extract
from extract.cli import main
from extract.batch.inputs import select_inputs

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STEM = "000_5351aeebe505d014"


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")


@pytest.mark.parametrize("files, specs, read, skipped", [
    # every format of one stem in one folder: the first of .docx .odt .doc .rtf .pdf .txt is read
    (["x.txt", "x.docx"], ["."], {"x.docx": "x"}, ["x.txt"]),
    (["x.txt", "x.pdf", "x.rtf", "x.doc", "x.odt"], ["."], {"x.odt": "x"}, ["x.doc", "x.pdf", "x.rtf", "x.txt"]),
    (["x.txt", "x.pdf"], ["."], {"x.pdf": "x"}, ["x.txt"]),
    (["x.TXT", "x.Rtf"], ["."], {"x.Rtf": "x"}, ["x.TXT"]),
    # named one by one, the same rule
    (["x.txt", "x.docx"], ["x.txt", "x.docx"], {"x.docx": "x"}, ["x.txt"]),
    # other stems, or the same stem in another folder, are other reports
    (["x.docx", "y.txt"], ["."], {"x.docx": "x", "y.txt": "y"}, []),
    (["a/x.docx", "b/x.txt", "b/x.docx"], ["."], {"a/x.docx": "a/x", "b/x.docx": "b/x"}, ["b/x.txt"]),
    # ids are relative to the folder given, so they stay the same however the archive grows
    (["2023/q1.docx", "2024/q2.docx"], ["."], {"2023/q1.docx": "2023/q1", "2024/q2.docx": "2024/q2"}, []),
    (["2023/q1.docx", "2024/q2.docx"], ["2023", "2024"], {"2023/q1.docx": "q1", "2024/q2.docx": "q2"}, []),
    (["a/b/x.docx"], ["a/*/*.docx"], {"a/b/x.docx": "b/x"}, []),
    # one stem named from two folders: both take their path relative to the common folder
    (["a/x.docx", "b/x.docx"], ["a/x.docx", "b/x.docx"], {"a/x.docx": "a/x", "b/x.docx": "b/x"}, []),
    (["2023/q1.docx", "2024/q1.docx", "2024/q2.docx"], ["2023", "2024"],
     {"2023/q1.docx": "2023/q1", "2024/q1.docx": "2024/q1", "2024/q2.docx": "q2"}, []),
    # a file found twice is read once
    (["x.docx"], ["x.docx", ".", "./x.docx"], {"x.docx": "x"}, []),
])
def test_one_report_is_read_once_and_ids_stay_unique(tmp_path, monkeypatch, files, specs, read, skipped):
    _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    inputs = select_inputs(specs)
    assert {p.as_posix(): inputs.id_stems[p] for p in inputs.paths} == read
    assert sorted(s.path.as_posix() for s in inputs.skipped) == skipped
    assert len(set(inputs.id_stems.values())) == len(inputs.paths)


def test_a_skipped_file_is_named_with_the_file_read_instead(tmp_path, monkeypatch):
    _tree(tmp_path, ["x.txt", "x.docx"])
    monkeypatch.chdir(tmp_path)
    assert [str(s) for s in select_inputs(["."]).skipped] == [
        "x.txt: skipped, the same report as x.docx (one stem in one folder: .docx is read before .txt)"]


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_rows_of_the_samples_folder_read_each_report_once(tmp_path, capsys):
    out = tmp_path / "rows.jsonl"
    assert main(["rows", str(SAMPLES), "-o", str(out)]) == 0
    ids = _ids(out)
    assert len(ids) == 23 + 65 and len(set(ids)) == len(ids)
    err = capsys.readouterr().err
    for stem in (STEM, "003_11a4ddde2116b527"):
        assert f"{SAMPLES / stem}.txt: skipped, the same report as {SAMPLES / stem}.docx" in err
    assert "extract: 2 file(s): 2 read, 0 failed, 88 row(s) written" in err


def test_run_gives_same_stem_files_in_two_folders_their_own_ids(tmp_path, capsys):
    for folder in ("2023", "2024"):
        (tmp_path / "archive" / folder).mkdir(parents=True)
        shutil.copy(SAMPLES / f"{STEM}.txt", tmp_path / "archive" / folder)
    out = tmp_path / "records.jsonl"
    assert main(["run", str(tmp_path / "archive"), "-o", str(out), "-q"]) == 0
    ids = _ids(out)
    assert len(ids) == 2 * 23 and len(set(ids)) == len(ids)
    assert ids[0] == f"2023/{STEM}#1" and ids[23] == f"2024/{STEM}#1"
    assert ids[:23] == [i.replace("2024/", "2023/", 1) for i in ids[23:]]


def test_the_api_reads_the_samples_folder_like_the_command(tmp_path):
    shutil.copy(SAMPLES / f"{STEM}.txt", tmp_path)
    shutil.copy(SAMPLES / f"{STEM}.docx", tmp_path)
    with pytest.warns(UserWarning, match=rf"{STEM}.txt: skipped, the same report as .*{STEM}.docx"):
        records = extract.run([tmp_path])
    ids = [r["id"] for r in records]
    assert len(ids) == 23 and len(set(ids)) == 23 and {r["report"]["format"] for r in records} == {"docx"}
    assert ids == [row.id for row in extract.read_report(tmp_path / f"{STEM}.docx").rows]


def test_ids_do_not_depend_on_where_the_command_is_run(tmp_path, monkeypatch):
    _tree(tmp_path, ["archive/2023/q1.docx"])
    monkeypatch.chdir(tmp_path)
    here = select_inputs(["archive"]).id_stems
    monkeypatch.chdir(tmp_path / "archive" / "2023")
    assert list(here.values()) == list(select_inputs([str(tmp_path / "archive")]).id_stems.values()) == ["2023/q1"]
