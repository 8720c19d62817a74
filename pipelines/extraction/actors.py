"""Resolve token spans to actor codes: states, organisations, capitals, places, people.

Mentions are found with a PhraseMatcher over token text (case-sensitive, so "US" is
not "us"), built from the gazetteer. Roles are then read off the dependency parse:
``phrase_actors`` walks a noun phrase (compounds, adjectives, possessives, appositions,
"of" phrases) and returns the actor codes it names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipelines.extraction import gazetteer
from pipelines.extraction.nlp import doc_text

KIND_RANK = {"person": 0, "state": 1, "org": 1, "demonym": 2, "capital": 3, "place": 4, "person_short": 0,
             "company": 5, "city": 6}
#: kinds that name a location below the state: a capital, a curated place, a GeoNames city
NAMED_PLACE_KINDS = ("capital", "place", "city")
PLACE_KINDS = {"state", *NAMED_PLACE_KINDS}
# dependency labels that stay inside one noun phrase
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "det", "flat", "nummod", "case",
           "npadvmod", "quantmod", "punct", "cc", "dep"}
HISTORICAL_SUCCESSOR = {"RUS": "SUN"}


def one_state_codes(codes) -> set[str]:
    """The codes with Russia and the Soviet Union counted as one state."""
    return {HISTORICAL_SUCCESSOR.get(c, c) for c in codes}


DATE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
#: modifiers that make a team or delegation non-governmental
NON_STATE_MODIFIERS = {"football", "soccer", "basketball", "hockey", "cricket", "rugby", "volleyball",
                       "tennis", "sports", "olympic", "chess", "youth", "student", "business", "tourist",
                       "fan", "fans", "church", "trade", "film", "music", "dance", "school", "university"}

#: people who travel for no state ("a delegation of Iranian steel traders")
NON_STATE_PEOPLE = {"trader", "businessman", "businessmen", "businesspeople", "executive", "entrepreneur",
                    "investor", "tourist", "student", "athlete", "wrestler", "player", "artist", "scholar",
                    "pilgrim", "worker", "journalist", "academic", "scientist", "farmer", "exporter"}

#: quantities of people ("thousands of Russians", "many Iranians")
MANY_WORDS = {"many", "thousands", "hundreds", "millions", "million", "thousand", "hundred", "some", "several",
              "few", "more", "most", "numerous", "countless"}
#: a person so qualified acts for no state any more
FORMER_WORDS = {"former", "ex", "ex-", "erstwhile", "retired", "late"}
#: nor does one so qualified ("exiled opposition leader X", "former President Y")
NOT_OFFICIAL_WORDS = FORMER_WORDS | {"opposition", "rebel", "dissident", "activist", "exiled", "jailed"}


@dataclass(frozen=True)
class Mention:
    start: int        # token index in the doc
    end: int
    code: str
    kind: str
    canonical: str
    text: str


class ActorMatcher:
    """Finds gazetteer mentions in a Doc (tokenizer output is enough)."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.by_key: dict[str, list[gazetteer.Alias]] = {}
        groups: dict[str, list[gazetteer.Alias]] = {}
        for a in gazetteer.aliases():
            groups.setdefault(a.text, []).append(a)
        texts = list(groups)
        for text, doc in zip(texts, nlp.tokenizer.pipe(texts)):
            key = "ALIAS::" + text
            self.by_key[key] = groups[text]
            self.matcher.add(key, [doc])
        self.vocab = nlp.vocab

    def find(self, doc: Doc, people_in_article: set[str] | None = None) -> list[Mention]:
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = self.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=key))
        out = []
        org_words = gazetteer.organisation_words()
        ships = gazetteer.ship_prefixes()
        for span in filter_spans(spans):
            if after_ship_prefix(doc, span.start, ships):
                continue   # "the ENS Anwar El Sadat", "the USS Ronald Reagan": a ship's name
            if span.start > 0 and doc[span.start - 1].text in CONTINENT_WORDS and span.text.startswith("American"):
                continue   # "the Latin American leaders", "South American states": no US
            after = doc[span.end: span.end + 2]
            cands = self.by_key[span.label_]
            if any(t.is_title and t.lower_ in org_words for t in after[:1]) or (
                    len(after) == 2 and after[0].is_title and after[1].is_title and after[1].lower_ in org_words):
                # "Korea Aerospace Industries", "Turkish Airlines": a company, not the state; it
                # may still stand for its state as an arms supplier (state-owned makers)
                code = min(cands, key=lambda a: KIND_RANK[a.kind]).code
                out.append(Mention(span.start, span.end, code, "company", span.text, span.text))
                continue
            full = [a for a in cands if a.kind != "person_short"]
            if full:
                a = min(full, key=lambda a: KIND_RANK[a.kind])
            else:
                known = [a for a in cands if people_in_article and a.canonical in people_in_article]
                if len({a.code for a in known}) != 1:
                    continue
                a = known[0]
            out.append(Mention(span.start, span.end, a.code, a.kind, a.canonical, span.text))
        return out


#: words that make "American" a continent's, not the United States' ("Latin American")
CONTINENT_WORDS = frozenset({"Latin", "South", "Central", "North", "Pan", "Pan-"})


#: a warship's hull number before its name ("HQ-182", "FFG-62", "DDG-51")
HULL_NUMBER = re.compile(r"^(?:HQ|FFG|DDG|LHD|LPD|FF|PS|BRP|DD)-\d{1,4}$")


