"""read_landing over a generated corpus of bad (and good) inputs: every record ends as
an article or a quarantine record with a specific check and reason."""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipelines.ingest.dedup import deduplicate
from pipelines.ingest.hashing import content_hash
from pipelines.ingest.readers import read_landing

BODY = (
    "Russian President Vladimir Putin arrived in Pyongyang on Wednesday for talks with "
    "North Korean leader Kim Jong Un, the first visit in 24 years.\n"
    "The two leaders signed a comprehensive strategic partnership treaty.\n"
)
GOOD_HTML = """<html><head><title>Putin in Pyongyang | Example News</title>
<meta property="article:published_time" content="2024-06-19T08:00:00Z"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>Putin in Pyongyang</h1>
<p>Russian President Vladimir Putin arrived in Pyongyang on Wednesday for talks with North Korean leader Kim Jong Un.</p>
<p>The two leaders signed a comprehensive strategic partnership treaty that includes a mutual defence clause.</p>
</article>
<div class="comments"><h3>Comments</h3><p>First! Great article - reader123</p></div>
</body></html>"""
SCRIPTS_ONLY = "<html><head><script>var a = 1;</script></head><body><script>document.write('x')</script></body></html>"
INJECTION = "Robert'); DROP TABLE articles; -- said {{ config.items() }} and {% raw %}{{ 7*7 }}{% endraw %} in Seoul.\n"
GERMAN = ("Bundeskanzler Olaf Scholz reiste am Montag nach Paris, um mit dem französischen "
          "Präsidenten über die Lage in der Ukraine zu sprechen. Beide Regierungen wollen enger zusammenarbeiten.\n")
FRENCH_CP1252 = ("Le président français s'est rendu à Séoul. \u201cC'est très important\u201d, a-t-il déclaré "
                 "\u2014 une visite d'État de trois jours.\n")

