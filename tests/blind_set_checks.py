"""The checks the blind sets' gold must pass against their articles (sets 2 to 6 run
them from their own ``validate.py``; set 1 keeps the checker its author wrote, which also
checks that every person named is in the text).

``main(folder, n_articles, n_negatives)`` checks that every gold line parses and has exactly
the gold fields; that every ``article_id`` has an article and every ``evidence`` is a
verbatim substring of it; that codes are ISO 3166-1 alpha-3 (via ``pycountry``) or
SUN/UN/NATO/EU; that event types, modalities and date formats are valid; that treaties
have sorted ``parties`` and no source or target; that every meta file parses, with an
ISO 8601 ``published_at`` and a url host ending in ``.test``; that each headline line is
not empty and each article has the expected number of words; that the set has the
expected numbers of articles and hard negatives; and that no two gold lines of one
article describe the same happening (same type, states and date; sets 2 and 3 were
annotated before that rule and keep such pairs, so they pass
``one_line_per_happening=False``). Exit status 0 when every check passes, 1 otherwise.
"""
from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from urllib.parse import urlparse
from collections import Counter
from pathlib import Path

import pycountry


FIELDS = {"article_id", "event_type", "source", "target", "parties", "date", "location",
          "persons", "modality", "items", "quantity", "evidence", "optional"}
EVENT_TYPES = {"visit", "treaty_signing", "arms_transfer"}
MODALITIES = {"asserted", "alleged", "denied", "planned"}
EXTRA_CODES = {"SUN", "UN", "NATO", "EU"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def valid_code(code: object) -> bool:
    if not isinstance(code, str):
        return False
    return code in EXTRA_CODES or (len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None)


def main(folder: Path, n_articles: int, n_negatives: int, word_range: tuple[int, int] = (250, 700),
         one_line_per_happening: bool = True) -> int:
    ARTICLES, GOLD = folder / "articles", folder / "gold.jsonl"
    min_words, max_words = word_range
    errors: list[str] = []
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    for stem in texts:
        meta = ARTICLES / f"{stem}.meta.json"
        try:
            m = json.loads(meta.read_text(encoding="utf-8"))
            for key in ("published_at", "url", "outlet"):
                if not m.get(key):
                    errors.append(f"{meta.name}: missing {key}")
            try:
                datetime.fromisoformat(m.get("published_at", ""))
            except (TypeError, ValueError):
                errors.append(f"{meta.name}: published_at is not ISO 8601")
            if not (urlparse(m.get("url", "")).hostname or "").endswith(".test"):
                errors.append(f"{meta.name}: url host must end in .test")
        except (OSError, json.JSONDecodeError) as exc:
            errors.append(f"{meta.name}: {exc}")
        if not texts[stem].splitlines() or not texts[stem].splitlines()[0].strip():
            errors.append(f"{stem}: line 1 (headline) is empty")
        words = len(texts[stem].split())
        if not min_words <= words <= max_words:
            errors.append(f"{stem}: {words} words (want {min_words}-{max_words})")

    rows = []
    for n, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            errors.append(f"gold line {n}: bad JSON ({exc})")

    for n, ev in rows:
        where = f"gold line {n}"
        if set(ev) != FIELDS:
            errors.append(f"{where}: fields differ: {sorted(set(ev) ^ FIELDS)}")
            continue
        aid, etype = ev["article_id"], ev["event_type"]
        if aid not in texts:
            errors.append(f"{where}: no article file for {aid!r}")
        elif ev["evidence"] not in texts[aid]:
            errors.append(f"{where}: evidence is not a verbatim substring of {aid}")
        if etype not in EVENT_TYPES:
            errors.append(f"{where}: bad event_type {etype!r}")
        if ev["modality"] not in MODALITIES:
            errors.append(f"{where}: bad modality {ev['modality']!r}")
        if ev["date"] is not None and not DATE_RE.match(ev["date"]):
            errors.append(f"{where}: bad date {ev['date']!r}")
        if not isinstance(ev["optional"], bool):
            errors.append(f"{where}: optional must be a bool")
        if not isinstance(ev["persons"], list):
            errors.append(f"{where}: persons must be a list")
        if etype == "treaty_signing":
            parties = ev["parties"]
            if ev["source"] is not None or ev["target"] is not None:
                errors.append(f"{where}: treaty with source/target")
            if not isinstance(parties, list) or len(parties) < 2:
                errors.append(f"{where}: treaty needs >= 2 parties")
            else:
                if parties != sorted(parties):
                    errors.append(f"{where}: parties not sorted")
                errors += [f"{where}: bad code {c!r}" for c in parties if not valid_code(c)]
        else:
            if ev["parties"] is not None:
                errors.append(f"{where}: parties must be null for {etype}")
            for key in ("source", "target"):
                if not valid_code(ev[key]):
                    errors.append(f"{where}: bad {key} {ev[key]!r}")
            if ev["source"] == ev["target"]:
                errors.append(f"{where}: source equals target")
        if etype != "arms_transfer" and (ev["items"] is not None or ev["quantity"] is not None):
            errors.append(f"{where}: items/quantity only for arms_transfer")

    seen: dict[tuple, int] = {}
    for n, ev in rows:
        if set(ev) != FIELDS:
            continue
        key = (ev["article_id"], ev["event_type"], ev["source"], ev["target"],
               tuple(ev["parties"] or ()), ev["date"])
        if key in seen and one_line_per_happening:
            errors.append(f"gold line {n}: same happening as line {seen[key]}")
        seen.setdefault(key, n)

    negatives = set(texts) - {ev["article_id"] for _, ev in rows}
    if len(texts) != n_articles:
        errors.append(f"{len(texts)} articles (want {n_articles})")
    if len(negatives) != n_negatives:
        errors.append(f"{len(negatives)} negatives (want {n_negatives}): {sorted(negatives)}")

    for msg in errors:
        print("ERROR", msg)

    events = [ev for _, ev in rows]
    per_article = Counter(ev["article_id"] for ev in events)
    required = Counter(ev["event_type"] for ev in events if not ev["optional"])
    optional = Counter(ev["event_type"] for ev in events if ev["optional"])
    print(f"articles: {len(texts)}; negatives (no gold): {sorted(set(texts) - set(per_article))}")
    print(f"gold events: {len(events)}; required by type: {dict(sorted(required.items()))}; "
          f"optional by type: {dict(sorted(optional.items()))}")
    print("modality (required):", dict(Counter(ev['modality'] for ev in events if not ev['optional'])))
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0

