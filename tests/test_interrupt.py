"""A real `extract run` stopped half-way (Ctrl-C, SIGTERM, a kill) keeps what it finished; `--resume` ends the job.

The archive is synthetic (benchmarks/common.py); the process is stopped once its
journal holds a given number of finished files (polled, not timed), so the test
means the same on a fast or a slow machine.
"""
from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.common import synthetic_archive
from extract.output.writers import open_writer

REPORTS, ROWS, STOP_AFTER = 16, 20, 12


def _extract(*args: str) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run `extract` to its end: the process, its wall-clock seconds and its CPU seconds (the CPU time
    is what the comparison uses: other work on a shared machine stretches wall-clock time, not it)."""
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "extract", *args, "-q"], capture_output=True, text=True,
                          timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, time.perf_counter() - started, cpu


def _finished(journal: Path) -> int:
    """Finished files in a journal: complete lines after the header."""
    try:
        return max(journal.read_bytes().count(b"\n") - 1, 0)
    except FileNotFoundError:
        return 0


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("interrupt") / "archive"
    synthetic_archive(folder, REPORTS, rows_per_report=ROWS)
    return folder


@pytest.fixture(scope="module")
def uninterrupted(archive) -> tuple[list[str], float, float]:
    out = archive.parent / "whole" / "records.jsonl"
    done, seconds, cpu = _extract("run", str(archive), "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8").splitlines(), seconds, cpu


@pytest.mark.parametrize("stop, jobs, suffix, code", [
    (signal.SIGINT, "2", ".jsonl", 130),  # with worker processes: the main process stops them
    (signal.SIGTERM, "2", ".csv", 143),
    (signal.SIGKILL, "1", ".jsonl", -signal.SIGKILL),
], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_a_stopped_run_resumes_to_the_same_records_in_less_time(archive, uninterrupted, tmp_path, stop, jobs,
                                                                  suffix, code):
    lines, whole_seconds, whole_cpu = uninterrupted
    out = tmp_path / f"records{suffix}"
    journal = out.with_name(f"{out.name}.journal")
    process = subprocess.Popen([sys.executable, "-m", "extract", "run", str(archive), "-o", str(out), "-j", jobs,
                                "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while _finished(journal) < STOP_AFTER and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(stop)
    _, err = process.communicate(timeout=120)
    assert process.returncode == code, err
    kept = _finished(journal)
    assert STOP_AFTER <= kept < REPORTS
    assert not out.exists()
    if stop == signal.SIGKILL:  # a killed process cannot tidy up: its temporary output stays until the next run
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    else:  # the others leave only the journal
        assert sorted(p.name for p in tmp_path.iterdir()) == [journal.name]
        assert "--resume" in err

    resumed, seconds, cpu = _extract("run", str(archive), "-o", str(out), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"resumed: {kept} file(s) unchanged" in resumed.stderr
    left = {".jsonl": [out.name, journal.name], ".csv": [out.name, journal.name, f"records.mentions{suffix}"]}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(left[suffix])  # a killed run's temporary file too
    if suffix == ".jsonl":
        assert out.read_text(encoding="utf-8").splitlines() == lines
    else:
        expected = tmp_path / "expected" / out.name
        with open_writer(expected) as writer:
            writer.write(json.loads(line) for line in lines)
        for name in (out.name, f"records.mentions{suffix}"):
            assert (tmp_path / name).read_bytes() == (expected.parent / name).read_bytes()
    print(f"{stop.name}: uninterrupted {whole_seconds:.1f} s ({whole_cpu:.1f} s CPU), "
          f"resumed after {kept} of {REPORTS} files {seconds:.1f} s ({cpu:.1f} s CPU)")
    assert cpu < whole_cpu
