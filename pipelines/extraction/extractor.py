"""The Extractor: article dicts in, event dicts out (contract: docs/architecture.md).

Two passes keep it fast: a cheap pass (tokenizer + rule sentencizer + gazetteer
PhraseMatcher) keeps only sentences with a trigger word and two actors (or a title, or a
dated treaty), and only those are parsed, batched across articles in one ``nlp.pipe``.
The parse skips NER (actors come from the gazetteer, dates from ``dates.py``; the small
model's NER alone costs more than the rest of the pipeline) and runs the model's
attribute ruler through a dictionary twin (``nlp.FastAttributeRuler``).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from pipelines.extraction import dates as dates_mod, gazetteer, rules as rules_mod
from pipelines.extraction.actors import (DATE_WORDS, PERSON_PRONOUNS, PLACE_KINDS, ActorMatcher, MentionIndex, antecedent,
                                         bare_title_mentions, pronoun_mentions, THERE_KINDS, there_mentions, described_mentions,
                                         introduced_people, local_mentions, own_country_mentions, sentence_it_mentions,
                                         FIRST_PERSON, SPEAKER_WORDS, speaker_mentions, subject_antecedent)
from pipelines.extraction.interviews import (after_label, answer_spans, envoy_labels, is_dialogue, label_speakers,
                                             speaker_state, speaker_turns)
from pipelines.extraction.article_level import (article_main_pair, article_main_state, date_signings_by_visit, merge,
                                                normalise_treaty_parties, reference_year, resolve_pending_hosts,
                                                resolve_pending_pairs, resolve_pending_recipients)
from pipelines.extraction.events import (BACK_POINTING_NOUNS, NAMED_TREATY, ORGS, PAIR_NOUNS, PEOPLE_PAIR_NOUNS,
                                         TREATY_OF_YEAR, MentionEvent, SentenceExtractor)
from pipelines.extraction.nlp import FastAttributeRuler, load_nlp, repair_parse, split_sentences
from pipelines.extraction.tenure import date_within_tenure, out_of_office
from pipelines.extraction.weapons import DESIGNATION, RECIPIENT_FORCES, weapon_lexicon

__version_base__ = "0.3.0"


@lru_cache(maxsize=1)
def _web_label() -> re.Pattern:
    words = [w.strip() for w in (rules_mod.RULES_DIR / "lexicons" / "labels.txt").read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")]
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    # (after a live blog's time stamp, "08:45 GMT - ", if there is one)
    return re.compile(r"(?:\d{1,2}[:.]\d{2}(?:\s*[A-Z]{2,4})?\s*[-–—]\s*)?(?:" + alternatives + r")\s*:\s+", re.I)


def after_web_label(text: str, start: int, end: int) -> int:
    """Where a sentence starts once a web label before it is cut off ("Context: Shoigu was in
    Pyongyang in July": "Shoigu ...")."""
    m = _web_label().match(text, start, end)
    return m.end() if m and m.end() < end else start


#: words that stand for weapons named before ("supplied the North with hundreds of them", "the
#: first two arrived at Cam Ranh", "the systems": the nouns the rules read as pointing back,
#: events.BACK_POINTING_NOUNS)
_PRONOUN_OBJECT = re.compile(r"\b(?:them|ones|the\s+(?:first|last|remaining|other|next)\s+(?:two|three|four|five|six|"
                             r"seven|eight|ten|twelve|\d+|pair|batch)|the\s+(?:rest|remainder)"
                             r"|(?:the|these|those)\s+(?:" + "|".join(sorted(BACK_POINTING_NOUNS)) + r"))\b", re.I)
#: a reader's forecast ("Next it will be Kim coming to Minsk, you will see")
FORECAST = re.compile(r"\b(?:will|won't|'ll|going to|gonna)\b", re.I)
#: what joins the names of a list ("A, B, C and the D")
LIST_GAP = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s+(?:the\s+)?$")


def listed_states(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Start offsets of the names that stand in a list of three or more ("Argentina, Brazil,
    Chile and the United States")."""
    spans = sorted(spans)
    out: set[int] = set()
    run = spans[:1]
    for prev, cur in zip(spans, spans[1:]):
        if LIST_GAP.fullmatch(text[prev[1]:cur[0]]):
            run.append(cur)
            continue
        if len(run) >= 3:
            out.update(start for start, _ in run)
        run = [cur]
    if len(run) >= 3:
        out.update(start for start, _ in run)
    return out


# Characters from the start of the text counted as the lede (headline + first paragraph).
LEDE_CHARS = 500

EVENT_FIELDS = ("article_id", "event_type", "source", "target", "parties", "date", "date_precision",
                "location", "persons", "modality", "items", "quantity", "evidence", "evidence_start",
                "evidence_end", "sentences", "confidence")
_WORD = re.compile(r"[a-z][a-z'’-]*")
_CAP_WORD = re.compile(r"\b[A-Z][a-z][\w'’-]*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
#: words of a step in time ("the following year", "the next year")
STEP_WORDS = {"following", "next", "later"}
#: how many of an article's first lines may hold its dateline
DATELINE_LINES = 8
DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,}(?:/[A-Z][A-Z.'’ -]+)*(?:,\s*[A-Z][\w.'’ -]{1,30})?\s*"
                      r"(?:\([^)]{2,40}\))?\s*[-–—]{1,2}\s")
#: names the small parser reads as function words ("welcomed To Lam to Beijing"), parsed in
#: their native spelling of the same length (an alias of the person in ``people.csv``)
PARSE_SPELLINGS = {"To Lam": "Tô Lâm"}
#: a sentence whose subject is "he" ("He was welcomed by ...", "Later he flew to ...")
HE_OPENS = re.compile(r"\s*(?:[A-Z][a-z]+(?: [a-z]+)?,?\s+)?[Hh]e\b")
BE_IN = re.compile(r"\b(?:is|was|were|are|been|be|stood)\s+(?:\w+\s+)?(?:back\s+)?in\s+(?:the\s+)?[A-Z]"
                   r"|\b[A-Z][\w'’-]+\s+(?:has|had|have)\s+(?:\w+\s+)?been\s+to\s+[A-Z]")
PASSIVE = re.compile(r"\b(?:is|was|were|are|been|being)\s+(?:\w+\s+)?[a-z]+(?:ed|en|wn|nt|ld|ght)\b")
#: "Su-30 fighters, bought from Russia in 2004": a reduced relative names the supplier only
FROM_SUPPLIER = re.compile(r"\b(?:bought|purchased|acquired|ordered|imported|procured|obtained|delivered|shipped|supplied"
                           r"|received)\s+from\b")
#: "took the train to Kyiv": "take" is a weak trigger, strong only with a vehicle and "to"
TAKE_TO = re.compile(r"\b(?:take|takes|took|taken|taking|carried|carries|carry)\s+(?:the|a|an|his|her|their|that|this)\s+"
                     r"(?:[\w-]+\s+)?(?:train|plane|flight|ferry|boat|helicopter|jet|trip|message|letter|proposal)\s+to\b")
#: the heading of a page's reader comments ("Comments (12)", "42 comments | Sort by: Newest")
COMMENTS_HEADING = re.compile(r"^[ \t]*(?:\d+\s+)?(?:reader\s+)?comments\b(?:\s*\(\d+\))?[^\n]{0,40}$", re.I | re.M)
#: a reader comment's line: a user name (with a digit, "_" or ".") and a colon ("kemal_ist: ...")
COMMENT_LINE = re.compile(r"^[ \t]*[A-Za-z][\w.]*[_.\d][\w.]*:\s", re.M)
#: "were among the 26 foreign leaders in the stands": "be" is no trigger of the cheap pass
AMONG_GUESTS = re.compile(r"\b(?:is|was|were|are)\s+(?:also\s+|again\s+)?among\s+(?:the\s+)?(?:[\w-]+\s+){0,3}"
                          r"(?:leaders|guests|dignitaries|heads|visitors)\b"
                          r"|\b(?:be|is|was|been)\s+(?:the\s+)?(?:chief|main|special|honoured)\s+guest\s+at\b")
BE_THERE = re.compile(r"\b(?:is|was|were|are|been)\s+(?:\w+\s+)?there\b")
#: a name right before "in" and a place ("Lavrov, in Pyongyang for talks, said", a timeline's
#: "July 2022 - Putin in Tehran")
ASIDE_IN = re.compile(r"[A-Z][\w'’.-]*,?\s+in\s+(?:the\s+)?[A-Z]")
#: "joined Erdogan in Ankara": a weak trigger that names a meeting place
JOIN_IN = re.compile(r"\bjoin(?:s|ed|ing)?\s+(?:[A-Z][\w'’.-]*\s+){1,4}(?:in|at)\s+(?:the\s+)?[A-Z]")
#: a photo caption with no verb: "3/12 Kim Jong Un and Vladimir Putin at the Vostochny Cosmodrome,
#: September 13, 2023", "FILE - Kim Jong Il and Putin in the Kremlin on 4 August 2001"
CAPTION_IN_PLACE = re.compile(r"\s*(?:\d+\s*/\s*\d+\s*[-–—:]?\s*)?(?:(?:FILE|ARCHIVE|PHOTO)\s*[-–—:]\s*)?"
                              r"(?:[A-Z][\w'’.-]+\s+){1,4}(?:and\s+(?:[A-Z][\w'’.-]+\s+){1,4})?(?:in|at)\s+(?:the\s+)?[A-Z]")
#: trigger words too common to make a sentence a candidate on their own
WEAK_FORMS = {"have", "having", "according", "accord", "arms", "sources", "source", "mission",
              "missions", "take", "takes", "taken", "took", "taking", "hold", "holds", "held", "holding",
              "talks", "join", "joins", "joined", "joining", "deal", "deals", "conduct", "conducted",
              "declare", "declared", "proclaim", "proclaimed", "extend", "extended"}
SEAT_WORDS = {"office", "palace", "residence", "mansion"}
# an arrival names one actor, the host is the article's ("Tusk, who flew in from Warsaw, ...")
ARRIVAL_FORMS = {"arrived", "arrives", "arrive", "arriving", "landed", "lands", "flew", "flown", "flies"}
#: a visit told by its noun and a month ("Putin's previous visit, in September 2019, ..."): its
#: host may be the article's (rules visit.noun_possessive)
VISIT_NOUN_FORMS = {"visit", "visits", "trip", "trips"}
#: weapons that "reached" or "were unloaded at" a place: an arrival with its supplier left to the article
WEAPON_ARRIVAL_FORMS = {"reached", "reaches", "reach", "unloaded", "delivered"}
#: weapons a named supplier "handed over" or "shipped", the recipient left to the article
#: ("Moscow handed over two MiG-29 fighters as a gift in 2020" in a piece on Mongolia)
HANDOVER_FORMS = {"handed", "gifted", "donated", "supplied", "shipped"}
#: "the two countries signed", "the two ministers signed": a pair named before (``PAIR_NOUNS``;
#: "the ministers signed": people only, ``PEOPLE_PAIR_NOUNS``)
TWO = re.compile(r"\b(?:the two|both) (?:" + "|".join(sorted(PAIR_NOUNS))
                 + r")\b|\bthe (?:" + "|".join(sorted(PEOPLE_PAIR_NOUNS)) + r")\b", re.I)
TREATY_WORDS = {"treaty", "treaties", "pact", "accord", "accords", "agreement", "agreements", "pacts", "signed", "sign",
                "memorandum", "memorandums", "memoranda", "protocol", "protocols", "convention", "armistice",
                "declaration", "framework", "communique", "act"}


def code_fingerprint() -> str:
    """sha256 over the extraction package's Python files."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def after_comment_name(text: str, start: int, end: int) -> int:
    """Where a reader comment's sentence starts once its user name is cut off ("kemal_ist:
    ..."), so that the name is not parsed as part of the sentence."""
    m = COMMENT_LINE.match(text, start, end)
    return m.end() if m and (start == 0 or text[start - 1] == "\n") else start


def in_comments(text: str, offset: int, comments_from: int | None) -> bool:
    """Is ``offset`` in the page's reader comments: below the comments heading (which starts
    at ``comments_from``, see ``COMMENTS_HEADING``), or on a line that opens with a user
    name and a colon?"""
    if comments_from is not None and comments_from <= offset:
        return True
    line_start = text.rfind("\n", 0, offset) + 1
    return bool(COMMENT_LINE.match(text, line_start))


class Extractor:
    def __init__(self, model_name: str | None = None):
        self.nlp = load_nlp(model_name)
        self.rules = rules_mod.load_rules()
        self.actor_matcher = ActorMatcher(self.nlp)
        # spaCy's tokenizer caches at most 10,000 chunks, and building the actor patterns has
        # filled most of them with the gazetteer's names: room for the articles' words too
        # (without it, tokenizing the articles cost twice as much)
        self.nlp.tokenizer.max_cache_size = max(self.nlp.tokenizer.max_cache_size, 100_000)
        self.sentence_extractor = SentenceExtractor(self.rules)
        self.fast_ruler = (FastAttributeRuler(self.nlp.get_pipe("attribute_ruler"))
                           if "attribute_ruler" in self.nlp.pipe_names else None)
        self.alias_tokens = {tok for a in gazetteer.aliases() for tok in re.findall(r"[\w'’.-]+", a.text)}
        self.alias_tokens -= {"In", "At", "On", "Of", "The", "And", "For", "To", "By", "With", "From"}
        # "Kim" alone, no Kim named in full: a short form shared by people of one state
        defaults = gazetteer.short_form_defaults()
        self.short_defaults = defaults
        self.bare_short = re.compile(r"\b(" + "|".join(map(re.escape, sorted(defaults, key=len, reverse=True)))
                                     + r")\b(?![ -][A-Z])") if defaults else None
        self.title_words = {t for t, kind in gazetteer.titles().items() if kind in ("head", "official")}
        self.title_words |= {t + "s" for t in self.title_words}
        self.trigger_forms = set()
        arms_forms = set()
        for r in self.rules:
            for lemma in r.trigger_lemmas():
                self.trigger_forms |= rules_mod.surface_forms(lemma)
                if r.event_type == "arms_transfer":
                    arms_forms |= rules_mod.surface_forms(lemma)
        # an arms transfer may name one state and leave the other to the article ("Iskander
        # launchers were handed over to the Belarusian army"): its trigger with a weapon word
        weapons, qualified = weapon_lexicon()
        self.arms_forms = frozenset(arms_forms - WEAK_FORMS)
        self.weapon_words = frozenset(w + end for w in weapons | set(qualified) for end in ("", "s", "es"))
        # "be" would make every sentence a candidate: "X was in Y" is found by BE_IN instead
        self.trigger_forms -= rules_mod.surface_forms("be") | {"is", "was", "were", "are", "been", "being"}
        # ("in" triggers visit.in_place_aside; the cheap pass looks for its shape instead: ASIDE_IN)
        self.trigger_forms -= {"in"}
        # The version names everything that decides the output: rules, gazetteer, the
        # extraction code itself and the spaCy model. Changing any of them makes every
        # article pending again for the reextraction job.
        h = hashlib.sha256((rules_mod.files_fingerprint() + gazetteer.files_fingerprint()
                            + code_fingerprint() + self.nlp.meta.get("name", "") + self.nlp.meta.get("version", "")
                            ).encode())
        self.version = f"{__version_base__}+{h.hexdigest()[:8]}"

    # cheap pass ------------------------------------------------------------
    def candidates(self, text: str) -> tuple[list[tuple[int, int]], dict]:
        """Sentences worth parsing, and article context (people named, main pair)."""
        sentences = split_sentences(self.nlp, text)
        doc = self.nlp.make_doc(text)
        mentions = self.actor_matcher.find(doc)
        people = {m.canonical for m in mentions if m.kind == "person"} | gazetteer.initialled_people(text)
        people |= self._default_people(text, mentions, people)
        mentions = self.actor_matcher.find(doc, people)
        # people the gazetteer does not know, introduced as "Bolivian President Luis Arce"
        # (and an official named by title alone, of the dateline's state, else of the state
        # the article is about)
        headline_end = max(text.find("\n"), 0)
        # (a dateline's state first: "KHABAROVSK - Governor Dmitry Demeshin returned ...")
        dateline = self._dateline(text)
        home = dateline[0] if dateline else article_main_state(
            [m.code for m in mentions], [m.code for m in mentions if doc[m.start].idx < headline_end])
        local_people = introduced_people(doc, mentions, home)
        mentions = sorted(mentions + local_mentions(doc, local_people, mentions), key=lambda m: m.start)
        starts = sorted((doc[m.start].idx, m.code) for m in mentions)
        person_names = sorted((doc[m.start].idx, m.code, m.canonical) for m in mentions
                              if m.kind in ("person", "person_short") and m.code not in ORGS)
        described = gazetteer.described_states()
        described_codes = frozenset().union(*described.values())
        state_names = sorted((doc[m.start].idx, m.code, m.canonical) for m in mentions
                             if m.code in described_codes and m.kind in ("state", "capital", "demonym", "person"))
        place_names = sorted((doc[m.start].idx, m.code, (m.kind, m.canonical)) for m in mentions
                             if m.kind in THERE_KINDS and m.code not in ORGS)
        keep = []
        antecedents, places_before, described_before, it_before, speakers, voices = {}, {}, {}, {}, {}, {}
        # an interview's answers: "we" / "our" is the state the interviewee is introduced with
        answers = answer_spans(text)
        # ("Conducted in English": a language is no state of the interviewee's)
        speaker = speaker_state(text, [(doc[m.start].idx, m.code, m.canonical) for m in mentions
                                       if m.kind in ("state", "capital", "demonym") and m.code not in ORGS
                                       and not (m.kind == "demonym" and m.start > 0
                                                and doc[m.start - 1].lower_ in ("in", "from", "into"))],
                                answers[0][0]) if answers else None
        # a press conference's turns: "I" / "we" of a speaker whose office names a state
        turn_states = []
        for _, start, end, name, office in speaker_turns(text):
            placed = [m for m in self.actor_matcher.find(self.nlp.make_doc(office))
                      if m.kind in ("state", "demonym", "capital") and m.code not in ORGS] if office else []
            if placed and set(office.lower().split()) & self.title_words:
                turn_states.append((start, end, (placed[0].code, placed[0].canonical, name.title())))
        if answers or is_dialogue(text):
            # a transcript's "STEFANOVSKI: ..." lines: the person of that surname the article names
            surnames: dict[str, tuple[str, str]] = {}
            for m in mentions:
                if m.kind in ("person", "person_short") and m.code not in ORGS:
                    surnames.setdefault(m.canonical.split()[-1].upper(), (m.code, m.canonical))
            turn_states.extend(label_speakers(text, surnames))
        # a council transcript's "The representative of China: ..." lines speak for that state
        envoys = envoy_labels(text, lambda label: [(m.code, m.canonical) for m in self.actor_matcher.find(
            self.nlp.make_doc(label)) if m.kind in ("state", "capital", "demonym") and m.code not in ORGS])
        turn_states.extend(envoys)
        # states in the order they are named (people as their state), for a state's "it"
        state_starts = [(doc[m.start].idx, m.code, m.canonical) for m in mentions
                        if m.kind in ("state", "capital", "person", "person_short") and m.code not in ORGS]
        if answers or is_dialogue(text):
            # an interview's or a transcript's "Dao: ..." / "Q: ...": the label is no part of the sentence
            sentences = [(after_label(text, s, e), e) for s, e in sentences]
        elif envoys:
            sentences = [(after_label(text, s, e) if any(a <= s < b or s < a < e for a, b, _ in envoys) else s, e)
                         for s, e in sentences]
        # a live blog's or page's "08:45 GMT - Context: Shoigu was in Pyongyang in July": nor is
        # a web label (rules/lexicons/labels.txt)
        sentences = [(after_web_label(text, s, e), e) for s, e in sentences]
        # (nor a reader comment's user name: "jkim_77: Send Ukraine the shells and ...")
        sentences = [(after_comment_name(text, s, e), e) for s, e in sentences]
        pos = 0
        last = None
        with_person = None   # the last sentence that names a person
        for s, e in sentences:
            previous, last = last, (s, e)
            if previous is not None and any(previous[0] <= p[0] < previous[1] for p in person_names):
                with_person = previous
            codes = set()
            while pos < len(starts) and starts[pos][0] < s:
                pos += 1
            j = pos
            while j < len(starts) and starts[j][0] < e:
                codes.add(starts[j][1])
                j += 1
            words = set(_WORD.findall(text[s:e].lower()))
            # "co-signed", "re-signed": the parts of a hyphenated word are words too
            words |= {part for w in words if "-" in w for part in w.split("-")}
            # "the North's air force": a possessive is its word too
            words |= {w[:-2] for w in words if w.endswith(("'s", "’s"))}
            if words & (PERSON_PRONOUNS | {"him"}):
                # he / his before any person the sentence names is the first person of the
                # sentence before ("Shoigu arrived ... and held talks with Kim. He last visited
                # in March"); she / her is the person named last before it (nearby): most
                # leaders named are men, so "she" usually points past the subject to the one
                # woman named ("... talks with his counterpart Choe Son Hui. She was last in
                # Moscow in November")
                if words & {"he", "his"} and previous is not None and previous[0] in antecedents \
                        and HE_OPENS.match(text, previous[0]):
                    # "He was welcomed by President Steinmeier. On Monday he gave a speech": the
                    # sentence before opens with "he" too, so both stand for one person
                    prior = antecedents[previous[0]]
                else:
                    # ("Kim Jong Un's first summit ... was in April 2019. No documents. Then in
                    # September he made the trip": the subject of the last sentence naming a
                    # person, in the same paragraph)
                    subject_from = previous
                    if previous is not None and with_person is not None and with_person != previous \
                            and "\n" not in text[with_person[1]:s] \
                            and not any(previous[0] <= p[0] < previous[1] for p in person_names):
                        subject_from = with_person
                    prior = subject_antecedent(person_names, s, subject_from) if words & {"he", "his", "him"} \
                        else antecedent(person_names, s)
                if prior is not None:
                    antecedents[s] = prior
                    codes.add(prior[0])
            for word in words & described.keys():
                # "Trump's visit to the kingdom", "the North has handed over 120 guns": the state
                # of that description named last before the sentence (or in it, before the
                # description: "A year after Kim Il Sung's tour, Moscow delivers ... to the North")
                at = text.lower().find("the " + word, s, e)
                before = [k for k in state_names if k[0] < (at if at >= 0 else s) and k[1] in described[word]]
                if before:
                    described_before.setdefault(s, {})[word] = before[-1][1:]
                    codes.add(before[-1][1])
            it_at = s if text.startswith(("It ", "Its "), s) else text.find(" it ", s, e)
            if it_at >= 0 and previous is not None and not any(s <= x[0] < it_at for x in state_starts):
                # "It has bought Wing Loong drones from China", "Instead, in 2023 it leased ...":
                # the first state the sentence before names (its subject, as a rule)
                first = next((x for x in state_starts if previous[0] <= x[0] < previous[1]), None)
                if first is not None:
                    it_before[s] = first[1:]
                    codes.add(first[1])
            answering = speaker if speaker is not None and any(a <= s < b for a, b in answers) else None
            if answering is not None and words & SPEAKER_WORDS:
                speakers[s] = answering
                codes.add(answering[0])
            turn = next((st for a, b, st in turn_states if a <= s < b), None)
            # whose words the sentence is: the state of a transcript turn's speaker or of the
            # interviewee answering ("The representative of China: China has never provided ...")
            voice = turn or answering
            if voice is not None:
                voices[s] = voice[0]
            if turn is not None and words & (SPEAKER_WORDS | FIRST_PERSON):
                speakers[s] = turn
                codes.add(turn[0])
            if "there" in words:
                # "Traore was there too": the place named last before the sentence (nearby)
                prior = antecedent(place_names, s)
                if prior is not None:
                    places_before[s] = (prior[0], *prior[1])
                    codes.add(prior[0])
            triggers = words & self.trigger_forms
            # a weak trigger ("have", "held", "according") alone is not enough: it needs a second
            # ("held talks ... at his office": a host's seat makes a weak trigger a meeting's)
            if (not triggers or (triggers <= WEAK_FORMS and len(triggers) < 2 and not words & SEAT_WORDS)) \
                    and not BE_IN.search(text[s:e]) and not JOIN_IN.search(text[s:e]) \
                    and not ASIDE_IN.search(text[s:e]) \
                    and not TAKE_TO.search(text[s:e]) and not AMONG_GUESTS.search(text[s:e]) \
                    and not CAPTION_IN_PLACE.match(text, s, e) \
                    and not (s in places_before and BE_THERE.search(text[s:e])):
                continue
            # an event names two actors (visitor and host, supplier and recipient, two
            # parties); a treaty may be named by its year or its parties by "the two countries"
            # (a leader named by title only, "Senate President Bukola Saraki", counts as the second)
            # ("their 2019 meeting in Vladivostok": "their" is the two people named before)
            # ("It took delivery of its first S-300s": "it" is the state of the sentence before,
            # and the supplier is left to the article)
            if len(codes) >= 2 or (codes and (words & self.title_words or "their" in words or words & ARRIVAL_FORMS
                                              or (words & VISIT_NOUN_FORMS and dates_mod.names_a_month(text[s:e]))
                                              or self._one_sided_transfer(words, text[s:e])
                                              or (s in it_before and self._arms_with_weapon(words, text[s:e])))) or (
                    words & TREATY_WORDS and (_YEAR.search(text[s:e]) or TWO.search(text[s:e])
                                              or "they" in words)) or (
                    not codes and self._stateless_delivery(words, text[s:e])):
                keep.append((s, e))
        # per kept sentence, the (up to three) states named last before it, most recent first,
        # and the states of the people named last ("the two countries", "the two ministers";
        # events.last_pair reads the pair)
        recent_states, recent_people = {}, {}
        person_starts = [(start, code) for start, code, _ in person_names]
        # (states named in a list of three or more are no pair: "with Argentina, Brazil, Chile and
        # the United States acting as guarantors")
        listed = listed_states(text, [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
                                      for m in mentions])
        pair_starts = [(start, code) for start, code in starts if start not in listed]
        for order, found in ((recent_states, pair_starts), (recent_people, person_starts)):
            for s, _ in keep:
                named: list[str] = []
                for start, code in reversed(found):
                    if start >= s or code in ORGS:
                        continue
                    if code not in named:
                        named.append(code)
                    if len(named) == 3:
                        break
                if named:
                    order[s] = tuple(named)
        roles = gazetteer.person_roles()
        role_people = [(doc[m.start].idx, roles[m.canonical], m.code, m.canonical) for m in mentions
                       if m.kind in ("person", "person_short") and m.canonical in roles]
        month_years = {s: dates_mod.paragraph_month_years(text, s) for s, e in keep
                       if dates_mod.names_a_month(text[s:e])}
        # "Earlier that month ...": the dates the paragraph named before the sentence
        paragraph_dates = {s: dates_mod.paragraph_dates(text, s) for s, e in keep
                           if dates_mod.TOLD_AGAINST_BEFORE.search(text, s, e)}
        named = [m.code for m in mentions]
        headline = [m.code for m in mentions if doc[m.start].idx < headline_end]
        # "China supplied the North with hundreds of them": the weapon the sentence before named
        prior_weapons = {}
        for s, e in keep:
            if _PRONOUN_OBJECT.search(text, s, e):
                weapon = self._prior_weapon(text, sentences, s)
                if weapon:
                    prior_weapons[s] = weapon
        ctx = dict(people=people, local_people=local_people, role_people=role_people,
                   main_pair=article_main_pair(named), main_state=article_main_state(named, headline),
                   month_years={s: m for s, m in month_years.items() if m},
                   paragraph_dates={s: d for s, d in paragraph_dates.items() if d},
                   recent_states=recent_states, recent_people=recent_people,
                   dateline=dateline, antecedents=antecedents,
                   places_before=places_before, described_before=described_before, it_before=it_before,
                   speakers=speakers, voices=voices, prior_weapons=prior_weapons)
        return keep, ctx

    def _prior_weapon(self, text: str, sentences: list[tuple[int, int]], start: int) -> str | None:
        """The last weapon (a lexicon word or a designation) of the sentence just before the one
        at ``start``, in the same paragraph."""
        before = [(s, e) for s, e in sentences if e <= start]
        if not before or "\n" in text[before[-1][1]:start]:
            return None
        s, e = before[-1]
        words = re.findall(r"[A-Za-z0-9][\w-]*", text[s:e])
        found = [w for w in words if w.lower() in self.weapon_words or DESIGNATION.match(w.lower())]
        return found[-1] if found else None

    def _dateline(self, text: str) -> tuple[str, str | None] | None:
        """(state, city) of the article's dateline, "MOSCOW (Reuters) - ..." at the start of
        one of its first lines (after the headline, navigation and byline): "here" is that
        place, and an official named by title alone is of its state."""
        for line in text.split("\n", DATELINE_LINES)[:DATELINE_LINES]:
            dl = DATELINE.match(line)
            if not dl:
                continue
            # (the gazetteer is matched case-sensitively: "MOSCOW" is read as "Moscow")
            city = re.split(r"[(,/–—-]", dl.group())[0].strip().title()
            placed = [m for m in self.actor_matcher.find(self.nlp.make_doc(city)) if m.kind in PLACE_KINDS]
            if placed and len({m.code for m in placed}) == 1:
                return placed[0].code, placed[0].canonical if placed[0].kind != "state" else None
        return None

    def _default_people(self, text: str, mentions: list, people: set[str]) -> set[str]:
        """People a bare shared short form stands for ("Putin and Kim signed"): when the
        article names nobody in full who bears it, but names their state otherwise, the
        leader listed first (``gazetteer.short_form_defaults``)."""
        if self.bare_short is None:
            return set()
        out = set()
        for short in set(self.bare_short.findall(text)):
            canonical, code = self.short_defaults[short]
            if any(short in p.split() for p in people):
                continue   # "Kim Yo Jong ... Kim nodded": someone named in full bears it
            if any(m.code == code and m.kind not in ("person", "person_short") for m in mentions):
                out.add(canonical)
        return out

    def _one_sided_transfer(self, words: set[str], sentence: str) -> bool:
        """An arms transfer naming one state, the other left to the article: a passive with no
        supplier ("Iskander launchers were handed over to the Belarusian army"), weapons that
        reached a place ("The first T-80U tanks reached South Korea in 1996"), or a
        state's forces without the state ("The navy received five jets from France"), weapons a
        supplier handed over ("Moscow handed over two MiG-29s as a gift"), or a weapon whose
        maker is known ("Qatar agrees to buy MQ-9B drones")."""
        return bool(self._arms_with_weapon(words, sentence)
                    and (words & RECIPIENT_FORCES or PASSIVE.search(sentence) or FROM_SUPPLIER.search(sentence)
                         or words & (WEAPON_ARRIVAL_FORMS | HANDOVER_FORMS) or gazetteer.weapon_maker(sentence)))

    def _stateless_delivery(self, words: set[str], sentence: str) -> bool:
        """A dated delivery of weapons that names no state ("The following year the first of
        46 MiG-23 fighters arrived"): it continues the transfer told before it."""
        return bool(self._arms_with_weapon(words, sentence)
                    and (_YEAR.search(sentence) or dates_mod.names_a_month(sentence) or words & STEP_WORDS))

    def _arms_with_weapon(self, words: set[str], sentence: str) -> bool:
        """An arms trigger and a weapon (a lexicon word or a designation such as "MiG-23")."""
        return bool(words & self.arms_forms and (words & self.weapon_words or any(
            map(DESIGNATION.match, re.findall(r"[a-z0-9-]+", sentence.lower())))))

    # full pass -------------------------------------------------------------
    def extract(self, article: dict) -> list[dict]:
        return next(iter(self.extract_many([article])))[1]

    def extract_many(self, articles: Iterable[dict], batch_size: int = 32) -> Iterator[tuple[dict, list[dict]]]:
        batch: list[dict] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._run(batch, batch_size)
                batch = []
        if batch:
            yield from self._run(batch, batch_size)

    def _run(self, articles: list[dict], batch_size: int) -> Iterator[tuple[dict, list[dict]]]:
        plans = []
        texts = []
        for a in articles:
            text, _ = self._full_text(a)
            spans, ctx = self.candidates(text)
            ctx["published_at"] = a.get("published_at")
            # timeline headings; a line that is the publication date is a byline, not a heading
            published_day = dates_mod.parse_published(a.get("published_at"))
            ctx["headings"] = [h for h in dates_mod.heading_dates(text)
                               if not (published_day and h[2] == published_day.isoformat())]
            plans.append((spans, ctx))
            texts.extend(self._sentence_case(text[s:e]) for s, e in spans)
        # The parse needs no NER: actors come from the gazetteer, dates from dates.py, and
        # the small models' NER (its own tok2vec) would cost more than the rest together.
        docs = iter(self._parse(texts))
        for a, (spans, ctx) in zip(articles, plans):
            text, shift = self._full_text(a)
            mentions: list[MentionEvent] = []
            for (s, e), doc in zip(spans, docs):
                found_matches = self.sentence_extractor.match(doc)
                if not found_matches and not NAMED_TREATY.search(doc.text) and not TREATY_OF_YEAR.search(doc.text):
                    continue
                idx = self._index(doc, ctx, s)
                # (a sentence may open with its entry's date: "1950, April: Kim returns to Moscow")
                entry = next((h for h in ctx["headings"] if h[0] <= s < h[1]
                              or (s < h[0] < e and "\n" not in text[s:h[0]])), None)
                # a timeline entry's relative dates ("this month", "in December") count from its
                # heading, not from the day the article was published (and a later date it names
                # is no plan: "March 2014 - ... the last pair landed in May 2017")
                span_ctx = ctx if entry is None else {**ctx, "published_at": dates_mod.period_end(entry[2]),
                                                      "timeline_entry": True}
                found = self.sentence_extractor.extract(doc, idx, s, text[s:e], span_ctx, found_matches)
                for m in found:
                    if entry and m.date is None and m.modality != "planned":
                        # a timeline entry's events, undated in their sentence, take the entry's date
                        m.date, m.date_precision = entry[2], entry[3]
                mentions.extend(found)
            # a reader's wish or forecast ("Brazil should buy Chinese J-10s") is no planned event
            heading = COMMENTS_HEADING.search(text)
            comments_from = heading.start() if heading else None
            # (also one told with "will" the parse kept off the event: "Next it will be Kim coming to Minsk")
            mentions = [m for m in mentions if not ((m.modality == "planned" or FORECAST.search(m.text))
                                                    and in_comments(text, m.start, comments_from))]
            mentions = normalise_treaty_parties(mentions)
            mentions = resolve_pending_pairs(mentions)
            mentions = resolve_pending_recipients(mentions, ctx.get("main_pair"), ctx.get("main_state"))
            mentions = resolve_pending_hosts(mentions, ctx.get("dateline"), ctx.get("main_pair"))
            # ("Roh Tae-woo travelled to Moscow in December", in a 2025 feature: not 2024)
            mentions = date_within_tenure(mentions, text)
            published = dates_mod.parse_published(a.get("published_at"))
            mentions = date_signings_by_visit(mentions, published)
            events = merge(mentions, reference_year(text, a.get("published_at")), prefer_from=shift,
                           published=published)
            for ev in events:
                # An undated event reported in the lede (headline and first paragraph) is the
                # news of the day: it gets the month of publication. Undated mentions further
                # down are usually background ("after Kim's visit to Vostochny") and stay null,
                # so the warehouse can join them to the dated event they refer to; dating every
                # event to its article is the GDELT/ICEWS error. A plan without a date keeps none.
                first = min([ev.start] + [x["start"] for x in ev.extra_sentences]) - shift
                # (a denial dates nothing either: "has denied reports that it sold shells")
                # (nor one of people whose time in office ended before it: tenure.py)
                if not ev.date and published and ev.modality not in ("planned", "denied") and first < LEDE_CHARS \
                        and ev.date_precision != "period" and not out_of_office(ev.persons, published.year):
                    ev.date, ev.date_precision = dates_mod.fmt(published, "month"), "month"
            yield a, [self._to_dict(a, ev, shift) for ev in events]

    def _sentence_case(self, sentence: str) -> str:
        """A Title Case headline ("Kenyan President Attends Tokyo Summit") is parsed in
        sentence case: words that name no actor are lower-cased (same length, so every
        offset still points into the original text). A name the parser reads as function
        words ("To Lam") is parsed in its native spelling, of the same length."""
        for plain, native in PARSE_SPELLINGS.items():
            if plain in sentence:
                sentence = sentence.replace(plain, native)
        if sentence.rstrip().endswith((".", "?", "!", '"', "”")):
            return sentence     # a headline has no full stop
        words = _CAP_WORD.findall(sentence)
        long_words = [w for w in re.findall(r"[A-Za-z][\w'’-]{3,}", sentence) if w not in self.alias_tokens]
        if len(long_words) < 2 or sum(w[0].isupper() for w in long_words) < 0.7 * len(long_words) or not words:
            return sentence

        def lower(m):
            w = m.group()
            return w if w in self.alias_tokens or w.isupper() or w.lower() in DATE_WORDS else w.lower()
        first = re.match(r"\W*\w+", sentence)
        head = first.group() if first else ""
        return head + _CAP_WORD.sub(lower, sentence[len(head):])

    def _parse(self, texts: list[str]) -> list:
        """Every pipeline component but NER, with the attribute ruler's fast twin."""
        texts = list(texts)
        names = [n for n in self.nlp.pipe_names if n != "ner"]
        if "attribute_ruler" not in names:
            return [repair_parse(self._lower_lemmas(d))
                    for d in self.nlp.pipe(texts, batch_size=256, disable=["ner"])]
        i = names.index("attribute_ruler")
        after = [self.nlp.get_pipe(n) for n in names[i + 1:]]
        out = []
        for doc in self.nlp.pipe(texts, batch_size=256, disable=["ner"] + names[i:]):
            doc = self.fast_ruler(doc)
            for proc in after:
                doc = proc(doc)
            out.append(repair_parse(self._lower_lemmas(doc)))
        return out

    @staticmethod
    def _lower_lemmas(doc):
        """Rules name lemmas in lower case; a proper noun keeps its capital as lemma
        ("Summit", "Olympics", "Visit" in a headline), so lemmas are lower-cased."""
        for t in doc:
            lemma = t.lemma_
            if lemma and not lemma.islower() and t.pos_ in ("PROPN", "NOUN", "VERB"):
                t.lemma_ = lemma.lower()
        return doc

    def _index(self, doc, ctx: dict, offset: int = 0) -> MentionIndex:
        found = self.actor_matcher.find(doc, ctx["people"])
        found = sorted(found + local_mentions(doc, ctx.get("local_people") or {}, found), key=lambda m: m.start)
        # "the prime minister": the prime minister named last before it (the article's own
        # for a capitalised "the President")
        home = ctx["dateline"][0] if ctx.get("dateline") else ctx.get("main_state")
        found = sorted(found + bare_title_mentions(doc, found, ctx.get("role_people") or [], offset, home),
                       key=lambda m: m.start)
        found = sorted(found + pronoun_mentions(doc, found, (ctx.get("antecedents") or {}).get(offset))
                       + there_mentions(doc, found, (ctx.get("places_before") or {}).get(offset))
                       + described_mentions(doc, found, (ctx.get("described_before") or {}).get(offset))
                       + own_country_mentions(doc, found, (ctx.get("antecedents") or {}).get(offset))
                       + sentence_it_mentions(doc, found, (ctx.get("it_before") or {}).get(offset))
                       + speaker_mentions(doc, found, (ctx.get("speakers") or {}).get(offset)),
                       key=lambda m: m.start)
        m = DATELINE.match(doc.text)
        if m:
            # "BERLIN (Agency) - ...": the dateline names where the report was filed, no actor
            found = [x for x in found if doc[x.start].idx >= m.end()]
        return MentionIndex(doc, found)

    @staticmethod
    def _full_text(article: dict) -> tuple[str, int]:
        """The text to read. Only ``article['text']`` is read: the ingest reader keeps a
        .txt headline line inside ``text``, and every event needs evidence offsets into
        ``text``, so a separate ``title`` that the text lacks is not read (its events
        could not point into the text)."""
        return article.get("text") or "", 0

    @staticmethod
    def _to_dict(article: dict, ev: MentionEvent, shift: int = 0) -> dict:
        def pos(i):
            # offsets refer to article['text'] (shift is 0: only the text is read)
            return i - shift
        is_treaty = ev.event_type == "treaty_signing"
        is_arms = ev.event_type == "arms_transfer"
        return dict(
            article_id=article.get("article_id"), event_type=ev.event_type,
            source=None if is_treaty else ev.source, target=None if is_treaty else ev.target,
            parties=sorted(ev.parties) if is_treaty else None,
            date=ev.date, date_precision=ev.date_precision if ev.date else None,
            location=ev.location, persons=list(ev.persons), modality=ev.modality,
            items=ev.items if is_arms else None, quantity=ev.quantity if is_arms else None,
            evidence=ev.text, evidence_start=pos(ev.start), evidence_end=pos(ev.end),
            sentences=[dict(text=x["text"], start=pos(x["start"]), end=pos(x["end"]))
                       for x in [dict(text=ev.text, start=ev.start, end=ev.end)] + list(ev.extra_sentences)],
            confidence=float(ev.confidence))
