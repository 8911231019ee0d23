"""Re-reading the principals in use together, one query per period.

The principal cache (``auth.PrincipalCache``) keeps each user for a few seconds so that a
change made elsewhere (another node, the CLI) applies within that time. Expiring entries one
by one made a server with 500 agents on their desktops look up about 100 users a second,
each a query and a thread-pool hop in the middle of someone's request. Instead, a
background thread re-reads every user whose entry was used lately, in one query, a little
before the entries expire: the same bound on staleness, and a lookup on the request path
only for a user who was idle for a while.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from frontline.service.auth import PrincipalCache, principal_for
from frontline.service.ports import UnitOfWork

log = logging.getLogger(__name__)

IDLE_S = 60.0  # users not seen for this long are left to expire
CHUNK = 1000  # ids per query


class PrincipalRefresher:
    """A background service (``start``/``stop``) keeping ``cache``'s active users fresh."""

    def __init__(
        self,
        cache: PrincipalCache,
        uow: Callable[[], UnitOfWork],
        every_s: float | None = None,
    ) -> None:
        self._cache = cache
        self._uow = uow
        self._every_s = every_s if every_s is not None else cache.ttl_s / 2
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="principal-refresh", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stopping.set()
            thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.wait(self._every_s):
            try:
                self.refresh_once()
            except Exception:  # the database is away: entries expire and lookups retry
                log.exception("refreshing cached principals failed")

    def refresh_once(self) -> int:
        """Re-read the users in use; returns how many were asked for."""
        asked, generation = self._cache.in_use(IDLE_S)
        for start in range(0, len(asked), CHUNK):
            chunk = asked[start : start + CHUNK]
            with self._uow() as uow:
                users = uow.users.get_many(chunk)
            fresh = {user.id: principal_for(user) for user in users if user.is_active}
            self._cache.refreshed(chunk, fresh, generation)
        return len(asked)
