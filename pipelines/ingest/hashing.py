"""Deterministic hashes used as keys."""
from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """sha256 hex of the article text (UTF-8); the version key of an article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bytes_hash(data: bytes) -> str:
    """sha256 hex of raw bytes (names raw HTML files)."""
    return hashlib.sha256(data).hexdigest()


def url_article_id(canonical: str) -> str:
    """article_id of a fetched page: 'url-' + the first 16 hex of sha256(canonical URL)."""
    return "url-" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