def after_ship_prefix(doc: Doc, start: int, ships: frozenset[str]) -> bool:
    """Is the token at ``start`` part of a name that follows a warship's prefix ("ENS Anwar El
    Sadat": each of its words) or hull number ("the HQ-182 Hanoi")?"""
    j = start - 1
    while j >= 0 and start - j <= 4:
        # (or a hull number: "the HQ-182 Hanoi")
        if doc[j].text in ships or (j == start - 1 and HULL_NUMBER.match(doc[j].text)):
            return True
        if not (doc[j].is_title or doc[j].text in ("El", "al", "el", "de", "bin")):
            return False
        j -= 1
    return False


class MentionIndex:
    """Mentions of one parsed sentence, indexed by token."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = mentions
        self._orgs: set[int] | None = None
        self.at: dict[int, Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.at[i] = m

    def _org_tokens(self) -> set[int]:
        """Tokens of organisation names (computed once per sentence)."""
        if self._orgs is not None:
            return self._orgs
        org_tokens = {i for e in self.doc.ents if e.label_ in ("ORG", "FAC", "EVENT", "WORK_OF_ART")
                      for i in range(e.start, e.end)}
        if not self.doc.has_annotation("ENT_IOB"):
            # no NER: a proper noun right beside a place name makes it part of a longer name
            # ("Stockholm International Peace Research Institute", "the Moscow Times")
            titles = gazetteer.titles()
            org_tokens = {t.i for t in self.doc if t.pos_ == "PROPN" and t.i not in self.at and t.is_title
                          and t.lower_ not in titles and t.lower_ not in DATE_WORDS}
        self._orgs = org_tokens
        return org_tokens

    def states(self, kinds=None) -> list[str]:
        """Codes named in the sentence; a capital inside an organisation's name
        ("Stockholm International Peace Research Institute") is not a state."""
        seen = []
        org_tokens = self._org_tokens()
        for m in self.mentions:
            if m.kind in NAMED_PLACE_KINDS and (m.end in org_tokens or m.start - 1 in org_tokens):
                continue
            if (kinds is None or m.kind in kinds) and m.code not in seen:
                seen.append(m.code)
        return seen


def np_tokens(token: Token, follow_conj: bool = False) -> list[Token]:
    """Tokens of the noun phrase headed by ``token`` (no relative clauses, no verbs)."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            # (coordinated modifiers are one phrase: "the Mongolian and Japanese governments";
            # "American, North Korean and Chinese commanders", a list of them)
            if c.dep_ in NP_DEPS or (c.dep_ == "conj" and (follow_conj or t.dep_ in ("amod", "compound", "nmod") or (
                    t.dep_ == "conj" and t.pos_ in ("ADJ", "PROPN") and c.pos_ in ("ADJ", "PROPN")
                    and t.head.dep_ in ("amod", "compound", "nmod", "conj")))):
                stack.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("of", "between", "from"):
                stack.extend(c.children)
            elif c.dep_ == "pobj":
                stack.append(c)
    return out


def conjuncts(token: Token) -> list[Token]:
    """The token and the heads it is coordinated with ("Russia and North Korea")."""
    out = [token]
    for c in token.conjuncts:
        if c not in out:
            out.append(c)
    # a misparse of "Kishida and South Korean President Yoon Suk Yeol": the first name hangs
    # as a modifier (with the "and") off the last one
    for c in token.lefts:
        if c.dep_ in ("nmod", "compound") and c.pos_ == "PROPN" and any(x.dep_ == "cc" for x in c.children) \
                and c not in out:
            out.append(c)
    # a list "Mali, Burkina Faso and Niger" misparsed with the second name as an apposition
    # of the first and the last as its conjunct (a plain apposition, "its ally, Turkey", has
    # no "and" of its own)
    for c in token.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN" and any(x.dep_ == "cc" for x in c.children) \
                and c.conjuncts and c not in out:
            out += [c] + [x for x in c.conjuncts if x not in out]
    return sorted(out, key=lambda t: t.i)


def phrase_actors(token: Token, idx: MentionIndex, kinds=None) -> list[Mention]:
    """Actor mentions inside the noun phrase headed by ``token``, best first."""
    found = []
    for t in np_tokens(token):
        m = idx.at.get(t.i)
        if m and m not in found and (kinds is None or m.kind in kinds):
            found.append(m)
    # the head's own mention first, then the phrase's own words before an apposition's ("to
    # the Philippine Air Force, the first transfer ... from Japan": Philippine), then the
    # gazetteer person, then by kind and distance
    # (an apposition that is the name itself stays first: "its NATO ally Turkey")
    in_appos = {t.i for c in token.children if c.dep_ == "appos" for t in c.subtree
                if not (t.i == c.i or (t.head.i == c.i and t.dep_ in ("compound", "flat")))}
    found.sort(key=lambda m: (not (m.start <= token.i < m.end), m.start in in_appos, KIND_RANK[m.kind],
                              abs(m.start - token.i)))
    # "Afghan-born U.S. envoy": an adjective of origin is no allegiance
    # ("the Eritrean-based OLF": a base is no allegiance either)
    # ("the UN-recognised government", "Turkish-backed fighters": the one backing is no actor)
    doc = idx.doc
    return [m for m in found if not (doc[m.start].head.lower_ in ("born", "-born", "based", "-based")
                                     and doc[m.start].head.i != token.i)
            and not (m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end + 1].lower_ in BACKING_WORDS
                     and m.end + 1 != token.i)]


