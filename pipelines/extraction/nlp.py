"""Build and cache the spaCy pipeline (one per model name) and the cheap sentence splitter."""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer

from pipelines import settings
from pipelines.extraction.dates import MONTHS


@lru_cache(maxsize=4)
def load_nlp(model_name: str | None = None) -> Language:
    """The model's pipeline; the extractor runs it on candidate sentences without NER."""
    return spacy.load(model_name or settings.spacy_model())


_SENTENCIZER = Sentencizer()
_LINE = re.compile(r"[^\n]+")
_SEPARATOR = re.compile(r"\s+[|•·]\s+")


#: a line of code in a scraped page: JSON, or a script statement
_CODE_LINE = re.compile(r'\s*(?:[{\[].*":|(?:var|let|const|function)\b.*[=(]|(?:window|document)\.\w+|<script)')


def split_sentences(nlp: Language, text: str) -> list[tuple[int, int]]:
    """Cheap sentence split: lines first (navigation and comments are lines), then
    spaCy's rule-based sentencizer over the tokenizer output, then " | " / " • "
    separators (menus and related-link lines). Returns (start, end)
    character offsets into ``text`` with surrounding whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    # (a scraped page's script and JSON-LD lines are code, not text: '{"@context": ...,
    # "headline": "Li Qiang, Medvedev and To Lam join Kim ..."}')
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text) if m.group().strip()
             and not _CODE_LINE.match(m.group())]
    for (offset, _), doc in zip(lines, nlp.tokenizer.pipe(line for _, line in lines)):
        doc = _SENTENCIZER(doc)
        for sent in doc.sents:
            s = sent.text
            stripped = s.strip()
            if not stripped:
                continue
            start = offset + sent.start_char + (len(s) - len(s.lstrip()))
            # navigation and related-link lines: "Why X | Modi to visit UAE in January | Explained"
            pos = start
            for sep in _SEPARATOR.finditer(stripped):
                piece = text[pos:start + sep.start()]
                if piece.strip():
                    spans.append((pos, pos + len(piece.rstrip())))
                pos = start + sep.end()
            spans.append((pos, start + len(stripped)))
    return spans


class FastAttributeRuler:
    """The model's ``attribute_ruler`` (tag -> POS/morph map and its exceptions) applied
    with dictionary look-ups instead of spaCy's Matcher: the same patterns, the same
    order and precedence (matches are found first, then set in pattern order), several
    times faster on short candidate sentences. ``tests/extraction`` checks that it gives
    the same tokens as the original component."""

    def __init__(self, ruler):
        from spacy.tokens._retokenize import set_token_attrs
        self._set = set_token_attrs
        self.by_tag: dict[str, list] = {}
        self.by_tag_lower: dict[tuple[str, str], list] = {}   # TAG and LOWER (or LOWER IN) both fixed
        self.by_lower: dict[str, list] = {}
        self.by_dep: dict[str, list] = {}
        self.spaces: list = []
        self.generic: list = []
        for order, (attrs, index, spec) in enumerate(zip(ruler.attrs, ruler.indices, ruler.patterns)):
            for pattern in spec["patterns"]:
                rule = (order, [self._compile(tok) for tok in pattern], index, attrs)
                first = pattern[0]
                lower = first.get("LOWER")
                lowers = [lower] if isinstance(lower, str) else (
                    list(lower["IN"]) if isinstance(lower, dict) and set(lower) == {"IN"} else None)
                if isinstance(first.get("TAG"), str) and lowers is not None:
                    for low in dict.fromkeys(lowers):
                        self.by_tag_lower.setdefault((first["TAG"], low), []).append(rule)
                elif isinstance(first.get("TAG"), str):
                    self.by_tag.setdefault(first["TAG"], []).append(rule)
                elif isinstance(lower, str):
                    self.by_lower.setdefault(lower, []).append(rule)
                else:
                    # the rest is still indexed by one fixed attribute of its first token
                    # (a set of words, tags or dependencies, or a space), so that a token is
                    # only tested against the rules that can start at it
                    tags, deps = first.get("TAG"), first.get("DEP")
                    if lowers is not None:
                        for low in dict.fromkeys(lowers):
                            self.by_lower.setdefault(low, []).append(rule)
                    elif isinstance(tags, dict) and set(tags) == {"IN"}:
                        for tag in dict.fromkeys(tags["IN"]):
                            self.by_tag.setdefault(tag, []).append(rule)
                    elif isinstance(deps, str) or (isinstance(deps, dict) and set(deps) == {"IN"}):
                        for dep in ([deps] if isinstance(deps, str) else dict.fromkeys(deps["IN"])):
                            self.by_dep.setdefault(dep, []).append(rule)
                    elif first.get("IS_SPACE") is True:
                        self.spaces.append(rule)
                    else:
                        self.generic.append(rule)

    @staticmethod
    def _compile(spec: dict):
        getters = {"TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_,
                   "IS_SPACE": lambda t: t.is_space}
        tests = []
        for key, value in spec.items():
            get = getters[key]
            if isinstance(value, dict):
                for op, arg in value.items():
                    if op == "IN":
                        tests.append(lambda t, g=get, a=frozenset(arg): g(t) in a)
                    elif op == "NOT_IN":
                        tests.append(lambda t, g=get, a=frozenset(arg): g(t) not in a)
                    elif op == "REGEX":
                        tests.append(lambda t, g=get, r=re.compile(arg): bool(r.search(g(t))))
                    else:
                        raise ValueError(f"unsupported attribute_ruler operator {op}")
            else:
                tests.append(lambda t, g=get, v=value: g(t) == v)
        return lambda t: all(test(t) for test in tests)

    def __call__(self, doc):
        found = []
        n = len(doc)
        empty: list = []
        for tok in doc:
            tag, lower, i = tok.tag_, tok.lower_, tok.i
            for rules in (self.by_tag.get(tag, empty), self.by_tag_lower.get((tag, lower), empty),
                          self.by_lower.get(lower, empty), self.by_dep.get(tok.dep_, empty),
                          self.spaces if tok.is_space else empty, self.generic):
                for order, preds, index, attrs in rules:
                    size = len(preds)
                    if i + size > n or not preds[0](tok):
                        continue
                    if size == 1 or all(preds[k](doc[i + k]) for k in range(1, size)):
                        found.append((order, i, size, index, attrs))
        found.sort(key=lambda f: (f[0], f[1]))
        for _, start, length, index, attrs in found:
            self._set(doc[start:start + length][index], attrs)
        return doc


def doc_text(doc) -> str:
    """``doc.text``, joined once per Doc (spaCy joins the tokens on every access)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def _mend_split_perfect(doc, have) -> None:
    """"Russia had in return supplied": "had" (a verb with a subject and no object) and the
    subjectless past participle a few words on become one verb."""
    kids = list(have.children)
    subject = next((c for c in kids if c.dep_ == "nsubj"), None)
    # (a "that" read as its object is no object)
    if subject is None or any(c.dep_ in ("dobj", "attr", "ccomp", "xcomp", "acomp") and c.pos_ != "SCONJ" for c in kids):
        return
    verb = next((v for v in doc[have.i + 1:have.i + 5] if v.tag_ == "VBN" and v.pos_ == "VERB"), None)
    if verb is None or verb.head not in (have, have.head) or verb.dep_ not in ("ccomp", "conj", "advcl", "xcomp") \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return
    if have.head.i == have.i:
        verb.head, verb.dep_ = verb, "ROOT"
    else:
        verb.head, verb.dep_ = have.head, have.dep_
    for c in kids:
        if c.i < verb.i:
            c.head = verb
    have.head, have.dep_, have.pos_ = verb, "aux", "AUX"


