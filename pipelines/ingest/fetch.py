"""HTTP fetching with httpx, careful about what it fetches and how much.

- only http(s); ``file://`` and every other scheme are refused;
- hosts resolving to private, loopback, link-local or other non-global addresses are
  refused unless the source sets ``allow_private`` (checked again on every redirect
  hop; DNS can still change between the check and the connection - a known limit);
- redirects are followed by hand: at most ``max_redirects``, a loop is a clear error;
- the body is streamed and the download aborted past ``max_bytes`` (also refused up
  front when Content-Length says so) or past ``total_timeout``;
- timeouts, connection errors and 5xx answers are retried with exponential backoff
  (``retries`` times, ``backoff`` * 2**n seconds);
- conditional GET: ETag / Last-Modified are kept per URL in a small JSON file, so an
  unchanged feed costs one 304.

Everything that goes wrong raises FetchError(check_name, reason); callers turn it
into a quarantine record.
"""
from __future__ import annotations

import ipaddress
import json
import os
import socket
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from pipelines import settings
from pipelines.ingest.records import Check
from pipelines.ingest.text_cleaning import sniff_binary

USER_AGENT = "event-etl/0.1 (+https://github.com/event-etl/event-etl)"
CACHE_FILE = "http_cache.json"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """A URL could not be fetched or its answer is unusable."""

    def __init__(self, check_name: str, reason: str, url: str):
        super().__init__(f"{url}: {reason}")
        self.check_name, self.reason, self.url = check_name, reason, url


class _Retryable(Exception):
    """Internal: a timeout, connection error or 5xx that may pass on retry."""


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 10.0  # seconds per connect / read
    total_timeout: float = 60.0  # seconds for one whole download (a trickling server)
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 2
    backoff: float = 0.5
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT

    @classmethod
    def from_settings(cls, **overrides) -> FetchPolicy:
        policy = cls(
            timeout=settings.fetch_timeout_seconds(),
            max_bytes=settings.fetch_max_bytes(),
            retries=settings.fetch_retries(),
        )
        return replace(policy, **overrides)


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content: bytes
    content_type: str | None  # media type only, lowercase ('text/html')
    not_modified: bool = False


@dataclass
class ConditionalCache:
    """ETag / Last-Modified per URL, stored as JSON in ``state_dir``."""

    path: Path | None = None
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, state_dir: str | os.PathLike[str] | None) -> ConditionalCache:
        if state_dir is None:
            return cls()
        path = Path(state_dir) / CACHE_FILE
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entries, dict):
                entries = {}
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            entries = {}  # a lost or broken cache only costs full downloads
        return cls(path, entries)

    def headers_for(self, url: str) -> dict[str, str]:
        entry = self.entries.get(url, {})
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def remember(self, url: str, response_headers: httpx.Headers) -> None:
        entry = {
            key: response_headers[header]
            for key, header in (("etag", "etag"), ("last_modified", "last-modified"))
            if response_headers.get(header)
        }
        if entry:
            self.entries[url] = entry
        else:
            self.entries.pop(url, None)

    def save(self) -> None:
        """Write atomically (temporary file + rename)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".http_cache.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.entries, handle, indent=1, sort_keys=True)
        os.replace(tmp, self.path)


def check_url(url: str, allow_private: bool = False) -> None:
    """Raise FetchError unless ``url`` is http(s) to a public address (or allow_private)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError as exc:
        raise FetchError(Check.FETCH, f"invalid URL ({exc})", url) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(Check.FETCH, f"refused scheme {scheme or '(none)'!r}: only http and https are fetched", url)
    if not host:
        raise FetchError(Check.FETCH, "URL has no host", url)
    if allow_private:
        return
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port or (443 if scheme == "https" else 80), type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise FetchError(Check.FETCH, f"cannot resolve host {host!r} ({exc.strerror})", url) from None
        addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    for address in sorted(addresses, key=str):
        if not address.is_global:
            kind = (
                "loopback" if address.is_loopback
                else "link-local" if address.is_link_local
                else "private" if address.is_private
                else "non-public"
            )
            raise FetchError(
                Check.FETCH,
                f"refused {kind} address {address} for host {host!r} (set allow_private: true on the source to allow)",
                url,
            )


