"""Dates of events: explicit, attached to a treaty or summit, or relative to publication.

``resolve(text, published_at)`` turns one date expression into (date, precision):
``('2024-06', 'month')``. Relative expressions ("on Tuesday", "last month", "in July")
need the article's publication date; without it they give ``(None, None)``. The
ingestion date / today is never used.
"""
from __future__ import annotations

import re
from functools import lru_cache
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


#: days counted from the publication's
RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                 "yesterday": -1, "last night": -1, "tomorrow": 1}


def resolve(expr: str, published_at=None, future: bool = False) -> tuple[str | None, str | None]:
    """One DATE expression -> (YYYY[-MM[-DD]], precision) or (None, None)."""
    return _resolve(expr, str(published_at) if published_at is not None else None, future)


@lru_cache(maxsize=4096)
def _resolve(expr: str, published_at, future: bool) -> tuple[str | None, str | None]:
    base = parse_published(published_at)
    s = re.sub(r"^(on|in|at|by|from|of|the|early|late|mid|mid-|earlier|later)\s+", "", expr.strip().lower())
    s = re.sub(r"^(on|in|the)\s+", "", s).strip(" ,.")
    s = re.sub(r"^(early|late|mid)-?\s*", "", s) if re.match(r"^(early|late|mid)-?\s*[a-z]", s) and \
        not re.match(r"^(early|late) (next|last|this)", s) else s
    if base is not None:
        # relative expressions: "two years ago", "a week earlier", "March last year",
        # "this summer", "the end of the year"
        m = re.fullmatch(rf"({_NUMW}) years? ago this month", s)
        if m and number(m.group(1)) is not None:
            # "Two years ago this month": that month, so many years back
            return fmt(date(base.year - number(m.group(1)), base.month, 1), "month"), "month"
        m = re.fullmatch(rf"({_NUMW}) years? ago (?:today|this week|on this day)", s) \
            or re.fullmatch(rf"this day,? ({_NUMW}) years? ago", s)
        if m and number(m.group(1)) is not None:
            # "Thirty-five years ago today", "On this day 25 years ago": the anniversary's date
            y = base.year - number(m.group(1))
            try:
                return fmt(date(y, base.month, base.day), "day"), "day"
            except ValueError:
                return fmt(date(y, base.month, 1), "month"), "month"
        m = re.fullmatch(rf"({_NUMW}) (day|week|month|year)s? (ago|earlier)", s)
        if m and number(m.group(1)) is not None:
            n = number(m.group(1))
            unit = m.group(2)
            if unit == "year":
                return f"{base.year - n:04d}", "year"
            if unit == "month":
                y, mo = divmod(base.year * 12 + base.month - 1 - n, 12)
                return fmt(date(y, mo + 1, 1), "month"), "month"
            d = base - timedelta(days=n * (7 if unit == "week" else 1))
            return fmt(d, "month"), "month"
        m = re.fullmatch(rf"(?:the )?(?:{_SEASON}|end|start|beginning|middle) of (?:the |this )?year", s)
        if m:
            return f"{base.year:04d}", "year"
        m = re.fullmatch(rf"(last|this|next|early next|late last) ({_SEASON})", s)
        if m:
            season_month = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}[m.group(2)]
            y = base.year + {"last": -1, "this": 0, "next": 1, "early next": 1, "late last": -1}[m.group(1)]
            if m.group(1) == "last" and season_month < base.month - 2 and m.group(2) != "winter":
                y = base.year   # "last summer" in November is this year's summer
            return f"{y:04d}", "year"
        m = re.fullmatch(rf"{_MONTH_RE.lower()}(?: ([0-3]?\d)(?:st|nd|rd|th)?)?,? (last|this|next) year", s)
        if m:
            month = next(MONTHS[w] for w in re.findall(r"[a-z]+", s) if w in MONTHS)
            y = base.year + {"last": -1, "this": 0, "next": 1}[m.group(2)]
            if m.group(1):
                try:
                    return fmt(date(y, month, int(m.group(1))), "day"), "day"
                except ValueError:
                    pass
            return fmt(date(y, month, 1), "month"), "month"
        if re.fullmatch(r"(later|earlier) this year|(early|late) (this|next|last) year", s):
            off = -1 if "last" in s else 1 if "next" in s else 0
            return f"{base.year + off:04d}", "year"
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
        if re.fullmatch(r"(the )?(year )?\d{4}", s) or re.fullmatch(
                rf"(?:the )?(?:{_SEASON}|end|start|beginning|middle) of \d{{4}}", s):
            # ("the spring of 1950", "the end of 2023": that year)
            return f"{y:04d}", "year"
        return None, None
    if base is None:
        return None, None
    if month:
        day_m = [int(d) for d, _ in _DAY.findall(s) if 1 <= int(d) <= 31]
        y = base.year
        rel = re.match(r"(last|next|this) ", s)
        if rel and rel.group(1) == "last":
            # "last June": the June of last year, whenever in this year it is written (as
            # news copy uses it: this year's is "in June" or "this June")
            y -= 1
        elif rel and rel.group(1) == "next":
            y += 1 if month <= base.month else 0
        elif rel:
            pass                                       # "this June"
        elif future and month < base.month:
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
    if s in RELATIVE_DAYS:
        return fmt(base + timedelta(days=RELATIVE_DAYS[s]), "day"), "day"
    m = re.fullmatch(r"(last|this|next|earlier this|later this) (week|month|year)", s)
    if m:
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