# record_key -> (kind, check_name or None, a word the reason must contain)
EXPECTED = {
    "good.txt": ("article", None, None),
    "crlf.txt": ("article", None, None),
    "copy_a.txt": ("article", None, None),
    "copy_b.txt": ("article", None, None),
    "german.txt": ("article", None, None),
    "injection.txt": ("article", None, None),
    "cp1252.txt": ("article", None, None),
    "page.html": ("article", None, None),
    "sub/nested.txt": ("article", None, None),
    "empty.txt": ("quarantine", "not_empty", "empty file"),
    "blank.txt": ("quarantine", "not_empty", "whitespace"),
    "title_only.txt": ("quarantine", "not_empty", "title line"),
    "fake_pdf.txt": ("quarantine", "decodable", "PDF"),
    "random.txt": ("quarantine", "decodable", "binary"),
    "huge.txt": ("quarantine", "size_limit", "not read"),
    "scripts.html": ("quarantine", "has_text", "no main text"),
    "future.txt": ("quarantine", "published_at_valid", "future"),
    "baddate.txt": ("quarantine", "published_at_valid", "not a recognisable date"),
    "badmeta.txt": ("quarantine", "sidecar_valid", "not readable JSON"),
    "orphan.meta.json": ("quarantine", "sidecar_valid", "no article file"),
    "notes.md": ("quarantine", "supported_format", "unsupported"),
    "zz_vanish.txt": ("quarantine", "readable", "disappeared"),
    "escape.txt": ("quarantine", "path_within_root", "outside"),
    "escape_dir": ("quarantine", "path_within_root", "outside"),
    "empty.jsonl": ("quarantine", "not_empty", "no records"),
    "feed.jsonl:1": ("article", None, None),
    "feed.jsonl:2": ("quarantine", "valid_json", "malformed"),
    "feed.jsonl:3": ("quarantine", "required_fields", "'id'"),
    "feed.jsonl:4": ("quarantine", "required_fields", "'text'"),
    "feed.jsonl:5": ("quarantine", "field_types", "'text' must be a string"),
    "feed.jsonl:6": ("quarantine", "field_types", "'id' must be a string"),
    "feed.jsonl:7": ("quarantine", "published_at_valid", "future"),
    "feed.jsonl:8": ("quarantine", "published_at_valid", "not a recognisable date"),
    "feed.jsonl:9": ("quarantine", "field_types", "expected a JSON object"),
    # line 10 is blank: not a record
    "feed.jsonl:11": ("article", None, None),  # Spanish
    "feed.jsonl:12": ("quarantine", "not_empty", "whitespace"),
    "feed.jsonl:13": ("quarantine", "field_types", "'title' must be a string or null"),
    "feed.jsonl:14": ("quarantine", "size_limit", "larger than"),
    "feed.jsonl:15": ("article", None, None),  # after the long line, reading goes on
    "feed.jsonl:16": ("quarantine", "valid_json", "truncated"),  # last line cut off, no newline
}


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _meta(path: Path, **meta) -> None:
    _write(path.with_name(path.stem + ".meta.json"), json.dumps(meta))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    root.mkdir()
    _write(root / "good.txt", "Putin visits Pyongyang\n" + BODY)
    _meta(root / "good.txt", title="Sidecar title wins", published_at="2024-06-19T10:00:00+09:00",
          url="https://Example.com/world/putin/?utm_source=rss#top", outlet="Example News")
    _write(root / "crlf.txt", "Title with CRLF\r\n" + BODY.replace("\n", "\r\n"))
    _write(root / "copy_a.txt", "Copy\n" + BODY + "Copied text.\n")
    _write(root / "copy_b.txt", "Copy\n" + BODY + "Copied text.\n")
    _write(root / "german.txt", "Scholz in Paris\n" + GERMAN)
    _write(root / "injection.txt", "Injection\n" + INJECTION)
    _write(root / "cp1252.txt", ("Visite à Séoul\n" + FRENCH_CP1252).encode("cp1252"))
    _write(root / "page.html", GOOD_HTML)
    _write(root / "sub" / "nested.txt", "Nested\n" + BODY + "Nested copy with its own ending.\n")
    _write(root / "empty.txt", b"")
    _write(root / "blank.txt", "   \n\t\n  \r\n")
    _write(root / "title_only.txt", "Only a title\n\n  \n")
    _write(root / "fake_pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02")
    _write(root / "random.txt", bytes(range(256)) * 8)
    with (root / "huge.txt").open("wb") as handle:  # 20 MB, generated here, never committed
        chunk = b"Lorem ipsum dolor sit amet. " * 4096
        while handle.tell() < 20 * 1024 * 1024:
            handle.write(chunk)
    _write(root / "scripts.html", SCRIPTS_ONLY)
    _write(root / "future.txt", "Future\n" + BODY)
    _meta(root / "future.txt", published_at="2999-01-01T00:00:00Z")
    _write(root / "baddate.txt", "Bad date\n" + BODY)
    _meta(root / "baddate.txt", published_at="the day after the war")
    _write(root / "badmeta.txt", "Bad sidecar\n" + BODY)
    _write(root / "badmeta.meta.json", '{"published_at": "2024-01-01", ')
    _write(root / "orphan.meta.json", json.dumps({"title": "nobody"}))
    _write(root / "notes.md", "# notes\n")
    _write(root / ".hidden.txt", "Hidden\n" + BODY)  # hidden files are not records
    _write(root / "zz_vanish.txt", "Vanishing\n" + BODY)
    outside = tmp_path / "outside"
    _write(outside / "secret.txt", "Secret\nroot:x:0:0\n")
    os.symlink(outside / "secret.txt", root / "escape.txt")
    os.symlink(outside, root / "escape_dir")
    _write(root / "empty.jsonl", "\n\n")
    future = "2999-05-05"
    lines = [
        json.dumps({"id": "j1", "title": "JSON one", "text": BODY, "url": "https://example.com/j1",
                    "published_at": "19 June 2024", "outlet": "Wire"}),
        '{"id": "j2", "text": "unquoted: yes, }',
        json.dumps({"text": BODY}),
        json.dumps({"id": "j4", "title": "no text"}),
        json.dumps({"id": "j5", "text": 12345}),
        json.dumps({"id": 6, "text": BODY}),
        json.dumps({"id": "j7", "text": BODY + " future", "published_at": future}),
        json.dumps({"id": "j8", "text": BODY + " bad", "published_at": "not-a-date!!"}),
        json.dumps(["id", "text"]),
        "",
        json.dumps({"id": "j11", "text": "El presidente de Francia viajó a Madrid para reunirse con el rey de España y firmar un acuerdo."}, ensure_ascii=False),
        json.dumps({"id": "j12", "text": "   \n "}),
        json.dumps({"id": "j13", "text": BODY, "title": ["a", "list"]}),
        json.dumps({"id": "j14", "text": "x" * 5000}),
        json.dumps({"id": "j15", "text": BODY + " after the long line"}),
    ]
    _write(root / "feed.jsonl", "\n".join(lines) + '\n{"id": "j16", "text": "cut off in the mid')
    return root


