"""Relative dates count from the day the article was published where it was published:
the lake keeps that day (``published_local_date``) beside the UTC instant."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.article_loading import ingest_to_lake
from pipelines.extraction import Extractor
from pipelines.ingest.sources import FolderSource
from pipelines.mention_extraction import extract_pending, load_articles
from pipelines.storage import SCHEMA_FILE, SCHEMAS, Lake

VISIT = "Putin in Pyongyang\nRussian President Vladimir Putin arrived in Pyongyang yesterday for talks with Kim Jong Un.\n"


def _landing(tmp_path, pages: dict[str, str]):
    landing = tmp_path / "landing"
    landing.mkdir()
    for stem, published in pages.items():
        (landing / f"{stem}.txt").write_text(VISIT + f"Reported by our {stem} desk.\n")  # not reprints
        (landing / f"{stem}.meta.json").write_text(json.dumps({"published_at": published}))
    return FolderSource(name="t", kind="folder", path=str(landing), schedule="0 * * * *")


def test_yesterday_counts_from_the_publishers_own_day(tmp_path):
    # 07:00 in Seoul is still 18 June in UTC; 21:30 in New York is already 19 June in UTC
    source = _landing(tmp_path, {"seoul": "2024-06-19T07:00:00+09:00", "newyork": "2024-06-18T21:30:00-04:00"})
    lake = Lake(tmp_path / "lake")
    ingest_to_lake(lake, source, batch_id="b1", run_id="r1")
    stored = {a: (utc.astimezone(timezone.utc), local.isoformat()) for a, utc, local in
              lake.query("select article_id, published_at, published_local_date from {articles}")}
    assert stored == {"seoul": (datetime(2024, 6, 18, 22, 0, tzinfo=timezone.utc), "2024-06-19"),
                      "newyork": (datetime(2024, 6, 19, 1, 30, tzinfo=timezone.utc), "2024-06-18")}

    extract_pending(lake, Extractor(), "x1", "r1")
    dates = dict(lake.query("select article_id, date from {event_mentions} where event_type = 'visit'"))
    assert dates == {"seoul": "2024-06-18", "newyork": "2024-06-17"}


def test_a_lake_written_before_the_local_day_was_kept_still_loads(tmp_path):
    lake = Lake(tmp_path / "lake")
    old_schema = pa.schema([f for f in SCHEMAS["articles"] if f.name != "published_local_date"])
    folder = tmp_path / "lake" / "articles"
    folder.mkdir(parents=True)
    pq.write_table(old_schema.empty_table(), folder / SCHEMA_FILE)
    row = {"article_id": "old", "content_hash": "0" * 64, "title": "t", "text": VISIT,
           "published_at": datetime(2024, 6, 18, 22, 0, tzinfo=timezone.utc), "language": "en",
           "is_reprint": False, "word_count": 12, "ingested_at": datetime(2024, 6, 19, tzinfo=timezone.utc),
           "batch_id": "b0"}
    pq.write_table(pa.Table.from_pylist([row], schema=old_schema), folder / "b0.parquet")

    lake.ensure()  # an older schema file is rewritten with the new column
    assert "published_local_date" in pq.read_schema(folder / SCHEMA_FILE).names
    [article] = load_articles(lake, [("old", "0" * 64)])
    assert article["published_at"] == "2024-06-18T22:00:00+00:00"  # the UTC instant, as before
