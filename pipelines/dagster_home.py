"""The local Dagster instance: run history under DAGSTER_HOME, telemetry off, one run at a time.

``make dev`` and ``events run`` share it, so runs started from the CLI show in the UI.
"""
from __future__ import annotations

import os
from pathlib import Path

from pipelines import settings

DAGSTER_YAML = """\
# Written by pipelines/dagster_home.py. Local storage; no telemetry.
telemetry:
  enabled: false
# One run at a time: DuckDB allows one writer, and the lake batches are per run.
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 1
"""


def dagster_home() -> Path:
    """DAGSTER_HOME, or <data>/dagster_home; created with a dagster.yaml if missing."""
    home = Path(os.environ.get("DAGSTER_HOME") or settings.data_dir() / "dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def instance():
    """The instance at DAGSTER_HOME. Opening it creates or migrates its SQLite storage, which two
    processes must not do at the same moment, so the opening is serialised with a lock."""
    import dagster as dg

    from pipelines.locking import writer_lock

    home = dagster_home()
    with writer_lock(path=home / ".instance.lock"):
        return dg.DagsterInstance.get()
