"""Dating an event mention: the date expressions of its sentence read against the parse (the
nearest to the trigger and its roles), a clause dated against another ("five days after Kim
had signed"), and the date-driven copies of a mention: one per date ("in April 2023 and again
in July 2024") and the earlier visit a "first ... since" names.
Parsing and resolving the expressions themselves is ``dates``."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date as calendar_date, timedelta

from spacy.tokens import Doc, Token

from pipelines.extraction import dates as dates_mod
from pipelines.extraction.modality import PLAN_VERBS
from pipelines.extraction.nlp import SIGN_LEMMAS, doc_text
from pipelines.extraction.weapons import is_weapon, items_and_quantity

_YEAR_TOKEN = re.compile(r"^(1[89]\d\d|20\d\d)$")


def tree_distance(a: Token, b: Token) -> int:
    anc_a = [a] + list(a.ancestors)
    anc_b = [b] + list(b.ancestors)
    pos_b = {t.i: n for n, t in enumerate(anc_b)}
    for n, t in enumerate(anc_a):
        if t.i in pos_b:
            return n + pos_b[t.i]
    return 99


def date_expressions(doc: Doc) -> list[tuple[str, Token, int]]:
    """(text, syntactic root, first token) of the sentence's date expressions (cached)."""
    cached = doc.user_data.get("date_expressions")
    if cached is None:
        cached = []
        for s, e, text in dates_mod.find_expressions(doc_text(doc)):
            text = text.rstrip(". ")
            span = doc.char_span(s, s + len(text), alignment_mode="expand")
            if span is not None and len(span):
                cached.append((text, span.root, span.start))
        doc.user_data["date_expressions"] = cached
    return cached


WEEKDAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


#: "between 2005 and 2013", "from 2011 to 2016", "a plan for 2026 and 2027", "for 2024-2026": periods
DATE_RANGE = re.compile(r"\b(?:between|from|for)\s+(?:\w+\s+){0,2}?(?:1[89]\d\d|20\d\d)\s*(?:and|to|until|-|–)\s*"
                        r"(?:\w+\s+){0,2}?(?:1[89]\d\d|20\d\d)\b|"
                        r"\b(?:1[89]\d\d|20\d\d)\s*[-–/]\s*(?:1[89]\d\d|20\d\d)\b", re.I)


#: verbs that report a plan; their date is the report's, not the plan's
ANNOUNCE_LIKE = {"announce", "say", "tell", "pledge", "promise", "confirm", "declare", "state", "reveal",
                 "unveil", "report", "agree", "decide", "approve", "vow", "insist", "add"}


#: of ``ANNOUNCE_LIKE``, the verbs of a decision that makes a transfer ("agreed in July 2024 to
#: buy", "approved the sale last month"): they date a planned transfer with no date of its own
DEAL_VERBS = {"agree", "approve", "decide"}


#: words that move a sentence away from the time its paragraph set ("Two years later")
MOVES_IN_TIME = re.compile(r"\b(?:later|earlier|following|next|previous|ago|last|this)\b", re.I)
#: ... but not out of its year when the step is days or weeks ("Two weeks later, on 17 March")
SMALL_STEP = re.compile(r"\b(?:(?:\w+|a)\s+)?(?:days?|weeks?|hours?)\s+(?:later|earlier)\b|"
                        r"\b(?:the\s+)?(?:next|following|previous)\s+(?:day|morning|evening|week)\b", re.I)


def moves_in_time(text: str) -> bool:
    """Does ``text`` (a sentence up to a date) move away from the year its paragraph set?"""
    return bool(MOVES_IN_TIME.search(SMALL_STEP.sub(" ", text)))


#: words that open a phrase or clause told at another time than the event
OTHER_TIME_WORDS = {"since", "before", "until", "till"}


def other_time_clause(root: Token, anchors: list[Token], future: bool = False) -> str | None:
    """Is the date inside a "since ..." phrase or clause that does not hold the event ("his
    first trip to China since the border clashes of 2020", "since seizing power in 2021"), or
    inside a "before ..." / "until ..." clause of an event that happened ("hundreds more
    follow before the guns fall silent in 1953")? Its opening word, else None."""
    inside = {a.i for a in anchors}
    clause_words = {"since"} if future else OTHER_TIME_WORDS
    t = root
    for _ in range(6):
        if t.i in inside:
            return None
        # ("since" a phrase or a clause; "before" / "until" a clause: "before the guns fall
        # silent in 1953", where "before dawn on Thursday" dates the event)
        opener = t if t.lower_ == "since" and t.dep_ in ("prep", "mark") else next(
            (c for c in t.children if c.lower_ in clause_words and c.dep_ == "mark" and c.i < root.i
             and t.pos_ == "VERB"), None)
        if opener is not None:
            # (unless the event itself is told inside it: "since Putin travelled there in
            # June 2024 and signed a treaty")
            phrase = {x.i for x in t.subtree}
            return None if any(a.i in phrase for a in anchors) else opener.lower_
        if t.head.i == t.i:
            return None
        t = t.head
    return None


