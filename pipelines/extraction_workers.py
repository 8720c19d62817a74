"""Run the extractor on several cores: forked worker processes that share the loaded model.

Extraction is CPU-bound and single-threaded (spaCy's parser), so on an N-core machine one
process leaves N - 1 cores idle. :func:`extract_chunks` hands each chunk of articles to a
pool of worker processes, in parts, and yields every chunk's results in input order, so
the caller validates and writes chunk by chunk as before.

The workers are **forked** from the process that already holds the extractor: they start
in milliseconds and share the model's memory pages instead of loading it again (a spawned
worker would pay the whole spaCy start-up). A worker only runs the extractor on the
articles it is sent and returns plain dicts; it never touches the lake, Dagster or any
open connection it inherits, and it leaves with ``os._exit`` (multiprocessing's forked
processes do), so none of the parent's resources is closed or flushed twice.

While the parent validates and writes one chunk, the workers already extract the next.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

# The extractor the forked workers inherit (set just before the pool forks).
_worker_extractor = None

Results = list[tuple[dict, list[dict]]]


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _extract_part(articles: list[dict]) -> list[tuple[str, list[dict]]]:
    """In a worker: (article_id, events) for each article, in order."""
    out = [(a["article_id"], events) for a, events in _worker_extractor.extract_many(articles)]
    gc.collect()  # the part's reference cycles (spaCy docs), before the next part
    return out


def _split(chunk: list[dict], parts: int) -> list[list[dict]]:
    size = max(1, -(-len(chunk) // parts))
    return [chunk[i:i + size] for i in range(0, len(chunk), size)]


def extract_chunks(
    extractor,
    chunks: Iterable[list[dict]],
    workers: int,
    progress: Callable[[int], None] = lambda n: None,
) -> Iterator[tuple[list[dict], Results]]:
    """``(chunk, [(article, events), ...])`` for each chunk, in order.

    ``workers`` <= 1 (or a platform without fork) extracts in this process.
    ``progress(n)`` is called as each part of n articles is done.
    """
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield chunk, _in_process(extractor, chunk, progress)
        return

    global _worker_extractor
    _worker_extractor = extractor
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        queued: deque[tuple[list[dict], list[Future]]] = deque()
        for chunk in chunks:
            # two parts per worker: a worker that finishes early takes the next part
            queued.append((chunk, [pool.submit(_extract_part, p) for p in _split(chunk, 2 * workers)]))
            if len(queued) > 1:  # keep one chunk in flight while this one is written
                yield _collect(*queued.popleft(), progress)
        while queued:
            yield _collect(*queued.popleft(), progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _worker_extractor = None


def _in_process(extractor, chunk: list[dict], progress: Callable[[int], None]) -> Results:
    results = []
    for article, events in extractor.extract_many(chunk):
        results.append((article, events))
        progress(1)
    return results


def _collect(chunk: list[dict], futures: list[Future], progress: Callable[[int], None]) -> tuple[list[dict], Results]:
    by_id = {a["article_id"]: a for a in chunk}
    results: Results = []
    for future in futures:
        part = future.result()  # a worker's exception is raised here, in the parent
        results.extend((by_id[article_id], events) for article_id, events in part)
        progress(len(part))
    return chunk, results
