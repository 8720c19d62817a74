"""Assemble event mentions from parsed candidate sentences.

For every rule match (``tree_matcher`` over the sentence's parse), roles are filled by
walking the rule's role paths through the dependency parse; a role the parse does
not give may be filled by the rule's fallback (the one other state in the sentence,
or the article's main pair of states), at a lower confidence. What is decided per
article, after every sentence (pending roles, merging), is in ``article_level``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from pipelines.extraction import dates as dates_mod, gazetteer
from pipelines.extraction.actors import (DATE_WORDS, HISTORICAL_SUCCESSOR, NAMED_PLACE_KINDS, PERSON_PRONOUNS, PLACE_KINDS,
                                         MentionIndex,
                                         one_state_codes,
                                         group_members, is_official,
                                         is_person, np_tokens, participant_codes, phrase_actors, place_of)
from pipelines.extraction.event_dates import (WEEKDAY_WORDS, anniversary_date, clause_offset, date_expressions,
                                              find_date, follow_on_deliveries, in_document_clause, in_other_conjunct,
                                              in_replaced_object, offset_from_publication, partner_dates,
                                              previous_visits, shift_date, split_by_dates, split_by_documents,
                                              split_by_objects)
from pipelines.extraction.modality import STATEMENT_VERBS, is_denial, is_negated, modality
from pipelines.extraction.rules import Rule
from pipelines.extraction.tree_matcher import TreeMatcher, word_index
from pipelines.extraction.nlp import SAY_VERBS, doc_text
from pipelines.extraction.weapons import (ARMED_FORCES, RECIPIENT_FORCES, is_weapon, items_and_quantity, weapon_after,
                                          weapon_lexicon)
from schemas.vocabulary import SAME_STATE

ORGS = {"UN", "NATO", "EU"}
TREATY_NOUNS = {"treaty", "pact", "accord", "agreement", "memorandum", "convention", "armistice", "treaties", "declaration"}
#: documents named after the city where they were signed ("the Budapest Memorandum", "the Lisbon Protocol")
NAMED_DOCUMENTS = {"memorandum", "accords", "agreements", "protocol", "declaration", "charter", "communique",
                   "statement", "pact", "treaty", "accord", "agreement", "convention"}
_NAME_WORD = (r"(?:[A-Z][\w'’.-]*|security|defen[cs]e|mutual|friendship|peace|border|military|nuclear|"
              r"non-aggression|alliance|cooperation|co-operation|trade|bilateral|and|of|strategic|partnership|"
              r"arms|control|naval|basic|framework|good-neighbourliness|neighbourliness|assistance|amity)")
#: "the 1961 Treaty of Friendship", "a 2000 treaty of friendship", "the 1960 security treaty"
NAMED_TREATY = re.compile(rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Tt]hat|landmark|original|historic)\s+"
                          rf"(?P<year>1[89]\d\d|20\d\d)\s+(?:{_NAME_WORD},?\s+){{0,8}}?"
                          rf"(?P<noun>[Tt]reaty|[Pp]act|[Aa]ccord|[Aa]greement|[Mm]emorandum|[Cc]onvention|[Aa]rmistice|Declaration)\b"
                          rf"(?:\s+of\s+(?:{_NAME_WORD}\s+){{0,5}}?[A-Z][\w'’-]*)?")
#: "the Sino-Soviet treaty of 1950", "the Treaty of Moscow of 1970"
TREATY_OF_YEAR = re.compile(rf"\b(?:[Tt]he)\s+(?:{_NAME_WORD},?\s+){{0,6}}?(?P<noun>[Tt]reaty|[Pp]act|[Aa]ccord|Agreement|Memorandum|Convention)"
                            rf"(?:\s+of\s+(?:{_NAME_WORD}\s+){{0,5}}?[A-Z][\w'’-]*)?\s+(?:of|in)\s+(?P<year>1[89]\d\d|20\d\d)\b")
REPLACES = re.compile(r"\b(replac\w*|supersed\w*|succeed\w*|reviv\w*|renew\w*|updat\w*|upgrad\w*)\b", re.I)
#: "the two ministers": the pair is of people named before
PEOPLE_PAIR_NOUNS = {"leaders", "men", "women", "presidents", "ministers", "premiers", "envoys", "diplomats",
                     "chancellors", "counterparts"}
#: "the two countries", "both sides", "the two ministers": a pair named before
PAIR_NOUNS = {"countries", "nations", "sides", "leaders", "men", "governments", "states", "neighbours",
              "neighbors", "allies", "presidents", "capitals", "ministries", "delegations"} | PEOPLE_PAIR_NOUNS
#: what a photo caption shows in the present tense ("X shakes hands with Y in Hanoi on Friday"):
#: done, not scheduled
CAPTION_VERBS = {"shake", "greet", "walk", "pose", "stand", "wave", "watch", "review", "inspect", "lay", "embrace",
                 "hug", "listen", "gesture", "smile", "applaud"}
#: generic nouns that, with "the" / "these", point back to weapons named before ("Russia sent the
#: systems to Pyongyang")
BACK_POINTING_NOUNS = {"systems", "batteries", "units"}
#: nouns a state's adjective names a time with ("the Soviet era")
ERA_NOUNS = {"era", "times", "period", "days", "years"}
#: "travelled to Moscow many times": no one event
HABITUAL_COUNTS = {"many", "several", "numerous", "countless", "multiple", "dozens"}
#: "the three governments", "all four countries"
NUMBER_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6}


def last_pair(ctx: dict, key: str, offset: int) -> tuple[str, str] | None:
    """The two states named last before the sentence at ``offset`` (sorted): of its states
    (``key`` "recent_states") or of its people ("recent_people"); None with fewer."""
    named = (ctx.get(key) or {}).get(offset, ())
    return tuple(sorted(named[:2])) if len(named) >= 2 else None


def recent_pair(tok: Token, offset: int, ctx: dict, named=None, signers: bool = False):
    """The pair "the two countries" / "the two ministers" refers to: for ``signers``, the
    state the sentence names (``named``, when one) with the one named last before it; else
    the two states (of people, for people) named most recently before the sentence, else the
    article's pair. (Travellers and those meeting are not paired with the one state named:
    "the two ministers will travel to Kyiv" are two visitors.)
    "The two countries" (or leaders) is the article's pair even when others were named since,
    as long as the sentence (``named``: its states) names no state outside it."""
    main = ctx.get("main_pair")
    if main is not None and named is not None and one_state_codes(named) <= one_state_codes(main):
        return main
    if signers and named and len(one_state_codes(named)) == 1:
        # "Kim Jong Il admitted ..., and the two leaders signed": the state the sentence names
        # and the one named last before it, a person's first (signers are officials; a place
        # named last may be a venue: "There was also an agreement in Stockholm.")
        before = (ctx.get("recent_people") or {}).get(offset, ()) + (ctx.get("recent_states") or {}).get(offset, ())
        partner = next((c for c in before if one_state_codes([c]) != one_state_codes(named)), None)
        if partner is not None:
            return tuple(sorted([next(iter(named)), partner]))
    if tok.lower_ in PEOPLE_PAIR_NOUNS:
        pair = last_pair(ctx, "recent_people", offset)
        if pair:
            return pair
    return last_pair(ctx, "recent_states", offset) or main
ACTOR_KINDS = {"person", "person_short", "state", "org", "demonym", "capital", "place"}
#: ("period": an undated span of years; "flow": an undated "has sent", up to now)
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, None: 0, "period": 0, "flow": 0}
#: passive verbs whose subject is the subject of the complement ("Iran is said to have sent",
#: "Kazakhstan was caught selling", "Kim was spotted arriving")
RAISING_PASSIVES = {"expect", "say", "report", "believe", "think", "accuse", "suspect", "allege", "know",
                    "schedule", "set", "due", "understand", "rumour", "rumor", "reckon", "claim",
                    "invite", "slate", "see", "tip", "catch", "spot", "photograph", "film", "find", "observe"}
#: verbs whose object is the doer of their complement ("invited Putin to visit")
OBJECT_CONTROL = {"invite", "allow", "permit", "help", "enable", "persuade", "convince", "urge", "ask", "press",
                  "encourage"}
#: nouns whose complement clause is done by the noun's holder ("an invitation to visit")
INTENT_NOUNS = {"invitation", "plan", "decision", "offer", "bid", "intention", "promise", "pledge",
                "attempt", "readiness", "willingness", "agreement", "chance", "opportunity", "right"}


@dataclass
class MentionEvent:
    event_type: str
    source: str | None
    target: str | None
    parties: list | None
    date: str | None
    date_precision: str | None
    location: str | None
    persons: list
    modality: str
    items: str | None
    quantity: str | None
    start: int
    end: int
    text: str
    confidence: float
    rule_id: str
    extra_sentences: list = field(default_factory=list)

    def states_key(self):
        if self.event_type == "treaty_signing":
            return tuple(sorted(self.parties or []))
        return (self.source, self.target)


#: what binds states and is "cemented" or "formalised" ("the alliance ..., cemented through a treaty")
BOND_NOUNS = {"alliance", "partnership", "ties", "relationship", "relations", "friendship"}
SIGNED_OR_BOND_NOUNS = TREATY_NOUNS | BOND_NOUNS
#: signed objects that are sales contracts more often than treaties between the states named
CONTRACT_NOUNS = {"deal", "deals", "contract", "contracts"}


def fallback_fits(trigger: Token, obj: Token | None, idx: MentionIndex, future: bool) -> bool:
    """May the parties a signing leaves open come from the rest of the sentence (or the
    article)? Not for a plan ("hopes to sign an accord when Li visits"), a sales deal ("India
    signed a deal for S-400s despite US sanctions") or signers named that are no state
    ("the Kenya Rugby Union and the South African Rugby Union signed", "warring parties
    signed", "the United States and the Taliban signed")."""
    if future or (obj is not None and obj.lower_ in CONTRACT_NOUNS):
        return False
    signers = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    signers += [p for c in trigger.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    for s in signers:
        for t in [s] + list(s.conjuncts):
            if t.pos_ == "PRON" or t.lower_ in PAIR_NOUNS or (obj is not None and t.i == obj.i):
                continue
            if t.lemma_.lower() in SIGNED_OR_BOND_NOUNS:
                continue   # "the agreement was signed"; "the alliance ..., cemented through a treaty"
            if t.lower_ in ("officials", "ministers", "diplomats", "negotiators") and not any(
                    c.dep_ in ("amod", "compound", "poss", "prep", "nmod") for c in t.children):
                continue   # "officials exchanged nine memorandums": bare signers act for the states
            if not is_official(t, idx) or not phrase_actors(t, idx, ACTOR_KINDS - {"place"}):
                return False
    return True


# --------------------------------------------------------------------------- role paths
def listed_with(tok: Token) -> list[Token]:
    """Tokens listed with ``tok``: its conjuncts, and a misparsed list "Kazakhstan,
    Kyrgyzstan, Tajikistan and Uzbekistan" where the second hangs as an apposition."""
    out = list(tok.conjuncts)
    for c in tok.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            out += [c] + [x for x in c.conjuncts if x not in out]
    return [t for t in dict.fromkeys(out) if t.i != tok.i]


def headline_subject(tok: Token) -> Token | None:
    """In a headline "Modi to visit UAE in January" the small model often makes the name
    the root (a verb) and the infinitive hang from it: the root is then the subject."""
    head = tok.head
    if tok.dep_ in ("advcl", "acl", "relcl", "xcomp") and head.dep_ == "ROOT" and head.i < tok.i \
            and head.is_title and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        return head
    return None


def weapon_antecedent(noun: Token) -> Token | None:
    """The weapon a relative clause's noun stands for: the noun itself, the noun after its
    "of" ("one of the first five such aircraft"), or the noun it is in apposition to ("J-10C
    fighters ..., the same type China sold"; "a J-6 fighter, one of the many China supplied")."""
    t = noun
    for _ in range(4):
        if is_weapon(t):
            return t
        of_noun = next((p for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj" and is_weapon(p)), None)
        if of_noun is not None:
            return of_noun
        if t.dep_ == "pobj" and t.head.lower_ == "of":
            t = t.head.head
        elif t.dep_ == "appos":
            t = t.head
        else:
            return None
    return None


#: verbs whose subject is the buyer of their object ("Manila ordered 12 FA-50s")
ORDER_VERBS = {"order", "buy", "purchase", "acquire", "procure"}
#: heads of a count that leaves its noun out ("the first two", "the last pair", "the rest")
ELLIPTIC_COUNT_HEADS = {"pair", "rest", "remainder", "first", "last", "remaining", "ones", "batch"}


def according_to_sources(doc: Doc) -> set[int]:
    """Tokens of the sentence's "according to X" phrases (cached on the doc)."""
    cached = doc.user_data.get("according_to")
    if cached is None:
        cached = {t.i for a in doc if a.lower_ == "according" for p in a.children if p.lower_ == "to"
                  for o in p.children if o.dep_ == "pobj" for t in o.subtree} if "according" in doc_text(doc).lower() else set()
        doc.user_data["according_to"] = cached
    return cached


#: what two leaders meet for ("for his summit with Donald Trump")
SUMMIT_NOUNS = {"summit", "talks", "meeting"}


def summit_partners(trigger: Token) -> list[Token]:
    """The people a journey's purpose names as met: "came to Hanoi for his summit with Donald
    Trump" (Trump)."""
    return [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "for"
            for n in c.children if n.dep_ == "pobj" and n.lemma_.lower() in SUMMIT_NOUNS
            for w in n.children if w.dep_ == "prep" and w.lower_ == "with"
            for p in w.children if p.dep_ == "pobj"]


def coordinated_weapon(trigger: Token) -> Token | None:
    """The weapon object of the arms clause the trigger's clause is coordinated with ("delivered
    the first S-400 regiment to China and began deliveries to India": regiment)."""
    verb = trigger.head if trigger.dep_ in ("dobj", "nsubjpass") else trigger
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None   # (a clause with a subject of its own: "but none has been delivered")
    first = verb.head
    for obj in first.children:
        if obj.dep_ in ("dobj", "nsubjpass"):
            found = next((t for t in obj.subtree if t.pos_ in ("NOUN", "PROPN") and is_weapon(t)), None)
            if found is not None:
                return found
    return None


def elliptic_deal(subject: Token, trigger: Token, idx: MentionIndex) -> tuple[str, str | None] | None:
    """The buyer and (when named) the seller of the weapons an elliptical count stands for,
    when they were ordered or bought in the sentence ("Indonesia ordered 42 Rafale fighters
    from France; the first three landed ...": IDN, FRA)."""
    weapon = elliptic_weapon(subject, trigger)
    if weapon is None or weapon.dep_ != "dobj" or weapon.head.lemma_.lower() not in ORDER_VERBS:
        return None
    verb = weapon.head
    kinds = {"state", "capital", "demonym", "person"}
    buyers = [m.code for c in verb.children if c.dep_ == "nsubj" for m in phrase_actors(c, idx, kinds)]
    sellers = [m.code for c in [*verb.children, *weapon.children] if c.dep_ == "prep" and c.lower_ == "from"
               for p in c.children if p.dep_ == "pobj" for m in phrase_actors(p, idx, kinds | {"company"})]
    if not buyers:
        return None
    return buyers[0], next((c for c in sellers if c != buyers[0]), None)


def elliptic_weapon(subject: Token, trigger: Token) -> Token | None:
    """The weapon an elliptical count stands for: "ordered 12 FA-50PH light fighters; the first
    two landed at Clark Air Base": the last weapon named before the count in the sentence."""
    if not (subject.like_num or subject.lower_ in ELLIPTIC_COUNT_HEADS) or is_weapon(subject):
        return None
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children):
        return None   # ("the first of them" is read through "of")
    before = [t for t in subject.doc[:subject.left_edge.i] if t.pos_ in ("NOUN", "PROPN") and is_weapon(t)]
    return before[-1] if before else None


#: what witnesses of a signing do ("with the king ... looking on")
ONLOOKER_VERBS = {"look", "watch", "witness", "stand", "applaud", "attend"}
#: "returned / reciprocated the visit": a new journey the other way
RETURN_VERBS = {"return", "reciprocate", "repay"}


#: verbs whose subject makes a claim about the clause below, beside the verbs of saying
CLAIM_FRAMES = {"accuse", "charge", "blame", "voice", "express"}


#: what a quantity does over time: "exports to India fell" is a statistic, no event
TREND_VERBS = {"fall", "rise", "drop", "decline", "grow", "increase", "decrease", "double", "halve", "slump",
               "surge", "plunge", "soar", "shrink", "climb", "dip", "jump", "slow", "recover"}

#: "imposed sanctions on X for doing": X did it
PENALTY_NOUNS = {"sanction", "sanctions", "penalty", "fine", "tariff", "restriction", "ban", "embargo"}


#: subjects that are a part of things just named ("some of those", "most of them")
PART_OF_WORDS = frozenset({"some", "many", "most", "all", "much", "part", "half", "several", "few"})


def inherited_subjects(tok: Token) -> list[Token]:
    """Subjects a verb or noun phrase may inherit from the clauses governing it, nearest first."""
    out: list[Token] = []
    headline = headline_subject(tok) if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) else None
    if headline is not None:
        out.append(headline)   # "Modi to visit UAE in January"
    t, came_via, prev = tok, None, tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX"):
            subj = [c for c in t.children if c.dep_ == "nsubj"]
            if t is not tok:
                # raising passives: "X is expected / said / accused of / due to visit"
                if t.lemma_.lower() in RAISING_PASSIVES:
                    subj = subj + [c for c in t.children if c.dep_ == "nsubjpass"]
                dobj = [c for c in t.children if c.dep_ == "dobj"]
                if dobj and came_via in ("of", "for") and dobj[0].lemma_.lower() in PENALTY_NOUNS:
                    # "imposed sanctions on Turkey for acquiring": the one penalised acquired
                    out.extend(p for c in dobj[0].children if c.dep_ == "prep" and c.lower_ in ("on", "against")
                               for p in c.children if p.dep_ == "pobj")
                if dobj and (came_via in ("of", "for") or (
                        prev.dep_ == "xcomp" and t.lemma_.lower() in OBJECT_CONTROL)):
                    # "invited Putin to visit", "accused Iran of sending"
                    out.append(dobj[0])
            out.extend(subj)
            if t is tok and subj and t.dep_ == "conj" and subj[0].lower_ in PART_OF_WORDS:
                # ("South Korea sells shells to allies, and some of those have gone on to Kyiv":
                # a coordinated clause whose subject is part of the things just named inherits
                # no actor)
                break
            if t is tok and subj and t.dep_ == "ccomp" and (is_weapon(subj[0]) or subj[0].lemma_.lower() in CARGO_NOUNS):
                # ("the NIS estimates that 13,000 containers have crossed to Russian ports": a
                # reported clause whose subject is weapons or cargo does not take the
                # reporter's)
                break
            if not subj and t.dep_ == "ROOT" and t.i > 0:
                # small-model repair: "On a visit to X, President Y voiced ..." parsed with Y as
                # an apposition inside the fronted phrase; take the noun right before the verb
                left = t.doc[t.i - 1]
                if left.pos_ in ("PROPN", "NOUN") and left.dep_ in ("appos", "conj"):
                    out.append(left)
        if t.dep_ in ("relcl", "acl") and t.head.pos_ in ("NOUN", "PROPN"):
            if any(c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in t.children):
                break   # "Harbin, where he will visit ...": the place or time does not visit
            if t.head.lemma_.lower() not in INTENT_NOUNS:
                if t.head.dep_ == "attr" and t.head.head.lemma_.lower() in ("be", "become", "remain") \
                        and not is_weapon(t.head):
                    # "Poland became the first NATO member to hand Ukraine fighter jets": the
                    # subject the noun describes (not for a vessel: "the Kazan becomes the first
                    # submarine to visit")
                    out.extend(c for c in t.head.head.children if c.dep_ == "nsubj")
                out.append(t.head)
                break
            # (also through a garbled "accepted with gratitude Putin's invitation", where the
            # invitation hangs on "with")
            holder = t.head.head.head if t.head.dep_ == "pobj" and t.head.head.dep_ == "prep" else t.head.head
            if t.head.lemma_.lower() == "invitation" and holder.lemma_.lower() not in ("accept", "take"):
                # "welcomed Trump's invitation to Putin to meet in Washington": an invitation
                # not (yet) accepted is nobody's plan
                break
            # "accepted an invitation to visit": the one who holds the invitation visits
        if t.head is t:
            break
        if t.dep_ == "ccomp" and any(c.dep_ == "nsubjpass" for c in t.children) \
                and t.lemma_.lower() not in ("sign", "ink", "conclude", "seal"):
            # "The White House says a shipment has been delivered": the speaker did not deliver
            # (but "both sides say an agreement will be signed": they sign it)
            break
        came_via = t.lower_ if t.dep_ == "prep" else came_via
        prev, t = t, t.head
    return out


#: prepositions find_place looks through (a place is read off in / at / inside only)
THROUGH_PREPS = ("in", "at", "inside", "during", "for", "to", "between", "with", "of")
#: "on" leads to a place only through where one stands ("stood beside Kim on the reviewing
#: stand in Pyongyang", "on the sidelines of the summit in Astana"), not through a topic
#: ("talks on the war in Ukraine")
ON_PLACE_NOUNS = {"stand", "rostrum", "podium", "tribune", "balcony", "stage", "tarmac", "sideline", "sidelines",
                  "steps", "platform", "square"}


def find_place(tok: Token, idx: MentionIndex, depth: int = 4, through=THROUGH_PREPS, objects: bool = True):
    """Nearest in/at place phrase below ``tok``: returns (pobj token, (code, location)).
    It looks through the prepositions ``through`` and, with ``objects``, through the
    trigger's objects and through coordination."""
    frontier = [tok]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ == "prep":
                    for p in c.children:
                        if p.dep_ != "pobj":
                            continue
                        if c.lower_ not in through and not (c.lower_ == "on" and p.lemma_.lower() in ON_PLACE_NOUNS):
                            continue
                        if c.lower_ in ("in", "at", "inside") or (
                                c.lower_ == "to" and tok.lemma_.lower() in ("summit", "meeting")) or (
                                c.lower_ == "on" and p.lemma_.lower() == "square"):   # "on Red Square"
                            res = place_of(p, idx)
                            if res:
                                return p, res
                        nxt.append(p)
                elif objects and ((c.dep_ in ("dobj", "npadvmod", "appos") and t is tok) or c.dep_ == "conj"):
                    nxt.append(c)
        frontier = nxt
    return None


#: military units: where they are stationed or sail is no state visit
MILITARY_UNITS = {"fleet", "base", "bases", "troops", "troop", "soldier", "soldiers", "force", "forces", "army",
                  "navy", "military", "warship", "warships", "ship", "ships", "vessel", "vessels", "unit",
                  "units", "battalion", "brigade", "division", "contingent", "squadron", "carrier"}
#: loads that are arms when the sentence says what they hold ("28,000 containers ..., enough
#: for 12 million shells")
CARGO_NOUNS = {"container", "trainload", "wagonload", "crate", "shipload"}
#: a state's forces that weapons reach, read as its place ("reached Chinese air units")
RECEIVING_UNITS = ARMED_FORCES | {"unit", "squadron", "regiment", "brigade", "battalion", "division"}
#: nouns a state adjective or possessive may qualify and still stand for the state's territory
PLACE_NOUNS = {"capital", "city", "soil", "territory", "port", "border", "coast", "island", "islands", "region",
               "province", "base", "airport", "waters", "side", "government", "state", "people", "ally", "allies",
               "partner", "partners", "counterpart", "counterparts", "side", "authorities", "leadership",
               # people and bodies that can act ("an Argentine judge", "Russian arms dealers")
               "judge", "court", "prosecutor", "prosecutors", "police", "company", "companies", "firm", "firms",
               "manufacturer", "manufacturers", "maker", "makers", "dealer", "dealers", "supplier", "suppliers",
               "exporter", "exporters", "industry", "agency", "parliament", "lawmakers", "media", "intelligence"}


def names_actor_or_place(tok: Token, idx: MentionIndex) -> bool:
    """Does the state mention ending at ``tok`` stand for an actor or a place? A state
    adjective or possessive on a thing ("the German announcement", "Russia's invasion",
    "the American tank") does not."""
    if tok.dep_ not in ("poss", "amod", "compound", "nmod") or tok.head is tok:
        return True
    head = tok.head
    return (head.i in idx.at or head.lemma_.lower() in PLACE_NOUNS or head.lower_ in PLACE_NOUNS
            or is_official(head, idx) or head.pos_ == "PROPN")


def delivery_place(trigger: Token, idx: MentionIndex):
    """(code, place) of the first place reached from ``trigger`` through at / in phrases
    only ("handed over ... at a ceremony at the air base in Bamako"); not through "for"
    ("supplying drones for use in Ukraine" names no recipient)."""
    found = find_place(trigger, idx, depth=3, through=("at", "in", "inside"), objects=False)
    return found[1] if found else None


#: what a recipient does with the arms it was given ("missiles that Russia has fired")
USE_VERBS = {"fire", "use", "launch", "deploy", "field", "operate", "fly", "employ"}
#: verbs of either side of a lease: "X leased Y to Z" supplies, "X leased Y from Z" receives
LEASE_VERBS = {"lease", "rent", "hire"}
#: verbs of a state that depends on weapons it has ("relies on MiG-29s that ... delivered")
RELY_VERBS = {"rely", "depend", "maintain", "keep"}


#: confidence kept by an arms transfer whose recipient comes from the rest of the article
PENDING_FACTOR = 0.6


#: what carries a leader ("Putin's Il-96", "Kim's armoured train")
VEHICLE_NOUNS = {"plane", "jet", "aircraft", "train", "motorcade", "convoy", "helicopter", "airliner"}
AIRFRAME = re.compile(r"^[a-z]{1,3}-\d{2,3}[a-z]{0,2}$")


def leaders_vehicle(tok: Token, idx: MentionIndex) -> bool:
    """Is ``tok`` a leader's plane or train ("Putin's Il-96 is to leave for Hanoi"), which
    travels where the leader does?"""
    return (tok.lemma_.lower() in VEHICLE_NOUNS or AIRFRAME.match(tok.lower_) is not None) and any(
        c.dep_ == "poss" and is_person(c, idx) for c in tok.children)


def sentence_states_beyond(src: list, sentence_states: list[str]) -> list[str]:
    """States the sentence names besides the source(s) (the Soviet Union is Russia's: "equipped
    with Soviet and Russian weapons, and in 2023 Moscow delivered a batch of T-72A tanks")."""
    own = one_state_codes([x[0] for x in src if x[0]])
    return [c for c in sentence_states if c not in [x[0] for x in src] and not one_state_codes([c]) & own]


#: dependencies that hang a clause or a comment on a verb rather than one of its roles
SIDE_CLAUSE_DEPS = {"conj", "advcl", "npadvmod", "appos", "parataxis"}


#: verbs of weapons reaching a recipient ("the first MiG-23s reached the North")
REACH_VERBS = {"reach", "arrive", "land", "come", "go"}


def reached_in_sibling(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` where the weapons of a clause coordinated with the trigger went ("The first
    MiG-23s reached the North the following year, and the first MiG-29s arrived in 1988": the
    North received; it supplied nothing)?"""
    verb = tok.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.i == trigger.i or verb.lemma_.lower() not in REACH_VERBS:
        return False
    return (trigger.dep_ == "conj" and trigger.head.i == verb.i) or (verb.dep_ == "conj" and verb.head.i == trigger.i)


#: people described by where they work ("a historian in Tallinn", "our correspondent in Moscow")
COMMENTATOR_NOUNS = {"historian", "analyst", "author", "professor", "researcher", "scholar", "expert",
                     "correspondent", "journalist", "reporter", "commentator", "economist", "lecturer",
                     "fellow", "editor", "writer", "blogger", "resident", "student", "academic"}


def on_the_way(tok: Token) -> bool:
    """Is ``tok`` a place crossed on the way ("through China", "across Russia", "via Beijing")?"""
    t = noun_of(tok)
    return t.dep_ == "pobj" and t.head.lower_ in ("through", "across", "via")


def where_someone_works(tok: Token) -> bool:
    """Is ``tok`` the place of a commentator's description ("a historian in Tallinn")?"""
    t = noun_of(tok)
    return t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "from") and t.head.head.lemma_.lower() in COMMENTATOR_NOUNS


def names_document(tok: Token) -> bool:
    """Is ``tok`` the place a document is named after ("the Act of Montevideo", "the
    Budapest Memorandum")?"""
    documents = NAMED_DOCUMENTS | TREATY_NOUNS | {"act"}
    if tok.dep_ in ("compound", "nmod"):
        return tok.head.lower_ in documents
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in documents


def to_someone_else(trigger: Token, idx: MentionIndex) -> bool:
    """Does the transfer go "to" a named recipient that is no state ("sent Stinger missiles to
    Jonas Savimbi's UNITA", "to Hezbollah")? Then the article's state did not receive it."""
    for c in trigger.children:
        if c.dep_ not in ("prep", "dative") or c.lower_ != "to":
            continue
        for p in c.children:
            if p.dep_ == "pobj" and p.pos_ == "PROPN" and p.i not in idx.at and all(
                    idx.at[t.i].kind in ("person", "person_short") for t in np_tokens(p) if t.i in idx.at):
                return True
            if p.dep_ == "pobj" and (p.lemma_.lower() in NON_STATE_GROUPS or p.lower_ in UNNAMED_BUYERS):
                return True   # "to Jonas Savimbi's UNITA rebels", "to Kurdish militias", "sells shells to allies"
    return False


#: armed groups that are no state, whoever's demonym they carry ("to Syrian rebels"); not
#: "group" ("the Wagner group" is coded as Russia's)
NON_STATE_GROUPS = frozenset({"rebel", "rebels", "militia", "militias", "insurgent", "insurgents",
                              "guerrilla", "guerrillas", "mercenary", "mercenaries", "faction", "movement",
                              "separatist", "separatists"})
#: buyers a sale names without naming them ("It sells shells to allies"): not the article's state
UNNAMED_BUYERS = frozenset({"allies", "partners", "customers", "buyers", "clients"})


def in_side_clause(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` inside a clause or comment hung on the trigger ("arrived from the Soviet
    Union in 1988, the last major Soviet sale before Moscow recognised Seoul"; "..., and India
    later upgraded them")? Such a state is no role of the trigger's event."""
    t = tok
    while t.i != trigger.i and t.head.i != t.i:
        if t.head.i == trigger.i:
            return t.dep_ in SIDE_CLAUSE_DEPS
        if t.dep_ == "advcl" and t.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "mark" and c.lower_ in ("before", "after", "since", "until") for c in t.children):
            return True   # (a time clause anywhere below: "..., the last major sale before Moscow recognised Seoul")
        t = t.head
    return False


def about_the_supplier(tok: Token, src: list) -> bool:
    """Is ``tok`` inside a relative clause on the supplier's phrase ("India, which is wary of
    Beijing's influence, handed over a submarine")? What it names tells of the supplier and
    receives nothing. ``src``: the event's (code, head token, place) suppliers."""
    heads = {x[1].i for x in src}
    return any(t.dep_ == "relcl" and t.head.i in heads for t in [tok, *tok.ancestors])


def in_concession(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` inside a concessive clause hung on the trigger ("Iran also sent Fath-360
    missiles in September, though we have not yet seen them used")? It tells something else."""
    return any(c.dep_ == "advcl" and (c.i == tok.i or c.is_ancestor(tok))
               and any(m.dep_ == "mark" and m.lower_ in ("though", "although", "whereas") for m in c.children)
               for c in trigger.children)


#: verbs of weapons used against a target ("the first ones struck Ukrainian cities")
ATTACK_VERBS = frozenset({"strike", "hit", "attack", "target", "fire", "pound", "shell", "bomb"})


def struck_in_other_conjunct(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` what a clause coordinated with the trigger's attacks ("Iran began supplying
    drones in 2022, and the first ones struck Ukrainian cities")?"""
    if not in_other_conjunct(tok, trigger):
        return False
    return any(a.pos_ == "VERB" and a.lemma_.lower() in ATTACK_VERBS for a in tok.ancestors if not a.is_ancestor(trigger))


#: verbs of a state supplying arms of its own in another clause of the sentence
SUPPLIER_VERBS = frozenset({"supply", "ship", "send", "deliver", "transfer", "sell", "provide", "give", "export",
                            "hand", "donate", "gift", "lend", "lease"})


def supplies_its_own(tok: Token, trigger: Token) -> bool:
    """Is ``tok`` the state that supplies in another clause of the sentence ("China sent jets in
    2022, and India ... handed over a submarine": China is the subject of "sent", and the
    parser hangs "handed over" on India)? It supplies its own weapons; it is no recipient of
    the trigger's."""
    head = tok
    while head.dep_ in ("compound", "amod", "poss", "nmod") and head.head.i != head.i:
        head = head.head
    verbs = [head.head] if head.dep_ == "nsubj" else []
    verbs += [c for c in head.children if c.dep_ in ("acl", "relcl")]
    return any(v.i != trigger.i and v.pos_ == "VERB" and v.lemma_.lower() in SUPPLIER_VERBS
               and not paid_for_by(trigger, v) for v in verbs)


def paid_for_by(trigger: Token, verb: Token) -> bool:
    """Is ``trigger`` what ``verb``'s supplies pay for ("Russia has supplied Pyongyang with
    air-defence systems in exchange for the shells that Kim has sent")? Then the supplier of
    ``verb`` received the trigger's arms."""
    return verb.is_ancestor(trigger) and any(a.lower_ in ("exchange", "return") for a in trigger.ancestors
                                             if verb.is_ancestor(a))


def plays_no_recipient(tok: Token, trigger: Token, src: list) -> bool:
    """Does the state named at ``tok`` do something else in the sentence: supply arms of its
    own in another clause, tell of the supplier in a relative clause on it, or appear in a
    concession? Then it is no recipient of the trigger's transfer."""
    return supplies_its_own(tok, trigger) or about_the_supplier(tok, src) or in_concession(tok, trigger)


def only_as_owner(head: Token, code: str, idx: MentionIndex) -> bool:
    """Is ``code`` named in the phrase headed by ``head`` only as its possessor ("its second
    carrier", "Vietnam's first Kilo-class submarine")?"""
    named = [idx.at[t.i] for t in np_tokens(head) if t.i in idx.at and idx.at[t.i].code == code]
    return bool(named) and all(head.doc[m.end - 1].dep_ == "poss"
                               or (m.end < len(head.doc) and head.doc[m.end].dep_ == "case") for m in named)


def noun_of(tok: Token) -> Token:
    """The noun a modifier or possessor belongs to ("Syria's" in "Syria's Idlib region":
    "region"); the token itself when it is none."""
    t = tok
    while t.dep_ in ("poss", "compound", "amod", "nmod") and t.head is not t:
        t = t.head
    return t


def from_phrase(tok: Token) -> bool:
    """Is ``tok`` (or the noun it modifies) the object of "from" ("flew in from Warsaw")?"""
    t = noun_of(tok)
    return t.dep_ == "pobj" and t.head.lower_ == "from"


#: prepositions of a phrase that only tells the time ("before the invasion of Ukraine")
TIME_PREPS = {"before", "after", "since", "until", "during", "ahead"}


#: nouns of fighting: a state named as the enemy in one plays no role in a transfer ("reached
#: Iran in 1987, at the height of its war with Iraq")
WAR_NOUNS = {"war", "wars", "conflict", "fighting", "invasion", "offensive", "battle", "attacks", "strikes"}


def in_war_phrase(tok: Token) -> bool:
    """Is ``tok`` inside a phrase hung on a noun of fighting ("its war with Iraq", "the
    invasion of Ukraine", "strikes on Kyiv")? (Not its possessor: "Moscow's war" is Moscow's.)"""
    t = tok
    for _ in range(6):
        if t.head is t:
            return False
        if t.dep_ in ("pobj", "compound", "amod", "nmod") and t.head.lemma_.lower() in WAR_NOUNS:
            return True
        if t.dep_ == "prep" and t.head.lemma_.lower() in WAR_NOUNS:
            return True
        if t.dep_ not in ("poss", "compound", "amod", "nmod", "pobj", "prep", "conj"):
            return False
        t = t.head
    return False


#: what carries a shipment ("arrived aboard a Dutch heavy-lift ship")
CARRIER_NOUNS = {"ship", "ships", "vessel", "freighter", "carrier", "plane", "planes", "aircraft", "jet",
                 "train", "trains", "truck", "trucks", "convoy", "barge", "airliner", "transport"}


def on_carrier(tok: Token) -> bool:
    """Is ``tok`` part of the ship or plane that carried a shipment ("arrived aboard a Dutch
    heavy-lift ship", "on a Russian An-124")? The carrier's state neither sent nor received it."""
    t = noun_of(tok)
    return t.dep_ == "pobj" and t.head.lower_ in ("aboard", "on", "by", "in") and (
        t.lemma_.lower() in CARRIER_NOUNS or AIRFRAME.match(t.lower_) is not None)


#: happenings a state is named in without being a place ("the defeat of Nazi Germany")
HISTORY_EVENT_NOUNS = {"defeat", "victory", "invasion", "liberation", "occupation", "surrender", "collapse",
                       "fall", "war", "partition", "division"}
#: nouns of fighting: the state after their "with" / "against" is an enemy ("its war with Iraq")
WAR_NOUNS = {"war", "conflict", "fighting", "fight", "battle", "battles", "clashes"}


def in_history_phrase(tok: Token) -> bool:
    """Is ``tok`` the state a past happening is named after ("the anniversary of the defeat of
    Nazi Germany")? Such a state is no place."""
    t = noun_of(tok)
    return t.dep_ == "pobj" and t.head.lower_ in ("of", "over", "against") \
        and t.head.head.lemma_.lower() in HISTORY_EVENT_NOUNS


def at_war_with(tok: Token) -> bool:
    """Is ``tok`` the enemy in a phrase of fighting ("at the height of its war with Iraq")? Such a
    state neither supplied nor received the weapons."""
    t = noun_of(tok)
    return t.dep_ == "pobj" and t.head.lower_ in ("with", "against") and t.head.head.lemma_.lower() in WAR_NOUNS


def in_time_phrase(tok: Token) -> bool:
    """Is ``tok`` inside a phrase that only tells the time ("delivered months before the
    invasion of Ukraine", "since the war with Iraq")? Such a state plays no role."""
    t = tok
    for _ in range(6):
        if t.head is t:
            return False
        if t.dep_ == "pobj" and t.head.lower_ in TIME_PREPS:
            return True
        if t.dep_ not in ("poss", "compound", "amod", "nmod", "pobj", "prep"):
            return False
        t = t.head
    return False


def in_place_phrase(tok: Token) -> bool:
    """Is ``tok`` the object of an in/at/inside phrase, or a possessor or modifier inside one
    ("in Ukraine", "in Syria's Idlib region", "at the Russian base")?"""
    t = noun_of(tok)
    return t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "inside")


def is_language(tok: Token, idx: MentionIndex) -> bool:
    """Is ``tok`` a demonym after "in" (or coordinated with one), a language rather than a
    place ("gave a speech in German and French")?"""
    first = tok
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    return (first.dep_ == "pobj" and first.head.lower_ == "in" and tok.i in idx.at
            and idx.at[tok.i].kind == "demonym")


SEAT_NOUNS = {"office", "palace", "residence", "mansion"}


def host_seat(trigger: Token) -> str | None:
    """'at his office' -> "own" (the subject's seat); 'at the presidential palace' ->
    "presidential"; else None."""
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in ("at", "in"):
            for p in c.children:
                if p.dep_ != "pobj" or p.lemma_.lower() not in SEAT_NOUNS:
                    continue
                mods = {x.lower_ for x in p.children}
                if mods & {"his", "her"}:
                    return "own"
                if "presidential" in mods:
                    return "presidential"
    return None


def walk(path: str, nodes: dict[str, Token], idx: MentionIndex) -> list[Token]:
    steps = path.split(">")
    start = "trigger"
    if steps[0].startswith("$"):
        start, steps = steps[0][1:], steps[1:]
    if start not in nodes:
        return []
    cur = [nodes[start]]
    for step in steps:
        nxt: list[Token] = []
        for t in cur:
            if step == "@subject":
                nxt.extend(inherited_subjects(t))
            elif step == "@owner":
                # "the bulk of Egypt's tanks", "the last batch of India's jets": a state owning
                # the thing (itself or the noun after its "of", or the weapons after its "for"),
                # not a pronoun
                # ("spare parts for North Korea's MiG-29 fighters": the owner of what they serve)
                owned = [t] + [p for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                               for p in c.children if p.dep_ == "pobj" and (c.lower_ == "of" or is_weapon(p))]
                nxt.extend(c for x in owned for c in x.children if c.dep_ == "poss" and c.pos_ != "PRON")
            elif step == "@dative":
                # "handed Pyongyang air-defence equipment", "gave the Mongolian army 30 tanks":
                # the parser may hang the recipient of a two-object verb on the object as a
                # modifier; a state's name, or an armed force, right after the verb is the recipient
                trig = nodes.get("trigger")
                for c in t.children:
                    if trig is None or c.dep_ not in ("compound", "nmod") or c.i > t.i \
                            or c.left_edge.i != trig.i + 1:
                        continue
                    named = [x for x in c.subtree if x.i in idx.at and idx.at[x.i].kind in ("state", "capital")]
                    if c.pos_ == "PROPN" and named and not any(x.dep_ == "amod" for x in c.subtree):
                        nxt.append(c)
                    elif c.lemma_.lower() in ARMED_FORCES and c.left_edge.lower_ == "the":
                        nxt.append(c)
            elif step == "@place":
                # (a named treaty's "on" holds its title, where the parser may hang the place:
                # "signed the Treaty on Comprehensive Strategic Partnership in Pyongyang")
                named_treaty = t.pos_ == "PROPN" and t.lemma_.lower() in TREATY_NOUNS
                found = find_place(t, idx, through=THROUGH_PREPS + ("on",)) if named_treaty else find_place(t, idx)
                if found:
                    nxt.append(found[0])
            elif step.startswith("^"):
                # "^nsubj": up to the head when the token is its nsubj; "^nsubj[be|take]": and
                # the head's lemma is one of these
                m = re.match(r"\^([a-z:]*)(?:\[([^\]]+)\])?$", step)
                dep, lemmas = m.group(1), m.group(2)
                if t.head is not t and (not dep or t.dep_ == dep) \
                        and (lemmas is None or t.head.lemma_.lower() in lemmas.split("|")):
                    nxt.append(t.head)
            else:
                m = re.match(r"([a-z:]+)(?:\[([^\]]+)\])?$", step)
                dep, words = m.group(1), m.group(2)
                allowed = set(words.split("|")) if words else None
                nxt.extend(c for c in t.children if c.dep_ == dep and (allowed is None or c.lower_ in allowed))
        cur = nxt
    return cur


#: nouns that head names of buildings and venues ("Gimhae International Airport")
VENUE_WORDS = {"airport", "palace", "hall", "house", "base", "square", "centre", "center", "cosmodrome",
               "university", "stadium", "island", "residence", "station", "port", "harbour", "harbor",
               "museum", "cathedral", "mausoleum", "park", "hotel", "building", "complex", "airfield"}


def addressee_apposition(tok: Token, idx: MentionIndex) -> Token:
    """A question's opening address read as the subject ("Secretary Blinken, North Korea's
    foreign minister, Choe Son Hui, is reportedly leaving for Moscow": Blinken is spoken to;
    the one leaving is the apposition, an official of another state; "Daniel, President
    Zelensky was in Washington": Daniel, whom the gazetteer does not know, is spoken to)."""
    m = idx.at.get(tok.i)
    # (an address by first name the gazetteer does not know: "Daniel, President Zelensky was in
    # Washington last week")
    start, end = (m.start, m.end) if m is not None else (tok.left_edge.i, tok.i + 1)
    if (m is not None and m.kind not in ("person", "person_short")) or (m is None and tok.pos_ != "PROPN") \
            or tok.dep_ != "nsubj" or start > 1 or end >= len(tok.doc) or tok.doc[end].text != ",":
        return tok
    for c in tok.children:
        if c.dep_ == "appos":
            other = [x for x in idx.mentions if c.left_edge.i <= x.start <= c.right_edge.i
                     and x.kind in ("person", "person_short", "state", "demonym") and (m is None or x.code != m.code)]
            if other:
                return c
    return tok


#: verbs of travelling to a place ("flew to Singapore, where ...")
MOTION_VERBS = frozenset({"fly", "travel", "go", "come", "arrive", "head", "return", "move", "drive", "sail"})


#: verbs that report a statement ("Choe told Russian journalists that ...")
OWN_STATEMENT_VERBS = frozenset(STATEMENT_VERBS | {"tell", "insist", "maintain"})


def speaks_for_own_state(trigger: Token, idx: MentionIndex, voice: str | None = None) -> bool:
    """A negated past act stated by someone of the acting state ("Choe told Russian journalists
    that North Korea had never supplied any weapons to Russia", "Wang Yi said China has never
    provided lethal weapons to Russia"): that state's denial, not the narrator's negation. A
    refusal of a future act ("said China would not send") is neither ("had never supplied any
    weapons to Russia and never would" denies the past act: the "would" is a conjunct)."""
    if trigger.pos_ != "VERB" or any(c.tag_ == "MD" and c.dep_ == "aux" for c in trigger.children):
        return False
    clause = trigger
    if trigger.dep_ == "conj" and trigger.head.dep_ == "ccomp" and not any(c.dep_ == "nsubj" for c in trigger.children):
        clause = trigger.head   # "said China 'does not take sides' and has 'never provided ...'"
    subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subj is not None and clause.dep_ == "ROOT" and voice is not None:
        # a transcript's or interview's own words ("The representative of China: China has
        # never provided lethal weapons to Russia"): ``voice`` is the speaker's state
        return {m.code for m in phrase_actors(subj, idx) if m.kind != "company"} == {voice}
    if subj is None or clause.dep_ != "ccomp":
        return False
    verb = clause.head
    speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if speaker is None or verb.lemma_.lower() not in OWN_STATEMENT_VERBS:
        return False
    actor = {m.code for m in phrase_actors(subj, idx) if m.kind != "company"}
    said_by = {m.code for m in phrase_actors(speaker, idx) if m.kind != "company"}
    return len(actor) == 1 and actor == said_by


def resolve_pronoun(tok: Token, idx: MentionIndex) -> Token:
    """"he" / "she" / "his" / "her": the person named last before it in the sentence
    ("Kishida flew to Poland from India, where he held talks", "Xi arrived ..., his third
    trip to Russia"); other tokens as they are."""
    if tok.lower_ == "it" and tok.pos_ == "PRON":
        return state_it(tok, idx)
    if tok.lower_ == "him" and tok.pos_ == "PRON":
        return object_antecedent(tok, idx)
    if tok.lower_ not in PERSON_PRONOUNS or tok.pos_ != "PRON":
        return tok
    people = [m for m in idx.mentions if m.kind in ("person", "person_short") and m.end <= tok.i]
    if not people:
        return tok
    titles = gazetteer.titles()
    between = tok.doc[people[-1].end: tok.i]
    # (a name of a building or venue names no person: "landed at Gimhae International Airport")
    # (a plural title is no one person: "..., where Belarusian officials said she would sign")
    if any((t.lower_ in titles and t.tag_ != "NNS") or (t.pos_ == "PROPN" and t.i not in idx.at and t.lower_ not in DATE_WORDS
                                  and not {t.lower_, t.head.lower_} & VENUE_WORDS)
           for t in between):
        return tok   # another person may be meant ("... Israeli Prime Minister X would ... until he")
    if tok.dep_ in ("nsubj", "nsubjpass"):
        # a subject pronoun is the subject person of the nearest clause above its own, not a
        # person named on the way ("Kim signed the treaty with Khrushchev; days later he inked
        # a pact with Zhou"; "Sharon would not be welcome until he gave an explanation")
        t = tok.head
        for _ in range(6):
            if t.head is t:
                break
            t = t.head
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                m = next((m for m in people if m.start <= subj.i < m.end or subj.left_edge.i <= m.start <= subj.i), None)
                if m is not None:
                    return tok.doc[m.end - 1]
                break
        if tok.head.dep_ in ("ROOT", "conj"):
            # a main clause of its own: the sentence's first subject person
            first = next((m for m in people if any(tok.doc[k].dep_ in ("nsubj", "nsubjpass") or (
                tok.doc[k].dep_ == "conj" and tok.doc[k].head.dep_ in ("nsubj", "nsubjpass"))
                for k in range(m.start, m.end))), None)
            if first is not None:
                return tok.doc[first.end - 1]
    if tok.dep_ == "poss":
        # "X shook hands with Y on Thursday, on his first trip to Russia": the subject of
        # the clause the possessed noun hangs on, not the person named last
        subj = clause_subject_person(tok, people)
        if subj is not None:
            return subj
    return tok.doc[people[-1].end - 1]


def clause_subject_person(tok: Token, people: list) -> Token | None:
    """The person that is the subject of the nearest verb above ``tok``, if there is one."""
    t = tok.head
    for _ in range(5):
        if t.pos_ in ("VERB", "AUX"):
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None:
                return None
            m = next((m for m in people if m.start <= subj.i < m.end), None)
            return tok.doc[m.end - 1] if m is not None else None
        if t.head.i == t.i:
            return None
        t = t.head
    return None


#: what happens to a treaty after its signing: a year on one of these verbs is not the signing's
AFTER_SIGNING_VERBS = {"ratify", "extend", "renew", "expire", "lapse", "terminate", "denounce", "suspend",
                       "abrogate", "scrap", "revise", "amend", "join", "accede"}


def _states_only_in_subject(trigger, idx) -> bool:
    """True when every state mention of the sentence lies inside the trigger's subject
    ("the last of Malaysia's 18 Russian-built fighters arrived"), or there is none."""
    subject = {t.i for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    return all(m.start in subject for m in idx.mentions)


def _year_of_other_verb(year: Token, trigger: Token) -> bool:
    """Does the year hang on a verb below the trigger that tells of the treaty after its
    signing ("which it ratified in 1975")?"""
    t = year.head
    while t.i != trigger.i and t.head.i != t.i:
        if t.pos_ == "VERB" and t.lemma_.lower() in AFTER_SIGNING_VERBS:
            return True
        t = t.head
    return False


def weapon_subject(trigger: Token) -> bool:
    """Is the subject of ``trigger`` weapons ("the last of six Kilo-class submarines", "the
    last four of a batch of Su-30SM fighters"; "North Korean shells landing in Ukraine")?"""
    if trigger.dep_ == "acl" and is_weapon(trigger.head):
        return True
    for c in trigger.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            heads = [c]
            for _ in range(2):
                heads += [p for h in heads for x in h.children if x.dep_ == "prep" and x.lower_ == "of"
                          for p in x.children if p.dep_ == "pobj" and p not in heads]
            return any(is_weapon(h) for h in heads)
    return False


def object_antecedent(tok: Token, idx: MentionIndex) -> Token:
    """"him": the person named last before it in the sentence who is not the subject of its
    own clause ("Kim crossed the Soviet Union by train, and Chernenko played host to him":
    Kim, not Chernenko); otherwise "him" as it is."""
    verb = tok.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ == "xcomp":
        # "persuaded Chernenko to sell him jets": the one persuaded sells; "him" is another
        subj = next(iter(inherited_subjects(verb)), None)
    people = [m for m in idx.mentions if m.kind in ("person", "person_short") and m.end <= tok.i
              and not (subj is not None and subj.left_edge.i <= m.start <= subj.right_edge.i)]
    return tok.doc[people[-1].end - 1] if people else tok


#: bodies of a state that "it" can stand for ("Chad's army ... that it had received")
STATE_BODIES = {"army", "military", "ministry", "government", "navy", "force", "office", "administration",
                "embassy", "cabinet", "presidency", "junta", "regime", "council"}


def state_it(tok: Token, idx: MentionIndex) -> Token:
    """"it" in a clause under a statement is the state that makes the statement ("Pakistan
    has denied reports that it sold shells to Ukraine", "Beijing says it has not sold
    weapons to Russia"): the subject of the nearest verb above it, when that subject names a
    state or is owned by one ("Chad's army"); else, for a subject "it", the one state that is
    a subject before it in the sentence ("Russia paid in weapons: from 1996 it shipped ...");
    otherwise "it" as it is."""
    t = tok.head
    for _ in range(6):
        if t.head is t:
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            # ("Beijing has stayed neutral and has said it has not sold ...": a conjoined verb
            # shares its subject)
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is None and t.dep_ == "conj":
                subj = next(iter(inherited_subjects(t)), None)
            if subj is not None:
                m = idx.at.get(subj.i)
                if m is not None and m.kind in ("state", "capital", "seat"):
                    return subj
                # "Chad's army denied a report that it had received drones": the state that
                # owns the subject
                owner = next((idx.doc[x.start] for x in idx.mentions if subj.left_edge.i <= x.start < subj.i
                              and x.kind in ("state", "demonym")), None) \
                    if subj.lemma_.lower() in STATE_BODIES else None
                if owner is not None:
                    return owner
                break
    if tok.dep_ == "nsubj":
        # "Russia paid part of it in weapons: from 1996 it shipped 33 tanks" (parsed with the
        # first clause under the second): the one state that is a subject before "it"
        subjects = [idx.doc[m.start] for m in idx.mentions if m.kind in ("state", "capital") and m.end <= tok.i
                    and idx.doc[m.end - 1].dep_ == "nsubj"]
        if len({idx.at[s.i].code for s in subjects}) == 1:
            return subjects[-1]
    return tok


def companions(trigger: Token) -> list[Token]:
    """People travelling with the visitor: "..., travelling with X and Y", "accompanied by X"."""
    out = []
    verbs = [trigger] + ([trigger.head] if trigger.dep_ in ("dobj", "pobj") else [])
    for v in verbs:
        for c in v.children:
            if c.dep_ in ("advcl", "acl") and c.lemma_.lower() in ("travel", "accompany", "join"):
                for p in c.children:
                    if (p.dep_ == "prep" and p.lower_ == "with") or p.dep_ == "agent":
                        for o in p.children:
                            if o.dep_ == "pobj":
                                out.extend([o] + list(o.conjuncts))
    return out


#: verbs of a trip whose purpose can be a signing ("flew to Manila to sign an agreement")
TRIP_VERBS = {"visit", "fly", "travel", "go", "come", "arrive", "head", "return", "journey"}


def signing_trips(doc: Doc, found: list) -> list:
    """"visited Minsk in December to sign a treaty", "flew to Manila to sign an agreement":
    a trip made to sign is a signing by the visitor and the host, on the trip's date."""
    if not any(m.event_type == "visit" for m in found) or any(m.event_type == "treaty_signing" for m in found):
        return []
    signs = [t for t in doc if t.lemma_.lower() in ("sign", "ink") and t.dep_ in ("advcl", "xcomp")
             and t.head.lemma_.lower() in TRIP_VERBS and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
             and any(c.dep_ == "dobj" and c.lemma_.lower() in TREATY_NOUNS for c in t.children)
             and not is_negated(t)]
    out = []
    for ev in found:
        if not signs or ev.event_type != "visit" or not ev.source or not ev.target:
            continue
        signing = replace(ev, event_type="treaty_signing", parties=sorted({ev.source, ev.target}), source=None,
                          target=None, items=None, quantity=None, rule_id="treaty.signing_trip",
                          confidence=round(ev.confidence * 0.9, 3))
        if signing.parties not in [m.parties for m in out]:
            out.append(signing)
    return out


def contract_transfers(doc: Doc, found: list) -> list:
    """"India and France inked an agreement for 26 Rafale Marine fighter jets": an agreement
    signed for weapons is also a planned transfer from the party whose industry makes them
    (``gazetteer.weapon_maker``) to the other party."""
    treaties = [m for m in found if m.event_type == "treaty_signing" and len(m.parties or []) == 2]
    if not treaties or " for " not in doc_text(doc):
        return []
    weapons = [p for t in doc if t.lemma_.lower() in TREATY_NOUNS | {"contract", "deal", "sign", "ink"} for c in t.children
               if c.dep_ == "prep" and c.lower_ == "for" for p in c.children if p.dep_ == "pobj" and is_weapon(p)]
    if not weapons:
        return []
    items, quantity = items_and_quantity(weapons)
    maker = gazetteer.weapon_maker(" ".join(np_tokens_text(w) for w in weapons))
    out = []
    for ev in treaties:
        if maker not in ev.parties:
            continue
        out.append(replace(ev, event_type="arms_transfer", parties=None, source=maker,
                           target=next(p for p in ev.parties if p != maker), items=items, quantity=quantity,
                           modality="planned", rule_id="arms.contract_for_weapons",
                           confidence=round(ev.confidence * 0.9, 3)))
    return out


def np_tokens_text(tok: Token) -> str:
    return tok.doc[tok.left_edge.i: tok.i + 1].text


def further_with_partners(doc: Doc, idx: MentionIndex, with_at: dict[str, int], obj: Token | None) -> list:
    """Actors of later "with" phrases joined to the ones already read by "and" ("with
    Australia in 2022 and with Britain in 2023", "a treaty with Tuvalu ... and a treaty with
    Nauru"), read flat: the parser attaches such a "with" anywhere."""
    last = max(with_at.values())
    out = []
    for t in doc[last + 1:]:
        if t.lower_ != "with":
            continue
        between = doc[last + 1:t.i]
        if not any(x.lower_ == "and" for x in between) or any(
                x.pos_ == "VERB" and x.dep_ in ("ROOT", "conj", "ccomp", "xcomp", "advcl", "relcl") for x in between) \
                or len(between) > 12:
            break
        found = [m for c in t.children if c.dep_ == "pobj" for m in phrase_actors(c, idx, ACTOR_KINDS - {"place"})]
        if not found:
            break
        out.extend(found)
        last = max(m.end - 1 for m in found)
    return out


# --------------------------------------------------------------------------- the extractor core
class SentenceExtractor:
    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = {r.id: r for r in rules}
        # one matcher per rule; a pattern is only walked on sentences that hold a word of
        # every node that names its words ("be" and "in" for "X was in Y")
        self.matchers: list[tuple[str, TreeMatcher]] = [(r.id, TreeMatcher(r.patterns)) for r in rules]
        # the rules a sentence's words can trigger: word -> positions in self.matchers
        self.by_trigger_word: dict[str, set[int]] = {}
        self.any_word: set[int] = set()   # rules with a pattern whose trigger names no word
        for n, (_, m) in enumerate(self.matchers):
            for p in m.patterns:
                if p.trigger_words is None:
                    self.any_word.add(n)
                for w in p.trigger_words or ():
                    self.by_trigger_word.setdefault(w, set()).add(n)

    def match(self, doc: Doc) -> list[tuple[str, int, list[int]]]:
        """(rule id, pattern number, token ids) of every rule pattern matched in ``doc``."""
        index = word_index(doc)
        wanted = set(self.any_word)
        for w in index:
            wanted |= self.by_trigger_word.get(w, set())
        return [(rule_id, k, ids) for n, (rule_id, m) in enumerate(self.matchers) if n in wanted
                for k, ids in m(doc, index)]

    def extract(self, doc: Doc, idx: MentionIndex, offset: int, sentence_text: str, article_ctx: dict,
                matches: list | None = None) -> list[MentionEvent]:
        out: list[MentionEvent] = []
        seen = set()
        for rule_id, k, token_ids in (self.match(doc) if matches is None else matches):
            rule = self.rules[rule_id]
            pattern = rule.patterns[k]
            nodes = {node["RIGHT_ID"]: doc[i] for node, i in zip(pattern, token_ids)}
            key = (rule.id, nodes["trigger"].i)
            if key in seen:
                continue
            seen.add(key)
            out.extend(self._apply(rule, nodes, doc, idx, offset, sentence_text, article_ctx))
        out.extend(self.named_treaties(doc, idx, offset, sentence_text, article_ctx, out))
        out.extend(signing_trips(doc, out))
        out.extend(contract_transfers(doc, out))
        return out

    # named historical treaties ---------------------------------------------
    def named_treaties(self, doc, idx, offset, sentence_text, ctx, found) -> list[MentionEvent]:
        """A treaty named with its year is a signing in that year: "the 1961 Treaty of
        Friendship", "replaces the 2000 Friendship, Cooperation and Good Neighbourliness
        Treaty between Moscow and Pyongyang", "the Sino-Soviet treaty of 1950". Parties:
        states named in the treaty's name ("Sino-Soviet", "US-Japan"), then in a following
        "between X and Y" / "with X", then the sentence's two states, then the pair the
        article is about when the new agreement replaces or revives the old one."""
        out = []
        years_done = {m.date for m in found if m.event_type == "treaty_signing" and m.date}
        for m in list(NAMED_TREATY.finditer(sentence_text)) + list(TREATY_OF_YEAR.finditer(sentence_text)):
            year = m.group("year")
            if year in years_done or int(year) > (dates_mod.parse_published(ctx.get("published_at")) or
                                                  __import__("datetime").date(2100, 1, 1)).year:
                continue
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            noun = next((t for t in reversed(span) if t.lower_ in TREATY_NOUNS), None)
            if noun is None or is_negated(noun):
                continue
            codes = [x.code for x in idx.mentions if span.start <= x.start < span.end and x.kind not in ("place", "city")]
            # "... Treaty between Moscow and Pyongyang", "the 1961 treaty with the Soviet Union"
            after = span.end
            if after < len(doc) and doc[after].lower_ in ("between", "with", "among"):
                for x in idx.mentions:
                    if after < x.start <= after + 8 and not any(
                            doc[k].is_punct and doc[k].text not in ("-",) or doc[k].pos_ == "VERB"
                            for k in range(after + 1, x.start)):
                        codes.append(x.code)
            codes = list(dict.fromkeys(c for c in codes if c not in ORGS))
            sentence = [c for c in idx.states(ACTOR_KINDS - {"place"}) if c not in ORGS]
            parties = None
            conf = 0.6
            if len(one_state_codes(codes)) >= 2:
                parties = codes
            elif len(one_state_codes(sentence)) == 2 and one_state_codes(codes) <= one_state_codes(sentence):
                parties, conf = sentence, 0.5
            elif len(codes) == 1:
                for pair in (last_pair(ctx, "recent_states", offset), ctx.get("main_pair")):
                    if pair and one_state_codes(codes) <= one_state_codes(pair):
                        parties, conf = list(pair), 0.45
                        break
            elif not codes and ctx.get("main_pair") and one_state_codes(sentence) <= one_state_codes(ctx["main_pair"]) \
                    and REPLACES.search(sentence_text):
                # "It supersedes a 2001 treaty on ..., signed during a visit to Moscow"
                parties, conf = list(ctx["main_pair"]), 0.45
            if not parties:
                continue
            # (before 1992 Russia signed as the Soviet Union; after it, the Soviet Union is Russia)
            parties = sorted({HISTORICAL_SUCCESSOR.get(c, c) if int(year) < 1992 else ("RUS" if c == "SUN" else c)
                              for c in parties})
            if len(parties) < 2:
                continue
            years_done.add(year)
            out.append(MentionEvent("treaty_signing", None, None, parties, year, "year", None, [], "asserted",
                                    None, None, offset, offset + len(sentence_text), sentence_text, conf,
                                    "treaty.named_with_year"))
        return out

    # role filling ---------------------------------------------------------
    def _directed(self, rule, role, nodes, idx, as_place):
        for path in rule.roles.get(role, []):
            toks = walk(path, nodes, idx)
            # "the minister, who is in Moscow": a relative pronoun stands for its noun
            toks = [t.head.head if t.lower_ in ("who", "which", "that") and t.head.dep_ == "relcl" else t
                    for t in toks]
            # (a "he" stands for one person, not for those listed with them: "Trump and
            # Takaichi signed ..., a day after he landed")
            singular = [t.lower_ in PERSON_PRONOUNS and t.pos_ == "PRON" for t in toks]
            toks = [addressee_apposition(resolve_pronoun(t, idx), idx) for t in toks]
            res = []
            for tok, was in zip(toks, singular):
                if res:
                    break
                # "welcomed the leaders of Kazakhstan, Kyrgyzstan and Uzbekistan": each of them
                of_conj = [c for x in np_tokens(tok) if x.dep_ == "pobj" and x.head.lower_ == "of"
                           and x.head.head.i == tok.i and x.i in idx.at for c in listed_with(x) if c.i in idx.at]
                for t in [tok] + ([] if was else list(tok.conjuncts)) + of_conj:
                    if as_place:
                        p = place_of(t, idx)
                        if p and p[0] not in [r[0] for r in res]:
                            res.append((p[0], t, p[1]))
                    # ("weapons reached Chinese air units": a state's forces are its place)
                    if not as_place or (not res and not is_language(t, idx) and (t.i in idx.at or is_official(t, idx))
                                        and t.pos_ != "PRON") or (
                            not res and rule.event_type == "arms_transfer" and t.lemma_.lower() in RECEIVING_UNITS):
                        # (a maker named after its state supplies arms for it: "Israel Aerospace Industries",
                        # "HD Hyundai"; it never buys them)
                        kinds = ACTOR_KINDS | {"company"} if rule.event_type == "arms_transfer" and role == "source" \
                            else ACTOR_KINDS
                        for code, head, m in participant_codes(t, idx, kinds, coordinated=not was):
                            if code not in [r[0] for r in res]:
                                res.append((code, head, None))
            if res:
                return res, True
        return [], False

    def _apply(self, rule: Rule, nodes, doc, idx, offset, sentence_text, ctx) -> list[MentionEvent]:
        trigger = nodes["trigger"]
        if rule.subject_states_only_without and rule.subject_states_only_without not in nodes \
                and not _states_only_in_subject(trigger, idx):
            return []   # ("Blinken told Ukrainian officials that weapons ... would arrive faster": no delivery)
        denied = False
        if "year" in nodes and _year_of_other_verb(nodes["year"], trigger):
            return []   # "the Treaty on the Non-Proliferation ..., which it ratified in 1975": not its signing year
        if "year" in nodes and (in_replaced_object(nodes["year"], [trigger]) or in_document_clause(nodes["year"], [trigger])):
            # "a friendship treaty to replace the 1961 treaty": the year of the one replaced;
            # "a new Treaty ... that drops the security clause of 1971": the clause's
            return []
        if rule.presupposed and any(t.lemma_.lower() == "sign" and (
                any(c.dep_ == "neg" for c in t.children)
                or (t.i >= 2 and t.doc[t.i - 2].lower_ in ("rather", "instead") and t.doc[t.i - 1].lower_ in ("than", "of")))
                for t in trigger.subtree):
            return []   # "the Washington Declaration, which Yoon and Biden issued rather than signed"
        if is_negated(trigger) and not rule.presupposed:
            if not is_denial(trigger) and not speaks_for_own_state(trigger, idx, (ctx.get("voices") or {}).get(offset)):
                return []
            denied = True
        # (a phrase after a comma is no object: "landed in Busan, the start of his first visit")
        if any((c.dep_ in rule.forbid_children or f"{c.dep_}:{c.pos_}" in rule.forbid_children)
               and not (c.dep_ == "dobj" and c.left_edge.i > trigger.i + 1 and doc[c.left_edge.i - 1].text == ",")
               and not (c.dep_ == "dobj" and trigger.lemma_.lower() in ("leave", "depart") and c.i in idx.at
                        and idx.at[c.i].kind in {*NAMED_PLACE_KINDS, "state", "capital"})
               # (nor a relative pronoun the parser hangs there: "the treaty that Brezhnev came to
               # Ulaanbaatar to sign")
               and not (c.dep_ == "dobj" and c.tag_ == "WDT")
               # (nor a time the parser hangs there: "had gone to Pyongyang that July")
               and not (c.dep_ == "dobj" and c.lower_ in ("that", "this", "last", "next")
                        and any(dates_mod.month_of(x.text) or x.lower_ in WEEKDAY_WORDS for x in c.children))
               for c in trigger.children):
            # (a place left is no object: "left Pyongyang on Monday for Moscow")
            return []
        if trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.lemma_.lower() in TREND_VERBS:
            return []   # "Russia's arms exports to India fell sharply": a statistic, not a transfer
        if trigger.dep_ == "csubj" and any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might")
                                           for c in trigger.head.children):
            return []   # "supplying weapons to Ukraine would be a big mistake": a hypothetical
        if trigger.dep_ == "conj" and trigger.head.tag_ == "VB" and trigger.head.dep_ == "ROOT" and not any(
                c.dep_ in ("nsubj", "nsubjpass", "aux") for c in trigger.head.children) \
                and all(t.is_punct or t.pos_ in ("PROPN", "X") for t in doc[:trigger.head.i]):
            return []   # "Send Ukraine the shells and Moscow sends Kim the submarines": a condition
        if trigger.dep_ == "acl" and trigger.tag_ == "VBG" and trigger.head.dep_ in ("nsubj", "nsubjpass") and any(
                c.dep_ == "aux" and c.lower_ in ("would", "could", "might") for c in trigger.head.head.children):
            return []   # "a South Korean minister landing in Damascus would have been a fantasy"
        if any(c.dep_ == "npadvmod" and c.lower_ == "times" and any(
                m.lower_ in HABITUAL_COUNTS for m in c.children) for c in trigger.children):
            return []   # "Kim Il Sung travelled to Moscow many times": a habit, not one event
        if trigger.lemma_.lower() == "give" and any(c.dep_ == "prt" and c.lower_ in ("up", "back") for c in trigger.children):
            return []   # "before it could give up its nuclear weapons": no transfer
        if rule.event_type == "arms_transfer" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "back"
                                                      for c in trigger.children):
            return []   # "Algeria later sent the MiG-29s back": a return, no transfer
        if rule.mode == "directed" and "nsubj" in rule.roles.get("source", [])[:1] and trigger.lemma_.lower() in LEASE_VERBS \
                and any(c.dep_ == "prep" and c.lower_ == "from" for c in trigger.children):
            return []   # "Hungary leased Gripens from Sweden": the subject received (arms.acquire)
        conf = rule.strength
        mod = "denied" if denied else modality(trigger, sentence_text, rule.event_type)
        if rule.presupposed and mod in ("planned", "denied"):
            # "Russia would not extend the 1961 alliance treaty", "Seoul will never abandon the
            # 1953 treaty": the treaty named was signed
            mod = "asserted"
        sentence_states = [c for c in idx.states(ACTOR_KINDS - {"place"}) if c not in ORGS]
        # a state the fallbacks may take (when it is the only candidate): one that names an
        # actor or a place, not one that only qualifies a thing ("the German announcement",
        # "since Russia's invasion")
        # (nor one that only reports it: "Ukrainian military intelligence says the North handed
        # over ...", "The White House says a shipment has been delivered to Russia")
        # (or accuses, or fears: "Washington accused Iran of delivering Fath-360 missiles", "US
        # officials have voiced fears that Moscow could hand over ..."; or says so in an aside:
        # "Late last year, Ukrainian military intelligence said, Pyongyang handed over ...")
        speech = [a for a in trigger.ancestors if a.pos_ in ("VERB", "AUX")] \
            + [c for c in trigger.children if c.dep_ == "parataxis"]
        reporters = {t.i for v in speech if v.lemma_.lower() in SAY_VERBS | CLAIM_FRAMES
                     for c in v.children if c.dep_ == "nsubj" for t in c.subtree}
        # ("..., according to Emirati state media": the source of the news, not of the weapons)
        reporters |= according_to_sources(doc)
        fallback_states = [c for c in sentence_states
                           if any(m.code == c and m.start not in reporters
                                  and (m.kind in NAMED_PLACE_KINDS or names_actor_or_place(doc[m.end - 1], idx))
                                  for m in idx.mentions)]
        location = None
        place_code = None
        for path in rule.roles.get("place", []):
            for t in walk(path, nodes, idx):
                p = place_of(t, idx)
                if p:
                    place_code, location = p
                    break
            if place_code:
                break
        if not place_code and rule.roles.get("place") and trigger.dep_ == "relcl" \
                and any(c.lower_ == "where" and c.dep_ == "advmod" for c in trigger.children) \
                and trigger.head.dep_ == "pobj" and trigger.head.head.lower_ in ("to", "for") \
                and trigger.head.head.head.lemma_.lower() in MOTION_VERBS:
            # "Trump flew to Singapore, where he and Kim signed a joint statement": the place the
            # "where" clause describes, when someone travelled there
            p = place_of(trigger.head, idx)
            if p:
                place_code, location = p
        if not place_code and rule.roles.get("place") and trigger.dep_ == "advcl" \
                and any(c.lower_ == "when" and c.dep_ == "advmod" for c in trigger.children):
            # "X reviews a guard in Beijing on September 3, when he watched the parade alongside
            # Y": the place of the clause the "when" clause hangs on
            found = find_place(trigger.head, idx, depth=2)
            if found:
                place_code, location = found[1]
        anchors = [trigger] + [n for k, n in nodes.items() if k != "trigger"]
        if mod == "asserted" and trigger.tag_ in ("VBZ", "VBP") and sentence_text.rstrip().endswith(".") \
                and trigger.lemma_.lower() not in CAPTION_VERBS and any(
                r.lower_ in WEEKDAY_WORDS and (r.head.i == trigger.i or r.head.head.i == trigger.i)
                for _, r, _ in date_expressions(doc)):
            mod = "planned"   # "Lula flies on Saturday to Abu Dhabi": a schedule, in the present tense
        if rule.id in ("arms.contract_for", "arms.signed_for") and mod == "asserted":
            mod = "planned"   # a contract signed for weapons: a transfer still to come
        # (a sale or deal that a past verb approved or announced is dated by that verb, not read
        # forward: "approved the sale of Patriot missiles to the UAE in May")
        future = mod == "planned" and not (trigger.pos_ == "NOUN" and trigger.dep_ == "dobj"
                                           and trigger.head.tag_ == "VBD") \
            and not (rule.id == "arms.signed_for" and trigger.tag_ == "VBD")
        date, precision = find_date(anchors, doc, ctx.get("published_at"), future,
                                    month_years=(ctx.get("month_years") or {}).get(offset),
                                    paragraph_dates=(ctx.get("paragraph_dates") or {}).get(offset),
                                    transfer=rule.event_type == "arms_transfer")
        if date and trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in RETURN_VERBS and trigger.pos_ == "NOUN" \
                and not any(trigger.left_edge.i <= r.i <= trigger.right_edge.i for _, r, _ in date_expressions(doc)):
            # "Putin returned Assad's visit in January 2020": the date is the return's; the
            # visit returned came before it (unless the visit has its own: "returned a trip
            # Maduro made to Tehran last June")
            date, precision = None, None
        shift = clause_offset(trigger, doc) if date else None
        if shift:
            date, precision = shift_date(date, precision, shift)
        if not date and not future:
            date, precision = anniversary_date(trigger, doc, ctx.get("published_at")) \
                or offset_from_publication(trigger, doc, ctx.get("published_at")) or (None, precision)
        if date and dates_mod.is_future(date, ctx.get("published_at")) and mod in ("asserted", "alleged") \
                and not ctx.get("timeline_entry"):
            mod = "planned"   # (also what is reported for tomorrow: "is reportedly leaving tomorrow")
        if not date and precision != "period" and rule.event_type == "arms_transfer" and mod in ("asserted", "alleged") and any(
                c.dep_ == "aux" and c.lower_ in ("has", "have") for c in trigger.children) \
                and sentence_text.rstrip().endswith((".", '"', "”", "!", "?")):
            # "Iran has sent Russia thousands of drones": a flow up to now, not one dated
            # delivery (a headline's "Russia has received Iranian missiles" is the news of the
            # day); in the lede it is still the news of the month (extractor)
            precision = "flow"
        persons_tokens: list[Token] = []
        events = []

        def make(event_type, source, target, parties, c, items=None, quantity=None):
            if date and int(date[:4]) < 1992:
                source = HISTORICAL_SUCCESSOR.get(source, source) if source else source
                target = HISTORICAL_SUCCESSOR.get(target, target) if target else target
                if parties:
                    parties = sorted({HISTORICAL_SUCCESSOR.get(p, p) for p in parties})
            persons = []
            for t in persons_tokens:
                for tok in np_tokens(t):
                    m = idx.at.get(tok.i)
                    if m and m.kind in ("person", "person_short") and m.canonical not in persons:
                        persons.append(m.canonical)
                    elif tok.ent_type_ == "PERSON" and tok.i not in idx.at:
                        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
                        if ent is not None and ent.text not in persons:
                            persons.append(ent.text)
                    elif (tok.pos_ == "PROPN" and tok.i not in idx.at and tok is t and is_person(t, idx)
                          and not doc.has_annotation("ENT_IOB")):
                        # no NER: the proper-noun run the role phrase is headed by
                        run = [c for c in tok.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"
                               and c.i < tok.i and c.i not in idx.at]
                        name = doc[min([c.i for c in run] + [tok.i]): tok.i + 1].text
                        if name not in persons and name.lower() not in gazetteer.titles():
                            persons.append(name)
            return MentionEvent(event_type, source, target, parties, date, precision,
                                location if event_type != "arms_transfer" else None, persons, mod,
                                items, quantity, offset, offset + len(sentence_text), sentence_text,
                                round(min(1.0, max(0.01, c)), 3), rule.id)

        if rule.mode == "directed":
            is_visit = rule.event_type == "visit"
            src, src_parse = self._directed(rule, "source", nodes, idx, as_place=False)
            tgt, tgt_parse = self._directed(rule, "target", nodes, idx, as_place=is_visit or rule.target_as_place)
            if rule.event_type == "arms_transfer" and tgt and "obj" in nodes:
                # "sold Nodong missiles to Pakistan, ..., and Scud-type missiles to Iran and Syria":
                # the recipients of a second object are recipients too
                # (the parser hangs the second "to" on the verb, the first recipient or the
                # second object)
                seconds = [c for t in [nodes["obj"]] + [x[1] for x in tgt] for c in t.children
                           if c.dep_ == "conj" and c.pos_ == "NOUN" and is_weapon(c)]
                hosts = [trigger, nodes["obj"]] + [x[1] for x in tgt] + seconds
                for p in [p for t in hosts for c in t.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                          for p in c.children if p.dep_ == "pobj"] if seconds else []:
                    for code, head, _ in participant_codes(p, idx, ACTOR_KINDS - {"place"}):
                        if code not in [x[0] for x in tgt + src]:
                            tgt.append((code, head, None))
            if is_visit and tgt and tgt[0][2]:
                location = tgt[0][2]
            if rule.event_type == "arms_transfer" and src and tgt:
                # "The Egyptian Navy took delivery of its second Mistral-class carrier", "Vietnam's
                # first Kilo-class submarine arrives at Cam Ranh Bay": the owner is the recipient,
                # not a supplier; the supplier is looked for as when none is named
                src = [s for s in src if not (s[0] in [t[0] for t in tgt] and only_as_owner(s[1], s[0], idx))]
            if "source" in rule.require_official:
                src = [s for s in src if is_official(s[1], idx) or leaders_vehicle(s[1], idx)]
            if is_visit:
                # a fleet, a base or troops stationed abroad are no visit ("Bahrain hosts the Fifth Fleet")
                src = [s for s in src if s[1].lemma_.lower() not in MILITARY_UNITS]
                if any(c.dep_ == "nsubj" and c.lemma_.lower() in MILITARY_UNITS for c in trigger.children):
                    return []   # "since his troops went to Kursk": troops, not their leader, went
                if weapon_subject(trigger):
                    return []   # "North Korean shells landing in Ukraine", "six Kilo submarines arrived": no visit
            if "source" in rule.require_person:
                # (a state's delegation travels as its people do: "A Ukrainian delegation is due
                # in Seoul later this month")
                src = [s for s in src if is_person(s[1], idx) or leaders_vehicle(s[1], idx)
                       or (s[1].lemma_.lower() == "delegation" and is_official(s[1], idx))]
            if not src:
                # "the two ministers will travel to Kyiv": the two states named together before
                for path in rule.roles.get("source", []):
                    pair_tok = next((t for t in walk(path, nodes, idx) if t.lower_ in PAIR_NOUNS | PEOPLE_PAIR_NOUNS
                                     and any(c.lower_ in ("two", "both") for c in t.children)), None)
                    if pair_tok is not None:
                        pair = recent_pair(pair_tok, offset, ctx, sentence_states) or ()
                        src = [(c, pair_tok, None) for c in pair if c not in [t[0] for t in tgt]]
                        conf *= 0.75
                        break
            if not src and rule.event_type == "arms_transfer" and (tgt or not sentence_states):
                # "the first KN-23 missiles reached Russia": the state that makes the weapons,
                # before another state of the sentence ("... were fired at Kharkiv"); with no
                # state in the sentence ("The first six Gripens arrived at Wing 7 in February"),
                # the recipient is left to the article (resolve_pending_recipients)
                item_text = " ".join(t.text for p in rule.roles.get("items", []) for n in walk(p, nodes, idx)
                                     for t in n.subtree)
                maker = gazetteer.weapon_maker(item_text)
                if maker and maker not in [t[0] for t in tgt]:
                    src, conf = [(maker, trigger, None)], conf * 0.7
            if not src and rule.fallback.get("source") in ("other_state", "article"):
                others = [c for c in sentence_states if c not in [t[0] for t in tgt]]
                if rule.event_type == "arms_transfer":
                    # a state named only as a place supplies nothing ("delays caused by the war in
                    # Ukraine"), nor one that only reports ("Ukrainian prosecutors say ...")
                    others = [c for c in others if not all(in_place_phrase(doc[m.start]) or m.start in reporters
                                                           or reached_in_sibling(doc[m.start], trigger)
                                                           or in_war_phrase(doc[m.start]) or on_carrier(doc[m.start])
                                                           for m in idx.mentions if m.code == c)]
                others = others if set(others) <= set(fallback_states) else []
                if len(others) == 1:
                    src, conf = [(others[0], trigger, None)], conf * 0.7
                elif not others and rule.fallback["source"] == "article" and tgt and ctx.get("main_pair") \
                        and tgt[0][0] in ctx["main_pair"]:
                    # "the first deliveries reached Ukraine" in an article about the US and Ukraine
                    other = [c for c in ctx["main_pair"] if c != tgt[0][0]]
                    src, conf = [(other[0], trigger, None)], conf * 0.6
            if not tgt and is_visit and ctx.get("dateline") and any(
                    c.lower_ == "here" and c.dep_ == "advmod" for c in trigger.children):
                # "on the eve of a visit here by X" under a "CITY (Agency) -" dateline
                code, loc = ctx["dateline"]
                tgt, location = [(code, trigger, loc)], loc or location
            if not tgt and is_visit and src and rule.fallback.get("target") == "returned":
                # "Xi returned the visit": the host is found in the article (resolve_pending_hosts)
                tgt, conf = [(None, trigger, None)], conf * PENDING_FACTOR
            if not tgt and is_visit and src and rule.fallback.get("target") == "article_host":
                # "Xi arrived on Wednesday for a state visit": with no place in the sentence (but
                # where from) the host is the article's (resolve_pending_hosts); with one other
                # state placed in it, that one
                # (a state that owns a person names no place: "To Lam arrived on Thursday too,
                # and Laos's President Thongloun ...")
                # (nor a country crossed on the way: "a 60-hour journey through China")
                placed = {m.code for m in idx.mentions if m.code not in [x[0] for x in src] and m.code not in ORGS
                          and (m.kind in NAMED_PLACE_KINDS or m.kind == "state") and not from_phrase(doc[m.end - 1])
                          and not on_the_way(doc[m.end - 1])
                          and not (doc[m.end - 1].dep_ == "poss" and is_official(doc[m.end - 1].head, idx))
                          # (nor a state that does something else: "France lost the Sahel long
                          # before Russia arrived"; nor one a past war is named after: "the
                          # anniversary of the defeat of Nazi Germany")
                          and doc[m.end - 1].dep_ not in ("nsubj", "nsubjpass")
                          and not in_history_phrase(doc[m.end - 1])
                          # (a relative clause's visit is placed inside it: "Pezeshkian, who also
                          # watched the parade from the rostrum, has denied that Iran sent drones
                          # for use in Ukraine")
                          and (trigger.dep_ != "relcl" or trigger.left_edge.i <= m.start <= trigger.right_edge.i)}
                others = {c for c in fallback_states if c not in [x[0] for x in src]}
                # ("she arrived in Moscow", where the one read as "she" is Russian: a place of
                # the visitor's own state is no unplaced arrival, and no host is guessed)
                home = any(c.dep_ == "prep" and c.lower_ in ("in", "at") and p.dep_ == "pobj"
                           and p.i in idx.at and idx.at[p.i].code in [x[0] for x in src]
                           for c in trigger.children for p in c.children)
                if not home and not placed and trigger.lemma_.lower() == "visit" and len(others) == 1:
                    # "Conte plans to sign an accord when Xi Jinping visits": the other state
                    tgt, conf = [(others.pop(), trigger, None)], conf * 0.7
                elif not home and not placed:
                    tgt, conf = [(None, trigger, None)], conf * PENDING_FACTOR
                elif not home and len(placed) == 1 and placed <= set(fallback_states) | {
                        m.code for m in idx.mentions if m.kind in NAMED_PLACE_KINDS}:
                    # ("after crossing the border at Khasan": a named place is a place)
                    tgt, conf = [(placed.pop(), trigger, None)], conf * 0.7
            obj = nodes.get("obj")
            # the first weapon noun after the object ("send Ukraine 14 Leopard 2 tanks")
            obj_weapon = weapon_after(obj, 12) if obj is not None and rule.event_type == "arms_transfer" else None
            if not tgt and rule.event_type == "arms_transfer" and obj is not None:
                # "supplying ballistic missiles that Russia has fired at Ukraine": the state that
                # uses the weapons (subject of a relative clause on them) received them
                users = [m for c in obj.children if c.dep_ == "relcl" and c.lemma_.lower() in USE_VERBS
                         for sub in c.children if sub.dep_ == "nsubj"
                         for m in phrase_actors(sub, idx, {"state", "capital", "demonym"})
                         if m.code not in [x[0] for x in src]]
                if users:
                    tgt = [(users[0].code, obj, None)]
            if not tgt and rule.event_type == "arms_transfer" and trigger.dep_ == "relcl" and src:
                # "The North's air force still relies on MiG-29 fighters that the Soviet Union
                # delivered in 1988": whoever flies or relies on the weapons received them
                weapons = trigger.head
                user_verb = weapons.head.head if weapons.dep_ == "pobj" else weapons.head
                if is_weapon(weapons) and user_verb.lemma_.lower() in USE_VERBS | RELY_VERBS:
                    users = [m for c in user_verb.children if c.dep_ == "nsubj"
                             for m in phrase_actors(c, idx, {"state", "capital", "demonym"})
                             if m.code not in [x[0] for x in src]]
                    if users:
                        tgt = [(users[0].code, weapons, None)]
            if not tgt and obj_weapon is not None and obj.dep_ in ("dobj", "dative"):
                # "Germany will send Ukraine 14 Leopard 2 tanks": a double object, the state first;
                # "supplied Tanzania's army with Type 63A tanks": the state's forces first
                if obj.i in idx.at and idx.at[obj.i].kind in ("state", "capital"):
                    tgt = [(idx.at[obj.i].code, obj, None)]
                elif obj.lemma_.lower() in RECIPIENT_FORCES:
                    owners = [m for m in phrase_actors(obj, idx, {"state", "demonym"}) if m.code not in [x[0] for x in src]]
                    if owners:
                        tgt = [(owners[0].code, obj, None)]
            garbled_recipient = None
            if not tgt and rule.event_type == "arms_transfer" and obj is not None and obj.dep_ == "dobj" \
                    and trigger.i + 1 < len(doc) and (trigger.i + 1) in idx.at:
                # "Russia sent North Korea air defence systems": a double object the parser read
                # as one phrase; the state right after the verb, inside the weapon's phrase, got them
                m = idx.at[trigger.i + 1]
                if m.kind == "state" and m.start == trigger.i + 1 and m.code not in [x[0] for x in src] \
                        and doc[m.end - 1].dep_ in ("compound", "nmod") and doc[m.end - 1].head.i > m.end - 1 \
                        and any(is_weapon(t) for t in np_tokens(obj)) and doc[m.end - 1] in obj.subtree:
                    tgt, garbled_recipient = [(m.code, obj, None)], doc[m.start:m.end].text
            if not tgt and rule.event_type == "arms_transfer" and src:
                # "Moscow handed over L-39 jets at a ceremony at the air base in Bamako": arms
                # delivered at a place of another state went to that state
                found = delivery_place(trigger, idx)
                if found and found[0] not in [x[0] for x in src] and found[0] not in ORGS:
                    tgt, conf = [(found[0], trigger, None)], conf * 0.75
            if not tgt and not src and rule.event_type == "arms_transfer" \
                    and any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children) \
                    and not any(c.dep_ == "agent" for c in trigger.children):
                # "The last two fighters were handed over at a ceremony at Meiktila air base": the
                # state of the place took them, whatever else the sentence names; the supplier is
                # left to the article (resolve_pending_recipients)
                found = delivery_place(trigger, idx)
                if found and found[0] not in ORGS:
                    tgt, conf = [(found[0], trigger, None)], conf * 0.75
            if not tgt and rule.fallback.get("target") in ("other_state", "other_state_else_article_host") and not (
                    rule.mode == "directed" and trigger.lower_ == "visiting" and trigger.dep_ in ("amod", "acl", "pcomp")
                    and "visitor" not in nodes):
                # ("refused to meet a visiting U.S. diplomat": the modifier's own rule reads it)
                if is_visit and place_code:
                    tgt = [(place_code, trigger, location)]
                else:
                    # a state named only as a place ("for use in Ukraine") is no recipient
                    # ("in Syria's Idlib region": a state that owns the place phrase is placed too;
                    # for a visit the place is the host: "in a Madrid square")
                    # (a state named as the recipient's army too is not placed only: "The Mongolian
                    # army is equipped ..., and Moscow delivered ..., according to the defence
                    # ministry in Ulaanbaatar")
                    placed = set() if is_visit else {m.code for m in idx.mentions if in_place_phrase(doc[m.start])}
                    if rule.event_type == "arms_transfer":
                        placed = {c for c in placed if not any(
                            not in_place_phrase(doc[m.start]) and m.start not in reporters and m.code == c
                            and doc[m.start].head.lemma_.lower() in ARMED_FORCES for m in idx.mentions)}
                    # (for a transfer the Soviet Union is Russia: it receives nothing from it)
                    states = sentence_states_beyond(src, sentence_states) if rule.event_type == "arms_transfer" \
                        else [c for c in sentence_states if c not in [s[0] for s in src]]
                    others = [c for c in states if c not in placed]
                    # ("Yelena Bortnik, a historian in Tallinn and the author of a book on his
                    # journeys": where a commentator works is no host)
                    others = [c for c in others if not all(where_someone_works(doc[m.start])
                                                           for m in idx.mentions if m.code == c)]
                    if rule.event_type == "arms_transfer":
                        # (nor does a state that only reports or accuses: "Western and South Korean
                        # officials say Russia has supplied ... the shells that Kim has sent")
                        others = [c for c in others if not all(m.start in reporters for m in idx.mentions if m.code == c)]
                    others = others if set(others) <= set(fallback_states) else []
                    if is_visit and trigger.pos_ == "NOUN" and trigger.dep_ == "nsubj" \
                            and trigger.head.lemma_.lower() not in ("be", "take", "bring", "lead"):
                        # "Putin's visit also sends a message to Beijing": the state the visit acts
                        # on is not its host; one named as a place still is ("the trip began in
                        # Riyadh")
                        others = others if all(any(in_place_phrase(doc[m.start]) for m in idx.mentions if m.code == c)
                                               for c in others) else []
                    if to_someone_else(trigger, idx) and not is_visit:
                        others = []   # "sent Stinger missiles to Jonas Savimbi's UNITA rebels": no state received them
                    if rule.event_type == "arms_transfer":
                        # ("China sent jets in 2022, and India, which is wary of Beijing's
                        # influence, handed over a submarine": each supplied its own; the
                        # recipient is left to the article; nor does a state a later clause
                        # attacks receive: "Iran began supplying drones in 2022, and the first
                        # ones struck Ukrainian cities the following month")
                        others = [c for c in others if not all(plays_no_recipient(doc[m.start], trigger, src)
                                                               or struck_in_other_conjunct(doc[m.start], trigger)
                                                               for m in idx.mentions if m.code == c)]
                    if len(others) == 1 and not is_visit and all(
                            in_time_phrase(doc[m.start]) for m in idx.mentions if m.code == others[0]):
                        # "delivered months before the invasion of Ukraine": a state named only to
                        # tell the time is no recipient
                        others = []
                    if len(others) == 1:
                        tgt, conf = [(others[0], trigger, None)], conf * 0.7
            if not tgt and is_visit and src and rule.fallback.get("target") == "other_state_else_article_host" \
                    and not [c for c in sentence_states if one_state_codes([c]) - one_state_codes([x[0] for x in src])]:
                # "Putin's previous visit, in September 2019, produced a treaty": a sentence that
                # names no state but the visitor's leaves the host to the article
                # (resolve_pending_hosts)
                tgt, conf = [(None, trigger, None)], conf * PENDING_FACTOR
            if src and not tgt and rule.event_type == "arms_transfer" and trigger.dep_ == "conj" \
                    and any(c.dep_ == "nsubj" for c in trigger.children):
                # "France has delivered missiles to Ukraine and Germany has sent tanks": the
                # second clause's recipient is the first's
                tgt = [(code, head, None) for c in trigger.head.children if c.dep_ == "prep" and c.lower_ == "to"
                       for p in c.children if p.dep_ == "pobj"
                       for code, head, _ in participant_codes(p, idx, ACTOR_KINDS - {"place"})
                       if code not in [x[0] for x in src]]
            # the recipient's phrase names an armed force ("The navy received ...")
            forces = [t for p in rule.roles.get("target", []) for t in walk(p, nodes, idx)
                      if t.lemma_.lower() in ARMED_FORCES] if rule.event_type == "arms_transfer" else []
            if src and not tgt and any(not phrase_actors(t, idx) for t in forces):
                # "The navy received five aircraft from France": the navy of the article's state
                # (resolve_pending_recipients), whatever other states the sentence names
                tgt, conf = [(None, trigger, None)], conf * PENDING_FACTOR
            if src and not tgt and rule.event_type == "arms_transfer" and not to_someone_else(trigger, idx) and not [
                    c for c in sentence_states_beyond(src, fallback_states)
                    if not all(in_place_phrase(doc[m.start]) or in_other_conjunct(doc[m.start], trigger)
                               or plays_no_recipient(doc[m.start], trigger, src)
                               or (rule.target_as_place and in_side_clause(doc[m.start], trigger))
                               for m in idx.mentions if m.code == c)]:
                # "Britain pledged to send 14 Challenger 2 tanks": no recipient in the sentence
                # (a state named only as a place does not count, nor, for weapons that arrived, one
                # named only in a clause hung on the verb, nor one that supplies its own in another
                # clause); it is left for the article's recipient
                # (resolve_pending_recipients)
                tgt, conf = [(None, trigger, None)], conf * PENDING_FACTOR
            if not src and tgt and tgt[0][0] and rule.event_type == "arms_transfer":
                # "Mali has turned to Turkey, buying Bayraktar TB2 drones": the weapons' maker,
                # when the sentence names it
                maker = gazetteer.weapon_maker(doc_text(doc))
                if maker and maker != tgt[0][0] and maker in sentence_states:
                    src = [(maker, trigger, None)]
            if not src and tgt and tgt[0][0] and rule.event_type == "arms_transfer" \
                    and not any(c.dep_ == "agent" for c in trigger.children) \
                    and (any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
                         or not [c for c in sentence_states if c not in [t[0] for t in tgt]
                                 and not all(on_carrier(doc[m.start]) or at_war_with(doc[m.start])
                                             for m in idx.mentions if m.code == c)]):
                # "Iskander launchers were handed over to the Belarusian army", "Kenya has ordered
                # six TB2s": no supplier and no other state in the sentence; it is left to the
                # article's supplier (resolve_pending_recipients)
                src, conf = [(None, trigger, None)], conf * PENDING_FACTOR
            if not src and not tgt and rule.event_type == "arms_transfer" and not [
                    m for m in idx.mentions if m.kind != "company"
                    and doc[m.end - 1].head.lemma_.lower() not in ERA_NOUNS]:
                # "The following year the first of 46 MiG-23 fighters arrived": a delivery told
                # with no state at all (but to tell the time: "its first combat jets since the
                # Soviet era") continues the transfer told just before it
                # (resolve_pending_pairs)
                src = tgt = [(None, trigger, None)]
                conf *= PENDING_FACTOR * PENDING_FACTOR
            if rule.target_as_place and "subj" in nodes and all(t[0] is None for t in tgt):
                # the buyer of the weapons an elliptical count stands for received them ("The
                # Philippines ordered 12 FA-50PH fighters; the first two landed at Clark Air
                # Base"), from the seller named there, else from the article's supplier
                deal = elliptic_deal(nodes["subj"], trigger, idx)
                if deal:
                    buyer, seller = deal
                    tgt = [(buyer, trigger, None)]
                    src = [(seller, trigger, None)] if seller else \
                        [x for x in src if x[0] and x[0] != buyer] or [(None, trigger, None)]
            if rule.id == "arms.fired_at_front":
                # "North Korean missiles have been fired at Ukrainian cities": fired by the state
                # that attacks the one hit (gazetteer.front_user), supplied by the weapons' state
                hit = {idx.at[t.i].code for t in nodes["at"].subtree if t.i in idx.at
                       and idx.at[t.i].kind in PLACE_KINDS | {"demonym"}}
                users = {gazetteer.front_user(c, ctx.get("published_at")) for c in hit} - {None}
                if not src:
                    maker = gazetteer.weapon_maker(" ".join(t.text for t in nodes["weapon"].subtree))
                    src = [(maker, trigger, None)] if maker else []
                src = [x for x in src if x[0] and x[0] not in users and x[0] not in hit]
                tgt = [(users.pop(), trigger, None)] if len(users) == 1 and src else []
            if not src or not tgt:
                return []
            if rule.event_type == "arms_transfer" and mod == "asserted" and {
                    m.code for m in idx.mentions if m.start in reporters and m.kind != "company"} - {x[0] for x in src + tgt}:
                mod = "alleged"   # "the White House says a shipment has been delivered": a third state's claim
            persons_tokens.extend(s[1] for s in src if s[1] is not trigger)
            persons_tokens.extend(t[1] for t in tgt if t[1] is not trigger)
            items = quantity = None
            if rule.event_type == "arms_transfer":
                item_toks = [t for p in rule.roles.get("items", []) for t in walk(p, nodes, idx)]
                # "weapons that the Pentagon will send": the relative pronoun stands for its noun
                # (also across a reporting verb: "missiles that Washington said Tehran sent")
                for t in list(item_toks):
                    clause = t.head.head if t.head.dep_ == "ccomp" and t.head.head.lemma_.lower() in SAY_VERBS \
                        else t.head
                    if t.lower_ in ("that", "which") and clause.dep_ == "relcl":
                        ante = clause.head
                        item_toks += [ante] + [p for c in ante.children if c.dep_ == "prep"
                                               and c.lower_ in ("in", "of") for p in c.children if p.dep_ == "pobj"]
                items, quantity = items_and_quantity(item_toks)
                if items and garbled_recipient and items.startswith(garbled_recipient + " "):
                    items = items[len(garbled_recipient) + 1:]
                if not items:
                    # a garbled object ("handed over L-39 trainer jets": "L-39" parsed as the
                    # object, "jets" as a second one): the trigger's other objects
                    items, quantity = items_and_quantity(item_toks + [
                        c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass") and c not in item_toks])
                if not items and obj_weapon is not None and (obj.i in idx.at or obj.lemma_.lower() in RECIPIENT_FORCES):
                    items = obj_weapon.text
                if not items and any(t.lemma_.lower() in CARGO_NOUNS and not any(c.lower_ == "of" for c in t.children)
                                     for t in item_toks) and any(
                        is_weapon(t) and t.pos_ == "NOUN" for t in doc if t.i > trigger.i):
                    # "had shipped more than 28,000 containers to Russia, enough for 12 million
                    # shells": containers the sentence fills with munitions are arms
                    cargo = next(t for t in item_toks if t.lemma_.lower() in CARGO_NOUNS
                                 and not any(c.lower_ == "of" for c in t.children))
                    items = cargo.text
                    quantity = quantity or next((" ".join(x.text for x in c.subtree) for c in cargo.children
                                                 if c.dep_ == "nummod"), None)
                if not items and "with" in nodes and not any(is_weapon(t) for t in item_toks):
                    # a garbled parse of a long weapon name ("supplied Russia with several hundred
                    # Shahed-136 one-way attack drones"): the weapon noun after "with", before a comma
                    last = nodes["with"].i
                    for t in doc[last + 1: last + 13]:
                        if t.is_punct and t.text in ",;.":
                            break
                        if t.pos_ == "NOUN" and is_weapon(t):
                            items = t.text
                            break
                if not items and (forces or any(h is not None and h.lemma_.lower() in ARMED_FORCES for _, h, _ in tgt)):
                    # "delivered the first batteries to the Philippine Marine Corps": a noun that
                    # is arms only when qualified ("missile batteries") is arms an armed force receives
                    qualified = weapon_lexicon()[1]
                    generic = [t for t in item_toks if t.lower_ in qualified or t.lemma_.lower() in qualified]
                    if generic:
                        items = generic[0].text
                if not items and trigger.dep_ == "relcl" and not any(c.dep_ == "dobj" and c.i not in idx.at
                                                                     for c in trigger.children):
                    # "the same type China sold to Pakistan", "one of the first five such aircraft
                    # the United States delivered", "the most modern combat aircraft Moscow ever sold
                    # Pyongyang": the noun the clause describes, or the weapon it stands for
                    weapon = weapon_antecedent(trigger.head)
                    if weapon is not None:
                        items, quantity = items_and_quantity([weapon])
                if not items and "subj" in nodes and rule.target_as_place:
                    # "the first two landed at Clark Air Base": the weapon the count stands for
                    weapon = elliptic_weapon(nodes["subj"], trigger)
                    if weapon is not None:
                        items = items_and_quantity([weapon])[0]
                        quantity = quantity or next((c.text for c in [nodes["subj"], *nodes["subj"].children]
                                                     if c.like_num), None)
                if not items and rule.event_type == "arms_transfer":
                    # "delivered the first S-400 regiment to China in 2018 and began deliveries to
                    # India": the weapon of the clause it is coordinated with
                    weapon = coordinated_weapon(trigger)
                    if weapon is not None:
                        items = items_and_quantity([weapon])[0]
                # ("the systems", "these batteries": a generic noun that points back)
                pronoun = next((t for x in item_toks for t in np_tokens(x) if (t.lower_ in ("them", "ones") and t.pos_ == "PRON")
                                or (t.lower_ in BACK_POINTING_NOUNS and t.i == x.i
                                    and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in t.children))),
                               None) if not items and rule.event_type == "arms_transfer" else None
                if pronoun is not None:
                    # "the first Abrams tanks rolled off a ship at Taipei port, and Taiwan's army
                    # took delivery of them": the weapon named before it in the sentence, else
                    # the one the sentence before named ("China supplied the North with hundreds
                    # of them")
                    before = [t for t in doc[:pronoun.i] if t.pos_ in ("NOUN", "PROPN") and is_weapon(t)]
                    if before:
                        items = items_and_quantity([before[-1]])[0]
                    elif offset in (ctx.get("prior_weapons") or {}):
                        items = ctx["prior_weapons"][offset]
                if not items and rule.target_as_place and "subj" in nodes \
                        and offset in (ctx.get("prior_weapons") or {}) \
                        and (nodes["subj"].like_num or nodes["subj"].lower_ in ELLIPTIC_COUNT_HEADS):
                    # "Russia sold Vietnam six submarines. The first two arrived at Cam Ranh in
                    # 2014": the weapon of the sentence before
                    items = ctx["prior_weapons"][offset]
                if not items and not any(is_weapon(t) for t in item_toks) and rule.roles.get("items"):
                    return []
            if is_visit and src:
                # "..., travelling with Macron and Draghi" / "accompanied by X": they went too
                for comp in companions(trigger):
                    for code, head, _ in participant_codes(comp, idx, ACTOR_KINDS - {"place"}):
                        if is_official(head, idx) and code not in [x[0] for x in src]:
                            src.append((code, head, None))
                # "came to Hanoi for his summit with Donald Trump": the one met in a third
                # country went there too
                hosts = {HISTORICAL_SUCCESSOR.get(t[0], t[0]) for t in tgt} | {t[0] for t in tgt}
                for partner in summit_partners(trigger):
                    for code, head, _ in participant_codes(partner, idx, ACTOR_KINDS - {"place"}):
                        if is_official(head, idx) and is_person(head, idx) and code not in hosts \
                                and code not in ORGS and code not in [x[0] for x in src]:
                            src.append((code, head, None))
            for s in src:
                for t in tgt:
                    # (both left to the article: resolve_pending_pairs)
                    # (the Soviet Union and Russia are one state: "the jet the Soviets had shot down"
                    # gives no transfer to Moscow)
                    if (SAME_STATE.get(s[0], s[0]) != SAME_STATE.get(t[0], t[0]) or s[0] is None) \
                            and s[0] not in ORGS and t[0] not in ORGS:
                        events.append(make(rule.event_type, s[0], t[0], None,
                                           conf * (1.0 if src_parse and tgt_parse else 0.85), items, quantity))
            events = split_by_dates(events, trigger, doc, ctx.get("published_at"), future)
            if rule.event_type == "arms_transfer":
                events = split_by_objects(events, trigger, doc, ctx.get("published_at"), future)
            if rule.event_type == "arms_transfer":
                events = follow_on_deliveries(events, trigger, doc, idx.at, ctx.get("published_at"), future)
            return previous_visits(events, doc, ctx.get("published_at")) if is_visit else events

        if rule.mode == "parties":
            parties: list[str] = []
            travellers: set[str] = set()   # parties named by a person, who can have travelled
            with_codes: list[str] = []     # parties named after "with" ("agreements with X and Y")
            with_at: dict[str, int] = {}   # where each is named
            two_ref = False                # "the two countries signed"
            pair_tok = None
            # a signing clause with a subject of its own does not take the subjects of the
            # clause above ("Zhou and Kim put their names to ..., five days after Kim had
            # signed a pact with Khrushchev": Zhou signed no pact with Khrushchev)
            # (a subject named: not "he", "the two leaders", "officials" or the treaty itself)
            own_subject = any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in trigger.children)
            for path in rule.roles.get("party", []):
                if path == "@subject" and own_subject and trigger.dep_ in ("advcl", "conj", "ccomp"):
                    continue
                for tok in walk(path, nodes, idx):
                    if tok.dep_ == "pobj" and tok.head.lower_ == "with" and any(
                            c.lemma_.lower() in ONLOOKER_VERBS and c.tag_ == "VBG"
                            and (c.head.i == tok.i or (c.head.i == tok.head.head.i and c.i > tok.right_edge.i))
                            for c in [*tok.children, *tok.head.head.children]):
                        continue   # "signed, with the king and Guterres looking on as witnesses": no parties
                    persons_tokens.append(tok)
                    # ("officials from the two sides signed": the pair stands inside the phrase)
                    # ("the ministers signed", after a minister's talks with their counterpart)
                    pair_here = next((x for x in np_tokens(tok) if x.lower_ in PAIR_NOUNS
                                      and any(c.lower_ in ("two", "both") or c.lower_ in NUMBER_WORDS
                                              for c in x.children)
                                      or (x.lower_ in PEOPLE_PAIR_NOUNS and [c.lower_ for c in x.children] == ["the"])),
                                     None)
                    if pair_here is not None:
                        two_ref = True
                        pair_tok = pair_here
                    toks = [tok] + listed_with(tok)   # ("Mali, Burkina Faso and Niger": a misparsed list)
                    # "the defence ministers of Britain, Italy and Japan" (who of them travelled
                    # is not said)
                    of_conj = [c for x in np_tokens(tok) if x.dep_ == "pobj" and x.head.lower_ == "of"
                               and x.i != tok.i for c in x.conjuncts]
                    toks += of_conj
                    for t in toks:
                        t = resolve_pronoun(t, idx) if t.lower_ in PERSON_PRONOUNS else t  # "he and Kim signed"
                        if t is not tok:
                            persons_tokens.append(t)   # (the people of "he and Gorbachev signed")
                        # (an ambassador visits nowhere but signs for their state: "Mongolia's
                        # foreign minister and Japan's ambassador sign an exchange of notes")
                        if not path.startswith("$") and not is_official(t, idx) and t.lemma_.lower() != "ambassador":
                            continue  # "a Pakistani pharmaceutical company" is no party
                        kinds = ACTOR_KINDS - {"place"}
                        if path.startswith("$obj") and t.pos_ == "PROPN" and "obj" in nodes and t.i == nodes["obj"].i:
                            kinds = kinds - {"capital"}  # "the Budapest Memorandum" is named after a city
                        for m in phrase_actors(t, idx, kinds):
                            last = doc[m.end - 1]
                            if m.kind in NAMED_PLACE_KINDS and last.dep_ in ("compound", "nmod") \
                                    and last.head.lower_ in TREATY_NOUNS | NAMED_DOCUMENTS:
                                continue  # "the Budapest Memorandum", "the Minsk agreements": named after a city
                            if last.dep_ == "poss" and last.head.dep_ == "appos" and last.head.head.i == t.i:
                                continue  # "Solomon Islands, PNG's neighbour, signed": a relation, no party
                            if m.code not in parties:
                                parties.append(m.code)
                            if "[with" in path and m.code not in with_codes:
                                with_codes.append(m.code)
                                with_at[m.code] = m.start
                            if (is_person(t, idx) and not of_conj) or m.kind in ("person", "person_short"):
                                travellers.add(m.code)
                        for code in group_members(t):   # "Xi and the five Central Asian presidents signed"
                            if code not in parties:
                                parties.append(code)
                            travellers.add(code)
            if with_codes:
                # "with Australia in 2022 and with Britain in 2023", "a treaty with Tuvalu ... and
                # a treaty with Nauru": further "with" phrases coordinated with the first
                for m in further_with_partners(doc, idx, with_at, nodes.get("obj")):
                    if m.code not in parties:
                        parties.append(m.code)
                        with_codes.append(m.code)
                        with_at[m.code] = m.start
            # a treaty the gazetteer knows by name ("the 1965 Treaty on Basic Relations", "the
            # Agreed Framework"): its parties, when the sentence names none outside them
            # (a name whose year sits on its first word: "the 2016 General Security of Military
            # Information Agreement" is read from "General")
            document = nodes.get("obj") if nodes.get("obj") is not None else nodes.get("name", trigger)
            title = doc[document.left_edge.i: min(document.right_edge.i + 1, document.i + 12)].text
            # (two documents of one title and year: the one of a state the sentence names, "the
            # 1961 Treaty of Friendship, ..., which Beijing still describes as ...")
            known = gazetteer.known_treaty(title, date[:4] if date else None, parties, sentence_states)
            if trigger.lower_ in rule.known_only and not known:
                return []   # "the 2015 agreement": a document the gazetteer does not know
            if known and len(set(parties)) < len(known):
                parties = list(known)
                conf *= 0.8
            # (and only them, when the sentence adds a state the clause inherited: "When Vietnam
            # invaded Cambodia in December 1978, weeks after signing a Treaty of Friendship and
            # Cooperation with the Soviet Union, Kim Il Sung took the side of ...")
            known = gazetteer.known_treaty(title, date[:4]) if date else None
            if known and one_state_codes(known) < one_state_codes(parties):
                parties = list(known)
            they = next((c for c in trigger.children if c.dep_ == "nsubj" and c.lower_ == "they" and c.pos_ == "PRON"), None)
            if not parties and they is not None and not sentence_states:
                # "Kim steps across the kerb to meet Moon. They sign the Panmunjom Declaration":
                # the two people (else states) named last before the sentence
                pair = last_pair(ctx, "recent_people", offset) or last_pair(ctx, "recent_states", offset)
                if pair and len(one_state_codes(pair)) == 2:
                    parties = list(pair)
                    travellers.update(pair)
                    conf *= 0.6
            how = rule.fallback.get("party")
            same = one_state_codes(set(sentence_states) | set(parties))
            if pair_tok is not None and any(c.lower_ in NUMBER_WORDS for c in pair_tok.children):
                # "the three governments signed": as many states as the sentence names
                wanted = next(NUMBER_WORDS[c.lower_] for c in pair_tok.children if c.lower_ in NUMBER_WORDS)
                if len(same) == wanted and len(set(parties)) < wanted:
                    parties = sorted(set(sentence_states) | set(parties))
                    conf *= 0.75
            elif len(set(parties) - ORGS) < 2 and two_ref:
                # "the two countries": the two states of the sentence, else the two named
                # together most recently before it
                # (a place named only as where they signed is no party: "the two sides signed
                # an agreement in Stockholm")
                # (but a place someone went to outside the signing's clause is a state: "Modi is
                # expected back in Riyadh, when the two sides are due to sign")
                venues = {m.code for m in idx.mentions if m.kind in NAMED_PLACE_KINDS and in_place_phrase(doc[m.start])
                          and (trigger.is_ancestor(doc[m.end - 1]) or doc[m.end - 1].is_ancestor(trigger))}
                # ("the Act of Montevideo", "the Budapest Memorandum": a place a document is
                # named after is no party either)
                venues -= {m.code for m in idx.mentions if not in_place_phrase(doc[m.start])
                           and not names_document(doc[m.end - 1])}
                named_states = [c for c in sentence_states if c not in venues]
                same = one_state_codes(set(named_states) | set(parties))
                if len(same) == 2:
                    # (the parties' own codes first: "Soviet-built" does not turn Russia into SUN)
                    chosen = list(dict.fromkeys(parties))
                    for c in named_states:
                        if HISTORICAL_SUCCESSOR.get(c, c) not in one_state_codes(chosen):
                            chosen.append(c)
                    pair = sorted(chosen)
                else:
                    # (the state named must stand for an actor: not "opposing US plans")
                    actors = one_state_codes([m.code for m in idx.mentions if m.code in named_states and (
                        m.kind in ("person", "person_short") or names_actor_or_place(doc[m.end - 1], idx))])
                    pair = recent_pair(pair_tok, offset, ctx, same, signers=actors == same)
                if pair and (not parties or one_state_codes(parties) <= one_state_codes(pair)):
                    parties = list(pair)
                    conf *= 0.7
            elif len(set(parties) - ORGS) == 1 and nodes.get("obj") is not None and any(
                    c.lower_ in ("such", "similar") for c in nodes["obj"].subtree) and len(same) == 2:
                # "Britain was the first to sign such a pact, when Sunak travelled to Kyiv": the
                # pact is the one the sentence's other state signs with everyone
                parties = sorted(set(sentence_states) | set(parties))
                conf *= 0.7
            elif len(set(parties) - ORGS) < 2 and how and fallback_fits(trigger, nodes.get("obj"), idx, future):
                pair_noun = None if same else next((x for x in doc if x.lower_ in PAIR_NOUNS and any(
                    c.lower_ in ("two", "both") for c in x.children)), None)
                if len(same) == 2 and how in ("sentence", "article"):
                    parties = sorted(set(sentence_states) | set(parties))
                    conf *= 0.75
                elif how in ("sentence", "article") and pair_noun is not None \
                        and (pair := recent_pair(pair_noun, offset, ctx)) and len(one_state_codes(pair)) == 2:
                    # "In the presence of the two leaders, officials exchanged nine memorandums":
                    # the pair named before
                    parties = list(pair)
                    conf *= 0.5
                elif how == "article" and ctx.get("main_pair") and one_state_codes(same) <= one_state_codes(ctx["main_pair"]):
                    # (a sentence naming one of the pair only: "the treaty they signed in Pyongyang")
                    parties = list(ctx["main_pair"])
                    conf *= 0.5
            obj = nodes.get("obj")
            dated = partner_dates(doc, with_at, ctx.get("published_at"), future) if len(with_codes) >= 2 else None
            if obj is not None and (obj.tag_ == "NNS" or dated) and len(with_codes) >= 2 \
                    and set(parties) - set(with_codes):
                # "signed bilateral agreements with Germany and France": one treaty with each
                # ("with Australia in 2022 and with Britain in 2023": each with its own date)
                own = sorted(set(parties) - set(with_codes))
                for w in with_codes:
                    ev = make("treaty_signing", None, None, sorted(set(own) | {w}), conf)
                    if dated:
                        ev.date, ev.date_precision = dated[w]
                    events.append(ev)
                return events
            venues_at = {m.code: m.start for m in idx.mentions if m.kind in NAMED_PLACE_KINDS
                         and in_place_phrase(doc[m.start]) and trigger.is_ancestor(doc[m.start])
                         and m.code not in one_state_codes(parties)}
            # (also one treaty and "a near-identical one" in another capital)
            if obj is not None and (obj.tag_ == "NNS" or any(t.lower_ == "one" and t.dep_ == "conj" for t in doc)) \
                    and not with_codes and len(one_state_codes(parties) - ORGS) == 1 \
                    and len(one_state_codes(venues_at)) >= 2:
                # "Kim Il Sung signed mutual-assistance treaties in Moscow on 6 July and in
                # Beijing on 11 July": one treaty with each host (each with its own date)
                dated = partner_dates(doc, venues_at, ctx.get("published_at"), future)
                for v in venues_at:
                    ev = make("treaty_signing", None, None, sorted(set(parties) | {v}), conf * 0.8)
                    if dated:
                        ev.date, ev.date_precision = dated[v]
                    events.append(ev)
                return events
            if len(set(parties)) < 2:
                return []
            events.append(make("treaty_signing", None, None, sorted(set(parties)), conf))
            if nodes.get("obj") is not None:
                # "signed the Brazzaville Protocol on 13 December 1988 and the New York accords
                # nine days later": one signing for each document, each with its own date
                events = split_by_documents(events, trigger, nodes["obj"], doc, ctx.get("published_at"), future)
            # (a signing by both sides that only describes the document, "the treaty that Putin
            # and Kim signed in Pyongyang in June would come into force", tells no visit; "the
            # treaty Putin signed in Pyongyang" still has him go there)
            describes = ((trigger.dep_ in ("relcl", "acl") and trigger.head.lemma_.lower() in TREATY_NOUNS | NAMED_DOCUMENTS)
                         or (trigger.dep_ == "advcl" and any(c.lower_ == "when" and c.dep_ == "advmod"
                                                             for c in trigger.children))) \
                and len(travellers) >= 2
            if rule.visits_from_place and place_code and not describes:
                # only a party its leader or minister stood for travelled: "Japan and Britain
                # signed ... in London" says nothing of who went where. A signing in a third
                # country ("Ukraine and Russia signed ... in Minsk") brought every party there
                # (unless an organisation signed: the place may be its seat).
                # (the Soviet Union and Russia are one state here: "signed in Moscow in 1950")
                # (an agreement "signed in Madrid" with no signer named says nothing of who went)
                # (nor one by "the two sides" or "the two countries": no person is said to be there)
                third_country = HISTORICAL_SUCCESSOR.get(place_code, place_code) not in one_state_codes(parties) \
                    and any(c.dep_ in ("nsubj", "agent") for c in trigger.children) \
                    and not (pair_tok is not None and pair_tok.lower_ not in PEOPLE_PAIR_NOUNS)
                went = set(parties) if third_country and not set(parties) & ORGS else set(parties) & travellers
                if any(m.code in ORGS and (in_place_phrase(doc[m.start]) or any(
                        in_place_phrase(a) for a in doc[m.start].ancestors if a.dep_ == "pobj")) for m in idx.mentions):
                    # "at the United Nations headquarters in New York", "at the Soviet mission to
                    # the UN in New York": no state visited
                    went = set()
                for p in sorted(went):
                    if p != place_code and p not in ORGS and HISTORICAL_SUCCESSOR.get(place_code) != p:
                        events.append(make("visit", p, place_code, None, conf * 0.8))
            return events

        if rule.mode == "meeting":
            seat = None if place_code else host_seat(trigger)
            if not place_code and seat is None:
                return []
            parts: list[tuple[str, Token]] = []
            own_subject = any(c.dep_ == "nsubj" and c.lower_ not in ("who", "which", "that") for c in trigger.children)
            for path in rule.roles.get("participant", []):
                if path == "@subject" and own_subject:
                    continue   # "officials say ... before Kim met Putin": the speakers met nobody
                for tok in map(lambda t: resolve_pronoun(t, idx), walk(path, nodes, idx)):
                    if tok.lower_ == "their" and tok.dep_ == "poss":
                        # "their 2019 meeting in Vladivostok": the two people named most recently
                        pair = last_pair(ctx, "recent_people", offset) or ()
                        parts.extend((code, tok) for code in pair if code not in [p[0] for p in parts])
                        continue
                    if tok.lower_ in PEOPLE_PAIR_NOUNS and any(c.lower_ in ("two", "both") for c in tok.children) \
                            and not phrase_actors(tok, idx, ACTOR_KINDS - {"place"}):
                        # "In Geneva in November 1985, the two leaders met for the first time"
                        pair = recent_pair(tok, offset, ctx, sentence_states) or ()
                        parts.extend((code, tok) for code in pair if code not in [p[0] for p in parts])
                        continue
                    for code, head, m in participant_codes(tok, idx, ACTOR_KINDS - {"place"}):
                        if is_official(head, idx) and code not in [p[0] for p in parts]:
                            parts.append((code, head))
            if not place_code:
                # "X held talks with Y at his office / at the presidential palace": the seat
                # belongs to the host official (his: the subject; presidential: the one president)
                if seat == "own":
                    subj = {x.i for c in trigger.children if c.dep_ == "nsubj" for x in np_tokens(c)}
                    hosts = [p for p in parts[:1] if p[1].i in subj]
                else:
                    hosts = [p for p in parts if any(t.lower_ == "president" for t in np_tokens(p[1]))]
                if len(hosts) != 1 or len(parts) < 2:
                    return []
                place_code = hosts[0][0]
                conf *= 0.85
            persons_tokens.extend(p[1] for p in parts)
            for code, head in parts:
                # (a Soviet leader in Moscow is at home: RUS places are SUN's too)
                if code != place_code and code not in ORGS and HISTORICAL_SUCCESSOR.get(place_code) != code:
                    events.append(make("visit", code, place_code, None, conf))
            return events
        return []
