"""Contract for ``news/articles``: one row per ingested article version."""
from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

SOURCE_FORMATS = ("txt", "html", "jsonl", "feed", "url")


class Articles(pa.DataFrameModel):
    """One row per article version (article_id + content_hash) read from a source.

    Articles are data only: the text is stored verbatim and never templated or executed.
    """

    article_id: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 512},
                                       description="Stable id: file stem, JSONL id, or url-derived id.")
    content_hash: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="sha256 hex of `text`.")
    title: Series[str] = pa.Field(nullable=True, description="Headline, when the source gives one.")
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="Article body the extractor reads; offsets refer to it.")
    url: Series[str] = pa.Field(nullable=True, description="Where the article was published.")
    outlet: Series[str] = pa.Field(nullable=True, description="Publishing outlet.")
    published_at: Series[pd.DatetimeTZDtype("us", "UTC")] = pa.Field(nullable=True, description="Publication time (UTC), when known.")
    published_local_date: Series[pa.Date] = pa.Field(
        nullable=True, description="Day of publication in the publisher's own time zone (UTC when the source gave no offset).")
    language: Series[str] = pa.Field(str_matches=r"^([a-z]{2,3}|und)$", description="ISO 639-1 language code, or `und`.")
    source_name: Series[str] = pa.Field(description="Configured source the article came from.")
    source_uri: Series[str] = pa.Field(description="Path or URL it was read from.")
    source_format: Series[str] = pa.Field(isin=list(SOURCE_FORMATS), description="How it was read.")
    is_reprint: Series[bool] = pa.Field(description="Same text already stored under another id (a wire reprint).")
    word_count: Series[int] = pa.Field(ge=0, description="Whitespace-separated words in `text`.")

    class Config:
        strict = "filter"
        coerce = True

    @pa.dataframe_check(description="published_at is not more than a day in the future")
    def not_published_in_future(cls, df: pd.DataFrame) -> Series[bool]:
        limit = pd.Timestamp.now(tz="UTC") + timedelta(days=1)
        return df["published_at"].isna() | (df["published_at"] <= limit)

    @pa.dataframe_check(description="published_local_date is within a day of the UTC publication day")
    def local_day_matches_utc_time(cls, df: pd.DataFrame) -> Series[bool]:
        utc_day = df["published_at"].dt.tz_convert("UTC").dt.normalize().dt.tz_localize(None)
        local_day = pd.to_datetime(df["published_local_date"])
        return df["published_local_date"].isna() | ((local_day - utc_day).abs() <= timedelta(days=1))