def test_every_bad_input_ends_as_article_or_specific_quarantine(corpus: Path) -> None:
    iterator = read_landing(corpus, source_name="test", max_bytes=4000)
    first = next(iterator)  # the folder is listed completely before the first result
    (corpus / "zz_vanish.txt").unlink()  # deleted between listing and reading
    results = [first, *iterator]

    by_key: dict[str, tuple] = {}
    for result in results:
        key = result.record["record_key"] if result.is_quarantine else _article_key(result.record, corpus)
        assert key not in by_key, f"two results for {key}"
        by_key[key] = (result.kind, result.record)
    assert set(by_key) == set(EXPECTED), (set(by_key) ^ set(EXPECTED))
    for key, (kind, check, word) in EXPECTED.items():
        got_kind, record = by_key[key]
        assert got_kind == kind, (key, record.get("reason"))
        if kind == "quarantine":
            assert record["asset"] == "news/articles"
            assert record["check_name"] == check, (key, record)
            assert word.lower() in record["reason"].lower(), (key, record["reason"])
            json.loads(record["payload"])  # always a JSON string
    # ingested + quarantined = seen
    articles = [r for r in results if r.is_article]
    quarantined = [r for r in results if r.is_quarantine]
    assert len(articles) + len(quarantined) == len(EXPECTED) == len(results)


def _article_key(record: dict, root: Path) -> str:
    uri = record["source_uri"]
    if "#L" in uri:
        path, line = uri.rsplit("#L", 1)
        return f"{Path(path).relative_to(root.resolve()).as_posix()}:{line}"
    return Path(uri).relative_to(root.resolve()).as_posix()


@pytest.fixture
def articles(corpus: Path) -> dict[str, dict]:
    return {r.record["article_id"]: r.record for r in read_landing(corpus, "test", max_bytes=4000) if r.is_article}


def test_txt_first_line_is_title_and_text_is_verbatim(articles: dict) -> None:
    good = articles["good"]
    assert good["title"] == "Sidecar title wins"  # the sidecar title overrides the first line
    assert good["text"] == "Putin visits Pyongyang\n" + BODY  # the title line stays in the text
    assert good["content_hash"] == content_hash(good["text"])
    assert good["outlet"] == "Example News"
    assert good["published_at"] == datetime(2024, 6, 19, 1, 0, tzinfo=timezone.utc)
    assert good["source_format"] == "txt" and good["source_name"] == "test"
    assert good["language"] == "en" and good["word_count"] == len(good["text"].split())
    assert good["is_reprint"] is False and good["raw_path"] is None
    assert articles["crlf"]["title"] == "Title with CRLF"
    assert articles["crlf"]["text"] == "Title with CRLF\n" + BODY  # \r\n -> \n, nothing else
    assert articles["nested"]["article_id"] == "nested"


