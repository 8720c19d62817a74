"""The Extractor: article dicts in, event dicts out (contract: docs/architecture.md).

Two passes keep it fast: a cheap pass (tokenizer + rule sentencizer + gazetteer
PhraseMatcher) keeps only sentences with a trigger word and an actor, and only those
go through the full spaCy pipeline (tagger, parser, NER) with ``nlp.pipe``.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from pipelines.extraction import gazetteer, rules as rules_mod
from pipelines.extraction.actors import ActorMatcher, MentionIndex
from pipelines.extraction.events import (MentionEvent, SentenceExtractor, article_main_pair, merge,
                                         reference_year)
from pipelines.extraction.nlp import load_nlp, split_sentences

__version_base__ = "0.3.0"

EVENT_FIELDS = ("article_id", "event_type", "source", "target", "parties", "date", "date_precision",
                "location", "persons", "modality", "items", "quantity", "evidence", "evidence_start",
                "evidence_end", "sentences", "confidence")
_WORD = re.compile(r"[a-z][a-z'’-]*")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,}(?:/[A-Z][A-Z.'’ -]+)*(?:,\s*[A-Z][\w.'’ -]{1,30})?\s*"
                      r"(?:\([^)]{2,40}\))?\s*[-–—]{1,2}\s")
BE_IN = re.compile(r"\b(?:is|was|were|are|been)\s+(?:\w+\s+)?in\s+(?:the\s+)?[A-Z]")
TREATY_WORDS = {"treaty", "treaties", "pact", "accord", "agreement"}


class Extractor:
    def __init__(self, model_name: str | None = None):
        self.nlp = load_nlp(model_name)
        self.rules = rules_mod.load_rules()
        self.actor_matcher = ActorMatcher(self.nlp)
        self.sentence_extractor = SentenceExtractor(self.nlp, self.rules)
        self.trigger_forms = set()
        for r in self.rules:
            for lemma in r.trigger_lemmas():
                self.trigger_forms |= rules_mod.surface_forms(lemma)
        # "be" would make every sentence a candidate: "X was in Y" is found by BE_IN instead
        self.trigger_forms -= rules_mod.surface_forms("be") | {"is", "was", "were", "are", "been", "being"}
        h = hashlib.sha256((rules_mod.files_fingerprint() + gazetteer.files_fingerprint()).encode())
        self.version = f"{__version_base__}+{h.hexdigest()[:8]}"

    # cheap pass ------------------------------------------------------------
    def candidates(self, text: str) -> tuple[list[tuple[int, int]], dict]:
        """Sentences worth parsing, and article context (people named, main pair)."""
        sentences = split_sentences(self.nlp, text)
        doc = self.nlp.make_doc(text)
        mentions = self.actor_matcher.find(doc)
        people = {m.canonical for m in mentions if m.kind == "person"}
        mentions = self.actor_matcher.find(doc, people)
        starts = sorted((doc[m.start].idx, m.code) for m in mentions)
        keep = []
        pos = 0
        for s, e in sentences:
            n_actors = 0
            while pos < len(starts) and starts[pos][0] < s:
                pos += 1
            j = pos
            while j < len(starts) and starts[j][0] < e:
                n_actors += 1
                j += 1
            words = set(_WORD.findall(text[s:e].lower()))
            if not words & self.trigger_forms and not BE_IN.search(text[s:e]):
                continue
            if n_actors >= 1 or (words & TREATY_WORDS and _YEAR.search(text[s:e])):
                keep.append((s, e))
        ctx = dict(people=people, main_pair=article_main_pair([m.code for m in mentions]))
        return keep, ctx

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
            plans.append((spans, ctx))
            texts.extend(text[s:e] for s, e in spans)
        docs = iter(self.nlp.pipe(texts, batch_size=batch_size))
        for a, (spans, ctx) in zip(articles, plans):
            text, shift = self._full_text(a)
            mentions: list[MentionEvent] = []
            for (s, e), doc in zip(spans, docs):
                found = self.actor_matcher.find(doc, ctx["people"])
                m = DATELINE.match(doc.text)
                if m:
                    # "BERLIN (Agency) - ...": the dateline names where the report was filed, no actor
                    found = [x for x in found if doc[x.start].idx >= m.end()]
                idx = MentionIndex(doc, found)
                mentions.extend(self.sentence_extractor.extract(doc, idx, s, text[s:e], ctx))
            events = merge(mentions, reference_year(text, a.get("published_at")), prefer_from=shift)
            yield a, [self._to_dict(a, ev, shift) for ev in events]

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