#: "UN-recognised", "Turkish-backed": the state or body named before them backs the actor
BACKING_WORDS = {"recognised", "recognized", "backed", "sponsored", "supported", "funded", "trained", "allied",
                 "aligned", "installed", "appointed", "brokered", "mediated"}


#: numbers that say how many members a group reference names ("the five Central Asian presidents")
GROUP_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def group_members(token: Token) -> tuple[str, ...]:
    """The member states of a regional group the phrase headed by ``token`` names its
    leaders or states by ("the five Central Asian presidents", "Baltic prime ministers",
    "the GCC states", "the two Koreas"), when any number it gives is the group's size; else ()."""
    if token.tag_ not in ("NNS", "NNPS"):
        return ()
    # ("the prime ministers of the two Koreas": the group the "of" names)
    of_group = next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj" and p.tag_ in ("NNS", "NNPS")), None)
    if of_group is not None:
        members = group_members(of_group)
        if members:
            return members
    words = sorted(np_tokens(token), key=lambda t: t.i)
    # (the group may be the noun itself: "the two Koreas")
    text = " " + " ".join(t.text for t in words if t.i <= token.i) + " "
    for alias, members in gazetteer.groups():
        if f" {alias} " in text:
            count = next((GROUP_NUMBERS.get(t.lower_) or (int(t.text) if t.text.isdigit() else None)
                          for t in words if t.dep_ == "nummod" and t.head.i == token.i), None)
            return members if count in (None, len(members)) else ()
    return ()


def participant_codes(token: Token, idx: MentionIndex, kinds=None,
                      coordinated: bool = True) -> list[tuple[str, Token, Mention]]:
    """One actor code per coordinated participant of the phrase headed by ``token`` (one per
    member state of a regional group: ``group_members``); only ``token``'s own when not
    ``coordinated`` (the person a "he" stands for, without those listed with them)."""
    out = []
    for t in (conjuncts(token) if coordinated else [token]):
        ms = phrase_actors(t, idx, kinds)
        if not ms:
            out.extend((code, t, None) for code in group_members(t) if code not in [o[0] for o in out])
            continue
        # coordinated modifiers are one participant each ("his Tanzanian and Zambian counterparts")
        doc = idx.doc
        linked = {c.i for k in range(ms[0].start, ms[0].end) for c in doc[k].conjuncts}
        for m in [ms[0]] + [m for m in ms[1:] if linked & set(range(m.start, m.end))]:
            if m.code not in [o[0] for o in out]:
                out.append((m.code, t, m))
    return out


#: nouns that make a phrase a company, not an actor for a state ("the national flag carrier")
NON_STATE_HEADS = frozenset({"carrier", "airline", "airlines", "company", "firm", "maker", "manufacturer",
                             "operator", "exporter", "conglomerate", "contractor", "shipper"})


def is_official(token: Token, idx: MentionIndex) -> bool:
    """Can the phrase headed by ``token`` act for a state (not tourists, troops or firms)?"""
    if token.lemma_.lower() == "ambassador":
        return False  # resident, not visiting
    if any(c.lower_ in NON_STATE_MODIFIERS for c in token.children if c.dep_ in ("compound", "amod", "nmod")):
        return False  # "the national football team", "a business delegation"
    members = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
    if any(x.lower_ in NON_STATE_MODIFIERS for p in members for x in p.children if x.dep_ in ("compound", "amod", "nmod")):
        return False  # "a delegation of Saudi business leaders"
    if any(p.lemma_.lower() in NON_STATE_PEOPLE for p in members):
        return False  # "a delegation of Iranian steel traders"
    m = idx.at.get(token.i)
    if m is not None and m.kind == "demonym" and token.tag_ in ("NNS", "NNPS") and any(
            c.dep_ in ("nummod", "quantmod", "amod") and (c.like_num or c.lower_ in MANY_WORDS) for c in token.children):
        return False  # "nearly 2.5 million Iranians visited Turkey": people, not the state
    if any(t.lower_ in NOT_OFFICIAL_WORDS for t in token.subtree if t.i <= token.i and t.dep_ in ("amod", "compound")):
        return False  # "former US President Barack Obama", "exiled opposition leader X" act for no state
    if token.lemma_.lower() in ("team", "squad", "side") and any(
            t.lower_ in ("national", "women", "men", "junior", "olympic") for t in token.subtree if t.i < token.i):
        return False  # "North Korea's women's national team" is a sports team
    if token.lemma_.lower() in NON_STATE_HEADS or any(
            c.dep_ == "appos" and c.lemma_.lower() in NON_STATE_HEADS for c in token.children):
        return False  # "Air Koryo, the North Korean flag carrier": a company, not the state
    if any(c.dep_ == "appos" and (c.i in idx.at or c.pos_ == "PROPN") for c in token.children):
        return True   # "his father, Kim Jong Il"
    if token.i in idx.at:
        return True
    if token.pos_ in ("PROPN",) or token.ent_type_ in ("PERSON", "NORP", "GPE", "ORG"):
        return True
    titles = gazetteer.titles()
    lemma = token.lemma_.lower()
    if lemma in titles or token.lower_ in titles:
        return True
    return False


