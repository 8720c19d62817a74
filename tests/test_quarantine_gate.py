"""Quarantine: a bad batch does not reach the marts, and a fixed record is ingested on the next run."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pipelines.storage import Lake

EVENTS = str(Path(sys.executable).with_name("events"))
GOOD = ("Modi in Paris\nIndian Prime Minister Narendra Modi arrived in Paris on Thursday for a two-day state "
        "visit, his third trip to France in two years.\n")


def run(data: Path, landing: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EVENTS_DATA_DIR=str(data), DAGSTER_HOME=str(data / "dagster_home"), DO_NOT_TRACK="1")
    env.pop("EVENTS_LAKE", None)
    env.pop("EVENTS_WAREHOUSE", None)
    return subprocess.run([EVENTS, *args, "--landing", str(landing)] if args[0] == "run" else [EVENTS, *args],
                          env=env, capture_output=True, text=True, timeout=600)


def test_a_mostly_bad_batch_stops_before_the_marts_then_a_fix_goes_through(tmp_path):
    data, landing = tmp_path / "data", tmp_path / "landing"
    landing.mkdir()
    (landing / "good.txt").write_text(GOOD)
    (landing / "good.meta.json").write_text(json.dumps({"published_at": "2023-07-14T09:00:00Z", "outlet": "Wire"}))
    (landing / "empty.txt").write_text("")
    (landing / "binary.txt").write_bytes(b"%PDF-1.4\n\x00\x01\x02 not text")

    gated = run(data, landing, "run")
    assert gated.returncode == 1
    assert "quarantine_rate" in gated.stderr
    assert not (data / "warehouse.duckdb").exists(), "the marts must not be built from a batch past the limit"
    lake = Lake(data / "lake")
    reasons = dict(lake.query("select record_key, reason from {quarantine}"))
    assert set(reasons) == {"empty.txt", "binary.txt"} and all(reasons.values())
    listing = subprocess.run([EVENTS, "quarantine"], env=dict(os.environ, EVENTS_DATA_DIR=str(data)),
                             capture_output=True, text=True)
    assert "empty.txt" in listing.stdout and "binary.txt" in listing.stdout

    # the operator fixes both files: the next batch is clean, the fixed records become articles
    (landing / "empty.txt").write_text(GOOD.replace("Thursday", "Friday"))
    (landing / "binary.txt").write_text(GOOD.replace("two-day", "three-day"))
    fixed = run(data, landing, "run")
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    assert {r[0] for r in lake.query("select article_id from {articles}")} == {"good", "empty", "binary"}
    assert lake.count("quarantine") == 2, "quarantine keeps its history; nothing is quarantined twice"
    assert (data / "warehouse.duckdb").exists()


def test_every_batch_of_the_run_is_gated_not_only_the_last(tmp_path):
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir(), good.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "blank.txt").write_text("   \n")
    (good / "good.txt").write_text(GOOD)
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"""sources:
  - {{name: bad_folder, kind: folder, path: "{bad}", schedule: "0 * * * *"}}
  - {{name: good_folder, kind: folder, path: "{good}", schedule: "0 * * * *"}}
""")
    data = tmp_path / "data"
    env = dict(os.environ, EVENTS_SOURCES=str(sources), EVENTS_DATA_DIR=str(data), DO_NOT_TRACK="1",
               DAGSTER_HOME=str(data / "dagster_home"))
    for key in ("EVENTS_LANDING", "EVENTS_LAKE", "EVENTS_WAREHOUSE"):
        env.pop(key, None)
    done = subprocess.run([EVENTS, "run"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "quarantine_rate" in done.stderr
    assert not (data / "warehouse.duckdb").exists()


def _gate(tmp_path, monkeypatch, n_good: int, n_bad: int):
    """Ingest a landing in chunks of 2 records (bad files sorted last) and run the gate in process."""
    import dagster as dg

    from pipelines.defs.articles import articles
    from pipelines.defs.checks import quarantine_rate
    from pipelines.defs.resources import LakeResource

    landing = tmp_path / "landing"
    landing.mkdir()
    for i in range(n_good):
        (landing / f"good{i:02d}.txt").write_text(GOOD.replace("Thursday", f"day {i}"))
    for i in range(n_bad):
        (landing / f"zz_empty{i:02d}.txt").write_text("")
    monkeypatch.setenv("EVENTS_LANDING", str(landing))
    monkeypatch.setenv("EVENTS_INGEST_CHUNK", "2")
    lake = Lake(tmp_path / "lake")
    result = dg.materialize([articles, quarantine_rate], partition_key="2026-01-01", raise_on_error=False,
                            resources={"lake": LakeResource(root=str(lake.root))},
                            instance=dg.DagsterInstance.ephemeral())
    [evaluation] = result.get_asset_check_evaluations()
    return lake, evaluation


def test_the_gate_sees_the_whole_chunked_batch_not_its_worst_chunk(tmp_path, monkeypatch):
    # 9 good and 1 bad: the last chunk is half bad, the batch 10 % (< 20 %): passes
    lake, evaluation = _gate(tmp_path, monkeypatch, 9, 1)
    assert len(list((lake.root / "articles").glob("*-0000[0-4].parquet"))) == 5
    assert evaluation.passed
    assert lake.query("select n_seen, n_quarantined from {batches}") == [(10, 1)]


def test_the_gate_stops_a_chunked_batch_whose_total_is_over_the_limit(tmp_path, monkeypatch):
    # 7 good and 3 bad, all in the last two chunks: the batch is 30 % (> 20 %): fails
    lake, evaluation = _gate(tmp_path, monkeypatch, 7, 3)
    assert not evaluation.passed
    assert "3/10 records quarantined (30%)" in evaluation.description
