"""End to end: `events run` materialises every asset into a temporary warehouse, twice.

These tests run the real command in a subprocess (spaCy, Dagster, dbt and all), the way
a user runs it, with every path pointed at a temporary folder.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.paths import SAMPLE_CORPUS_DIR
from pipelines.warehouse import table_counts
from pipelines.storage import SCHEMAS, Lake

EVENTS = str(Path(sys.executable).with_name("events"))


def run_events(data_dir: Path, landing: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EVENTS_DATA_DIR=str(data_dir), DO_NOT_TRACK="1",
               DAGSTER_HOME=str(data_dir / "dagster_home"))
    env.pop("EVENTS_LAKE", None)
    env.pop("EVENTS_WAREHOUSE", None)
    done = subprocess.run([EVENTS, "run", "--landing", str(landing), *extra], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"events run failed\nSTDOUT:\n{done.stdout[-4000:]}\nSTDERR:\n{done.stderr[-6000:]}"
    return done




@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    data = tmp_path_factory.mktemp("sample")
    first = run_events(data, SAMPLE_CORPUS_DIR)
    counts_first = table_counts(data / "warehouse.duckdb")
    lake_first = {d: Lake(data / "lake").count(d) for d in SCHEMAS if d != "batches"}
    built_at = (data / "warehouse.duckdb").stat().st_mtime_ns
    second = run_events(data, SAMPLE_CORPUS_DIR)
    return dict(data=data, first=first, second=second, counts_first=counts_first, lake_first=lake_first,
                built_at=built_at)


def test_run_prints_the_summary(sample_run):
    out = sample_run["first"].stdout
    assert "articles ingested" in out and "articles quarantined" in out
    assert "events by type" in out and "five newest events" in out
    for event_type in ("visit", "treaty_signing", "arms_transfer"):
        assert event_type in out


def test_every_sample_article_is_ingested_or_quarantined(sample_run):
    lake = Lake(sample_run["data"] / "lake")
    seen, new, dup, quarantined, not_modified = lake.query(
        "select sum(n_seen), sum(n_new), sum(n_duplicate), sum(n_quarantined), sum(n_not_modified) from {batches}")[0]
    assert seen == new + dup + quarantined + not_modified
    assert not_modified > 0, "the second run should not read unchanged files again"
    n_files = sum(1 for p in SAMPLE_CORPUS_DIR.iterdir() if p.suffix in (".txt", ".html"))
    n_jsonl = sum(sum(1 for line in p.open() if line.strip()) for p in SAMPLE_CORPUS_DIR.glob("*.jsonl"))
    assert lake.query("select count(distinct article_id) from {articles}")[0][0] == n_files + n_jsonl


def test_second_run_changes_no_row_count(sample_run):
    assert table_counts(sample_run["data"] / "warehouse.duckdb") == sample_run["counts_first"]
    lake = Lake(sample_run["data"] / "lake")
    assert {d: lake.count(d) for d in sample_run["lake_first"]} == sample_run["lake_first"]
    assert "0 new" in sample_run["second"].stdout
    # nothing new reached the lake, so the second run does not rebuild the warehouse at all
    assert (sample_run["data"] / "warehouse.duckdb").stat().st_mtime_ns == sample_run["built_at"]


def test_the_pipeline_builds_models_and_data_tests_but_not_unit_tests(sample_run):
    """The dbt build of `events run` runs every model and data test (they are Dagster asset checks)
    and leaves dbt's unit tests to the test suite (tests/dbt)."""
    import dagster as dg

    from pipelines.project import dbt_project

    instance = dg.DagsterInstance.from_config(str(sample_run["data"] / "dagster_home"))
    try:
        first = instance.get_runs(limit=2)[-1]  # the runs come newest first
    finally:
        instance.dispose()
    [target] = dbt_project.manifest_path.parent.glob(f"warehouse_models-{first.run_id[:7]}-*")
    results = json.loads((target / "run_results.json").read_text())["results"]
    kinds = {r["unique_id"].split(".")[0] for r in results}
    assert {"model", "test"} <= kinds and "unit_test" not in kinds, kinds
    assert {r["status"] for r in results} <= {"success", "pass", "no-op"}, results  # no-op: the exposure
    manifest = json.loads((target / "manifest.json").read_text())
    assert len(manifest["unit_tests"]) >= 6  # they exist; this build left them out
    assert sum(1 for r in results if r["unique_id"].startswith("test.")) == sum(
        1 for n in manifest["nodes"].values() if n["resource_type"] == "test")


