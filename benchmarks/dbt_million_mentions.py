"""Time `dbt build` of the warehouse on 1,000,000 synthetic event mentions.

    .venv/bin/python benchmarks/dbt_million_mentions.py [--mentions 1000000] [--keep DIR]

Writes a synthetic lake that follows docs/architecture.md (the pyarrow schemas of
tests/dbt/lake_fixtures.py): articles of four sentences, each mention's evidence one of
its article's sentences at the right offsets, ~25% of canonical events reported by
several articles, dates at day / month / year precision or undated. Then runs
`dbt build` (models + all data tests + unit tests) into a fresh DuckDB file and prints
the wall time and the row count of every mart. A second build (incremental, nothing
new) is timed too.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    # the lake contract's schemas and the dbt runner live with the dbt tests
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "tests" / "dbt" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


lake_fixtures = _load("lake_fixtures")
dbt_runner = _load("dbt_runner")

STATES = ["RUS", "PRK", "KOR", "CHN", "USA", "UKR", "JPN", "IRN", "IND", "TUR", "DEU", "FRA",
          "GBR", "ISR", "SYR", "BLR", "KAZ", "VNM", "MNG", "PAK"]
TYPES = np.array(["visit", "treaty_signing", "arms_transfer"])
NAMES = {"RUS": "Russia", "PRK": "North Korea", "KOR": "South Korea", "CHN": "China"}
OUTLETS = np.array([f"Outlet {i:02d}" for i in range(40)])
MODALITIES = np.array(["asserted", "alleged", "denied", "planned"])
UTC = timezone.utc


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def build_lake(root: Path, n_mentions: int, seed: int = 7) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    per_article = 4
    n_articles = n_mentions // per_article
    n_events = int(n_mentions * 0.6)

    # canonical happenings: type, two or three states, a day
    ev_type = rng.integers(0, 3, n_events)
    ev_a = rng.integers(0, len(STATES), n_events)
    ev_b = (ev_a + rng.integers(1, len(STATES), n_events)) % len(STATES)
    ev_c = (ev_b + rng.integers(1, len(STATES) - 1, n_events)) % len(STATES)
    ev_c = np.where(ev_c == ev_a, (ev_c + 1) % len(STATES), ev_c)
    ev_c = np.where(ev_c == ev_b, (ev_c + 1) % len(STATES), ev_c)
    ev_c = np.where((ev_type == 1) & (rng.random(n_events) < 0.3), ev_c, -1)  # 30% of treaties trilateral
    epoch = date(2015, 1, 1)
    ev_day = rng.integers(0, 3900, n_events)

    # each mention reports an event; skewed so popular events get many reports
    m_event = np.minimum((rng.pareto(1.2, n_mentions) * n_events / 50).astype(np.int64), n_events - 1)
    m_event = np.where(rng.random(n_mentions) < 0.5, rng.integers(0, n_events, n_mentions), m_event)
    precision = rng.choice(4, n_mentions, p=[0.7, 0.15, 0.1, 0.05])  # day, month, year, undated

    published = np.zeros(n_articles, dtype=np.int64)
    # an article is published 0-20 days after the first event it reports
    first_of_article = ev_day[m_event[::per_article]]
    published[: len(first_of_article)] = first_of_article + rng.integers(0, 20, len(first_of_article))
    outlet = OUTLETS[rng.integers(0, len(OUTLETS), n_articles)]

    articles, mentions, extractions = [], [], []
    ingested = datetime(2025, 6, 1, tzinfo=UTC)
    extracted = datetime(2025, 6, 2, tzinfo=UTC)
    for art in range(n_articles):
        idx = range(art * per_article, min((art + 1) * per_article, n_mentions))
        sentences = []
        rows = []
        for m in idx:
            e = m_event[m]
            t = TYPES[ev_type[e]]
            a, b = STATES[ev_a[e]], STATES[ev_b[e]]
            d = epoch + timedelta(days=int(ev_day[e]))
            p = precision[m]
            label = [d.isoformat(), d.isoformat()[:7], d.isoformat()[:4], None][p]
            sentence = f"Report {m}: {t.replace('_', ' ')} involving {a} and {b} ({label or 'undated'})."
            if t == "treaty_signing":
                parties = sorted({a, b} | ({STATES[ev_c[e]]} if ev_c[e] >= 0 else set()))
                source = target = None
                states = "+".join(parties)
            else:
                parties, source, target, states = None, a, b, f"{a}>{b}"
            start = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            rows.append((m, t, source, target, parties, label, sentence, start, states))
        text = " ".join(sentences)
        article_id = f"art{art:07d}"
        content_hash = hashlib.sha256(text.encode()).hexdigest()
        pub = datetime.combine(epoch + timedelta(days=int(published[art])), datetime.min.time(), UTC)
        articles.append({
            "article_id": article_id, "content_hash": content_hash, "title": sentences[0][:60],
            "text": text, "url": f"https://example.org/{article_id}", "outlet": str(outlet[art]),
            "published_at": pub, "language": "en", "source_name": "benchmark",
            "source_uri": f"synthetic://{article_id}", "source_format": "jsonl",
            "is_reprint": False, "word_count": len(text.split()), "ingested_at": ingested,
            "batch_id": "",
        })
        seen = set()
        for m, t, source, target, parties, label, sentence, start, states in rows:
            mention_id = md5(f"{article_id}|1.0.0|{t}|{states}|{label}")
            if mention_id in seen:  # the same event twice in one article is one mention
                continue
            seen.add(mention_id)
            mentions.append({
                "mention_id": mention_id, "article_id": article_id, "content_hash": content_hash,
                "event_type": t, "source": source, "target": target, "parties": parties,
                "date": label, "date_precision": lake_fixtures.precision_of(label),
                "location": None, "persons": [], "modality": str(MODALITIES[m % 7 % 4 if m % 5 == 0 else 0]),
                "items": None, "quantity": None, "evidence": sentence,
                "evidence_start": start, "evidence_end": start + len(sentence),
                "sentences": [{"text": sentence, "start": start, "end": start + len(sentence)}],
                "confidence": float(0.3 + 0.7 * ((m * 2654435761) % 1000) / 1000),
                "extractor_version": "1.0.0", "extracted_at": extracted, "batch_id": "",
            })
        extractions.append({
            "article_id": article_id, "content_hash": content_hash, "extractor_version": "1.0.0",
            "n_events": len(seen), "extracted_at": extracted, "batch_id": "",
        })

    def write(dataset: str, rows: list[dict], n_files: int) -> None:
        chunk = max(1, -(-len(rows) // n_files))
        for i in range(n_files):
            part = rows[i * chunk:(i + 1) * chunk]
            for r in part:
                if "batch_id" in r:
                    r["batch_id"] = f"bench-{i:03d}"
            lake_fixtures.write_batch(root, dataset, part, name=f"bench-{i:03d}")

    write("articles", articles, 10)
    write("event_mentions", mentions, 10)
    write("extractions", extractions, 10)
    write("quarantine", [], 1)
    actors = [{"actor_code": s, "actor_name": NAMES.get(s, s), "actor_kind": "state", "region": None}
              for s in STATES]
    lake_fixtures.write_batch(root, "actors", actors, name="actors")
    return {"articles": len(articles), "event_mentions": len(mentions)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="dbt-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    lake, warehouse = root / "lake", root / "warehouse.duckdb"
    try:
        t0 = time.perf_counter()
        sizes = build_lake(lake, args.mentions)
        print(f"lake: {sizes['event_mentions']:,} mentions, {sizes['articles']:,} articles "
              f"written in {time.perf_counter() - t0:.1f} s")

        for label, cmd in (("dbt build (cold, full)", ["build"]),
                           ("dbt build (second, incremental)", ["build"])):
            t0 = time.perf_counter()
            dbt_runner.run_dbt(cmd, lake=lake, warehouse=warehouse, work_dir=root / "dbt")
            print(f"{label}: {time.perf_counter() - t0:.1f} s")

        with duckdb.connect(str(warehouse), read_only=True) as con:
            for table in ("fct_events", "fct_event_mentions", "fct_event_participants",
                          "dim_articles", "dim_actors", "fct_dyad_months", "fct_actor_months"):
                n = con.execute(f"select count(*) from main.{table}").fetchone()[0]
                print(f"  {table:24s} {n:>10,} rows")
        print(f"warehouse file: {warehouse.stat().st_size / 1e6:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