#: words of institutions and documents, never of a person's name
NOT_NAME_WORDS = {"treaty", "friendship", "alliance", "ministry", "council", "department", "office", "house",
                  "palace", "kremlin", "agency", "institute", "university", "party", "army", "navy", "force",
                  "forces", "union", "organization", "organisation", "bank", "group", "company", "corporation",
                  "news", "times", "post", "summit", "conference", "assembly", "parliament", "congress", "senate",
                  "court", "committee", "commission", "memorandum", "pact", "accord", "agreement", "convention",
                  "declaration", "charter", "security", "defence", "defense", "affairs", "foreign", "state",
                  "states", "republic", "kingdom", "day", "parade", "games", "cup", "airport", "station",
                  "square", "hall", "centre", "center", "cosmodrome", "base", "port", "bay", "sea", "ocean",
                  "river", "island", "islands", "mountain", "street", "road", "hotel", "cooperation",
                  "partnership", "strategic", "mutual", "assistance", "nuclear", "war", "cold", "peace",
                  "national", "international", "federal", "general", "central", "media", "press"}


def looks_like_name(token: Token, idx: "MentionIndex") -> bool:
    """Without NER: a run of two or more proper nouns ("Guido Crosetto") with no
    institution word in it, naming nothing in the gazetteer."""
    run = [c for c in token.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"] + [token]
    if len(run) < 2 or any(t.i in idx.at for t in run):
        return False
    titles = gazetteer.titles()
    words = [t.lower_ for t in run if t.lower_ not in titles]
    return len(words) >= 2 and all(t.is_title and w not in NOT_NAME_WORDS and w not in DATE_WORDS
                                   for t, w in zip([t for t in run if t.lower_ not in titles], words))


def is_person(token: Token, idx: MentionIndex) -> bool:
    """Does the phrase headed by ``token`` name a person (a known person, a PERSON entity, a leader's title)?"""
    m = idx.at.get(token.i)
    if m is not None:
        return m.kind in ("person", "person_short")
    if token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and not token.doc.has_annotation("ENT_IOB")
                                       and looks_like_name(token, idx)):
        return True
    kind = gazetteer.titles().get(token.lemma_.lower()) or gazetteer.titles().get(token.lower_)
    if kind in ("head", "official") and token.lemma_.lower() not in ("delegation", "team", "government"):
        return True
    # "the commission's Russian chair, Alexander Kozlov": a role named by the person beside it
    return token.pos_ == "NOUN" and token.lemma_.lower() not in ("delegation", "team", "government") and any(
        c.dep_ == "appos" and c.pos_ == "PROPN" and is_person(c, idx) for c in token.children)


#: parts of a state that a state adjective places ("the South Korean island of Jeju")
STATE_PART_NOUNS = {"capital", "island", "region", "province", "port", "city", "town", "territory", "coast",
                    "peninsula", "resort"}


#: what a place may own that is a place too ("Moscow's Vnukovo airport", "the Kremlin's
#: Grand Hall", "Pyongyang's main square")
POSSESSED_PLACES = {"airport", "palace", "hall", "house", "base", "square", "centre", "center", "cosmodrome",
                    "university", "stadium", "island", "residence", "station", "port", "harbour", "harbor",
                    "museum", "cathedral", "mausoleum", "park", "hotel", "building", "complex", "airfield",
                    "office", "headquarters", "compound", "grounds", "garden", "gardens", "embassy", "mission",
                    "shipyard", "factory", "plant", "region", "province", "border", "coast", "suburb", "suburbs",
                    "outskirts", "streets", "street", "district", "quarter", "parliament", "chamber", "room",
                    "guesthouse", "villa", "resort", "city", "capital", "downtown", "memorial", "cemetery",
                    "monument", "tomb", "rostrum", "stand", "stands", "venue"}


def place_of(token: Token, idx: MentionIndex) -> tuple[str, str | None] | None:
    """The state a place phrase lies in, and the place name to report as location."""
    toks = np_tokens(token)
    # "the Turkish capital (of Ankara)", "the Belarusian capital, Minsk"
    if token.lemma_.lower() in ("capital", "city") or token.i not in idx.at:
        # (a place that only owns something other than a place is none: "in the Kremlin's good
        # books")
        named = [idx.at[t.i] for t in toks if t.i in idx.at and idx.at[t.i].kind in NAMED_PLACE_KINDS
                 and not (token.doc[idx.at[t.i].end - 1].dep_ == "poss" and token.pos_ == "NOUN"
                          and token.lemma_.lower() not in POSSESSED_PLACES)]
        if named:
            m = min(named, key=lambda m: abs(m.start - token.i))
            return m.code, m.canonical
        if token.lemma_.lower() in STATE_PART_NOUNS:
            # "the Turkish capital", "the South Korean island of Jeju": the state named on it
            adj = [idx.at[t.i] for t in toks if t.i in idx.at and idx.at[t.i].kind in ("demonym", "state")]
            if adj:
                of = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj" and p.pos_ == "PROPN"]
                return adj[0].code, (of[0].text if of and token.lemma_.lower() != "capital" else None)
    m = idx.at.get(token.i)
    if m is not None and m.kind in PLACE_KINDS:
        return m.code, (m.canonical if m.kind in NAMED_PLACE_KINDS else None)
    # "Russia's Vostochny Cosmodrome": a named place possessed by a state
    if token.pos_ == "PROPN":
        poss = [idx.at[t.i] for t in toks if t.i in idx.at and idx.at[t.i].kind == "state"]
        if poss:
            span = token.doc[min(t.i for t in token.lefts if t.dep_ == "compound") if any(
                t.dep_ == "compound" for t in token.lefts) else token.i: token.i + 1]
            return poss[0].code, span.text
    return None


def covered(mentions: list[Mention]) -> set[int]:
    """Token indices that the mentions cover."""
    return {i for m in mentions for i in range(m.start, m.end)}


