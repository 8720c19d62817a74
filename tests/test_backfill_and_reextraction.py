"""Replaying history: a backfilled ingestion day and a new extractor version never duplicate mart rows."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.paths import SAMPLE_CORPUS_DIR
from pipelines.warehouse import table_counts
from pipelines.storage import Lake

EVENTS = str(Path(sys.executable).with_name("events"))




@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = tmp_path_factory.mktemp("replay")
    env = dict(os.environ, EVENTS_DATA_DIR=str(data), DAGSTER_HOME=str(data / "dagster_home"), DO_NOT_TRACK="1",
               EVENTS_LANDING=str(SAMPLE_CORPUS_DIR))
    for key in ("EVENTS_LAKE", "EVENTS_WAREHOUSE"):
        env.pop(key, None)

    def events(*args):
        done = subprocess.run([EVENTS, *args], env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
        return done

    events("run")
    return data, events


def test_backfilling_a_past_day_duplicates_nothing(built):
    data, events = built
    before = table_counts(data / "warehouse.duckdb")
    events("ingest", "--day", "2025-03-01")
    lake = Lake(data / "lake")
    batches = lake.query(
        "select partition_key, n_new, n_duplicate + n_not_modified from {batches} order by finished_at")
    assert batches[-1][0] == "2025-03-01" and batches[-1][1] == 0 and batches[-1][2] > 0
    assert batches[0][0] != "2025-03-01"
    assert table_counts(data / "warehouse.duckdb") == before


def test_a_new_extractor_version_replaces_mentions_instead_of_adding(built, monkeypatch):
    """Extract everything again under another version (as after a rule change), rebuild: same marts."""
    data, events = built
    monkeypatch.setenv("EVENTS_DATA_DIR", str(data))
    for key in ("EVENTS_LAKE", "EVENTS_WAREHOUSE"):
        monkeypatch.delenv(key, raising=False)
    before = table_counts(data / "warehouse.duckdb")
    from pipelines.extraction import Extractor
    from pipelines.mention_extraction import extract_pending, pending_keys

    class NextVersion:  # the same rules under a new version string, as a rule edit would give
        def __init__(self):
            self.inner = Extractor()
            self.version = self.inner.version + "-next"

        def extract_many(self, articles):
            return self.inner.extract_many(articles)

    extractor = NextVersion()
    pending = pending_keys(Lake(), extractor.version)
    assert len(pending) == before["dim_articles"] - Lake().query(
        "select count(*) from {articles} where is_reprint")[0][0], "every article is pending again"
    summary = extract_pending(Lake(), extractor, "reextract", "test")
    assert summary.articles_extracted == len(pending)
    events("run", "--job", "reextraction")
    after = table_counts(data / "warehouse.duckdb")
    assert after == before
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        versions = {r[0] for r in con.execute("select distinct extractor_version from fct_event_mentions").fetchall()}
    assert versions == {extractor.version}
