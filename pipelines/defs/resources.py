"""Resources: the lake, the extractor and dbt, configured from environment variables."""

from functools import lru_cache

import dagster as dg

from pipelines import settings
from pipelines.project import DBT_EXECUTABLE, ProjectDbtCliResource, dbt_project
from pipelines.storage import Lake


@lru_cache(maxsize=4)
def _extractor(model_name: str):
    from pipelines.extraction import Extractor  # loads spaCy: only when an asset needs it

    return Extractor(model_name=model_name)


class LakeResource(dg.ConfigurableResource):
    """The Parquet lake (EVENTS_LAKE; default data/lake)."""

    root: str | None = None

    def lake(self) -> Lake:
        return Lake(self.root or settings.lake_dir())


class ExtractorResource(dg.ConfigurableResource):
    """The spaCy event extractor; the model package comes from EVENTS_SPACY_MODEL."""

    model_name: str | None = None

    def extractor(self):
        return _extractor(self.model_name or settings.spacy_model())


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "lake": LakeResource(),
            "extractor": ExtractorResource(),
            "dbt": ProjectDbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE)),
        }
    )
