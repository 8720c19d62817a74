"""Deduplicate new articles against what is already stored (pure functions).

Rules, applied in order to each new article (and to the articles before it in the
same batch):

1. **Same canonical URL is one article.** When the article's canonical URL is
   already known under another article_id, the article takes that id (so a changed
   text at the same URL becomes a new version of that one article).
2. **Same (article_id, content_hash) is already stored** -> skipped. Re-running an
   ingest stores nothing twice; a changed text under the same id is a new version.
3. **Identical text under another id** -> kept once per outlet and flagged
   ``is_reprint=True`` (outlets can be counted; the extractor skips reprints). When
   the same outlet already has this text it is skipped. An unknown (null) outlet is
   never "the same outlet": two copies without an outlet are both kept, the later
   one flagged.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str | None) -> str | None:
    """Normalised URL: lowercase scheme and host, no default port, no fragment,
    no ``utm_*`` parameters, no trailing slash on the path. None for empty/invalid input."""
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    )
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, query, ""))


@dataclass
class KnownArticles:
    """What is already stored: versions, text hashes (with id and outlet) and URLs."""

    versions: set[tuple[str, str]] = field(default_factory=set)  # (article_id, content_hash)
    by_hash: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # hash -> [(id, outlet)]
    by_url: dict[str, str] = field(default_factory=dict)  # canonical url -> article_id

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> KnownArticles:
        """Build from stored article rows (needs article_id, content_hash; url/outlet optional)."""
        known = cls()
        for record in records:
            known.add(record)
        return known

    @classmethod
    def from_pairs(
        cls,
        versions: Iterable[tuple[str, str]],
        hashes: Mapping[str, tuple[str, str | None]] | None = None,
        urls: Mapping[str, str] | None = None,
    ) -> KnownArticles:
        """Build from (id, hash) pairs and a hash -> (id, outlet) mapping."""
        known = cls(versions=set(versions))
        for digest, (article_id, outlet) in (hashes or {}).items():
            known.by_hash.setdefault(digest, []).append((article_id, outlet))
        for url, article_id in (urls or {}).items():
            known.by_url[canonical_url(url) or url] = article_id
        return known

    def add(self, record: Mapping[str, Any]) -> None:
        article_id, digest = record["article_id"], record["content_hash"]
        self.versions.add((article_id, digest))
        holders = self.by_hash.setdefault(digest, [])
        if (article_id, record.get("outlet")) not in holders:
            holders.append((article_id, record.get("outlet")))
        canon = canonical_url(record.get("url"))
        if canon and canon not in self.by_url:
            self.by_url[canon] = article_id

    def copy(self) -> KnownArticles:
        return KnownArticles(
            set(self.versions), {k: list(v) for k, v in self.by_hash.items()}, dict(self.by_url)
        )


@dataclass
class DedupResult:
    kept: list[dict[str, Any]]  # new articles/versions to store (is_reprint set)
    duplicates: list[dict[str, Any]]  # {article_id, content_hash, source_uri, reason}


def deduplicate(articles: Iterable[Mapping[str, Any]], known: KnownArticles | None = None,
                *, update: bool = False) -> DedupResult:
    """Apply the rules of this module; ``articles`` is not modified, nor is ``known`` unless
    ``update``: then every kept article is added to ``known`` (streaming ingestion dedups
    chunk after chunk against the lake plus the chunks before, without copying the index)."""
    if known is None:
        seen = KnownArticles()
    else:
        seen = known if update else known.copy()
    kept: list[dict[str, Any]] = []
    duplicates: list[dict[str, Any]] = []
    for original in articles:
        record = dict(original)
        canon = canonical_url(record.get("url"))
        if canon and canon in seen.by_url and seen.by_url[canon] != record["article_id"]:
            record["article_id"] = seen.by_url[canon]
        key = (record["article_id"], record["content_hash"])
        if key in seen.versions:
            duplicates.append(_duplicate(record, "same article_id and content_hash already stored"))
            continue
        holders = [h for h in seen.by_hash.get(record["content_hash"], []) if h[0] != record["article_id"]]
        outlet = record.get("outlet")
        if holders:
            if outlet is not None and any(h_outlet == outlet for _, h_outlet in holders):
                duplicates.append(_duplicate(record, f"same text already stored for outlet {outlet!r}"))
                continue
            record["is_reprint"] = True
        else:
            record["is_reprint"] = bool(record.get("is_reprint", False))
        kept.append(record)
        seen.add(record)
    return DedupResult(kept, duplicates)


def _duplicate(record: Mapping[str, Any], reason: str) -> dict[str, Any]:
    return {
        "article_id": record["article_id"],
        "content_hash": record["content_hash"],
        "source_uri": record.get("source_uri"),
        "reason": reason,
    }
