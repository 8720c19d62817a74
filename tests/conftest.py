"""Shared fixtures: a temporary data dir per test, the shared/ folder beside the repo."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.paths import REPO_ROOT

SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_ingest_state(tmp_path, monkeypatch):
    """Ingest state (conditional-GET and folder state) in each test's own folder, never the repo's data/."""
    monkeypatch.setenv("EVENTS_INGEST_STATE", str(tmp_path / "ingest_state"))


@pytest.fixture
def data_env(tmp_path, monkeypatch):
    """Point every setting at a fresh temporary data dir."""
    monkeypatch.setenv("EVENTS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EVENTS_LAKE", raising=False)
    monkeypatch.delenv("EVENTS_WAREHOUSE", raising=False)
    return tmp_path / "data"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not present (the shared evaluation data lives beside the repo)")
    return SHARED
