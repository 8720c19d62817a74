"""The dbt manifest Dagster loads the dbt assets from: ``dbt parse`` when it is missing or stale.

Light on purpose (no Dagster, no dbt imports): ``events run`` starts the parse in the
background before it imports Dagster and the definitions, so the two overlap (a parse is a
whole dbt start-up, seconds), and the definitions then wait for it (``ensure_manifest``).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipelines.paths import DBT_PROJECT_DIR

# dbt installed in the same environment as this code (works without an activated venv)
DBT_EXECUTABLE = Path(sys.executable).with_name("dbt")
MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"  # = DbtProject(...).manifest_path

_running: subprocess.Popen | None = None


def dbt_env() -> dict[str, str]:
    """Environment for dbt subprocesses: absolute lake and warehouse paths, no telemetry."""
    from pipelines import settings

    env = dict(os.environ)
    env.setdefault("DO_NOT_TRACK", "1")
    env["EVENTS_LAKE"] = str(settings.lake_dir())
    env["EVENTS_WAREHOUSE"] = str(settings.warehouse_path())
    return env


def build_env() -> dict[str, str]:
    """Environment of the dbt build: like dbt_env, but dbt writes the build copy of the warehouse."""
    from pipelines import settings
    from pipelines.warehouse import build_path

    return dict(dbt_env(), EVENTS_WAREHOUSE=str(build_path(settings.warehouse_path())))


def _sources_newer_than(path: Path) -> bool:
    if not path.exists():
        return True
    built = path.stat().st_mtime
    watched = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "tests", "seeds", "snapshots", "analyses"):
        watched += list((DBT_PROJECT_DIR / folder).rglob("*")) if (DBT_PROJECT_DIR / folder).exists() else []
    return any(p.is_file() and p.stat().st_mtime > built for p in watched)


def _parse_command() -> list[str]:
    return [str(DBT_EXECUTABLE), "parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR),
            "--profiles-dir", str(DBT_PROJECT_DIR)]


def start_manifest_parse() -> bool:
    """Start ``dbt parse`` in the background when the manifest is missing or older than the dbt
    files; ``ensure_manifest`` waits for it. True when a parse was started."""
    global _running
    if _running is None and _sources_newer_than(MANIFEST_PATH):
        _running = subprocess.Popen(_parse_command(), env=build_env(), cwd=DBT_PROJECT_DIR)
        return True
    return False


def ensure_manifest() -> Path:
    """The manifest, parsed first when it is missing or older than the dbt files (waiting for the
    parse ``start_manifest_parse`` started, if any).

    dbt parses with the environment of the build (the profile's path is the build copy), so
    the ``partial_parse.msgpack`` it leaves is valid for ``dbt build``: dagster-dbt copies it
    into each build's target folder, and dbt then re-reads only changed files instead of
    parsing the whole project again (dbt re-parses everything when the profile differs).
    """
    global _running
    if _running is not None:
        running, _running = _running, None
        if running.wait() != 0:
            raise subprocess.CalledProcessError(running.returncode, running.args)
    if _sources_newer_than(MANIFEST_PATH):
        subprocess.run(_parse_command(), check=True, env=build_env(), cwd=DBT_PROJECT_DIR)
    return MANIFEST_PATH