# --------------------------------------------------------------------------- finding date expressions
_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
_WD_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMW = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|"
         r"seven|eight|nine))?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
         r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|\d{1,3})")
_UNITS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def number(word: str) -> int | None:
    """"35", "thirty-five", "three" -> the number."""
    if word.isdigit():
        return int(word)
    parts = re.split(r"[- ]", word)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return _UNITS.get(word)
#: dates told against one named before them: "that month", "the same year", "five months
#: later", "the next day", "the day before" (a count of units "earlier" is in _EXPRESSIONS too)
_TOLD_AGAINST_BEFORE = (r"\b(?:that|the\s+same|that\s+same)\s+(?:day|month|year|morning|afternoon|evening|night)\b"
                        rf"|\b{_NUMW}\s+(?:day|week|month|year)s?\s+later\b"
                        r"|\bthe\s+(?:next|following|previous)\s+(?:day|week|month|year)\b"
                        r"|\bthe\s+day\s+(?:before|after)\b")
#: a sentence that holds one of them (or "N units earlier"): the extractor keeps the dates the
#: lines before it named
TOLD_AGAINST_BEFORE = re.compile(rf"{_TOLD_AGAINST_BEFORE}|\b{_NUMW}\s+(?:day|week|month|year)s?\s+earlier\b"
                                 rf"|\bthat\s+{_MONTH_RE}", re.I)
_SEASON = r"(?:summer|spring|autumn|fall|winter)"
_EXPRESSIONS = re.compile("|".join([
    # 19 June 2024, June 19, 2024, June 2024, mid-June, early June last year, the 19th of June
    rf"\bthis\s+day,?\s+{_NUMW}\s+years?\s+ago\b",
    rf"{_NUMW}\s+years?\s+ago\s+(?:today|this\s+week|this\s+month|on\s+this\s+day)\b",
    rf"(?:\b(?:last|next|this)\s+(?={_MONTH_RE}))?"
    rf"(?:\b(?:early|mid|late)[- ])?(?:\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?)?\b{_MONTH_RE}"
    rf"(?:\s+[0-3]?\d(?:st|nd|rd|th)?\b)?(?:,?\s+(?:1[89]\d\d|20\d\d)\b)?(?:,?\s+(?:last|this|next)\s+year\b)?",
    rf"\b(?:(?:last|this|next|earlier this|later this)\s+)?{_WD_RE}\b",
    rf"\b(?:the\s+)?(?:{_SEASON}|end|start|beginning|middle)\s+of\s+(?:(?:the|this|last|next)\s+year|1[89]\d\d|20\d\d)\b",
    rf"\b(?:last|this|next|earlier this|later this|early next|late last)\s+(?:week|month|year|{_SEASON}|weekend)\b",
    r"\b(?:yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening)|last\s+night)\b",
    rf"\b{_NUMW}\s+(?:day|week|month|year)s?\s+(?:ago|earlier)\b",
    _TOLD_AGAINST_BEFORE,
    # (not a count, nor a designation: "Mirage 2000-5")
    r"(?<![$£€\d,.])\b(?:1[89]\d\d|20\d\d)\b(?!\s*(?:%|per\s?cent|troops|soldiers|people|km|kilometres|miles))"
    r"(?![-–]\d(?!\d))",
]), re.I)
_MONTH_CASE = re.compile(_MONTH_RE)


