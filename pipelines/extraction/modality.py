"""Modality and negation of a trigger, read from its dependency context.

- negated ("did not visit", "no agreements were signed", "refused to send") or asked
  ("Will Russia arm Iran?"): not an event
- denied ("denied sending", "cancelled a planned visit")
- alleged ("reportedly", "according to", "accused of", "is believed to", "claimed")
- planned ("will visit", "plans to", "is expected to", "upcoming visit", a future date)
- asserted otherwise
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from pipelines.extraction.nlp import doc_text

MODALS = {"will", "shall", "would", "could", "may", "might", "'ll", "wo", "ca", "should", "must"}
# ("hop": the small model's lemma of "hopes")
PLAN_VERBS = {"plan", "expect", "schedule", "intend", "hope", "hop", "want", "seek", "prepare", "set", "due",
              "aim", "propose", "invite", "promise", "pledge", "offer", "threaten", "consider", "agree",
              "accept", "wish", "like", "willing", "ready", "eager", "likely", "poised", "approve",
              "authorize", "authorise", "clear"}
# "deny"/"dismiss" are not here: a denied event is an event with modality "denied"
NEGATING_VERBS = {"refuse", "decline", "fail", "reject", "rule", "stop", "halt", "suspend",
                  "avoid", "forbid", "ban", "prevent", "block", "oppose", "boycott", "bar", "prohibit"}
#: "X insists it has never sold ...": a negated claim by a party is a denial
DENIAL_FRAMES = {"insist", "maintain", "deny"}
#: a party's own statement that it did not do something is a denial ("China says it has not sold")
STATEMENT_VERBS = {"say", "state", "stress", "reiterate", "repeat", "assert", "declare"}
#: "denied reports that it sold ...": the clause belongs to the verb governing the report
REPORT_NOUNS = {"report", "claim", "allegation", "accusation", "suggestion", "rumour", "rumor", "charge"}
#: "pressed Seoul to send shells": pressure or a request is not the event itself
URGE_VERBS = {"urge", "press", "pressure", "ask", "request", "demand", "appeal", "lobby", "push", "beg"}
#: verbs that only talk about doing it ("Seoul has debated sending arms to Ukraine")
DISCUSS_VERBS = {"debate", "discuss", "mull", "ponder", "weigh"}
#: a clause they open is a condition, not something that happened or is planned
CONDITION_MARKS = {"if", "unless"}
CANCEL_VERBS = {"cancel", "postpone", "scrap", "abandon", "delay", "shelve", "scuttle", "call"}
#: nouns whose complement is asked for, not done: "turned down a German request to send tanks"
REQUEST_NOUNS = {"request", "requests", "call", "calls", "appeal", "appeals", "demand", "demands", "plea",
                 "pleas", "proposal", "proposals", "suggestion", "idea", "question"}
#: "should have gone to Baku first": what should, could or would have happened did not
COUNTERFACTUAL_MODALS = {"should", "could", "would", "might", "must", "ought"}
DENY_VERBS = {"deny", "dismiss", "refute"}
#: what a forbidden act "remains" ("South Koreans remain barred from travelling to the North")
BANNED_WORDS = {"barred", "banned", "forbidden", "prohibited"}
ALLEGE_VERBS = {"accuse", "allege", "claim", "report", "suspect", "believe", "say", "charge", "blame"}
PLAN_ADJ = {"planned", "upcoming", "forthcoming", "proposed", "scheduled", "expected", "future",
            "possible", "potential", "prospective", "next"}
PLAN_NOUN_HEADS = {"eve", "ahead", "prior", "before", "preparation", "invitation", "plan", "plans",
                   "prospect", "run-up", "possibility"}
ALLEGE_CUES = re.compile(r"\b(reportedly|allegedly|purportedly|according to (?!article|the terms|international|its |their |the charter|the law|the treaty|plan|schedule|(?:the )?(?:data|figures|statistics|records|archives?)\b|(?:the )?(?:SIPRI|Stockholm International Peace Research)\b)|intelligence (says|shows|suggests|"
                         r"indicates|reports)|is said to|are said to|was said to|were said to|"
                         r"reports? (say|said|suggest))\b", re.I)


def _chain(trigger: Token, limit: int = 5) -> list[Token]:
    """The trigger and the verbs that govern it (xcomp/ccomp/advcl/conj/prep chains)."""
    out, t = [trigger], trigger
    semicolon = ";" in doc_text(trigger.doc)
    for _ in range(limit):
        if t.head is t or t.dep_ in ("ROOT",):
            break
        if semicolon and any(x.text == ";" for x in t.doc[min(t.i, t.head.i):max(t.i, t.head.i)]):
            break   # "X signed the accords in 2020; the jets never came": a clause of its own
        # ("denied reports that it sold": a report or claim goes on to the verb that governs it)
        stop = t.dep_ in ("relcl", "acl") and t.head.pos_ in ("NOUN", "PROPN") \
            and t.head.lemma_.lower() not in REPORT_NOUNS
        t = t.head
        out.append(t)
        if stop:
            break
    return out


def is_denial(trigger: Token) -> bool:
    """A negated trigger inside a party's statement ("China insists it has never sold ...",
    "Beijing says it has not sold weapons to Russia": a plain "say" only when the party
    speaks of itself, "it" / "we"; "the US said Pyongyang has not sent ..." is a negation)."""
    chain = _chain(trigger)
    if trigger.pos_ != "VERB":
        return False
    # ("said it would not send": a refusal of a future act, not a denial)
    self_subject = any(c.dep_ == "nsubj" and c.lower_ in ("it", "we") for c in trigger.children) \
        and not any(c.tag_ == "MD" for c in trigger.children)
    if any(a.lemma_.lower() in REPORT_NOUNS and b.lemma_.lower() in DENY_VERBS | {"reject", "rebut"}
           for a, b in zip(chain[1:], chain[2:])):
        return True   # "rejected claims that it had shipped shells"
    return any(t.pos_ == "VERB" and (t.dep_ == "ROOT" or (t.dep_ == "conj" and t.head.dep_ == "ROOT")) and (
        t.lemma_.lower() in DENIAL_FRAMES or (self_subject and t.lemma_.lower() in STATEMENT_VERBS))
        for t in chain[1:4])


def is_question(trigger: Token) -> bool:
    """The trigger's clause is a question ("Will Russia arm Iran in return?", an
    interviewer's "Would Vietnam ever buy Chinese weapons?", "Do you expect Kim to visit
    Moscow?"): it asserts and plans nothing. The sentence ends in a question mark and the
    trigger, or a verb it is the complement of, puts its auxiliary before its subject; so
    "Putin visited Pyongyang in June, so will Kim now go to Moscow?" keeps Putin's visit."""
    if not any(t.text == "?" for t in trigger.doc[trigger.i + 1:]):
        return False
    t = trigger
    while True:
        # (any subject: "MSR: Would Vietnam ever buy ...?" hangs the speaker as one too)
        subjects = [c.i for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and any(c.dep_ in ("aux", "auxpass") and c.i < max(subjects) for c in t.children):
            return True
        if t.dep_ not in ("xcomp", "ccomp") or t.head.i >= t.i:
            return False
        t = t.head


def is_negated(trigger: Token) -> bool:
    if is_question(trigger):
        return True
    if trigger.dep_ == "amod":      # "the visiting king": the visit itself is presupposed
        return False
    after = trigger.right_edge.i + 1
    if after + 1 < len(trigger.doc) and trigger.doc[after].lower_ in ("remain", "remains", "remained", "is", "was",
                                                                     "are", "were") \
            and trigger.doc[after + 1].lower_ in BANNED_WORDS:
        return True   # "travel to the North remains banned" (however the parser hangs "banned")
    chain = _chain(trigger, 3)
    for k, t in enumerate(chain[:-1]):
        # a clause with its own subject after "and" / "but" is not under the first clause's
        # negation ("Seoul refuses to send lethal aid, but in 2023 it lent the US 500,000
        # shells"); nor is what "since" dates ("has not met Kim since his visit to Pyongyang")
        if t.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            chain = chain[:k + 1]
            break
        if t.lower_ == "since" and t.dep_ == "prep":
            chain = chain[:k]
            break
    for t in chain:
        if (t is trigger or (t is trigger.head and trigger.dep_ == "xcomp")) and any(
                c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in ("none", "nobody", "nothing") or any(
                    d.lower_ == "neither" and d.dep_ in ("det", "preconj", "cc") for d in c.children))
                for c in t.children):
            return True   # "Neither Hanoi nor Vientiane buys weapons from Pyongyang", "None of them was exported"
        if t is trigger and t.pos_ == "VERB" and any(
                c.dep_ in ("dobj", "nsubjpass", "ccomp") and c.left_edge.lower_ == "no" and c.left_edge.dep_ == "det"
                and c.left_edge.i + 1 < len(t.doc) and t.doc[c.left_edge.i + 1].lower_ not in ("fewer", "less", "more")
                for c in t.children):
            # "signed no minerals deal" (also misparsed with "deal" as a verb), "no minerals
            # deal was signed"
            return True
        if any(c.dep_ == "neg" for c in t.children) and (t is trigger or t.pos_ in ("VERB", "AUX")):
            # "not only ... but" is no negation
            return True
        if t is not trigger and t.lemma_.lower() in NEGATING_VERBS and t.pos_ == "VERB":
            return True
        if t is not trigger and t.lower_ in BANNED_WORDS and t.dep_ == "acomp":
            return True   # "South Koreans remain barred from travelling to the North"
        if t.pos_ == "VERB" and t is not trigger:
            break_on = t.dep_ not in ("xcomp", "conj", "ccomp")
            if break_on:
                break
        if t.dep_ == "advcl" and any(c.lower_ in CONDITION_MARKS and c.dep_ == "mark" for c in t.children):
            return True   # "would send troops if Russia supplied fighter jets": a condition, no event
        if t.dep_ == "advcl" and any(c.lower_ in ("when", "while", "as", "after", "since", "because", "although",
                                                  "though", "once", "before", "until") and c.dep_ in ("mark", "advmod")
                                     for c in t.children):
            # "refused to meet him when he visited Cuba": the visit itself is not refused
            break
    for t in chain[1:]:
        # "had no plans to visit"; "the planned visit was cancelled" (a cancelled plan is no event)
        if t.pos_ == "NOUN" and any(c.lower_ == "no" and c.dep_ == "det" for c in t.children):
            return True
        if t.pos_ == "VERB" and t.lemma_.lower() in URGE_VERBS and trigger.dep_ in ("xcomp", "ccomp") and t.i == trigger.head.i:
            return True
        if t.pos_ == "VERB" and t.lemma_.lower() in DISCUSS_VERBS and t.i == trigger.head.i \
                and trigger.dep_ in ("xcomp", "ccomp", "dobj", "pcomp"):
            return True   # "debated sending arms to Ukraine": talk, no event
        if t.pos_ == "VERB" and t.lemma_.lower() in CANCEL_VERBS and (
                t.lemma_.lower() != "call" or any(c.lower_ == "off" for c in t.children)):
            return True
    if trigger.pos_ == "NOUN":
        # "a planned visit ..., pencilled in for spring, was called off" (the small model
        # hangs the cancelled verb apart): a passive cancel verb with no subject of its own
        for t in trigger.doc[trigger.i + 1:]:
            if t.pos_ == "VERB" and t.lemma_.lower() in CANCEL_VERBS and any(c.dep_ == "auxpass" for c in t.children) \
                    and not any(c.dep_ in ("nsubjpass", "nsubj") for c in t.children) \
                    and (t.lemma_.lower() != "call" or any(c.lower_ == "off" for c in t.children)):
                return True
    # "no agreements were signed", "no visit"
    for c in trigger.children:
        if c.dep_ in ("nsubjpass", "dobj", "nsubj") and any(d.lower_ in ("no", "never") and d.dep_ == "det"
                                                         for d in c.children):
            return True
        if c.lower_ in ("never",):
            return True
    if trigger.pos_ == "NOUN" and any(c.lower_ == "no" and c.dep_ == "det" for c in trigger.children):
        return True
    if trigger.dep_ in ("acl", "relcl") and trigger.head.lower_ in REQUEST_NOUNS:
        return True
    auxes = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    if trigger.tag_ == "VBN" and auxes & COUNTERFACTUAL_MODALS and "have" in auxes:
        return True
    return False


