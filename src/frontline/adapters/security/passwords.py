"""Argon2id password hashing (argon2-cffi). Production uses the library's defaults (RFC 9106
low-memory profile); tests pass cheaper parameters through settings to stay fast."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2PasswordHasher:
    def __init__(
        self, time_cost: int | None = None, memory_cost: int | None = None, parallelism: int = 1
    ) -> None:
        defaults = _Argon2()
        self._argon2 = _Argon2(
            time_cost=time_cost or defaults.time_cost,
            memory_cost=memory_cost or defaults.memory_cost,
            parallelism=parallelism if (time_cost or memory_cost) else defaults.parallelism,
        )

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the stored hash used other parameters, so a login upgrades it."""
        try:
            return self._argon2.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
