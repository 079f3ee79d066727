"""Datasette metadata for an archive database: what a researcher sees before writing any SQL.

Titles and descriptions of every table and column come from `schema.TABLES` (the same
text the README documents); default facets and sort orders are chosen here; canned
queries are the SQL files in `queries/`, each led by `-- title:` and `-- description:`
lines; the map of settlements is datasette-cluster-map on the `lat` and `lon` columns.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from extract.database.schema import TABLES

QUERIES = Path(__file__).parent / "queries"
_HEADER = re.compile(r"--\s*(\w+):\s*(.*)")

#: Datasette table options beyond titles and column descriptions.
PRESENTATION: dict[str, dict[str, Any]] = {
    "events": {"sort": "date_start",
               "facets": ["sector", "report_year", "report_quarter", "section", {"array": "countries"}]},
    "mentions": {"facets": ["label", "field"]},
    "settlements": {"sort_desc": "events", "facets": ["country"]},
    "countries": {"sort_desc": "events"},
    "organizations": {"sort_desc": "events", "facets": ["country"]},
    "persons": {"sort_desc": "events"},
    **{t.name: {"facets": ["field"]} for t in TABLES if t.name.startswith("event_")},
}


def canned_queries() -> dict[str, dict[str, str]]:
    """{name: {title, description, sql}} from queries/*.sql."""
    queries = {}
    for path in sorted(QUERIES.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        header = dict(m.groups() for m in map(_HEADER.fullmatch, text.splitlines()) if m)
        sql = "\n".join(line for line in text.splitlines() if not _HEADER.fullmatch(line)).strip()
        queries[path.stem] = {"title": header["title"], "description": header["description"], "sql": sql}
    return queries


def metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for the archive database served under the name `database`."""
    tables = {
        t.name: {"title": t.title, "description": t.description,
                 "columns": {c.name: c.description for c in t.columns},
                 **({"label_column": t.label} if t.label else {}), **PRESENTATION.get(t.name, {})}
        for t in TABLES}
    return {
        "title": "International events of Russian regions",
        "description": "Events read from regional reports on international ties by extract run: "
                       "events, their mentions, and the settlements, countries, organizations and persons "
                       "linked across the archive.",
        "license": "Settlements: GeoNames, CC BY 4.0",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "GeoNames (settlement ids, coordinates, population)",
        "source_url": "https://www.geonames.org/",
        "databases": {database: {"tables": tables, "queries": canned_queries()}},
        "extra_css_urls": ["/extract/extract.css"],  # served from static/ by serve.py
        "plugins": {"datasette-cluster-map": {"latitude_column": "lat", "longitude_column": "lon"}},
    }
