"""Dates that the people of an event rule out.

A bare month is read against the article's publication ("in December": the December before
it). In a story of years ago that is wrong: "Roh Tae-woo travelled to Moscow in December",
in a 2025 feature, cannot be December 2024, since Roh left office in 1993. The gazetteer
knows when a person's public life ended (``people.csv``, column ``active_until``). When every
person of an event is such a person, and the year its date was given lies after all their
time in office, the month was read against the wrong year: it is put in the year of a full
date of their time that the sentence names, else in the last such year the article named
before the sentence. A weekday ("on Thursday") has no such year to move to, and the date is
dropped; nor does the publication date an undated event of such people (``out_of_office``).
A person whose name begins another's ("Ferdinand Marcos", "Ferdinand Marcos Jr.") is never
taken as out of office (``gazetteer.active_until``).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date as calendar_date

from pipelines.extraction import dates as dates_mod
from pipelines.extraction import gazetteer
from pipelines.extraction.article_level import states_of_its_time
from pipelines.extraction.events import MentionEvent

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _in_year(value: str, precision: str, year: int) -> tuple[str, str]:
    """``value`` (an ISO date of ``precision``) moved to ``year``; a 29 February that does
    not exist there keeps its month only."""
    if precision == "day":
        try:
            return calendar_date(year, int(value[5:7]), int(value[8:10])).isoformat(), "day"
        except ValueError:
            return f"{year:04d}-{value[5:7]}", "month"
    return f"{year:04d}{value[4:]}", precision


def out_of_office(persons: list[str], year: int) -> bool:
    """Had every one of ``persons`` (at least one) left public life before ``year``?"""
    until = gazetteer.active_until()
    years = [until.get(p) for p in persons]
    return bool(years) and None not in years and max(years) < year


def date_within_tenure(mentions: list[MentionEvent], text: str) -> list[MentionEvent]:
    """Each mention, its date moved into the years its people held office when the date
    (read from a bare month or weekday) lies after all of them; ``text``: the article,
    into which the mentions' ``start`` points. Other mentions of the sentence with the same
    date move with it ("..., the first South Korean president to set foot in the Kremlin")."""
    until = gazetteer.active_until()
    moved: dict[tuple[int, str], tuple[str | None, str | None]] = {}
    for m in mentions:
        if not m.date or m.date_precision not in ("month", "day") or not out_of_office(m.persons, int(m.date[:4])):
            continue
        last = max(until[p] for p in m.persons)
        # the year of a full date of their time the sentence names ("the previous March, when
        # he and Stalin concluded an agreement on 17 March 1949"; not "the 1945 treaty"), else
        # the last year of their time named before it
        own = [dates_mod.year_of(e) for _, _, e in dates_mod.find_expressions(m.text)
               if dates_mod.month_of(e) and dates_mod.has_year(e) and dates_mod.year_of(e) <= last]
        before = own[:1] or [int(y) for y in _YEAR.findall(text, 0, m.start) if int(y) <= last]
        if before and dates_mod.names_a_month(m.text):
            moved[(m.start, m.date)] = _in_year(m.date, m.date_precision, before[-1])
        else:
            moved[(m.start, m.date)] = (None, None)
    out = []
    for m in mentions:
        if (m.start, m.date) not in moved:
            out.append(m)
            continue
        value, precision = moved[(m.start, m.date)]
        # (the states as they were then: Moscow in 1949 is the Soviet Union's)
        out.append(replace(states_of_its_time(m, value), date=value, date_precision=precision))
    return out
