"""The multiprocess executor runs extraction shards in separate processes, and together they
extract every pending article exactly once."""
from __future__ import annotations

import shutil

import dagster as dg

from pipelines.article_loading import ingest_to_lake
from pipelines.defs.parallel_extraction import parallel_extraction_job
from pipelines.ingest.sources import FolderSource
from pipelines.mention_extraction import pending_keys
from pipelines.paths import SAMPLE_CORPUS_DIR
from pipelines.storage import Lake


def test_shards_run_in_two_processes_and_cover_every_article(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EVENTS_LAKE", raising=False)
    lake = Lake()
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_CORPUS_DIR, landing)
    source = FolderSource(name="landing", kind="folder", path=str(landing), schedule="0 * * * *")
    ingest_to_lake(lake, source, batch_id="b1", run_id="r1")
    from pipelines.extraction import Extractor

    version = Extractor().version
    pending = {article_id for article_id, _ in pending_keys(lake, version)}
    assert len(pending) > 20

    with dg.instance_for_test() as instance:  # the multiprocess executor needs a persistent instance
        with dg.execute_job(dg.reconstructable(parallel_extraction_job), instance=instance) as result:
            assert result.success
            totals = result.output_for_node("extraction_totals")
    assert totals["processes"] == 2, totals
    assert all(s["articles"] > 0 for s in totals["shards"]), "both shards should get work"
    assert totals["articles"] == len(pending)
    extracted = lake.query("select article_id, count(*) from {extractions} group by 1")
    assert {a for a, _ in extracted} == pending
    assert all(n == 1 for _, n in extracted), "an article was extracted by two shards"
    assert not pending_keys(lake, version)
