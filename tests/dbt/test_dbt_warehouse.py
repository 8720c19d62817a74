"""End-to-end tests of the dbt warehouse on a small synthetic lake (tests/dbt/lake_fixtures.py).

One `dbt build` of the standard scenario is shared by the read-only tests; the tests
that write (second build, incremental vs full refresh) work on their own copies.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from dbt_runner import REPO_ROOT, run_dbt
from lake_fixtures import Lake, scenario_lake

QUERIES_SQL = REPO_ROOT / "docs" / "queries.sql"
MARTS = [
    "fct_events", "fct_event_mentions", "fct_event_participants", "dim_actors",
    "dim_articles", "fct_dyad_months", "fct_actor_months", "fct_quarantine",
]
DUCKDB_1X = "duckdb==1.1.3"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The scenario lake, built once: returns (lake_dir, warehouse, work_dir)."""
    root = tmp_path_factory.mktemp("warehouse")
    lake_dir, warehouse = root / "lake", root / "warehouse.duckdb"
    scenario_lake(lake_dir)
    run_dbt(["build"], lake=lake_dir, warehouse=warehouse, work_dir=root / "dbt")
    return lake_dir, warehouse, root


@pytest.fixture(scope="module")
def con(built):
    connection = duckdb.connect(str(built[1]), read_only=True)
    yield connection
    connection.close()


def rows(con, sql, *params):
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def visits(con, source, target):
    return rows(con, """
        select * from main.fct_events
        where event_type = 'visit' and source = ? and target = ?
        order by event_date
    """, source, target)


def row_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as c:
        return {t: c.execute(f"select count(*) from main.{t}").fetchone()[0] for t in MARTS}


