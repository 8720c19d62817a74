"""Build small synthetic Parquet lakes that follow docs/architecture.md exactly.

Reusable by any test that needs a lake (dbt, CLI, Dagster): the schemas below are the
lake contract written as pyarrow schemas, and the helpers compute offsets and keys the
way the contract says (evidence offsets index the article text; mention_id is
md5(article_id, extractor_version, event_type, states, date)).

    from lake_fixtures import Lake, scenario_lake   # tests/dbt is on sys.path under pytest
    lake = scenario_lake(tmp_path / "lake")          # the standard scenario
    # or build your own:
    lake = Lake(tmp_path / "lake")
    art = lake.article("a1", ["Putin visited Pyongyang on 19 June 2024."], outlet="AP",
                       published_at="2024-06-20T08:00:00Z")
    lake.mention(art, "visit", source="RUS", target="PRK", date="2024-06-19", sentence=0)
    lake.write()                                       # one batch file per dataset
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

# The lake contract's schemas, from the one place that declares them.
from pipelines.storage import DBT_SOURCES as DATASETS  # noqa: E402  (what dbt reads)
from pipelines.storage import SCHEMAS as LAKE_SCHEMAS  # noqa: E402
SCHEMAS = {dataset: LAKE_SCHEMAS[dataset] for dataset in DATASETS}
ACTORS_SCHEMA = SCHEMAS["actors"]

DEFAULT_ACTORS = [
    ("RUS", "Russia", "state", "Europe"),
    ("PRK", "North Korea", "state", "East Asia"),
    ("KOR", "South Korea", "state", "East Asia"),
    ("CHN", "China", "state", "East Asia"),
    ("USA", "United States", "state", "North America"),
    ("UKR", "Ukraine", "state", "Europe"),
    ("JPN", "Japan", "state", "East Asia"),
    ("IRN", "Iran", "state", "Middle East"),
    ("SUN", "Soviet Union", "historical_state", "Europe"),
    ("UN", "United Nations", "organisation", None),
    ("NATO", "North Atlantic Treaty Organization", "organisation", None),
]


def ts(value: str | datetime | None) -> datetime | None:
    """ISO string (Z or offset) or datetime -> aware UTC datetime."""
    if value is None or isinstance(value, datetime):
        return value.astimezone(timezone.utc) if isinstance(value, datetime) else None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def md5(*parts: Any) -> str:
    return hashlib.md5("|".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()


def precision_of(date: str | None) -> str | None:
    return {4: "year", 7: "month", 10: "day"}.get(len(date)) if date else None


@dataclass
class Lake:
    """Rows for every dataset, written as batch files by :meth:`write`."""

    root: Path
    articles: list[dict] = field(default_factory=list)
    event_mentions: list[dict] = field(default_factory=list)
    extractions: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    actors: list[dict] = field(default_factory=lambda: [
        dict(zip(ACTORS_SCHEMA.names, row)) for row in DEFAULT_ACTORS
    ])
    batch_id: str = "batch-0001"

    def __post_init__(self) -> None:
        self.root = Path(self.root)

    # -- rows ---------------------------------------------------------------------------
    def article(
        self,
        article_id: str,
        sentences: list[str],
        *,
        outlet: str | None = "Example News",
        published_at: str | None = "2024-06-20T08:00:00Z",
        title: str | None = None,
        ingested_at: str = "2025-01-01T00:00:00Z",
        is_reprint: bool = False,
        language: str = "en",
    ) -> dict:
        """Add an article whose text is the sentences joined by one space."""
        text = " ".join(sentences)
        row = {
            "article_id": article_id,
            "content_hash": sha256(text),
            "title": title if title is not None else sentences[0][:60],
            "text": text,
            "url": f"https://example.org/{article_id}",
            "outlet": outlet,
            "published_at": ts(published_at),
            "language": language,
            "source_name": "synthetic",
            "source_uri": f"synthetic://{article_id}",
            "source_format": "txt",
            "is_reprint": is_reprint,
            "word_count": len(text.split()),
            "ingested_at": ts(ingested_at),
            "batch_id": self.batch_id,
        }
        row["_sentences"] = sentences  # kept for mention(); dropped when written
        self.articles.append(row)
        return row

    def mention(
        self,
        article: dict,
        event_type: str,
        *,
        source: str | None = None,
        target: str | None = None,
        parties: list[str] | None = None,
        date: str | None = None,
        sentence: int = 0,
        modality: str = "asserted",
        location: str | None = None,
        confidence: float = 0.9,
        extractor_version: str = "1.0.0",
        extracted_at: str = "2025-01-02T00:00:00Z",
        items: str | None = None,
        quantity: str | None = None,
        persons: list[str] | None = None,
    ) -> dict:
        """Add a mention whose evidence is the article's sentence number `sentence`."""
        text, sentences = article["text"], article["_sentences"]
        evidence = sentences[sentence]
        start = len(" ".join(sentences[:sentence])) + (1 if sentence else 0)
        assert text[start:start + len(evidence)] == evidence
        parties = sorted(parties) if parties else None
        states = "+".join(parties) if parties else f"{source}>{target}"
        row = {
            "mention_id": md5(article["article_id"], extractor_version, event_type, states, date),
            "article_id": article["article_id"],
            "content_hash": article["content_hash"],
            "event_type": event_type,
            "source": source,
            "target": target,
            "parties": parties,
            "date": date,
            "date_precision": precision_of(date),
            "location": location,
            "persons": persons or [],
            "modality": modality,
            "items": items,
            "quantity": quantity,
            "evidence": evidence,
            "evidence_start": start,
            "evidence_end": start + len(evidence),
            "sentences": [{"text": evidence, "start": start, "end": start + len(evidence)}],
            "confidence": confidence,
            "extractor_version": extractor_version,
            "extracted_at": ts(extracted_at),
            "batch_id": self.batch_id,
        }
        self.event_mentions.append(row)
        return row

    def extraction(
        self,
        article: dict,
        *,
        extractor_version: str = "1.0.0",
        extracted_at: str = "2025-01-02T00:00:00Z",
    ) -> dict:
        """Record that `article` was extracted (n_events counted from its mentions)."""
        n = sum(
            1 for m in self.event_mentions
            if m["article_id"] == article["article_id"]
            and m["extractor_version"] == extractor_version
            and m["content_hash"] == article["content_hash"]
        )
        row = {
            "article_id": article["article_id"],
            "content_hash": article["content_hash"],
            "extractor_version": extractor_version,
            "n_events": n,
            "extracted_at": ts(extracted_at),
            "batch_id": self.batch_id,
        }
        self.extractions.append(row)
        return row

    def quarantined(self, asset: str, check_name: str, reason: str, record: dict,
                    *, quarantined_at: str = "2025-01-01T00:00:00Z") -> dict:
        payload = json.dumps(record, sort_keys=True, default=str)
        record_key = str(record.get("article_id") or record.get("id") or md5(payload))
        row = {
            "quarantine_id": md5(asset, check_name, record_key, payload),
            "asset": asset,
            "check_name": check_name,
            "reason": reason,
            "record_key": record_key,
            "payload": payload,
            "run_id": "run-synthetic",
            "quarantined_at": ts(quarantined_at),
        }
        self.quarantine.append(row)
        return row

    # -- files --------------------------------------------------------------------------
    def write(self, batch_id: str | None = None) -> dict[str, Path]:
        """Write every dataset's rows as ONE batch file each (zero-row files included),
        then clear the rows so the next write is the next batch. Returns the files."""
        batch_id = batch_id or self.batch_id
        written = {}
        for dataset, schema in SCHEMAS.items():
            rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in getattr(self, dataset)]
            name = "actors" if dataset == "actors" else batch_id
            written[dataset] = write_batch(self.root, dataset, rows, name=name)
        self.articles, self.event_mentions, self.extractions, self.quarantine = [], [], [], []
        self.batch_id = _next_batch(batch_id)
        return written