def test_marts_hold_events_with_their_evidence(sample_run):
    """Each mart row of fct_events carries evidence found verbatim in its article."""
    warehouse = sample_run["data"] / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("""
            select e.event_id, e.evidence, a.article_id, t.text
            from fct_events e
            join dim_articles a using (article_id)
            join read_parquet(?) t using (article_id)
        """, [str(sample_run["data"] / "lake" / "articles" / "*.parquet")]).fetchall()
        assert rows, "no events in fct_events"
        for event_id, evidence, article_id, text in rows:
            assert evidence in text, f"{event_id}: evidence not in {article_id}"
        types = dict(con.execute("select event_type, count(*) from fct_events group by 1").fetchall())
        assert set(types) == {"visit", "treaty_signing", "arms_transfer"}


@pytest.fixture(scope="module")
def shared_run(tmp_path_factory):
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "articles"
    if not shared.is_dir():
        pytest.skip(f"{shared} not present")
    data = tmp_path_factory.mktemp("shared")
    run_events(data, shared)
    return data


def test_june_2024_treaty_is_one_event_reported_by_four_articles(shared_run):
    with duckdb.connect(str(shared_run / "warehouse.duckdb"), read_only=True) as con:
        treaties = con.execute("""
            select date_label, n_articles, list_sort(parties)
            from fct_events where event_type = 'treaty_signing'
            order by date_label nulls last""").fetchall()
    by_label = {(label, tuple(parties)): n for label, n, parties in treaties}
    june = [n for (label, parties), n in by_label.items() if parties == ("PRK", "RUS") and (label or "").startswith("2024")]
    assert june == [4], treaties
    assert ("2000", ("PRK", "RUS")) in by_label, treaties
    assert any(label == "1961" and "PRK" in parties for (label, parties) in by_label), treaties


def test_analyst_queries_answer_on_the_sample_warehouse(sample_run):
    """Every query of docs/queries.sql runs on the warehouse built from the sample corpus."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "queries.sql").read_text()
    blocks = re.split(r"(?m)^-- name:[ \t]*", text)[1:]  # each query opens with a `-- name:` line
    assert len(blocks) >= 10
    answered = 0
    with duckdb.connect(str(sample_run["data"] / "warehouse.duckdb"), read_only=True) as con:
        for block in blocks:
            name, _, sql = block.partition("\n")
            rows = con.execute(sql.strip().rstrip(";")).fetchall()
            answered += bool(rows)
    assert answered >= 8, "most analyst questions should have answers on the sample corpus"


def test_export_writes_every_mart_to_parquet(sample_run, tmp_path):
    data = sample_run["data"]
    done = subprocess.run([EVENTS, "export", "--format", "parquet", str(tmp_path / "out"),
                           "--warehouse", str(data / "warehouse.duckdb")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    counts = table_counts(data / "warehouse.duckdb")
    marts = {t: n for t, n in counts.items() if t.startswith(("fct_", "dim_"))}
    files = {p.stem: p for p in (tmp_path / "out").glob("*.parquet")}
    assert set(files) == set(marts)
    with duckdb.connect() as con:
        for table, n in marts.items():
            assert con.execute("select count(*) from read_parquet(?)", [str(files[table])]).fetchone()[0] == n


def test_putins_june_2024_visit_to_pyongyang_is_one_event_with_its_reports(sample_run):
    """The sample corpus reports this visit in four articles from four outlets: one event, four reports."""
    with duckdb.connect(str(sample_run["data"] / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("""
            select event_id, date_label, n_articles, n_outlets, modality, evidence, article_id
            from fct_events
            where event_type = 'visit' and source = 'RUS' and target = 'PRK' and date_label like '2024-06%'
        """).fetchall()
        assert len(rows) == 1, rows
        event_id, label, n_articles, n_outlets, modality, evidence, article_id = rows[0]
        assert label == "2024-06-19" and modality == "asserted"
        assert n_articles >= 3 and n_outlets >= 3
        assert "Putin" in evidence and "Pyongyang" in evidence
        reports = con.execute("select article_id, evidence from fct_event_mentions where event_id = ?",
                              [event_id]).fetchall()
        assert len({a for a, _ in reports}) == n_articles
        assert {"w01_putin_pyongyang_visit", "s03_scraped_pyongyang_summit"} <= {a for a, _ in reports}
