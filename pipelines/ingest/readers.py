"""Read a landing folder of .txt / .html / .jsonl articles into ReadResults.

Every record seen ends as exactly one ReadResult - an article or a quarantine record
with a specific ``check_name`` and a readable ``reason`` - so
``articles + quarantined == seen`` always holds and bad input never stops a run.

Formats
- ``.txt``: the first line is the title; ``text`` is the rest of the file after it,
  verbatim except that ``\\r\\n`` becomes ``\\n`` (extraction offsets refer to it).
- ``.html`` / ``.htm``: main text, title, date and site name via trafilatura.
- ``.jsonl``: one article a line: ``id``, ``text`` (required), ``title``, ``url``,
  ``published_at``, ``outlet`` (optional, string or null). Blank lines are skipped.
- ``NAME.meta.json`` beside ``NAME.txt``/``NAME.html``: ``published_at``, ``url``,
  ``outlet``, ``title`` (the sidecar title overrides). Sidecars are not articles; an
  orphan sidecar is quarantined.

What is not a record: hidden files and folders (name starting with '.'), and
symlinked folders that stay inside the root (their files are read where they
really are). Everything else the pattern matches is a record: other extensions are
quarantined as unsupported, and any path resolving outside the root is quarantined.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from pipelines import settings
from pipelines.ingest.dates import InvalidDateError, parse_published_at
from pipelines.ingest.html import extract_html
from pipelines.ingest.records import Check, NotModified, ReadResult, article, quarantine
from pipelines.ingest.text_cleaning import (
    UndecodableError,
    decode_bytes,
    first_bytes,
    normalise_newlines,
)

log = logging.getLogger(__name__)

FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
SIDECAR_SUFFIX = ".meta.json"
TITLE_MAX_CHARS = 300
SIDECAR_FIELDS = ("published_at", "url", "outlet", "title")
JSONL_OPTIONAL_FIELDS = ("title", "url", "outlet")
EXCERPT_CHARS = 2_000


class _Rejected(Exception):
    """Internal: stop processing one record and quarantine it."""

    def __init__(self, check_name: str, reason: str, payload: Any):
        super().__init__(reason)
        self.check_name, self.reason, self.payload = check_name, reason, payload


def read_landing(
    root: str | os.PathLike[str],
    source_name: str = "landing",
    max_bytes: int | None = None,
    pattern: str = "**/*",
    unchanged: Callable[[str, list[int]], bool] | None = None,
    stats: dict[str, list[int]] | None = None,
) -> Iterator[ReadResult | NotModified]:
    """Yield one ReadResult per record under ``root``, in sorted (deterministic) order.

    Conditional reading (the folder analogue of a conditional GET): for each article file,
    ``file_state`` is taken before it is read; when ``unchanged(rel, state)`` is true the
    file is not read and ``NotModified(rel)`` is yielded instead; ``stats`` (if given)
    receives the state of every file that is read.

    ``pattern`` is a glob on the path relative to ``root`` ('**/' also matches the top
    level). Files larger than ``max_bytes`` (default: settings.max_article_bytes()) are
    quarantined without being read. The folder is listed completely before the first
    result is yielded. Raises FileNotFoundError/NotADirectoryError if ``root`` itself
    is missing: that is a configuration error, not bad input.
    """
    root = Path(root).expanduser().absolute()
    if not root.is_dir():
        raise NotADirectoryError(f"landing folder {root} does not exist or is not a folder")
    real_root = root.resolve()
    limit = settings.max_article_bytes() if max_bytes is None else max_bytes
    files, outside_dirs = _list_files(root, real_root, pattern)

    for rel in outside_dirs:
        yield quarantine(
            Check.PATH_OUTSIDE_ROOT,
            f"symlinked folder {rel} points outside the landing root",
            rel,
            {"path": rel, "target": str((root / rel).resolve())},
        )

    articles_by_stem = {
        (root / rel).parent / (root / rel).stem
        for rel in files
        if Path(rel).suffix.lower() in FORMATS and Path(rel).suffix.lower() != ".jsonl"
    }
    for rel in files:
        path = root / rel
        if rel.lower().endswith(SIDECAR_SUFFIX):
            base = path.parent / path.name[: -len(SIDECAR_SUFFIX)]
            if base not in articles_by_stem:
                yield quarantine(
                    Check.SIDECAR,
                    f"sidecar {rel} has no article file (.txt/.html) beside it",
                    rel,
                    {"path": rel},
                )
            continue
        if unchanged is not None or stats is not None:
            state = file_state(path)
            if state is not None and unchanged is not None and unchanged(rel, state):
                yield NotModified(rel)
                continue
            if state is not None and stats is not None:
                stats[rel] = state
        yield from _read_one(root, real_root, rel, source_name, limit)


def file_state(path: Path) -> list[int] | None:
    """[size, mtime_ns] of a file and of its sidecar (zeros when it has none); None if it is gone."""
    try:
        stat = path.stat()
    except OSError:
        return None
    try:
        meta = path.with_name(path.stem + SIDECAR_SUFFIX).stat()
        sidecar = [meta.st_size, meta.st_mtime_ns]
    except OSError:
        sidecar = [0, 0]
    return [stat.st_size, stat.st_mtime_ns, *sidecar]


def _matches(rel: str, pattern: str) -> bool:
    if fnmatchcase(rel, pattern):
        return True
    return pattern.startswith("**/") and fnmatchcase(rel, pattern[3:])


def _list_files(root: Path, real_root: Path, pattern: str) -> tuple[list[str], list[str]]:
    files: list[str] = []
    outside_dirs: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            sub = base / name
            if sub.is_symlink():
                if not _inside(sub, real_root):
                    outside_dirs.append(sub.relative_to(root).as_posix())
                else:
                    log.info("not following symlinked folder %s (inside the root)", sub)
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if name.startswith("."):
                continue
            rel = (base / name).relative_to(root).as_posix()
            if _matches(rel, pattern):
                files.append(rel)
    return sorted(files), sorted(outside_dirs)


def _inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # symlink loop
        return False


def _read_one(root: Path, real_root: Path, rel: str, source_name: str, limit: int) -> Iterator[ReadResult]:
    path = root / rel
    suffix = path.suffix.lower()
    if not _inside(path, real_root):
        yield quarantine(
            Check.PATH_OUTSIDE_ROOT,
            f"{rel} resolves outside the landing root (symlink to {os.path.realpath(path)})",
            rel,
            {"path": rel, "target": os.path.realpath(path)},
        )
        return
    if suffix not in FORMATS:
        yield quarantine(
            Check.UNSUPPORTED_FORMAT,
            f"unsupported file type {suffix or '(no extension)'!r}; expected .txt, .html, .htm or .jsonl",
            rel,
            {"path": rel},
        )
        return
    if FORMATS[suffix] == "jsonl":
        yield from _read_jsonl(path.resolve(), rel, source_name, limit)
        return
    try:
        yield _read_document(path.resolve(), rel, FORMATS[suffix], source_name, limit)
    except _Rejected as rejected:
        yield quarantine(rejected.check_name, rejected.reason, rel, rejected.payload)


def _read_bytes(path: Path, rel: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a file; a larger file is rejected before it is read."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise _Rejected(
                Check.SIZE_LIMIT,
                f"file is {size} bytes, larger than the {limit}-byte limit (not read)",
                {"path": rel, "size": size},
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise _Rejected(Check.READABLE, "file disappeared between listing and reading", {"path": rel}) from None
    except OSError as exc:
        raise _Rejected(Check.READABLE, f"cannot read file: {exc.strerror or exc}", {"path": rel}) from None
    if len(data) > limit:  # grew after stat
        raise _Rejected(
            Check.SIZE_LIMIT, f"file is larger than the {limit}-byte limit (not read)", {"path": rel}
        )
    return data


def _decode(data: bytes, rel: str) -> str:
    if not data:
        raise _Rejected(Check.NOT_EMPTY, "empty file (0 bytes)", {"path": rel, "size": 0})
    try:
        text, _encoding = decode_bytes(data)
    except UndecodableError as exc:
        raise _Rejected(
            Check.DECODABLE,
            str(exc),
            {"path": rel, "size": len(data), "first_bytes": first_bytes(data)},
        ) from None
    return normalise_newlines(text)


def _read_sidecar(path: Path, rel: str) -> dict[str, Any]:
    sidecar = path.parent / (path.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    side_rel = Path(rel).parent.joinpath(sidecar.name).as_posix()
    try:
        raw = sidecar.read_bytes()
        meta = json.loads(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _Rejected(
            Check.SIDECAR, f"sidecar {side_rel} is not readable JSON: {exc}", {"path": rel, "sidecar": side_rel}
        ) from None
    if not isinstance(meta, dict):
        raise _Rejected(
            Check.SIDECAR, f"sidecar {side_rel} must hold a JSON object", {"path": rel, "sidecar": meta}
        )
    for key in SIDECAR_FIELDS:
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise _Rejected(
                Check.SIDECAR,
                f"sidecar {side_rel}: {key} must be a string or null, got {type(meta[key]).__name__}",
                {"path": rel, "sidecar": meta},
            )
    return meta


def _published(value: Any, payload: dict[str, Any]) -> datetime | None:
    try:
        return parse_published_at(value)
    except InvalidDateError as exc:
        raise _Rejected(Check.PUBLISHED_AT, str(exc), payload) from None


def _read_document(path: Path, rel: str, fmt: str, source_name: str, limit: int) -> ReadResult:
    meta = _read_sidecar(path, rel)
    text = _decode(_read_bytes(path, rel, limit), rel)
    if not text.strip():
        raise _Rejected(Check.NOT_EMPTY, "file holds only whitespace", {"path": rel, "chars": len(text)})
    excerpt = {"path": rel, "excerpt": text[:EXCERPT_CHARS], "sidecar": meta or None}
    outlet = None
    if fmt == "txt":
        # The first line is the title, and it stays part of the text: scraped pages often
        # open with a whole paragraph (or a headline that states the event) on that line,
        # and the extractor must see it. Offsets refer to the whole file.
        first, _, rest = text.partition("\n")
        if not rest.strip():
            raise _Rejected(Check.NOT_EMPTY, "no text after the title line", excerpt)
        title = first.strip()[:TITLE_MAX_CHARS] or None
        body = text
        published_raw = None
    else:
        page = extract_html(text, url=meta.get("url"))
        if not page.text:
            raise _Rejected(
                Check.HAS_TEXT, "HTML has no main text (only scripts, navigation or boilerplate)", excerpt
            )
        title, body, published_raw, outlet = page.title, page.text, page.date, page.sitename
    published_at = _published(meta.get("published_at") or published_raw, excerpt)
    return article(
        article_id=path.stem,
        text=body,
        title=meta.get("title") or title,
        url=meta.get("url"),
        outlet=meta.get("outlet") or outlet,
        published_at=published_at,
        source_name=source_name,
        source_uri=str(path),
        source_format=fmt,
    )


def _read_jsonl(path: Path, rel: str, source_name: str, limit: int) -> Iterator[ReadResult]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield quarantine(Check.READABLE, "file disappeared between listing and reading", rel, {"path": rel})
        return
    except OSError as exc:
        yield quarantine(Check.READABLE, f"cannot read file: {exc.strerror or exc}", rel, {"path": rel})
        return
    records = 0
    with handle:
        lineno = 0
        while True:
            try:
                line = handle.readline(limit + 1)
            except OSError as exc:
                yield quarantine(
                    Check.READABLE, f"read error after line {lineno}: {exc}", f"{rel}:{lineno + 1}", {"path": rel}
                )
                return
            if not line:
                break
            lineno += 1
            key = f"{rel}:{lineno}"
            if len(line) > limit and not line.endswith(b"\n"):
                skipped = len(line)
                while True:  # skip the rest of the long line without keeping it
                    chunk = handle.readline(1 << 20)
                    skipped += len(chunk)
                    if not chunk or chunk.endswith(b"\n"):
                        break
                records += 1
                yield quarantine(
                    Check.SIZE_LIMIT,
                    f"line {lineno} is {skipped} bytes, larger than the {limit}-byte limit",
                    key,
                    {"path": rel, "line": lineno, "size": skipped, "first_bytes": first_bytes(line)},
                )
                continue
            if not line.strip():
                continue
            records += 1
            try:
                yield _jsonl_record(line, path, rel, lineno, source_name)
            except _Rejected as rejected:
                yield quarantine(rejected.check_name, rejected.reason, key, rejected.payload)
    if records == 0:
        yield quarantine(Check.NOT_EMPTY, "JSONL file holds no records", rel, {"path": rel})


def _jsonl_record(line: bytes, path: Path, rel: str, lineno: int, source_name: str) -> ReadResult:
    where = f"line {lineno}"
    try:
        raw, _encoding = decode_bytes(line)
    except UndecodableError as exc:
        raise _Rejected(Check.DECODABLE, f"{where}: {exc}", {"path": rel, "line": lineno, "first_bytes": first_bytes(line)}) from None
    raw = raw.strip()
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _Rejected(
            Check.VALID_JSON,
            f"{where}: malformed or truncated JSON ({exc.msg} at column {exc.colno})",
            {"path": rel, "line": lineno, "raw": raw},
        ) from None
    if not isinstance(obj, dict):
        raise _Rejected(Check.FIELD_TYPES, f"{where}: expected a JSON object, got {type(obj).__name__}", obj)
    for field in ("id", "text"):
        if field not in obj or obj[field] is None:
            raise _Rejected(Check.REQUIRED_FIELDS, f"{where}: required field {field!r} is missing", obj)
        if not isinstance(obj[field], str):
            raise _Rejected(
                Check.FIELD_TYPES, f"{where}: {field!r} must be a string, got {type(obj[field]).__name__}", obj
            )
    if not obj["id"].strip():
        raise _Rejected(Check.REQUIRED_FIELDS, f"{where}: 'id' is empty", obj)
    for field in JSONL_OPTIONAL_FIELDS:
        if obj.get(field) is not None and not isinstance(obj[field], str):
            raise _Rejected(
                Check.FIELD_TYPES,
                f"{where}: {field!r} must be a string or null, got {type(obj[field]).__name__}",
                obj,
            )
    text = normalise_newlines(obj["text"])
    if not text.strip():
        raise _Rejected(Check.NOT_EMPTY, f"{where}: 'text' is empty or whitespace only", obj)
    published_at = _published(obj.get("published_at"), obj)
    return article(
        article_id=obj["id"],
        text=text,
        title=obj.get("title"),
        url=obj.get("url"),
        outlet=obj.get("outlet"),
        published_at=published_at,
        source_name=source_name,
        source_uri=f"{path}#L{lineno}",
        source_format="jsonl",
    )
