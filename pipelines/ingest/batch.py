"""One configured source -> IngestBatch chunks (:class:`IngestStream`, what the lake writer uses)
or one IngestBatch in memory (:func:`ingest_source`)."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping
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

    def extend(self, other: IngestBatch) -> None:
        """Append another chunk of the same source to this batch."""
        self.articles += other.articles
        self.quarantine += other.quarantine
        self.duplicates += other.duplicates
        self.not_modified += other.not_modified
        self.fetched += other.fetched

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
    """Read or fetch ``source``, quarantine bad records and deduplicate against ``known``,
    all in memory (the lake writer streams instead: :class:`IngestStream`).

    ``known``: KnownArticles or stored article rows (article_id, content_hash, url,
    outlet); a KnownArticles given is not modified. ``state_dir`` (default
    settings.ingest_state_dir()) keeps the conditional GET state; it is saved at the end
    unless ``defer_state`` (then call ``batch.commit_state()`` once the batch is written,
    so a crash before the write cannot turn the next run's 304s into lost articles).
    ``policy`` defaults to the settings, with the source's ``allow_private``.
    """
    if isinstance(known, KnownArticles):
        known = known.copy()
    stream = IngestStream(source, known, state_dir, raw_dir=raw_dir, policy=policy, max_bytes=max_bytes,
                          progress=progress, chunk_size=None)
    batch = IngestBatch(source.name)
    for chunk in stream:
        batch.extend(chunk)
    batch._cache, batch._folder = stream._cache, stream._folder
    if not defer_state:
        batch.commit_state()
    return batch


class IngestStream:
    """Read or fetch one source a chunk at a time: iterating yields one IngestBatch per chunk
    of at most ``chunk_size`` records (articles, quarantine records and not-modified files
    alike; None: a single chunk), each already deduplicated against ``known`` and the
    chunks before it.

    ``known`` (KnownArticles or stored article rows) is **updated in place** with every
    kept article, so that a duplicate in a later chunk of the same batch is found. What
    grows with the size of the source is only this index of keys (ids, hashes, URLs) and
    the conditional-read state, never the texts. Once iteration has finished,
    :meth:`commit_state` saves the conditional state (call it after every chunk is written).
    """

    def __init__(
        self,
        source: FolderSource | FeedSource | UrlsSource,
        known: KnownArticles | Iterable[Mapping[str, Any]] | None = None,
        state_dir: str | os.PathLike[str] | None = None,
        *,
        chunk_size: int | None = None,
        raw_dir: str | os.PathLike[str] | None = None,
        policy: FetchPolicy | None = None,
        max_bytes: int | None = None,
        progress: bool = False,
    ):
        if known is None:
            known = KnownArticles()
        elif not isinstance(known, KnownArticles):
            known = KnownArticles.from_records(known)
        if chunk_size is not None and chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
        self.source, self.known, self.chunk_size = source, known, chunk_size
        self.state_dir = settings.ingest_state_dir() if state_dir is None else state_dir
        self.raw_dir, self.policy, self.max_bytes, self.progress = raw_dir, policy, max_bytes, progress
        self._cache: ConditionalCache | None = None
        self._folder: FolderState | None = None
        self._finished = False

    def __iter__(self) -> Iterator[IngestBatch]:
        source, known = self.source, self.known
        stats: dict[str, list[int]] = {}  # folder sources: file -> size/mtime when read
        versions: dict[str, list[tuple[str, str]]] = {}  # file -> article versions it gave (final ids)
        if isinstance(source, FolderSource):
            # conditional read: a file unchanged since it was read (and stored) is not read again.
            # "Stored" means in the lake before this batch, not in an earlier chunk of it.
            folder = self._folder = FolderState.load(self.state_dir, source.name)
            stored = set(known.versions) if folder.files else set()
            results: Iterable[Any] = read_landing(
                source.root, source.name, max_bytes=self.max_bytes, pattern=source.glob,
                unchanged=lambda rel, state: folder.unchanged(rel, state, stored), stats=stats)
            fetcher = None
        else:
            cache = self._cache = ConditionalCache.load(self.state_dir)
            base = self.policy or FetchPolicy.from_settings()
            if source.allow_private and not base.allow_private:
                base = FetchPolicy(**{**base.__dict__, "allow_private": True})
            fetcher = Fetcher(base, cache)
            raw = settings.raw_dir() if self.raw_dir is None else self.raw_dir
            if isinstance(source, FeedSource):
                results = read_feed(fetcher, source.url, source_name=source.name, raw_dir=raw)
            else:
                results = read_urls(fetcher, source.urls, source_name=source.name, raw_dir=raw)
        results = tqdm(results, desc=f"reading {source.name}", unit="record", file=sys.stderr,
                       disable=not self.progress, mininterval=0.5)

        def finish(chunk: IngestBatch, candidates: list[dict[str, Any]]) -> IngestBatch:
            chunk.fetched = len(candidates)
            deduped = deduplicate(candidates, known, update=True)
            chunk.articles, chunk.duplicates = deduped.kept, deduped.duplicates
            if self._folder is not None:
                for record in deduped.kept + deduped.duplicates:  # final ids, after canonical-URL dedup
                    rel = Path(record["source_uri"].split("#L")[0]).relative_to(source.root).as_posix()
                    versions.setdefault(rel, []).append((record["article_id"], record["content_hash"]))
            return chunk

        chunk, candidates = IngestBatch(source.name), []
        try:
            for result in results:
                if isinstance(result, NotModified):
                    chunk.not_modified.append(result.url)
                elif result.is_article:
                    candidates.append(result.record)
                else:
                    chunk.quarantine.append(result.record)
                size = len(candidates) + len(chunk.quarantine) + len(chunk.not_modified)
                if self.chunk_size is not None and size >= self.chunk_size:
                    yield finish(chunk, candidates)
                    chunk, candidates = IngestBatch(source.name), []
        finally:
            if fetcher is not None:
                fetcher.close()
        if candidates or chunk.quarantine or chunk.not_modified or self.chunk_size is None:
            yield finish(chunk, candidates)
        if self._folder is not None:
            for rel, file_versions in versions.items():  # files that gave only quarantine are read again
                if rel in stats:
                    self._folder.record(rel, stats[rel], file_versions)
        self._finished = True

    def commit_state(self) -> None:
        """Save the conditional state (only after a complete iteration: a partial read must
        not mark the unread files as read)."""
        if not self._finished:
            raise RuntimeError("IngestStream.commit_state() before the source was read to the end")
        if self._cache is not None:
            self._cache.save()
        if self._folder is not None:
            self._folder.save()
