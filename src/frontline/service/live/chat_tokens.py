"""Customer chat session tokens: 256 random bits, shown once, stored only as a SHA-256.

A stolen database copy therefore cannot be used to read or write anybody's chat; a fast hash
is enough because the token itself has full entropy (no guessing to slow down).
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_session_token() -> tuple[str, str]:
    """(token for the customer, hash to store)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
