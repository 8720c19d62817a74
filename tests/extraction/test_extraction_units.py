"""Unit tests: actors, dates, modality, negation, merging, offsets, the rule loader."""
import json

import pytest

from pipelines.extraction import EVENT_FIELDS, Extractor
from pipelines.extraction.actors import MentionIndex
from pipelines.extraction.dates import resolve
from pipelines.extraction.gazetteer import actors_table
from pipelines.extraction.rules import RuleError, load_rules, parse_rule
from schemas.vocabulary import ACTOR_KINDS, DATE_PRECISIONS, EVENT_TYPES, MODALITIES


# ----------------------------------------------------------------- actors
@pytest.mark.parametrize("text,code", [
    ("the DPRK", "PRK"), ("the Russian Federation", "RUS"), ("the Republic of Korea", "KOR"),
    ("Russian", "RUS"), ("North Korean", "PRK"), ("Soviet", "SUN"), ("Sino", "CHN"),
    ("Pyongyang", "PRK"), ("Moscow", "RUS"), ("the Kremlin", "RUS"), ("Washington", "USA"),
    ("the White House", "USA"), ("Seoul", "KOR"), ("Beijing", "CHN"),
    ("Putin", "RUS"), ("Kim Jong Un", "PRK"), ("Kim Jong-un", "PRK"), ("Shoigu", "RUS"), ("Lavrov", "RUS"),
    ("Burkina Faso", "BFA"), ("Ethiopians", "ETH"), ("NATO", "NATO"),
])
def test_actor_aliases(extractor, text, code):
    doc = extractor.nlp.make_doc(f"We read about {text} today.")
    assert code in [m.code for m in extractor.actor_matcher.find(doc)]


def test_short_name_needs_full_name_in_article(extractor):
    doc = extractor.nlp.make_doc("Kim said so.")
    assert extractor.actor_matcher.find(doc) == []
    assert [m.code for m in extractor.actor_matcher.find(doc, {"Kim Jong Un"})] == ["PRK"]


def test_titles_resolve_through_the_parse(extractor, extract):
    events = extract("The North Korean leader visited Moscow on Tuesday.")
    assert [(e["source"], e["target"]) for e in events] == [("PRK", "RUS")]
    events = extract("Russia's defence minister arrived in Pyongyang.")
    assert [(e["source"], e["target"], e["location"]) for e in events] == [("RUS", "PRK", "Pyongyang")]


def test_roles_come_from_the_parse_not_word_order(extract):
    events = extract("By supplying Russia with ammunition, North Korea has become a supply base.")
    assert [(e["source"], e["target"]) for e in events] == [("PRK", "RUS")]


def test_actors_table_covers_every_code(extractor):
    df = actors_table()
    assert list(df.columns) == ["actor_code", "actor_name", "actor_kind", "region"]
    assert df.actor_code.is_unique and set(df.actor_kind) <= set(ACTOR_KINDS)
    from pipelines.extraction.gazetteer import aliases
    assert {a.code for a in aliases()} <= set(df.actor_code)
    assert {"SUN", "UN", "NATO", "EU", "PRK", "RUS"} <= set(df.actor_code)


# ----------------------------------------------------------------- dates
@pytest.mark.parametrize("expr,published,expected", [
    ("June 2024", None, ("2024-06", "month")),
    ("19 June 2024", None, ("2024-06-19", "day")),
    ("December 7, 2018", None, ("2018-12-07", "day")),
    ("1961", None, ("1961", "year")),
    ("Tuesday", None, (None, None)),
    ("Tuesday", "2024-06-20", ("2024-06-18", "day")),
    ("last month", "2024-06-20", ("2024-05", "month")),
    ("in July", "2024-09-01", ("2024-07", "month")),
    ("five years", "2024-06-20", (None, None)),
    ("since 2011", None, (None, None)),
])
def test_resolve_dates(expr, published, expected):
    assert resolve(expr, published) == expected


def test_dates_in_context(extract):
    assert extract("The pact recalls the 1961 Sino-Soviet treaty.")[0]["date"] == "1961"
    caption = extract("Meeting between Vladimir Putin and Kim Jong Un in Vladivostok, 2019.")
    assert [(e["source"], e["target"], e["date"], e["date_precision"]) for e in caption] == [("PRK", "RUS", "2019", "year")]
    rel = extract("Putin arrived in Pyongyang on Tuesday.", published_at="2024-06-20T08:00:00Z")
    assert rel[0]["date"] == "2024-06-18" and rel[0]["date_precision"] == "day"
    assert extract("Putin arrived in Pyongyang on Tuesday.")[0]["date"] is None  # never today


