"""Writing results: atomically, so an interrupted run never leaves a file that looks complete."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
from pathlib import Path
from typing import IO, Any, Iterator


def _part_name(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}.part")


def remove_stale_parts(target: str | Path) -> None:
    """Remove the temporary files a killed writer of `target` left (a killed process cannot);
    only for a caller that knows no other writer of `target` runs (a run owns its output)."""
    for stale in Path(target).parent.glob(_part_name(Path(target), "?" * 8).name):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new temporary file beside `target`, created with mode 0666 so the umask decides its
    permissions, as for any file a program writes (mkstemp's 0600 would keep colleagues out)."""
    while True:
        tmp = _part_name(target, secrets.token_hex(4))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue


@contextlib.contextmanager
def atomic_writer(path: str | Path | None, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside `path` and rename it into place on success.

    `None` or "-" writes to stdout. On an exception (an interrupt too) the temporary file
    is removed and `path` keeps whatever it held before.
    """
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_path(path) as temporary:
        with open(temporary, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as handle:
            yield handle


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A new empty file beside `path` for a writer that needs a path (SQLite), synced and renamed
    to `path` when the block succeeds, removed when it fails."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_beside(target)
    os.close(fd)
    try:
        yield Path(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"
