"""Writing results: atomically, so an interrupted run never leaves a file that looks complete."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
from pathlib import Path
from typing import IO, Any, Iterator


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new temporary file beside `target`, created with mode 0666 so the umask decides its
    permissions, as for any file a program writes (mkstemp's 0600 would keep colleagues out)."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
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
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_beside(target)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"
