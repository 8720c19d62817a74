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


def test_a_signing_right_after_the_news_visit_takes_its_date_a_background_one_does_not(extractor):
    news = ("Lula in Hanoi\nBrazilian President Luiz Inacio Lula da Silva arrived in Hanoi on Monday for a "
            "two-day state visit. After talks at the presidential palace, the two leaders signed a joint "
            "statement on a comprehensive partnership.\n")
    events = extractor.extract({"article_id": "a", "title": None, "text": news,
                                "published_at": "2026-03-11T09:00:00+07:00"})
    signing = [e for e in events if e["event_type"] == "treaty_signing"]
    assert [(sorted(e["parties"]), e["date"]) for e in signing] == [(["BRA", "VNM"], "2026-03-09")], events
    background = ("Trade with Vietnam\n" + FILLER + "\nLula visited Hanoi in March 2023. After talks at the "
                  "presidential palace, the two leaders signed a joint statement on a comprehensive partnership.\n")
    events = extractor.extract({"article_id": "b", "title": None, "text": background,
                                "published_at": "2026-03-11T09:00:00+07:00"})
    dates = {e["event_type"]: e["date"] for e in events}
    assert dates.get("visit") == "2023-03" and "treaty_signing" in dates, events
    assert dates["treaty_signing"] != "2023-03", events


def test_a_signing_during_the_trip_takes_the_date_of_the_trip_named_before(extractor):
    text = ("Trade with Vietnam\n" + FILLER + "\nLula visited Hanoi in March 2023. Brazilian media reported that "
            "the two sides signed a memorandum on rice exports during the trip.\n")
    events = extractor.extract({"article_id": "c", "title": None, "text": text,
                                "published_at": "2026-03-11T09:00:00+07:00"})
    signing = [e for e in events if e["event_type"] == "treaty_signing"]
    assert [(sorted(e["parties"]), e["date"]) for e in signing] == [(["BRA", "VNM"], "2023-03")], events


def test_a_transfer_told_over_a_span_stays_undated_even_in_the_lede(extractor):
    def dated(text):
        events = extractor.extract({"article_id": "a", "title": None, "text": text,
                                    "published_at": "2024-01-10T09:00:00+00:00"})
        return sorted((e["source"], e["target"], e["date"] or "") for e in events)
    assert dated("Moscow supplied Hanoi with arms for decades.") == [("RUS", "VNM", "")]
    assert dated("Iran shipped Syria drones throughout the war.") == [("IRN", "SYR", "")]
    assert dated("North Korea has shipped shells to Russia since August.") == [("PRK", "RUS", "")]
    # the span is the flow's, not the dated delivery's beside it
    assert dated("Russia has supplied arms to Vietnam for decades and delivered six submarines in 2016.") == [
        ("RUS", "VNM", ""), ("RUS", "VNM", "2016")]
    # a visit's stay is no span
    assert dated("Mao Zedong arrived in Moscow in December 1949 for two months of talks with Stalin.") == [
        ("CHN", "SUN", "1949-12")]
    # with no span, the news of the lede keeps its month
    assert dated("Russia delivered tanks to Vietnam.") == [("RUS", "VNM", "2024-01")]


def test_that_july_and_a_decade_take_the_story_s_time_not_the_publication(extractor):
    def dated(text):
        events = extractor.extract({"article_id": "a", "title": None, "text": text,
                                    "published_at": "2024-03-01T09:00:00+00:00"})
        return sorted((e["source"], e["target"], e["date"] or "") for e in events)
    # "that July" after "in 2015": July 2015
    assert dated("Egypt ordered 24 Rafale jets from France in 2015. The first of them landed at Cairo West air "
                 "base that July, according to Egyptian state media.") == [("FRA", "EGY", "2015-07")]
    # a decade is a span: no date, even in the lede
    assert dated("Moscow delivered MiG-29 fighters to Pyongyang in the late 1980s.") == [("RUS", "PRK", "")]
