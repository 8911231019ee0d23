"""Logging in and recognising callers.

Attempts are throttled per username and per client address *before* the password is checked,
so a locked-out guesser learns nothing and cannot burn CPU on argon2 either. An unknown
username costs one hash like a known one, so response time does not reveal which names exist.

Recognising a caller checks the token (signature, expiry) every time; the user it names is
looked up at most once per ``PRINCIPAL_TTL_S`` seconds (``PrincipalCache``): every request
and socket of a busy desktop would otherwise query ``users``. A role, password or activation
change made through this server's units of work drops the cached entry when it commits
(``watching_users``); one made elsewhere (another node, the CLI) takes effect within the TTL.
The principals in use are re-read together, one query per period (``principal_refresh``),
so a busy server does not look its users up one by one every few seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from types import TracebackType

from frontline.domain.org.errors import AuthenticationFailed, DomainError, InvalidValue
from frontline.domain.org.text import clean_username
from frontline.domain.org.users import Principal, User
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import (
    LoginThrottle,
    PasswordHasher,
    TokenCodec,
    UnitOfWork,
    UserFilter,
    UserRepository,
)

PRINCIPAL_TTL_S = 5.0
MAX_CACHED_PRINCIPALS = 10_000

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


def principal_for(user: User) -> Principal:
    """What a request or socket acts as: the user's id, name and roles (no secrets)."""
    return Principal(user_id=user.id, username=user.username, roles=user.roles)


def principal_from_token(
    uow: UnitOfWork, codec: TokenCodec, token: str, cache: PrincipalCache | None = None
) -> Principal:
    """Resolve a bearer token to the *current* user, so revoked roles take effect at once
    (within the cache's TTL for changes this server's units of work did not make)."""
    user_id = codec.read(token)
    if cache is not None and (known := cache.lookup(user_id)) is not None:
        return known
    generation = cache.generation() if cache is not None else 0
    with uow:
        user = uow.users.get(user_id)
    if user is None or not user.is_active:
        raise AuthenticationFailed("the account behind this token no longer exists or is disabled")
    principal = principal_for(user)
    if cache is not None:
        cache.store(principal, generation)
    return principal


class PrincipalCache:
    """Active users' principals by user id, each for ``ttl_s`` seconds (thread-safe).

    ``store`` is refused when an invalidation happened since the caller read the generation:
    a lookup that raced with a committed change must not put the old roles back."""

    def __init__(
        self,
        ttl_s: float = PRINCIPAL_TTL_S,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = MAX_CACHED_PRINCIPALS,
    ) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._max_entries = max_entries
        self._entries: dict[int, tuple[float, Principal]] = {}
        self._used: dict[int, float] = {}  # user id: last lookup that found the entry
        self._generation = 0
        self._lock = threading.Lock()

    def lookup(self, user_id: int) -> Principal | None:
        with self._lock:
            entry = self._entries.get(user_id)
            if entry is None:
                return None
            now = self._clock()
            if entry[0] <= now:
                del self._entries[user_id]
                return None
            self._used[user_id] = now
            return entry[1]

    def in_use(self, idle_s: float) -> tuple[list[int], int]:
        """Users whose entry was used in the last ``idle_s`` seconds, and the generation to
        hand back to ``refreshed``."""
        with self._lock:
            since = self._clock() - idle_s
            self._used = {u: at for u, at in self._used.items() if u in self._entries}
            return [u for u, at in self._used.items() if at >= since], self._generation

    def refreshed(self, asked: Iterable[int], fresh: dict[int, Principal], generation: int) -> None:
        """Replace the entries of ``asked`` with ``fresh`` (read after ``generation``); an
        asked user missing from ``fresh`` is gone or disabled and loses its entry."""
        with self._lock:
            if generation != self._generation:
                return  # a change committed meanwhile: the next period reads it
            expires = self._clock() + self.ttl_s
            for user_id in asked:
                principal = fresh.get(user_id)
                if principal is None:
                    self._entries.pop(user_id, None)
                else:
                    self._entries[user_id] = (expires, principal)

    def generation(self) -> int:
        with self._lock:
            return self._generation

    def store(self, principal: Principal, generation: int) -> None:
        if principal.user_id is None:
            return
        with self._lock:
            if generation != self._generation:
                return
            if len(self._entries) >= self._max_entries:
                self._entries.clear()  # rare: more active users than entries; start over
                self._used.clear()
            now = self._clock()
            self._entries[principal.user_id] = (now + self.ttl_s, principal)
            self._used[principal.user_id] = now

    def invalidate(self, user_ids: Iterable[int]) -> None:
        with self._lock:
            self._generation += 1
            for user_id in user_ids:
                self._entries.pop(user_id, None)


class _WatchedUsers:
    """The users repository of a unit of work, noting which users it changes."""

    def __init__(self, inner: UserRepository, changed: set[int]) -> None:
        self._inner = inner
        self._changed = changed

    def add(self, user: User) -> User:
        return self._inner.add(user)

    def get(self, user_id: int) -> User | None:
        return self._inner.get(user_id)

    def get_many(self, user_ids: Collection[int]) -> list[User]:
        return self._inner.get_many(user_ids)

    def get_by_username(self, username: str) -> User | None:
        return self._inner.get_by_username(username)

    def save(self, user: User) -> None:
        self._changed.add(user.id)
        self._inner.save(user)

    def delete(self, user_id: int) -> None:
        self._changed.add(user_id)
        self._inner.delete(user_id)

    def list(self, filters: UserFilter, page: Page) -> PageResult[User]:
        return self._inner.list(filters, page)


class _WatchingUnitOfWork:
    """A unit of work that drops the cached principals of the users it changed, after its
    commit (dropping them before would let a concurrent lookup cache the old roles again)."""

    def __init__(self, inner: UnitOfWork, cache: PrincipalCache) -> None:
        self._inner = inner
        self._cache = cache
        self._changed: set[int] = set()

    def __enter__(self) -> _WatchingUnitOfWork:
        inner = self._inner.__enter__()
        self.users: UserRepository = _WatchedUsers(inner.users, self._changed)
        self.teams, self.skills, self.agents = inner.teams, inner.skills, inner.agents
        self.queues, self.customers, self.audit = inner.queues, inner.customers, inner.audit
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self._inner.commit()
        if self._changed:
            self._cache.invalidate(self._changed)
            self._changed.clear()

    def rollback(self) -> None:
        self._changed.clear()
        self._inner.rollback()


def watching_users(
    factory: Callable[[], UnitOfWork], cache: PrincipalCache
) -> Callable[[], UnitOfWork]:
    """``factory``'s units of work, telling ``cache`` about the users they change."""
    return lambda: _WatchingUnitOfWork(factory(), cache)