def _title_and_name(doc: Doc, j: int, taken: set[int], official: set[str], title_words: set[str]) -> list[str]:
    """The name after a title that starts at token ``j`` ("Defence Minister Yassin Ibrahim",
    "deputy foreign minister, Batmunkh Battsetseg"): its token texts, or [] when the words
    from ``j`` are no official's title followed by a name."""
    has_title = False
    while j < len(doc) and doc[j].lower_ in title_words and j not in taken:
        has_title = has_title or doc[j].lower_ in official
        j += 1
    if not has_title:
        return []
    if j < len(doc) and doc[j].text == ",":
        j += 1
    run, _ = _name_run(doc, j, taken, NOT_NAME_WORDS | DATE_WORDS | title_words)
    return run if run and len(run[-1]) >= 3 else []


def _name_run(doc: Doc, j: int, taken: set[int], not_name: set[str]) -> tuple[list[str], int]:
    """The capitalised words of a name from token ``j`` (at most four, none taken by a
    mention, a stop word or one of ``not_name``), and the index after them."""
    run = []
    while (j < len(doc) and len(run) < 4 and j not in taken and doc[j].is_title and doc[j].is_alpha
           and not doc[j].is_stop and doc[j].lower_ not in not_name):
        run.append(doc[j].text)
        j += 1
    return run, j


#: words that end the name of a body, not of a person ("Russia's Pacific Fleet")
BODY_WORDS = {"fleet", "corps", "guard", "guards", "police", "service", "services", "airlines", "railways",
              "exchange", "school", "academy", "museum", "brigade", "division", "regiment", "command",
              "front", "movement", "initiative", "programme", "program", "project", "plan", "act", "law",
              "constitution", "road", "belt", "way", "vision", "strategy", "doctrine", "fund", "index"}


def _possessed_name(doc: Doc, j: int, taken: set[int], title_words: set[str]) -> list[str]:
    """"Peru's Alberto Fujimori": a name of two or three words right after a state's "'s",
    with no title, ending before a lower-case word or punctuation (a longer capitalised run
    is a body's name)."""
    run, j = _name_run(doc, j, taken, NOT_NAME_WORDS | DATE_WORDS | title_words | BODY_WORDS)
    if not 2 <= len(run) <= 3 or len(run[-1]) < 3:
        return []
    if j < len(doc) and (doc[j].is_title or doc[j].lower_ in ("'s", "’s")) and not doc[j].is_stop:
        return []
    return run


def _name_before(doc: Doc, end: int, taken: set[int], title_words: set[str]) -> tuple[int, list[str]]:
    """The capitalised words (at most three) of a name that ends right before ``end``
    ("Oscar Arias" before "of Costa Rica"), and the index of the token before them."""
    k = end - 1
    while k >= 0 and k not in taken and doc[k].is_title and doc[k].is_alpha and not doc[k].is_stop \
            and doc[k].lower_ not in NOT_NAME_WORDS | DATE_WORDS | title_words | BODY_WORDS \
            and end - k <= 3:
        k -= 1
    return k, [t.text for t in doc[k + 1: end]]


def introduced_people(doc: Doc, mentions: list[Mention], home: str | None = None) -> dict[tuple[str, ...], tuple[str, str]]:
    """People the gazetteer does not know, introduced with their state and title
    ("Bolivian President Luis Arce", "Mongolia's deputy foreign minister, Batmunkh
    Battsetseg", "Oscar Arias of Costa Rica", "Oleksandr Hnatiuk, Minister of Defence of
    Ukraine"), so that later mentions of the name alone
    ("Arce flew to Minsk") resolve to that state for the rest of the article. With ``home`` (the state the article is
    about), an official introduced by title alone ("Defence Minister Yassin Ibrahim was in
    Ankara") is of that state, as a report's own officials go without their state. Returns
    the token texts of the full name, of the surname and of the first name -> (state code,
    full name); a name introduced for two states is dropped."""
    titles = gazetteer.titles()
    official = {w for t, k in titles.items() if k in ("head", "official") for w in t.split()}
    title_words = official | gazetteer.title_modifiers()
    taken = covered(mentions)
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    clash: set[tuple[str, ...]] = set()

    def add(code: str, run: list[str]) -> None:
        value = (code, " ".join(run))
        # (the first name too: "Chansamone is expected to fly to Minsk", as Lao, Thai and
        # Indonesian officials are called; and the family name of "Choe Son Hui")
        for key in {tuple(run), (run[-1],), (run[0],)}:
            if found.get(key, value)[0] != value[0]:
                clash.add(key)
            found.setdefault(key, value)

    for m in mentions:
        if m.kind not in ("state", "demonym") or any(
                doc[k].lower_ in NOT_OFFICIAL_WORDS for k in range(max(0, m.start - 2), m.start)):
            continue
        j = m.end
        if j < len(doc) and doc[j].lower_ in ("'s", "’s"):
            j += 1
        run = _title_and_name(doc, j, taken, official, title_words)
        if not run and j > m.end:
            run = _possessed_name(doc, j, taken, title_words)
        if run:
            add(m.code, run)
        elif m.kind == "state" and m.start >= 3 and doc[m.start - 1].lower_ == "of":
            # "Oscar Arias of Costa Rica", "President Vinicio Cerezo of Guatemala": a name of two
            # or three words (after a title or none) right before "of" and the state
            k, run = _name_before(doc, m.start - 1, taken, title_words)
            opens = k < 0 or not doc[k].is_title or doc[k].lower_ in title_words or doc[k].is_punct
            if 2 <= len(run) <= 3 and len(run[-1]) >= 3 and opens:
                add(m.code, run)
            else:
                # "Oleksandr Hnatiuk, Minister of Defence of Ukraine": a name, a comma, and a
                # title of the state
                k = m.start - 2
                while k >= 0 and (doc[k].lower_ in title_words or doc[k].lower_ in ("of", "the", "and", "republic")) \
                        and m.start - k <= 8:
                    k -= 1
                if 2 <= k < m.start - 2 and doc[k].text == "," and any(doc[x].lower_ in official for x in range(k + 1, m.start)):
                    k, run = _name_before(doc, k, taken, title_words)
                    opens = k < 0 or not doc[k].is_title or doc[k].is_punct
                    if 2 <= len(run) <= 3 and len(run[-1]) >= 3 and opens:
                        add(m.code, run)
    if home is not None:
        for t in doc:
            # a title that opens the phrase: not after a state, a name or another title word
            if t.is_title and t.lower_ in title_words and t.i not in taken and (t.i == 0 or not (
                    doc[t.i - 1].lower_ in title_words or doc[t.i - 1].lower_ in ("'s", "’s")
                    or doc[t.i - 1].i in taken or doc[t.i - 1].pos_ == "PROPN")):
                run = _title_and_name(doc, t.i, taken, official, title_words)
                if len(run) >= 2 and tuple(run) not in found:
                    add(home, run)
    for key in clash:
        found.pop(key, None)
    return found


