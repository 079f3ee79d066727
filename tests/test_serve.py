"""`extract serve`: Datasette over the archive with the toolkit's metadata (in process, no port)."""
from __future__ import annotations

import asyncio
import builtins
import sqlite3

import pytest

from extract.cli import main
from extract.database.metadata import metadata
from extract.database.schema import TABLES

pytest.importorskip("datasette", reason='Datasette is an optional extra: pip install -e ".[explore]"')

from extract.database.serve import datasette  # noqa: E402


@pytest.fixture(scope="module")
def client(archive):
    instance = datasette(archive)

    def get(path: str):
        response = asyncio.run(instance.client.get(path))
        assert response.status_code == 200, (path, response.text[:300])
        return response

    get.instance = instance
    return get


def test_metadata_describes_every_table_and_column():
    meta = metadata("ties")
    tables = meta["databases"]["ties"]["tables"]
    assert set(tables) == {t.name for t in TABLES}
    for table in TABLES:
        described = tables[table.name]
        assert described["title"] and described["description"]
        assert set(described["columns"]) == {c.name for c in table.columns}
        assert all(described["columns"].values()), table.name
    assert tables["events"]["facets"] == ["sector", "report_year", "report_quarter", "section", {"array": "countries"}]
    queries = meta["databases"]["ties"]["queries"]
    assert all(q["title"] and q["description"] and q["sql"].startswith("select") for q in queries.values())
    assert meta["plugins"]["datasette-cluster-map"] == {"latitude_column": "lat", "longitude_column": "lon"}
    assert "CC BY 4.0" in meta["license"]


def test_the_events_table_has_its_default_facets_and_search(client):
    page = client("/ties/events.json?_size=0").json()
    assert page["filtered_table_rows_count"] == 90
    assert set(page["facet_results"]) == {"sector", "report_year", "report_quarter", "section", "countries"}
    years = {f["value"]: f["count"] for f in page["facet_results"]["report_year"]["results"]}
    assert years == {2023: 88, 2024: 2}
    found = client("/ties/events.json?_search=Александрия&_shape=objects").json()["rows"]
    assert "000_5351aeebe505d014#4" in [r["id"] for r in found]


def test_every_canned_query_runs(client):
    queries = metadata("ties")["databases"]["ties"]["queries"]
    for name in queries:
        rows = client(f"/ties/{name}.json?_shape=array&municipality=Смоленск").json()
        assert rows, name


def test_the_map_plugin_draws_the_settlements(client):
    assert "datasette-cluster-map.js" in client("/ties/settlements").text
    assert "datasette-cluster-map.js" not in client("/ties/persons").text  # no coordinates, no map


def test_the_database_is_served_read_only(client):
    assert not client.instance.databases["ties"].is_mutable
    response = asyncio.run(client.instance.client.get("/ties.json?sql=delete+from+events"))
    assert response.status_code == 400
    assert client("/ties/events.json?_size=0").json()["filtered_table_rows_count"] == 90


def test_serve_without_datasette_is_a_clear_message(archive, monkeypatch, capsys):
    real_import = builtins.__import__

    def no_datasette(name, *args, **kwargs):
        if name.startswith("datasette"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_datasette)
    assert main(["serve", str(archive)]) == 2
    assert 'Datasette is not installed: pip install -e ".[explore]"' in capsys.readouterr().err


def test_serve_refuses_what_is_no_archive(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "missing.sqlite")]) == 2
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    assert main(["serve", str(other)]) == 2
    err = capsys.readouterr().err
    assert "missing.sqlite: no such file" in err and "other.sqlite: not a database written by extract run" in err