#: who makes a claim: "US officials say", "Iranian media reported", "intelligence suggests"
CLAIM_SOURCES = {"official", "officials", "intelligence", "media", "report", "reports", "source", "sources",
                 "analyst", "analysts", "agency", "outlet", "outlets", "newspaper", "monitor", "monitors",
                 "image", "images", "imagery", "diplomat", "diplomats", "expert", "experts", "investigator",
                 "investigators", "researcher", "researchers", "governments", "prosecutors", "lawmakers",
                 "panel", "estimates", "attache", "attaches", "attaché", "attachés"}
CLAIM_VERBS = {"say", "report", "tell", "claim", "suggest", "indicate", "show", "allege", "assert", "estimate"}
#: a package announced or approved is still to be sent
ANNOUNCED_NOUNS = {"package", "tranche", "aid", "sale", "sales"}
ANNOUNCE_VERBS = {"announce", "unveil", "approve", "authorize", "authorise", "pledge", "clear"}


def yet_to(trigger: Token) -> bool:
    """"has yet to make the trip", "is yet to visit": the event has not happened yet."""
    verb = trigger.head if trigger.dep_ == "dobj" and trigger.head.dep_ == "xcomp" else trigger
    t = verb.head
    return verb.dep_ == "xcomp" and t.lemma_.lower() in ("have", "be") and any(
        c.dep_ == "advmod" and c.lower_ == "yet" for c in t.children)


