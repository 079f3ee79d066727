"""`extract run` end to end on the bundled samples: the record schema, formats, -j, --resume, errors."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from extract.cli import main
from extract.output.schema import RECORD, check, flat_columns, flat_kind

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TXT = sorted(str(p) for p in SAMPLES.glob("*.txt"))


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("run") / "records.jsonl"
    assert main(["run", *TXT, "-o", str(out), "-q"]) == 0
    return _read(out)


def test_one_record_per_row_in_input_order(records):
    assert len(records) == 23 + 65
    assert [r["id"] for r in records[:2]] == ["000_5351aeebe505d014#1", "000_5351aeebe505d014#2"]
    assert records[23]["id"] == "003_11a4ddde2116b527#1"


def test_every_record_follows_the_schema(records):
    for record in records:
        assert check(record) == [], record["id"]
        assert list(record)[: len(RECORD)] == list(RECORD)


def test_every_mention_points_at_its_text(records):
    for record in records:
        for m in record["mentions"]:
            assert record["fields"][m["field"]][m["start"]:m["end"]] == m["text"], (record["id"], m)


def test_each_organization_has_its_nominative_form_in_the_same_place(records):
    for record in records:
        assert len(record["organizations_normal"]) == len(record["organizations"]), record["id"]
    row = {r["id"]: r for r in records}["000_5351aeebe505d014#1"]
    pairs = dict(zip(row["organizations"], row["organizations_normal"]))
    assert pairs["Торгово-промышленной палаты Российской Федерации"] == "Торгово-промышленная палата Российской Федерации"
    assert pairs["Ассоциации «Российско-Турецкий диалог»"] == "Ассоциация «Российско-Турецкий диалог»"


def test_guide_example_row(records):
    row = {r["id"]: r for r in records}["000_5351aeebe505d014#4"]
    assert row["sector"] == "culture" and row["sector_source"] == "header"
    assert (row["date_start"], row["date_end"], row["date_precision"]) == ("2023-07-08", "2023-07-09", "day")
    assert row["place_countries"] == ["BY"] and "Александрия" in row["place_settlements"]
    assert set(row["countries"]) >= {"BY", "RU"}
    assert set(row["persons"]) == {"В.Н. Анохин", "Д.Ф. Мезенцев"}
    assert (row["participants_total"], row["participants_qualifier"]) == (1000, "exact")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_flat_tables_with_mentions_beside(tmp_path, records, suffix):
    out = tmp_path / f"records{suffix}"
    assert main(["run", TXT[0], "-o", str(out), "-q"]) == 0
    read = pd.read_csv if suffix == ".csv" else pd.read_parquet
    table = read(out)
    mentions = read(tmp_path / f"records.mentions{suffix}")
    assert list(table.columns) == flat_columns()
    assert table["organizations_normal"].str.contains("Торгово-промышленная палата Российской Федерации").any()
    integers = [c for c in flat_columns() if flat_kind(c) == "integer"]
    assert {"row", "participants_total", "report_year"} <= set(integers)
    if suffix == ".csv":
        raw = pd.read_csv(out, dtype=str, keep_default_na=False)
        assert all(v.isdigit() or v == "" for c in integers for v in raw[c]), "integers written as integers"
    else:
        import pyarrow.parquet as pq

        assert {str(pq.read_schema(out).field(c).type) for c in integers} == {"int64"}
    assert len(table) == 23 and table["id"].tolist() == [r["id"] for r in records[:23]]
    assert len(mentions) == sum(len(r["mentions"]) for r in records[:23])
    assert set(mentions["id"]) <= set(table["id"])


def test_parallel_workers_give_identical_records(tmp_path, records):
    out = tmp_path / "j2.jsonl"
    assert main(["run", *TXT, "-o", str(out), "-j", "2", "-q"]) == 0
    assert _read(out) == records


def test_resume_skips_unchanged_files_and_keeps_their_records(tmp_path, records, capsys, monkeypatch):
    out = tmp_path / "resume.jsonl"
    assert main(["run", TXT[0], "-o", str(out), "-q"]) == 0
    import extract.batch.runner

    done = []
    real = extract.batch.runner.process_file

    def counting(path, **options):
        done.append(Path(path).name)
        return real(path, **options)

    monkeypatch.setattr(extract.batch.runner, "process_file", counting)
    assert main(["run", *TXT, "-o", str(out), "--resume", "-q"]) == 0
    assert done == [Path(TXT[1]).name]
    assert _read(out) == records
    assert "1 file(s) unchanged" in capsys.readouterr().err


def test_bad_files_are_reported_and_good_records_kept(tmp_path, records, capsys):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really")
    out = tmp_path / "mixed.jsonl"
    assert main(["run", TXT[0], str(bad), "-o", str(out), "-q"]) == 1
    assert _read(out) == records[:23]
    err = capsys.readouterr().err
    assert "broken.docx" in err and "1 failed" in err and "Traceback" not in err


def test_unknown_output_format_is_a_clear_error(tmp_path, capsys):
    assert main(["run", TXT[0], "-o", str(tmp_path / "out.xlsx"), "-q"]) == 2
    assert "unknown output format .xlsx" in capsys.readouterr().err


def test_dask_engine_without_dask_is_a_clear_message(tmp_path, capsys, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask") or name.startswith("distributed"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    assert main(["run", TXT[0], "-o", str(tmp_path / "o.jsonl"), "--engine", "dask", "-q"]) == 2
    assert 'Dask is not installed: pip install ".[dask]"' in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_atomic_outputs_honour_the_umask(tmp_path, umask, mode):
    from extract.output.atomic import atomic_writer

    old = os.umask(umask)
    try:
        with atomic_writer(tmp_path / "out.jsonl") as handle:
            handle.write("{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.jsonl").stat().st_mode) == mode


def test_every_file_a_run_writes_is_readable_by_the_group_when_the_umask_says_so(tmp_path):
    old = os.umask(0o002)
    try:
        assert main(["run", TXT[0], "-o", str(tmp_path / "records.csv"), "-q"]) == 0
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert modes == {"records.csv": 0o664, "records.mentions.csv": 0o664, "records.csv.journal": 0o664}
