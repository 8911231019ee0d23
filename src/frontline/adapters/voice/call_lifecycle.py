"""The life of one call as status callbacks report it, refusing moves that cannot happen.

Carriers retry webhooks and may deliver them out of order, so a repeated or late report
(``ringing`` after ``in-progress``) is ignored, while a contradiction (``busy`` after the call was
answered, anything but a repeat after a final status) is refused so it gets noticed.
"""

from __future__ import annotations

from frontline.adapters.voice.webhook_forms import CallStatus

_RANK = {CallStatus.QUEUED: 0, CallStatus.RINGING: 1, CallStatus.IN_PROGRESS: 2}
_UNANSWERED = frozenset(
    {CallStatus.BUSY, CallStatus.NO_ANSWER, CallStatus.FAILED, CallStatus.CANCELED}
)


class CallStatusConflict(ValueError):
    """The reported status contradicts what is already known about the call."""


def advance(current: CallStatus | None, reported: CallStatus) -> CallStatus:
    """The call's status after ``reported`` arrives (``current`` None: first report)."""
    if current is None or current == reported:
        return reported
    if current.is_final:
        raise CallStatusConflict(f"call already {current.value}, cannot become {reported.value}")
    if reported in _UNANSWERED and current is CallStatus.IN_PROGRESS:
        raise CallStatusConflict(f"an answered call cannot become {reported.value}")
    if reported.is_final:
        return reported
    return reported if _RANK[reported] > _RANK[current] else current
