"""Store what a source yielded: new articles to the lake, rejects to quarantine, a batch manifest.

Plain Python; the Dagster asset ``news/articles`` and the CLI call :func:`ingest_to_lake`.
Reading, fetching and deduplication live in ``pipelines.ingest``; this module adds the
pandera contract and the writes. Every record a source yields ends in exactly one place
(``seen = new + duplicate + quarantined + not_modified``), and the manifest row of the
batch says which, record by record.
"""
from __future__ import annotations

import glob
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from pipelines.ingest.batch import IngestBatch, IngestStream
from pipelines.ingest.dedup import KnownArticles
from pipelines.ingest.readers import read_landing
from pipelines.ingest.sources import FolderSource, load_sources
from pipelines.ingest.records import Check, ReadResult, quarantine
from pipelines.memory import chunk_collector
from pipelines.storage import Lake, md5_key, utc_now
from schemas.articles import Articles
from schemas.validation import split_valid


def today() -> str:
    """Today's ingestion partition key (UTC day)."""
    return utc_now().strftime("%Y-%m-%d")


SOURCE_TAG = "events/source"  # run tag: ingest only this source (set by the per-source schedules)


@dataclass
class LoadSummary:
    batch_id: str
    source_name: str
    seen: int = 0
    new: int = 0
    duplicate: int = 0
    reprint: int = 0
    quarantined: int = 0
    not_modified: int = 0
    quarantine_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def quarantine_rate(self) -> float:
        return self.quarantined / self.seen if self.seen else 0.0


def read_paths(paths: Iterable[Path]) -> Iterator[ReadResult]:
    """Read files and folders given on a command line (sidecars beside files are honoured)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from read_landing(path, source_name=path.name or "cli")
        elif path.is_file():
            yield from read_landing(path.parent, source_name="cli", pattern=glob.escape(path.name))
        else:
            yield quarantine(Check.READABLE, f"{path}: no such file or folder", str(path), {"path": str(path)})


def known_articles(lake: Lake) -> KnownArticles:
    rows = lake.query("select article_id, content_hash, url, outlet from {articles}")
    return KnownArticles.from_records(
        {"article_id": a, "content_hash": h, "url": u, "outlet": o} for a, h, u, o in rows
    )


def sources_to_ingest(name: str | None = None) -> list:
    """What to ingest: EVENTS_LANDING as one folder source when set, else sources.yaml."""
    from pipelines import settings

    landing = settings.landing_override()
    if landing is not None:
        sources = [FolderSource(name="landing", kind="folder", path=str(landing), schedule="0 * * * *")]
    else:
        sources = load_sources()
    if name is not None:
        sources = [s for s in sources if s.name == name]
        if not sources:
            raise KeyError(f"no source named {name!r}; see `events sources`")
    return sources


def ingest_to_lake(lake: Lake, source, *, batch_id: str, run_id: str, progress: bool = False,
                   partition_key: str | None = None, chunk_size: int | None = None) -> LoadSummary:
    """Read or fetch one source, deduplicate against the lake, validate and store the batch.

    The source streams through a chunk of ``chunk_size`` records at a time (default
    settings.ingest_chunk_articles()): each chunk is deduplicated against the lake and the
    chunks before it, validated, and written as its own Parquet files, so memory does not
    grow with the size of the source. The batch's manifest row (with the whole batch's
    counts, which the quarantine gate reads) is written last, once every chunk is stored,
    and the conditional-read state is saved after it.
    """
    from pipelines import settings

    size = settings.ingest_chunk_articles() if chunk_size is None else chunk_size
    stream = IngestStream(source, known_articles(lake), chunk_size=size, progress=progress)
    writer = BatchWriter(lake, source.name, batch_id=batch_id, run_id=run_id, partition_key=partition_key)
    with chunk_collector() as collect:
        for chunk in stream:
            writer.add(chunk)
            del chunk
            collect()  # the chunk's reference cycles (pandas, pandera), now: see pipelines.memory
    summary = writer.finish()
    stream.commit_state()  # conditional-read state only once the batch is safely written
    return summary


def store_batch(lake: Lake, batch: IngestBatch, *, batch_id: str, run_id: str,
                partition_key: str | None = None) -> LoadSummary:
    """Validate an in-memory batch's new articles with pandera and write articles, quarantine and manifest."""
    writer = BatchWriter(lake, batch.source_name, batch_id=batch_id, run_id=run_id, partition_key=partition_key)
    writer.add(batch)
    return writer.finish()