def local_mentions(doc: Doc, people: dict[tuple[str, ...], tuple[str, str]],
                   existing: list[Mention]) -> list[Mention]:
    """Mentions of the article's introduced people (``introduced_people``) in ``doc``,
    where no gazetteer mention already stands."""
    if not people:
        return []
    taken = covered(existing)
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
    for key, value in sorted(people.items(), key=lambda kv: -len(kv[0])):
        by_first.setdefault(key[0], []).append((key, value))
    out = []
    i = 0
    while i < len(doc):
        step = 1
        for key, (code, full) in by_first.get(doc[i].text, []):
            n = len(key)
            if tuple(t.text for t in doc[i:i + n]) == key and not taken.intersection(range(i, i + n)):
                out.append(Mention(i, i + n, code, "person", full, doc[i:i + n].text))
                step = n
                break
        i += step
    return out


def bare_title_mentions(doc: Doc, existing: list[Mention], role_people: list[tuple[int, str, str, str]],
                        offset: int, home: str | None = None) -> list[Mention]:
    """"the prime minister", "the president" with no state named: the person with that role
    named most recently before it in the article ("Prime Minister Narendra Modi arrived in
    Abu Dhabi on Tuesday. ... the prime minister will fly on to Doha"). A capitalised title
    ("the President will leave on 17 November"), as a government writes of its own, is the
    one of the article's state (``home``) when the article named them.
    ``role_people``: (character offset in the article, role, code, name), in text order;
    ``offset``: where ``doc`` starts in the article."""
    if not role_people:
        return []
    taken = covered(existing)
    roles = {r for _, r, _, _ in role_people}
    out = []
    for i, tok in enumerate(doc[:-1]):
        if tok.lower_ != "the":
            continue
        for role in roles:
            words = role.split()
            end = i + 1 + len(words)
            if end > len(doc) or [t.lower_ for t in doc[i + 1:end]] != words or taken.intersection(range(i + 1, end)):
                continue
            if end < len(doc) and (doc[end].lower_ in ("of", "'s", "’s") or doc[end].is_title):
                continue   # "the president of Kenya", "the president's office", "the President Xi"
            here = offset + doc[i].idx
            before = [p for p in role_people if p[0] < here and p[1] == role]
            if home is not None and doc[i + 1].is_title and any(p[2] == home for p in before):
                before = [p for p in before if p[2] == home]
            if before:
                _, _, code, name = before[-1]
                out.append(Mention(i + 1, end, code, "person", name, doc[i + 1:end].text))
    return out


#: pronouns that stand for a person named before ("She was last in Moscow", "his trip")
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})

#: nouns whose possessive pronoun is the person named before ("his third trip to Russia");
#: others are not ("His father, Kim Jong Il, ...", "her counterpart")
PRONOUN_EVENT_NOUNS = frozenset({"trip", "visit", "tour", "arrival", "journey", "stay", "travel", "departure",
                                 "stop", "stopover", "talks", "meeting", "summit", "signing"})

#: how far back (characters) a pronoun at the start of a sentence looks for its person
ANTECEDENT_CHARS = 600


def antecedent(named: list[tuple[int, str, object]], start: int) -> tuple[str, object] | None:
    """(code, what) of the person (or place) named last before character ``start`` of the
    article, if it is near enough (``ANTECEDENT_CHARS``). ``named``: (offset, code, what),
    sorted by offset."""
    before = [p for p in named if p[0] < start]
    if not before or start - before[-1][0] > ANTECEDENT_CHARS:
        return None
    return before[-1][1], before[-1][2]


def subject_antecedent(named: list[tuple[int, str, object]], start: int,
                       previous: tuple[int, int] | None) -> tuple[str, object] | None:
    """(code, what) of the person a sentence-opening "he" stands for: the first person
    named in the sentence just before (its subject, as a rule: "Shoigu arrived in Pyongyang
    and held talks with Kim. He last visited in March": Shoigu), else the person named last
    before ``start`` (``antecedent``)."""
    if previous is not None:
        first = next((p for p in named if previous[0] <= p[0] < previous[1]), None)
        if first is not None:
            return first[1], first[2]
    return antecedent(named, start)


