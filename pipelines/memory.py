"""Keep the memory of a chunked stage flat: collect each chunk's garbage cycles as it ends.

CPython runs a full garbage collection only when the objects that survived into the
oldest generation since the last one reach a quarter of all long-lived objects. In an
``events run`` the long-lived heap is large (Dagster's definitions, the spaCy model:
~400k objects), so the reference cycles each chunk leaves behind (pandas and spaCy
objects) pile up for thousands of articles before a full collection frees them, and the
process grows with the number of articles. :func:`chunk_collector` freezes the heap that
exists when the stage starts (``gc.freeze``: those objects are not scanned) and returns a
function to call after each chunk: a full collection then only scans what the stages
allocated since, which takes milliseconds.
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def chunk_collector() -> Iterator[Callable[[], None]]:
    """``with chunk_collector() as collect: ... collect()`` after each chunk."""
    def collect() -> None:
        gc.collect()

    gc.freeze()
    try:
        yield collect
    finally:
        gc.unfreeze()