SIGN_LEMMAS = {"sign", "ink", "conclude", "seal"}
SIGNED_DOCUMENT_NOUNS = {"treaty", "treaties", "agreement", "agreements", "accord", "accords", "pact", "pacts", "deal",
                         "deals", "memorandum", "memorandums", "convention", "protocol", "partnership", "charter",
                         "framework", "declaration", "roadmap"}


def _mend_reduced_signed(verb) -> None:
    """"Putin's treaty with Kim, signed in June 2024, ...": an adverbial "signed" with no
    auxiliary whose subject is a treaty before it, set off by a comma, describes the treaty."""
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return
    noun = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in SIGNED_DOCUMENT_NOUNS and c.i < verb.i), None)
    if noun is None or not any(x.text == "," for x in verb.doc[noun.i + 1:verb.i]):
        return
    noun.head, noun.dep_ = verb.head, "npadvmod"
    verb.head, verb.dep_ = noun, "acl"


def _mend_signed_object_clause(verb) -> None:
    """"under the cooperation agreement the two governments signed in 1994": a "signed" read
    as a clause on the signers (themselves read as an object of the verb before) is a
    relative clause on the treaty right before them, whose subject they are."""
    signers = verb.head
    doc = verb.doc
    if signers.pos_ not in ("NOUN", "PROPN") or signers.i > verb.i or signers.left_edge.i == 0 \
            or any(c.dep_ in ("dobj", "nsubj", "nsubjpass", "auxpass") for c in verb.children):
        return
    treaty = doc[signers.left_edge.i - 1]
    if treaty.lower_ not in SIGNED_DOCUMENT_NOUNS:
        return
    signers.head, signers.dep_ = verb, "nsubj"
    verb.head, verb.dep_ = treaty, "relcl"


