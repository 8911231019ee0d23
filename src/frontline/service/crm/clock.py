"""The real clock, and how actors are written on case records.

Use cases never call ``datetime.now`` themselves: they ask the injected `Clock`, so the SLA
evaluator and the tests can run "as of" any moment.
"""

from __future__ import annotations

from datetime import UTC, datetime

from frontline.domain.org.users import Principal

SYSTEM_LABEL = "system"


class SystemClock:
    """`Clock` on the machine's time, always timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


def actor_label(actor: Principal) -> str:
    """The opaque author label kept on case history: ``user:<id>`` or ``system``."""
    return SYSTEM_LABEL if actor.user_id is None else user_label(actor.user_id)


def user_label(user_id: int) -> str:
    return f"user:{user_id}"


def user_id_of(label: str | None) -> int | None:
    """The user id behind a ``user:<id>`` label; None for the system, rules and customers."""
    if label is None or not label.startswith("user:"):
        return None
    tail = label.removeprefix("user:")
    return int(tail) if tail.isdigit() else None
