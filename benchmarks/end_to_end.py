"""`events run` end to end on generated corpora: wall time, memory, time per stage, words/s.

    .venv/bin/python benchmarks/end_to_end.py [--sizes 1000,10000] [--seed 0] [--keep DIR]

For each size N (default 1000):

1. build a corpus of N articles (benchmarks/corpus.py) in a temporary landing folder;
2. run ``events run --landing LANDING --warehouse WAREHOUSE`` as a subprocess with
   EVENTS_DATA_DIR and DAGSTER_HOME in the same temporary folder (nothing under data/);
3. add 1% new articles (at least one) and run again (incremental run);
4. run again with nothing new (no-op run; target <= 10 s wall, start-up included).

All runs of one size execute a frozen copy of the code taken at the start (see
``snapshot_code``: the extractor's version is a hash of its rule files, and people edit
them while benchmarks run); ``--live`` runs the working tree's ``events`` instead.

Per run it prints the wall time; the peak RSS of the whole process tree (the ``events``
process and its children, e.g. the dbt subprocess and the extraction workers: summed VmRSS
polled from /proc every 0.2 s, since psutil is not installed), the same for PSS (pages the
forked workers share with their parent counted once) and the largest per-process peak
(VmHWM); the time
per stage read from the Dagster run's step stats (``instance.get_run_step_stats``):
ingest = ``news/articles``, extract = ``extraction/event_mentions`` (spaCy + pandera
contract), validate = the Python asset checks (quarantine rate, articles with events, pandera
contracts on marts: steps ``*_contract``),
reference = the actors gazetteer, dbt = the dbt build step (models and dbt tests), start-up =
wall minus the run's own duration (process start, imports, definitions, summary); and
the CPU time of the run and its children (user + sys, from getrusage(RUSAGE_CHILDREN)):
CPU well below wall means the run waited for a CPU (or for I/O); and
the throughput in words/s (words of the articles the run ingested / wall) with its ratio
to bare ``nlp.pipe`` (n_process=1, batch_size=32), measured here on the first
--baseline-articles articles of the corpus unless --baseline-wps is given.

The machine may be shared: the load average is printed before and after every run.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO_ROOT, TreeMemoryPoller, extraction_fingerprint, loadavg, print_machine, write_json  # noqa: E402
from corpus import make_corpus  # noqa: E402

EVENTS = REPO_ROOT / ".venv" / "bin" / "events"
PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
SNAPSHOT = ("pipelines", "schemas", "dbt_project", "sources.yaml", "pyproject.toml")


def snapshot_code(dest: Path) -> dict:
    """Copy the pipeline code (pipelines/, schemas/, dbt_project/) to ``dest``.

    Other people edit the extractor while benchmarks run; its version is a hash of its
    rule and gazetteer files, so an edit between two runs makes every article pending
    again and the incremental and no-op runs would re-extract everything. All runs of
    one size use this frozen copy instead (``python -m pipelines`` with the copy first
    on PYTHONPATH; the venv and its packages are the repository's)."""
    import shutil as sh

    dest.mkdir(parents=True, exist_ok=True)
    ignore = sh.ignore_patterns("__pycache__", "target", "logs", "*.pyc", ".pytest_cache")
    for name in SNAPSHOT:
        src = REPO_ROOT / name
        if src.is_dir():
            sh.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            sh.copy2(src, dest / name)
    out = subprocess.run([str(PYTHON), "-c", "import pipelines, sys; from pipelines.extraction import Extractor; "
                          "print(pipelines.__file__); print(Extractor().version)"],
                         cwd=str(dest), env=dict(os.environ, PYTHONPATH=str(dest)), capture_output=True, text=True)
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines or not lines[0].startswith(str(dest)):
        raise SystemExit(f"code snapshot in {dest} is not the one imported: {out.stdout} {out.stderr[-2000:]}")
    return dict(code=str(dest), extractor_version=lines[-1], extraction_code=extraction_fingerprint(dest))


def stage_of(step_key: str) -> str:
    key = step_key.lower()
    if "quarantine_rate" in key or "articles_with_events" in key or key.endswith("_contract"):
        return "validate"  # the Python asset checks (each its own step), incl. pandera contracts on marts
    if key == "news__articles":
        return "ingest"
    if key == "event_mentions":
        return "extract"
    if key == "reference__actors":
        return "reference"
    if "dbt" in key or "warehouse" in key:
        return "dbt"
    return "other"


def step_stats(dagster_home: Path) -> dict:
    """Step durations of the newest run in this Dagster instance."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        run = instance.get_runs(limit=1)[0]
        stats = instance.get_run_step_stats(run.run_id)
        run_stats = instance.get_run_stats(run.run_id)
        steps = []
        for s in stats:
            if s.start_time is None or s.end_time is None:
                continue
            steps.append(dict(step=s.step_key, stage=stage_of(s.step_key), seconds=s.end_time - s.start_time,
                              status=str(s.status.value if s.status else None)))
        run_seconds = (run_stats.end_time or 0) - (run_stats.start_time or 0)
        return dict(run_id=run.run_id, status=str(run.status.value), run_seconds=run_seconds, steps=steps)
    finally:
        instance.dispose()


def run_events(work: Path, landing: Path, label: str, log_dir: Path, code: Path | None) -> dict:
    data = work / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTS_")}
    env.update(EVENTS_DATA_DIR=str(data), DAGSTER_HOME=str(data / "dagster_home"), DO_NOT_TRACK="1")
    if os.environ.get("EVENTS_SPACY_MODEL"):
        env["EVENTS_SPACY_MODEL"] = os.environ["EVENTS_SPACY_MODEL"]
    args = ["run", "--landing", str(landing), "--warehouse", str(data / "warehouse.duckdb")]
    if code is not None:  # the frozen copy: `python -m pipelines` is the `events` command
        env["PYTHONPATH"] = str(code)
        cmd = [str(PYTHON), "-m", "pipelines", *args]
    else:
        cmd = [str(EVENTS), *args]
    out_path, err_path = log_dir / f"{label}.stdout", log_dir / f"{label}.stderr"
    load_before = loadavg()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, cwd=str(code or REPO_ROOT))
        poller = TreeMemoryPoller(proc.pid)
        poller.start()
        rc = proc.wait()
        poller.stop()
    wall = time.perf_counter() - started
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)  # the run and all its children
    row = dict(cpu_seconds=cpu, label=label, command=" ".join(cmd), returncode=rc, wall_seconds=wall, load_before=load_before,
               load_after=loadavg(), peak_tree_rss_mib=poller.peak_tree_kib / 1024,
               peak_tree_pss_mib=poller.peak_tree_pss_kib / 1024,
               peak_process_hwm_mib=poller.peak_hwm_kib / 1024, max_processes=poller.max_procs,
               ru_maxrss_children_mib=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
               stdout=str(out_path), stderr=str(err_path))
    if rc != 0:
        print(f"  !! {label}: events run exited {rc}; see {err_path}")
        print("     " + "\n     ".join(err_path.read_text().splitlines()[-15:]))
    try:
        row.update(step_stats(data / "dagster_home"))
    except Exception as exc:  # noqa: BLE001 - report, keep the wall time
        row["step_stats_error"] = repr(exc)
    stages: dict[str, float] = {}
    for s in row.get("steps", []):
        stages[s["stage"]] = stages.get(s["stage"], 0.0) + s["seconds"]
    if "run_seconds" in row:
        stages["start-up"] = wall - row["run_seconds"]
    row["stages"] = stages
    return row


def baseline_nlp_wps(landing: Path, n_articles: int) -> dict:
    from corpus import load_corpus
    from nlp_limit import load_model, pipe_rate

    arts = load_corpus(landing)[:n_articles]
    return pipe_rate(load_model(), [a["text"] for a in arts], 1, 32)


def show(row: dict, new_words: int, base_wps: float | None) -> None:
    st = row.get("stages", {})
    order = ["start-up", "ingest", "extract", "validate", "reference", "dbt", "other"]
    stages = "  ".join(f"{k} {st[k]:.1f}s" for k in order if k in st)
    wps = new_words / row["wall_seconds"] if new_words else 0.0
    ratio = f" = {wps / base_wps:.2f}x bare nlp.pipe" if base_wps and new_words else ""
    print(f"  {row['label']:<22} wall {row['wall_seconds']:7.1f} s  rc {row['returncode']}  "
          f"peak tree RSS {row['peak_tree_rss_mib']:,.0f} MiB, PSS {row['peak_tree_pss_mib']:,.0f} MiB "
          f"(largest process {row['peak_process_hwm_mib']:,.0f} MiB, "
          f"{row['max_processes']} procs)  cpu {row['cpu_seconds']:.1f} s  load {row['load_before']} -> {row['load_after']}")
    print(f"  {'':<22} stages: {stages}")
    if new_words:
        print(f"  {'':<22} {new_words:,} new words -> {wps:,.0f} words/s end to end{ratio}")
    if row.get("step_stats_error"):
        print(f"  {'':<22} step stats unavailable: {row['step_stats_error']}")


def bench_size(n: int, seed: int, keep: Path | None, base: dict | None, baseline_articles: int,
               live: bool = False) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"bench-e2e-{n}-", dir=keep))
    landing = work / "landing"
    logs = work / "logs"
    logs.mkdir(parents=True)
    info = make_corpus(n, landing, seed)
    print(f"\n== {n} articles, {info['words']:,} words  (work dir {work})")
    code = None
    if not live:
        snap = snapshot_code(work / "code")
        code = Path(snap["code"])
        print(f"  code: frozen copy of the working tree in {code}; extractor {snap['extractor_version']} "
              f"(pipelines/extraction files sha256 {snap['extraction_code']})")
    if base is None:
        base = baseline_nlp_wps(landing, baseline_articles)
        print(f"  bare nlp.pipe n_process=1 on the first {baseline_articles} articles: "
              f"{base['words_per_s']:,.0f} words/s (load {base['load_before']} -> {base['load_after']})")
    base_wps = base["words_per_s"]
    result = dict(size=n, corpus=info, baseline=base, runs=[], code=str(code or REPO_ROOT),
                  extraction_code=extraction_fingerprint(code) if code else extraction_fingerprint())

    first = run_events(work, landing, f"initial-{n}", logs, code)
    show(first, info["words"], base_wps)
    result["runs"].append(dict(first, new_articles=n, new_words=info["words"]))

    n_new = max(1, n // 100)
    extra = make_corpus(n_new, landing, seed, start=n)
    inc = run_events(work, landing, f"incremental+{n_new}", logs, code)
    show(inc, extra["words"], base_wps)
    result["runs"].append(dict(inc, new_articles=n_new, new_words=extra["words"]))
    fx, ix = first["stages"].get("extract"), inc["stages"].get("extract")
    if fx and ix:
        print(f"  {'':<22} extract stage: {ix:.1f} s for {n_new} articles vs {fx:.1f} s for {n} "
              f"-> {ix / fx:.1%} of the time for {n_new / n:.1%} of the articles")

    noop = run_events(work, landing, "no-op", logs, code)
    show(noop, 0, base_wps)
    verdict = "meets" if noop["wall_seconds"] <= 10 else "does NOT meet"
    print(f"  {'':<22} no-op run {noop['wall_seconds']:.1f} s wall -> {verdict} the <= 10 s target")
    result["runs"].append(dict(noop, new_articles=0, new_words=0))
    try:  # every article extracted exactly once, by one extractor version?
        import duckdb

        rows = duckdb.sql(f"select extractor_version, count(*) from read_parquet('{work}/data/lake/extractions/*.parquet')"
                          " group by 1").fetchall()
        result["extractions"] = {v: c for v, c in rows}
        print(f"  {'':<22} extraction log: " + ", ".join(f"{v}: {c} articles" for v, c in rows)
              + f" (expected one version, {n + n_new} articles)")
    except Exception as exc:  # noqa: BLE001
        print(f"  could not read the extraction log: {exc!r}")
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1000", help="comma-separated corpus sizes (default 1000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--baseline-wps", type=float, help="bare nlp.pipe words/s to compare with (default: measure)")
    p.add_argument("--baseline-articles", type=int, default=150,
                   help="articles to measure bare nlp.pipe on (default 150)")
    p.add_argument("--live", action="store_true",
                   help="run the working tree's `events` instead of a frozen copy of the code (see snapshot_code)")
    p.add_argument("--keep", help="keep the work folders under this directory (default: delete them)")
    p.add_argument("--json", help="also write the results to this JSON file")
    args = p.parse_args(argv)

    if not EVENTS.exists():
        raise SystemExit(f"{EVENTS} not found: run `make install` first")
    info = print_machine()
    keep = Path(args.keep).resolve() if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    base = None
    if args.baseline_wps:
        base = dict(what="given", words_per_s=args.baseline_wps, load_before="n/a", load_after="n/a")
    results = []
    for n in [int(x) for x in args.sizes.split(",") if x]:
        results.append(bench_size(n, args.seed, keep, base, args.baseline_articles, args.live))
        base = results[-1]["baseline"]  # one baseline for all sizes
    write_json(args.json, dict(machine=info, results=results))
    failed = [r["label"] for res in results for r in res["runs"] if r["returncode"] != 0]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
