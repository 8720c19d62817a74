"""published_at parsing: ISO first, then dateparser; always timezone-aware.

The parsed time keeps the offset the source gave (``+09:00`` stays ``+09:00``), so the
article's own calendar day is known: "yesterday" in a Seoul paper published at 07:00
local time counts from the Seoul day, not the UTC one. ``records.article`` stores the
time in UTC and that day as ``published_local_date``.
"""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import dateparser

FUTURE_TOLERANCE = timedelta(days=1)
# No TIMEZONE setting: a time with an offset or zone name comes back aware in that zone
# (its own calendar day), a time without one comes back naive and is taken as UTC.
_DATEPARSER_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    # relative phrases ("yesterday") depend on when we run: not a stable published_at
    "PARSERS": ["custom-formats", "absolute-time"],
}


class InvalidDateError(ValueError):
    """published_at cannot be used; ``str(err)`` is the quarantine reason."""


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)  # naive times are taken as UTC
    return value


def _parse_text(raw: str) -> datetime:
    if raw.isdigit() and len(raw) >= 9:  # Unix seconds, as some feeds and APIs give
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    try:
        return _aware(datetime.fromisoformat(raw.replace("Z", "+00:00")))
    except ValueError:
        found = dateparser.parse(raw, settings=_DATEPARSER_SETTINGS)
    if found is None:
        raise InvalidDateError(f"published_at {raw[:60]!r} is not a recognisable date")
    return _aware(found)


def parse_published_at(value: object, now: datetime | None = None) -> datetime | None:
    """``None``/empty -> None; a str/datetime/struct_time -> aware datetime in the
    source's own offset (UTC when the source gives none).

    Raises InvalidDateError when the value is of a wrong type, unparseable, or more
    than a day in the future.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, time.struct_time):
        parsed = datetime(*value[:6], tzinfo=timezone.utc)
    elif isinstance(value, datetime):
        parsed = _aware(value)
    elif isinstance(value, str):
        parsed = _parse_text(value.strip())
    else:
        raise InvalidDateError(f"published_at must be a string, got {type(value).__name__}")
    now = now or datetime.now(timezone.utc)
    if parsed > now + FUTURE_TOLERANCE:
        raise InvalidDateError(
            f"published_at {parsed.isoformat()} is more than a day in the future (checked on {now.date().isoformat()})"
        )
    return parsed