def find_expressions(text: str) -> list[tuple[int, int, str]]:
    """Date expressions in a sentence: (start, end, text), left to right. Month names must
    be capitalised ("May" the month, not "may" the verb; "March" not "march")."""
    out = []
    for m in _EXPRESSIONS.finditer(text):
        s = m.group()
        mm = re.search(_MONTH_RE, s, re.I)
        if mm and not _MONTH_CASE.fullmatch(mm.group()):
            continue
        if mm and mm.group().rstrip(".").lower() == "may" and not re.search(r"\d", s) and \
                not re.match(r"(?:last|this|next)\s", s, re.I) and \
                not re.match(r"\s*(?:\d|last|this|next)", text[m.end():m.end() + 6]):
            # "May" alone: a month only after in/by/since/early/late (or as "next May"), never
            # as a verb or name
            before = text[max(0, m.start() - 12):m.start()].lower()
            if not re.search(r"\b(in|by|since|early|late|mid|of|until|from|through)\s*-?$", before):
                continue
        out.append((m.start(), m.end(), s))
    return out


def has_year(expr: str) -> bool:
    return bool(_YEAR.search(expr))


def month_of(expr: str) -> int | None:
    """The month an expression names ("on July 6": 7), else None."""
    m = _MONTH_CASE.search(expr)
    return MONTHS.get(m.group().rstrip(".").lower()) if m else None


def year_of(expr: str) -> int | None:
    """The (last) year an expression names ("on 29 June 1961": 1961), else None."""
    years = _YEAR.findall(expr)
    return int(years[-1]) if years else None


def names_a_day(expr: str) -> bool:
    """Whether an expression names a day of the month ("6 July", "on July 6th 1961")."""
    return any(1 <= int(d) <= 31 for d, _ in _DAY.findall(_YEAR.sub(" ", expr)))


def names_a_month(text: str) -> bool:
    return bool(_MONTH_CASE.search(text))


def paragraph_month_years(text: str, start: int) -> dict[int, int]:
    """Months the paragraph (line) of ``start`` gave with their year before ``start``
    ("The alliance was put on paper in July 1961."): month -> year, the last one kept."""
    line_start = text.rfind("\n", 0, start) + 1
    out = {}
    for _, _, expr in find_expressions(text[line_start:start]):
        month = month_of(expr)
        years = _YEAR.findall(expr)
        if month and years:
            out[month] = int(years[-1])
    return out


#: "that month", "the same year", "the same day": the month, year or day of the date named before
ANAPHORIC = re.compile(r"^(?:that|the same|that same)\s+(day|month|year|morning|afternoon|evening|night)$", re.I)
#: parts of a day, which "that afternoon" dates as "that day"
DAY_PARTS = {"morning", "afternoon", "evening", "night"}


def anaphoric_date(expr: str, before: list[str], published_at=None) -> tuple[str | None, str | None]:
    """"Earlier that month Shevardnadze flew to Pyongyang" after "in September 1990": the
    month (or year) of the last of the date expressions ``before`` it that names a year;
    "the same day": the day of the last one before it (resolved against ``published_at``),
    when it names a day."""
    m = ANAPHORIC.match(expr.strip())
    if m and m.group(1).lower() == "day":
        # the day named last before it ("on 6 March 2023", "on Monday" in a report)
        for e in reversed(before):
            if ANAPHORIC.match(e.strip()) or narrative_step(e):
                continue
            value, precision = resolve(e, published_at)
            return (value, precision) if precision == "day" else (None, None)
        return None, None
    if m and m.group(1).lower() in DAY_PARTS:
        # "which both men signed that afternoon" after "On this day in 2002": the date named
        # last before it, as precise as it was told
        for e in reversed(before):
            if ANAPHORIC.match(e.strip()) or narrative_step(e):
                continue
            return resolve(e, published_at)
        return None, None
    if m and m.group(1).lower() == "month":
        # "Hollande came to Cairo in April ... King Salman paid a visit the same month": a
        # month named last without its year is read as its own sentence reads it
        last = next((e for e in reversed(before) if not ANAPHORIC.match(e.strip()) and not narrative_step(e)), None)
        if last is not None and month_of(last) and not has_year(last):
            value, _ = resolve(last, published_at)
            return (value[:7], "month") if value else (None, None)
    dated = [e for e in before if has_year(e)]
    if not m or not dated:
        return None, None
    year, month = year_of(dated[-1]), month_of(dated[-1])
    if m.group(1).lower() == "month":
        return (f"{year:04d}-{month:02d}", "month") if month else (None, None)
    return f"{year:04d}", "year"


