"""Sensors: start a run when new files land in the landing folder."""

import dagster as dg

from pipelines.article_loading import sources_to_ingest, today
from pipelines.defs.jobs import warehouse_refresh
from pipelines.ingest.landing_watch import landing_fingerprint
from pipelines.ingest.sources import FolderSource


@dg.sensor(job=warehouse_refresh, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Polls the folder sources (or EVENTS_LANDING); a new, changed or removed file starts one run.")
def new_landing_files(context: dg.SensorEvaluationContext):
    folders = [s.root for s in sources_to_ingest() if isinstance(s, FolderSource)]
    prints = [landing_fingerprint(folder) for folder in folders]
    fingerprint = "-".join(p[0] for p in prints)
    n_files = sum(p[1] for p in prints)
    if fingerprint == context.cursor:
        return dg.SkipReason(f"no change in {n_files} landing files")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint, partition_key=today(),
                         tags={"trigger": "new_landing_files", "files": str(n_files)})
