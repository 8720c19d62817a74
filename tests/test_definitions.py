"""The Dagster code location: every asset, check, job, schedule and sensor loads."""
from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs


def _keys():
    return {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}


def test_python_and_dbt_assets_form_one_graph():
    keys = _keys()
    for key in ("news/articles", "extraction/event_mentions", "extraction/extractions", "reference/actors",
                "fct_events", "fct_event_mentions", "dim_actors", "int_events_deduplicated"):
        assert key in keys, f"{key} missing from {sorted(keys)}"
    graph = defs.resolve_asset_graph()
    # dbt sources carry the keys of the Python assets that write them: lineage without glue
    upstream = graph.get(dg.AssetKey(["stg_news__articles"])).parent_keys
    assert dg.AssetKey(["news", "articles"]) in upstream


def test_dbt_tests_and_quality_checks_are_asset_checks():
    checks = {f"{c.asset_key.to_user_string()}:{c.name}" for c in defs.resolve_asset_graph().asset_check_keys}
    assert "news/articles:quarantine_rate" in checks
    assert any(c.startswith("fct_events:") for c in checks), "dbt tests should load as asset checks"


def test_jobs_schedule_and_sensor():
    assert defs.resolve_job_def("warehouse_refresh")
    assert defs.resolve_job_def("reextraction")
    # one schedule per source of sources.yaml; the shipped one ingests the sample corpus hourly
    assert defs.resolve_schedule_def("ingest_sample_corpus").cron_schedule == "0 * * * *"
    assert defs.resolve_sensor_def("new_landing_files")


def test_sensor_requests_a_run_only_when_files_change(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_LANDING", str(tmp_path))
    sensor = defs.resolve_sensor_def("new_landing_files")
    repository = defs.get_repository_def()  # partitioned run requests are resolved against it
    (tmp_path / "a.txt").write_text("title\nbody")
    with dg.instance_for_test() as instance:
        def tick(cursor=None):
            return sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=cursor,
                                                                repository_def=repository))

        first = tick()
        assert len(first.run_requests) == 1
        assert first.run_requests[0].partition_key  # today's ingestion partition
        again = tick(first.cursor)
        assert not again.run_requests
        (tmp_path / "b.txt").write_text("title\nanother body")
        third = tick(first.cursor)
        assert len(third.run_requests) == 1 and third.run_requests[0].run_key != first.run_requests[0].run_key
