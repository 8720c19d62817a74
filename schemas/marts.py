"""Contracts for the marts, checked after dbt builds them (Dagster asset checks in pipelines/defs/checks.py).

dbt tests hold the relational invariants (keys, relationships); these models hold the
domain rules a BI user relies on, on the same vocabulary as everything else.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.event_mentions import actor_codes
from schemas.vocabulary import ACTOR_KINDS, DATE_PRECISIONS, EVENT_TYPES, MODALITIES, PARTICIPANT_ROLES

LABEL_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class FctEvents(pa.DataFrameModel):
    """One row per canonical event: a real happening, however many articles reported it."""

    event_id: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{32}$", description="Deterministic event key.")
    event_type: Series[str] = pa.Field(isin=list(EVENT_TYPES), description="Event type.")
    source: Series[str] = pa.Field(nullable=True, description="Visitor or supplier; null for treaties.")
    target: Series[str] = pa.Field(nullable=True, description="Host or recipient; null for treaties.")
    states: Series[object] = pa.Field(description="Every state of the event.")
    event_date: Series[pd.Timestamp] = pa.Field(nullable=True, description="First day of the event's date period.")
    date_precision: Series[str] = pa.Field(nullable=True, isin=list(DATE_PRECISIONS), description="day / month / year.")
    date_label: Series[str] = pa.Field(nullable=True, str_matches=LABEL_PATTERN, description="YYYY[-MM[-DD]].")
    modality: Series[str] = pa.Field(isin=list(MODALITIES), description="Consensus modality.")
    n_mentions: Series[int] = pa.Field(ge=1, description="Mentions of the event.")
    n_articles: Series[int] = pa.Field(ge=1, description="Articles reporting it.")
    n_outlets: Series[int] = pa.Field(ge=0, description="Distinct outlets reporting it.")
    confidence: Series[float] = pa.Field(ge=0.0, le=1.0, description="Combined confidence.")
    evidence: Series[str] = pa.Field(str_length={"min_value": 1}, description="Canonical evidence sentence.")

    class Config:
        strict = False
        coerce = True

    @pa.dataframe_check(description="n_mentions >= n_articles >= n_outlets")
    def counts_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["n_mentions"] >= df["n_articles"]) & (df["n_articles"] >= df["n_outlets"])

    @pa.dataframe_check(description="no state is listed twice; source differs from target")
    def distinct_states(cls, df: pd.DataFrame) -> Series[bool]:
        distinct = df["states"].map(lambda s: len(s) == len(set(s)))
        directed = df["event_type"] != "treaty_signing"
        return distinct & (~directed | (df["source"] != df["target"]))

    @pa.dataframe_check(description="a treaty has at least two parties")
    def treaty_parties(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["event_type"] != "treaty_signing") | (df["states"].map(len) >= 2)

    @pa.dataframe_check(description="every state is in the actor gazetteer")
    def states_known(cls, df: pd.DataFrame) -> Series[bool]:
        codes = actor_codes()
        return df["states"].map(lambda s: all(code in codes for code in s))


class FctEventParticipants(pa.DataFrameModel):
    """One row per (event, actor, role)."""

    event_id: Series[str] = pa.Field(description="The event.")
    actor_code: Series[str] = pa.Field(description="An actor of the gazetteer.")
    role: Series[str] = pa.Field(isin=list(PARTICIPANT_ROLES), description="visitor/host/party/supplier/recipient.")

    class Config:
        strict = False
        coerce = True
        unique = ["event_id", "actor_code", "role"]


class DimActors(pa.DataFrameModel):
    """One row per actor: the gazetteer plus activity."""

    actor_code: Series[str] = pa.Field(unique=True, description="ISO alpha-3 or organisation code.")
    actor_kind: Series[str] = pa.Field(isin=list(ACTOR_KINDS), description="state / organisation / historical_state.")
    n_events: Series[int] = pa.Field(ge=0, description="Events the actor takes part in.")

    class Config:
        strict = False
        coerce = True


MART_CONTRACTS: dict[str, type[pa.DataFrameModel]] = {
    "fct_events": FctEvents,
    "fct_event_participants": FctEventParticipants,
    "dim_actors": DimActors,
}
