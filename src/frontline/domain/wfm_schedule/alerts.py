"""Out-of-adherence detection: an agent whose state has not matched the schedule for longer
than a grace period (a few minutes late back from lunch is normal; twenty is an alert).

The mismatch is dated from when it began, not from the current segment: an agent who never
logged in is out of adherence since the shift started, through the lunch that followed,
and does not get a fresh grace period at every segment boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from frontline.domain.wfm_schedule.rules import AdherenceRules
from frontline.domain.wfm_schedule.segments import Activity, Segment


@dataclass(frozen=True)
class OutOfAdherence:
    agent_id: int
    activity: Activity
    scheduled_until: datetime
    state: str
    reason: str | None
    since: datetime  # when the mismatch began

    def seconds(self, now: datetime) -> float:
        return (now - self.since).total_seconds()


def current_segment(segments: Sequence[Segment], now: datetime) -> int | None:
    """Index of the segment running at ``now`` in start-ordered ``segments``."""
    for index, segment in enumerate(segments):
        if segment.start <= now < segment.end:
            return index
    return None


def out_of_adherence(
    segments: Sequence[Segment],
    state: str,
    reason: str | None,
    state_since: datetime,
    now: datetime,
    grace: timedelta,
    rules: AdherenceRules,
) -> OutOfAdherence | None:
    """The alert for one agent at ``now``, or None (adherent, unscheduled, or within grace).

    ``segments`` are the agent's, ordered by start and not overlapping; the agent has been in
    ``state`` since ``state_since``.
    """
    index = current_segment(segments, now)
    if index is None:
        return None
    segment = segments[index]
    if rules.admits(segment.activity, state, reason):
        return None
    began = max(state_since, segment.start)
    while index > 0 and state_since < segments[index].start:
        previous = segments[index - 1]
        contiguous = previous.end == segments[index].start
        if not contiguous or rules.admits(previous.activity, state, reason):
            break
        index -= 1
        began = max(state_since, previous.start)
    if now - began < grace:
        return None
    return OutOfAdherence(segment.agent_id, segment.activity, segment.end, state, reason, began)