#: verbs whose object is an earlier document or state of things ("signed a new treaty to
#: replace their 1961 alliance": 1961 is the alliance's)
REPLACE_LEMMAS = {"replace", "supersede", "succeed", "revive", "renew", "update", "upgrade"}


def in_replaced_object(root: Token, anchors: list[Token]) -> bool:
    """Is the date on the object of a verb of replacing below the event ("signed a new
    friendship treaty to replace their 1961 alliance")?"""
    inside = {a.i for a in anchors}
    t = root.head
    for _ in range(6):
        if t.i in inside or t.head.i == t.i:
            return False
        if t.pos_ == "VERB" and t.lemma_.lower() in REPLACE_LEMMAS:
            return any(a.i in {x.i for x in t.ancestors} for a in anchors)
        t = t.head
    return False


def in_document_clause(root: Token, anchors: list[Token]) -> bool:
    """Is the date in a relative clause that tells something else of the event's document
    ("signs a new Treaty ... that drops the security clause of 1971"; not "when" / "where"
    clauses, nor one of signing; nor a date the match itself holds, or one set off after a comma
    as a caption's: "..., the border treaty that settled the line along the Yalu, October 1962")?"""
    inside = {a.i for a in anchors}
    if root.i in inside or (root.left_edge.i > 0 and root.doc[root.left_edge.i - 1].text == ","):
        return False
    t = root.head
    for _ in range(6):
        if t.i in inside or t.head.i == t.i or (t.pos_ == "VERB" and t.lemma_.lower() in SIGN_LEMMAS):
            return False   # (a signing's own date: "the Interim Accord that our two countries signed in 1995")
        if t.pos_ == "VERB" and t.dep_ == "relcl" and t.head.i in inside \
                and t.head.lower_ in DOCUMENT_NOUNS \
                and not any(c.lower_ in ("when", "where") and c.dep_ == "advmod" for c in t.children):
            return True
        t = t.head
    return False


