"""Dates of events: explicit, attached to a treaty or summit, or relative to publication.

``resolve(text, published_at)`` turns one date expression into (date, precision):
``('2024-06', 'month')``. Relative expressions ("on Tuesday", "last month", "in July")
need the article's publication date; without it they give ``(None, None)``. The
ingestion date / today is never used.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"])}
for _m, _i in list(MONTHS.items()):
    MONTHS[_m[:3]] = _i
MONTHS["sept"] = 9
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_SKIP = re.compile(r"^(since|until|till|for|over|during the past|the past|past|recent|decades?|years?|"
                   r"months?|weeks?|days?|ages?|\d+ (years?|months?|weeks?|days?))\b", re.I)
_DURATION = re.compile(r"\b(years|months|weeks|decades|centuries)\b|\b\d{4}s\b|\bago\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)?\b")


def parse_published(published_at) -> date | None:
    if not published_at:
        return None
    if isinstance(published_at, datetime):
        return published_at.date()
    if isinstance(published_at, date):
        return published_at
    try:
        return datetime.fromisoformat(str(published_at).replace("Z", "+00:00")).date()
    except ValueError:
        return None


def fmt(d: date, precision: str) -> str:
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}",
            "day": d.isoformat()}[precision]


def resolve(expr: str, published_at=None, future: bool = False) -> tuple[str | None, str | None]:
    """One DATE expression -> (YYYY[-MM[-DD]], precision) or (None, None)."""
    base = parse_published(published_at)
    s = re.sub(r"^(on|in|at|by|from|of|the|early|late|mid|mid-|earlier|later)\s+", "", expr.strip().lower())
    s = re.sub(r"^(on|in|the)\s+", "", s).strip(" ,.")
    if not s or _SKIP.match(s) or _DURATION.search(s):
        return None, None
    years = _YEAR.findall(s)
    month = next((MONTHS[w] for w in re.findall(r"[a-z]+", s) if w in MONTHS), None)
    if years:
        y = int(years[-1])
        if month:
            day_m = [int(d) for d, _ in _DAY.findall(_YEAR.sub(" ", s)) if 1 <= int(d) <= 31]
            if day_m:
                try:
                    return fmt(date(y, month, day_m[0]), "day"), "day"
                except ValueError:
                    pass
            return fmt(date(y, month, 1), "month"), "month"
        if re.fullmatch(r"(the )?(year )?\d{4}", s):
            return f"{y:04d}", "year"
        return None, None
    if base is None:
        return None, None
    if month:
        day_m = [int(d) for d, _ in _DAY.findall(s) if 1 <= int(d) <= 31]
        y = base.year
        if future and month < base.month:
            y += 1
        elif not future and month > base.month:
            y -= 1
        if day_m:
            try:
                return fmt(date(y, month, day_m[0]), "day"), "day"
            except ValueError:
                return None, None
        return fmt(date(y, month, 1), "month"), "month"
    for i, wd in enumerate(WEEKDAYS):
        if re.search(rf"\b{wd}\b", s):
            delta = (i - base.weekday()) % 7 if future else -((base.weekday() - i) % 7)
            if future and delta == 0:
                delta = 7
            return fmt(base + timedelta(days=delta), "day"), "day"
    simple = {"today": (0, "day"), "tonight": (0, "day"), "yesterday": (-1, "day"), "tomorrow": (1, "day")}
    if s in simple:
        off, prec = simple[s]
        return fmt(base + timedelta(days=off), prec), prec
    m = re.fullmatch(r"(last|this|next|earlier this|later this) (week|month|year)", s)
    if m:
        prec = {"week": "day", "month": "month", "year": "year"}[m.group(2)]
        rel = {"last": -1, "this": 0, "next": 1, "earlier this": 0, "later this": 0}[m.group(1)]
        if m.group(2) == "week":
            return fmt(base + timedelta(weeks=rel), "month"), "month"
        if m.group(2) == "year":
            return f"{base.year + rel:04d}", "year"
        parsed = dateparser.parse(f"{m.group(1)} month", settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day)})
        if parsed:
            return fmt(parsed.date(), "month"), "month"
    return None, None


def is_future(value: str | None, published_at) -> bool:
    base = parse_published(published_at)
    if not value or base is None:
        return False
    return value > fmt(base, {4: "year", 7: "month", 10: "day"}[len(value)])