def _mend_signed_relative_far(verb) -> None:
    """"the agreement concerning the transfer of defence equipment that Manila and Tokyo
    signed": a relative "signed" read on the last noun of a long phrase belongs to the
    document the phrase hangs on, when that last noun is no document."""
    noun = verb.head
    if noun.lower_ in SIGNED_DOCUMENT_NOUNS or not any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("that", "which")
                                                       for c in verb.children):
        return
    t = noun
    for _ in range(4):
        if t.dep_ not in ("pobj", "conj", "acl", "prep") or t.head.i == t.i:
            return
        t = t.head
        if t.lower_ in SIGNED_DOCUMENT_NOUNS:
            verb.head = t
            return


def _mend_object_relative(verb) -> None:
    """"relies on MiG-29 fighters that the Soviet Union delivered in 1988": a clause read as
    the complement of the verb above, whose "that" is its object, is a relative clause on
    the noun right before the "that"."""
    rel = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in ("that", "which") and c.i < verb.i), None)
    if rel is None or rel.i == 0:
        return
    noun = verb.doc[rel.i - 1]
    # (the noun must lie outside the clause: a head inside it would make a cycle)
    if noun.pos_ in ("NOUN", "PROPN") and noun.i in {t.i for t in verb.head.subtree} \
            and noun.i not in {t.i for t in verb.subtree}:
        verb.head, verb.dep_ = noun, "relcl"


def _mend_dateline_subject(doc) -> None:
    """"SEOUL, Feb. 10 (SEL) - Premier Pak left ...": the dateline's city is no subject."""
    city, verb = doc[0], doc[0].head
    dash = next((t for t in doc[1:verb.i] if t.text in ("-", "–", "—")), None)
    if dash is None:
        return
    subject = next((c for c in city.children if c.dep_ == "appos" and c.i > dash.i and c.pos_ in ("PROPN", "NOUN")), None)
    if subject is None:
        return
    subject.head, subject.dep_ = verb, "nsubj"
    city.dep_ = "npadvmod"


VISIT_NOUNS = {"visit", "trip", "tour", "arrival", "stay"}


def _mend_visit_by(by) -> None:
    """"... follows a visit to Moscow last month by Defence Minister No": a "by" on an active
    verb belongs to the verb's object, a visit."""
    verb = by.head
    if any(c.dep_ == "auxpass" for c in verb.children):
        return
    noun = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in VISIT_NOUNS and c.i < by.i), None)
    if noun is not None:
        by.head, by.dep_ = noun, "prep"


def _mend_date_swallows_subject(doc) -> None:
    """"On 3 March 1949 Kim Il Sung, then 37, arrived in Moscow": the opening date read with
    the name as its object. The month is the object of "On", the name the verb's subject."""
    prep = doc[0]
    name = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
    verb = prep.head
    if name is None or verb.pos_ != "VERB" or verb.i < name.i \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return
    # the date: the month and the numbers around it, right after "On" ("3 March 1949")
    date = []
    for t in doc[1:name.i]:
        if t.lower_ not in MONTHS and not t.like_num:
            break
        date.append(t)
    month = next((t for t in date if t.lower_ in MONTHS), None)
    if month is None or not all(t.head.i == name.i or t.head.i in {d.i for d in date} for t in date):
        return
    for t in date:
        if t.i != month.i:
            t.head, t.dep_ = month, "nummod"
    month.head, month.dep_ = prep, "pobj"
    name.head, name.dep_ = verb, "nsubj"


