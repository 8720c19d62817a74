"""Extract event mentions from the articles the current extractor version has not seen.

Plain Python over the lake: the Dagster asset ``extraction/event_mentions`` and the
``events`` CLI both call :func:`extract_pending`. Articles stream through the
extractor in chunks; each chunk is validated with pandera and written as its own
batch files, so memory stays flat and a killed run loses at most one chunk (which the
next run redoes: its articles have no ``extractions`` row yet).
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from contextlib import nullcontext
from typing import Callable, ContextManager

import pandas as pd
from tqdm import tqdm

from pipelines import settings
from pipelines.extraction_workers import extract_chunks
from pipelines.memory import chunk_collector
from pipelines.storage import Lake, md5_key, utc_now
from schemas.event_mentions import EventMentionsInArticles
from schemas.validation import split_valid



@dataclass
class ExtractionSummary:
    articles_extracted: int = 0
    mentions_written: int = 0
    mentions_quarantined: int = 0
    words: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


def mention_id(event: dict, extractor_version: str) -> str:
    states = event["parties"] if event["event_type"] == "treaty_signing" else [event["source"], event["target"]]
    return md5_key(event["article_id"], extractor_version, event["event_type"], states, event["date"])


def pending_keys(lake: Lake, extractor_version: str, shard: tuple[int, int] = (0, 1)) -> list[tuple[str, str]]:
    """(article_id, content_hash) of the latest version of each article this extractor version
    has not extracted; ids only, so that memory does not grow with the backlog.

    Reprints (the same text already stored under another id) and non-English articles
    are skipped: the first would double-count text, the second the English model cannot read.
    ``shard=(i, n)`` keeps the articles whose id hashes to bucket ``i`` of ``n``, so
    ``n`` processes can share the work without overlapping.
    """
    return lake.query(
        """
        with latest as (
            select article_id, content_hash, is_reprint, language from {articles}
            qualify row_number() over (partition by article_id order by ingested_at desc) = 1
        ), done as (
            select distinct article_id, content_hash from {extractions} where extractor_version = ?
        )
        select l.article_id, l.content_hash
        from latest l
        left join done d using (article_id, content_hash)
        where d.article_id is null and not l.is_reprint and l.language in ('en', 'und')
            and hash(l.article_id) % ? = ?
        order by l.article_id
        """,
        [extractor_version, shard[1], shard[0]],
    )


def load_articles(lake: Lake, keys: list[tuple[str, str]]) -> list[dict]:
    """The extractor's input for these article versions, in the order given."""
    rows = lake.query(
        """select article_id, content_hash, title, text, published_at, published_local_date from {articles}
           where (article_id, content_hash) in (select unnest(?), unnest(?))
           qualify row_number() over (partition by article_id, content_hash order by ingested_at desc) = 1""",
        [[k[0] for k in keys], [k[1] for k in keys]],
    )
    by_key = {(r[0], r[1]): r for r in rows}
    articles = []
    for key in keys:
        article_id, digest, title, text, published_at, local_date = by_key[key]
        articles.append({
            "article_id": article_id,
            "content_hash": digest,
            "title": title,
            "text": text,
            "published_at": publication_day(published_at, local_date),
        })
    return articles


def publication_day(published_at, local_date) -> str | None:
    """The day relative dates count from ("yesterday", "on Tuesday"): the publication day
    in the publisher's own time zone, or the UTC instant for articles stored before the
    lake kept that day."""
    if local_date is not None:
        return local_date.isoformat()
    return published_at.isoformat() if published_at is not None else None


