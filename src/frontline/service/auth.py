"""Logging in and recognising callers.

Attempts are throttled per username and per client address *before* the password is checked,
so a locked-out guesser learns nothing and cannot burn CPU on argon2 either. An unknown
username costs one hash like a known one, so response time does not reveal which names exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontline.domain.org.errors import AuthenticationFailed, DomainError, InvalidValue
from frontline.domain.org.text import clean_username
from frontline.domain.org.users import Principal, User
from frontline.service.ports import LoginThrottle, PasswordHasher, TokenCodec, UnitOfWork

BAD_LOGIN = "incorrect username or password"


class TooManyAttempts(DomainError):
    """Login refused without checking the password; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__("too many login attempts; try again later")
        self.retry_after = retry_after


@dataclass(frozen=True)
class LogIn:
    username: str
    password: str
    client_address: str


@dataclass(frozen=True)
class LoginThrottles:
    by_username: LoginThrottle
    by_address: LoginThrottle


def log_in(uow: UnitOfWork, cmd: LogIn, hasher: PasswordHasher, throttles: LoginThrottles) -> User:
    """The user whose credentials these are, or AuthenticationFailed / TooManyAttempts."""
    username_key = cmd.username.strip().lower()[:64]
    checks = ((throttles.by_username, username_key), (throttles.by_address, cmd.client_address))
    waits = [wait for throttle, key in checks if (wait := throttle.retry_after(key)) is not None]
    if waits:
        raise TooManyAttempts(max(waits))
    for throttle, key in checks:
        throttle.hit(key)
    try:
        username = clean_username(cmd.username)
    except InvalidValue:
        username = ""
    with uow:
        user = uow.users.get_by_username(username) if username else None
        if user is None or not user.is_active:
            hasher.hash(cmd.password)  # same cost as a real check
            raise AuthenticationFailed(BAD_LOGIN)
        if not hasher.verify(user.password_hash, cmd.password):
            raise AuthenticationFailed(BAD_LOGIN)
        if hasher.needs_rehash(user.password_hash):
            user.password_hash = hasher.hash(cmd.password)
            uow.users.save(user)
            uow.commit()
    throttles.by_username.reset(username_key)
    return user


def issue_token(codec: TokenCodec, user: User) -> str:
    return codec.issue(user.id, user.username)


def principal_from_token(uow: UnitOfWork, codec: TokenCodec, token: str) -> Principal:
    """Resolve a bearer token to the *current* user, so revoked roles take effect at once."""
    user_id = codec.read(token)
    with uow:
        user = uow.users.get(user_id)
    if user is None or not user.is_active:
        raise AuthenticationFailed("the account behind this token no longer exists or is disabled")
    return Principal(user_id=user.id, username=user.username, roles=user.roles)
