"""Schedules: hourly ingestion of the landing folder."""
from __future__ import annotations

import dagster as dg

from pipelines.defs.jobs import warehouse_refresh

hourly_ingestion = dg.ScheduleDefinition(
    name="hourly_ingestion",
    job=warehouse_refresh,
    cron_schedule="0 * * * *",
    execution_timezone="UTC",
    description="Ingest the landing folder every hour and rebuild the marts.",
)