def test_injection_text_is_stored_verbatim(articles: dict) -> None:
    assert articles["injection"]["text"] == "Injection\n" + INJECTION


def test_windows_1252_is_decoded_not_quarantined(articles: dict) -> None:
    assert articles["cp1252"]["title"] == "Visite à Séoul"
    assert articles["cp1252"]["text"] == "Visite à Séoul\n" + FRENCH_CP1252
    assert articles["cp1252"]["language"] == "fr"


def test_non_english_is_kept_with_its_language(articles: dict) -> None:
    assert articles["german"]["language"] == "de"
    assert articles["j11"]["language"] == "es"


def test_html_main_text_without_boilerplate(articles: dict) -> None:
    page = articles["page"]
    assert "mutual defence clause" in page["text"]
    for boilerplate in ("cookies", "First! Great article", "Sport"):
        assert boilerplate not in page["text"]
    assert page["title"].startswith("Putin in Pyongyang")
    assert page["published_at"] == datetime(2024, 6, 19, tzinfo=timezone.utc)
    assert page["source_format"] == "html"


def test_jsonl_fields_and_dates(articles: dict) -> None:
    j1 = articles["j1"]
    assert (j1["title"], j1["url"], j1["outlet"]) == ("JSON one", "https://example.com/j1", "Wire")
    assert j1["published_at"] == datetime(2024, 6, 19, tzinfo=timezone.utc)
    assert j1["source_format"] == "jsonl"


def test_same_file_twice_both_read_second_flagged_as_reprint_by_dedup(articles: dict) -> None:
    assert articles["copy_a"]["content_hash"] == articles["copy_b"]["content_hash"]
    kept = {a["article_id"]: a for a in deduplicate(sorted(articles.values(), key=lambda a: a["article_id"])).kept}
    assert kept["copy_a"]["is_reprint"] is False
    assert kept["copy_b"]["is_reprint"] is True


def test_reading_is_deterministic(corpus: Path) -> None:
    first = [r.record for r in read_landing(corpus, "test", max_bytes=4000)]
    second = [r.record for r in read_landing(corpus, "test", max_bytes=4000)]
    assert first == second


def test_missing_root_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        list(read_landing(tmp_path / "nope"))


@pytest.mark.parametrize("published, utc, local_day", [
    # a Seoul morning paper: still the day before in UTC
    ("2024-06-19T07:00:00+09:00", datetime(2024, 6, 18, 22, 0, tzinfo=timezone.utc), "2024-06-19"),
    # a New York evening paper: already the next day in UTC
    ("2024-06-18T21:30:00-04:00", datetime(2024, 6, 19, 1, 30, tzinfo=timezone.utc), "2024-06-18"),
    # RFC 2822, as feeds and HTTP headers give it
    ("Wed, 19 Jun 2024 07:00:00 +0900", datetime(2024, 6, 18, 22, 0, tzinfo=timezone.utc), "2024-06-19"),
    # no offset: taken as UTC
    ("19 June 2024", datetime(2024, 6, 19, tzinfo=timezone.utc), "2024-06-19"),
    # Unix seconds
    ("1718748000", datetime(2024, 6, 18, 22, 0, tzinfo=timezone.utc), "2024-06-18"),
])
def test_published_at_is_stored_in_utc_with_the_publishers_own_day(tmp_path, published, utc, local_day) -> None:
    _write(tmp_path / "seoul.txt", "Title\n" + BODY)
    _meta(tmp_path / "seoul.txt", published_at=published)
    [result] = list(read_landing(tmp_path, source_name="test"))
    assert result.is_article, result.record
    assert result.record["published_at"] == utc
    assert result.record["published_at"].utcoffset().total_seconds() == 0
    assert result.record["published_local_date"].isoformat() == local_day
