"""Charset and header decoding that tolerates what real mail sends.

Declared charsets are often wrong ("us-ascii" on UTF-8 text), unknown ("x-user-defined") or
missing, and raw 8-bit bytes turn up in headers. The rule: trust the declared charset when it
decodes cleanly, else try UTF-8, else fall back to the declared (or Latin-1) charset with
replacement characters, so decoding never fails and never silently drops text.
"""

from __future__ import annotations

import codecs
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import Message

#: What the stdlib email package raises on hostile input; caught wherever a header or part
#: is decoded so that one broken field never loses the rest of the message.
DECODE_ERRORS: tuple[type[Exception], ...] = (
    LookupError,
    UnicodeError,
    ValueError,
    IndexError,
    AttributeError,
    TypeError,
    MessageError,
)

_SURROGATE_START, _SURROGATE_END = "\udc80", "\udcff"


def _known_codec(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip('"')).name
    except (LookupError, ValueError):
        return None


def decode_text(data: bytes, charset: str | None, defects: list[str] | None = None) -> str:
    """Decode a text part; notes `UnknownCharset`/`UndecodableText` in `defects`."""
    declared = _known_codec(charset)
    if charset and declared is None and defects is not None:
        defects.append("UnknownCharset")
    for candidate in dict.fromkeys(c for c in (declared, "utf-8") if c):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    if defects is not None:
        defects.append("UndecodableText")
    return data.decode(declared or "latin-1", errors="replace")


def _repair_8bit(value: str) -> str:
    """Raw 8-bit header bytes arrive as surrogate escapes; decode them as UTF-8 or Latin-1."""
    if not any(_SURROGATE_START <= ch <= _SURROGATE_END for ch in value):
        return value
    raw = value.encode("utf-8", errors="surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _decode_raw_header(value: str) -> str:
    """RFC 2047 decoding of a header value the structured parser could not handle."""
    try:
        return str(make_header(decode_header(value)))
    except DECODE_ERRORS:
        return value


def _raw_header(message: Message, name: str) -> str | None:
    wanted = name.lower()
    return next((str(v) for k, v in message.raw_items() if k.lower() == wanted), None)


def has_raw_8bit(message: Message, name: str) -> bool:
    """True when the header carries undeclared 8-bit bytes (not RFC 2047 encoded)."""
    raw = _raw_header(message, name) or ""
    return any(_SURROGATE_START <= ch <= _SURROGATE_END for ch in raw)


def header_text(message: Message, name: str) -> str:
    """The decoded (RFC 2047) text of the first `name` header, "" if absent; never raises.

    The structured parser decodes raw 8-bit bytes as UTF-8 with replacement characters,
    which garbles Latin-1 headers; those are decoded from the raw value instead.
    """
    if has_raw_8bit(message, name):
        text = _decode_raw_header(_repair_8bit(_raw_header(message, name) or ""))
    else:
        try:
            value = message.get(name)
            text = "" if value is None else str(value)
        except DECODE_ERRORS:
            text = _decode_raw_header(_raw_header(message, name) or "")
    return text.replace("\r", " ").replace("\n", " ")
