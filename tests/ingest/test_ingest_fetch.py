"""Feeds and pages from a real HTTP server on 127.0.0.1 (started per module, shut down after)."""
from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipelines.ingest.batch import ingest_source
from pipelines.ingest.fetch import FetchError, Fetcher, FetchPolicy, check_url
from pipelines.ingest.hashing import url_article_id
from pipelines.ingest.dedup import canonical_url
from pipelines.ingest.sources import FeedSource, UrlsSource

POLICY = FetchPolicy(timeout=0.5, total_timeout=5, max_bytes=1024 * 1024, retries=1, backoff=0.01, max_redirects=5)


def page(title: str, sentence: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
            f"<p>{sentence}</p><p>Officials from both governments confirmed the meeting to reporters on Tuesday "
            f"and said further talks would follow later this year.</p></article></body></html>").encode()


PAGES = {
    "/a1.html": page("Putin visits Pyongyang", "Russian President Vladimir Putin arrived in Pyongyang for talks with Kim Jong Un."),
    "/a2.html": page("Treaty signed", "Russia and North Korea signed a comprehensive strategic partnership treaty."),
    "/b1.html": page("Kim at Vostochny", "Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome in the Russian Far East."),
    "/cond.html": page("Conditional page", "This page answers 304 to a conditional request with its ETag."),
}
SLOW_SECONDS = 2.0


