"""Dedup rules (pure functions)."""
from __future__ import annotations

import pytest

from pipelines.ingest.dedup import KnownArticles, canonical_url, deduplicate
from pipelines.ingest.hashing import content_hash


def art(article_id: str, text: str, url: str | None = None, outlet: str | None = None) -> dict:
    return {"article_id": article_id, "content_hash": content_hash(text), "text": text,
            "url": url, "outlet": outlet, "is_reprint": False}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM/News/Story/", "https://example.com/News/Story"),
        ("https://example.com/a?utm_source=rss&utm_medium=x&id=3#comments", "https://example.com/a?id=3"),
        ("http://example.com:80/a/", "http://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/", "https://example.com"),
        (None, None),
        ("not a url", None),
    ],
)
def test_canonical_url(url, expected) -> None:
    assert canonical_url(url) == expected


def test_rerun_ingests_nothing_twice() -> None:
    first = deduplicate([art("a", "one"), art("b", "two")])
    assert [a["article_id"] for a in first.kept] == ["a", "b"]
    known = KnownArticles.from_records(first.kept)
    again = deduplicate([art("a", "one"), art("b", "two")], known)
    assert again.kept == [] and len(again.duplicates) == 2
    assert "already stored" in again.duplicates[0]["reason"]


def test_changed_text_under_same_id_is_a_new_version() -> None:
    known = KnownArticles.from_records([art("a", "one")])
    result = deduplicate([art("a", "one, corrected")], known)
    assert len(result.kept) == 1 and result.kept[0]["is_reprint"] is False


def test_same_canonical_url_is_one_article() -> None:
    known = KnownArticles.from_records([art("a", "one", url="https://example.com/story")])
    same = deduplicate([art("b", "one", url="https://EXAMPLE.com/story/?utm_campaign=x#top")], known)
    assert same.kept == [] and same.duplicates[0]["article_id"] == "a"
    updated = deduplicate([art("b", "one, updated", url="https://example.com/story/")], known)
    assert [a["article_id"] for a in updated.kept] == ["a"]  # a new version of the same article


def test_identical_text_other_outlet_is_kept_as_reprint() -> None:
    known = KnownArticles.from_pairs({("a", content_hash("wire story"))}, {content_hash("wire story"): ("a", "AP")})
    result = deduplicate([art("b", "wire story", outlet="Daily"), art("c", "wire story", outlet="AP"),
                          art("d", "wire story", outlet="Daily")], known)
    assert [(a["article_id"], a["is_reprint"]) for a in result.kept] == [("b", True)]
    reasons = {d["article_id"]: d["reason"] for d in result.duplicates}
    assert "outlet 'AP'" in reasons["c"] and "outlet 'Daily'" in reasons["d"]


def test_identical_text_without_outlet_keeps_both_flags_later() -> None:
    result = deduplicate([art("copy_a", "same"), art("copy_b", "same")])
    assert [(a["article_id"], a["is_reprint"]) for a in result.kept] == [("copy_a", False), ("copy_b", True)]


def test_inputs_are_not_modified() -> None:
    known = KnownArticles.from_records([art("a", "one")])
    new = [art("b", "one")]
    deduplicate(new, known)
    assert new[0]["is_reprint"] is False
    assert known.versions == {("a", content_hash("one"))}
