"""Bytes -> text: binary sniffing, charset detection, newline normalisation.

Text is otherwise kept verbatim: extraction offsets refer to it, so nothing inside it
is stripped, reflowed or unescaped here.
"""
from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

# Magic numbers of formats that are never article text, whatever the file is called.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx/epub)"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (doc/xls)"),
    (b"SQLite format 3\x00", "SQLite database"),
)
# Encodings charset-normalizer proposes for short Western text that is really
# Windows-1252 (it often says cp1250 and turns 'è' into 'č').
_LATIN_FAMILY = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_15", "iso8859_2",
    "iso8859_9", "iso8859_13", "mac_roman", "cp850", "cp437",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAX_CONTROL_SHARE = 0.01  # more control characters than this: binary, not text


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can trust; ``str(err)`` says why."""


def sniff_binary(data: bytes) -> str | None:
    """A description of ``data`` when it is a known binary format, else None."""
    for signature, description in BINARY_SIGNATURES:
        if data.startswith(signature):
            return description
    return None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    allowed = {"\n", "\r", "\t", "\f", "\v"}
    bad = sum(1 for ch in text if ch not in allowed and unicodedata.category(ch) == "Cc")
    return bad / len(text)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; returns ``(text, encoding)``.

    Order: known binary signature -> refuse; BOM -> that encoding; strict UTF-8;
    charset detection (Western single-byte guesses resolved to Windows-1252).
    Raises UndecodableError for binary or undecodable bytes.
    """
    kind = sniff_binary(data)
    if kind:
        raise UndecodableError(f"binary content ({kind}), not text")
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"starts with a {encoding} byte-order mark but does not decode: {exc}") from exc
    else:
        if b"\x00" in data:
            raise UndecodableError("binary content (NUL bytes), not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(data)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise UndecodableError(f"binary content (decoded as {encoding}, but more than 1% control characters)")
    return text, encoding


def _detect(data: bytes) -> tuple[str, str]:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise UndecodableError("not valid UTF-8 and no text encoding fits (charset detection failed)")
    encoding = best.encoding
    if encoding in _LATIN_FAMILY:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), encoding


def normalise_newlines(text: str) -> str:
    """\\r\\n and lone \\r -> \\n; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def word_count(text: str) -> int:
    """Whitespace-separated tokens."""
    return len(text.split())


def first_bytes(data: bytes, n: int = 64) -> str:
    """The first ``n`` bytes as a printable escape string (for quarantine payloads)."""
    return repr(data[:n])[2:-1]