def table_snapshot(warehouse: Path, table: str, key: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as c:
        return c.execute(f"select * from main.{table} order by {key}").fetchall()


# -- deduplication -----------------------------------------------------------------------

def test_the_suite_runs_the_dbt_unit_tests(built):
    """`events run` leaves dbt's unit tests out of its builds (pipelines/project.py DBT_BUILD_ARGS);
    this build is where they run: every unit test of the project, each passing."""
    root = built[2]
    manifest = json.loads((root / "dbt" / "target" / "manifest.json").read_text())
    unit_tests = set(manifest.get("unit_tests", {}))
    assert len(unit_tests) >= 6, sorted(unit_tests)
    results = json.loads((root / "dbt" / "target" / "run_results.json").read_text())["results"]
    ran = {r["unique_id"]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")}
    assert set(ran) == unit_tests
    assert set(ran.values()) == {"pass"}, ran


def test_same_visit_in_two_outlets_is_one_event(con):
    june_2024 = [e for e in visits(con, "RUS", "PRK") if e["date_label"] == "2024-06-19"]
    assert len(june_2024) == 1
    event = june_2024[0]
    # Reuters + Yonhap dated it; the undated KCNA piece joined it
    assert event["n_articles"] == 3 and event["n_outlets"] == 3
    assert event["date_precision"] == "day"
    assert str(event["event_date"]) == "2024-06-19"
    assert event["modality"] == "asserted"
    assert event["location"] == "Pyongyang"
    assert event["states"] == ["PRK", "RUS"] and event["parties"] is None


def test_visits_a_year_apart_are_two_events(con):
    labels = [e["date_label"] for e in visits(con, "RUS", "PRK")]
    assert labels == ["2024-06-19", "2025-06-17"]


def test_year_only_mention_joins_the_dated_treaty(con):
    treaties = rows(con, """
        select * from main.fct_events
        where event_type = 'treaty_signing' and parties = ['PRK', 'RUS']
    """)
    assert len(treaties) == 1
    assert treaties[0]["date_label"] == "2024-06-19" and treaties[0]["n_articles"] == 2


def test_undated_mention_joins_latest_earlier_event(con):
    (event_id,) = con.execute(
        "select event_id from main.fct_event_mentions where article_id = 'a4'").fetchone()
    (label,) = con.execute(
        "select date_label from main.fct_events where event_id = ?", [event_id]).fetchone()
    assert label == "2024-06-19"


def test_treaty_with_three_parties_has_three_participants(con):
    participants = rows(con, """
        select p.actor_code, p.role
        from main.fct_event_participants p join main.fct_events e using (event_id)
        where e.event_type = 'treaty_signing' and len(e.parties) = 3
        order by p.actor_code
    """)
    assert participants == [
        {"actor_code": "CHN", "role": "party"},
        {"actor_code": "PRK", "role": "party"},
        {"actor_code": "RUS", "role": "party"},
    ]


def test_visit_roles(con):
    roles = rows(con, """
        select p.actor_code, p.role
        from main.fct_event_participants p join main.fct_events e using (event_id)
        where e.event_type = 'visit' and e.date_label = '2025-06-17'
        order by p.role desc
    """)
    assert roles == [{"actor_code": "RUS", "role": "visitor"}, {"actor_code": "PRK", "role": "host"}]


def test_alleged_by_two_outlets_stays_alleged(con):
    (event,) = rows(con, "select * from main.fct_events where event_type = 'arms_transfer'")
    assert event["modality"] == "alleged" and event["n_outlets"] == 2
    assert 0.9 < event["confidence"] <= 1  # noisy-OR of 0.75 and 0.7


# -- replays, extractor versions, dimensions ---------------------------------------------

def test_new_extractor_version_replaces_old_mentions(con):
    versions = con.execute(
        "select distinct extractor_version from main.fct_event_mentions where article_id = 'a1'"
    ).fetchall()
    assert versions == [("2.0.0",)]
    assert con.execute("select count(*) from main.fct_event_mentions").fetchone()[0] == 10


def test_replayed_batch_does_not_duplicate(con):
    assert con.execute("select count(*) from main.dim_articles").fetchone()[0] == 8
    (n_events,) = con.execute(
        "select n_events_found from main.dim_articles where article_id = 'a8'").fetchone()
    assert n_events == 0


def test_dimensions_and_quarantine(con):
    (rus,) = rows(con, "select * from main.dim_actors where actor_code = 'RUS'")
    assert rus["n_events"] == 5 and str(rus["first_seen_date"]) == "2023-09-01"
    assert con.execute("select count(*) from main.fct_quarantine").fetchone()[0] == 2
    dyads = rows(con, """
        select * from main.fct_dyad_months
        where actor_a = 'PRK' and actor_b = 'RUS' and event_type = 'visit'
        order by month_date
    """)
    assert [str(d["month_date"]) for d in dyads] == ["2024-06-01", "2025-06-01"]


def test_marts_are_in_main_only(con):
    tables = {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
    assert tables == set(MARTS)


# -- docs/queries.sql ---------------------------------------------------------------------

def split_queries(text: str) -> list[tuple[str, str]]:
    queries = []
    for block in re.split(r"(?m)^-- name:[ \t]*", text)[1:]:
        name, _, body = block.partition("\n")
        queries.append((name.strip(), body.strip().rstrip(";")))
    return queries


def test_every_documented_query_runs(con):
    queries = split_queries(QUERIES_SQL.read_text())
    assert len(queries) >= 10
    names = [n for n, _ in queries]
    assert len(set(names)) == len(names)
    for name, sql in queries:
        assert re.search(r"(?m)^-- question: \S", sql), f"{name}: no question comment"
        con.execute(sql).fetchall()  # raises with the query's error
    arms = con.execute(dict(queries)["arms_transfers_into_russia"]).fetchall()
    assert len(arms) == 1


# -- rebuilds -----------------------------------------------------------------------------

def test_second_build_leaves_row_counts_unchanged(built, tmp_path):
    lake_dir, warehouse, _ = built
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    before = row_counts(copy)
    run_dbt(["build"], lake=lake_dir, warehouse=copy, work_dir=tmp_path / "dbt")
    assert row_counts(copy) == before


def test_incremental_equals_full_refresh_and_ids_are_stable(built, tmp_path):
    lake_src, warehouse_src, _ = built
    lake_dir, warehouse = tmp_path / "lake", tmp_path / "warehouse.duckdb"
    shutil.copytree(lake_src, lake_dir)
    shutil.copy(warehouse_src, warehouse)
    events_before = dict(table_snapshot_ids(warehouse))

    # batch 2: a related month-dated report, a new visit a week later (the undated KCNA
    # mention now moves to it), an unrelated visit, and a7 re-extracted by a new version
    # that drops its arms-transfer mention
    lake = Lake(lake_dir, batch_id="batch-0002")
    a9 = lake.article("a9", ["Putin spent June 2024 courting Pyongyang."], outlet="NHK",
                      published_at="2024-06-30T00:00:00Z")
    lake.mention(a9, "visit", source="RUS", target="PRK", date="2024-06")
    lake.extraction(a9)
    a10 = lake.article("a10", ["Putin flew back to Pyongyang on 25 June 2024."], outlet="Kyodo",
                       published_at="2024-06-26T00:00:00Z")
    lake.mention(a10, "visit", source="RUS", target="PRK", date="2024-06-25")
    lake.extraction(a10)
    a11 = lake.article("a11", ["Xi Jinping visited Moscow on 16 May 2024."], outlet="AP",
                       published_at="2024-05-17T00:00:00Z")
    lake.mention(a11, "visit", source="CHN", target="RUS", date="2024-05-16")
    lake.extraction(a11)
    a7 = lake.article("a7", [
        "US intelligence says Pyongyang sent shells to Moscow in October 2023.",
        "South Korean President Yoon Suk Yeol visited Washington on 26 April 2024.",
    ], outlet="BBC", published_at="2024-05-01T12:00:00Z")
    lake.articles.remove(a7)  # same text as batch 1: only the extraction is new
    lake.mention(a7, "visit", source="KOR", target="USA", date="2024-04-26", sentence=1,
                 extractor_version="2.0.0", extracted_at="2025-02-01T00:00:00Z")
    lake.extraction(a7, extractor_version="2.0.0", extracted_at="2025-02-01T00:00:00Z")
    lake.write()  # batch-0002 files (the gazetteer file is rewritten unchanged)

    run_dbt(["build"], lake=lake_dir, warehouse=warehouse, work_dir=tmp_path / "dbt")
    incremental = table_snapshot(warehouse, "fct_event_mentions", "mention_id")
    events_after = dict(table_snapshot_ids(warehouse))

    with duckdb.connect(str(warehouse), read_only=True) as c:
        (moved,) = c.execute("""
            select e.date_label from main.fct_event_mentions m join main.fct_events e using (event_id)
            where m.article_id = 'a4'""").fetchone()
        assert moved == "2024-06-25"
        assert c.execute("select count(*) from main.fct_event_mentions where article_id = 'a7'"
                         ).fetchone()[0] == 1
        (arms_articles,) = c.execute(
            "select n_articles from main.fct_events where event_type = 'arms_transfer'").fetchone()
        assert arms_articles == 1

    # no existing event was renumbered: the same keys keep the same ids
    for key, event_id in events_before.items():
        assert events_after.get(key) == event_id, key

    run_dbt(["run", "--full-refresh"], lake=lake_dir, warehouse=warehouse, work_dir=tmp_path / "dbt")
    assert table_snapshot(warehouse, "fct_event_mentions", "mention_id") == incremental


def table_snapshot_ids(warehouse: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as c:
        return c.execute("""
            select event_type || '|' || array_to_string(states, '+') || '|' || coalesce(date_label, '-'),
                   event_id
            from main.fct_events""").fetchall()


# -- docs, DuckDB 1.x readers -------------------------------------------------------------

def test_docs_generate_works_offline(built, tmp_path):
    lake_dir, warehouse, _ = built
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, copy)
    run_dbt(["docs", "generate"], lake=lake_dir, warehouse=copy, work_dir=tmp_path / "dbt")
    target = tmp_path / "dbt" / "target"
    assert (target / "index.html").exists()
    catalog = json.loads((target / "catalog.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    # every model and every column of every model is described
    undocumented = []
    for unique_id, node in catalog["nodes"].items():
        if not unique_id.startswith("model."):
            continue
        documented = manifest["nodes"][unique_id]
        if not documented["description"].strip():
            undocumented.append(unique_id)
        described = {name.lower() for name, c in documented["columns"].items() if c["description"].strip()}
        undocumented += [f"{unique_id}.{c}" for c in node["columns"] if c.lower() not in described]
    assert not undocumented
    assert len([u for u in catalog["nodes"] if u.startswith("model.")]) == 15


@pytest.fixture(scope="module")
def duckdb_1x_python(request) -> Path:
    """A python with DuckDB 1.x, in a venv cached across runs (pytest cache dir)."""
    venv = Path(request.config.cache.mkdir("duckdb-1x-venv"))
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import duckdb, sys; sys.exit(not duckdb.__version__.startswith('1.'))"]
    if python.exists() and subprocess.run(probe).returncode == 0:
        return python
    # the base interpreter, not this venv's: a venv of a venv would still see its packages
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    created = subprocess.run([str(base_python), "-m", "venv", "--clear", str(venv)],
                             capture_output=True, text=True)
    if created.returncode != 0:
        pytest.skip(f"cannot create a venv for the DuckDB 1.x reader check: {created.stderr[-300:]}")
    install = subprocess.run([str(python), "-m", "pip", "install", "-q",
                              "--disable-pip-version-check", DUCKDB_1X],
                             capture_output=True, text=True, timeout=300)
    if install.returncode != 0:
        pytest.skip(f"cannot pip install {DUCKDB_1X} for the DuckDB 1.x reader check "
                    f"(offline?): {install.stderr.strip()[-300:]}")
    return python


def test_duckdb_1x_client_can_read_the_warehouse(built, duckdb_1x_python):
    _, warehouse, _ = built
    script = textwrap.dedent(f"""
        import duckdb
        con = duckdb.connect({str(warehouse)!r}, read_only=True)
        for table in {MARTS!r}:
            print(table, con.execute(f"select count(*) from main.{{table}}").fetchone()[0])
        print("version", duckdb.__version__)
    """)
    result = subprocess.run([str(duckdb_1x_python), "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    counts = dict(line.split() for line in result.stdout.splitlines())
    assert counts.pop("version").startswith("1.")
    assert {k: int(v) for k, v in counts.items()} == row_counts(warehouse)
