"""The extraction stage over the lake: what it skips, what it survives, and the log it keeps."""
from __future__ import annotations

from pipelines.article_loading import ingest_to_lake
from pipelines.extraction import Extractor
from pipelines.ingest.sources import FolderSource
from pipelines.mention_extraction import extract_pending, pending_keys
from pipelines.storage import Lake

FRENCH = ("Visite d'État à Séoul\nLe président français est arrivé à Séoul mardi pour une visite d'État de "
          "trois jours, la première depuis dix ans. Les deux dirigeants ont signé un accord de coopération.\n")
ENGLISH = ("Macron in Seoul\nFrench President Emmanuel Macron arrived in Seoul on Tuesday for a three-day state "
           "visit, the first by a French leader in a decade.\n")
LONG_NO_EVENTS = "A long essay\n" + " ".join(
    f"Paragraph {i} discusses weather, markets and football results in general terms." for i in range(1000)) + "\n"


def test_non_english_is_kept_but_not_extracted_and_a_long_article_without_events_is_fine(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "fr.txt").write_text(FRENCH)
    (landing / "en.txt").write_text(ENGLISH)
    (landing / "long.txt").write_text(LONG_NO_EVENTS)
    lake = Lake(tmp_path / "lake")
    source = FolderSource(name="t", kind="folder", path=str(landing), schedule="0 * * * *")
    assert ingest_to_lake(lake, source, batch_id="b1", run_id="r1").new == 3
    assert dict(lake.query("select article_id, language from {articles}")) == {"fr": "fr", "en": "en", "long": "en"}

    extractor = Extractor()
    assert {a for a, _ in pending_keys(lake, extractor.version)} == {"en", "long"}
    summary = extract_pending(lake, extractor, "x1", "r1")
    assert summary.articles_extracted == 2
    counts = dict(lake.query("select article_id, n_events from {extractions}"))
    assert counts["long"] == 0 and counts["en"] >= 1
    assert "fr" not in counts
    assert lake.query("select source, target from {event_mentions} where article_id = 'en'") == [("FRA", "KOR")]
    assert not pending_keys(lake, extractor.version)
