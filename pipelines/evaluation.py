"""Score extracted events against gold events.

This is the product version of the reference scorer ``../shared/gold/score.py``
and gives exactly the same numbers (``tests/test_evaluation.py`` checks it on
thousands of random cases). The rules, from the gold README:

* An extracted event matches a gold event of the same article and type when the
  states agree: ``(source, target)`` in order for visits and arms transfers, the
  set of ``parties`` for treaty signings. ``SUN`` and ``RUS`` are the same state.
* Among the candidates, the gold event whose date agrees best is taken; between
  equal fits a required one before an optional one. Each gold event matches once.
* An extraction that matches an *optional* gold event counts neither as a true
  nor as a false positive; a missed optional gold event costs nothing.
* Date accuracy (same year, same month when both give one) and modality accuracy
  are measured among matched required events.
* Counts are kept per event type and micro-averaged over the three types.

Only articles with at least one gold event, plus those listed in ``articles``,
are in scope: pass every article id of the evaluated set so that events found in
articles without gold events count as false positives.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from schemas.vocabulary import EVENT_TYPES, SAME_STATE

Event = Mapping[str, Any]
StateKey = tuple[str, ...]

COUNT_FIELDS = ("tp", "fp", "fn", "date_ok", "modality_ok")
MICRO = "micro"
DEFAULT_MODALITY = "asserted"


def normalise_state(code: str | None) -> str:
    """Upper-case, stripped state code with historical aliases folded (SUN -> RUS)."""
    code = (code or "").strip().upper()
    return SAME_STATE.get(code, code)


def state_key(event: Event) -> StateKey:
    """The states an event is matched on.

    Treaty signings: the sorted set of parties. Visits and arms transfers: the
    ordered pair (source, target).
    """
    if event["event_type"] == "treaty_signing":
        return tuple(sorted({normalise_state(p) for p in (event.get("parties") or [])}))
    return (normalise_state(event.get("source")), normalise_state(event.get("target")))


def date_parts(date: str | None) -> tuple[str | None, str | None]:
    """Year and month of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date (None when absent)."""
    date = (date or "").strip()
    return (date[:4] or None, date[5:7] or None)


def date_agrees(gold: Event, extracted: Event) -> bool:
    """True when the extracted date fits the gold one.

    A gold event without a date accepts any date; otherwise the years must be
    equal, and the months too when both dates give one.
    """
    gold_year, gold_month = date_parts(gold.get("date"))
    extracted_year, extracted_month = date_parts(extracted.get("date"))
    if gold_year is None:
        return True
    if extracted_year != gold_year:
        return False
    return gold_month is None or extracted_month is None or gold_month == extracted_month


def date_closeness(gold: Event, extracted: Event) -> int:
    """How closely two dates agree: 2 for the same year, plus 1 for the same given month."""
    gold_year, gold_month = date_parts(gold.get("date"))
    extracted_year, extracted_month = date_parts(extracted.get("date"))
    return (gold_year == extracted_year) * 2 + (gold_month is not None and gold_month == extracted_month)


def modality_of(event: Event) -> str:
    """The event's modality, ``asserted`` when missing."""
    return event.get("modality") or DEFAULT_MODALITY


def _rates(counts: Mapping[str, int]) -> dict[str, Any]:
    """Counts plus precision, recall, F1, date and modality accuracy (rounded to 3 places)."""
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return dict(
        counts,
        precision=round(precision, 3),
        recall=round(recall, 3),
        f1=round(f1, 3),
        date_acc=round(counts["date_ok"] / tp, 3) if tp else None,
        modality_acc=round(counts["modality_ok"] / tp, 3) if tp else None,
    )


def score(
    gold: list[dict],
    extracted: list[dict],
    articles: Iterable[str] | None = None,
) -> dict[str, dict]:
    """Score ``extracted`` events against ``gold`` events.

    Args:
        gold: gold events (gold README format; ``optional`` may be missing).
        extracted: extracted events with at least article_id, event_type,
            source, target, parties, date and modality. They are matched in
            list order, as the reference scorer does.
        articles: extra article ids in scope (articles without gold events
            whose extractions must count as false positives).

    Returns:
        ``{'visit': ..., 'treaty_signing': ..., 'arms_transfer': ..., 'micro': ...}``,
        each holding tp, fp, fn, date_ok, modality_ok, precision, recall, f1,
        date_acc and modality_acc.
    """
    scope = set(articles or []) | {g["article_id"] for g in gold}
    in_scope = [x for x in extracted if x.get("article_id") in scope and x.get("event_type") in EVENT_TYPES]

    gold_by_article: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, g in enumerate(gold):
        gold_by_article[(g["article_id"], g["event_type"])].append(index)

    counts = {event_type: dict.fromkeys(COUNT_FIELDS, 0) for event_type in EVENT_TYPES}
    used: set[int] = set()
    for x in in_scope:
        x_key = state_key(x)
        candidates = [
            i for i in gold_by_article[(x["article_id"], x["event_type"])]
            if i not in used and state_key(gold[i]) == x_key
        ]
        if not candidates:
            counts[x["event_type"]]["fp"] += 1
            continue
        # best date fit first; between equal fits a required gold event (max keeps the first)
        best = max(
            candidates,
            key=lambda i: (date_agrees(gold[i], x), date_closeness(gold[i], x), not gold[i].get("optional")),
        )
        used.add(best)
        matched = gold[best]
        if matched.get("optional"):
            continue
        c = counts[x["event_type"]]
        c["tp"] += 1
        c["date_ok"] += date_agrees(matched, x)
        c["modality_ok"] += modality_of(matched) == modality_of(x)

    for index, g in enumerate(gold):
        if index not in used and not g.get("optional"):
            counts[g["event_type"]]["fn"] += 1

    total = {field: sum(c[field] for c in counts.values()) for field in COUNT_FIELDS}
    result = {event_type: _rates(c) for event_type, c in counts.items()}
    result[MICRO] = _rates(total)
    return result


def _cell(value: float | None) -> float:
    return value if value is not None else math.nan


def format_table(result: Mapping[str, Mapping[str, Any]]) -> str:
    """The score table, laid out exactly as ``score.py`` prints it (no trailing newline)."""
    lines = [f"{'type':16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}{'date':>7}{'modal':>7}"]
    for name, s in result.items():
        lines.append(
            f"{name:16}{s['precision']:7.3f}{s['recall']:7.3f}{s['f1']:7.3f}{s['tp']:5}{s['fp']:5}{s['fn']:5}"
            f"{_cell(s['date_acc']):7.3f}{_cell(s['modality_acc']):7.3f}"
        )
    return "\n".join(lines)


def load_jsonl(path: str | Path) -> list[dict]:
    """Read one JSON object a line, skipping blank lines."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_files(
    gold_path: str | Path,
    extracted_path: str | Path,
    articles: Iterable[str] | None = None,
) -> dict[str, dict]:
    """Score two JSONL files (gold, extracted); see :func:`score`."""
    return score(load_jsonl(gold_path), load_jsonl(extracted_path), articles)
