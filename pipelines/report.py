"""``events report``: one self-contained HTML page built from the warehouse marts.

The page has no external resources (no CDN, no fonts, no network): the CSS and a small
vanilla-JS renderer are inline in ``report_template.html``, and the data goes into the
page as JSON in a ``<script type="application/json">`` block. The JS draws

* events per month by type (stacked bars, SVG),
* the network of which actors visit, sign treaties with and arm which (SVG, circular
  layout computed here in Python; edges coloured by event type, width by count),
* the latest events with their evidence and links to the reporting articles,
* a table of all events filterable by type, modality, state and free text.

Article text (titles, evidence, urls) is untrusted: it only ever reaches the page as
JSON (every ``<``, ``>``, ``&`` escaped as ``\\u003c`` etc., so no ``</script>`` can end
the block) and the JS inserts it with ``textContent``; links are only made for
http(s) urls. Each chart container gets ``data-rendered="true"`` once drawn.

Column names are read from the warehouse, so a mart that lacks an optional column (or
an optional mart such as ``dim_articles``/``dim_actors``) degrades the page instead of
failing it. Only ``fct_events`` is required.
"""
from __future__ import annotations

import html
import json
import math
import os
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import duckdb

TEMPLATE = Path(__file__).with_name("report_template.html")
DATA_PLACEHOLDER = "/*__REPORT_DATA__*/"

#: event types drawn as directed edges source -> target; others (treaties) link parties
EVENT_TYPE_COLOURS = {
    "visit": "#2f6fb0",
    "treaty_signing": "#2e9460",
    "arms_transfer": "#c8432b",
}
FALLBACK_COLOURS = ["#8a5ab8", "#d08a16", "#3a9fb0", "#b04f86", "#6b7a3a", "#7a7a7a"]
EVENT_TYPE_LABELS = {
    "visit": "Visit",
    "treaty_signing": "Treaty signing",
    "arms_transfer": "Arms transfer",
}
#: actors drawn in the network (the most connected ones)
MAX_NETWORK_NODES = 40
#: events shown under "latest events"
LATEST_EVENTS = 12


def write_report(warehouse: Path, out: Path) -> Path:
    """Write the HTML report for ``warehouse`` (opened read-only) to ``out``; return ``out``."""
    warehouse, out = Path(warehouse), Path(out)
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `events run` first")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        data = collect_report_data(con)
    data["meta"]["warehouse"] = warehouse.name
    page = render_html(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    return out


# -- data ------------------------------------------------------------------------------

def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'main' and table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}


def _select(con: duckdb.DuckDBPyConnection, table: str, wanted: dict[str, Iterable[str]],
            where: str = "", params: list | None = None) -> list[dict[str, Any]]:
    """Rows of ``table`` as dicts keyed like ``wanted``; each key takes the first of its
    candidate column names that exists (NULL when none does)."""
    cols = _columns(con, table)
    exprs = []
    for key, candidates in wanted.items():
        found = next((c for c in candidates if c in cols), None)
        exprs.append(f'"{found}" as "{key}"' if found else f'null as "{key}"')
    cur = con.execute(f'select {", ".join(exprs)} from main."{table}" {where}', params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _num(value: Any) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None]


