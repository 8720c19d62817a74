"""published_at parsing: ISO first, then dateparser; always timezone-aware UTC."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import dateparser

FUTURE_TOLERANCE = timedelta(days=1)
_DATEPARSER_SETTINGS = {
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DAY_OF_MONTH": "first",
    # relative phrases ("yesterday") depend on when we run: not a stable published_at
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}


class InvalidDateError(ValueError):
    """published_at cannot be used; ``str(err)`` is the quarantine reason."""


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)  # naive times are taken as UTC
    return value.astimezone(timezone.utc)


def parse_published_at(value: object, now: datetime | None = None) -> datetime | None:
    """``None``/empty -> None; a str/datetime/struct_time -> aware UTC datetime.

    Raises InvalidDateError when the value is of a wrong type, unparseable, or more
    than a day in the future.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, time.struct_time):
        parsed = datetime(*value[:6], tzinfo=timezone.utc)
    elif isinstance(value, datetime):
        parsed = _to_utc(value)
    elif isinstance(value, str):
        raw = value.strip()
        try:
            parsed = _to_utc(datetime.fromisoformat(raw.replace("Z", "+00:00")))
        except ValueError:
            found = dateparser.parse(raw, settings=_DATEPARSER_SETTINGS)
            if found is None:
                raise InvalidDateError(f"published_at {raw[:60]!r} is not a recognisable date") from None
            parsed = _to_utc(found)
    else:
        raise InvalidDateError(f"published_at must be a string, got {type(value).__name__}")
    now = now or datetime.now(timezone.utc)
    if parsed > now + FUTURE_TOLERANCE:
        raise InvalidDateError(
            f"published_at {parsed.isoformat()} is more than a day in the future (checked on {now.date().isoformat()})"
        )
    return parsed
