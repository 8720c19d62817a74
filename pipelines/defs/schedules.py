"""Schedules: one per configured source (sources.yaml), on the source's own cron."""

import dagster as dg

from pipelines.article_loading import SOURCE_TAG, sources_to_ingest
from pipelines.defs.jobs import warehouse_refresh


@dg.definitions
def source_schedules() -> dg.Definitions:
    return dg.Definitions(schedules=[
        dg.ScheduleDefinition(
            name=f"ingest_{source.name}",
            job=warehouse_refresh,
            cron_schedule=source.schedule,
            execution_timezone="UTC",
            tags={SOURCE_TAG: source.name},
            description=f"Ingest source {source.name!r} ({source.kind}) and rebuild the marts.",
        )
        for source in sources_to_ingest()
    ])
