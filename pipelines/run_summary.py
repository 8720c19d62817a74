"""The summary printed at the end of ``events run``: counts, events by type, newest events."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipelines.storage import Lake
from pipelines.warehouse import connect_read_only


def print_summary(warehouse: Path, lake: Lake, *, new_articles: int, new_quarantined: int,
                  elapsed: float, console: Console) -> None:
    totals = lake.query(
        "select (select count(distinct article_id) from {articles}), (select count(*) from {quarantine})")[0]
    console.print(f"\n[bold]articles ingested[/]: {new_articles} new, {totals[0]} in total")
    console.print(f"[bold]articles quarantined[/]: {new_quarantined} new, {totals[1]} in total"
                  + ("  (see `events quarantine`)" if totals[1] else ""))
    if not warehouse.exists():
        console.print(f"[red]no warehouse at {warehouse}[/]")
        return
    with connect_read_only(warehouse) as con:
        by_type = con.execute(
            "select event_type, count(*), sum(n_mentions), sum(n_articles) from fct_events group by 1 order by 1"
        ).fetchall()
        newest = con.execute(
            """select event_date, event_type, coalesce(source || ' -> ' || target, array_to_string(parties, ', ')),
                      modality, evidence
               from fct_events order by event_date desc nulls last, event_id limit 5"""
        ).fetchall()
    table = Table(title="events by type")
    for col in ("event type", "events", "mentions", "article reports"):
        table.add_column(col, justify="right" if col != "event type" else "left")
    for row in by_type:
        table.add_row(*(str(v) for v in row))
    console.print(table)
    table = Table(title="five newest events")
    for col in ("date", "type", "states", "modality", "evidence"):
        table.add_column(col, overflow="fold")
    for date, kind, states, modality, evidence in newest:
        table.add_row(str(date) if date else "-", kind, states, modality, evidence)
    console.print(table)
    console.print(f"warehouse: {warehouse}  ({elapsed:.1f} s)   query it: duckdb -readonly {warehouse}")
