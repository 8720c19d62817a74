"""reference/actors: the actor gazetteer, exported for the warehouse's dim_actors."""
from __future__ import annotations

import dagster as dg

from pipelines.defs.resources import LakeResource


@dg.asset(
    key=["reference", "actors"],
    group_name="extraction",
    kinds={"python", "parquet"},
    description="The actor gazetteer (states, organisations, historical states) the extractor resolves names to.",
)
def actors(lake: LakeResource) -> dg.MaterializeResult:
    from pipelines.extraction.gazetteer import actors_table

    table = actors_table()
    lake.lake().write("actors", table.to_dict("records"), batch_id="actors", replace=True)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(table),
            "by_kind": dg.MetadataValue.json(table["actor_kind"].value_counts().to_dict()),
        }
    )
