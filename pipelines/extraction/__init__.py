"""Event extraction from English news text: visits, treaty signings and arms transfers.

``Extractor(model_name=None).extract(article)`` returns event dicts in the gold format
plus provenance (see docs/architecture.md). Rules and the gazetteer are data files
under ``rules/`` and ``gazetteer/``; their hash is part of ``Extractor.version``.
"""
from pipelines.extraction.extractor import EVENT_FIELDS, Extractor

__all__ = ["Extractor", "EVENT_FIELDS"]
