"""Dagster entry point: load every definition from the ``pipelines/defs`` folder."""
from pathlib import Path

import dagster as dg

defs = dg.load_from_defs_folder(path_within_project=Path(__file__).resolve().parent)
