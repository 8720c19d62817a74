"""Extraction quality on the project's labelled cases, the sample corpus and the peer sentences, with
precision/recall at confidence thresholds.  Usage: .venv/bin/python benchmarks/labelled_sets.py (needs ../shared)."""
import json
from pipelines.extraction import Extractor
from pipelines.evaluation import score, format_table
from pipelines.article_loading import read_paths
from pipelines.paths import REPO_ROOT, SAMPLE_CORPUS_DIR, SAMPLE_GOLD

PEER = REPO_ROOT.parent / 'shared' / 'peer'
ex = Extractor()
gold, arts = [], []
for f in sorted((REPO_ROOT / 'tests' / 'cases').glob('*.jsonl')):
    for line in open(f):
        if not line.strip(): continue
        c = json.loads(line)
        arts.append({"article_id": c["id"], "text": c["text"], "title": None, "published_at": c.get("published_at")})
        gold += [dict(e, article_id=c["id"]) for e in c["events"]]
events = [e for _, evs in ex.extract_many(arts) for e in evs]
print("cases:"); print(format_table(score(gold, events, [a["article_id"] for a in arts])))
neg = {a["article_id"] for a in arts} - {g["article_id"] for g in gold}
print("negative cases with an event:", len({e["article_id"] for e in events} & neg), "/", len(neg))
# confidence thresholds over cases + sample corpus + peer
sample = [r.record for r in read_paths([SAMPLE_CORPUS_DIR]) if r.is_article]
sample_in = [dict(a, published_at=a["published_at"].isoformat() if a["published_at"] else None) for a in sample]
sgold = [json.loads(l) for l in open(SAMPLE_GOLD) if l.strip()]
sev = [e for _, evs in ex.extract_many(sample_in) for e in evs]
peer = [json.loads(l) for l in open(PEER / 'articles.jsonl') if l.strip()]
pin = [{"article_id": p["id"], "text": p["text"], "title": None, "published_at": p.get("published_at")} for p in peer]
pgold = [json.loads(l) for l in open(PEER / 'gold.jsonl') if l.strip()]
pev = [e for _, evs in ex.extract_many(pin) for e in evs]
for name, g, ev, ids in [("cases", gold, events, [a["article_id"] for a in arts]), ("sample", sgold, sev, [a["article_id"] for a in sample]), ("peer", pgold, pev, [p["id"] for p in peer])]:
    for t in (0.0, 0.5, 0.7, 0.8, 0.9):
        m = score(g, [e for e in ev if e["confidence"] >= t], ids)["micro"]
        print(f"{name:7} conf>={t:.1f}  P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  n={m['tp']+m['fp']}")
