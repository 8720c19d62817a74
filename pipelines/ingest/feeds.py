"""RSS/Atom feeds and lists of page URLs -> ReadResults.

A feed is fetched (conditionally), parsed with feedparser, and each entry's page is
fetched and extracted with trafilatura - the same HTML path as local .html files.
A page's article_id is derived from its canonical URL ('url-' + 16 hex of sha256).
Both readers yield ReadResult, or NotModified for a URL that answered 304.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from pipelines.ingest.dates import InvalidDateError, parse_published_at
from pipelines.ingest.dedup import canonical_url
from pipelines.ingest.fetch import FetchError, Fetcher, check_html
from pipelines.ingest.hashing import bytes_hash, url_article_id
from pipelines.ingest.html import extract_html
from pipelines.ingest.records import Check, NotModified, ReadResult, article, quarantine
from pipelines.ingest.text_cleaning import UndecodableError, decode_bytes, normalise_newlines, sniff_binary



@dataclass(frozen=True)
class EntryMeta:
    """What a feed entry says about its page (preferred over the page's own metadata)."""

    title: str | None = None
    published: Any = None  # struct_time or string
    outlet: str | None = None


def write_raw(content: bytes, raw_dir: str | os.PathLike[str]) -> Path:
    """Keep raw HTML as ``raw_dir/<sha256>.html`` (atomic; the same bytes are written once)."""
    raw_dir = Path(raw_dir)
    target = raw_dir / f"{bytes_hash(content)}.html"
    if target.exists():
        return target
    raw_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=raw_dir, prefix=".raw.", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(tmp, target)
    return target


def read_page(
    fetcher: Fetcher,
    url: str,
    *,
    source_name: str,
    source_format: str,
    raw_dir: str | os.PathLike[str],
    entry: EntryMeta | None = None,
) -> ReadResult | NotModified:
    """Fetch one article page and extract it; failures become quarantine records."""
    entry = entry or EntryMeta()
    payload = {"url": url, "source_name": source_name}
    try:
        result = fetcher.get(url)
        if result.not_modified:
            return NotModified(url)
        check_html(result)
    except FetchError as exc:
        return quarantine(exc.check_name, exc.reason, url, payload)
    try:
        html, _encoding = decode_bytes(result.content)
    except UndecodableError as exc:
        return quarantine(Check.DECODABLE, str(exc), url, payload)
    page = extract_html(html, url=result.final_url)
    if not page.text:
        return quarantine(Check.HAS_TEXT, "HTML has no main text (only scripts, navigation or boilerplate)",
                          url, {**payload, "excerpt": html[:2000]})
    try:
        published_at = parse_published_at(entry.published or page.date)
    except InvalidDateError as exc:
        return quarantine(Check.PUBLISHED_AT, str(exc), url, {**payload, "title": entry.title or page.title})
    canon = canonical_url(url) or url
    raw_path = write_raw(result.content, raw_dir)
    return article(
        article_id=url_article_id(canon),
        text=normalise_newlines(page.text),
        title=entry.title or page.title,
        url=url,
        outlet=page.sitename or entry.outlet or urlsplit(url).hostname,
        published_at=published_at,
        source_name=source_name,
        source_uri=url,
        source_format=source_format,
        raw_path=str(raw_path),
    )


def read_urls(
    fetcher: Fetcher, urls: Iterable[str], *, source_name: str, raw_dir: str | os.PathLike[str]
) -> Iterator[ReadResult | NotModified]:
    """Each URL is one article page."""
    for url in urls:
        yield read_page(fetcher, url, source_name=source_name, source_format="url", raw_dir=raw_dir)


def read_feed(
    fetcher: Fetcher, feed_url: str, *, source_name: str, raw_dir: str | os.PathLike[str]
) -> Iterator[ReadResult | NotModified]:
    """The feed (one NotModified if it answered 304), then one result per entry page."""
    payload = {"url": feed_url, "source_name": source_name}
    try:
        result = fetcher.get(feed_url)
    except FetchError as exc:
        yield quarantine(exc.check_name, exc.reason, feed_url, payload)
        return
    if result.not_modified:
        yield NotModified(feed_url)
        return
    binary = sniff_binary(result.content)
    if binary:
        yield quarantine(Check.FEED, f"not a feed: the body is a {binary}", feed_url, payload)
        return
    parsed = feedparser.parse(result.content, response_headers={"content-location": result.final_url})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        problem = parsed.get("bozo_exception") or "no RSS/Atom structure found"
        yield quarantine(Check.FEED, f"not a valid RSS/Atom feed: {problem}", feed_url, payload)
        return
    outlet = parsed.feed.get("title") or None
    for number, item in enumerate(parsed.entries, start=1):
        link = item.get("link")
        if not link:
            yield quarantine(Check.FEED, f"feed entry {number} has no link", f"{feed_url}#entry{number}",
                             {**payload, "entry": {k: str(v) for k, v in item.items() if k in ("id", "title")}})
            continue
        meta = EntryMeta(
            title=item.get("title") or None,
            published=item.get("published_parsed") or item.get("updated_parsed"),
            outlet=outlet,
        )
        yield read_page(fetcher, urljoin(result.final_url, link), source_name=source_name,
                        source_format="feed", raw_dir=raw_dir, entry=meta)