# ----------------------------------------------------------------- modality and negation
@pytest.mark.parametrize("text,modality", [
    ("Putin visited Pyongyang.", "asserted"),
    ("Putin will visit Pyongyang.", "planned"),
    ("Putin plans to visit Pyongyang.", "planned"),
    ("North Korea has reportedly shipped missiles to Russia.", "alleged"),
    ("The United States accused North Korea of supplying weapons to Russia.", "alleged"),
])
def test_modality(extract, text, modality):
    events = extract(text)
    assert events and events[0]["modality"] == modality


@pytest.mark.parametrize("text", [
    "Putin did not visit Pyongyang.",
    "No agreements were signed between Russia and Japan.",
    "Germany refused to send weapons to Ukraine.",
    "Russian tourists visited Pyongyang.",
    "Boeing sold airliners to China.",
    "The Russian parliament ratified the treaty with North Korea.",
    "Top of page",
])
def test_not_events(extract, text):
    assert extract(text) == []


# ----------------------------------------------------------------- merge and offsets
TEXT = ("Close this search box.\n"
        "Putin arrived in Pyongyang for talks with Kim Jong Un.\n"
        "Putin's visit to Pyongyang was his first in 24 years. "
        "Russia and North Korea signed a treaty of mutual defence.")


def test_merge_and_offsets(extract):
    events = extract(TEXT)
    visits = [e for e in events if e["event_type"] == "visit"]
    assert len(visits) == 1 and len(visits[0]["sentences"]) == 2
    for e in events:
        assert set(e) == set(EVENT_FIELDS)
        assert TEXT[e["evidence_start"]:e["evidence_end"]] == e["evidence"]
        for s in e["sentences"]:
            assert TEXT[s["start"]:s["end"]] == s["text"]
        assert 0 <= e["confidence"] <= 1
        assert e["event_type"] in EVENT_TYPES and e["modality"] in MODALITIES
        assert e["date_precision"] in DATE_PRECISIONS + (None,)
    treaty = [e for e in events if e["event_type"] == "treaty_signing"]
    assert treaty[0]["parties"] == ["PRK", "RUS"] and treaty[0]["source"] is None


def test_undated_mention_merges_into_the_single_dated_event(extractor):
    from pipelines.extraction.events import MentionEvent, merge

    def m(date, start):
        return MentionEvent("visit", "RUS", "PRK", None, date, "month" if date else None, None, [], "asserted",
                            None, None, start, start + 5, "x", 0.8, "r")
    merged = merge([m("2024-06", 0), m(None, 10)], reference_year=2024)
    assert len(merged) == 1 and merged[0].date == "2024-06" and len(merged[0].extra_sentences) == 1
    two = merge([m("2024-06", 0), m("2019-04", 10), m(None, 20)], reference_year=2024)
    assert sorted(e.date or "" for e in two) == ["", "2019-04", "2024-06"]


def test_extract_many_streams(extractor):
    arts = [dict(article_id=str(i), text="Putin visited Beijing.", title=None, published_at=None) for i in range(3)]
    out = list(extractor.extract_many(arts, batch_size=2))
    assert [a["article_id"] for a, _ in out] == ["0", "1", "2"]
    assert all(evs and evs[0]["article_id"] == a["article_id"] for a, evs in out)


def test_version_tracks_rule_files(extractor):
    assert extractor.version.startswith("0.3.0+") and len(extractor.version) > 7


# ----------------------------------------------------------------- rule loader
def test_rule_loader_rejects_unknown_keys():
    rule = json.loads(json.dumps(next(r for r in load_rules())) if False else "{}") or None
    good = {"id": "x", "event_type": "visit", "description": "d", "strength": 0.5, "mode": "directed",
            "patterns": [[{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": "visit"}}]],
            "roles": {"source": ["nsubj"]}, "examples": {"match": ["a"], "no_match": ["b"]}}
    assert parse_rule(good).id == "x"
    for bad in ({**good, "colour": 1}, {**good, "roles": {"visitor": ["nsubj"]}},
                {**good, "event_type": "war"}, {**good, "roles": {"source": ["nsubj>>x"]}},
                {**good, "examples": {"match": ["a"]}}):
        with pytest.raises(RuleError):
            parse_rule(bad)
    assert rule is None


def test_rule_event_types_agree_with_vocabulary():
    assert {r.event_type for r in load_rules()} == set(EVENT_TYPES)


def test_a_title_outside_the_text_is_not_read_and_offsets_are_never_none(extract):
    # the title states a visit the text does not: no event can point into the text for it
    events = extract("Officials gave no further details.", title="Putin visits Pyongyang")
    assert events == []
    text = "Putin visits Pyongyang\nRussian President Vladimir Putin arrived in Pyongyang on Wednesday."
    events = extract(text, published_at="2024-06-20", title="Putin visits Pyongyang")
    assert events
    for e in events:
        assert text[e["evidence_start"]:e["evidence_end"]] == e["evidence"]
        assert all(s["start"] is not None and text[s["start"]:s["end"]] == s["text"] for s in e["sentences"])