def extract_pending(
    lake: Lake,
    extractor,
    batch_id: str,
    run_id: str,
    progress: bool = False,
    limit: int | None = None,
    shard: tuple[int, int] = (0, 1),
    write_lock: Callable[[], ContextManager] = nullcontext,
    workers: int | None = None,
) -> ExtractionSummary:
    """Run ``extractor`` over pending articles; write mentions, extraction log and quarantine.

    ``progress`` shows a progress bar (articles extracted) on stderr. ``shard`` restricts
    the work to one hash bucket of the articles; ``write_lock`` is held around each
    chunk's writes (parallel shards extract at once and take turns writing). ``workers``
    processes extract at once (default ``EVENTS_EXTRACT_WORKERS``, all cores) once the
    backlog is large enough to pay for them (``EVENTS_EXTRACT_WORKERS_FROM`` articles).
    """
    summary = ExtractionSummary()
    version = extractor.version
    keys = pending_keys(lake, version, shard)
    if limit is not None:
        keys = keys[:limit]
    with tqdm(total=len(keys), desc="extracting", unit="article", file=sys.stderr,
              disable=not progress or not keys) as bar, chunk_collector() as collect:
        size = settings.extract_chunk_articles()
        # texts for one chunk at a time (and the next one, which workers extract meanwhile)
        chunks = (load_articles(lake, keys[start : start + size]) for start in range(0, len(keys), size))
        if workers is None:  # forking workers is not worth it for a few articles
            workers = settings.extract_workers() if len(keys) >= settings.extract_workers_from() else 1
        extracted = extract_chunks(extractor, chunks, workers, bar.update)
        for number, (chunk, results) in enumerate(extracted):
            _write_chunk(lake, extractor.version, chunk, results, f"{batch_id}-{number:05d}", run_id, summary,
                         write_lock)
            del chunk, results
            collect()  # the chunk's reference cycles, now (see pipelines.memory)
    return summary


def _write_chunk(lake, version, chunk, results, chunk_id, run_id, summary, write_lock) -> None:
    """Validate one chunk's events and write them with the chunk's extraction log."""
    now = utc_now()
    mentions, log = [], []
    texts = {a["article_id"]: a for a in chunk}
    for article, events in results:
        digest = texts[article["article_id"]]["content_hash"]
        for event in events:
            row = dict(event, content_hash=digest, extractor_version=version, extracted_at=now, batch_id=chunk_id)
            row["mention_id"] = mention_id(event, version)
            mentions.append(row)
        log.append(dict(article_id=article["article_id"], content_hash=digest, extractor_version=version,
                        n_events=len(events), extracted_at=now, batch_id=chunk_id))
        summary.words += len(article["text"].split())

    frame = pd.DataFrame(mentions)
    quarantined = []
    if not frame.empty:
        frame["article_text"] = frame["article_id"].map(lambda a: texts[a]["text"])
        frame = frame.drop_duplicates("mention_id")
        valid, reasons = split_valid(frame, EventMentionsInArticles)
        for pos, why in reasons.items():
            bad = frame.iloc[pos].drop(labels=["article_text"]).to_dict()
            quarantined.append(_quarantine_row(bad, why, run_id, chunk_id, now))
        mentions = valid.drop(columns=["article_text"]).to_dict("records")
    else:
        mentions = []
    # Mentions and quarantine first, the log last: a crash in between leaves the
    # articles "pending", and the re-run rewrites the same deterministic mention ids,
    # which staging deduplicates.
    with write_lock():
        lake.write("event_mentions", mentions, chunk_id)
        lake.write("quarantine", quarantined, chunk_id)
        lake.write("extractions", log, chunk_id)
    summary.articles_extracted += len(log)
    summary.mentions_written += len(mentions)
    summary.mentions_quarantined += len(quarantined)
    for m in mentions:
        summary.by_type[m["event_type"]] = summary.by_type.get(m["event_type"], 0) + 1


def _quarantine_row(record: dict, reasons: list[str], run_id: str, batch_id: str, now) -> dict:
    payload = json.dumps(record, default=str, sort_keys=True)
    return dict(
        quarantine_id=md5_key("extraction/event_mentions", "EventMentions", record.get("mention_id"), payload),
        asset="extraction/event_mentions",
        check_name="EventMentions",
        reason="; ".join(reasons),
        record_key=str(record.get("mention_id")),
        payload=payload,
        run_id=run_id,
        batch_id=batch_id,
        quarantined_at=now,
    )