def collect_report_data(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the page shows, as JSON-able dicts (no HTML)."""
    tables = {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main'"
    ).fetchall()}
    if "fct_events" not in tables:
        raise LookupError("the warehouse has no main.fct_events: run `events run` first")

    raw = _select(con, "fct_events", {
        "event_id": ["event_id"],
        "event_type": ["event_type"],
        "source": ["source", "source_code"],
        "target": ["target", "target_code"],
        "parties": ["parties"],
        "states": ["states"],
        "event_date": ["event_date", "date"],
        "date_precision": ["date_precision", "event_date_precision"],
        "date_label": ["date_label", "event_date_label"],
        "location": ["location"],
        "modality": ["modality"],
        "first_reported_at": ["first_reported_at"],
        "n_mentions": ["n_mentions"],
        "n_articles": ["n_articles"],
        "n_outlets": ["n_outlets"],
        "confidence": ["confidence"],
        "evidence": ["evidence"],
        "article_id": ["article_id", "canonical_article_id"],
    })

    actors = _actors(con, tables)
    articles = _articles(con, tables, {r["article_id"] for r in raw if r["article_id"]})

    events = []
    for r in raw:
        states = _str_list(r["states"])
        if not states:
            states = sorted(set(_str_list(r["parties"]) + _str_list(r["source"]) + _str_list(r["target"])))
        art = articles.get(r["article_id"]) or {}
        events.append({
            "id": r["event_id"],
            "type": r["event_type"],
            "source": r["source"],
            "target": r["target"],
            "parties": _str_list(r["parties"]),
            "states": states,
            "date": _iso(r["event_date"]),
            "precision": r["date_precision"],
            "label": r["date_label"] or _iso(r["event_date"]),
            "location": r["location"],
            "modality": r["modality"],
            "reported": _iso(r["first_reported_at"]),
            "n_mentions": _num(r["n_mentions"]),
            "n_articles": _num(r["n_articles"]),
            "n_outlets": _num(r["n_outlets"]),
            "confidence": _num(r["confidence"]),
            "evidence": r["evidence"],
            "article_id": r["article_id"],
            "url": art.get("url"),
            "title": art.get("title"),
            "outlet": art.get("outlet"),
        })
    # latest first: by event date, then by first report; undated events last
    events.sort(key=lambda e: (e["date"] or "", e["reported"] or "", e["id"] or ""), reverse=True)

    for code in {s for e in events for s in e["states"]} - actors.keys():
        actors[code] = {"code": code, "name": code, "kind": None, "region": None}

    latest = events[:LATEST_EVENTS]
    sources = _event_sources(con, tables, [e["id"] for e in latest])
    articles.update(_articles(con, tables, {s["article_id"] for lst in sources.values() for s in lst}
                              - articles.keys()))
    for lst in sources.values():
        for src in lst:
            a = articles.get(src["article_id"]) or {}
            src.update({k: a.get(k) for k in ("title", "url", "outlet", "published_at")})
        lst.sort(key=lambda s: (s["published_at"] or "9999", s["article_id"]))
    for e in latest:
        e["sources"] = sources.get(e["id"], [])

    types = _ordered(Counter(e["type"] for e in events if e["type"]), list(EVENT_TYPE_COLOURS))
    modalities = _ordered(Counter(e["modality"] for e in events if e["modality"]),
                          ["asserted", "alleged", "denied", "planned"])
    colours = dict(EVENT_TYPE_COLOURS)
    for i, t in enumerate(t for t in types if t not in colours):
        colours[t] = FALLBACK_COLOURS[i % len(FALLBACK_COLOURS)]

    dated = [e["date"] for e in events if e["date"]]
    return {
        "meta": {
            "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "n_events": len(events),
            "n_articles": _count(con, tables, "dim_articles")
                          if "dim_articles" in tables else len({e["article_id"] for e in events}),
            "n_outlets": _n_outlets(con, tables),
            "n_actors": len({s for e in events for s in e["states"]}),
            "first_date": min(dated) if dated else None,
            "last_date": max(dated) if dated else None,
        },
        "types": [{"key": t, "label": EVENT_TYPE_LABELS.get(t, t.replace("_", " ").capitalize()),
                   "colour": colours[t]} for t in types],
        "modalities": modalities,
        "actors": actors,
        "monthly": monthly_counts(events, types),
        "network": network(events, actors, types),
        "latest": [e["id"] for e in latest],
        "events": events,
    }


def _count(con, tables, table) -> int:
    return con.execute(f'select count(*) from main."{table}"').fetchone()[0]


def _n_outlets(con, tables) -> int | None:
    for table in ("dim_articles", "fct_event_mentions"):
        if table in tables and "outlet" in _columns(con, table):
            return con.execute(f'select count(distinct outlet) from main."{table}"').fetchone()[0]
    return None


def _ordered(counts: Counter, preferred: list[str]) -> list[str]:
    known = [k for k in preferred if k in counts]
    return known + sorted(k for k in counts if k not in preferred)


def _actors(con, tables) -> dict[str, dict[str, Any]]:
    if "dim_actors" not in tables:
        return {}
    rows = _select(con, "dim_actors", {
        "code": ["actor_code", "code"],
        "name": ["actor_name", "name"],
        "kind": ["actor_kind", "kind"],
        "region": ["region"],
    })
    return {r["code"]: {**r, "name": r["name"] or r["code"]} for r in rows if r["code"]}


def _articles(con, tables, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Title, url, outlet and publication time of the articles ``ids`` (dim_articles, else
    what the mentions mart knows)."""
    out: dict[str, dict[str, Any]] = {}
    ids = sorted(i for i in ids if i is not None)
    if not ids:
        return out
    where = "where article_id in (select unnest(?))"
    if "dim_articles" in tables and "article_id" in _columns(con, "dim_articles"):
        rows = _select(con, "dim_articles", {
            "article_id": ["article_id"], "title": ["title"], "url": ["url"],
            "outlet": ["outlet"], "published_at": ["published_at"],
        }, where, [ids])
        out = {r["article_id"]: r for r in rows}
    missing = [i for i in ids if i not in out]
    if missing and "fct_event_mentions" in tables and "article_id" in _columns(con, "fct_event_mentions"):
        rows = _select(con, "fct_event_mentions", {
            "article_id": ["article_id"], "outlet": ["outlet"], "published_at": ["published_at"],
        }, where, [missing])
        for r in rows:
            a = out.setdefault(r["article_id"], {"article_id": r["article_id"], "title": None, "url": None,
                                                 "outlet": None, "published_at": None})
            a["outlet"] = a["outlet"] or r["outlet"]
            a["published_at"] = a["published_at"] or r["published_at"]
    for a in out.values():
        a["published_at"] = _iso(a.get("published_at"))
    return out


def _event_sources(con, tables, event_ids: list[str]) -> dict[str, list[dict]]:
    """The articles reporting each of ``event_ids``."""
    if "fct_event_mentions" not in tables or not event_ids:
        return {}
    if not {"event_id", "article_id"} <= _columns(con, "fct_event_mentions"):
        return {}
    rows = con.execute(
        "select distinct event_id, article_id from main.fct_event_mentions "
        "where event_id in (select unnest(?)) and article_id is not null", [event_ids]
    ).fetchall()
    out: dict[str, list[dict]] = defaultdict(list)
    for event_id, article_id in rows:
        out[event_id].append({"article_id": article_id})
    return dict(out)


def monthly_counts(events: list[dict], types: list[str]) -> dict[str, Any]:
    """Events per calendar month and type, months contiguous from first to last. Only
    events dated to the day or month are placed; the others are counted apart."""
    per_month: dict[str, Counter] = defaultdict(Counter)
    excluded = Counter()
    for e in events:
        if e["date"] and (e["precision"] in ("day", "month") or e["precision"] is None):
            per_month[e["date"][:7]][e["type"]] += 1
        else:
            excluded["year" if e["date"] else "undated"] += 1
    months: list[str] = []
    if per_month:
        first, last = min(per_month), max(per_month)
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last:
            months.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return {
        "months": months,
        "series": {t: [per_month[mo][t] for mo in months] for t in types},
        "excluded_year_only": excluded["year"],
        "excluded_undated": excluded["undated"],
    }


def _pairs(e: dict) -> list[tuple[str, str, bool]]:
    """(from, to, directed) links of one event."""
    if e["source"] and e["target"]:
        return [(e["source"], e["target"], True)]
    parties = sorted(set(e["parties"] or e["states"]))
    return [(a, b, False) for i, a in enumerate(parties) for b in parties[i + 1:]]


def network(events: list[dict], actors: dict[str, dict], types: list[str]) -> dict[str, Any]:
    """Nodes on a circle (grouped by region) and edges aggregated by (from, to, type)."""
    edges: Counter = Counter()
    directed: dict[tuple, bool] = {}
    degree: Counter = Counter()
    for e in events:
        for a, b, is_directed in _pairs(e):
            if a == b:
                continue
            key = (a, b, e["type"])
            edges[key] += 1
            directed[key] = is_directed
            degree[a] += 1
            degree[b] += 1
    keep = {code for code, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NETWORK_NODES]}
    order = sorted(keep, key=lambda c: ((actors.get(c) or {}).get("region") or "~", c))
    n = len(order)
    size, radius = 640, 250
    nodes = []
    for i, code in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        actor = actors.get(code) or {}
        nodes.append({
            "code": code,
            "name": actor.get("name") or code,
            "region": actor.get("region"),
            "kind": actor.get("kind"),
            "x": round(size / 2 + radius * math.cos(angle), 1) if n > 1 else size / 2,
            "y": round(size / 2 + radius * math.sin(angle), 1) if n > 1 else size / 2,
            "angle": round(angle, 4),
            "degree": degree[code],
        })
    return {
        "size": size,
        "nodes": nodes,
        "edges": [
            {"from": a, "to": b, "type": t, "count": c, "directed": directed[(a, b, t)]}
            for (a, b, t), c in sorted(edges.items(), key=lambda kv: (kv[0][2] or "", kv[0][0], kv[0][1]))
            if a in keep and b in keep
        ],
        "hidden_actors": max(0, len(degree) - n),
    }


# -- page ------------------------------------------------------------------------------

def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>`` and
    ``&`` become ``\\u003c``/``\\u003e``/``\\u0026`` (so neither ``</script>`` nor
    ``<!--`` can appear), as do U+2028/U+2029. ``JSON.parse`` restores them exactly."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def render_html(data: dict[str, Any]) -> str:
    template = TEMPLATE.read_text(encoding="utf-8")
    meta = data["meta"]
    page = template.replace("{{title}}", html.escape(f"Event report - {meta.get('warehouse') or 'warehouse'}"))
    page = page.replace("{{generated_at}}", html.escape(str(meta["generated_at"])))
    head, sep, tail = page.partition(DATA_PLACEHOLDER)
    if not sep:
        raise RuntimeError(f"{TEMPLATE} lacks the data placeholder {DATA_PLACEHOLDER}")
    return head + json_for_script(data) + tail


def main(argv: list[str] | None = None) -> None:
    """``python -m pipelines.report WAREHOUSE [-o report.html]``"""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("-o", "--out", type=Path, default=Path("report.html"))
    args = parser.parse_args(argv)
    print(write_report(args.warehouse, args.out))


if __name__ == "__main__":
    main()
