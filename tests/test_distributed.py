"""The Dask engine: same records, same order as the local engine; a killed worker loses nothing."""
from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason='Dask is an optional extra: pip install ".[dask]"')

from extract.cli import main  # noqa: E402
from extract.batch.distributed import run_dask  # noqa: E402
from extract.batch.runner import run_local  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".docx", ".txt"))  # both reports, both formats: 4 files


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c, distributed.Client(c) as client:
        yield client


@pytest.fixture(scope="module")
def local_records():
    return [r for result in run_local(FILES) for r in result.records]


def test_dask_gives_the_local_engines_records_in_order(cluster, local_records):
    records = [r for result in run_dask(FILES, dask_client=cluster) for r in result.records]
    assert records == local_records


def test_cli_engine_dask(tmp_path, local_records):
    out = tmp_path / "dask.jsonl"
    assert main(["run", *map(str, FILES), "-o", str(out), "--engine", "dask", "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == [r for r in local_records if r["report"]["source"].endswith(".docx")]  # each report once


def _slow_process_file(path: str, as_json: bool = False, **options):
    import time

    from extract.batch.runner import process_file

    time.sleep(1.5)
    return process_file(path, as_json, **options)


def test_a_killed_worker_loses_and_duplicates_nothing(cluster, local_records, monkeypatch):
    import extract.batch.distributed

    monkeypatch.setattr(extract.batch.distributed, "process_file", _slow_process_file)
    results = run_dask(FILES, dask_client=cluster)
    first = next(results)  # tasks are now running on both workers
    victim = next(iter(cluster.run(os.getpid).values()))
    os.kill(victim, signal.SIGKILL)
    rest = list(results)
    records = [r for result in [first, *rest] for r in result.records]
    assert records == local_records
    assert all(result.error is None for result in [first, *rest])


def test_enrich_a_dask_dataframe(cluster):
    import dask.dataframe as dd
    import pandas as pd

    import extract

    frame = pd.DataFrame({"goal": ["Визит делегации г. Бреста (Республика Беларусь)", "Турнир в г. Туле"] * 3,
                          "who": ["около 20 человек", "Спортсмены (12 человек)"] * 3})
    out = extract.enrich(dd.from_pandas(frame, npartitions=3), goal="goal", participants="who").compute()
    assert len(out) == 6 and out["goal"].tolist() == frame["goal"].tolist()
    assert out["settlements"].tolist() == ["Брест", "Тула"] * 3
    assert out["participants_total"].tolist() == [20, 12] * 3
