"""Jobs: the whole pipeline, and the re-extraction job for a new extractor version."""

import dagster as dg

# Everything: ingest the landing folder, extract new articles, rebuild the marts.
warehouse_refresh = dg.define_asset_job(
    "warehouse_refresh",
    selection=dg.AssetSelection.all(),
    description="Ingest new articles, extract events from them, rebuild the warehouse.",
)

# After the extractor changes (its version is a hash of its code, rules and gazetteer),
# every article is pending again: this job re-extracts and rebuilds without ingesting.
# Staging keeps each article's latest extraction only, so the marts never double up.
reextraction = dg.define_asset_job(
    "reextraction",
    selection=dg.AssetSelection.all() - dg.AssetSelection.keys(["news", "articles"]),
    description="Re-extract every article the current extractor version has not seen, then rebuild the marts.",
)
