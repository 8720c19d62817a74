"""Sensors: start a run when new files land in the landing folder."""
from __future__ import annotations

import dagster as dg

from pipelines import settings
from pipelines.defs.jobs import warehouse_refresh
from pipelines.ingest.landing_watch import landing_fingerprint


@dg.sensor(job=warehouse_refresh, minimum_interval_seconds=30,
           description="Polls EVENTS_LANDING; a new, changed or removed file starts one run.")
def new_landing_files(context: dg.SensorEvaluationContext):
    fingerprint, n_files = landing_fingerprint(settings.landing_dir())
    if fingerprint == context.cursor:
        return dg.SkipReason(f"no change in {n_files} landing files")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint, tags={"trigger": "new_landing_files", "files": str(n_files)})
