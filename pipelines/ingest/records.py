"""The two record shapes ingestion produces, and ReadResult that carries one of them.

An *article* dict has the columns of the ``articles`` lake dataset
(docs/architecture.md) except ``ingested_at``/``batch_id``, which the writer adds,
plus the optional ``raw_path`` (raw HTML kept beside fetched pages, else None).

A *quarantine* dict has ``asset, check_name, reason, record_key, payload``; the
writer adds ``quarantine_id``, ``run_id`` and ``quarantined_at``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from pipelines.ingest.hashing import content_hash
from pipelines.ingest.language import detect_language
from pipelines.ingest.text_cleaning import word_count

ASSET = "news/articles"
PAYLOAD_MAX_CHARS = 20_000

ARTICLE_KEYS = (
    "article_id", "content_hash", "title", "text", "url", "outlet", "published_at",
    "published_local_date", "language", "source_name", "source_uri", "source_format", "is_reprint",
    "word_count", "raw_path",
)


class Check:
    """check_name values of quarantine records (one per kind of rejection)."""

    PATH_OUTSIDE_ROOT = "path_within_root"
    UNSUPPORTED_FORMAT = "supported_format"
    READABLE = "readable"  # vanished, permission denied, I/O error
    SIZE_LIMIT = "size_limit"
    DECODABLE = "decodable"  # binary or undecodable bytes
    NOT_EMPTY = "not_empty"  # empty / whitespace-only text
    HAS_TEXT = "has_text"  # HTML with no main text
    VALID_JSON = "valid_json"
    REQUIRED_FIELDS = "required_fields"
    FIELD_TYPES = "field_types"
    PUBLISHED_AT = "published_at_valid"
    SIDECAR = "sidecar_valid"
    FETCH = "fetch_ok"  # network errors, HTTP errors, timeouts, redirects, refused URLs
    CONTENT_TYPE = "is_html"
    FEED = "feed_valid"


@dataclass(frozen=True)
class ReadResult:
    """One record seen by a reader: ``kind`` says which dict ``record`` is.

    ``kind == 'article'`` -> ``record`` is an article dict;
    ``kind == 'quarantine'`` -> ``record`` is a quarantine dict.
    """

    kind: Literal["article", "quarantine"]
    record: dict[str, Any]

    @property
    def is_article(self) -> bool:
        return self.kind == "article"

    @property
    def is_quarantine(self) -> bool:
        return self.kind == "quarantine"


@dataclass(frozen=True)
class NotModified:
    """A record source unchanged since it was last read: a URL that answered 304 Not
    Modified, or a landing file whose size and modification time (and its sidecar's) are
    those recorded when it was read, with every article it gave still stored."""

    url: str


def payload_json(obj: Any) -> str:
    """JSON of the original record, cut to an excerpt when it is very large."""
    text = json.dumps(obj, ensure_ascii=False, default=str, sort_keys=True)
    if len(text) <= PAYLOAD_MAX_CHARS:
        return text
    return json.dumps(
        {"truncated": True, "length": len(text), "excerpt": text[:PAYLOAD_MAX_CHARS]},
        ensure_ascii=False,
    )


def quarantine(check_name: str, reason: str, record_key: str, payload: Any) -> ReadResult:
    """A quarantine ReadResult; ``payload`` (the original record or a description of
    it) is JSON-encoded, so the stored payload is always valid JSON."""
    return ReadResult(
        "quarantine",
        {
            "asset": ASSET,
            "check_name": check_name,
            "reason": reason,
            "record_key": record_key,
            "payload": payload_json(payload),
        },
    )


def article(
    *,
    article_id: str,
    text: str,
    title: str | None,
    url: str | None,
    outlet: str | None,
    published_at: datetime | None,
    source_name: str,
    source_uri: str,
    source_format: str,
    raw_path: str | None = None,
) -> ReadResult:
    """An article ReadResult with hash, language and word count computed from ``text``."""
    return ReadResult(
        "article",
        {
            "article_id": article_id,
            "content_hash": content_hash(text),
            "title": title,
            "text": text,
            "url": url,
            "outlet": outlet,
            # the instant in UTC, and the day it was in the publisher's own time zone
            "published_at": published_at.astimezone(timezone.utc) if published_at else None,
            "published_local_date": published_at.date() if published_at else None,
            "language": detect_language(text),
            "source_name": source_name,
            "source_uri": source_uri,
            "source_format": source_format,
            "is_reprint": False,
            "word_count": word_count(text),
            "raw_path": raw_path,
        },
    )
