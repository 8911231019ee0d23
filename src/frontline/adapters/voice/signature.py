"""Webhook signatures (``X-Twilio-Signature``): proof a request really comes from the carrier.

The carrier signs each request with the account's auth token: HMAC-SHA1 over the full URL it
called (scheme, host, path and query string) followed by every POST parameter, sorted by name,
as name immediately followed by value; the digest is sent base64-encoded. The check uses a
constant-time comparison. Some carriers sign the URL with the default port (``:443``) and some
without, so, like the reference helper libraries, both spellings are accepted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit

FormParams = Mapping[str, str] | Iterable[tuple[str, str]]
DEFAULT_PORTS = {"https": 443, "http": 80}


def _pairs(params: FormParams) -> list[tuple[str, str]]:
    items = params.items() if isinstance(params, Mapping) else params
    return sorted((str(name), str(value)) for name, value in items)


def compute_signature(auth_token: str, url: str, params: FormParams) -> str:
    """The base64 HMAC-SHA1 signature the carrier sends for ``url`` and form ``params``."""
    payload = url + "".join(name + value for name, value in _pairs(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _port_variants(url: str) -> list[str]:
    """``url`` as given, plus the same URL with the default port added or removed."""
    parts = urlsplit(url)
    default = DEFAULT_PORTS.get(parts.scheme)
    if default is None or parts.hostname is None:
        return [url]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    userinfo = parts.netloc.rpartition("@")[0]
    prefix = f"{userinfo}@" if userinfo else ""
    if parts.port is None:
        other = parts._replace(netloc=f"{prefix}{host}:{default}")
    elif parts.port == default:
        other = parts._replace(netloc=f"{prefix}{host}")
    else:
        return [url]
    return [url, urlunsplit(other)]


def is_valid_signature(
    auth_token: str, url: str, params: FormParams, signature: str | None
) -> bool:
    """Whether ``signature`` (the header, or None when absent) matches; never raises."""
    if not signature or not auth_token:
        return False
    pairs = _pairs(params)
    expected = signature.encode("ascii", "replace")
    return any(
        hmac.compare_digest(compute_signature(auth_token, variant, pairs).encode(), expected)
        for variant in _port_variants(url)
    )
