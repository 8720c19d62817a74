"""Contract for ``extraction/event_mentions``: one row per event an article reports."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.vocabulary import DATE_PRECISIONS, EVENT_TYPES, MODALITIES

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}


@lru_cache(maxsize=1)
def actor_codes() -> frozenset[str]:
    """Every code of the actor gazetteer (the extractor's and dim_actors' one source)."""
    from pipelines.extraction.gazetteer import actors_table

    return frozenset(actors_table()["actor_code"])


def _codes_known(values) -> bool:
    codes = actor_codes()
    return all(v is None or v in codes for v in values)


class EventMentions(pa.DataFrameModel):
    """One row per event an article reports (the gold format of ../shared/gold plus provenance)."""

    mention_id: Series[str] = pa.Field(unique=True, str_matches=r"^[0-9a-f]{32}$", description="md5 of article, extractor version, type, states, date.")
    article_id: Series[str] = pa.Field(description="The article that reports the event.")
    event_type: Series[str] = pa.Field(isin=list(EVENT_TYPES), description="visit, treaty_signing or arms_transfer.")
    source: Series[str] = pa.Field(nullable=True, description="Visitor or supplier (actor code); null for treaties.")
    target: Series[str] = pa.Field(nullable=True, description="Host or recipient (actor code); null for treaties.")
    parties: Series[object] = pa.Field(nullable=True, description="Signatory actor codes, sorted (treaties only).")
    date: Series[str] = pa.Field(nullable=True, str_matches=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD, or null.")
    date_precision: Series[str] = pa.Field(nullable=True, isin=list(DATE_PRECISIONS), description="Precision of `date`.")
    modality: Series[str] = pa.Field(isin=list(MODALITIES), description="asserted, alleged, denied or planned.")
    evidence: Series[str] = pa.Field(str_length={"min_value": 1}, description="One sentence of the article, verbatim.")
    evidence_start: Series[int] = pa.Field(ge=0, description="Offset of the evidence in the article text.")
    evidence_end: Series[int] = pa.Field(ge=1, description="End offset (exclusive) of the evidence.")
    confidence: Series[float] = pa.Field(ge=0.0, le=1.0, description="Extractor confidence in [0, 1].")
    extractor_version: Series[str] = pa.Field(description="Version of the extractor that produced the row.")

    class Config:
        strict = False
        coerce = True

    @pa.dataframe_check(description="date_precision matches the shape of date")
    def precision_matches_date(cls, df: pd.DataFrame) -> Series[bool]:
        expected = df["date"].map(lambda d: PRECISION_BY_LENGTH.get(len(d)) if isinstance(d, str) else None)
        return expected.fillna("-") == df["date_precision"].fillna("-")

    @pa.dataframe_check(description="source and target are set, and differ, for visits and arms transfers")
    def directed_states(cls, df: pd.DataFrame) -> Series[bool]:
        directed = df["event_type"] != "treaty_signing"
        ok = df["source"].notna() & df["target"].notna() & (df["source"] != df["target"])
        return ~directed | ok

    @pa.dataframe_check(description="a treaty signing has at least two distinct parties")
    def treaty_parties(cls, df: pd.DataFrame) -> Series[bool]:
        treaty = df["event_type"] == "treaty_signing"
        n = df["parties"].map(lambda p: len(set(p)) if p is not None and len(p) else 0)
        return ~treaty | (n >= 2)

    @pa.dataframe_check(description="every actor code is in the gazetteer")
    def codes_in_gazetteer(cls, df: pd.DataFrame) -> Series[bool]:
        return df.apply(lambda r: _codes_known([r["source"], r["target"], *list(r["parties"] if r["parties"] is not None else [])]), axis=1)

    @pa.dataframe_check(description="evidence offsets are ordered")
    def offsets_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["evidence_end"] > df["evidence_start"]


class EventMentionsInArticles(EventMentions):
    """Event mentions joined to their article text, for the offsets check at the Python boundary."""

    article_text: Series[str] = pa.Field(description="Text of the article the mention comes from.")

    @pa.dataframe_check(description="evidence is the article text at the stored offsets")
    def evidence_at_offsets(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series(
            [t[s:e] == ev for t, s, e, ev in zip(df["article_text"], df["evidence_start"], df["evidence_end"], df["evidence"])],
            index=df.index,
        )
