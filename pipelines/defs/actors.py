"""reference/actors: the actor gazetteer, exported for the warehouse's dim_actors."""

import dagster as dg

from pipelines.defs.resources import LakeResource
from pipelines.locking import writer_lock


@dg.asset(
    key=["reference", "actors"],
    group_name="extraction",
    kinds={"python", "parquet"},
    description="The actor gazetteer (states, organisations, historical states) the extractor resolves names to.",
)
def actors(context: dg.AssetExecutionContext, lake: LakeResource) -> dg.MaterializeResult:
    from pipelines.extraction.gazetteer import actors_table

    table = actors_table()
    with writer_lock(context.log.info):
        lake.lake().write("actors", table.to_dict("records"), batch_id="actors", replace=True)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(table),
            "by_kind": dg.MetadataValue.json(table["actor_kind"].value_counts().to_dict()),
        }
    )