def _mend_relative_across_say(wh) -> None:
    """"the system, which Seoul says Russia delivered" / "the drones that Kyiv says Tehran
    shipped": the relative pronoun read as a second subject of the reported verb, or as the
    object of "says", is the reported verb's object."""
    verb = wh.head
    if wh.dep_ == "nsubj" and any(c.dep_ == "nsubj" and c.i > wh.i for c in verb.children):
        wh.dep_ = "dobj"
    elif wh.dep_ == "dobj" and verb.dep_ == "relcl" and verb.lemma_ in ("say", "claim", "believe", "report"):
        reported = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "VERB" and c.i > verb.i
                         and any(x.dep_ == "nsubj" for x in c.children)
                         and not any(x.dep_ in ("dobj", "nsubjpass") for x in c.children)), None)
        if reported is not None:
            wh.head = reported


#: verbs that report a clause ("..., officials said"); events.py reads the same list
SAY_VERBS = {"say", "report", "tell", "claim", "suggest", "indicate", "show", "allege", "assert", "estimate", "believe",
             "fear", "warn", "confirm", "announce"}


def _mend_time_on_trailing_say(t) -> None:
    """"Russia will deliver helicopters to Mali later this year, Goita's office said" is read
    with "later this year" on "said": a phrase between the reported clause and the comma
    before its reporter belongs to the reported clause."""
    say = t.head
    reported = next((c for c in say.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and c.i < t.i), None)
    if reported is None or t.left_edge.i <= reported.i:
        return
    doc = t.doc
    subject = next((c for c in say.children if c.dep_ == "nsubj" and c.i > t.i), None)
    if subject is None:
        return
    # only a comma lies between the phrase and the reporter ("..., Goita's office said")
    between = doc[t.right_edge.i + 1: subject.left_edge.i]
    if len(between) == 1 and between[0].text == ",":
        t.head = reported


#: "took delivery of", "took possession of"
DELIVERY_NOUNS = {"delivery", "deliveries", "possession", "receipt"}


def _mend_delivery_of(of) -> None:
    """"Belarus took delivery last year of Iskander-M systems": "of" hung on the verb or on
    the time phrase after "delivery" belongs to "delivery"."""
    verb = of.head if of.head.pos_ == "VERB" else of.head.head
    noun = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in DELIVERY_NOUNS and c.i < of.i), None)
    if noun is not None and not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        of.head = noun


def _mend_document_as_subject(verb) -> None:
    """"signed the Liptako-Gourma Charter creating the Alliance of Sahel States": a signing
    verb with no object, whose complement's subject is a document, signed that document;
    the participle describes it."""
    if any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        return
    part = next((c for c in verb.children if c.dep_ == "ccomp" and c.tag_ == "VBG" and c.i > verb.i), None)
    if part is None:
        return
    doc_noun = next((c for c in part.children if c.dep_ == "nsubj" and c.lemma_.lower() in SIGNED_DOCUMENT_NOUNS
                     and c.i < part.i), None)
    if doc_noun is not None:
        doc_noun.head, doc_noun.dep_ = verb, "dobj"
        part.head, part.dep_ = doc_noun, "acl"


#: "toured the Gulf, stopping in Kuwait": a participle that continues a journey ...
JOURNEY_PARTICIPLES = {"stop", "call"}
#: ... and the travel verbs whose journey it continues
JOURNEY_VERBS = {"tour", "travel", "fly", "visit", "sail", "drive", "swing", "journey", "leave", "head"}


def _mend_journey_stop(part) -> None:
    """"Qatar agreed to sell in October, when Erdogan toured the Gulf, stopping in Kuwait":
    a participle of a stop on a journey read on a far verb belongs to the travel verb right
    before it."""
    doc = part.doc
    verb = next((t for t in reversed(doc[part.head.i + 1:part.i]) if t.pos_ == "VERB"), None)
    if verb is not None and verb.lemma_.lower() in JOURNEY_VERBS and verb.i not in {t.i for t in part.subtree}:
        part.head = verb


