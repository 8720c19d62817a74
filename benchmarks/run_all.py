"""All benchmarks at small sizes (what `make bench` runs).

    .venv/bin/python benchmarks/run_all.py [--n 200] [--e2e-sizes 200] [--seed 0]

Builds one corpus of N articles in a temporary folder and runs on it, in order:
benchmarks/nlp_limit.py (bare spaCy: nlp.pipe with 1 and 2 processes, tokenizer),
benchmarks/extractor_throughput.py (Extractor.extract_many and its ratio to nlp.pipe),
then benchmarks/end_to_end.py (`events run`: initial, +1% incremental, no-op) at
--e2e-sizes, compared with the nlp.pipe rate measured by the first script.
Larger runs: call the scripts themselves (see docs/benchmarks.md).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import end_to_end  # noqa: E402
import extractor_throughput  # noqa: E402
import nlp_limit  # noqa: E402
from corpus import make_corpus  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200, help="articles for the NLP and extractor benchmarks (default 200)")
    p.add_argument("--e2e-sizes", default="200", help="corpus sizes for end_to_end.py (default 200)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-all-"))
    try:
        corpus = work / "corpus"
        info = make_corpus(args.n, corpus, args.seed)
        print(f"corpus: {info['articles']} articles, {info['words']:,} words\n")
        print("## nlp_limit")
        nlp_limit.main(["--corpus", str(corpus), "--json", str(work / "nlp.json")])
        base = next(r for r in json.loads((work / "nlp.json").read_text())["results"]
                    if r["what"].startswith("nlp.pipe n_process=1"))
        print("\n## extractor_throughput")
        extractor_throughput.main(["--corpus", str(corpus)])
        print("\n## end_to_end")
        rc = end_to_end.main(["--sizes", args.e2e_sizes, "--seed", str(args.seed),
                              "--baseline-wps", str(base["words_per_s"])])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
