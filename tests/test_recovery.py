"""Nothing lost, nothing duplicated: runs killed with SIGKILL, runs started together, readers beside writers.

Every test here runs the real `events run` in a subprocess; the killed ones are really
killed (SIGKILL to the whole process group, dbt included).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.paths import SAMPLE_CORPUS_DIR
from pipelines.warehouse import table_counts
from pipelines.storage import Lake

EVENTS = str(Path(sys.executable).with_name("events"))


def make_landing(root: Path, copies: int, start: int = 0) -> Path:
    """``copies`` distinct variants of every sample .txt article (a reference line makes each text unique)."""
    root.mkdir(parents=True, exist_ok=True)
    sources = sorted(SAMPLE_CORPUS_DIR.glob("*.txt"))
    for i in range(start, start + copies):
        for src in sources:
            stem = f"{src.stem}_v{i:03d}"
            (root / f"{stem}.txt").write_text(src.read_text() + f"\nReference {i}.\n")
            meta = src.with_name(src.stem + ".meta.json")
            if meta.exists():  # a distinct URL, or canonical-URL dedup folds the copies into one article
                fields = json.loads(meta.read_text())
                if fields.get("url"):
                    fields["url"] = f"{fields['url']}-v{i:03d}"
                (root / f"{stem}.meta.json").write_text(json.dumps(fields))
    return root


def env_for(data: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, EVENTS_DATA_DIR=str(data), DAGSTER_HOME=str(data / "dagster_home"), DO_NOT_TRACK="1",
               **extra)
    env.pop("EVENTS_LAKE", None)
    env.pop("EVENTS_WAREHOUSE", None)
    return env


def start_run(data: Path, landing: Path, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([EVENTS, "run", "--landing", str(landing)], env=env_for(data, **extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(proc: subprocess.Popen, timeout: float = 600) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"run failed ({proc.returncode})\n{out[-3000:]}\n{err[-5000:]}"
    return out


def kill_when(proc: subprocess.Popen, condition, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the run ended before the kill point:\n{proc.stderr.read()[-3000:]}")
        if condition():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("kill point not reached in time")




def assert_consistent(data: Path) -> None:
    """Every stored article is extracted exactly once by the current version; no key is duplicated in the marts."""
    lake = Lake(data / "lake")
    articles = lake.query(
        "select count(distinct article_id) from {articles} where not is_reprint and language in ('en', 'und')")[0][0]
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        dup_mentions = con.execute(
            "select count(*) - count(distinct mention_id) from fct_event_mentions").fetchone()[0]
        dup_events = con.execute("select count(*) - count(distinct event_id) from fct_events").fetchone()[0]
        n_dim_articles = con.execute("select count(*) from dim_articles").fetchone()[0]
    extracted = lake.query("select count(distinct article_id) from {extractions}")[0][0]
    assert extracted == articles, f"{articles} articles but {extracted} extracted: a gap"
    assert dup_mentions == 0 and dup_events == 0
    assert n_dim_articles == lake.query("select count(distinct article_id) from {articles}")[0][0]


@pytest.fixture(scope="module")
def killed_runs(tmp_path_factory):
    """Kill a run during extraction, recover; then kill one during the dbt build, recover."""
    data = tmp_path_factory.mktemp("killed")
    landing = make_landing(data.parent / (data.name + "_landing"), copies=4)
    lake = Lake(data / "lake")
    record = {}

    # 1. SIGKILL during extraction: after at least two chunks are written
    proc = start_run(data, landing, EVENTS_EXTRACT_CHUNK="10")
    kill_when(proc, lambda: len(list((data / "lake" / "extractions").glob("2*.parquet"))) >= 2)
    record["extracted_before_kill"] = lake.count("extractions")
    record["warehouse_after_extraction_kill"] = (data / "warehouse.duckdb").exists()
    finish(start_run(data, landing, EVENTS_EXTRACT_CHUNK="10"))
    record["after_recovery"] = table_counts(data / "warehouse.duckdb")
    assert_consistent(data)

    # 2. SIGKILL during the dbt build: new articles land, the run is killed once dbt writes its build copy
    make_landing(landing, copies=1, start=100)
    proc = start_run(data, landing)
    kill_when(proc, lambda: (data / ".build" / "warehouse.duckdb").exists())
    record["after_dbt_kill"] = table_counts(data / "warehouse.duckdb")
    finish(start_run(data, landing))
    record["after_second_recovery"] = table_counts(data / "warehouse.duckdb")
    assert_consistent(data)
    return data, record


def test_kill_during_extraction_leaves_nothing_half_done(killed_runs):
    data, record = killed_runs
    assert record["extracted_before_kill"] > 0, "the kill should land after some chunks were written"
    assert not record["warehouse_after_extraction_kill"], "no warehouse may appear before dbt has run"
    assert record["after_recovery"]["fct_events"] > 0


def test_kill_during_dbt_build_keeps_the_live_warehouse(killed_runs):
    data, record = killed_runs
    # the live file is the last good build, readable and unchanged by the killed build
    assert record["after_dbt_kill"] == record["after_recovery"]
    # the recovery run adds the new articles
    assert record["after_second_recovery"]["dim_articles"] > record["after_recovery"]["dim_articles"]


def test_two_runs_started_together_do_not_duplicate(tmp_path):
    data = tmp_path / "data"
    landing = make_landing(tmp_path / "landing", copies=1)
    first, second = start_run(data, landing), start_run(data, landing)
    finish(first), finish(second)
    lake = Lake(data / "lake")
    stored, distinct = lake.query("select count(*), count(distinct (article_id, content_hash)) from {articles}")[0]
    assert stored == distinct, "the same article version was stored twice"
    extractions, distinct = lake.query(
        "select count(*), count(distinct (article_id, content_hash, extractor_version)) from {extractions}")[0]
    assert extractions == distinct, "an article was extracted twice"
    assert_consistent(data)


def test_a_reader_keeps_reading_while_a_run_rebuilds(tmp_path):
    data = tmp_path / "data"
    landing = make_landing(tmp_path / "landing", copies=1)
    finish(start_run(data, landing))
    warehouse = data / "warehouse.duckdb"
    before = table_counts(warehouse)["fct_event_mentions"]
    make_landing(landing, copies=1, start=50)  # new reports of the same events: more mentions, same events

    seen, errors, stop = [], [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                with duckdb.connect(str(warehouse), read_only=True) as con:
                    seen.append(con.execute("select count(*) from fct_event_mentions").fetchone()[0])
            except Exception as exc:  # any failure to read is what this test is about
                errors.append(repr(exc))
            time.sleep(0.02)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        finish(start_run(data, landing))
    finally:
        stop.set()
        thread.join()
    after = table_counts(warehouse)["fct_event_mentions"]
    assert not errors, errors[:3]
    assert len(seen) > 20
    assert set(seen) <= {before, after}, "a reader saw a half-built warehouse"
    assert after > before
