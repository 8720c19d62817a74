"""extraction/event_mentions: events found by the spaCy extractor in new articles."""

import dagster as dg

from pipelines.defs.resources import ExtractorResource, LakeResource
from pipelines.locking import writer_lock
from pipelines.mention_extraction import extract_pending
from pipelines.storage import new_batch_id


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["extraction", "event_mentions"],
            deps=[["news", "articles"]],
            group_name="extraction",
            kinds={"spacy", "parquet"},
            description="One row per event an article reports: gold-format fields, evidence offsets, "
            "confidence and extractor version. Only articles the current extractor version has not "
            "seen are extracted.",
        ),
        dg.AssetSpec(
            ["extraction", "extractions"],
            deps=[["news", "articles"]],
            group_name="extraction",
            kinds={"parquet"},
            description="One row per article extracted (even with no events), keyed by extractor version.",
        ),
    ],
)
def event_mentions(context: dg.AssetExecutionContext, lake: LakeResource, extractor: ExtractorResource):
    ex = extractor.extractor()
    batch_id = new_batch_id(context.run_id)
    with writer_lock(context.log.info):
        summary = extract_pending(lake.lake(), ex, batch_id, context.run_id, progress=True)
    context.log.info(f"extracted {summary.articles_extracted} articles: {summary.mentions_written} mentions")
    yield dg.MaterializeResult(
        asset_key=["extraction", "event_mentions"],
        metadata={
            "dagster/row_count": summary.mentions_written,
            "articles_extracted": summary.articles_extracted,
            "mentions_quarantined": summary.mentions_quarantined,
            "by_type": dg.MetadataValue.json(summary.by_type),
            "extractor_version": ex.version,
            "batch_id": batch_id,
        },
    )
    yield dg.MaterializeResult(
        asset_key=["extraction", "extractions"],
        metadata={"articles_extracted": summary.articles_extracted, "batch_id": batch_id},
    )
