"""Undated events: the lede's event is the news of the day; background mentions stay undated."""
from __future__ import annotations

from pipelines.extraction.extractor import LEDE_CHARS

FILLER = ("Officials from both governments described the atmosphere as warm and businesslike. " * 8)


def test_lede_event_gets_the_publication_month_background_stays_null(extractor):
    text = ("Modi in Paris\nIndian Prime Minister Narendra Modi arrived in Paris for talks with "
            "President Emmanuel Macron.\n" + FILLER + "\nThe visit follows Chinese President Xi Jinping's "
            "trip to Moscow, where he was received by Vladimir Putin at the Kremlin.\n")
    assert text.index("The visit follows") > LEDE_CHARS
    events = extractor.extract({"article_id": "a", "title": None, "text": text,
                                "published_at": "2023-07-14T09:00:00+00:00"})
    dates = {(e["source"], e["target"]): e["date"] for e in events if e["event_type"] == "visit"}
    assert dates.get(("IND", "FRA")) == "2023-07"
    assert ("CHN", "RUS") in dates and dates[("CHN", "RUS")] is None, dates


def test_without_a_publication_date_nothing_is_guessed(extractor):
    text = "Modi in Paris\nIndian Prime Minister Narendra Modi arrived in Paris for talks with President Macron.\n"
    events = extractor.extract({"article_id": "a", "title": None, "text": text, "published_at": None})
    assert events and all(e["date"] is None for e in events)
