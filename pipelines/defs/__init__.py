"""Dagster objects only; each module is a thin wrapper over plain library code."""
