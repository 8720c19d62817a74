"""One writer at a time: an inter-process lock around every step that writes.

Dagster's run queue (max_concurrent_runs: 1 in the instance config) serialises runs
launched by the daemon or the UI; ``events run`` executes in process and bypasses the
queue, so each writing step also takes this file lock. A second run started at the
same time waits for the lock at each step, then finds the work already done.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from pipelines import settings


@contextmanager
def writer_lock(log: Callable[[str], None] | None = None, path: Path | None = None) -> Iterator[None]:
    path = path or settings.data_dir() / ".writer.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if log:
                log(f"waiting for the writer lock held by {holder} ({path})")
            started = time.monotonic()
            fcntl.flock(handle, fcntl.LOCK_EX)
            if log:
                log(f"got the writer lock after {time.monotonic() - started:.1f} s")
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