def repair_parse(doc):
    """Nineteen mends of the small model's parse, made in place:
    - "delivered missiles to Ukraine and Germany has sent tanks" is read as "to Ukraine and
      Germany" plus a verb with no subject: a noun joined to an object by "and" and followed
      by a coordinated verb (or its auxiliary) that has no subject is that verb's subject;
    - "two months after Lula visited Washington" is read with "Lula" as an adverb, and
      "September 2023: Kim Jong Un crosses into Russia" with the name as a compound of the
      verb: a name read as an adverb or compound of the subjectless verb right after it is
      that verb's subject;
    - "Medvedev co-signed the treaty" is read with "co" as the subject and "Medvedev" as
      its compound: the compound is the subject, and "co-" a prefix of the verb;
    - "Last Tuesday in Copenhagen, Argentina's defence minister, Luis Petri, signed" is read
      with "Copenhagen" as the subject (its "in" left without an object), or as the object of
      "in", and the minister as its apposition: the place is the object of "in", and the
      apposition the subject;
    - "that Russia had in return supplied Pyongyang with ..." is read with "had" as a verb
      of its own and "supplied" as a second clause with no subject: "had" is the auxiliary
      of the past participle, which takes its subject, its place and its words between;
    - "Since Putin's treaty with Kim, signed in June 2024, Beijing has ..." is read with the
      treaty as the subject of an adverbial "signed": "signed" is a reduced relative of the
      treaty;
    - "SEOUL, Feb. 10 (SEL) - North Korean Premier Pak Thae Song left Pyongyang" is read
      with the dateline's city as the subject and the premier as its apposition: the
      apposition after the dash is the subject;
    - "follows a visit to Moscow last month by Defence Minister No" is read with "by" on the
      active "follows": it belongs to the visit;
    - "On 3 March 1949 Kim Il Sung, then 37, arrived" is read with the name as the object of
      "On": the month is, and the name is the subject;
    - "under the agreement the two governments signed in 1994" is read with the signers as an
      object and "signed" as a clause on them: it is a relative clause on the agreement;
    - "the agreement concerning the transfer of equipment that Manila and Tokyo signed" is
      read with "signed" on "equipment" (as a relative clause or as "acl"): it belongs to the
      agreement;
    - "relies on MiG-29 fighters that the Soviet Union delivered" is read with "delivered" as
      a complement of "relies" whose object is "that": it is a relative clause on the noun
      before "that";
    - "agreed to sell in October, when Erdogan toured the Gulf, stopping in Kuwait" is read
      with "stopping" on "agreed": a stop on a journey belongs to the travel verb before it;
    - "signed the Liptako-Gourma Charter creating the Alliance" is read with the charter as the
      subject of "creating": it is the object of "signed";
    - "the system, which Seoul says Russia delivered" is read with "which" as a second subject
      of "delivered", or as the object of "says": it is the object of "delivered";
    - "July 1961: Pyongyang signs treaties with Moscow" is read with "signs" as a plural noun
      that has a subject and an object: it is a verb;
    - "took delivery last year of Iskander-M systems" is read with "of" on the verb or on
      "year": it belongs to "delivery";
    - "will deliver helicopters later this year, Goita's office said" is read with the time
      on "said": a phrase between the reported clause and the comma before its reporter
      belongs to the reported clause;
    - "had sent anti-aircraft missiles and equipment to Pyongyang" is read with the missiles
      as an indirect object: beside a "to" that names the receiver, the noun is the direct
      object."""
    n = len(doc)
    if n > 3 and doc[0].is_upper and doc[0].dep_ == "nsubj":
        _mend_dateline_subject(doc)
    if n > 4 and doc[0].lower_ in ("on", "in") and doc[0].dep_ == "prep":
        _mend_date_swallows_subject(doc)
    for t in doc:
        dep = t.dep_
        if dep == "prep" and t.lower_ == "of" and (t.head.pos_ == "VERB" or t.head.dep_ == "npadvmod"):
            _mend_delivery_of(t)
        if dep in ("npadvmod", "prep") and t.head.lemma_.lower() in SAY_VERBS and t.head.i > t.i:
            _mend_time_on_trailing_say(t)
        if dep == "dative" and t.pos_ == "NOUN" and not any(c.dep_ == "dobj" for c in t.head.children) \
                and any(c.dep_ in ("prep", "dative") and c.lower_ == "to" and c.i > t.i for c in t.head.children):
            # "had sent anti-aircraft missiles ... to Pyongyang" read with the missiles as the
            # indirect object: with "to" naming the receiver, the noun is the direct object
            t.dep_ = "dobj"
        if dep == "ROOT" and t.tag_ == "NNS" and {"nsubj", "dobj"} <= {c.dep_ for c in t.children}:
            # "July 1961: Pyongyang signs treaties with Moscow": a plural noun with a subject
            # and an object is a verb in the present tense
            t.pos_, t.tag_ = "VERB", "VBZ"
        if t.lemma_ in SIGN_LEMMAS and t.pos_ == "VERB":  # whatever its own relation (relcl, ccomp, ...)
            _mend_document_as_subject(t)
        if dep in ("nsubj", "dobj") and t.tag_ == "WDT":
            _mend_relative_across_say(t)
        if t.lower_ == "by" and dep in ("agent", "prep") and t.head.pos_ == "VERB" and t.head.tag_ != "VBN":
            _mend_visit_by(t)
            continue
        if t.lower_ in ("had", "has", "have") and t.pos_ == "VERB":
            _mend_split_perfect(doc, t)
            continue
        if dep == "advcl" and t.tag_ == "VBN" and t.lemma_ in SIGN_LEMMAS:
            _mend_reduced_signed(t)
            continue
        if dep == "acl" and t.lemma_ in SIGN_LEMMAS and t.tag_ in ("VBN", "VBD"):
            _mend_signed_object_clause(t)
            if t.dep_ == "acl":
                # ("a memorandum of understanding on defence cooperation that Bogota and
                # Stockholm signed": the same far relative, read as "acl")
                _mend_signed_relative_far(t)
            continue
        if dep == "relcl" and t.lemma_ in SIGN_LEMMAS:
            _mend_signed_relative_far(t)
            continue
        if dep == "ccomp" and t.pos_ == "VERB":
            _mend_object_relative(t)
            continue
        if dep == "advcl" and t.tag_ == "VBG" and t.lemma_ in JOURNEY_PARTICIPLES and t.head.i < t.i:
            _mend_journey_stop(t)
            continue
        if dep == "nsubj" and t.pos_ == "PROPN" and t.i > 0 and doc[t.i - 1].lower_ in ("in", "at") \
                and doc[t.i - 1].dep_ == "prep" and not any(True for _ in doc[t.i - 1].children):
            appos = [c for c in t.children if c.dep_ == "appos"]
            if appos:
                verb = t.head
                appos[0].head, appos[0].dep_ = verb, "nsubj"
                t.head, t.dep_ = doc[t.i - 1], "pobj"
            continue
        if dep == "appos" and t.head.dep_ == "pobj" and t.head.head.lower_ in ("in", "at") \
                and t.head.head.head.pos_ in ("NOUN", "PROPN") and t.head.head.head.dep_ == "npadvmod":
            # ("Last Friday in Stockholm, Colombia's minister, ..., signed": the same, with the
            # place read as the object and the minister as its apposition)
            verb = t.head.head.head.head
            if verb.pos_ == "VERB" and verb.i > t.i and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                t.head, t.dep_ = verb, "nsubj"
            continue
        if t.lower_ == "co" and dep == "nsubj" and t.i + 2 < n and doc[t.i + 1].text == "-" \
                and t.head.i == t.i + 2:
            names = [c for c in t.children if c.dep_ == "compound"]
            if names:
                names[-1].head, names[-1].dep_ = t.head, "nsubj"
                t.dep_ = "dep"
            continue
        if dep == "conj":
            if t.pos_ not in ("PROPN", "NOUN") or t.head.dep_ not in ("pobj", "dobj") or t.i + 1 >= n:
                continue
            nxt = doc[t.i + 1]
            verb = nxt if nxt.pos_ == "VERB" else nxt.head if nxt.dep_ == "aux" else None
            if verb is None or verb.dep_ != "conj" or verb.i <= t.i or \
                    any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or verb.head not in t.head.ancestors:
                continue
            for c in list(t.head.children):
                if c.dep_ == "cc" and t.head.i < c.i < t.i:
                    c.head = verb.head
            t.head, t.dep_ = verb, "nsubj"
        elif dep in ("advmod", "npadvmod", "compound") and t.pos_ == "PROPN" and t.i + 1 < n and t.head.i == t.i + 1 \
                and t.head.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.head.children):
            t.dep_ = "nsubj"
    return doc
