"""pipelines.evaluation must give exactly the numbers of the reference scorer."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import random
import sys
from pathlib import Path

import pytest

from pipelines import evaluation
from pipelines.evaluation import format_table, load_jsonl, score
from schemas.vocabulary import EVENT_TYPES, MODALITIES

REFERENCE_SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "score.py"

STATES = ("RUS", "SUN", "PRK", "USA", "CHN", "UKR", "rus", " prk ")
DATES = (None, "", "2023", "2024", "2023-06", "2024-06", "2024-06-19", "2024-07-01", "2023-06-30", "1961")


@pytest.fixture(scope="module")
def reference():
    if not REFERENCE_SCORER.exists():
        pytest.skip(f"reference scorer not found at {REFERENCE_SCORER}")
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE_SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def random_event(rng: random.Random, article_ids: list[str], with_optional: bool) -> dict:
    event_type = rng.choice(EVENT_TYPES + ("protest",) * (not with_optional and rng.random() < 0.05))
    event = {
        "article_id": rng.choice(article_ids),
        "event_type": event_type,
        "source": None,
        "target": None,
        "parties": None,
        "date": rng.choice(DATES),
        "modality": rng.choice(MODALITIES + (None,)),
    }
    if event_type == "treaty_signing":
        event["parties"] = sorted(rng.sample(STATES, rng.choice((1, 2, 2, 2, 3))))
    else:
        event["source"], event["target"] = rng.choice(STATES[:4]), rng.choice(STATES[:5])
    if with_optional and rng.random() < 0.3:
        event["optional"] = True
    elif with_optional and rng.random() < 0.2:
        event["optional"] = False
    return event


@pytest.mark.parametrize("seed", range(400))
def test_agrees_with_reference_scorer(reference, seed):
    rng = random.Random(seed)
    article_ids = [f"a{i}" for i in range(rng.randint(1, 4))]
    gold = [random_event(rng, article_ids, True) for _ in range(rng.randint(0, 10))]
    extracted = [random_event(rng, article_ids + ["zz"], False) for _ in range(rng.randint(0, 12))]
    # near-copies of gold events, so that many extractions match
    for g in rng.sample(gold, k=min(len(gold), rng.randint(0, 6))):
        x = {k: v for k, v in g.items() if k != "optional"}
        x["date"] = rng.choice((g["date"], rng.choice(DATES)))
        x["modality"] = rng.choice((g["modality"], rng.choice(MODALITIES)))
        extracted.insert(rng.randint(0, len(extracted)), x)
    articles = rng.choice((None, [], ["zz"], article_ids[:1]))
    expected = reference.score(gold, extracted, articles)
    assert score(gold, extracted, articles) == expected


def test_table_matches_reference_output(reference, tmp_path, monkeypatch):
    rng = random.Random(7)
    gold = [random_event(rng, ["a", "b"], True) for _ in range(12)]
    extracted = [dict(g) for g in gold[:8]] + [random_event(rng, ["a", "b"], False) for _ in range(5)]
    gold_path, extracted_path = tmp_path / "gold.jsonl", tmp_path / "x.jsonl"
    for path, rows in ((gold_path, gold), (extracted_path, extracted)):
        path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["score.py", str(gold_path), str(extracted_path)])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        reference.main()
    assert load_jsonl(gold_path) == gold
    assert format_table(evaluation.score_files(gold_path, extracted_path)) + "\n" == out.getvalue()


def event(article_id, event_type, states, date=None, modality="asserted", optional=False):
    e = {"article_id": article_id, "event_type": event_type, "source": None, "target": None,
         "parties": None, "date": date, "modality": modality}
    if event_type == "treaty_signing":
        e["parties"] = sorted(states)
    else:
        e["source"], e["target"] = states
    if optional:
        e["optional"] = True
    return e


def test_known_numbers():
    gold = [
        event("a", "visit", ("RUS", "PRK"), "2024-06-19"),
        event("a", "treaty_signing", ("PRK", "RUS"), "2024-06"),
        event("a", "treaty_signing", ("PRK", "SUN"), "1961"),
        event("a", "arms_transfer", ("PRK", "RUS"), None, "alleged", optional=True),
    ]
    extracted = [
        event("a", "visit", ("RUS", "PRK"), "2024-06", "asserted"),         # tp, date ok
        event("a", "visit", ("PRK", "RUS"), "2024-06"),                     # fp: order matters
        event("a", "treaty_signing", ("RUS", "PRK"), "1961", "planned"),    # tp, 1961 treaty, wrong modality
        event("a", "treaty_signing", ("PRK", "RUS"), "2023"),               # tp, 2024 treaty, wrong date
        event("a", "arms_transfer", ("PRK", "RUS")),                        # optional: not counted
        event("b", "visit", ("USA", "JPN")),                                # article out of scope
    ]
    res = score(gold, extracted)
    assert res["visit"] == dict(tp=1, fp=1, fn=0, date_ok=1, modality_ok=1, precision=0.5, recall=1.0,
                                f1=0.667, date_acc=1.0, modality_acc=1.0)
    assert res["treaty_signing"]["tp"] == 2 and res["treaty_signing"]["date_ok"] == 1
    assert res["treaty_signing"]["modality_acc"] == 0.5
    assert res["arms_transfer"] == dict(tp=0, fp=0, fn=0, date_ok=0, modality_ok=0, precision=0.0,
                                        recall=0.0, f1=0.0, date_acc=None, modality_acc=None)
    assert res["micro"]["tp"] == 3 and res["micro"]["fp"] == 1 and res["micro"]["fn"] == 0
    assert score(gold, extracted, articles=["b"])["visit"]["fp"] == 2


def test_best_date_and_required_before_optional():
    gold = [
        event("a", "visit", ("PRK", "RUS"), "2019", optional=True),
        event("a", "visit", ("PRK", "RUS"), "2023-09"),
    ]
    # the 2023 extraction takes the 2023 gold event even though the 2019 one comes first
    res = score(gold, [event("a", "visit", ("PRK", "RUS"), "2023-09-12")])
    assert (res["visit"]["tp"], res["visit"]["fn"], res["visit"]["date_ok"]) == (1, 0, 1)
    # a dateless extraction fits both equally: the required one is taken
    res = score(gold, [event("a", "visit", ("PRK", "RUS"), None)])
    assert (res["visit"]["tp"], res["visit"]["fn"]) == (1, 0)
    # a 2019 extraction takes the optional one: nothing counted, the required one is missed
    res = score(gold, [event("a", "visit", ("PRK", "RUS"), "2019")])
    assert (res["visit"]["tp"], res["visit"]["fp"], res["visit"]["fn"]) == (0, 0, 1)


def test_sun_is_rus_and_missing_article_counts_nothing():
    gold = [event("a", "treaty_signing", ("PRK", "SUN"), "1961")]
    res = score(gold, [event("a", "treaty_signing", ("prk", "RUS"), "1961")])
    assert res["micro"]["f1"] == 1.0
    res = score([], [event("x", "visit", ("USA", "JPN"))])
    assert res["micro"]["fp"] == 0 and res["micro"]["f1"] == 0.0


def test_format_table_shape():
    table = format_table(score([], []))
    lines = table.splitlines()
    assert lines[0].split() == ["type", "P", "R", "F1", "tp", "fp", "fn", "date", "modal"]
    assert [line.split()[0] for line in lines[1:]] == [*EVENT_TYPES, "micro"]
    assert "nan" in lines[-1]
