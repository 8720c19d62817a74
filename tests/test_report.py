"""`events report`: the self-contained HTML report, checked in headless Chromium.

Two warehouses:
  * a synthetic one written here directly with the marts' columns (always available,
    larger, with hostile article text to check escaping);
  * the real thing: the standard scenario lake (tests/dbt/lake_fixtures.py) built by
    `dbt build` (skipped with the reason when dbt cannot build it).
Chromium is Debian's `chromium`; the session fixture installs it when it is missing.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from pipelines.paths import REPO_ROOT
from pipelines.report import json_for_script, write_report

CHROMIUM = "/usr/bin/chromium"
HOSTILE = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
STATES = [
    ("RUS", "Russia", "state", "Europe"), ("PRK", "North Korea", "state", "East Asia"),
    ("KOR", "South Korea", "state", "East Asia"), ("CHN", "China", "state", "East Asia"),
    ("USA", "United States", "state", "North America"), ("UKR", "Ukraine", "state", "Europe"),
    ("JPN", "Japan", "state", "East Asia"), ("IRN", "Iran", "state", "Middle East"),
    ("IND", "India", "state", "South Asia"), ("FRA", "France", "state", "Europe"),
    ("NATO", "North Atlantic Treaty Organization", "organisation", None),
]


# -- chromium ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        if shutil.which("apt-get") is None:
            pytest.skip("chromium is not installed and apt-get is not available to install it")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
            if proc.returncode != 0:
                pytest.skip(f"could not install chromium ({' '.join(cmd)} failed): {proc.stderr[-500:]}")
        if not Path(CHROMIUM).exists():
            pytest.skip("`apt-get install chromium` did not provide /usr/bin/chromium")
    return CHROMIUM


def run_chromium(chromium: str, page: Path, tmp: Path, *extra: str, fragment: str = "") -> subprocess.CompletedProcess:
    profile = tmp / "chromium-profile"
    profile.mkdir(parents=True, exist_ok=True)
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
           *extra, page.resolve().as_uri() + fragment]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def dump_dom(chromium: str, page: Path, tmp: Path, fragment: str = "") -> str:
    return run_chromium(chromium, page, tmp, "--dump-dom", fragment=fragment).stdout


# -- a synthetic warehouse with the marts' columns --------------------------------------------

def build_synthetic_warehouse(path: Path, *, n_events: int = 70, seed: int = 7) -> dict:
    """fct_events, fct_event_mentions, dim_actors, dim_articles like the dbt marts."""
    rng = random.Random(seed)
    con = duckdb.connect(str(path))
    con.execute("""
        create table dim_actors (actor_code varchar, actor_name varchar, actor_kind varchar, region varchar,
                                 first_seen_date date, last_seen_date date, n_events bigint);
        create table dim_articles (article_id varchar, title varchar, url varchar, outlet varchar,
                                   published_at timestamp, ingested_at timestamp, language varchar,
                                   word_count bigint, is_reprint boolean, n_events_found bigint);
        create table fct_events (event_id varchar, event_type varchar, source varchar, target varchar,
                                 parties varchar[], states varchar[], event_date date, date_precision varchar,
                                 date_label varchar, location varchar, modality varchar,
                                 first_reported_at timestamp, n_mentions bigint, n_articles bigint,
                                 n_outlets bigint, confidence double, evidence varchar, article_id varchar);
        create table fct_event_mentions (mention_id varchar, event_id varchar, article_id varchar,
                                         evidence varchar, evidence_start bigint, evidence_end bigint,
                                         modality varchar, date varchar, confidence double,
                                         extractor_version varchar, published_at timestamp, outlet varchar);
    """)
    con.executemany("insert into dim_actors values (?, ?, ?, ?, null, null, null)", STATES)
    outlets = ["Reuters", "AP", "Yonhap", "TASS", "BBC", "Kyodo", "AFP"]
    places = {"RUS": "Moscow", "PRK": "Pyongyang", "KOR": "Seoul", "CHN": "Beijing", "USA": "Washington",
              "UKR": "Kyiv", "JPN": "Tokyo", "IRN": "Tehran", "IND": "New Delhi", "FRA": "Paris", "NATO": "Brussels"}
    codes = [c for c, *_ in STATES]
    names = {c: n for c, n, *_ in STATES}
    start = date(2023, 1, 1)
    events, n_art = [], 0
    for i in range(n_events):
        kind = rng.choices(["visit", "treaty_signing", "arms_transfer"], [5, 2, 3])[0]
        day = start + timedelta(days=rng.randrange(0, 820))
        precision = rng.choices(["day", "month", "year"], [7, 2, 1])[0]
        label = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[precision]
        ev_date = {"day": day, "month": day.replace(day=1), "year": day.replace(month=1, day=1)}[precision]
        a, b = rng.sample(codes[:6] if rng.random() < 0.7 else codes, 2)
        if kind == "treaty_signing":
            parties = sorted({a, b} | ({rng.choice(codes)} if rng.random() < 0.2 else set()))
            source = target = None
            evidence = f"{', '.join(names[p] for p in parties)} signed an agreement in {label}."
            states = parties
        else:
            parties, source, target = None, a, b
            states = sorted({a, b})
            evidence = (f"The leader of {names[a]} visited {places[b]} in {label}." if kind == "visit"
                        else f"{names[a]} delivered drones and artillery shells to {names[b]} in {label}.")
        if i == 0:  # hostile article text must stay text
            evidence = f"Officials said {HOSTILE} & more <b>bold</b> claims."
        modality = rng.choices(["asserted", "alleged", "denied", "planned"], [7, 3, 1, 1])[0]
        n_articles = rng.choice([1, 1, 1, 2, 3])
        arts = []
        for k in range(n_articles):
            n_art += 1
            aid = f"art{n_art:04d}"
            outlet = rng.choice(outlets)
            published = datetime.combine(day, datetime.min.time()) + timedelta(days=k + 1, hours=rng.randrange(24))
            title = (f"Report {n_art}: {evidence[:40]}" if i else f"Breaking {HOSTILE}")
            url = f"https://news.example.org/{aid}?a=1&b=2" if i else "javascript:alert(1)"
            con.execute("insert into dim_articles values (?, ?, ?, ?, ?, ?, 'en', 300, false, 1)",
                        [aid, title, url, outlet, published, published])
            con.execute("insert into fct_event_mentions values (?, ?, ?, ?, 0, ?, ?, ?, 0.8, '1.0.0', ?, ?)",
                        [f"m{n_art}", f"ev{i:03d}", aid, evidence, len(evidence), modality, label, published, outlet])
            arts.append((aid, outlet, published))
        con.execute(
            "insert into fct_events values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [f"ev{i:03d}", kind, source, target, parties, states, ev_date, precision, label,
             places[target] if target else None, modality, arts[0][2], n_articles, n_articles,
             len({o for _, o, _ in arts}), round(rng.uniform(0.55, 0.99), 3), evidence, arts[0][0]])
        events.append(f"ev{i:03d}")
    con.close()
    return {"n_events": n_events, "event_ids": events}


# -- DOM inspection -----------------------------------------------------------------------------

class DomStats(HTMLParser):
    """Counts of the elements the report's JS draws."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, dict[str, str]] = {}
        self.body_rows = 0
        self.bars = self.nodes = self.edges = self.arrows = self.latest = 0
        self.in_tbody = False
        self.imgs: list[dict] = []
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.attrs[a["id"]] = a
        cls = a.get("class", "").split()
        if tag == "tbody":
            self.in_tbody = True
        elif tag == "tr" and self.in_tbody:
            self.body_rows += 1
        elif tag == "rect" and "bar" in cls:
            self.bars += 1
        elif tag == "g" and "node" in cls:
            self.nodes += 1
        elif tag == "path" and "edge" in cls:
            if "arrow" in cls:
                self.arrows += 1
            else:
                self.edges += 1
        elif tag == "li" and "latest-event" in cls:
            self.latest += 1
        elif tag == "img":
            self.imgs.append(a)
        elif tag == "a":
            self.links.append(a.get("href", ""))
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_tbody = False


