"""Build a benchmark corpus of N articles from the shipped sample corpus.

    .venv/bin/python benchmarks/corpus.py --n 1000 --out /tmp/corpus [--seed 0] [--start 0]

Every article is one of the sample articles (pipelines/sample_corpus: .txt, .html and
.jsonl, read with pipelines.article_loading.read_paths) with:

- its states swapped consistently from a small table: country name, adjective and
  demonym, capital, leader (full name and surname) all move together, by a random
  permutation of the table drawn per article (variant 0 of each base article is kept
  unchanged);
- its years (in the text and in published_at) shifted by the same random offset, and
  published_at moved by a random number of hours;
- a new article id, URL and outlet, and a closing credit line with a generated
  reporter name, so no two articles share a text (the pipeline would otherwise store
  them as reprints and skip them).

Written as ``<id>.txt`` (first line the title) with a ``<id>.meta.json`` sidecar
(published_at, url, outlet, title). Deterministic for a given (n, seed, start):
article ``i`` depends only on (seed, i), so ``--start`` adds new articles that do not
collide with earlier ones (used for the incremental runs).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO_ROOT, words  # noqa: E402

SAMPLE_CORPUS = REPO_ROOT / "pipelines" / "sample_corpus"

# name, adjective, demonym (plural), capital, leader full name, leader surname.
# Every entry is in the extractor's gazetteer (pipelines/extraction/gazetteer).
STATES = [
    ("Russia", "Russian", "Russians", "Moscow", "Vladimir Putin", "Putin"),
    ("North Korea", "North Korean", "North Koreans", "Pyongyang", "Kim Jong Un", "Kim"),
    ("South Korea", "South Korean", "South Koreans", "Seoul", "Yoon Suk Yeol", "Yoon"),
    ("China", "Chinese", None, "Beijing", "Xi Jinping", "Xi"),
    ("Japan", "Japanese", None, "Tokyo", "Fumio Kishida", "Kishida"),
    ("France", "French", None, "Paris", "Emmanuel Macron", "Macron"),
    ("India", "Indian", "Indians", "New Delhi", "Narendra Modi", "Modi"),
    ("Turkey", "Turkish", "Turks", "Ankara", "Recep Tayyip Erdogan", "Erdogan"),
    ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Volodymyr Zelensky", "Zelensky"),
    ("Iran", "Iranian", "Iranians", "Tehran", "Ebrahim Raisi", "Raisi"),
    ("Germany", "German", "Germans", "Berlin", "Olaf Scholz", "Scholz"),
    ("Britain", "British", "Britons", "London", "Rishi Sunak", "Sunak"),
    ("the United States", "American", "Americans", "Washington", "Joe Biden", "Biden"),
    ("Brazil", "Brazilian", "Brazilians", "Brasilia", "Luiz Inacio Lula da Silva", "Lula"),
    ("Vietnam", "Vietnamese", None, "Hanoi", None, None),
]
OUTLETS = ["Northbridge Wire", "Continental Post", "Eastern Ledger", "The Harbour Review", "Meridian Daily",
           "Asia Ledger Online", "Capital Brief Online", "Southeast Asia Monitor", "Bench Times", "Synthetic Herald"]
FIRST = ["Anna", "Ben", "Chiara", "Dmitri", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kavya", "Lena",
         "Marta", "Nikhil", "Olga", "Pablo", "Quynh", "Rosa", "Sami", "Tomasz", "Uma", "Viktor", "Wen", "Yusuf"]
LAST = ["Ahn", "Bauer", "Costa", "Dubois", "Eriksen", "Fujita", "Garcia", "Haddad", "Ivanova", "Jensen", "Khan",
        "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka", "Usman", "Varga"]
# Longer names that contain a swapped surname and must stay as they are.
PROTECTED = ["Kim Il Sung", "Kim Jong Il", "Kim Jong-il", "Kim Yo Jong", "Kim Yo-jong", "Kim Jong-un"]
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@lru_cache(maxsize=1)
def base_articles() -> tuple[dict, ...]:
    """The sample articles as dicts (article_id, title, text, published_at, outlet), in a fixed order."""
    from pipelines.article_loading import read_paths

    out = []
    for result in read_paths([SAMPLE_CORPUS]):
        if not result.is_article:
            continue  # gold.jsonl lines are not articles
        rec = result.record
        title = (rec.get("title") or "").strip()
        text = rec["text"]
        if title and not text.startswith(title):
            text = title + "\n" + text  # a .txt file's first line is its title
        out.append(dict(article_id=rec["article_id"], title=title, text=text,
                        published_at=rec.get("published_at"), outlet=rec.get("outlet")))
    out.sort(key=lambda a: a["article_id"])
    return tuple(out)


def _swap_table(rng: random.Random) -> dict[str, str]:
    """Surface form -> replacement, from a random permutation of STATES."""
    perm = list(range(len(STATES)))
    rng.shuffle(perm)
    table = {}
    for i, j in enumerate(perm):
        src, dst = STATES[i], STATES[j]
        for k, (a, b) in enumerate(zip(src, dst)):
            if a is None:
                continue
            if b is None:  # no counterpart (e.g. no plural demonym): fall back to a related form
                b = {2: dst[1], 4: dst[0], 5: dst[4] or dst[0]}.get(k)
            if b is None:
                continue
            table[a] = b
            if a.startswith("the "):
                table[a[0].upper() + a[1:]] = b[0].upper() + b[1:] if b.startswith("the ") else b
                table[a[4:]] = b[4:] if b.startswith("the ") else b
    if table:
        for name in PROTECTED:
            table.setdefault(name, name)
    return table


def _apply(text: str, table: dict[str, str]) -> str:
    if not table:
        return text
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")
    return pattern.sub(lambda m: table[m.group(1)], text)


def make_article(i: int, seed: int = 0) -> dict:
    """Article number ``i`` of the corpus for ``seed`` (independent of N)."""
    bases = base_articles()
    base = bases[i % len(bases)]
    variant = i // len(bases)
    rng = random.Random(f"{seed}:{i}")
    table = {} if variant == 0 else _swap_table(rng)
    years = 0 if variant == 0 else rng.randint(-6, 1)
    hours = 0 if variant == 0 else rng.randint(-72, 72)

    def shift_years(s: str) -> str:
        return _YEAR.sub(lambda m: str(int(m.group(1)) + years), s) if years else s

    text = shift_years(_apply(base["text"], table))
    title = shift_years(_apply(base["title"], table))
    published = base["published_at"]
    if published is not None:
        try:
            published = published.replace(year=published.year + years)
        except ValueError:  # 29 February
            published = published.replace(year=published.year + years, day=28)
        published = published + timedelta(hours=hours)
    reporter = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    article_id = f"bench{i:07d}_{base['article_id']}"
    text = text.rstrip("\n") + f"\n\nReporting by {reporter}; story {seed}-{i}.\n"
    first_line, _, rest = text.partition("\n")
    if first_line.strip() != title:  # keep the title as the first line of the .txt
        text = title + "\n" + text
    return dict(
        article_id=article_id,
        title=title,
        text=text,
        published_at=published.isoformat() if published is not None else None,
        url=f"https://bench.example/{seed}/{article_id}",
        outlet=OUTLETS[rng.randrange(len(OUTLETS))],
    )


def make_corpus(n: int, out_dir: Path | str, seed: int = 0, start: int = 0) -> dict:
    """Write articles ``start .. start+n-1`` to ``out_dir``; return counts (articles, words, bytes)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    total_words = total_bytes = 0
    for i in range(start, start + n):
        a = make_article(i, seed)
        meta = dict(published_at=a["published_at"], url=a["url"], outlet=a["outlet"], title=a["title"])
        tmp = out / f".{a['article_id']}.tmp"
        tmp.write_text(a["text"], encoding="utf-8")
        (out / f"{a['article_id']}.meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        tmp.rename(out / f"{a['article_id']}.txt")  # sidecar first, then the article appears
        total_words += words(a["text"])
        total_bytes += len(a["text"].encode())
    return dict(articles=n, words=total_words, bytes=total_bytes, dir=str(out))


def load_corpus(directory: Path | str) -> list[dict]:
    """The corpus read back the way the pipeline reads it (read_paths), as extractor inputs."""
    from pipelines.article_loading import read_paths

    arts = []
    for result in read_paths([Path(directory)]):
        if result.is_article:
            r = result.record
            arts.append(dict(article_id=r["article_id"], title=r.get("title"), text=r["text"],
                             published_at=r["published_at"].isoformat() if r.get("published_at") else None))
    arts.sort(key=lambda a: a["article_id"])
    return arts


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200, help="number of articles (default 200)")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--start", type=int, default=0, help="first article number (to add new articles later)")
    args = p.parse_args(argv)
    info = make_corpus(args.n, args.out, args.seed, args.start)
    print(f"corpus: {info['articles']} articles, {info['words']:,} words, {info['bytes']:,} bytes -> {info['dir']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