class Handler(BaseHTTPRequestHandler):
    hits: Counter = Counter()

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html", **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        path = self.path.split("?")[0]
        Handler.hits[path] += 1
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path == "/rss.xml":
            if self.headers.get("If-None-Match") == '"rss-1"':
                return self._send(304)
            items = "".join(
                f"<item><title>{name}</title><link>{base}{name}</link><pubDate>Wed, 19 Jun 2024 08:00:00 GMT</pubDate></item>"
                for name in ("/a1.html", "/a2.html", "/scripts.html", "/pdf.html", "/slow.html", "/big.html",
                             "/500.html", "/loop1", "/missing.html")
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{items}</channel></rss>'
            return self._send(200, body.encode(), "application/rss+xml", ETag='"rss-1"')
        if path == "/atom.xml":  # no validators: the feed is downloaded again, the pages answer 304
            entries = "".join(
                f'<entry><title>{name}</title><link href="{name}"/><id>{name}</id><updated>2023-09-13T10:00:00Z</updated></entry>'
                for name in ("/b1.html", "/cond.html")
            )
            body = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    f'<title>Atom Test</title><id>urn:test</id><updated>2023-09-13T10:00:00Z</updated>{entries}</feed>')
            return self._send(200, body.encode(), "application/atom+xml")
        if path == "/cond.html":
            if self.headers.get("If-None-Match") == '"cond-1"':
                return self._send(304)
            return self._send(200, PAGES[path], ETag='"cond-1"')
        if path == "/b1.html":
            if self.headers.get("If-Modified-Since") == "Wed, 13 Sep 2023 10:00:00 GMT":
                return self._send(304)
            return self._send(200, PAGES[path], Last_Modified="Wed, 13 Sep 2023 10:00:00 GMT")
        if path in PAGES:
            return self._send(200, PAGES[path])
        if path == "/scripts.html":
            return self._send(200, b"<html><head><script>var a=1;</script></head><body><script>go()</script></body></html>")
        if path == "/pdf.html":
            return self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "text/html")
        if path == "/500.html":
            return self._send(500, b"oops")
        if path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            return self._send(200, PAGES["/a1.html"])
        if path == "/big.html":  # 30 MB, streamed without Content-Length
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            try:
                for _ in range(30 * 1024 * 1024 // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return None
        if path == "/loop1":
            return self._send(302, Location="/loop2")
        if path == "/loop2":
            return self._send(302, Location=f"{base}/loop1")
        return self._send(404, b"not found")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def feed(url: str, allow_private: bool = True) -> FeedSource:
    return FeedSource(name="test_feed", kind="feed", url=url, schedule="0 * * * *", allow_private=allow_private)


def test_rss_feed_every_page_ends_as_article_or_quarantine(server: str, tmp_path: Path) -> None:
    state, raw = tmp_path / "state", tmp_path / "raw"
    started = time.monotonic()
    batch = ingest_source(feed(f"{server}/rss.xml"), state_dir=state, raw_dir=raw, policy=POLICY)
    elapsed = time.monotonic() - started

    by_url = {a["url"]: a for a in batch.articles}
    assert set(by_url) == {f"{server}/a1.html", f"{server}/a2.html"}
    a1 = by_url[f"{server}/a1.html"]
    assert a1["article_id"] == url_article_id(canonical_url(f"{server}/a1.html"))
    assert a1["title"] == "/a1.html"  # the feed entry title wins over the page title
    assert "Pyongyang" in a1["text"] and "Home | World" not in a1["text"]
    assert a1["source_format"] == "feed" and a1["source_name"] == "test_feed"
    assert a1["published_at"].isoformat() == "2024-06-19T08:00:00+00:00"
    assert Path(a1["raw_path"]).parent == raw and Path(a1["raw_path"]).read_bytes() == PAGES["/a1.html"]

    reasons = {q["record_key"].removeprefix(server): (q["check_name"], q["reason"]) for q in batch.quarantine}
    assert reasons["/scripts.html"][0] == "has_text"
    assert reasons["/pdf.html"] == ("is_html", "not HTML: the body is a PDF document (served as text/html)")
    assert reasons["/slow.html"][0] == "fetch_ok" and "timed out" in reasons["/slow.html"][1]
    assert reasons["/big.html"][0] == "size_limit" and "aborted" in reasons["/big.html"][1]
    assert reasons["/500.html"][0] == "fetch_ok" and "HTTP 500" in reasons["/500.html"][1]
    assert "after 2 attempts" in reasons["/500.html"][1] and Handler.hits["/500.html"] == 2  # one retry
    assert reasons["/loop1"][0] == "fetch_ok" and "redirect loop" in reasons["/loop1"][1]
    assert reasons["/missing.html"] == ("fetch_ok", "HTTP 404 Not Found")
    assert len(reasons) == len(batch.quarantine) == 7

    counts = batch.counts
    assert counts == {"seen": 9, "fetched": 2, "new": 2, "duplicate": 0, "quarantined": 7, "not_modified": 0}
    assert elapsed < 10

    # second run of the same feed: one 304, nothing new
    again = ingest_source(feed(f"{server}/rss.xml"), known=batch.articles, state_dir=state, raw_dir=raw, policy=POLICY)
    assert again.not_modified == [f"{server}/rss.xml"]
    assert again.counts["new"] == 0 and again.counts["quarantined"] == 0


def test_atom_feed_and_page_level_304(server: str, tmp_path: Path) -> None:
    state, raw = tmp_path / "state", tmp_path / "raw"
    first = ingest_source(feed(f"{server}/atom.xml"), state_dir=state, raw_dir=raw, policy=POLICY)
    assert sorted(a["url"].removeprefix(server) for a in first.articles) == ["/b1.html", "/cond.html"]
    assert all(a["published_at"].year == 2023 for a in first.articles)
    assert first.quarantine == []
    second = ingest_source(feed(f"{server}/atom.xml"), known=first.articles, state_dir=state, raw_dir=raw, policy=POLICY)
    assert sorted(second.not_modified) == [f"{server}/b1.html", f"{server}/cond.html"]
    assert second.counts["new"] == 0


def test_urls_source_and_dedup_of_known_articles(server: str, tmp_path: Path) -> None:
    source = UrlsSource(name="pages", kind="urls", urls=[f"{server}/a2.html", f"{server}/a2.html?utm_source=x#top"],
                        schedule="0 * * * *", allow_private=True)
    batch = ingest_source(source, state_dir=tmp_path / "state", raw_dir=tmp_path / "raw", policy=POLICY, defer_state=True)
    assert batch.counts["fetched"] == 2 and batch.counts["new"] == 1 and batch.counts["duplicate"] == 1
    assert batch.articles[0]["source_format"] == "url"


def test_loopback_refused_without_allow_private(server: str, tmp_path: Path) -> None:
    batch = ingest_source(feed(f"{server}/rss.xml", allow_private=False), state_dir=tmp_path, raw_dir=tmp_path, policy=POLICY)
    (record,) = batch.quarantine
    assert record["check_name"] == "fetch_ok" and "refused loopback address 127.0.0.1" in record["reason"]
    assert batch.articles == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com", "javascript:alert(1)"])
def test_non_http_schemes_refused(url: str) -> None:
    with pytest.raises(FetchError, match="refused scheme"):
        check_url(url, allow_private=True)
    with Fetcher(POLICY) as fetcher, pytest.raises(FetchError, match="refused scheme"):
        fetcher.get(url)


@pytest.mark.parametrize("host", ["localhost", "10.0.0.1", "192.168.1.1", "169.254.169.254", "[::1]", "0.0.0.0"])
def test_private_and_link_local_hosts_refused(host: str) -> None:
    with pytest.raises(FetchError, match="refused"):
        check_url(f"http://{host}/x")
