"""Ingestion: read, clean, hash and deduplicate articles (plain Python, no Dagster).

Public entry points:

- :func:`pipelines.ingest.readers.read_landing` - a landing folder -> ReadResults
- :class:`pipelines.ingest.batch.IngestStream` - one configured source -> IngestBatch chunks
  (:func:`pipelines.ingest.batch.ingest_source`: the whole source as one IngestBatch)
- :func:`pipelines.ingest.sources.load_sources` - ``sources.yaml`` -> validated sources
- :func:`pipelines.ingest.dedup.deduplicate` - new articles vs. already stored ones
"""
