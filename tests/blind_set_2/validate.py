"""Sanity checks for blind_set_2 (stdlib + pycountry).

Run with the project venv:  /work/main/.venv/bin/python tests/blind_set_2/validate.py
Checks: every gold line parses as JSON with the expected fields; every article_id
names an article file; every evidence is a verbatim substring of its article;
every state code is ISO 3166-1 alpha-3 or one of SUN/UN/NATO/EU; dates, modality
and per-type field shapes follow /work/shared/gold/README.md; every article has a
parsable .meta.json. Exits non-zero on any problem.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
GOLD = HERE / "gold.jsonl"

FIELDS = {"article_id", "event_type", "source", "target", "parties", "date", "location",
          "persons", "modality", "items", "quantity", "evidence", "optional"}
TYPES = {"visit", "treaty_signing", "arms_transfer"}
MODALITIES = {"asserted", "alleged", "denied", "planned"}
EXTRA_CODES = {"SUN", "UN", "NATO", "EU"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def valid_code(code):
    return code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


def main():
    errors = []
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    for stem in texts:
        meta = ARTICLES / f"{stem}.meta.json"
        try:
            m = json.loads(meta.read_text(encoding="utf-8"))
            for k in ("published_at", "url", "outlet"):
                if not m.get(k):
                    errors.append(f"{meta.name}: missing {k}")
        except (OSError, ValueError) as e:
            errors.append(f"{meta.name}: {e}")

    counts, optional, per_article = Counter(), Counter(), Counter()
    for n, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"gold.jsonl:{n}"
        try:
            g = json.loads(line)
        except ValueError as e:
            errors.append(f"{where}: bad JSON ({e})")
            continue
        if set(g) != FIELDS:
            errors.append(f"{where}: fields differ: {sorted(set(g) ^ FIELDS)}")
        aid, et = g.get("article_id"), g.get("event_type")
        if aid not in texts:
            errors.append(f"{where}: no article file for {aid!r}")
        elif g.get("evidence") not in texts[aid]:
            errors.append(f"{where}: evidence is not a substring of {aid}.txt")
        if et not in TYPES:
            errors.append(f"{where}: bad event_type {et!r}")
        if g.get("modality") not in MODALITIES:
            errors.append(f"{where}: bad modality {g.get('modality')!r}")
        d = g.get("date")
        if d is not None and not DATE_RE.match(d):
            errors.append(f"{where}: bad date {d!r}")
        if not isinstance(g.get("optional"), bool):
            errors.append(f"{where}: optional must be true/false")
        if et == "treaty_signing":
            ps = g.get("parties")
            if g.get("source") is not None or g.get("target") is not None:
                errors.append(f"{where}: treaty must have null source/target")
            if not isinstance(ps, list) or len(ps) < 2:
                errors.append(f"{where}: treaty needs >= 2 parties")
            else:
                if ps != sorted(ps):
                    errors.append(f"{where}: parties not sorted")
                errors += [f"{where}: bad code {c!r}" for c in ps if not valid_code(c)]
        elif et in TYPES:
            if g.get("parties") is not None:
                errors.append(f"{where}: parties must be null for {et}")
            for k in ("source", "target"):
                if not valid_code(g.get(k) or ""):
                    errors.append(f"{where}: bad {k} code {g.get(k)!r}")
            if g.get("source") == g.get("target"):
                errors.append(f"{where}: source equals target")
            if et == "visit" and (g.get("items") is not None or g.get("quantity") is not None):
                errors.append(f"{where}: items/quantity must be null for visits")
        if isinstance(g.get("optional"), bool) and et in TYPES:
            (optional if g["optional"] else counts)[et] += 1
            per_article[aid] += 1

    negatives = sorted(set(texts) - set(per_article))
    print(f"articles: {len(texts)}  (no gold event: {len(negatives)}: {', '.join(negatives)})")
    print("required events:", dict(counts), "total", sum(counts.values()))
    print("optional events:", dict(optional), "total", sum(optional.values()))
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
