"""``ingest_source``: one configured source -> one IngestBatch (used by the CLI and Dagster)."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from pipelines import settings
from pipelines.ingest.dedup import KnownArticles, deduplicate
from pipelines.ingest.feeds import read_feed, read_urls
from pipelines.ingest.folder_state import FolderState
from pipelines.ingest.records import NotModified
from pipelines.ingest.fetch import ConditionalCache, Fetcher, FetchPolicy
from pipelines.ingest.readers import read_landing
from pipelines.ingest.sources import FeedSource, FolderSource, UrlsSource


@dataclass
class IngestBatch:
    """What one ingest of one source produced.

    ``articles``: new articles / versions after dedup (article dicts, ready for the lake);
    ``quarantine``: quarantine dicts; ``duplicates``: skipped articles with the reason;
    ``not_modified``: URLs that answered 304. Invariants:
    ``fetched == new + duplicate`` and ``seen == fetched + quarantined + not_modified``.
    """

    source_name: str
    articles: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)
    fetched: int = 0  # article candidates read or downloaded, before dedup
    _cache: ConditionalCache | None = field(default=None, repr=False)
    _folder: FolderState | None = field(default=None, repr=False)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "seen": self.fetched + len(self.quarantine) + len(self.not_modified),
            "fetched": self.fetched,
            "new": len(self.articles),
            "duplicate": len(self.duplicates),
            "quarantined": len(self.quarantine),
            "not_modified": len(self.not_modified),
        }

    def commit_state(self) -> None:
        """Save the conditional state: ETag/Last-Modified per URL, size/mtime per landing file
        (call after the batch is safely written when ingest_source ran with ``defer_state=True``)."""
        if self._cache is not None:
            self._cache.save()
        if self._folder is not None:
            self._folder.save()


def ingest_source(
    source: FolderSource | FeedSource | UrlsSource,
    known: KnownArticles | Iterable[Mapping[str, Any]] | None = None,
    state_dir: str | os.PathLike[str] | None = None,
    *,
    raw_dir: str | os.PathLike[str] | None = None,
    policy: FetchPolicy | None = None,
    max_bytes: int | None = None,
    defer_state: bool = False,
    progress: bool = False,
) -> IngestBatch:
    """Read or fetch ``source``, quarantine bad records and deduplicate against ``known``.

    ``known``: KnownArticles or stored article rows (article_id, content_hash, url,
    outlet). ``state_dir`` (default settings.ingest_state_dir()) keeps the conditional
    GET state; it is saved at the end unless ``defer_state`` (then call
    ``batch.commit_state()`` once the batch is written, so a crash before the write
    cannot turn the next run's 304s into lost articles). ``policy`` defaults to the
    settings, with the source's ``allow_private``.
    """
    if known is None:
        known = KnownArticles()
    elif not isinstance(known, KnownArticles):
        known = KnownArticles.from_records(known)
    batch = IngestBatch(source.name)
    candidates: list[dict[str, Any]] = []

    state_dir = settings.ingest_state_dir() if state_dir is None else state_dir
    stats: dict[str, list[int]] = {}  # folder sources: file -> size/mtime when read
    if isinstance(source, FolderSource):
        # conditional read: a file unchanged since it was read (and stored) is not read again
        folder = batch._folder = FolderState.load(state_dir, source.name)
        results: Iterable[Any] = read_landing(
            source.root, source.name, max_bytes=max_bytes, pattern=source.glob,
            unchanged=lambda rel, state: folder.unchanged(rel, state, known.versions), stats=stats)
        fetcher = None
    else:
        cache = ConditionalCache.load(state_dir)
        batch._cache = cache
        base = policy or FetchPolicy.from_settings()
        if source.allow_private and not base.allow_private:
            base = FetchPolicy(**{**base.__dict__, "allow_private": True})
        fetcher = Fetcher(base, cache)
        raw = settings.raw_dir() if raw_dir is None else raw_dir
        if isinstance(source, FeedSource):
            results = read_feed(fetcher, source.url, source_name=source.name, raw_dir=raw)
        else:
            results = read_urls(fetcher, source.urls, source_name=source.name, raw_dir=raw)
    results = tqdm(results, desc=f"reading {source.name}", unit="record", file=sys.stderr,
                   disable=not progress, mininterval=0.5)
    try:
        for result in results:
            if isinstance(result, NotModified):
                batch.not_modified.append(result.url)
            elif result.is_article:
                candidates.append(result.record)
            else:
                batch.quarantine.append(result.record)
    finally:
        if fetcher is not None:
            fetcher.close()
    batch.fetched = len(candidates)
    deduped = deduplicate(candidates, known)
    batch.articles, batch.duplicates = deduped.kept, deduped.duplicates
    if batch._folder is not None:
        versions: dict[str, list[tuple[str, str]]] = {}
        for record in deduped.kept + deduped.duplicates:  # final ids, after canonical-URL dedup
            rel = Path(record["source_uri"].split("#L")[0]).relative_to(source.root).as_posix()
            versions.setdefault(rel, []).append((record["article_id"], record["content_hash"]))
        for rel, file_versions in versions.items():  # files that gave only quarantine are read again
            if rel in stats:
                batch._folder.record(rel, stats[rel], file_versions)
    if not defer_state:
        batch.commit_state()
    return batch
