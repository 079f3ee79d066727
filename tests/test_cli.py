"""The `extract` command as a user meets it: --version, an example in every --help, one summary line."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import extract
from extract.cli import EXAMPLES, build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SUMMARY = re.compile(r"^extract: (\d+) file\(s\): (\d+) read, (\d+) failed, (\d+) row\(s\) written$", re.MULTILINE)
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_version(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--version"])
    assert exit.value.code == 0 and capsys.readouterr().out.strip() == f"extract {extract.__version__}"


def _help(command: str, capsys) -> str:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["rows", "run", "enrich", "evaluate", "train-sector"])
def test_every_subcommand_help_ends_with_an_example_that_parses(command, capsys):
    assert set(EXAMPLES) == set(build_parser()._subparsers._group_actions[0].choices)
    example = EXAMPLES[command]
    assert f"example:\n  {example}\n" in _help(command, capsys)
    args = build_parser().parse_args(shlex.split(example)[1:])
    assert args.command == command


def test_run_help_shows_the_parallel_example_and_the_default_of_jobs(capsys):
    text = _help("run", capsys)
    assert "extract run reports/ -o out/records.parquet -j 2" in text
    assert "-j JOBS, --jobs JOBS worker processes, each loads the models once (default: 1)" in " ".join(text.split())


def _readme_commands() -> list[str]:
    block = README.split("\n## The command line\n", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("command", _readme_commands())
def test_every_command_in_the_readme_parses(command):
    argv = shlex.split(command)
    assert argv[0] == "extract"
    if argv[1:] != ["--version"]:
        build_parser().parse_args(argv[1:])


@pytest.fixture
def in_a_fresh_folder(tmp_path, monkeypatch) -> Path:
    """A working folder with the bundled samples, as in a fresh clone: outputs go here, not into the repo."""
    (tmp_path / "samples").symlink_to(SAMPLES)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("subcommand, files, rows", [("rows", 2, 88), ("enrich", 1, 5)])
def test_the_readme_examples_run_as_written_with_one_summary_line(in_a_fresh_folder, capsys, subcommand, files,
                                                                  rows):
    command = next(c for c in _readme_commands() if c.startswith(f"extract {subcommand} "))
    assert main(shlex.split(command)[1:]) == 0
    err = capsys.readouterr().err
    assert SUMMARY.findall(err) == [(str(files), str(files), "0", str(rows))]


def test_the_readme_main_command_runs_as_written(in_a_fresh_folder, capsys):
    command = re.search(r"\.venv/bin/(extract run [^\n]+)", README).group(1)
    assert main(shlex.split(command)[1:] + ["-q"]) == 0
    err = capsys.readouterr().err
    assert SUMMARY.findall(err) == [("2", "2", "0", "88")]
    assert err.count("skipped, the same report as") == 2
    out = Path(shlex.split(command)[shlex.split(command).index("-o") + 1])
    assert len(out.read_text(encoding="utf-8").splitlines()) == 88


def test_the_summary_counts_files_that_failed_or_were_not_found(tmp_path, capsys):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really")
    code = main(["rows", str(SAMPLES / "000_5351aeebe505d014.txt"), str(bad), str(tmp_path / "missing.txt"),
                 "-o", str(tmp_path / "rows.jsonl")])
    assert code == 1
    assert SUMMARY.findall(capsys.readouterr().err) == [("3", "1", "2", "23")]
