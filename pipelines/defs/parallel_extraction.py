"""parallel_extraction: extraction split into hash shards, run in parallel processes.

A job for large backlogs (a new extractor version over the whole history, a big
backfill): each shard op extracts the pending articles whose id hashes to its bucket,
in its own process (Dagster's multiprocess executor), and takes the writer lock only
to write its chunks. The marts are rebuilt afterwards by ``warehouse_refresh`` or
``reextraction``. On a cluster the same job runs with the dagster-k8s or Celery
executor instead (docs/scaling.md).
"""
import os

import dagster as dg

from pipelines.defs.resources import ExtractorResource, LakeResource
from pipelines.locking import writer_lock
from pipelines.mention_extraction import extract_pending
from pipelines.storage import new_batch_id


class ShardConfig(dg.Config):
    shards: int = 2


@dg.op(out=dg.DynamicOut(dict), description="One output per shard: {index, count}.")
def extraction_shards(config: ShardConfig):
    for index in range(config.shards):
        yield dg.DynamicOutput({"index": index, "count": config.shards}, mapping_key=f"shard_{index}")


@dg.op(description="Extract the pending articles of one hash shard.")
def extract_shard(context: dg.OpExecutionContext, lake: LakeResource, extractor: ExtractorResource,
                  shard: dict) -> dict:
    index, count = shard["index"], shard["count"]
    summary = extract_pending(lake.lake(), extractor.extractor(), f"{new_batch_id(context.run_id)}-s{index}",
                              context.run_id, shard=(index, count), write_lock=writer_lock,
                              workers=1)  # the shards are the parallelism
    return {"shard": index, "pid": os.getpid(), "articles": summary.articles_extracted,
            "mentions": summary.mentions_written}


@dg.op(description="Sum up what the shards did.")
def extraction_totals(context: dg.OpExecutionContext, results: list[dict]) -> dict:
    totals = {"articles": sum(r["articles"] for r in results), "mentions": sum(r["mentions"] for r in results),
              "processes": len({r["pid"] for r in results}), "shards": sorted(results, key=lambda r: r["shard"])}
    context.add_output_metadata({"articles": totals["articles"], "mentions": totals["mentions"],
                                 "processes": totals["processes"]})
    return totals


@dg.job(executor_def=dg.multiprocess_executor.configured({"max_concurrent": 2}),
        description="Extract pending articles in parallel processes, one hash shard each.")
def parallel_extraction():
    extraction_totals(extraction_shards().map(extract_shard).collect())


def parallel_extraction_job() -> dg.JobDefinition:
    """The job with the code location's resources bound, as a target for ``dg.reconstructable``
    (how a Python script runs it on the multiprocess executor outside the UI)."""
    from pipelines.definitions import defs

    return defs.resolve_job_def("parallel_extraction")
