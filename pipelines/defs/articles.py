"""news/articles: articles read from the landing folder, deduplicated, validated, stored."""
from __future__ import annotations

import dagster as dg

from pipelines import settings
from pipelines.article_loading import load_results
from pipelines.defs.resources import LakeResource
from pipelines.ingest.readers import read_landing
from pipelines.storage import new_batch_id


@dg.asset(
    key=["news", "articles"],
    group_name="ingestion",
    kinds={"python", "parquet"},
    description="One row per article version read from the landing folder (EVENTS_LANDING; default: the "
    "shipped sample corpus). Re-running stores nothing twice; unreadable or invalid records go to quarantine.",
)
def articles(context: dg.AssetExecutionContext, lake: LakeResource) -> dg.MaterializeResult:
    landing = settings.landing_dir()
    batch_id = new_batch_id(context.run_id)
    summary = load_results(lake.lake(), read_landing(landing, source_name="landing"),
                           source_name="landing", batch_id=batch_id, run_id=context.run_id)
    context.log.info(f"{landing}: seen {summary.seen}, new {summary.new}, duplicate {summary.duplicate}, "
                     f"quarantined {summary.quarantined}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": summary.new,
            "batch_id": batch_id,
            "landing": str(landing),
            "seen": summary.seen,
            "new": summary.new,
            "duplicate": summary.duplicate,
            "reprint": summary.reprint,
            "quarantined": summary.quarantined,
            "quarantine_rate": summary.quarantine_rate,
            "quarantine_reasons": dg.MetadataValue.json(summary.quarantine_reasons),
        }
    )
