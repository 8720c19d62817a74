"""`events ingest` and `events sources` against a real feed on 127.0.0.1."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from pipelines.storage import Lake

EVENTS = str(Path(sys.executable).with_name("events"))

PAGE = ("<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav><article><h1>{title}</h1>"
        "<p>{sentence}</p><p>Officials from both governments briefed reporters after the talks and said "
        "working groups would meet again before the end of the year.</p></article>"
        "<div class='cookie'>We use cookies. Accept all?</div></body></html>")
PAGES = {
    "/visit.html": PAGE.format(title="Modi in Paris", sentence="Indian Prime Minister Narendra Modi arrived in Paris on Thursday for a two-day state visit."),
    "/deal.html": PAGE.format(title="Deal signed", sentence="France and India signed a defence industrial roadmap in Paris on Friday."),
}


class FeedHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            items = "".join(f"<item><title>{p}</title><link>{base}{p}</link>"
                            f"<pubDate>Sat, 15 Jul 2023 08:00:00 GMT</pubDate></item>" for p in PAGES)
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", '"v1"')
        elif self.path in PAGES:
            body = PAGES[self.path].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            body = b"not found"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def feed_server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_ingest_a_feed_source_then_nothing_new(feed_server, tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"""sources:
  - name: wire
    kind: feed
    url: {feed_server}/feed.xml
    schedule: "*/15 * * * *"
    allow_private: true   # the test server is on loopback
""")
    env = dict(os.environ, EVENTS_SOURCES=str(sources), EVENTS_DATA_DIR=str(tmp_path / "data"), DO_NOT_TRACK="1",
               DAGSTER_HOME=str(tmp_path / "data" / "dagster_home"))
    for key in ("EVENTS_LANDING", "EVENTS_LAKE", "EVENTS_WAREHOUSE"):
        env.pop(key, None)

    def events(*args):
        done = subprocess.run([EVENTS, *args], env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    out = events("ingest", "--source", "wire")
    assert "ingested batches" in out
    lake = Lake(tmp_path / "data" / "lake")
    assert lake.count("articles") == 2
    raw = lake.query("select raw_path from {articles}")
    assert all(r[0] and Path(r[0]).exists() for r in raw), "raw HTML is kept beside the text"
    with duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True) as con:
        visits = con.execute("select source, target from fct_events where event_type = 'visit'").fetchall()
    assert ("IND", "FRA") in visits

    events("ingest", "--source", "wire")
    assert lake.count("articles") == 2
    last = lake.query("select n_new, n_not_modified from {batches} order by finished_at desc limit 1")[0]
    assert last == (0, 1), "an unchanged feed costs one 304 and stores nothing"

    listing = events("sources")
    assert "wire" in listing and "feed" in listing