class BatchWriter:
    """Writes one batch a chunk at a time.

    :meth:`add` validates a chunk's new articles with pandera and writes its articles and
    quarantine records as ``<batch_id>-NNNNN.parquet`` files (each atomically);
    :meth:`finish` writes the batch's manifest row, its commit record, with the counts of
    the whole batch. Article rows carry the batch id (not the chunk's file name).
    """

    def __init__(self, lake: Lake, source_name: str, *, batch_id: str, run_id: str,
                 partition_key: str | None = None):
        self.lake, self.batch_id, self.run_id, self.partition_key = lake, batch_id, run_id, partition_key
        self.started = utc_now()
        self.summary = LoadSummary(batch_id=batch_id, source_name=source_name)
        self.manifest: list[dict] = []
        self.known_quarantine = {r[0] for r in lake.query("select quarantine_id from {quarantine}")}
        self.chunks = 0

    def add(self, batch: IngestBatch) -> None:
        summary, manifest = self.summary, self.manifest
        counts = batch.counts
        summary.seen += counts["seen"]
        summary.duplicate += counts["duplicate"]
        summary.not_modified += counts["not_modified"]
        manifest += [{"record_key": url, "content_hash": None, "outcome": "not_modified"}
                     for url in batch.not_modified]
        for dup in batch.duplicates:
            manifest.append({"record_key": dup["article_id"], "content_hash": dup["content_hash"],
                             "outcome": "duplicate", "reason": dup["reason"]})
        rejects = list(batch.quarantine)

        frame = pd.DataFrame(batch.articles)
        valid, reasons = split_valid(frame, Articles) if not frame.empty else (frame, {})
        for pos, why in sorted(reasons.items()):
            record = frame.iloc[pos].to_dict()
            rejects.append(quarantine(Check.FIELD_TYPES, "; ".join(why), record["article_id"], record).record)
        del frame

        now = utc_now()
        quarantine_rows = []
        for record in rejects:
            qid = md5_key(record["asset"], record["check_name"], record["record_key"], record["payload"])
            outcome = "quarantined"
            if qid in self.known_quarantine:  # the same bad record seen by an earlier batch: already there
                outcome = "already_quarantined"
                summary.duplicate += 1
            else:
                self.known_quarantine.add(qid)
                quarantine_rows.append(dict(record, quarantine_id=qid, run_id=self.run_id, batch_id=self.batch_id,
                                            quarantined_at=now))
                summary.quarantined += 1
                summary.quarantine_reasons[record["check_name"]] = summary.quarantine_reasons.get(record["check_name"], 0) + 1
            manifest.append({"record_key": record["record_key"], "content_hash": None, "outcome": outcome,
                             "reason": record["reason"]})

        articles = []
        for record in valid.to_dict("records") if not valid.empty else []:
            record = {k: (None if _is_missing(v) else v) for k, v in record.items()}
            articles.append(dict(record, ingested_at=now, batch_id=self.batch_id))
            summary.reprint += bool(record.get("is_reprint"))
            manifest.append({"record_key": record["article_id"], "content_hash": record["content_hash"],
                             "outcome": "reprint" if record.get("is_reprint") else "new"})
        summary.new += len(articles)

        # Articles and quarantine of each chunk first, the manifest last: it is the batch's commit record.
        chunk_id = f"{self.batch_id}-{self.chunks:05d}"
        self.lake.write("articles", articles, chunk_id)
        self.lake.write("quarantine", quarantine_rows, chunk_id)
        self.chunks += 1

    def finish(self) -> LoadSummary:
        summary = self.summary
        self.lake.write("batches", [dict(
            batch_id=self.batch_id, partition_key=self.partition_key, source_name=summary.source_name,
            run_id=self.run_id, started_at=self.started, finished_at=utc_now(),
            n_seen=summary.seen, n_new=summary.new, n_duplicate=summary.duplicate, n_reprint=summary.reprint,
            n_quarantined=summary.quarantined, n_not_modified=summary.not_modified,
            manifest=json.dumps(self.manifest, ensure_ascii=False, default=str),
        )], self.batch_id)
        return summary


def _is_missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
