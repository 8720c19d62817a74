"""How `events run` drives dbt: the manifest parse, partial parsing, the dbt resource."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from pipelines import dbt_parse
from pipelines.paths import DBT_PROJECT_DIR
from pipelines.project import DBT_EXECUTABLE, ProjectDbtCliResource, dbt_project


def test_manifest_path_is_the_one_dagster_dbt_loads():
    assert dbt_project.manifest_path == dbt_parse.MANIFEST_PATH


def test_dbt_version_without_running_dbt_is_the_executables():
    """The resource skips dagster-dbt's `dbt --version` subprocess: the answer must not change."""
    resource = ProjectDbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE))
    printed = subprocess.run([str(DBT_EXECUTABLE), "--version"], capture_output=True, text=True).stdout
    assert str(resource._cli_version) == re.search(r"(\d+\.\d+\.\d+)", printed).group(1)
    assert resource._initialize_dbt_core_adapter(["build"]) is None  # no in-process adapter


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """dbt_project/ copied without its target/, and pipelines.dbt_parse pointed at the copy."""
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    monkeypatch.setattr(dbt_parse, "DBT_PROJECT_DIR", project)
    monkeypatch.setattr(dbt_parse, "MANIFEST_PATH", project / "target" / "manifest.json")
    monkeypatch.setenv("EVENTS_DATA_DIR", str(tmp_path / "data"))
    for name in ("EVENTS_LAKE", "EVENTS_WAREHOUSE"):
        monkeypatch.delenv(name, raising=False)
    return project


def test_background_parse_leaves_a_state_the_build_can_reuse(project_copy, tmp_path):
    """`events run` starts `dbt parse` before importing Dagster; the definitions wait for it. The
    parse runs with the build's profile, so the build (dagster-dbt copies partial_parse.msgpack
    into its own target folder) parses only what changed instead of the whole project."""
    assert dbt_parse.start_manifest_parse() is True
    assert dbt_parse.start_manifest_parse() is False  # one parse at a time
    manifest = dbt_parse.ensure_manifest()
    assert manifest == project_copy / "target" / "manifest.json" and manifest.exists()
    assert dbt_parse.start_manifest_parse() is False  # fresh: nothing to do

    build_target = tmp_path / "build_target"  # what dagster-dbt does before `dbt build`
    build_target.mkdir()
    shutil.copy(project_copy / "target" / "partial_parse.msgpack", build_target)
    done = subprocess.run(
        [str(DBT_EXECUTABLE), "--log-format", "json", "parse", "--project-dir", str(project_copy),
         "--profiles-dir", str(project_copy), "--target-path", str(build_target), "--log-path", str(build_target)],
        env=dbt_parse.build_env(), cwd=project_copy, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    log = (build_target / "dbt.log").read_text()  # debug level, unlike stdout
    assert '"PartialParsingEnabled"' in log, log[-3000:]
    assert "Unable to do partial parsing" not in log



def test_a_failed_parse_is_an_error(project_copy):
    (project_copy / "models" / "broken.sql").write_text("select * from {{ ref('no_such_model') }}")
    assert dbt_parse.start_manifest_parse() is True
    with pytest.raises(subprocess.CalledProcessError):
        dbt_parse.ensure_manifest()
