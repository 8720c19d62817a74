"""Floors on the project's labelled sets: the short cases (tests/cases/*.jsonl) and the
sample corpus (pipelines/sample_corpus). The floors sit just under what the extractor
reaches, so a change that loses recall or precision on either fails here."""
import json

import pytest

from pipelines import paths
from pipelines.article_loading import read_paths
from pipelines.evaluation import score
from pipelines.paths import REPO_ROOT

CASES_DIR = REPO_ROOT / "tests" / "cases"


def _cases():
    articles, gold = [], []
    for path in sorted(CASES_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            articles.append(dict(article_id=case["id"], text=case["text"], title=None,
                                 published_at=case.get("published_at")))
            gold.extend(dict(e, article_id=case["id"]) for e in case["events"])
    return articles, gold


@pytest.fixture(scope="module")
def cases_run(extractor):
    articles, gold = _cases()
    events = [e for _, evs in extractor.extract_many(articles) for e in evs]
    return articles, gold, events


@pytest.fixture(scope="module")
def sample_run(extractor):
    articles = [r.record for r in read_paths([paths.SAMPLE_CORPUS_DIR]) if r.is_article]
    gold = [json.loads(l) for l in paths.SAMPLE_GOLD.read_text(encoding="utf-8").splitlines() if l.strip()]
    events = [e for _, evs in extractor.extract_many(articles) for e in evs]
    return articles, gold, events


def test_cases_micro_f1_and_negatives(cases_run):
    articles, gold, events = cases_run
    result = score(gold, events, [a["article_id"] for a in articles])
    assert result["micro"]["f1"] >= 0.965, result["micro"]
    assert result["micro"]["precision"] >= 0.97, result["micro"]
    assert result["micro"]["date_acc"] >= 0.97, result["micro"]
    assert result["micro"]["modality_acc"] >= 0.97, result["micro"]
    for event_type in ("visit", "treaty_signing", "arms_transfer"):
        assert result[event_type]["f1"] >= 0.95, (event_type, result[event_type])
    positive = {g["article_id"] for g in gold}
    firing = {e["article_id"] for e in events} - positive
    assert len(firing) <= 2, sorted(firing)


def test_sample_corpus_micro_f1(sample_run):
    articles, gold, events = sample_run
    result = score(gold, events, [a["article_id"] for a in articles])
    assert result["micro"]["f1"] >= 0.925, result["micro"]
    assert result["micro"]["precision"] >= 0.97, result["micro"]
    assert result["micro"]["date_acc"] >= 0.96, result["micro"]
    assert result["micro"]["modality_acc"] >= 0.97, result["micro"]
    for event_type in ("visit", "treaty_signing", "arms_transfer"):
        assert result[event_type]["f1"] >= 0.89, (event_type, result[event_type])


def test_sample_corpus_evidence_points_into_the_text(sample_run):
    articles, _, events = sample_run
    texts = {a["article_id"]: a["text"] for a in articles}
    for e in events:
        assert e["evidence_start"] is not None and e["evidence_end"] is not None, e
        assert texts[e["article_id"]][e["evidence_start"]:e["evidence_end"]] == e["evidence"]


def test_confidence_threshold_trades_recall_for_precision(cases_run, sample_run):
    for articles, gold, events in (cases_run, sample_run):
        ids = [a["article_id"] for a in articles]
        everything = score(gold, events, ids)["micro"]
        confident = score(gold, [e for e in events if e["confidence"] >= 0.7], ids)["micro"]
        assert confident["recall"] <= everything["recall"]
        assert confident["precision"] >= everything["precision"] - 0.005


# Realistic web articles written by helpers that never read the rules (tests/blind_set*/
# README.md). Sets 1, 2, 3, 4, 6, 7, 9, 10, 12, 14, 16, 17, 20, 22, 24, 26, 28, 30, 32, 34, 36, 40,
# 42, 44, 46, 48 and 50 were used to improve the extractor after their first blind reading, so they
# are regression floors now; tests/blind_set_5, 8, 11, 13, 15, 18, 19, 21, 23, 25, 27, 29, 31, 33,
# 35, 37, 38, 39, 41, 43, 45, 47 and 49 are kept out of the tests (and out of tuning) as blind
# checks for later changes.
@pytest.mark.parametrize("name,f1_floor,precision_floor", [
    ("blind_set", 0.88, 0.93), ("blind_set_2", 0.89, 0.95), ("blind_set_3", 0.86, 0.95), ("blind_set_4", 0.88, 0.94),
    ("blind_set_6", 0.90, 0.95), ("blind_set_7", 0.86, 0.94), ("blind_set_9", 0.87, 0.94),
    ("blind_set_10", 0.87, 0.96), ("blind_set_12", 0.84, 0.94), ("blind_set_14", 0.83, 0.93),
    ("blind_set_16", 0.82, 0.95), ("blind_set_17", 0.85, 0.94), ("blind_set_20", 0.87, 0.95),
    ("blind_set_22", 0.84, 0.94), ("blind_set_24", 0.82, 0.92), ("blind_set_26", 0.88, 0.96),
    ("blind_set_28", 0.86, 0.97), ("blind_set_30", 0.86, 0.90), ("blind_set_32", 0.85, 0.94),
    ("blind_set_34", 0.87, 0.93), ("blind_set_36", 0.84, 0.93), ("blind_set_40", 0.81, 0.90),
    ("blind_set_42", 0.84, 0.93), ("blind_set_44", 0.87, 0.94), ("blind_set_46", 0.87, 0.94),
    ("blind_set_48", 0.83, 0.93), ("blind_set_50", 0.80, 0.93)])
def test_blind_sets_stay_above_their_floors(extractor, name, f1_floor, precision_floor):
    folder = REPO_ROOT / "tests" / name
    articles = [r.record for r in read_paths([folder / "articles"]) if r.is_article]
    gold = [json.loads(l) for l in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    events = [e for _, evs in extractor.extract_many(articles) for e in evs]
    result = score(gold, events, [a["article_id"] for a in articles])
    assert result["micro"]["f1"] >= f1_floor, result["micro"]
    assert result["micro"]["precision"] >= precision_floor, result["micro"]
    negatives = {a["article_id"] for a in articles} - {g["article_id"] for g in gold}
    assert not [e for e in events if e["article_id"] in negatives], "an event in a hard-negative article"