def _claimed_by_third_party(chain: list[Token]) -> bool:
    """The event is the content of a claim by officials, media, intelligence, reports."""
    tops = chain[1:4] + [c for t in chain[-1:] for c in t.children if c.dep_ == "parataxis"]
    for t in tops:
        if t.pos_ == "VERB" and t.lemma_.lower() in CLAIM_VERBS:
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass") and any(w.lower_ in CLAIM_SOURCES for w in c.subtree):
                    return True
    return False


def modality(trigger: Token, sentence_text: str, event_type: str | None = None) -> str:
    chain = _chain(trigger)
    lemmas = [t.lemma_.lower() for t in chain]
    if trigger.dep_ in ("relcl", "acl") and trigger.head.lemma_.lower() == "time" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return "planned"   # "It is time for Seoul to arm Ukraine": urged, still to come
    # ("will complete deliveries of ...": the modal sits on the verb whose object the trigger is)
    governing = [trigger] + ([trigger.head] if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubjpass") else [])
    if event_type == "arms_transfer" and not any(c.dep_ == "aux" and c.tag_ == "MD" for t in governing for c in t.children):
        # transfers are mostly secret: one that officials, media or intelligence say
        # happened is alleged (a visit reported by officials is plain news)
        # ("Britain pledged to send 14 tanks, a move officials said ...": a pledge is a plan)
        if _claimed_by_third_party(chain) and not any(t.lemma_.lower() in PLAN_VERBS for t in chain[1:3]):
            return "alleged"
        if trigger.lemma_.lower() in ANNOUNCED_NOUNS and trigger.head.lemma_.lower() in ANNOUNCE_VERBS \
                and trigger.dep_ in ("dobj", "nsubjpass"):
            return "planned"
    for k, t in enumerate(chain[1:4], start=1):
        if t.lemma_.lower() in DENY_VERBS:
            return "denied"
        if t.lemma_.lower() in ("reject", "rebut") and chain[k - 1].lemma_.lower() in REPORT_NOUNS:
            return "denied"   # "rejected claims that it had shipped shells" (not "rejected sending")
        if t.lemma_.lower() in CANCEL_VERBS and (t.lemma_.lower() != "call" or any(
                c.lower_ == "off" for c in t.children)):
            return "denied"
    for t in chain[1:4]:
        lemma = t.lemma_.lower()
        if lemma in PLAN_VERBS and t.pos_ in ("VERB", "ADJ"):
            break   # "reported that Assad intended to visit": a plan, whoever reports it
        if lemma in ALLEGE_VERBS - {"say"} and t.pos_ == "VERB":
            if lemma == "believe" and not any(c.dep_ == "auxpass" for c in t.children):
                continue
            # "the agency reported that X signed" is a claim; "X signed ..., the agency reported" is news
            if lemma == "report" and t.i > trigger.i:
                continue
            return "alleged"
    if yet_to(trigger):
        return "planned"   # "has yet to make the trip he promised": still to come
    # headline style "Modi to visit UAE in January": an infinitive with no verb above it
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and (
            trigger.dep_ == "ROOT" or (trigger.dep_ in ("acl", "relcl", "advcl", "xcomp") and trigger.head.is_title
                                       and trigger.head.dep_ == "ROOT" and trigger.head.i < trigger.i
                                       and not any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.head.children))):
        return "planned"
    # "X is due / expected in Managua on Tuesday"
    if trigger.lemma_.lower() == "be" and (any(c.dep_ == "acomp" and c.lower_ in ("due", "expected")
                                               for c in trigger.children)
                                           or trigger.dep_ == "auxpass" and trigger.head.lower_ in ("due", "expected")):
        return "planned"
    # "X is expected at the summit in Samarkand on 11 November"
    if trigger.dep_ == "pobj" and trigger.head.dep_ == "prep" and trigger.head.head.lower_ in ("due", "expected"):
        return "planned"
    # planned: modal auxiliaries on the trigger or on the verbs it is the complement of
    prev = None
    for n, t in enumerate(chain[:4]):
        linked = t is trigger or (prev is not None and prev.dep_ in ("xcomp", "ccomp", "conj", "dobj", "nsubjpass", "acl")
                                  and (prev is not trigger or trigger.pos_ in ("VERB", "AUX") or prev.dep_ == "dobj"))
        # ("the navy will help build ..., and in March the two governments concluded a deal": a
        # coordinated clause with a subject of its own does not share the modal)
        if prev is not None and prev.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in prev.children):
            linked = False
        # "plans to sign an accord when Xi visits": a present-tense time clause shares the
        # time of the clause it depends on
        linked = linked or (prev is trigger and prev.dep_ == "advcl" and trigger.tag_ in ("VBZ", "VBP", "NNS")
                            and any(c.lower_ in ("when", "once", "after", "before", "while")
                                    and c.dep_ in ("advmod", "mark") for c in trigger.children))
        # "is due to fly to Hanoi for a state visit": the purpose phrase shares its verb's time
        linked = linked or (prev is not None and (
            (prev.dep_ == "pobj" and prev.head.lower_ in ("for", "on") and prev is trigger) or
            (prev.dep_ == "prep" and prev.lower_ in ("for", "on") and trigger.head.i == prev.i)))
        if not linked:
            break
        if t.pos_ in ("VERB", "AUX") or t is trigger:
            for c in t.children:
                if c.dep_ == "aux" and (c.lower_ in MODALS or c.tag_ == "MD"):
                    return "planned"
                if c.dep_ == "aux" and c.lower_ == "to" and t.head.lemma_.lower() in ("be",) and t.dep_ == "xcomp":
                    return "planned"
        if t is not trigger and t.lemma_.lower() in PLAN_VERBS:
            return "planned"
        if t is not trigger and t.lemma_.lower() in PLAN_NOUN_HEADS:
            return "planned"
        prev = t
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ in PLAN_ADJ for c in trigger.children if c.dep_ in ("amod", "compound")):
            return "planned"
        verb = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        if trigger.dep_ in ("nsubj", "pobj") and verb.lemma_.lower() == "be" and (
                # "a visit by Kim to Russia is on the agenda"
                any(c.dep_ == "prep" and c.lower_ == "on" and any(p.lower_ in ("agenda", "cards") for p in c.children)
                    for c in verb.children)
                # "preparations were under way for a visit by Kim"
                or any(c.dep_ == "nsubj" and c.lemma_.lower() in PLAN_NOUN_HEADS | {"preparations"}
                       for c in verb.children)):
            return "planned"
        h = trigger.head
        if h.dep_ == "prep" and h.head.lower_ in PLAN_NOUN_HEADS:
            return "planned"
        if h.lower_ in ("before", "ahead") or (h.dep_ == "prep" and h.lower_ == "of" and h.head.lower_ in ("eve", "ahead")):
            return "planned"
    if trigger.head.lower_ in ("before", "ahead") or any(
            c.dep_ == "mark" and c.lower_ == "before" for c in trigger.children):
        if trigger.tag_ != "VBD":
            return "planned"   # ("a month before Kim met Putin": a past verb, it happened)
    if "be going to" in " ".join(lemmas):
        return "planned"
    if trigger.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in ("when", "once")
                                             for c in trigger.children) \
            and any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "would", "shall") for c in trigger.head.children):
        # "will sign the treaty when Pezeshkian visits Moscow"
        return "planned"
    if any(not _in_other_clause(m.start(), trigger) for m in ALLEGE_CUES.finditer(sentence_text)):
        return "alleged"
    return "asserted"


def _in_other_clause(char: int, trigger: Token) -> bool:
    """Is the character ``char`` of the sentence inside a "when" or "where" clause (adverbial
    or relative) that does not hold the trigger ("He was last in Peking in 1959, when his talks
    with Mao were said to have been cool": the talks, not the visit, are hearsay)?"""
    doc = trigger.doc
    tok = next((t for t in doc if t.idx <= char < t.idx + len(t.text) + 1), None)
    t = tok
    while t is not None and t.head.i != t.i:
        if t.dep_ in ("advcl", "relcl") and any(c.lower_ in ("when", "where") for c in t.children) \
                and trigger not in t.subtree:
            return True
        t = t.head
    return False
