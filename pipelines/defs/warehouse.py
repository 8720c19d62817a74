"""The dbt models (staging -> intermediate -> marts) as assets; dbt tests become asset checks."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines import settings
from pipelines.locking import writer_lock
from pipelines.project import dbt_env, dbt_project, ensure_manifest
from pipelines.warehouse import building_copy

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
    """Build every dbt model and run its tests into a copy of the warehouse, then swap it in."""
    warehouse = settings.warehouse_path()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    env = dbt_env()
    saved = {k: os.environ.get(k) for k in env}
    with writer_lock(context.log.info), building_copy(warehouse) as build:
        os.environ.update(env, EVENTS_WAREHOUSE=str(build))  # the dbt subprocess inherits os.environ
        try:
            yield from dbt.cli(["build"], context=context).stream()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