def other_clause_of_main_verb(root: Token, trigger: Token) -> bool:
    """Is the date in another clause of the verb whose subject or object the trigger's
    relative clause describes ("Jonson, who flew in for the ceremony, said the jets would
    arrive in 2026": 2026 is the jets')? A date on that verb itself ("..., said on Friday")
    is not told apart."""
    clause = trigger if trigger.dep_ == "relcl" else next(
        (t for t in list(trigger.ancestors)[:2] if t.dep_ == "relcl"), None)
    if clause is None or clause.head.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    main = clause.head.head
    t = root
    for _ in range(8):
        if t.i == clause.i or t.i == main.i:
            return False
        if t.pos_ in ("VERB", "AUX") and t.head.i == main.i and t.dep_ in ("ccomp", "xcomp", "conj", "advcl"):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def in_other_conjunct(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` inside a clause coordinated with the trigger's, not the trigger's own ("the
    North has shipped 9 million rounds since August 2023, and Ukrainian commanders say North
    Korean shells made up half of what Russian guns fired")? Such a state is no role of it."""
    t = tok
    while t.head.i != t.i:
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and not t.is_ancestor(trigger) and t.i != trigger.i:
            return True
        if t.i == trigger.i:
            return False
        t = t.head
    return False


def subject_who_clause(root: Token, trigger: Token) -> bool:
    """Is the date inside a "who" clause on the trigger's subject ("To Lam, who became party
    leader last August, arrived on Thursday": August is when he became leader)?"""
    t = root
    for _ in range(8):
        if t.i == trigger.i:
            return False
        if t.dep_ == "relcl" and t.head.dep_ in ("nsubj", "nsubjpass") and t.head.head.i == trigger.i:
            return any(c.lower_ == "who" and c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def planned_sibling_clause(root: Token, trigger: Token) -> bool:
    """Is the date in a plan coordinated with the event's own verb ("signed a security treaty
    in Minsk and promised Oreshnik missiles for Belarus next year": next year is the
    missiles')?"""
    t = root
    for _ in range(5):
        if t.i == trigger.i:
            return False
        if t.dep_ == "conj" and t.head.i == trigger.i and t.pos_ in ("VERB", "AUX"):
            return t.lemma_.lower() in PLAN_VERBS or any(
                c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in t.children)
        if t.head.i == t.i:
            return False
        t = t.head
    return False


#: "for decades", "for years", "over the years", "throughout the war": a span, not one date
DURATION_PREPS = {"for": {"decades", "years", "months"}, "over": {"decades", "years", "decade"}, "throughout": None}


def spans_a_period(trigger: Token) -> bool:
    """True when the event's verb is told over a span with no date of its own ("Moscow armed
    Hanoi for decades", "shipped drones throughout the war"; "for two years" too)."""
    # (on the verb, or on its object: "supplied Hanoi with arms for decades")
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "prep")]
    for c in [*trigger.children, *(g for o in objects for g in o.children),
              *(g for o in objects for p in o.children if p.dep_ == "pobj" for g in p.children)]:
        if c.dep_ != "prep" or c.lower_ not in DURATION_PREPS:
            continue
        nouns = DURATION_PREPS[c.lower_]
        for obj in c.children:
            if obj.dep_ == "pobj" and (nouns is None or obj.lower_ in nouns) \
                    and not any(t.like_num and len(t.text) == 4 for t in obj.subtree):
                return True
    return False


def gapped_date_owner(root: Token, start: int) -> Token | None:
    """The verb a date belongs to when the parser hung it on the verb before an "and":
    "delivered 12 boats last year and, in July, gave Vietnam a corvette" ("in July" is the
    giving's). The date must lie between the verb's "and" and a coordinated verb."""
    head = root.head.head if root.head.pos_ == "ADP" else root.head
    cc = next((c for c in head.children if c.dep_ == "cc" and c.i > head.i), None)
    conj = next((c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")), None)
    if cc is not None and conj is not None and cc.i < start < conj.i and root.i < conj.i \
            and all(t.is_punct or t.pos_ == "ADP" for t in root.doc[cc.i + 1:start]):
        # (right after the "and": "and a batch of trainers in 2023" dates the batch)
        return conj
    return None


#: a decade ("the 1970s", "the late 1980s")
DECADE = re.compile(r"^(?:1[89]|20)\d0s$")
def find_date(anchors: list[Token], doc: Doc, published_at, future: bool, max_dist: int = 5,
              month_years: dict[int, int] | None = None, paragraph_dates: list[str] | None = None,
              transfer: bool = False):
    """The event's date: the nearest date expression in the parse (its own temporal
    modifiers, a year on the event noun), else the sentence's one date when it has one.
    ``month_years``: years the paragraph gave its months before the sentence ("put on paper
    in July 1961. Kim ... on July 6 signed": 1961), used for a month without its year;
    ``paragraph_dates``: the paragraph's date expressions before the sentence, for "that
    month" / "the same year" / "the same day"; ``transfer``: an arms transfer, which a span
    ("for decades") leaves undated and which, planned with no date of its own, the date of the
    deal that made it ("agreed in July 2024 to buy") dates."""
    def resolve(text, start, future=future):
        # "landed in July that year" / "in July of that year": "that" before the year
        that_year = any(start < s <= start + 3 and dates_mod.ANAPHORIC.match(t) and t.lower().endswith("year")
                        for t, _, s in date_expressions(doc))
        if (that_year or (start > 0 and doc[start - 1].lower_ == "that")) and dates_mod.month_of(text) \
                and not dates_mod.has_year(text):
            # "ordered in 2015 ... landed that July": the month of the year named last before it
            years = [t for t in (paragraph_dates or []) + [t for t, _, s in date_expressions(doc) if s < start]
                     if dates_mod.has_year(t)]
            if years:
                return dates_mod.resolve(f"{text} {dates_mod.year_of(years[-1])}", published_at, future=future)
        if dates_mod.ANAPHORIC.match(text):
            before = [t for t, _, s in date_expressions(doc) if s < start]
            return dates_mod.anaphoric_date(text, (paragraph_dates or []) + before, published_at)
        step = dates_mod.narrative_step(text)
        if step:
            # "Five months later Putin touched down": a step from the last date named before it
            # in the sentence (read as the sentence reads it), else in the lines before; not
            # when the sentence gives the date itself ("Three months later, on 10 March 2023")
            exprs = date_expressions(doc)
            # (a clause coordinated after it keeps its own date: "reached the North the
            # following year, and the first MiG-29s arrived in 1988")
            later_clauses = {t.i for c in anchors[0].children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                             and c.i > start for t in c.subtree}
            if any(s > start and dates_mod.has_year(t) and r.i not in later_clauses for t, r, s in exprs):
                return None, None
            before = [(t, s) for t, _, s in exprs if s < start and not dates_mod.narrative_step(t)]
            if before:
                value, precision = resolve(*before[-1])
            else:
                # (a count of units "earlier" counts from the publication, as a report's own
                # "a month earlier" does, unless the sentence names the date it counts from)
                value, precision = None, None
                counted_back = step[0] < 0 and step[1] != "day"
                for named in reversed([] if counted_back else (paragraph_dates or [])):
                    if dates_mod.narrative_step(named) or dates_mod.ANAPHORIC.match(named):
                        continue
                    value, precision = dates_mod.resolve(named, published_at)
                    break
            if value:
                return shift_date(value, precision, step)
            if step[0] > 0:
                return None, None   # "later" than nothing named: unknown
        month = dates_mod.month_of(text)
        # ("next March" is counted from the publication: only "following" looks back)
        if start > 0 and doc[start - 1].lower_ in ("that", "following") and month and not dates_mod.has_year(text):
            # "signed in February 2015, and the first jets landed that July": the year named
            # before; "met in September 2023, and the following June": the next such month
            years = [t.text for t in doc[:start] if _YEAR_TOKEN.match(t.text)]
            if years:
                year = int(years[-1])
                if doc[start - 1].lower_ != "that":
                    months = [dates_mod.month_of(t) for t, _, s in date_expressions(doc) if s < start and dates_mod.has_year(t)]
                    year += 1 if not months or not months[-1] or month <= months[-1] else 0
                return dates_mod.resolve(f"{text} {year}", published_at, future=future)
        if month and not dates_mod.has_year(text) and dates_mod.names_a_day(text):
            # "arrived on 29 June 1961, signed the treaty on 6 July", "in 2001 ..., and we signed
            # on 4 August": the year of the date before it in the sentence (the next year, for
            # an earlier month)
            before = [(dates_mod.month_of(t), dates_mod.year_of(t)) for t, _, s in date_expressions(doc)
                      if s < start and dates_mod.has_year(t)]
            if before:
                m0, y0 = before[-1]
                return dates_mod.resolve(f"{text} {y0 + 1 if m0 and month < m0 else y0}", published_at, future=future)
        # ("Two years later ... in December": a sentence that moves in time first keeps its year)
        if month_years and not dates_mod.has_year(text) and not moves_in_time(doc_text(doc)[:doc[start].idx]):
            month = dates_mod.month_of(text)
            if month in month_years:
                return dates_mod.resolve(f"{text} {month_years[month]}", published_at, future=future)
        return dates_mod.resolve(text, published_at, future=future)
    scored = []
    usable = []
    ranges = [m.span() for m in DATE_RANGE.finditer(doc_text(doc))]
    # a plan is not dated by its announcement ("said on Tuesday that Moscow would host X",
    # "announced on Wednesday that Germany will send 14 tanks"), except a planned transfer
    # (``transfer``) with no date of its own: the deal or decision that made it dates it
    # ("agreed in July 2024 to buy 54 howitzers from Seoul")
    announced = {t.i for t in anchors[0].ancestors if t.lemma_.lower() in ANNOUNCE_LIKE} if future else set()
    deal = []
    if transfer and spans_a_period(anchors[0]):
        return None, "period"   # (not the date of a clause beside it: "... for decades and delivered six submarines in 2016")
    period = False
    trigger = anchors[0]
    when_of = trigger.head.i if trigger.dep_ == "relcl" and any(
        c.lower_ == "when" and c.dep_ == "advmod" for c in trigger.children) else None
    for text, root, start in date_expressions(doc):
        if root.i == when_of:
            # "since Sunday, when he landed in Tianjin": the time the "when" clause describes
            value, precision = resolve(text, start)
            if value:
                return value, precision
        if any(a <= doc[start].idx < b for a, b in ranges):
            period = True
            continue   # "between 2005 and 2013": a period, not the event's date
        head = root.head.head if root.head.pos_ == "ADP" else root.head
        owner = gapped_date_owner(root, start)
        if owner is not None:
            # ("delivered ... last year and, in July, gave ...": the later verb's date)
            if owner.i == anchors[0].i:
                scored.append((0, abs(anchors[0].i - start), text, start))
            continue
        if head.i in announced:
            if transfer and head.lemma_.lower() in DEAL_VERBS:
                deal.append((text, start))
            continue
        # a date must not precede the event through "since"/"until"
        before = doc[start - 1].lower_ if start > 0 else ""
        if before == "for" and (doc[start - 1].head.pos_ in ("NOUN", "PROPN") and doc[start - 1].head.i != anchors[0].i
                                or anchors[0].lemma_.lower() in SIGN_LEMMAS):
            # "signed a plan of military cooperation for 2026": the period of the document a
            # signing verb names, not the signing's date
            continue
        if before in ("since", "until", "till", "after", "from") or (before == "before" and not future):
            # (a plan "before the end of the year" is dated by it)
            period = period or before in ("since", "from")
            if before == "from" and tree_distance(doc[start - 1], anchors[0]) <= 2:
                # "from 1996 it shipped 33 tanks", "delivered from 2005": deliveries dated by
                # when they began (a range, "from 2011 to 2016", was told apart above)
                scored.append((tree_distance(root, anchors[0]), abs(anchors[0].i - start), text, start))
            continue
        if other_clause_of_main_verb(root, anchors[0]) or planned_sibling_clause(root, anchors[0]) \
                or subject_who_clause(root, anchors[0]) or in_replaced_object(root, anchors) \
                or in_document_clause(root, anchors):
            continue
        other_time = other_time_clause(root, anchors, future)
        if other_time:
            # "his first visit to Russia since seizing power in 2021"; "handed over months
            # before the war broke out in 1956" (the event's time is not told: no publication
            # date either)
            period = period or other_time != "since"
            continue
        usable.append((text, start))
        d = min(tree_distance(a, root) for a in anchors)
        if d <= max_dist:
            scored.append((d, min(abs(a.i - start) for a in anchors), text, start))
    for _, _, text, start in sorted(scored):
        value, precision = resolve(text, start)
        if value:
            return value, precision
    for text, start in deal:
        value, precision = resolve(text, start, False)   # (the deal is told as done: "on Wednesday" past)
        if value:
            return value, precision
    values = {resolve(t, start) for t, start in usable}
    values.discard((None, None))
    if len(values) == 1:
        return values.pop()
    # ("in the 1970s": a decade is a span too)
    period = period or ("0s" in doc_text(doc) and any(DECADE.match(t.text) and tree_distance(t, anchors[0]) <= max_dist
                                                 for t in doc))
    # ("period": the sentence spans years on purpose; publication does not date it either)
    return None, ("period" if period else None)


def split_by_dates(events: list, trigger: Token, doc: Doc, published_at, future: bool) -> list:
    """"visited Washington in April 2023 and again in July 2024": one event a date, when the
    trigger itself takes two different dates (through its own, coordinated prepositions)."""
    if not events:
        return events
    found = []
    for text, root, start in date_expressions(doc):
        if root.dep_ != "pobj" or gapped_date_owner(root, start) is not None:
            continue
        q = root.head
        while q.dep_ == "conj" and q.head.i != trigger.i and q.head.pos_ == "ADP":
            q = q.head
        if q.head.i != trigger.i or q.dep_ not in ("prep", "conj"):
            continue
        value, precision = dates_mod.resolve(text, published_at, future=future)
        if value and not any(dates_mod.compatible(value, v) for v, _ in found):
            found.append((value, precision))
    if len(found) < 2:
        return events
    out = []
    for value, precision in found:
        for ev in events:
            out.append(replace(ev, date=value, date_precision=precision))
    return out


def split_by_objects(events: list, trigger: Token, doc: Doc, published_at, future: bool) -> list:
    """"has sent Russia thousands of drones since 2022 and, last September, Fath-360
    missiles": one event for each object the verb joins with "and", each with the time told
    on its side of the "and" (a span, "since 2022", leaves its side undated)."""
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    cc = next((c for c in trigger.children if c.dep_ == "cc"), None)
    if not events or len(objects) != 2 or cc is None or not objects[0].i < cc.i < objects[1].i:
        return split_by_dated_weapons(events, trigger, doc, published_at, future)
    sides: list[list[tuple[str, int]]] = [[], []]
    for text, root, start in date_expressions(doc):
        head = root.head.head if root.head.dep_ == "prep" else root.head
        if head.i == trigger.i and root.i not in {t.i for o in objects for t in o.subtree}:
            sides[0 if start < cc.i else 1].append((text, start))
    if not sides[0] or not sides[1]:
        return events
    out = []
    for side, obj in zip(sides, objects):
        text, start = side[0]
        if start > 0 and doc[start - 1].lower_ in ("since", "from"):
            value, precision = None, "period"
        else:
            value, precision = dates_mod.resolve(text, published_at, future=future)
        items, quantity = items_and_quantity([obj])
        out.extend(replace(ev, date=value, date_precision=precision, items=items or ev.items,
                           quantity=quantity or ev.quantity) for ev in events)
    return out


#: nouns of a signed document ("the Brazzaville Protocol ... and the New York accords")
DOCUMENT_NOUNS = {"treaty", "treaties", "pact", "accord", "accords", "agreement", "agreements", "protocol",
                  "declaration", "memorandum", "convention", "charter", "communique", "statement"}


def split_by_documents(events: list, trigger: Token, obj: Token, doc: Doc, published_at, future: bool) -> list:
    """"signed the Brazzaville Protocol on 13 December 1988 and the New York accords nine days
    later": two documents joined by "and", each with a date after it, are two signings, the
    second dated by its own expression (a step counts from the first's)."""
    # (the parser may hang the second document on the verb)
    joined = list(obj.conjuncts) + [c for c in trigger.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    second = next((c for c in joined if c.i > obj.i and c.lower_ in DOCUMENT_NOUNS), None)
    if len(events) != 1 or second is None:
        return events
    exprs = [(t, s) for t, _, s in date_expressions(doc) if s > trigger.i]
    first = [(t, s) for t, s in exprs if obj.i < s < second.left_edge.i]
    later = [(t, s) for t, s in exprs if s > second.i]
    if len(first) != 1 or len(later) != 1:
        return events
    v0, p0 = dates_mod.resolve(first[0][0], published_at, future=future)
    step = dates_mod.narrative_step(later[0][0])
    if step and v0:
        v1, p1 = shift_date(v0, p0, step)
    else:
        v1, p1 = dates_mod.resolve(later[0][0], published_at, future=future)
    if not v0 or not v1 or v0 == v1:
        return events
    ev = events[0]
    return [replace(ev, date=v0, date_precision=p0), replace(ev, date=v1, date_precision=p1)]


def split_by_dated_weapons(events: list, trigger: Token, doc: Doc, published_at, future: bool) -> list:
    """"supplying Russia with thousands of drones and, in September last year, with Fath-360
    missiles" (however the parser hangs the second phrase): weapons, then "and," and a date,
    then more weapons are two transfers; the second has that date, the first the time told
    before the "and" (none, or a span's none)."""
    if len(events) != 1:
        return events
    exprs = date_expressions(doc)
    for text, _, start in exprs:
        if start < 3:
            continue
        if doc[start - 1].text == "," and doc[start - 2].lower_ == "and":
            cut = start - 2                  # "and, last September, ..."
        elif doc[start - 1].lower_ in ("in", "on") and doc[start - 2].text == "," and doc[start - 3].lower_ == "and":
            cut = start - 3                  # "and, in September last year, ..."
        else:
            continue
        before = [t for t in doc[trigger.i + 1: cut] if t.pos_ in ("NOUN", "PROPN") and is_weapon(t)]
        after = [t for t in doc[start:] if t.pos_ in ("NOUN", "PROPN") and is_weapon(t)]
        if not before or not after:
            return events
        value, precision = dates_mod.resolve(text, published_at, future=future)
        if not value:
            return events
        first = [(t, s) for t, _, s in exprs if s < cut]
        if first:
            t0, s0 = first[-1]
            if s0 > 0 and doc[s0 - 1].lower_ in ("since", "from"):
                v0, p0 = None, "period"
            else:
                v0, p0 = dates_mod.resolve(t0, published_at, future=future)
        else:
            v0, p0 = None, "flow"   # (a happening of its own: it does not join the dated one)
        ev = events[0]
        items0, quantity0 = items_and_quantity([before[-1]])
        items1, quantity1 = items_and_quantity([after[-1]])
        return [replace(ev, date=v0, date_precision=p0, items=items0 or ev.items, quantity=quantity0),
                replace(ev, date=value, date_precision=precision, items=items1 or ev.items, quantity=quantity1)]
    return events


#: verbs of a clause that continues a delivery ("..., and the remaining six followed in 2013")
FOLLOW_ON_VERBS = {"follow", "arrive", "land", "reach", "come", "receive", "deliver", "ship"}


def follow_on_deliveries(events: list, trigger: Token, doc: Doc, mentions_at: dict, published_at,
                         future: bool) -> list:
    """A delivery continued in a clause coordinated with its trigger, with a date of its own:
    "The first six jets arrived in February 2011, and the remaining six followed in 2013",
    "..., and a second consignment followed a year later", "the first two landed in November
    2015 and the last pair in May 2017" (a gapped clause). One more event, same states, dated
    by that clause. The clause must name no other state (``mentions_at``: token index to the
    mention there, ``MentionIndex.at``) and its verb must continue a delivery
    (``FOLLOW_ON_VERBS``)."""
    if not events:
        return events
    out = list(events)
    codes = {c for ev in events for c in (ev.source, ev.target) if c}
    # ("reached Laos in December 2018; the rest followed in 2019": the parser may hang the
    # delivery under the clause after a semicolon)
    after_semicolon = [trigger.head] if trigger.dep_ in ("ccomp", "parataxis") and trigger.head.i > trigger.i \
        and trigger.head.lemma_.lower() in FOLLOW_ON_VERBS and any(
            t.text == ";" for t in doc[trigger.i:trigger.head.i]) else []
    for conj in [*trigger.children, *after_semicolon]:
        if (conj.dep_ != "conj" and conj not in after_semicolon) or conj.i < trigger.i:
            continue
        # "delivered Yak-130 trainers in 2018 and a batch of T-72B1 tanks the following year": a
        # gapped clause the parser reads as a verb ("tanks") with the weapons as its subject
        gapped_weapons = conj.pos_ == "VERB" and is_weapon(conj) and any(
            c.dep_ == "nsubj" and any(is_weapon(t) for t in c.subtree) for c in conj.children)
        if conj.pos_ == "VERB" and conj.lemma_.lower() not in FOLLOW_ON_VERBS and not gapped_weapons:
            continue
        if conj.pos_ not in ("VERB", "NOUN", "NUM"):
            continue
        # (a clause coordinated in turn with this one is not part of it)
        nested = {t.i for c in conj.children if c.dep_ == "conj" or c.i == trigger.i for t in c.subtree}
        own = [i for i in range(conj.left_edge.i, conj.right_edge.i + 1) if i not in nested]
        if any(i in mentions_at and mentions_at[i].code not in codes for i in own):
            continue
        found = None
        step = None
        for text, root, start in date_expressions(doc):
            if start in own and root.dep_ == "pobj" and root.head.head.i == conj.i:
                found = dates_mod.resolve(text, published_at, future=future)
                break
            if start in own and root.dep_ == "npadvmod" and root.head.i == conj.i:
                # "the following year": a step on from the first delivery's date
                step = dates_mod.narrative_step(text)
        for ev in events:
            value, precision = found or (None, None)
            if value is None and ev.date:
                # "followed a year later": the first delivery's date moved on
                later = _later_by(conj) or step
                if later is not None:
                    value, precision = shift_date(ev.date, ev.date_precision, later)
                    if value == ev.date:
                        value = None
            if value and not (ev.date and dates_mod.compatible(ev.date, value)):
                out.append(replace(ev, date=value, date_precision=precision, confidence=round(ev.confidence * 0.9, 3)))
    return out


def unit_count(unit: Token) -> int | None:
    """How many of a time unit its count says: "five days" 5, "a month" 1; None without one."""
    count = next((c for c in unit.children if c.dep_ in ("nummod", "det")), None)
    return dates_mod.number(count.lower_) if count is not None else None   # ("a" / "an" count 1)


def _later_by(verb: Token) -> tuple[int, str] | None:
    """(amount, unit) of "followed a year later", "came two months later" on ``verb``."""
    later = next((c for c in verb.children if c.dep_ == "advmod" and c.lower_ == "later"), None)
    unit = next((c for c in later.children if c.dep_ == "npadvmod" and c.lower_ in OFFSET_UNITS), None) \
        if later is not None else None
    n = unit_count(unit) if unit is not None else None
    return (n, OFFSET_UNITS[unit.lower_]) if n else None


#: "his first visit to North Korea since July 2000", "first trip since he attended a summit
#: in Kazan in October": the earlier visit the "since" names (its clause, up to a comma)
FIRST_SINCE = re.compile(r"\bfirst\b[^,;:]{0,80}?\bsince\b([^,;:]{0,80})", re.I)
#: what may stand between "since" and its date for the date to be an earlier visit: nothing
#: ("since 2019"), or words of a visit ("since his last visit in 2019", "since Kim went there in")
SINCE_A_VISIT = re.compile(r"|(?:\w+\s+){0,4}(?:visit|visits|trip|trips|went|came|travelled|traveled|was\s+there|"
                           r"summit|stay)\b.*", re.I)


def previous_visits(events: list, doc: Doc, published_at) -> list:
    """The earlier visit a "first ... since <date>" names: one more event, same states, dated
    by the "since" clause (a period's start without a date, "since the war", names none)."""
    if not events or "since" not in doc_text(doc):
        return events
    m = FIRST_SINCE.search(doc_text(doc))
    if not m:
        return events
    exprs = dates_mod.find_expressions(m.group(1))
    if not exprs or not SINCE_A_VISIT.fullmatch(m.group(1)[:exprs[0][0]].strip()):
        return events   # "since seizing power in 2021", "since the border clashes of 2020": no visit then
    value, precision = dates_mod.resolve(exprs[0][2].rstrip(". "), published_at)
    if not value or any(ev.date and dates_mod.compatible(ev.date, value) for ev in events):
        return events
    out = list(events)
    for ev in events:
        if ev.modality not in ("asserted", "alleged"):
            continue
        out.append(replace(ev, date=value, date_precision=precision, modality="asserted",
                           confidence=round(ev.confidence * 0.8, 3)))
    return out


def partner_dates(doc: Doc, with_at: dict[str, int], published_at, future: bool) -> dict | None:
    """{partner: (date, precision)} when the partners and the sentence's dates alternate, one
    date after each partner and before the next ("with Australia in 2022 and with Britain in
    2023"; a step from the date before it counts: "in Beijing five days later"); None otherwise."""
    partners = sorted(with_at.items(), key=lambda kv: kv[1])
    dates = []
    for text, _, start in date_expressions(doc):
        step = dates_mod.narrative_step(text)
        if step and dates:
            # ("in Moscow on 6 July 1961 and a near-identical one in Beijing five days later")
            value, precision = shift_date(dates[-1][1], dates[-1][2], step)
        else:
            value, precision = dates_mod.resolve(text, published_at, future=future)
        if value:
            dates.append((start, value, precision))
    out = {}
    for k, (code, at) in enumerate(partners):
        end = partners[k + 1][1] if k + 1 < len(partners) else len(doc)
        found = [(v, p) for start, v, p in dates if at < start < end]
        if len(found) != 1:
            return None
        out[code] = found[0]
    return out if len({v for v, _ in out.values()}) == len(out) else None


#: units of "five days after", "a month before"
OFFSET_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
                "months": "month", "year": "year", "years": "year"}


def clause_offset(trigger: Token, doc: Doc) -> tuple[int, str] | None:
    """(signed amount, unit) when the trigger's clause is dated against the clause it hangs on
    and has no date of its own: "..., five days after Kim had signed a pact" (-5, "day"): it
    happened five days before; "a month before he flew to Moscow" (+1, "month")."""
    if trigger.dep_ != "advcl":
        return None
    mark = next((c for c in trigger.children if c.dep_ in ("mark", "advmod", "prep") and c.lower_ in ("after", "before")), None)
    if mark is None:
        # ("two months after Lula visited Washington", read with "after" on "Lula")
        mark = next((t for t in trigger.subtree if t.i < trigger.i and t.lower_ in ("after", "before")
                     and t.dep_ in ("mark", "advmod") and t.head.i != trigger.i and t.head.head.i == trigger.i), None)
    if mark is None:
        return None
    # (the unit on the verb, or on the "before" itself: "three months before Putin signed")
    offset = _mark_offset(mark, (trigger, mark))
    if offset is None:
        return None
    if has_own_date(trigger, doc):
        return None
    return offset


def has_own_date(clause: Token, doc: Doc) -> bool:
    """Does a date expression start inside ``clause``'s subtree (its own date)? (Not one on
    what the clause's document replaces: "after they signed a treaty to replace their 1961
    alliance".)"""
    return any(clause.left_edge.i <= start <= clause.right_edge.i and not in_replaced_object(root, [clause])
               for _, root, start in date_expressions(doc))


def _mark_offset(mark: Token, holders: tuple[Token, ...]) -> tuple[int, str] | None:
    """(signed amount, unit) of "five days after" / "a month before": the unit hangs on one of
    ``holders`` before ``mark``; "after" counts back, "before" forward."""
    unit = next((c for t in holders for c in t.children if c.dep_ == "npadvmod" and c.lower_ in OFFSET_UNITS), None)
    if unit is None or unit.i > mark.i:
        return None
    n = unit_count(unit)
    return ((-n if mark.lower_ == "after" else n), OFFSET_UNITS[unit.lower_]) if n else None


#: "days after", "weeks after" with no count: about how many days back (a few of them)
VAGUE_UNITS = {"days": 3, "weeks": 21}

#: verbs that set the day's news against an earlier happening: "The trip comes / came three
#: weeks after ..."
NEWS_FRAME_VERBS = {"come", "follow"}


def offset_from_publication(trigger: Token, doc: Doc, published_at) -> tuple[str, str] | None:
    """"The trip comes three weeks after Putin and Kim signed a treaty", "The talks came three
    months after Putin's visit to Pyongyang, during which he and Kim signed a treaty": a
    happening dated against the day's news (a main clause in the present tense, or "came" /
    "followed"), in a sentence with no date, counts from the publication (here the month
    three weeks before it; days stay days)."""
    # ("three weeks after Russia began delivering": the clause of "began")
    clause = trigger.head if trigger.dep_ in ("conj", "relcl", "xcomp") and trigger.head.dep_ in ("advcl", "pobj") \
        else trigger
    if clause.dep_ == "pobj" and clause.head.lower_ in ("after", "before") and clause.head.dep_ == "prep":
        # "three months after Putin's visit": the unit on "after", the frame verb above it
        mark, frame = clause.head, clause.head.head
        offset = _mark_offset(mark, (mark,))
    else:
        frame = clause.head
        offset = clause_offset(clause, doc)
        mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None) \
            if clause.dep_ == "advcl" else None
    if frame.tag_ not in ("VBZ", "VBP") and frame.lemma_.lower() not in NEWS_FRAME_VERBS:
        return None
    published = dates_mod.parse_published(published_at)
    if published is None:
        return None
    if offset is None and mark is not None and mark.lower_ == "after" and not has_own_date(clause, doc):
        # "The visit came weeks after Russia began delivering ...": days or weeks with no
        # count, a few of them (the month of that, no day)
        unit = next((c for t in (clause, mark, frame) for c in t.children if c.dep_ == "npadvmod"
                     and c.lower_ in VAGUE_UNITS and c.i < mark.i and unit_count(c) is None), None)
        if unit is not None:
            date, _ = shift_date(published.isoformat(), "day", (-VAGUE_UNITS[unit.lower_], "day"))
            return date[:7], "month"
    if offset is None:
        return None
    date, precision = shift_date(published.isoformat(), "day", offset)
    return (date[:7], "month") if offset[1] == "week" else (date, precision)


#: "Twenty years after Koizumi went to Pyongyang": an anniversary, counted back from the
#: publication (no other date in the sentence)
YEARS_AFTER = re.compile(r"^\W*(?P<n>[\w-]+)\s+(?P<unit>years|decades)\s+after\b", re.I)


def anniversary_date(trigger: Token, doc: Doc, published_at) -> tuple[str, str] | None:
    """The year of an event a sentence opens by counting from ("Thirty-five years after Roh
    went to Moscow, ..."), when the trigger heads that "after" clause: the publication's year
    less the count."""
    m = YEARS_AFTER.match(doc_text(doc))
    published = dates_mod.parse_published(published_at)
    if not m or published is None:
        return None
    n = dates_mod.number(m.group("n").lower())
    if not n or not any(t.lower_ == "after" and t.head.i == trigger.i for t in doc[:6]):
        return None
    n *= 10 if m.group("unit").lower() == "decades" else 1
    return f"{published.year - n:04d}", "year"


def shift_date(date: str, precision: str, offset: tuple[int, str]) -> tuple[str, str]:
    """``date`` moved by ``offset`` as far as its precision allows: a day-precise date by days
    or weeks, a month by months, a year by years; a coarser date stays as it is."""
    n, unit = offset
    if precision == "day" and unit in ("day", "week"):
        d = calendar_date.fromisoformat(date) + timedelta(days=n * (7 if unit == "week" else 1))
        return d.isoformat(), "day"
    if precision in ("day", "month") and unit == "month":
        y, m = int(date[:4]), int(date[5:7]) - 1 + n
        return f"{y + m // 12:04d}-{m % 12 + 1:02d}", "month"
    if precision in ("day", "month", "year") and unit == "year":
        return f"{int(date[:4]) + n:04d}", "year"
    return date, precision
