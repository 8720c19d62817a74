"""The DuckDB warehouse file: atomic builds, read-only access, summaries and exports.

dbt is the only writer of the warehouse. It builds into a copy of the file under
``<data>/.build/`` (same file name, so DuckDB's catalog name is unchanged), and the
copy replaces the live file with one atomic rename when the build succeeds. A BI tool
that has the old file open keeps reading it; new connections see the new one. A build
that fails or is killed never touches the live file.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

MART_PREFIXES = ("fct_", "dim_")


def build_path(warehouse: Path) -> Path:
    return warehouse.parent / ".build" / warehouse.name


@contextmanager
def building_copy(warehouse: Path) -> Iterator[Path]:
    """Yield a fresh copy of ``warehouse`` to build into; swap it in if the block succeeds."""
    build = build_path(warehouse)
    build.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (build, build.with_name(build.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if warehouse.exists():
        shutil.copy2(warehouse, build)
    yield build
    wal = build.with_name(build.name + ".wal")
    if wal.exists():  # dbt closed without a checkpoint: fold the WAL in before the swap
        with duckdb.connect(str(build)) as con:
            con.execute("checkpoint")
    os.replace(build, warehouse)


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `events run` first")
    return duckdb.connect(str(warehouse), read_only=True)


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' and table_type = 'BASE TABLE' order by table_name"
    ).fetchall()
    return [r[0] for r in rows if r[0].startswith(MART_PREFIXES)]


def table_counts(warehouse: Path) -> dict[str, int]:
    with connect_read_only(warehouse) as con:
        return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in mart_tables(con)}


def export_parquet(warehouse: Path, out_dir: Path) -> list[Path]:
    """Write every mart table to ``out_dir/<table>.parquet``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with connect_read_only(warehouse) as con:
        for table in mart_tables(con):
            path = out_dir / f"{table}.parquet"
            con.execute(f"copy \"{table}\" to '{_sql_path(path)}' (format parquet, compression zstd)")
            written.append(path)
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def build_fingerprint(lake_root: Path, manifest: Path) -> str:
    """What a full dbt build depends on: the files of every dataset dbt reads (name, size,
    mtime) and the dbt manifest."""
    from pipelines.storage import DBT_SOURCES

    digest = hashlib.md5()
    for path in sorted(p for dataset in DBT_SOURCES for p in (lake_root / dataset).glob("*.parquet")):
        stat = path.stat()
        digest.update(f"{path.relative_to(lake_root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    digest.update(manifest.read_bytes() if manifest.exists() else b"no manifest")
    return digest.hexdigest()


def fingerprint_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".fingerprint")


def is_up_to_date(warehouse: Path, fingerprint: str) -> bool:
    """True when the live warehouse was fully built from exactly this lake and dbt project."""
    marker = fingerprint_path(warehouse)
    return warehouse.exists() and marker.exists() and marker.read_text().strip() == fingerprint


def record_full_build(warehouse: Path, fingerprint: str) -> None:
    fingerprint_path(warehouse).write_text(fingerprint + "\n")
