"""Schedules: one per configured source (sources.yaml), on the source's own cron."""
import dagster as dg

from pipelines.article_loading import SOURCE_TAG, sources_to_ingest
from pipelines.defs.jobs import warehouse_refresh


def source_schedule(source) -> dg.ScheduleDefinition:
    @dg.schedule(name=f"ingest_{source.name}", job=warehouse_refresh, cron_schedule=source.schedule,
                 execution_timezone="UTC",
                 description=f"Ingest source {source.name!r} ({source.kind}) into the day's partition; rebuild the marts.")
    def _schedule(context: dg.ScheduleEvaluationContext):
        day = context.scheduled_execution_time.strftime("%Y-%m-%d")
        return dg.RunRequest(partition_key=day, tags={SOURCE_TAG: source.name})

    return _schedule


@dg.definitions
def source_schedules() -> dg.Definitions:
    return dg.Definitions(schedules=[source_schedule(source) for source in sources_to_ingest()])
