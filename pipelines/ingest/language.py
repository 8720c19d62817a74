"""Language identification with py3langid; 'und' when the text is too short to tell."""
from __future__ import annotations

import py3langid

MIN_LETTERS = 20  # fewer letters than this: too short to identify reliably
SAMPLE_CHARS = 20_000  # the language of a long article is decided on its beginning


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``, or ``'und'``."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "und"
    code, _score = py3langid.classify(sample)
    return code or "und"
