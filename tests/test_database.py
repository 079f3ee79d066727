"""`extract run -o archive.sqlite`: the tables, entities linked across reports, coordinates, search, --resume."""
from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils.db import COLUMN_TYPE_MAPPING

from extract.cli import main
from extract.database.linking import block
from extract.database.metadata import canned_queries
from extract.database.schema import SEARCHED, TABLES
from extract.database.reading import read_records
from extract.extractors.org_variants import same_organization
from extract.geo import fold, settlements
from extract.output.schema import check
from extract.output.writers import open_writer

MOGILEV_CENTRE = "Учреждение культуры «Могилевский областной методический центр народного творчества и " \
                 "культурно-просветительной работы»"
SMOLENSK_CENTRE = "ГБУК «Смоленский областной центр народного творчества»"


@pytest.fixture(scope="module")
def records(tmp_path_factory, reports) -> list[dict]:
    out = tmp_path_factory.mktemp("jsonl") / "records.jsonl"
    assert main(["run", *reports, "-o", str(out), "-q"]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def db(archive) -> sqlite_utils.Database:
    return sqlite_utils.Database(archive)


def rows(db: sqlite_utils.Database, sql: str, params: dict | tuple = ()) -> list[dict]:
    return list(db.query(sql, params))


def dump(path: Path) -> dict[str, list[dict]]:
    """Every table of the schema, row by row in written order."""
    database = sqlite_utils.Database(path)
    return {t.name: rows(database, f"select * from [{t.name}] order by rowid") for t in TABLES}


def test_tables_follow_the_schema(db):
    for table in TABLES:
        columns = {c.name: c.type for c in db[table.name].columns}
        assert columns == {c.name: COLUMN_TYPE_MAPPING[c.type] for c in table.columns}, table.name
        assert db[table.name].pks == (list(table.pk) or ["rowid"])
        assert {(f.column, f.other_table, f.other_column) for f in db[table.name].foreign_keys} == \
            set(table.foreign_keys)
    assert db["events"].detect_fts() == "events_fts"
    assert [c.name for c in db["events_fts"].columns] == list(SEARCHED)


def test_events_give_back_every_record(archive, records, db):
    back = list(read_records(archive))
    assert back == records
    assert all(check(r) == [] for r in back)
    assert [r["id"] for r in rows(db, "select id from events order by rowid")] == [r["id"] for r in records]
    assert db["mentions"].count == sum(len(r["mentions"]) for r in records)
    # lists are JSON arrays: SQL can take them apart
    assert rows(db, "select count(*) n from events, json_each(events.countries)")[0]["n"] == \
        sum(len(r["countries"]) for r in records)


def test_every_event_links_the_entities_of_its_record(db, records):
    def linked(sql: str, event: str) -> set:
        return {fold(r["v"]) for r in rows(db, sql, (event,))}

    for record in records:
        event = record["id"]
        assert linked("select country v from event_countries where event_id = ?", event) == \
            {fold(c) for c in record["countries"] + record["place_countries"]}, event
        assert linked("select s.name v from event_settlements l join settlements s on s.id = l.settlement_id "
                      "where event_id = ?", event) == \
            {fold(s) for s in record["settlements"] + record["place_settlements"]}, event
        assert linked("select p.name v from event_persons l join persons p on p.id = l.person_id "
                      "where event_id = ?", event) == {fold(p) for p in record["persons"]}, event
        forms = {f for r in rows(db, "select o.forms from event_organizations l join organizations o "
                                     "on o.id = l.organization_id where event_id = ?", (event,))
                 for f in json.loads(r["forms"])}
        for mention in (m for m in record["mentions"] if m["label"] == "ORG"):
            assert " ".join(mention["text"].split()) in forms, (event, mention["text"])


def test_every_count_is_the_number_of_linked_events(db):
    for entity, link, key in [("settlements", "event_settlements", "settlement_id"),
                              ("countries", "event_countries", "country"),
                              ("organizations", "event_organizations", "organization_id"),
                              ("persons", "event_persons", "person_id")]:
        pk = "code" if entity == "countries" else "id"
        wrong = rows(db, f"select e.{pk} from {entity} e where e.events != "
                         f"(select count(distinct event_id) from {link} l where l.{key} = e.{pk})")
        assert wrong == [], entity


def test_a_town_is_one_row_keyed_by_its_geonames_id_across_reports(db, reports):
    stems = [Path(p).stem for p in reports]
    for town, geonameid in [("Смоленск", 491687), ("Витебск", 620127), ("Могилев", 625665)]:
        [row] = rows(db, "select * from settlements where name = ?", (town,))
        assert row["id"] == row["geonameid"] == geonameid
        linked = rows(db, "select distinct e.report_stem s from event_settlements l join events e "
                          "on e.id = l.event_id where l.settlement_id = ? order by e.rowid", (geonameid,))
        assert [r["s"] for r in linked] == stems


def test_coordinates_are_the_gazetteers(db):
    gazetteer = {e.geonameid: e for entries in settlements().entries.values() for e in entries}
    known = rows(db, "select * from settlements where geonameid is not null")
    assert len(known) >= 30
    for row in known:
        entry = gazetteer[row["geonameid"]]
        assert (row["lat"], row["lon"], row["population"], row["country"]) == \
            (entry.lat, entry.lon, entry.population, entry.country), row["name"]
    [smolensk] = rows(db, "select lat, lon from settlements where id = 491687")
    assert smolensk == {"lat": pytest.approx(54.78, abs=0.01), "lon": pytest.approx(32.05, abs=0.01)}


def test_a_settlement_the_gazetteer_lacks_keeps_its_country_and_no_coordinates(db):
    # "Александрия, Шкловский район, Могилевская область, Республика Беларусь": a village of
    # Belarus that GeoNames' cities500 does not list
    [row] = rows(db, "select * from settlements where name = 'Александрия'")
    assert row["id"] < 0 and row["country"] == "BY"
    assert (row["geonameid"], row["lat"], row["lon"], row["population"]) == (None, None, None, None)


def test_one_body_written_several_ways_is_one_organization_across_reports(db):
    def reports_of(name: str) -> list[str]:
        return [r["report_stem"] for r in rows(
            db, "select distinct e.report_stem from organizations o join event_organizations l "
                "on l.organization_id = o.id join events e on e.id = l.event_id where o.name = ? order by e.rowid",
            (name,))]

    assert reports_of(SMOLENSK_CENTRE) == ["000_5351aeebe505d014", "101_invented_2024q1"]
    assert reports_of(MOGILEV_CENTRE) == ["000_5351aeebe505d014", "101_invented_2024q1"]
    [mogilev] = rows(db, "select * from organizations where name = ?", (MOGILEV_CENTRE,))
    assert mogilev["country"] == "BY"
    assert {"Могилевского областного методического центра народного творчества и культурно-просветительной работы",
            "Учреждением культуры «Могилевский областной методический центр народного творчества и "
            "культурно-просветительной работы»"} <= set(json.loads(mogilev["forms"]))
    # the Vitebsk centre of the same kind is another body
    assert rows(db, "select country from organizations where name = "
                    "'Витебский областной методический центр народного творчества'") == [{"country": "BY"}]
    assert rows(db, "select country from organizations where name = ?", (SMOLENSK_CENTRE,)) == [{"country": "RU"}]


def test_the_linker_compares_only_names_the_rules_can_join(records):
    """A name is compared only with names of its block (initial, short numbers): the rules never join others."""
    names = sorted({m["normal"] for r in records for m in r["mentions"] if m["label"] == "ORG"})
    names += ["МБОУ «Средняя школа № 3»", "ФГБОУ ВО «Смоленская ГСХА»",
              "ФГБОУ ВО «Смоленская государственная сельскохозяйственная академия»", "Школа № 123456",
              "Школа № 123457"]  # long numbers may differ in their end and still be joined
    joined = [(a, b) for a, b in itertools.combinations(names, 2) if same_organization(a, b)]
    assert len(joined) >= 6 and all(block(a) == block(b) for a, b in joined)
    assert block("МБОУ «СШ № 3»") == block("Муниципальное бюджетное общеобразовательное учреждение "
                                            "«Средняя школа № 3»") != block("МБОУ «СШ № 5»")


def test_full_text_search_finds_any_case_form(db, records):
    def search(query: str) -> set[str]:
        return {r["id"] for r in rows(db, "select e.id from events_fts f join events e on e.rowid = f.rowid "
                                          "where events_fts match ?", (f'"{query}"',))}

    assert "000_5351aeebe505d014#4" in search("Александрия")
    # a stem finds "Витебск", "Витебска", "Витебского", … in every searched column, and only those
    assert search("Витебск") == {r["id"] for r in records
                                 if any("витебск" in (r["fields"][f] or "").lower() for f in SEARCHED)}


def test_canned_queries_answer_the_researchers_questions(archive, records):
    connection = sqlite3.connect(archive)
    connection.row_factory = sqlite3.Row
    queries = canned_queries()
    assert set(queries) == {"events_per_country_and_year", "ties_of_municipality", "recurring_organizations",
                            "partner_settlements"}

    def run(name: str, **params) -> list[dict]:
        return [dict(r) for r in connection.execute(queries[name]["sql"], params)]

    expected: dict[tuple[str, int], int] = {}
    for r in records:
        year = int(r["date_start"][:4]) if r["date_start"] else r["report"]["year"]
        for code in set(r["countries"] + r["place_countries"]) - {"RU"}:
            expected[code, year] = expected.get((code, year), 0) + 1
    assert {(q["code"], q["year"]): q["events"] for q in run("events_per_country_and_year")} == expected

    rudnya = run("ties_of_municipality", municipality="Руднянский")
    assert [q["id"] for q in rudnya] and {q["id"] for q in rudnya} == {
        r["id"] for r in records if "Руднянский" in (r["section"] or "") + (r["fields"]["place"] or "")}
    assert all("Российская Федерация" not in (q["partner_countries"] or "") for q in rudnya)

    recurring = run("recurring_organizations")
    assert {q["name"] for q in recurring[:2]} == {SMOLENSK_CENTRE, MOGILEV_CENTRE}
    assert [q["reports"] for q in recurring[:3]] == [2, 2, 1] and all(q["events"] > 1 for q in recurring)

    abroad = run("partner_settlements")
    assert abroad[0]["name"] == "Витебск" and all(q["country"] != "RU" and q["lat"] is not None for q in abroad)


def test_resume_into_a_database_keeps_what_it_holds(tmp_path, reports, archive, request, capsys):
    out = tmp_path / "resumed.sqlite"
    assert main(["run", reports[0], "-o", str(out), "-q"]) == 0
    processed = request.getfixturevalue("processed")  # from here on
    assert main(["run", *reports, "-o", str(out), "--resume", "-q"]) == 0
    assert processed == [Path(p).name for p in reports[1:]]
    assert "1 file(s) unchanged" in capsys.readouterr().err
    # the same database as one run with -j 2 over all three: events, links, keys and counts
    assert dump(out) == dump(archive)


def test_resume_reads_the_journal_never_the_database(tmp_path, reports, capsys):
    """--resume trusts the journal beside the output, so a damaged database is simply written anew."""
    out = tmp_path / "broken.sqlite"
    out.write_text("not a database")
    assert main(["run", reports[0], "-o", str(out), "--resume", "-q"]) == 0
    assert len(list(read_records(out))) == 23
    assert "Traceback" not in capsys.readouterr().err


def test_a_database_appears_only_when_complete(tmp_path, records):
    out = tmp_path / "archive.db"
    with pytest.raises(RuntimeError):
        with open_writer(out) as writer:
            writer.write(records[:23])
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []
    with open_writer(out) as writer:
        writer.write(records[:23])
    assert list(read_records(out)) == records[:23] and list(tmp_path.iterdir()) == [out]


def test_dask_writes_the_same_database(tmp_path, reports, archive):
    pytest.importorskip("distributed", reason='Dask is an optional extra: pip install ".[dask]"')
    out = tmp_path / "dask.sqlite"
    assert main(["run", *reports, "-o", str(out), "--engine", "dask", "-q"]) == 0
    assert dump(out) == dump(archive)
