"""Run the dbt project against a given lake and warehouse (used by the dbt tests and the benchmark).

Every invocation gets its own target/log folders, so concurrent runs (other tests,
someone running dbt by hand) never share dbt's partial-parse state.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"


def dbt_env(lake: Path, warehouse: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "EVENTS_LAKE": str(Path(lake).resolve()),
        "EVENTS_WAREHOUSE": str(Path(warehouse).resolve()),
    })
    return env


def run_dbt(args: list[str], *, lake: Path, warehouse: Path, work_dir: Path,
            check: bool = True) -> subprocess.CompletedProcess:
    """`dbt <args>` on dbt_project/ with EVENTS_LAKE/EVENTS_WAREHOUSE set; raises with
    dbt's output when it fails (and check is true)."""
    work_dir = Path(work_dir)
    cmd = [
        str(DBT), *args,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(work_dir / "target"),
        "--log-path", str(work_dir / "logs"),
    ]
    result = subprocess.run(cmd, env=dbt_env(lake, warehouse), capture_output=True, text=True,
                            cwd=DBT_PROJECT_DIR)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
        )
    return result
