"""The pandera contracts reject what they must, with a reason per row."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd

from schemas.articles import Articles
from schemas.event_mentions import EventMentionsInArticles
from schemas.marts import FctEvents
from schemas.validation import split_valid

TEXT = "Putin arrived in Pyongyang on Wednesday. The two leaders signed a treaty."


def article(**over):
    row = dict(article_id="a1", content_hash="0" * 64, title="t", text=TEXT, url=None, outlet=None,
               published_at=datetime(2024, 6, 19, tzinfo=timezone.utc), published_local_date=date(2024, 6, 19),
               language="en", source_name="s",
               source_uri="/x/a1.txt", source_format="txt", is_reprint=False, word_count=12)
    row.update(over)
    return row


def mention(**over):
    evidence = "Putin arrived in Pyongyang on Wednesday."
    row = dict(mention_id="0" * 32, article_id="a1", event_type="visit", source="RUS", target="PRK", parties=None,
               date="2024-06-19", date_precision="day", modality="asserted", evidence=evidence,
               evidence_start=0, evidence_end=len(evidence), confidence=0.9, extractor_version="v",
               article_text=TEXT)
    row.update(over)
    return row


def reasons_for(model, rows):
    _, reasons = split_valid(pd.DataFrame(rows), model)
    return reasons


def test_articles_contract():
    future = datetime.now(timezone.utc) + timedelta(days=3)
    reasons = reasons_for(Articles, [article(), article(article_id="a2", published_at=future),
                                     article(article_id="a3", source_format="pdf"),
                                     article(article_id="a4", content_hash="nothex"),
                                     article(article_id="a5", published_local_date=date(2024, 6, 18)),
                                     article(article_id="a6", published_local_date=date(2024, 6, 21)),
                                     article(article_id="a7", published_local_date=None)])
    assert set(reasons) == {1, 2, 3, 5}
    assert "future" in " ".join(reasons[1])


def test_event_mentions_contract():
    rows = [
        mention(),
        mention(mention_id="1" * 32, target="RUS"),                               # source == target
        mention(mention_id="2" * 32, source="XXX"),                               # not in the gazetteer
        mention(mention_id="3" * 32, evidence_start=1),                           # offsets do not give the evidence
        mention(mention_id="4" * 32, modality="rumoured"),                        # not in the vocabulary
        mention(mention_id="5" * 32, event_type="treaty_signing", source=None, target=None, parties=["RUS"]),
        mention(mention_id="6" * 32, date="2024-06", date_precision="day"),        # precision does not match
        mention(mention_id="7" * 32, confidence=1.5),
    ]
    reasons = reasons_for(EventMentionsInArticles, rows)
    assert set(reasons) == set(range(1, 8)), reasons


def test_fct_events_contract():
    good = dict(event_id="a" * 32, event_type="visit", source="RUS", target="PRK", states=["PRK", "RUS"],
                event_date=pd.Timestamp("2024-06-19"), date_precision="day", date_label="2024-06-19",
                modality="asserted", n_mentions=3, n_articles=2, n_outlets=2, confidence=0.9, evidence="x")
    rows = [good,
            dict(good, event_id="b" * 32, n_mentions=1),                         # fewer mentions than articles
            dict(good, event_id="c" * 32, states=["RUS", "RUS"], target="RUS"),  # a state twice
            dict(good, event_id="d" * 32, event_type="treaty_signing", source=None, target=None, states=["RUS"])]
    assert set(reasons_for(FctEvents, rows)) == {1, 2, 3}


def test_a_table_validated_in_chunks_fails_the_same_rows_and_keys_across_chunks():
    from schemas.marts import FctEventParticipants
    from schemas.validation import invalid_rows_in_chunks

    good = dict(event_id="a" * 32, event_type="visit", source="RUS", target="PRK", states=["PRK", "RUS"],
                event_date=pd.Timestamp("2024-06-19"), date_precision="day", date_label="2024-06-19",
                modality="asserted", n_mentions=3, n_articles=2, n_outlets=2, confidence=0.9, evidence="x")
    rows = [dict(good, event_id=f"{i:032x}") for i in range(7)]
    rows[2]["n_mentions"] = 1                      # a row failing a rule, in the second chunk
    rows[5]["event_id"] = rows[0]["event_id"]      # a key of the first chunk again, in the third
    rows[6]["event_id"] = rows[4]["event_id"]      # a key of the third chunk again, in the fourth
    frame = pd.DataFrame(rows)
    chunks = [frame.iloc[i:i + 2] for i in range(0, len(frame), 2)]
    n, reasons = invalid_rows_in_chunks(chunks, FctEvents)
    assert n == 7 and set(reasons) == {2, 5, 6}
    assert "unique across the table" in reasons[5][0]
    # one chunk: the same rows as split_valid (pandera flags every copy of a key within a frame)
    assert set(invalid_rows_in_chunks([frame], FctEvents)[1]) == set(split_valid(frame, FctEvents)[1]) == {0, 2, 4, 5, 6}
    participants = pd.DataFrame([dict(event_id="e1", actor_code="RUS", role="visitor"),
                                 dict(event_id="e1", actor_code="PRK", role="host"),
                                 dict(event_id="e1", actor_code="RUS", role="visitor")])
    assert set(invalid_rows_in_chunks([participants.iloc[:2], participants.iloc[2:]], FctEventParticipants)[1]) == {2}