def pronoun_mentions(doc: Doc, existing: list[Mention], prior: tuple[str, str] | None) -> list[Mention]:
    """He / she / his / her before any person the sentence names stands for ``prior``, the
    person named last before the sentence ("Choe Son Hui met Lavrov on Monday. She was last
    in Moscow in November": "She" is Choe). So is an object "him" whose clause's subject is
    the only person before it, of another state ("Khurelsukh welcomed him on Tuesday"). Other
    pronouns after a person of the sentence are left to ``resolve_pronoun`` (the nearest
    person inside the sentence)."""
    if prior is None:
        return []
    people = [m for m in existing if m.kind in ("person", "person_short")]
    first_person = min((m.start for m in people), default=len(doc))
    code, name = prior
    out = [Mention(t.i, t.i + 1, code, "person", name, t.text) for t in doc[:first_person]
           if t.lower_ in PERSON_PRONOUNS and t.pos_ == "PRON"
           and (t.dep_ != "poss" or t.head.lemma_.lower() in PRONOUN_EVENT_NOUNS)]
    for t in doc:
        # "When Putin landed ... . President Khurelsukh welcomed him on Tuesday": "him" after
        # the subject, with no other person before it, is the person named before the sentence
        # (of another state than the subject's)
        if t.lower_ != "him" or t.dep_ != "dobj" or t.pos_ != "PRON":
            continue
        subj = next((c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            continue
        inside = [m for m in people if subj.left_edge.i <= m.start <= subj.right_edge.i]
        others = [m for m in people if m.end <= t.i and m not in inside]
        if inside and not others and all(m.code != code for m in inside):
            out.append(Mention(t.i, t.i + 1, code, "person", name, t.text))
    return out


#: nouns a possessive pronoun makes the speaker's own state ("his country had sent drones")
OWN_STATE_NOUNS = frozenset({"country", "nation", "government"})


def own_country_mentions(doc: Doc, existing: list[Mention], prior: tuple[str, str] | None) -> list[Mention]:
    """"his country", "her government": the state of the speaker (the person who is the
    subject of a clause above the pronoun), else of the person named last before the pronoun
    in the sentence, else of ``prior`` (the person named before the sentence). "Iran's
    foreign minister acknowledged that his country had sent Russia drones": Iran."""
    out = []
    text = doc_text(doc).lower()
    if not any(f"{p} {n}" in text for p in ("his", "her") for n in OWN_STATE_NOUNS):
        return out
    taken = covered(existing)
    for t in doc:
        if t.lower_ not in ("his", "her") or t.dep_ != "poss" or t.head.lower_ not in OWN_STATE_NOUNS \
                or t.head.i in taken:
            continue
        people = [m for m in existing if m.kind in ("person", "person_short") and m.start < t.i]
        # the speaker is the subject of a clause above ("Kim told Putin that his country ..."),
        # else the person named last before the pronoun
        subjects = [c for a in t.head.ancestors if a.pos_ in ("VERB", "AUX") for c in a.children if c.dep_ == "nsubj"]
        speakers = [m for c in subjects for m in people if c.left_edge.i <= m.start <= c.right_edge.i]
        people = speakers[:1] or people
        code, name = (people[-1].code, people[-1].canonical) if people else prior or (None, None)
        if code:
            out.append(Mention(t.head.i, t.head.i + 1, code, "state", name, t.head.text))
    return out


#: verbs an "It" opening a sentence can be the state subject of
IT_STATE_VERBS = frozenset({"buy", "order", "purchase", "acquire", "sign", "ink", "conclude", "lease", "sell",
                            "supply", "deliver", "send", "ship", "receive", "export", "import", "hand", "give",
                            "donate", "transfer", "provide"})


#: a state's bodies "its" can own ("Its air force took delivery of ...")
IT_STATE_BODIES = frozenset({"army", "navy", "military", "force", "forces", "guard", "government", "ministry"})


def sentence_it_mentions(doc: Doc, existing: list[Mention], prior: tuple[str, str] | None) -> list[Mention]:
    """"it" as the subject of a verb of buying, selling or signing, with no actor named before
    it in the sentence, is ``prior``: the first state the sentence before names ("Saudi Arabia
    has diversified. It has bought Wing Loong drones from China"; "Seoul refused. Instead, in
    2023 it leased shells to the United States"). "its" that owns a state's forces or
    government makes them the state named last before it in the sentence ("Nigeria was more
    open: its air force took delivery of TB2s"), or ``prior`` for an opening "Its". "it" as the
    subject of such a verb in a clause on a verb whose subject is a state is that state
    ("Turkey was expelled ... after it took delivery of S-400s")."""
    out = []
    taken = covered(existing)
    for t in (doc if "its " in doc_text(doc).lower() else ()):
        if t.lower_ != "its" or t.dep_ != "poss" or t.head.lower_ not in IT_STATE_BODIES or t.head.i in taken:
            continue
        before = [m for m in existing if m.end <= t.i and m.kind in ("state", "capital", "demonym")]
        if before:
            out.append(Mention(t.head.i, t.head.i + 1, before[-1].code, "state", before[-1].canonical, t.head.text))
        elif t.i == 0 and prior is not None:
            out.append(Mention(t.head.i, t.head.i + 1, prior[0], "state", prior[1], t.head.text))
    for t in (doc if " it " in doc_text(doc) else ()):
        # "Turkey was expelled ... after it took delivery of S-400s": "it" in a clause on a
        # verb whose subject is a state is that state
        verb = t.head
        if t.lower_ != "it" or t.dep_ != "nsubj" or t.i in taken or verb.dep_ not in ("advcl", "conj", "ccomp") or not (
                verb.lemma_.lower() in IT_STATE_VERBS or (verb.lemma_.lower() == "take" and any(
                    c.dep_ == "dobj" and c.lower_ == "delivery" for c in verb.children))):
            continue
        subject = next((m for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < t.i
                        for m in existing if m.start <= c.i < m.end and m.kind in ("state", "capital")), None)
        if subject is not None:
            out.append(Mention(t.i, t.i + 1, subject.code, "state", subject.canonical, t.text))
    if prior is None:
        return out
    first_actor = min((m.start for m in existing), default=len(doc))
    it = next((t for t in doc[:first_actor] if t.lower_ == "it"), None)
    if it is not None and it.dep_ == "nsubj" and (it.head.lemma_.lower() in IT_STATE_VERBS or (
            it.head.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lower_ == "delivery"
                                                    for c in it.head.children))):
        out.append(Mention(it.i, it.i + 1, prior[0], "state", prior[1], it.text))
    return out


#: pronouns an interviewee speaks for their state with ("We sold Iran Scud-Bs", "our air force")
SPEAKER_PRONOUNS = frozenset({"we", "us", "our"})
#: ... and the words that mark a sentence of the answer as the speaker's ("was here in April")
SPEAKER_WORDS = SPEAKER_PRONOUNS | {"here"}
#: a speaking official's own "I" ("I arrived in Bogota yesterday")
FIRST_PERSON = frozenset({"i", "me", "my"})


def speaker_mentions(doc: Doc, existing: list[Mention], speaker: tuple | None) -> list[Mention]:
    """"we", "us" and "our" in an interview's answer are ``speaker``, the state the interviewee
    is introduced with (``interviews.speaker_state``); "here" is a place of that state.
    ``speaker``: (code, state name), or (code, state name, person) for an official speaking
    in a transcript's turn (``interviews.speaker_turns``), whose "I", "me" and "my" are that
    person."""
    if speaker is None:
        return []
    taken = covered(existing)
    code, name = speaker[:2]
    out = [Mention(t.i, t.i + 1, code, "state", name, t.text) for t in doc
           if t.lower_ in SPEAKER_PRONOUNS and t.pos_ == "PRON" and t.i not in taken]
    if len(speaker) > 2:
        out += [Mention(t.i, t.i + 1, code, "person", speaker[2], t.text) for t in doc
                if t.lower_ in FIRST_PERSON and t.pos_ == "PRON" and t.i not in taken]
    # "Xi Jinping was here in April": the speaker's state, as a place that names its state
    # (so that "the two sides signed" in the same sentence is the visitor's and the speaker's)
    out += [Mention(t.i, t.i + 1, code, "capital", name, t.text) for t in doc
            if t.lower_ == "here" and t.dep_ == "advmod" and t.i not in taken]
    return out


#: kinds of mention "there" can stand for ("travelled to St Petersburg ... X was there too")
THERE_KINDS = frozenset({"state", "capital", "place", "city"})


def there_mentions(doc: Doc, existing: list[Mention], prior: tuple[str, str, str] | None) -> list[Mention]:
    """"there" (an adverb of place, not "there was") before any city or place the sentence names
    stands for ``prior``, the place named last before the sentence ("Goita travelled to St
    Petersburg for the summit. Traore was there too"). ``prior``: (code, kind, name); a
    state becomes a place of that state. A "there" after a place the sentence names stands for
    that place ("courted in Moscow in 1984, when he travelled there by train")."""
    if "there" not in doc_text(doc).lower():
        return []
    places = [m for m in existing if m.kind in NAMED_PLACE_KINDS]
    out = []
    for t in doc:
        if t.lower_ != "there" or t.dep_ != "advmod":
            continue
        before = [m for m in places if m.end <= t.i]
        if before:
            m = before[-1]
            out.append(Mention(t.i, t.i + 1, m.code, m.kind, m.canonical, t.text))
        elif prior is not None:
            code, kind, name = prior
            out.append(Mention(t.i, t.i + 1, code, "place" if kind == "state" else kind, name, t.text))
    return out


def described_mentions(doc: Doc, existing: list[Mention], prior: dict[str, tuple[str, str]] | None) -> list[Mention]:
    """"the kingdom", "the North", "the South" stand for the state of that description named
    last before the sentence (``prior``: description word -> (code, name); see
    ``gazetteer.described_states``): "Trump's visit to the kingdom in May", "Ukrainian
    intelligence says the North has handed over 120 guns"."""
    if not prior:
        return []
    taken = covered(existing)
    out = []
    for t in doc[1:]:
        word = t.lower_
        if word not in prior or doc[t.i - 1].lower_ != "the" or t.i in taken:
            continue
        after = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if after is not None and (after.lower_ == "of" or (after.is_title and after.pos_ == "PROPN")):
            continue   # "the kingdom of heaven", "the North Atlantic"
        if word != "kingdom" and not t.is_title:
            continue   # "the north of the country" is a region
        code, name = prior[word]
        out.append(Mention(t.i, t.i + 1, code, "state", name, t.text))
    return out
