"""Signed bearer tokens (JWT, HS256). The token carries only the user id; roles are read from the
database on every request, so taking a role away does not wait for tokens to expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from frontline.domain.org.errors import AuthenticationFailed

ALGORITHM = "HS256"
ISSUER = "frontline"


class JwtTokenCodec:
    def __init__(self, secret: str, ttl: timedelta) -> None:
        if len(secret) < 32:
            raise ValueError("the token secret must be at least 32 characters")
        self._secret = secret
        self._ttl = ttl

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
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["sub", "exp", "iss"]},
            )
            return int(claims["sub"])
        except (jwt.PyJWTError, ValueError, TypeError):
            raise AuthenticationFailed("invalid or expired token") from None
