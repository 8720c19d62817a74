"""How `events run` drives dbt: the dbt resource."""
from __future__ import annotations

import re
import subprocess

from pipelines.project import DBT_EXECUTABLE, ProjectDbtCliResource, dbt_project


def test_dbt_version_without_running_dbt_is_the_executables():
    """The resource skips dagster-dbt's `dbt --version` subprocess: the answer must not change."""
    resource = ProjectDbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE))
    printed = subprocess.run([str(DBT_EXECUTABLE), "--version"], capture_output=True, text=True).stdout
    assert str(resource._cli_version) == re.search(r"(\d+\.\d+\.\d+)", printed).group(1)
    assert resource._initialize_dbt_core_adapter(["build"]) is None  # no in-process adapter
