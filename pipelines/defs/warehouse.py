"""The dbt models (staging -> intermediate -> marts) as assets; dbt tests become asset checks."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines import settings
from pipelines.locking import writer_lock
from pipelines.project import DBT_BUILD_ARGS, build_env, dbt_project, ensure_manifest, keep_partial_parse_state
from pipelines.warehouse import build_fingerprint, building_copy, is_up_to_date, record_full_build

ensure_manifest()


class WarehouseTranslator(DagsterDbtTranslator):
    """Groups dbt models by layer; dbt sources keep their [source, table] keys, which are
    the keys of the Python assets that write them (news/articles, extraction/event_mentions)."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props.get("resource_type") in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["name"]])  # one name per dataset, no schema prefix
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props.get("resource_type") == "model":
            folders = dbt_resource_props.get("fqn", [])[1:-1]
            return f"warehouse_{folders[0]}" if folders else "warehouse"
        return super().get_group_name(dbt_resource_props)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=WarehouseTranslator())
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Build every dbt model and run its data tests into a copy of the warehouse, then swap it in
    (dbt's unit tests are left to the test suite: see DBT_BUILD_ARGS).

    A full build is skipped when the live warehouse was fully built from exactly the same
    lake files and dbt project (nothing new was ingested or extracted): a no-op run stays cheap.
    """
    warehouse = settings.warehouse_path()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    full_build = set(context.selected_asset_keys) == set(context.assets_def.keys)
    with writer_lock(context.log.info):
        fingerprint = build_fingerprint(settings.lake_dir(), dbt_project.manifest_path)
        if full_build and is_up_to_date(warehouse, fingerprint):
            context.log.info("warehouse is up to date with the lake and the dbt project: dbt build skipped")
            return
        env = build_env()
        saved = {k: os.environ.get(k) for k in env}
        try:
            with building_copy(warehouse) as build:
                os.environ.update(env, EVENTS_WAREHOUSE=str(build))  # the dbt subprocess inherits os.environ
                invocation = dbt.cli(DBT_BUILD_ARGS, context=context)
                yield from invocation.stream()
                keep_partial_parse_state(invocation.target_path)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        if full_build:  # only once the new file is live
            record_full_build(warehouse, fingerprint)