def write_batch(root: Path, dataset: str, rows: list[dict], *, name: str) -> Path:
    """Write rows as <root>/<dataset>/<name>.parquet (temp name, then rename)."""
    folder = Path(root) / dataset
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=SCHEMAS[dataset])
    path = folder / f"{name}.parquet"
    tmp = folder / f".{name}.parquet.tmp"
    pq.write_table(table, tmp)
    tmp.replace(path)
    return path


def _next_batch(batch_id: str) -> str:
    head, _, number = batch_id.rpartition("-")
    return f"{head}-{int(number) + 1:04d}" if number.isdigit() else f"{batch_id}-next"


# -- the standard scenario ----------------------------------------------------------------

def scenario_lake(root: Path) -> Lake:
    """A small lake exercising every rule of the warehouse; returns the Lake (written).

    Expected canonical events (see tests/dbt/test_warehouse.py):
      * visit RUS>PRK 2024-06-19: reported by Reuters AND Yonhap (2 articles, 2 outlets),
        plus an undated mention in a KCNA piece published 2024-07-05 that joins it;
      * visit RUS>PRK 2025-06-17: the same pair a year later -> a separate event;
      * treaty_signing PRK+RUS 2024-06-19, also referred to as "in 2024" (year-only) by
        TASS -> one event;
      * treaty_signing CHN+PRK+RUS 2023-09 -> 3 participant rows;
      * arms_transfer PRK>RUS 2023-10, alleged by two outlets;
      * visit KOR>USA 2024-04-26 (a pair with a single report);
      * article a8 has no events; article a1 was re-extracted with a newer extractor
        (its old mentions must disappear); the articles batch is written twice (replay).
    """
    lake = Lake(root)
    a1 = lake.article("a1", [
        "Russian President Vladimir Putin arrived in Pyongyang on 19 June 2024 for a state visit.",
        "The two leaders signed a comprehensive strategic partnership treaty on 19 June 2024.",
        "Analysts said the visit deepened ties.",
    ], outlet="Reuters", published_at="2024-06-20T06:00:00Z", title="Putin in Pyongyang")
    # old extractor run: replaced by 2.0.0 below
    lake.mention(a1, "visit", source="RUS", target="PRK", date="2024-06", sentence=0,
                 extractor_version="1.0.0", extracted_at="2024-06-21T00:00:00Z")
    lake.extraction(a1, extractor_version="1.0.0", extracted_at="2024-06-21T00:00:00Z")
    lake.mention(a1, "visit", source="RUS", target="PRK", date="2024-06-19", sentence=0,
                 location="Pyongyang", persons=["Vladimir Putin"],
                 extractor_version="2.0.0", extracted_at="2025-01-05T00:00:00Z", confidence=0.9)
    lake.mention(a1, "treaty_signing", parties=["RUS", "PRK"], date="2024-06-19", sentence=1,
                 extractor_version="2.0.0", extracted_at="2025-01-05T00:00:00Z", confidence=0.8)
    lake.extraction(a1, extractor_version="2.0.0", extracted_at="2025-01-05T00:00:00Z")

    a2 = lake.article("a2", [
        "Kim Jong Un welcomed Putin at Pyongyang airport on 19 June 2024.",
    ], outlet="Yonhap", published_at="2024-06-19T23:00:00Z")
    lake.mention(a2, "visit", source="RUS", target="PRK", date="2024-06-19",
                 location="Pyongyang", confidence=0.8)
    lake.extraction(a2)

    a3 = lake.article("a3", [
        "Putin returned to Pyongyang on 17 June 2025, a year after his last trip.",
    ], outlet="Yonhap", published_at="2025-06-18T09:00:00Z")
    lake.mention(a3, "visit", source="RUS", target="PRK", date="2025-06-17", confidence=0.85)
    lake.extraction(a3)

    a4 = lake.article("a4", [
        "State media praised Putin's visit to Pyongyang as historic.",
    ], outlet="KCNA", published_at="2024-07-05T03:00:00Z")
    lake.mention(a4, "visit", source="RUS", target="PRK", date=None, confidence=0.6)
    lake.extraction(a4)

    a5 = lake.article("a5", [
        "The treaty Russia and North Korea signed in 2024 includes a mutual defence clause.",
    ], outlet="TASS", published_at="2024-12-01T10:00:00Z")
    lake.mention(a5, "treaty_signing", parties=["PRK", "RUS"], date="2024", confidence=0.7)
    lake.extraction(a5)

    a6 = lake.article("a6", [
        "China, Russia and North Korea signed a trilateral accord in September 2023.",
        "North Korea reportedly shipped artillery shells to Russia in October 2023.",
    ], outlet="AP", published_at="2023-11-02T12:00:00Z")
    lake.mention(a6, "treaty_signing", parties=["CHN", "RUS", "PRK"], date="2023-09", sentence=0)
    lake.mention(a6, "arms_transfer", source="PRK", target="RUS", date="2023-10", sentence=1,
                 modality="alleged", items="artillery shells", confidence=0.75)
    lake.extraction(a6)

    a7 = lake.article("a7", [
        "US intelligence says Pyongyang sent shells to Moscow in October 2023.",
        "South Korean President Yoon Suk Yeol visited Washington on 26 April 2024.",
    ], outlet="BBC", published_at="2024-05-01T12:00:00Z")
    lake.mention(a7, "arms_transfer", source="PRK", target="RUS", date="2023-10", sentence=0,
                 modality="alleged", confidence=0.7)
    lake.mention(a7, "visit", source="KOR", target="USA", date="2024-04-26", sentence=1,
                 location="Washington", confidence=0.9)
    lake.extraction(a7)

    a8 = lake.article("a8", [
        "Markets were calm on Tuesday as investors awaited data.",
    ], outlet="Reuters", published_at="2024-06-25T12:00:00Z")
    lake.extraction(a8)

    lake.quarantined("news/articles", "not_empty", "article text is empty",
                     {"article_id": "bad1", "text": ""})
    lake.quarantined("extraction/event_mentions", "known_actor", "unknown actor code XYZ",
                     {"article_id": "a2", "source": "XYZ"})

    articles_again = [dict(r) for r in lake.articles]
    lake.write("batch-0001")
    # replay of the articles batch under another file name: must not duplicate anything
    write_batch(root, "articles",
                [{k: v for k, v in r.items() if not k.startswith("_")} for r in articles_again],
                name="batch-0001-replay")
    return lake
