"""Quality signals as asset checks (dbt tests are loaded as checks by dagster-dbt)."""

import dagster as dg

from pipelines import settings
from pipelines.defs.resources import LakeResource


@dg.asset_check(asset=dg.AssetKey(["news", "articles"]), blocking=True,
                description="Share of the latest batch that was quarantined. Past EVENTS_MAX_QUARANTINE_RATE "
                "the check fails and, being blocking, stops the marts from being rebuilt from that batch.")
def quarantine_rate(lake: LakeResource) -> dg.AssetCheckResult:
    limit = settings.quarantine_rate_limit()
    rows = lake.lake().query(
        "select batch_id, n_seen, n_quarantined from {batches} order by finished_at desc limit 1"
    )
    if not rows or not rows[0][1]:
        return dg.AssetCheckResult(passed=True, metadata={"rate": 0.0, "limit": limit, "note": "empty batch"})
    batch_id, seen, quarantined = rows[0]
    rate = quarantined / seen
    passed = rate <= limit
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=None if passed else (
            f"batch {batch_id}: {quarantined}/{seen} records quarantined ({rate:.0%}) > limit {limit:.0%}; "
            "marts not rebuilt from it. See `events quarantine`."),
        metadata={"batch_id": batch_id, "seen": seen, "quarantined": quarantined, "rate": rate, "limit": limit},
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


def _mart_contract_check(table: str):
    from schemas.marts import MART_CONTRACTS
    from schemas.validation import split_valid

    @dg.asset_check(asset=dg.AssetKey([table]), name=f"{table}_contract",
                    description=f"pandera contract {MART_CONTRACTS[table].__name__} on the built mart.")
    def _check() -> dg.AssetCheckResult:
        from pipelines.warehouse import connect_read_only

        with connect_read_only(settings.warehouse_path()) as con:
            frame = con.execute(f'select * from "{table}"').df()
        valid, reasons = split_valid(frame, MART_CONTRACTS[table])
        examples = [f"row {i}: {'; '.join(r)}" for i, r in list(reasons.items())[:5]]
        return dg.AssetCheckResult(
            passed=not reasons,
            metadata={"rows": len(frame), "failing_rows": len(reasons),
                      "examples": dg.MetadataValue.json(examples)},
        )

    return _check


mart_contract_checks = [_mart_contract_check(t) for t in ("fct_events", "fct_event_participants", "dim_actors")]
