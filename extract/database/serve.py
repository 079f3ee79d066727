"""`extract serve archive.sqlite`: the archive in Datasette, on this machine only, read-only.

Datasette is what data journalists and researchers already browse tables with (facets,
full-text search, SQL, JSON and CSV of every view); the toolkit adds the metadata that
explains its tables (metadata.py) and the map plugin. The database is opened immutable:
nothing served can change it. Datasette is an optional extra (`pip install -e ".[explore]"`).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from extract.database.metadata import metadata
from extract.database.reading import connect

MISSING = 'Datasette is not installed: pip install -e ".[explore]"'
HOST = "127.0.0.1"
STATIC = Path(__file__).parent / "static"


def datasette_missing() -> str | None:
    """The message to show when Datasette or its map plugin is not installed, else None."""
    try:
        import datasette  # noqa: F401
        import datasette_cluster_map  # noqa: F401
    except ImportError:
        return MISSING
    return None


def datasette(path: str | Path) -> Any:
    """A Datasette instance serving one archive database, immutable, with the toolkit's metadata."""
    from datasette.app import Datasette

    path = Path(path)
    return Datasette(immutables=[str(path)], metadata=metadata(path.stem), static_mounts=[("extract", str(STATIC))],
                     settings={"suggest_facets": False})


def serve(path: str | Path, port: int) -> None:
    import uvicorn

    instance = datasette(path)
    asyncio.run(instance.invoke_startup())
    uvicorn.run(instance.app(), host=HOST, port=port, log_level="warning", lifespan="on")


def register(subparsers: Any) -> None:
    """Add the `serve` subcommand to the toolkit's argparse subparsers."""
    parser = subparsers.add_parser("serve", help="browse an archive database in Datasette (pip install '.[explore]')",
                                   description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="a database written by extract run -o FILE.sqlite")
    parser.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default 8001)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extract.cli import fail_line

    if datasette_missing():
        fail_line(datasette_missing())
        return 2
    try:
        connect(args.database).close()
    except ValueError as exc:
        fail_line(str(exc))
        return 2
    print(f"extract: serving {args.database} at http://{HOST}:{args.port}/{args.database.stem} "
          f"(read-only; Ctrl+C stops)", file=sys.stderr, flush=True)
    serve(args.database, args.port)
    return 0
