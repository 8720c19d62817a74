"""What is decided per article, once every candidate sentence has been read.

- Roles a sentence left open are taken from the rest of the article: an arms transfer's
  supplier or recipient (``resolve_pending_recipients``), both of them for a delivery that
  names no state (``resolve_pending_pairs``), a visit's host (``resolve_pending_hosts``).
- All mentions of one happening become one event (``merge``): same type, same states,
  compatible dates.
- The article's main pair of states and the year relative dates are read against.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from pipelines.extraction import dates as dates_mod, gazetteer
from pipelines.extraction.actors import HISTORICAL_SUCCESSOR, one_state_codes
from pipelines.extraction.events import ORGS, PRECISION_RANK, MentionEvent


def clear_majority(codes: Iterable[str]) -> str | None:
    """The code named most often, when no other is named as often; else None."""
    top = Counter(codes).most_common(2)
    return top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None


def normalise_treaty_parties(mentions: list[MentionEvent]) -> list[MentionEvent]:
    """A treaty naming both the Soviet Union and Russia keeps the one of its time (before 1992
    the Soviet Union); a treaty left with fewer than two states ("Soviet Russia" and Russia
    are one) is dropped."""
    out = []
    for m in mentions:
        if m.event_type == "treaty_signing":
            if {"RUS", "SUN"} <= set(m.parties or []):
                gone = "RUS" if m.date and m.date[:4] < "1992" else "SUN"
                m.parties = [p for p in m.parties if p != gone]
            if len(one_state_codes(m.parties or [])) < 2:
                continue
        out.append(m)
    return out


#: a sentence that says its supplier is not known: nobody is guessed for it
_TELL = r"(?:say|disclose|reveal|specify|name|identify)\s+(?:where|who|which\s+(?:country|state))\b"
UNKNOWN_SUPPLIER = re.compile(
    rf"\b(?:did|does|would|will)\s+not\s+{_TELL}|\b(?:declined|refused)\s+to\s+{_TELL}|"
    r"\b(?:unknown|undisclosed|unnamed|unidentified)\s+(?:supplier|seller|source|country|third\s+country)\b|"
    r"\b(?:it\s+is|it\s+was|it\s+remains)\s+(?:unclear|not\s+known)\s+(?:where|who)\b", re.I)


#: how far back (characters) a delivery with no state looks for the transfer it continues
CONTINUES_WITHIN = 600


def resolve_pending_pairs(mentions: list[MentionEvent]) -> list[MentionEvent]:
    """A delivery whose sentence names no state at all ("The following year the first of 46
    MiG-23 fighters arrived") continues the transfer told last before it, at most
    ``CONTINUES_WITHIN`` characters back: it takes that transfer's supplier and recipient.
    Without one it is dropped."""
    out = []
    for m in mentions:
        if m.event_type == "arms_transfer" and m.source is None and m.target is None:
            before = [x for x in mentions if x.event_type == "arms_transfer" and x.source and x.target
                      and x.start < m.start and m.start - x.end <= CONTINUES_WITHIN]
            if not before:
                continue
            last = max(before, key=lambda x: x.start)
            m.source, m.target = last.source, last.target
            # (the other way round when the weapons are the recipient's make: "North Korea has
            # sent shells to Russia. In 1985 the first of 50 MiG-23 fighters arrived")
            if designed_by(m, m.target) and not designed_by(m, m.source):
                m.source, m.target = of_its_time(m.target, m.date), of_its_time(m.source, m.date)
        out.append(m)
    return out


def designed_by(m: MentionEvent, code: str) -> bool:
    """Are the weapons ``m`` names of ``code``'s design (``gazetteer.weapon_origin``; the Soviet
    Union and Russia are one)?"""
    maker = gazetteer.weapon_origin(m.items or m.text)
    return bool(maker) and one_state_codes([maker]) == one_state_codes([code])


def of_its_time(code: str, date: str | None) -> str:
    """A state taken from elsewhere in the article, named as it was at the event's date: the
    Soviet Union for Russia before 1992, Russia for the Soviet Union after it."""
    if date and date[:4] < "1992":
        return HISTORICAL_SUCCESSOR.get(code, code)
    if date and code in HISTORICAL_SUCCESSOR.values():
        return next(k for k, v in HISTORICAL_SUCCESSOR.items() if v == code)
    return code


def states_of_its_time(m: MentionEvent, date: str | None) -> MentionEvent:
    """``m`` with its source, target and parties named as they were at ``date``
    (``of_its_time``); a copy, ``m`` itself is left as it is."""
    return replace(m, source=of_its_time(m.source, date) if m.source else m.source,
                   target=of_its_time(m.target, date) if m.target else m.target,
                   parties=sorted({of_its_time(c, date) for c in m.parties}) if m.parties else m.parties)


def resolve_pending_recipients(mentions: list[MentionEvent], main_pair=None, main_state=None) -> list[MentionEvent]:
    """An arms transfer whose sentence names no supplier goes to the one that supplies this
    recipient most in the article, else to the state that makes the weapons
    (``gazetteer.weapon_maker``), else to the article's clear main supplier, else to the
    other state of the main pair. One whose sentence names no recipient ("the United States
    would provide 31 Abrams tanks") goes to the recipient of the same supplier's other
    transfers, else to the one state that receives most of the article's transfers (a clear
    majority), else to the other state of the article's main pair when the supplier is one
    of them, else to the state the article is mostly about (a parade gallery's "fighters,
    bought from Russia"). Without one it is dropped. A sentence that says its supplier is
    not known ("did not say where they came from", ``UNKNOWN_SUPPLIER``) gets none."""
    recipient = clear_majority(m.target for m in mentions if m.event_type == "arms_transfer" and m.target)
    supplier = clear_majority(m.source for m in mentions if m.event_type == "arms_transfer" and m.source)
    out = []
    for m in mentions:
        if m.event_type == "arms_transfer" and m.source is None:
            # no supplier in the sentence ("launchers were handed over to the Belarusian army")
            if UNKNOWN_SUPPLIER.search(m.text):
                continue   # "... but did not say where they came from"
            source = clear_majority(x.source for x in mentions if x.event_type == "arms_transfer"
                                    and x.source and x.target == m.target)
            if source is None or source == m.target:
                # the state that makes the weapons ("Niger took delivery of six TB2s": Turkey)
                source = gazetteer.weapon_maker(m.items)
            if source is None or source == m.target:
                # the weapons named elsewhere in the sentence ("the first buyer of the Rafale
                # ..., and the first of 24 jets landed in Cairo")
                source = gazetteer.weapon_maker(m.text)
            if source is None or source == m.target:
                source = supplier   # the article's supplier ("Kenya has ordered six TB2s" in a piece on Turkish drones)
            if (source is None or source == m.target) and main_pair and m.target in main_pair:
                source = next((c for c in main_pair if c != m.target), None)
            if source is None or source == m.target:
                continue
            m.source = of_its_time(source, m.date)
        if m.event_type == "arms_transfer" and m.target is None:
            # the recipient of this supplier's other transfers first, then the article's
            target = clear_majority(x.target for x in mentions if x.event_type == "arms_transfer" and x.target
                                    and x.source == m.source) or recipient
            same = one_state_codes([m.source])   # (the Soviet Union supplies no Russia)
            if target is None or one_state_codes([target]) == same:
                pair = [c for c in main_pair or () if one_state_codes([c]) != same]
                target = pair[0] if main_pair and len(pair) == 1 else None
            if target is None or one_state_codes([target]) == same:
                target = main_state
            if target is None or one_state_codes([target]) == same:
                continue
            if designed_by(m, target):
                # (the other way round when the weapons are of the recipient's own design: "In
                # 1985 the first MiG-23 fighters arrived, and by 1988 the North had its first
                # MiG-29s" in a piece on the North's shells for Russia)
                m.source, target = of_its_time(target, m.date), m.source
            m.target = of_its_time(target, m.date)
        out.append(m)
    return out


#: rules whose visitors are guests of the article's event (their host: the article's)
GUEST_RULES = {"visit.among_guests", "visit.delegation_attends", "visit.watch_from_rostrum"}
#: rules of a visit that returns an earlier one (its host: where that visitor came from)
RETURN_RULES = {"visit.return_visit"}
#: rules of a host receiving its guest ("Ishiba hosted him", "was welcomed by")
HOST_RULES = {"visit.host", "visit.give_welcome", "visit.host_passive"}
ALSO = re.compile(r"\b(?:also|too)\b")


#: how far back (characters) the visit an unplaced arrival joins may end
JUST_BEFORE_CHARS = 250


def resolve_pending_hosts(mentions: list[MentionEvent], dateline: tuple[str, str | None] | None = None,
                          main_pair=None) -> list[MentionEvent]:
    """A visit whose sentence names no host ("He had flown in on Thursday evening") goes, for
    an unplaced arrival, to the host of a visit told just before it at a fitting date
    (``JUST_BEFORE_CHARS``: "Erdogan played host to both leaders in Ankara ... Abiy arrived on
    Wednesday morning"), else to where the same visitor's other visits in the article go (a
    clear majority), else to the
    place of the article's dateline ("MINSK (Reuters) -"), else to the other state of the
    article's main pair when the visitor is one of them; a guest of the article's event
    (``GUEST_RULES``) or an arrival told without a place ("Lukashenko, who arrived on
    Saturday, is attending") else to where most of the article's visits go. Without one, or
    when that is the visitor's own state, it is dropped. A returned visit ("Xi returned the
    visit", ``RETURN_RULES``) goes to the state whose visitor came to the returner's state
    last before it, or is dropped."""
    hosts = [(m.source, m.target) for m in mentions if m.event_type == "visit" and m.target]
    out = []
    for m in mentions:
        if m.event_type == "visit" and m.target is None and m.rule_id in RETURN_RULES:
            # "Xi returned the visit in June 2019": to the state whose visitor came to the
            # returner's state last before it
            came = [v for v in mentions if v.event_type == "visit" and v.target == m.source and v.source
                    and v.source != m.source and v.start <= m.start and v is not m]
            if came:
                m.target = max(came, key=lambda v: v.start).source
                out.append(m)
            continue
        if m.event_type == "visit" and m.target is None:
            host = None
            if m.rule_id == "visit.arrive_unplaced" or (m.rule_id in GUEST_RULES and m.date):
                # "Erdogan played host to both leaders in Ankara on Wednesday. ... Abiy arrived on
                # Wednesday morning": the host of the visit told just before, at a fitting date
                # (or the host of the same visitor in the same sentence: "When Lee landed at
                # Haneda, Ishiba hosted him"); so do the dated guests of the event told just
                # before ("In Washington, Carter and Torrijos sign ... Among the leaders who flew
                # in for the ceremony are ...")
                just_before = [v for v in mentions if v.event_type == "visit" and v.target and v.target != m.source
                               and (0 <= m.start - v.end <= JUST_BEFORE_CHARS
                                    or (v.start == m.start and v.source == m.source and v.rule_id in HOST_RULES))
                               and (not m.date or not v.date or dates_mod.compatible(m.date, v.date))]
                if just_before:
                    host = max(just_before, key=lambda v: v.start).target
            if host is None:
                host = clear_majority(t for s, t in hosts if s == m.source)
            if host is None and dateline:
                host = dateline[0]
            if host is None and main_pair and m.source in main_pair:
                host = next((c for c in main_pair if c != m.source), None)
            if (host is None or host == m.source) and m.rule_id in GUEST_RULES:
                # guests of an event go where most of the article's visits go ("were among the
                # 26 foreign leaders in the stands" in a report on a parade); guests who "also"
                # came, where the visit named last before them went, when its date fits
                # ("Shoigu watched the July parade in Pyongyang ... A Chinese delegation also
                # attended the July parade")
                before = [v for v in mentions if v.event_type == "visit" and v.target and v.target != m.source
                          and v.start < m.start and (not m.date or not v.date or dates_mod.compatible(m.date, v.date))
                          ] if ALSO.search(m.text) else []
                host = max(before, key=lambda v: v.start).target if before else clear_majority(t for _, t in hosts)
            if host is None and m.rule_id == "visit.arrive_unplaced":
                # "Lukashenko, who arrived on Saturday, is attending" in a report on a summit:
                # where most of the article's visits go
                host = clear_majority(t for _, t in hosts)
            if host is None or host == m.source:
                continue
            m.target = host
        out.append(m)
    return out


SIGNED_DURING_VISIT_CHARS = 400
#: a signing that names the visit it took place during ("signed a memorandum during the trip")
DURING_THE_VISIT = re.compile(r"\b(?:during|on)\s+(?:the|that|this|his|her)\s+(?:\w+\s+)?(?:visit|trip|tour)\b", re.I)


def date_signings_by_visit(mentions: list[MentionEvent], published) -> list[MentionEvent]:
    """A signing its sentence does not date, told right after a dated visit between the same
    two states, took place during that visit: "Putin arrived in Pyongyang on Wednesday ...
    After talks, the two leaders signed a joint declaration." It must follow the visit
    within ``SIGNED_DURING_VISIT_CHARS`` with no other dated mention in between, and the
    visit must be the news (dated to the month of publication or the one before), not
    background ("He attended the summit in July 2023 ..."), unless the signing names the
    visit ("the two sides signed a memorandum during the trip")."""
    if published is None:
        return mentions
    this_month = f"{published.year:04d}-{published.month:02d}"
    last_month = f"{published.year - (published.month == 1):04d}-{(published.month - 2) % 12 + 1:02d}"
    dated_before: list[MentionEvent] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if (m.event_type == "treaty_signing" and not m.date and m.modality != "planned"
                and len(set(m.parties or [])) == 2 and dated_before):
            last = dated_before[-1]
            if (last.event_type == "visit" and last.modality == "asserted"
                    and (last.date[:7] in (this_month, last_month) or DURING_THE_VISIT.search(m.text))
                    and one_state_codes((last.source, last.target)) == one_state_codes(m.parties)
                    and 0 < m.start - last.end <= SIGNED_DURING_VISIT_CHARS):
                m.date, m.date_precision = last.date, last.date_precision
        if m.date:
            dated_before.append(m)
    return mentions


def _months_before(date: str, published) -> bool:
    """Is ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) in a month (or year) before ``published``?"""
    if len(date) == 4:
        return int(date) < published.year
    return date[:7] < f"{published.year:04d}-{published.month:02d}"


def visitors(m: MentionEvent) -> set[str]:
    """The people of a visit the gazetteer places in the visiting state."""
    codes = gazetteer.person_codes()
    home = one_state_codes([m.source]) if m.source else set()
    return {p for p in m.persons if one_state_codes(codes.get(p, ())) & home}


def different_visitors(cluster: list[MentionEvent], m: MentionEvent) -> bool:
    """Two visits of one month by different named people of the visiting state are two
    visits ("Belousov arrived in Pyongyang on Friday"; "earlier this month, natural resources
    minister Kozlov led a delegation to Pyongyang")."""
    if m.event_type != "visit":
        return False
    mine = visitors(m)
    theirs = set().union(*(visitors(x) for x in cluster))
    return bool(mine) and bool(theirs) and not mine & theirs


def merge(mentions: list[MentionEvent], reference_year: int | None, prefer_from: int = 0,
          published=None) -> list[MentionEvent]:
    """All mentions of one happening become one event (same type, states and date).

    Mentions with different explicit dates are different events (the 2019 visit and the
    2024 visit). An undated mention joins the dated event of the same states nearest to
    it in the text among the current ones (dated within a year of publication); with
    only historical ones ("replaces the 2000 treaty") it stays an event of its own, unless
    it names the same weapons as one of them ("The Kfirs were bought from Israel"). An
    undated plan ("the Pentagon will send ...") does not join an event dated to an earlier
    month than the article's publication: what is still to come is not what already
    happened months ago ("the first tanks arrived in September"). An undated denial of a
    transfer ("Tehran denies it has supplied any missiles") joins only what someone claimed,
    not a transfer told as fact. Two visits of one month by different named officials of the
    visiting state stay two (``different_visitors``), and so does a visit made and an undated
    one planned by someone else; an undated mention in an article
    published before 1992 names the Soviet Union, as the dated ones of its time do."""
    groups: dict[tuple, list[MentionEvent]] = {}
    # (an undated mention naming Russia where a dated Soviet one of the same sentence names the
    # pair: "When Roh flew to Moscow in December 1990, the first South Korean president to set
    # foot in the Kremlin": one visit, the Soviet Union's)
    dated_keys = {(m.event_type, m.start, m.states_key()) for m in mentions if m.date}
    for m in mentions:
        if not m.date and published is not None and published.year < 1992:
            # (an article of Soviet times: its undated "Moscow Visit" is the Soviet Union's)
            m = states_of_its_time(m, str(published.year))
        elif not m.date and (m.event_type, m.start, m.states_key()) not in dated_keys:
            soviet = states_of_its_time(m, "1991")
            if (m.event_type, m.start, soviet.states_key()) in dated_keys:
                m = soviet
        groups.setdefault((m.event_type, m.states_key()), []).append(m)
    out = []
    for _, ms in groups.items():
        dated = sorted([m for m in ms if m.date], key=lambda m: (-PRECISION_RANK[m.date_precision], -m.confidence))
        undated = sorted([m for m in ms if not m.date], key=lambda m: -m.confidence)
        clusters: list[list[MentionEvent]] = []
        for m in dated:
            for c in clusters:
                if dates_mod.compatible(c[0].date, m.date) and not different_visitors(c, m):
                    c.append(m)
                    break
            else:
                clusters.append([m])
        recent = [c for c in clusters if reference_year is None or int(c[0].date[:4]) >= reference_year - 1]
        alone = []
        for m in undated:
            if m.date_precision in ("period", "flow") and m.event_type == "arms_transfer":
                # "Between 1960 and 1991 the Soviet Union supplied most of Cuba's weapons", "has
                # sent thousands of drones since 2022", "has sent Russia thousands of drones": a
                # flow over years, not the dated delivery
                alone.append(m)
                continue
            fits = recent
            # (the same weapons name the same transfer, however old: "The Kfirs were bought from
            # Israel." and "The Kfirs were bought from Israel in 1989")
            same_items = [c for c in clusters if m.items and any(
                x.items and x.items.lower() == m.items.lower() for x in c)]
            # (and a dated mention of the same sentence names the same happening: "When Roh flew
            # to Moscow in December 1990, the first South Korean president to set foot in the
            # Kremlin")
            same_sentence = [c for c in clusters if any(x.start == m.start for x in c)]
            if same_sentence and m.event_type == "visit":
                fits = same_sentence
            elif same_items:
                fits = same_items
            elif m.modality == "planned" and published is not None:
                # (nor, for a visit, one made or reported made by someone else: "Choe arrived in
                # Moscow on Sunday" and "she will discuss a visit by Kim Jong Un to Russia")
                fits = [c for c in recent if not _months_before(c[0].date, published)
                        and not (all(x.modality != "planned" for x in c) and different_visitors(c, m))]
            elif m.modality == "denied" and m.event_type == "arms_transfer":
                # "Tehran denies it has supplied any missiles" is not the drones it is known to
                # have sent: a denial joins what someone claimed, not what is told as fact
                fits = [c for c in recent if any(x.modality in ("alleged", "denied") for x in c)]
            if fits:
                near = min(fits, key=lambda c: min(abs(x.start - m.start) for x in c))
                near.append(m)
            else:
                alone.append(m)
        if alone:
            clusters.append(alone)
        for c in clusters:
            out.append(_combine(c, prefer_from))
    out.sort(key=lambda e: e.start)
    return out


def _combine(ms: list[MentionEvent], prefer_from: int = 0) -> MentionEvent:
    best = max(ms, key=lambda m: (m.start >= prefer_from, m.confidence, PRECISION_RANK[m.date_precision], -m.start))
    dated = max(ms, key=lambda m: PRECISION_RANK[m.date_precision])
    ev = replace(best)
    ev.date, ev.date_precision = dated.date, dated.date_precision
    for attr in ("location", "items", "quantity"):
        if not getattr(ev, attr):
            setattr(ev, attr, next((getattr(m, attr) for m in ms if getattr(m, attr)), None))
    ev.persons = list(dict.fromkeys(p for m in ms for p in m.persons))
    modal = Counter(m.modality for m in ms)
    if modal.get("asserted") and best.modality == "planned" and modal["asserted"] >= modal["planned"]:
        ev.modality = "asserted"
    if ev.modality == "denied" and len(modal) > 1:
        # reported by some and denied by a party: the claim stands as alleged
        ev.modality = "alleged" if modal.get("alleged") or modal.get("denied") else \
            max((k for k in modal if k != "denied"), key=lambda k: modal[k])
    p = 1.0
    for m in ms:
        p *= 1.0 - m.confidence
    ev.confidence = round(min(0.99, 1.0 - p), 3)
    sents = {}
    for m in sorted(ms, key=lambda m: m.start):
        sents.setdefault((m.start, m.end), m.text)
    ev.extra_sentences = [dict(text=t, start=s, end=e) for (s, e), t in sents.items() if (s, e) != (best.start, best.end)]
    # (the date may come from another mention than the codes: the state as it was then)
    return states_of_its_time(ev, ev.date) if ev.date else ev


def _one_state_counts(codes: list[str]) -> tuple[Counter, dict[str, str]]:
    """Mentions per state, the Soviet Union and Russia counted as one (a history of Moscow's
    ties names both), and the code each such state is named by most."""
    counts = Counter(HISTORICAL_SUCCESSOR.get(c, c) for c in codes if c not in ORGS)
    named = {}
    for code, _ in Counter(c for c in codes if c not in ORGS).most_common():
        named.setdefault(HISTORICAL_SUCCESSOR.get(code, code), code)
    return counts, named


def article_main_pair(codes: list[str]) -> tuple[str, str] | None:
    """The two states an article is about, when two clearly dominate."""
    counts, named = _one_state_counts(codes)
    top = counts.most_common(3)
    if len(top) >= 2 and top[1][1] >= 3 and (len(top) == 2 or top[1][1] >= 2 * top[2][1]):
        return tuple(sorted((named[top[0][0]], named[top[1][0]])))
    return None


def article_main_state(codes: list[str], headline_codes: list[str] = ()) -> str | None:
    """The state an article is mostly about: named at least three times and at least twice
    as often as any other, or named most (strictly) and in the headline ("Argentina's
    F-16s: ...")."""
    counts, named = _one_state_counts(codes)
    top = counts.most_common(2)
    headline = {HISTORICAL_SUCCESSOR.get(c, c) for c in headline_codes}
    if top and top[0][1] >= 3 and (len(top) == 1 or top[0][1] >= 2 * top[1][1]
                                   or (top[0][1] > top[1][1] and top[0][0] in headline)):
        return named[top[0][0]]
    return None


def reference_year(text: str, published_at) -> int | None:
    pub = dates_mod.parse_published(published_at)
    if pub:
        return pub.year
    years = [int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", text)]
    return max(years) if years else None
