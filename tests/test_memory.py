"""chunk_collector: each chunk's reference cycles are freed when the chunk ends, not later."""
from __future__ import annotations

import gc
import weakref

from pipelines.memory import chunk_collector


class Node:
    pass


def test_a_chunks_cycles_are_freed_by_collect_and_the_heap_is_unfrozen_after():
    gc.disable()  # no automatic collection may free the cycle for us
    try:
        with chunk_collector() as collect:
            assert gc.get_freeze_count() > 0
            a, b = Node(), Node()
            a.other, b.other = b, a
            alive = weakref.ref(a)
            del a, b
            assert alive() is not None  # a cycle: reference counting alone does not free it
            collect()
            assert alive() is None
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
