"""A cheap fingerprint of a landing folder (names, sizes, mtimes), for the sensor."""
from __future__ import annotations

import hashlib
from pathlib import Path

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".json"}


def landing_fingerprint(root: Path) -> tuple[str, int]:
    """(md5 of the sorted listing, number of files); a missing folder has an empty listing."""
    digest = hashlib.md5()
    n = 0
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES):
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            n += 1
    return digest.hexdigest(), n
