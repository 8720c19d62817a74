"""Check the blind set: JSON parses, article ids match files, evidence is verbatim,
state codes are ISO 3166-1 alpha-3 (or SUN / UN / NATO / EU), fields are well formed.
Run: /work/main/.venv/bin/python tests/blind_set/validate.py
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
EXTRA = {"SUN", "UN", "NATO", "EU"}
FIELDS = ["article_id", "event_type", "source", "target", "parties", "date", "location",
          "persons", "modality", "items", "quantity", "evidence", "optional"]
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def valid_code(c):
    return c in EXTRA or pycountry.countries.get(alpha_3=c) is not None


def main():
    errors = []
    texts = {p.stem: p.read_text(encoding="utf-8") for p in ARTICLES.glob("*.txt")}
    for stem in texts:
        meta = ARTICLES / f"{stem}.meta.json"
        m = json.loads(meta.read_text(encoding="utf-8"))
        assert set(m) == {"published_at", "url", "outlet"}, stem
        words = len(texts[stem].split())
        if not 250 <= words <= 700:
            errors.append(f"{stem}: {words} words")
    rows = [json.loads(line) for line in (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = set()
    for i, r in enumerate(rows, 1):
        where = f"line {i} ({r.get('article_id')})"
        if list(r) != FIELDS:
            errors.append(f"{where}: fields {list(r)}")
        if r["article_id"] not in texts:
            errors.append(f"{where}: no article file")
            continue
        text = texts[r["article_id"]]
        if r["evidence"] not in text:
            errors.append(f"{where}: evidence not verbatim")
        et = r["event_type"]
        if et not in {"visit", "treaty_signing", "arms_transfer"}:
            errors.append(f"{where}: bad type")
        if et == "treaty_signing":
            if r["source"] or r["target"] or not r["parties"] or r["parties"] != sorted(r["parties"]):
                errors.append(f"{where}: treaty fields")
            codes = r["parties"]
        else:
            if r["parties"] is not None or not r["source"] or not r["target"]:
                errors.append(f"{where}: source/target fields")
            codes = [r["source"], r["target"]]
        for c in codes:
            if not valid_code(c):
                errors.append(f"{where}: bad code {c}")
        if et != "arms_transfer" and (r["items"] or r["quantity"]):
            errors.append(f"{where}: items on non-arms event")
        if r["date"] is not None and not DATE.match(r["date"]):
            errors.append(f"{where}: bad date {r['date']}")
        if r["modality"] not in {"asserted", "alleged", "denied", "planned"}:
            errors.append(f"{where}: bad modality")
        if not isinstance(r["optional"], bool):
            errors.append(f"{where}: optional not bool")
        for p in r["persons"]:
            if p not in text:
                errors.append(f"{where}: person {p!r} not in text")
        key = (r["article_id"], et, r["source"], r["target"], tuple(r["parties"] or ()), r["date"])
        if key in seen:
            errors.append(f"{where}: duplicate event {key}")
        seen.add(key)
    per_article = Counter(r["article_id"] for r in rows if not r["optional"])
    for stem in sorted(texts):
        print(f"{stem}: {per_article.get(stem, 0)} required, "
              f"{sum(1 for r in rows if r['article_id'] == stem and r['optional'])} optional, "
              f"{len(texts[stem].split())} words")
    req = Counter(r["event_type"] for r in rows if not r["optional"])
    opt = Counter(r["event_type"] for r in rows if r["optional"])
    mods = Counter(r["modality"] for r in rows if not r["optional"])
    print("articles", len(texts), "| rows", len(rows), "| required", dict(req), "| optional", dict(opt))
    print("required modality", dict(mods))
    print("negatives", [s for s in texts if s not in {r["article_id"] for r in rows}])
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
