"""Signed bearer tokens (JWT, HS256). The token carries only the user id; roles are read from the
database on every request, so taking a role away does not wait for tokens to expire.

A verified token is remembered with its expiry: the agent desktop sends the same token with
every call and socket command, and checking an HS256 signature again each time was a
visible share of a busy server's time. A remembered token still expires on time.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import jwt

from frontline.domain.org.errors import AuthenticationFailed

ALGORITHM = "HS256"
ISSUER = "frontline"
MAX_REMEMBERED_TOKENS = 10_000


class JwtTokenCodec:
    def __init__(self, secret: str, ttl: timedelta) -> None:
        if len(secret) < 32:
            raise ValueError("the token secret must be at least 32 characters")
        self._secret = secret
        self._ttl = ttl
        self._verified: dict[str, tuple[float, int]] = {}  # token: (expires at, user id)

    def __repr__(self) -> str:  # never let the secret reach a log line
        return f"JwtTokenCodec(ttl={self._ttl})"

    def issue(self, user_id: int, username: str) -> str:
        now = datetime.now(UTC)
        claims = {
            "sub": str(user_id),
            "name": username,
            "iss": ISSUER,
            "iat": now,
            "exp": now + self._ttl,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def read(self, token: str) -> int:
        known = self._verified.get(token)
        if known is not None and known[0] > time.time():
            return known[1]
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["sub", "exp", "iss"]},
            )
            user_id = int(claims["sub"])
            expires = float(claims["exp"])
        except (jwt.PyJWTError, ValueError, TypeError):
            raise AuthenticationFailed("invalid or expired token") from None
        if len(self._verified) >= MAX_REMEMBERED_TOKENS:
            self._verified.clear()
        self._verified[token] = (expires, user_id)
        return user_id
