"""The bundled sample corpus and labelled cases are well-formed and self-consistent."""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from pipelines.evaluation import load_jsonl, score
from pipelines.ingest.readers import read_landing
from pipelines.paths import SAMPLE_CORPUS_DIR, SAMPLE_GOLD
from schemas.vocabulary import EVENT_TYPES, MODALITIES

CASES_DIR = Path(__file__).resolve().parent / "cases"
CASE_FILES = ("visits", "treaties", "arms", "negatives", "dates", "modality", "actors")
GOLD_FIELDS = ("article_id", "event_type", "source", "target", "parties", "date", "location",
               "persons", "modality", "items", "quantity", "evidence")
DATE_RE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
STATE_RE = re.compile(r"[A-Z]{2,4}")


def visible_text(markup: str) -> str:
    """Text of an HTML page as a reader sees it (tags dropped, entities decoded, spaces collapsed)."""
    markup = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def corpus_texts() -> dict[str, str]:
    """article_id -> the article text as the pipeline's reader gives it (evidence must be in it)."""
    texts = {}
    for result in read_landing(SAMPLE_CORPUS_DIR):
        assert result.is_article, f"sample corpus record quarantined: {result.record}"
        assert result.record["article_id"] not in texts
        texts[result.record["article_id"]] = result.record["text"]
    for path in SAMPLE_CORPUS_DIR.glob("*.jsonl"):
        for row in load_jsonl(path):
            assert set(row) == {"id", "title", "text", "url", "published_at", "outlet"}, path
    return texts


TEXTS = corpus_texts()
GOLD = load_jsonl(SAMPLE_GOLD)


def check_event(e: dict, where: str) -> None:
    assert e["event_type"] in EVENT_TYPES, where
    assert e["modality"] in MODALITIES, where
    assert e["date"] is None or DATE_RE.fullmatch(e["date"]), where
    assert isinstance(e.get("optional", False), bool), where
    if e["event_type"] == "treaty_signing":
        assert e["source"] is None and e["target"] is None, where
        assert len(e["parties"]) >= 2 and e["parties"] == sorted(set(e["parties"])), where
        assert all(STATE_RE.fullmatch(p) for p in e["parties"]), where
    else:
        assert e["parties"] is None, where
        assert STATE_RE.fullmatch(e["source"]) and STATE_RE.fullmatch(e["target"]), where
        assert e["source"] != e["target"], where


def test_corpus_size_and_formats():
    assert len(TEXTS) >= 20
    suffixes = Counter(p.suffix for p in SAMPLE_CORPUS_DIR.iterdir() if not p.name.endswith(".meta.json"))
    assert suffixes[".html"] >= 3 and suffixes[".txt"] >= 15
    assert 3 <= len(load_jsonl(SAMPLE_CORPUS_DIR / "wire_digest.jsonl")) <= 5


@pytest.mark.parametrize("path", sorted(p for p in SAMPLE_CORPUS_DIR.iterdir() if p.suffix in (".txt", ".html")),
                         ids=lambda p: p.name)
def test_sidecar(path):
    meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert {"published_at", "url", "outlet", "title"} <= set(meta)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", meta["published_at"])
    if path.suffix == ".txt":
        assert meta["title"] == path.read_text(encoding="utf-8").splitlines()[0].strip()


def test_no_stray_sidecars():
    for meta in SAMPLE_CORPUS_DIR.glob("*.meta.json"):
        stem = meta.name.removesuffix(".meta.json")
        assert (SAMPLE_CORPUS_DIR / f"{stem}.txt").exists() or (SAMPLE_CORPUS_DIR / f"{stem}.html").exists()


@pytest.mark.parametrize("index", range(len(GOLD)))
def test_gold_event(index):
    e = GOLD[index]
    where = f"{e['article_id']} #{index}"
    assert set(GOLD_FIELDS) <= set(e), where
    check_event(e, where)
    assert e["article_id"] in TEXTS, where
    assert e["evidence"] in TEXTS[e["article_id"]], f"evidence not verbatim in {where}: {e['evidence']!r}"
    assert "\n" not in e["evidence"]
    assert isinstance(e["persons"], list)


def test_gold_has_no_duplicate_events():
    keys = Counter((e["article_id"], e["event_type"], e["source"], e["target"], tuple(e["parties"] or ()), e["date"])
                   for e in GOLD)
    assert [k for k, n in keys.items() if n > 1] == []


def test_gold_covers_types_and_modalities():
    assert {e["event_type"] for e in GOLD} == set(EVENT_TYPES)
    assert {e["modality"] for e in GOLD if not e.get("optional")} == set(MODALITIES)


def test_html_evidence_survives_trafilatura():
    trafilatura = pytest.importorskip("trafilatura")
    for path in SAMPLE_CORPUS_DIR.glob("*.html"):
        text = trafilatura.extract(path.read_text(encoding="utf-8"), include_comments=True) or ""
        for e in GOLD:
            if e["article_id"] == path.stem:
                assert e["evidence"] in text, (path.name, e["evidence"])


def load_cases() -> list[dict]:
    rows = []
    for name in CASE_FILES:
        for row in load_jsonl(CASES_DIR / f"{name}.jsonl"):
            rows.append(dict(row, _file=name))
    return rows


CASES = load_cases()


def test_case_counts_and_ids():
    assert len(CASES) >= 150
    assert sum(not c["events"] for c in CASES) >= 50
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_case_well_formed(case):
    assert set(case) == {"id", "text", "published_at", "events", "note", "_file"}
    assert case["text"].strip() and case["note"].strip()
    assert case["published_at"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", case["published_at"])
    for e in case["events"]:
        assert set(e) <= {"event_type", "source", "target", "parties", "date", "modality", "optional"}
        check_event(e, case["id"])
    if case["_file"] == "negatives":
        assert case["events"] == []


def test_cases_score_perfectly_against_themselves():
    gold = [dict(e, article_id=c["id"]) for c in CASES for e in c["events"]]
    extracted = [g for g in gold if not g.get("optional")]
    res = score(gold, extracted, articles=[c["id"] for c in CASES])
    assert res["micro"]["f1"] == 1.0 and res["micro"]["date_acc"] == 1.0