def check_html(result: FetchResult) -> None:
    """Raise FetchError(is_html) unless the answer is an HTML page (sniffing the bytes)."""
    binary = sniff_binary(result.content)
    if binary:
        served = f" (served as {result.content_type})" if result.content_type else ""
        raise FetchError(Check.CONTENT_TYPE, f"not HTML: the body is a {binary}{served}", result.url)
    if b"\x00" in result.content[:4096]:
        raise FetchError(Check.CONTENT_TYPE, "not HTML: the body is binary (NUL bytes)", result.url)
    if result.content_type and result.content_type not in HTML_TYPES:
        raise FetchError(Check.CONTENT_TYPE, f"not HTML: served as {result.content_type}", result.url)


class Fetcher:
    """GETs URLs under one FetchPolicy, with one shared httpx client and cache."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        cache: ConditionalCache | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.policy = policy or FetchPolicy.from_settings()
        self.cache = cache or ConditionalCache()
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.policy.user_agent},
            trust_env=False,  # never route through a proxy from the environment
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, conditional: bool = True) -> FetchResult:
        """Fetch ``url``; a 304 gives ``not_modified=True`` and empty content."""
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            try:
                return self._get_once(url, conditional)
            except _Retryable as exc:
                if attempt + 1 >= attempts:
                    raise FetchError(Check.FETCH, f"{exc} (gave up after {attempts} attempts)", url) from None
                self._sleep(self.policy.backoff * (2**attempt))
        raise AssertionError("unreachable")

    def _get_once(self, url: str, conditional: bool) -> FetchResult:
        visited: list[str] = []
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            check_url(current, self.policy.allow_private)
            if current in visited:
                chain = " -> ".join(visited + [current])
                raise FetchError(Check.FETCH, f"redirect loop: {chain}", url)
            visited.append(current)
            headers = self.cache.headers_for(url) if conditional and current == url else {}
            try:
                with self._client.stream("GET", current, headers=headers) as response:
                    if response.is_redirect and "location" in response.headers:
                        current = urljoin(current, response.headers["location"])
                        continue
                    return self._read(url, current, response)
            except httpx.TimeoutException as exc:
                raise _Retryable(f"timed out ({type(exc).__name__}, timeout {self.policy.timeout}s)") from None
            except (httpx.TransportError, httpx.StreamError) as exc:
                raise _Retryable(f"connection failed ({type(exc).__name__}: {exc})") from None
            except httpx.InvalidURL as exc:
                raise FetchError(Check.FETCH, f"invalid URL ({exc})", url) from None
        raise FetchError(Check.FETCH, f"more than {self.policy.max_redirects} redirects: {' -> '.join(visited)}", url)

    def _read(self, url: str, final_url: str, response: httpx.Response) -> FetchResult:
        status = response.status_code
        media = response.headers.get("content-type", "").split(";")[0].strip().lower() or None
        if status == 304:
            return FetchResult(url, final_url, status, b"", media, not_modified=True)
        if status >= 500:
            raise _Retryable(f"HTTP {status} {response.reason_phrase}")
        if status >= 400 or status < 200 or status in (204, 205):
            raise FetchError(Check.FETCH, f"HTTP {status} {response.reason_phrase}", url)
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(Check.SIZE_LIMIT, f"Content-Length {declared} is larger than the {cap}-byte limit (not downloaded)", url)
        deadline = time.monotonic() + self.policy.total_timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(Check.SIZE_LIMIT, f"download aborted: body larger than the {cap}-byte limit", url)
            if time.monotonic() > deadline:
                raise _Retryable(f"download slower than the {self.policy.total_timeout}s total timeout")
            chunks.append(chunk)
        self.cache.remember(url, response.headers)
        return FetchResult(url, final_url, status, b"".join(chunks), media)
