"""Quality signals as asset checks (dbt tests are loaded as checks by dagster-dbt)."""

import dagster as dg

from pipelines import settings
from pipelines.defs.resources import LakeResource


@dg.asset_check(asset=dg.AssetKey(["news", "articles"]), blocking=True,
                description="Share of each batch of this run that was quarantined. Past EVENTS_MAX_QUARANTINE_RATE "
                "the check fails and, being blocking, stops the marts from being rebuilt from that batch.")
def quarantine_rate(context: dg.AssetCheckExecutionContext, lake: LakeResource) -> dg.AssetCheckResult:
    limit = settings.quarantine_rate_limit()
    columns = "batch_id, source_name, n_seen, n_quarantined"
    batches = lake.lake().query(f"select {columns} from {{batches}} where run_id = ? order by batch_id",
                                [context.run.run_id])
    if not batches:  # checked outside an ingestion run: the latest batch
        batches = lake.lake().query(f"select {columns} from {{batches}} order by finished_at desc limit 1")
    rates = {batch_id: (source, seen, quarantined, quarantined / seen if seen else 0.0)
             for batch_id, source, seen, quarantined in batches}
    over = {b: r for b, r in rates.items() if r[3] > limit}
    return dg.AssetCheckResult(
        passed=not over,
        severity=dg.AssetCheckSeverity.ERROR,
        description="; ".join(
            f"batch {b} ({source}): {q}/{seen} records quarantined ({rate:.0%}) > limit {limit:.0%}"
            for b, (source, seen, q, rate) in over.items()) + (
            "; marts not rebuilt from it. See `events quarantine`." if over else "") or None,
        metadata={"limit": limit, "max_rate": max((r[3] for r in rates.values()), default=0.0),
                  "batches": dg.MetadataValue.json({b: {"source": r[0], "seen": r[1], "quarantined": r[2],
                                                        "rate": round(r[3], 4)} for b, r in rates.items()})},
    )


@dg.asset_check(asset=dg.AssetKey(["extraction", "event_mentions"]),
                description="Share of extracted articles with at least one event (a collapse signals a broken extractor).")
def articles_with_events(lake: LakeResource) -> dg.AssetCheckResult:
    total, with_events = lake.lake().query(
        """with latest as (select * from {extractions}
                           qualify row_number() over (partition by article_id order by extracted_at desc) = 1)
           select count(*), count(*) filter (where n_events > 0) from latest"""
    )[0]
    share = with_events / total if total else 0.0
    return dg.AssetCheckResult(
        passed=total == 0 or share > 0.05,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"articles": total, "with_events": with_events, "share": share},
    )


CONTRACT_CHUNK_VECTORS = 4  # the mart contracts validate 4 DuckDB vectors (8,192 rows) at a time


def _mart_contract_check(table: str):
    from schemas.marts import MART_CONTRACTS

    @dg.asset_check(asset=dg.AssetKey([table]), name=f"{table}_contract",
                    description=f"pandera contract {MART_CONTRACTS[table].__name__} on the built mart.")
    def _check() -> dg.AssetCheckResult:
        from pipelines.warehouse import connect_read_only
        from schemas.validation import invalid_rows_in_chunks

        with connect_read_only(settings.warehouse_path()) as con:
            con.execute(f'select * from "{table}"')
            rows, reasons = invalid_rows_in_chunks(_frames(con), MART_CONTRACTS[table])
        examples = [f"row {i}: {'; '.join(r)}" for i, r in sorted(reasons.items())[:5]]
        return dg.AssetCheckResult(
            passed=not reasons,
            metadata={"rows": rows, "failing_rows": len(reasons),
                      "examples": dg.MetadataValue.json(examples)},
        )

    return _check


def _frames(con):
    """The pending result of ``con`` as DataFrames of CONTRACT_CHUNK_VECTORS vectors each
    (fetch_df_chunk returns an empty frame once the result is exhausted)."""
    while not (frame := con.fetch_df_chunk(CONTRACT_CHUNK_VECTORS)).empty:
        yield frame


mart_contract_checks = [_mart_contract_check(t) for t in ("fct_events", "fct_event_participants", "dim_actors")]
