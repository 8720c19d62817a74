"""Build and cache the spaCy pipeline (one per model name) and the cheap sentence splitter."""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer

from pipelines import settings


@lru_cache(maxsize=4)
def load_nlp(model_name: str | None = None) -> Language:
    """The full pipeline (tagger, parser, NER, lemmatizer) for candidate sentences."""
    return spacy.load(model_name or settings.spacy_model())


_SENTENCIZER = Sentencizer()
_LINE = re.compile(r"[^\n]+")


def split_sentences(nlp: Language, text: str) -> list[tuple[int, int]]:
    """Cheap sentence split: lines first (navigation and comments are lines), then
    spaCy's rule-based sentencizer over the tokenizer output. Returns (start, end)
    character offsets into ``text`` with surrounding whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text) if m.group().strip()]
    for (offset, _), doc in zip(lines, nlp.tokenizer.pipe(line for _, line in lines)):
        doc = _SENTENCIZER(doc)
        for sent in doc.sents:
            s = sent.text
            stripped = s.strip()
            if not stripped:
                continue
            start = offset + sent.start_char + (len(s) - len(s.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans
