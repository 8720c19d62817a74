"""The Parquet lake: append-only batch files that the Python assets write and dbt reads.

Each dataset is a folder ``<lake>/<dataset>/`` of ``<batch_id>.parquet`` files that all
share the schema declared here (``docs/architecture.md`` is the contract). A batch file
is written to a temporary name and renamed into place, so a killed run never leaves
half a file behind. Every dataset folder holds at least an empty ``_schema.parquet``,
so dbt's ``read_parquet`` globs always match a file with the full schema.

Nothing here imports Dagster.
"""
from __future__ import annotations

import hashlib
import json
import os
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines import settings

UTC_TS = pa.timestamp("us", tz="UTC")
SENTENCE = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("published_at", UTC_TS),
        ("published_local_date", pa.date32()),
        ("language", pa.string()),
        ("source_name", pa.string()),
        ("source_uri", pa.string()),
        ("source_format", pa.string()),
        ("is_reprint", pa.bool_()),
        ("word_count", pa.int64()),
        ("raw_path", pa.string()),
        ("ingested_at", UTC_TS),
        ("batch_id", pa.string()),
    ]),
    "event_mentions": pa.schema([
        ("mention_id", pa.string()),
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("event_type", pa.string()),
        ("source", pa.string()),
        ("target", pa.string()),
        ("parties", pa.list_(pa.string())),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("location", pa.string()),
        ("persons", pa.list_(pa.string())),
        ("modality", pa.string()),
        ("items", pa.string()),
        ("quantity", pa.string()),
        ("evidence", pa.string()),
        ("evidence_start", pa.int64()),
        ("evidence_end", pa.int64()),
        ("sentences", pa.list_(SENTENCE)),
        ("confidence", pa.float64()),
        ("extractor_version", pa.string()),
        ("extracted_at", UTC_TS),
        ("batch_id", pa.string()),
    ]),
    "extractions": pa.schema([
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("extractor_version", pa.string()),
        ("n_events", pa.int64()),
        ("extracted_at", UTC_TS),
        ("batch_id", pa.string()),
    ]),
    "quarantine": pa.schema([
        ("quarantine_id", pa.string()),
        ("asset", pa.string()),
        ("check_name", pa.string()),
        ("reason", pa.string()),
        ("record_key", pa.string()),
        ("payload", pa.string()),
        ("run_id", pa.string()),
        ("batch_id", pa.string()),
        ("quarantined_at", UTC_TS),
    ]),
    "batches": pa.schema([
        ("batch_id", pa.string()),
        ("partition_key", pa.string()),
        ("source_name", pa.string()),
        ("run_id", pa.string()),
        ("started_at", UTC_TS),
        ("finished_at", UTC_TS),
        ("n_seen", pa.int64()),
        ("n_new", pa.int64()),
        ("n_duplicate", pa.int64()),
        ("n_reprint", pa.int64()),
        ("n_quarantined", pa.int64()),
        ("n_not_modified", pa.int64()),
        ("manifest", pa.string()),
    ]),
    "actors": pa.schema([
        ("actor_code", pa.string()),
        ("actor_name", pa.string()),
        ("actor_kind", pa.string()),
        ("region", pa.string()),
    ]),
}

SCHEMA_FILE = "_schema.parquet"

# The datasets dbt reads as sources (`batches` is the ingestion manifest, for operators).
DBT_SOURCES = ("articles", "event_mentions", "extractions", "quarantine", "actors")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def new_batch_id(run_id: str | None = None) -> str:
    """A sortable batch id: UTC time to the microsecond plus a short run id."""
    suffix = (run_id or uuid.uuid4().hex)[:8]
    return f"{utc_now().strftime('%Y%m%dT%H%M%S%fZ')}-{suffix}"


def md5_key(*parts: Any) -> str:
    """Deterministic key over parts (None-safe); the same recipe as the dbt surrogate key macro."""
    text = "|".join("" if p is None else (json.dumps(p) if isinstance(p, (list, dict)) else str(p)) for p in parts)
    return hashlib.md5(text.encode("utf-8")).hexdigest()


class Lake:
    """The lake folder of one pipeline (``settings.lake_dir()`` unless given)."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root else settings.lake_dir()

    def dataset_dir(self, dataset: str) -> Path:
        if dataset not in SCHEMAS:
            raise KeyError(f"unknown lake dataset {dataset!r}; known: {sorted(SCHEMAS)}")
        return self.root / dataset

    def ensure(self) -> None:
        """Create every dataset folder with an empty schema file, so dbt always finds one.

        A schema file written by an older version (a column added since) is rewritten:
        the batch files stay as they are, and ``union_by_name`` reads their missing
        columns as null."""
        for dataset, schema in SCHEMAS.items():
            folder = self.dataset_dir(dataset)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / SCHEMA_FILE
            if not path.exists() or not pq.read_schema(path).equals(schema, check_metadata=False):
                _atomic_write(schema.empty_table(), path)

    def to_table(self, dataset: str, rows: Iterable[dict]) -> pa.Table:
        schema = SCHEMAS[dataset]
        rows = list(rows)
        columns = {name: [row.get(name) for row in rows] for name in schema.names}
        return pa.Table.from_pydict(columns, schema=schema)

    def write(self, dataset: str, rows: Iterable[dict] | pa.Table, batch_id: str, *, replace: bool = False) -> Path | None:
        """Write one batch file atomically; returns its path, or None when there are no rows.

        ``replace`` writes ``<dataset>/<dataset>.parquet`` as the only data file
        (for reference tables such as the gazetteer that are rebuilt whole); an identical
        file is left as it is.
        """
        folder = self.dataset_dir(dataset)
        self.ensure()
        table = rows if isinstance(rows, pa.Table) else self.to_table(dataset, rows)
        table = table.select(SCHEMAS[dataset].names).cast(SCHEMAS[dataset])
        if table.num_rows == 0 and not replace:
            return None
        name = f"{dataset}.parquet" if replace else f"{batch_id}.parquet"
        path = folder / name
        if replace and path.exists() and pq.read_table(path).equals(table):
            return path  # unchanged: keep the file (and its mtime, which the build fingerprint reads)
        _atomic_write(table, path)
        return path

    def glob(self, dataset: str) -> str:
        return str(self.dataset_dir(dataset) / "*.parquet")

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        """Run a read-only query over the lake; ``{articles}`` etc. in ``sql`` name the datasets."""
        self.ensure()
        relations = {d: f"read_parquet('{self.glob(d)}', union_by_name=true)" for d in SCHEMAS}
        with duckdb.connect() as con:
            return con.execute(sql.format(**relations), params or []).fetchall()

    def count(self, dataset: str) -> int:
        return self.query(f"select count(*) from {{{dataset}}}")[0][0]


def _atomic_write(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