def parse_dom(dom: str) -> DomStats:
    stats = DomStats()
    stats.feed(dom)
    return stats


def assert_rendered(stats: DomStats) -> None:
    for cid in ("chart-monthly", "chart-network", "latest-events", "events-table"):
        assert stats.attrs[cid].get("data-rendered") == "true", f"#{cid} was not rendered"


# -- tests ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic_report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    wh = tmp / "warehouse.duckdb"
    info = build_synthetic_warehouse(wh)
    out = write_report(wh, tmp / "out" / "report.html")
    return tmp, wh, out, info


def test_json_for_script_cannot_close_the_block():
    text = json_for_script({"t": "</script><!-- \u2028 & >"})
    assert "</" not in text and "<!--" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"t": "</script><!-- \u2028 & >"}


def test_report_is_self_contained_and_escapes_article_text(synthetic_report):
    _, _, out, info = synthetic_report
    page = out.read_text(encoding="utf-8")
    # no external resource of any kind
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=""", page, re.I)
    assert "cdn" not in page.lower()
    # hostile text only inside the JSON block, escaped
    assert HOSTILE not in page and "<img" not in page
    blocks = re.findall(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert len(data["events"]) == info["n_events"]
    assert any(HOSTILE in (e["evidence"] or "") for e in data["events"])


def test_report_renders_in_chromium(synthetic_report, chromium):
    tmp, _, out, info = synthetic_report
    dom = dump_dom(chromium, out, tmp)
    stats = parse_dom(dom)
    assert_rendered(stats)
    assert stats.body_rows == info["n_events"]
    assert stats.attrs["events-table"]["data-rows"] == str(info["n_events"])
    assert stats.bars > 10
    assert stats.nodes >= 6 and stats.edges >= 6 and 0 < stats.arrows < stats.edges
    assert stats.latest > 0
    # article text stayed text: no element injected, no javascript: link made
    assert stats.imgs == [] and stats.scripts == 2
    assert "window.__pwned" in dom  # shown as text...
    assert "&lt;/script&gt;&lt;img" in dom  # ...escaped
    assert not any(h.startswith("javascript:") for h in stats.links)
    assert any(h.startswith("https://news.example.org/") for h in stats.links)
    assert f"All {info['n_events']} events" in dom

    # one screenshot, for people to look at (kept at /tmp/report.png)
    shot = Path(os.environ.get("REPORT_SCREENSHOT", "/tmp/report.png"))
    run_chromium(chromium, out, tmp, "--hide-scrollbars", f"--screenshot={shot}", "--window-size=1400,2000")
    assert shot.exists() and shot.stat().st_size > 10_000


def test_table_filters_in_chromium(synthetic_report, chromium):
    """Filters preset through the address (#type=...&state=...&q=...) filter the rows."""
    tmp, wh, out, _ = synthetic_report
    with duckdb.connect(str(wh), read_only=True) as con:
        expected = con.execute(
            "select count(*) from fct_events where event_type = 'visit' and list_contains(states, 'RUS')"
        ).fetchone()[0]
        expected_text = con.execute(
            "select count(*) from fct_events where event_type = 'arms_transfer' and modality = 'alleged' "
            "and (lower(evidence) like '%drones%')"
        ).fetchone()[0]
    assert 0 < expected < 70
    stats = parse_dom(dump_dom(chromium, out, tmp, "#type=visit&state=RUS"))
    assert stats.body_rows == expected
    dom = dump_dom(chromium, out, tmp, "#type=arms_transfer&modality=alleged&q=DRONES")
    assert parse_dom(dom).body_rows == expected_text
    assert f"{expected_text} of 70 events" in dom


def test_write_report_needs_a_warehouse(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_report(tmp_path / "missing.duckdb", tmp_path / "r.html")


def test_empty_warehouse_still_renders(tmp_path, chromium):
    wh = tmp_path / "empty.duckdb"
    build_synthetic_warehouse(wh, n_events=0)
    out = write_report(wh, tmp_path / "empty.html")
    stats = parse_dom(dump_dom(chromium, out, tmp_path))
    assert_rendered(stats)
    assert stats.body_rows == 0 and stats.bars == 0 and stats.nodes == 0


# -- the real marts, built by dbt from the standard scenario lake ------------------------------------

@pytest.fixture(scope="module")
def dbt_warehouse(tmp_path_factory) -> Path:
    fixtures = REPO_ROOT / "tests" / "dbt" / "lake_fixtures.py"
    dbt = Path(sys.executable).with_name("dbt")
    if not fixtures.exists() or not dbt.exists():
        pytest.skip("tests/dbt/lake_fixtures.py or dbt is not available")
    sys.path.insert(0, str(fixtures.parent))
    try:
        from lake_fixtures import scenario_lake
    finally:
        sys.path.remove(str(fixtures.parent))
    tmp = tmp_path_factory.mktemp("dbt_report")
    scenario_lake(tmp / "lake")
    wh = tmp / "warehouse.duckdb"
    env = {**os.environ, "DO_NOT_TRACK": "1", "EVENTS_LAKE": str(tmp / "lake"), "EVENTS_WAREHOUSE": str(wh),
           "DBT_LOG_PATH": str(tmp / "dbt_logs"), "DBT_TARGET_PATH": str(tmp / "dbt_target")}
    proc = subprocess.run(
        [str(dbt), "build", "--project-dir", str(REPO_ROOT / "dbt_project"),
         "--profiles-dir", str(REPO_ROOT / "dbt_project"), "--target-path", str(tmp / "dbt_target")],
        capture_output=True, text=True, env=env, timeout=300, cwd=tmp,
    )
    if not wh.exists():
        pytest.skip(f"dbt build produced no warehouse: {proc.stdout[-1500:]}")
    with duckdb.connect(str(wh), read_only=True) as con:
        tables = {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
    if "fct_events" not in tables:
        pytest.skip(f"dbt build did not produce main.fct_events (rc={proc.returncode}): {proc.stdout[-1500:]}")
    return wh


def test_report_from_dbt_marts(dbt_warehouse, chromium, tmp_path):
    with duckdb.connect(str(dbt_warehouse), read_only=True) as con:
        n_events = con.execute("select count(*) from main.fct_events").fetchone()[0]
    assert n_events > 0
    out = write_report(dbt_warehouse, tmp_path / "report.html")
    stats = parse_dom(dump_dom(chromium, out, tmp_path))
    assert_rendered(stats)
    assert stats.body_rows == n_events
    assert stats.bars > 0 and stats.nodes >= 2 and stats.edges >= 1