#: "five months later", "a year earlier", "the next day", "the day before": a step in time
#: from the date named before
NARRATIVE_STEP = re.compile(
    rf"^(?:(?P<n>{_NUMW}) (?P<unit>day|week|month|year)s? (?P<dir>later|earlier)"
    r"|the (?P<rel>next|following|previous) (?P<unit2>day|week|month|year)|the day (?P<dir2>before|after))$", re.I)


def narrative_step(expr: str) -> tuple[int, str] | None:
    """(signed count, unit) of a step in time ("five months later": (5, "month")), else None."""
    m = NARRATIVE_STEP.match(expr.strip())
    if not m:
        return None
    if m.group("n"):
        n = number(m.group("n").lower())   # ("a" / "an" count 1)
        return (n if m.group("dir").lower() == "later" else -n, m.group("unit").lower()) if n else None
    if m.group("rel"):
        return (-1 if m.group("rel").lower() == "previous" else 1), m.group("unit2").lower()
    return (-1 if m.group("dir2").lower() == "before" else 1), "day"


def paragraph_dates(text: str, start: int, lines_before: int = 2) -> list[str]:
    """The date expressions before ``start`` in its paragraph (line) and the
    ``lines_before`` lines above it."""
    line_start = start
    for _ in range(lines_before + 1):
        line_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        if line_start == 0:
            break
    return [expr for _, _, expr in find_expressions(text[line_start:start])]


def compatible(a: str | None, b: str | None) -> bool:
    """Two dates of one happening: one refines the other, or they are days apart
    (arrival on Tuesday, talks on Wednesday)."""
    if not (a and b):
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) == len(b) == 10:
        try:
            from datetime import date as _d
            return abs((_d.fromisoformat(a) - _d.fromisoformat(b)).days) <= 3
        except ValueError:
            return False
    return False


# --------------------------------------------------------------------------- timeline headings
# A timeline gives each entry its date as a line of its own ("July 6, 1961", "October 2023")
# or as the start of the entry's line ("June 19, 2024 - Putin returns to Pyongyang", "1950,
# April: Kim returns to Moscow").
_HEADING_DATE = (rf"(?:(?:{_WD_RE},?\s+)?(?:[0-3]?\d(?:st|nd|rd|th)?\s+)?{_MONTH_RE}(?:\s+[0-3]?\d(?:st|nd|rd|th)?)?,?\s+)?"
                 r"(?:1[89]\d\d|20\d\d)")
# (also year first, "1950, July 27: ...", and after a list bullet, "- 6 July 1961: ...")
_HEADING_DATE = rf"(?:{_HEADING_DATE}|(?:1[89]\d\d|20\d\d),\s+{_MONTH_RE}(?:\s+[0-3]?\d)?)"
_HEADING_LINE = re.compile(rf"[ \t]*({_HEADING_DATE})[ \t]*:?[ \t]*$")
_HEADING_PREFIX = re.compile(rf"[ \t]*(?:[-–•*][ \t]+)?({_HEADING_DATE})[ \t]*(?::|\s[-–—])\s+(?=\S)")


def period_end(value: str) -> str:
    """The last day of a YYYY / YYYY-MM / YYYY-MM-DD period, as an ISO date."""
    if len(value) == 10:
        return value
    if len(value) == 4:
        return f"{value}-12-31"
    y, m = int(value[:4]), int(value[5:7])
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - timedelta(days=1)).isoformat()


def heading_dates(text: str) -> list[tuple[int, int, str, str]]:
    """Timeline entries and their dates: (start, end, date, precision) of the paragraph a
    date heads, from a line that is only a date (the next line is the entry) or from a date
    that opens the entry's own line, followed by a colon or a dash."""
    out = []
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    for i, (s, e, line) in enumerate(lines):
        m = _HEADING_LINE.fullmatch(line)
        if m and i + 1 < len(lines) and lines[i + 1][2].strip():
            d, prec = resolve(m.group(1))
            if d:
                out.append((lines[i + 1][0], lines[i + 1][1], d, prec))
            continue
        m = _HEADING_PREFIX.match(line)
        if m:
            d, prec = resolve(m.group(1))
            if d:
                out.append((s + m.end(), e, d, prec))
                rest = line[m.end():].strip()
                if len(rest.split()) <= 8 and not rest.endswith((".", '"', "”")) and i + 1 < len(lines):
                    # "March 2001 - The foundations": a titled entry, its text on the next line
                    out.append((lines[i + 1][0], lines[i + 1][1], d, prec))
    return out
