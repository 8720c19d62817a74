"""Main text and metadata of an HTML page with trafilatura (one path for files and fetched pages)."""
from __future__ import annotations

from dataclasses import dataclass

import trafilatura


@dataclass(frozen=True)
class HtmlExtract:
    text: str  # main text; '' when the page has none (only scripts, only navigation)
    title: str | None
    author: str | None
    date: str | None  # as trafilatura/htmldate found it (YYYY-MM-DD), unparsed
    sitename: str | None


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text without navigation, cookie banners or comments, plus title/author/date."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
    )
    if doc is None:
        return HtmlExtract("", None, None, None, None)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return HtmlExtract(
        text=(data.get("text") or "").strip(),
        title=data.get("title") or None,
        author=data.get("author") or None,
        date=data.get("date") or None,
        sitename=data.get("sitename") or None,
    )
