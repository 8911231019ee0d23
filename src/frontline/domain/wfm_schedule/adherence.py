"""Adherence and conformance of one agent over a window, from segments and state spans.

Definitions (ARCHITECTURE.md, made precise here):

- **Adherence** = seconds in a state the rules admit for the scheduled activity ÷ scheduled
  seconds. Only scheduled time counts: minutes outside every segment are neither credited nor
  held against the agent. **"off" segments are excluded** from both sides: a day off is not
  something to adhere to, and counting it would let 16 offline hours hide a missed shift.
- **Minutes out of adherence** = scheduled minutes − adherent minutes.
- **Conformance** = worked seconds ÷ scheduled work seconds, where worked means any working
  state (those the rules admit for "work") anywhere in the window, scheduled or not. It says
  whether the agent put in the hours; adherence says whether they did so at the right times.
  Conformance may exceed 100 % (overtime).
- For a team, seconds are summed over its agents before dividing (minute-weighted), so an agent
  scheduled 8 hours weighs twice one scheduled 4.

The window is normally one site day cut at "now": time that has not happened yet is not
scheduled time yet, so today's figure is "so far today".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from frontline.domain.wfm_schedule.rules import AdherenceRules
from frontline.domain.wfm_schedule.segments import Activity, Segment


@dataclass(frozen=True)
class StateSpan:
    """An agent in ``state`` (with ``reason``) from ``start`` until ``end`` (None: still is)."""

    state: str
    reason: str | None
    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class AdherenceTally:
    scheduled_s: float = 0.0
    adherent_s: float = 0.0
    work_scheduled_s: float = 0.0
    worked_s: float = 0.0

    def __add__(self, other: AdherenceTally) -> AdherenceTally:
        return AdherenceTally(
            self.scheduled_s + other.scheduled_s,
            self.adherent_s + other.adherent_s,
            self.work_scheduled_s + other.work_scheduled_s,
            self.worked_s + other.worked_s,
        )

    @property
    def adherence(self) -> float | None:
        """Share of scheduled time in the scheduled state; None when nothing was scheduled."""
        return self.adherent_s / self.scheduled_s if self.scheduled_s > 0 else None

    @property
    def conformance(self) -> float | None:
        return self.worked_s / self.work_scheduled_s if self.work_scheduled_s > 0 else None

    @property
    def out_of_adherence_s(self) -> float:
        return self.scheduled_s - self.adherent_s


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> float:
    return max(0.0, (min(a1, b1) - max(a0, b0)).total_seconds())


_Span = tuple[datetime, datetime, str, str | None]


def _clipped(spans: Iterable[StateSpan], start: datetime, end: datetime) -> list[_Span]:
    """Spans inside the window as (start, end, state, reason), open ones closed at its end."""
    kept = []
    for span in spans:
        span_end = end if span.end is None else min(span.end, end)
        span_start = max(span.start, start)
        if span_end > span_start:
            kept.append((span_start, span_end, span.state, span.reason))
    return sorted(kept, key=lambda s: s[0])


def tally(
    segments: Sequence[Segment],
    spans: Iterable[StateSpan],
    start: datetime,
    end: datetime,
    rules: AdherenceRules,
) -> AdherenceTally:
    """One agent's figures over ``[start, end)``; segments and spans must not overlap
    among themselves (a flat schedule, a state log)."""
    if end <= start:
        return AdherenceTally()
    states = _clipped(spans, start, end)
    scheduled = adherent = work = 0.0
    first = 0  # spans ending before the current segment are never looked at again
    for segment in sorted(segments, key=lambda s: s.start):
        seg_start, seg_end = max(segment.start, start), min(segment.end, end)
        if seg_end <= seg_start or segment.activity is Activity.OFF:
            continue
        length = (seg_end - seg_start).total_seconds()
        scheduled += length
        if segment.activity is Activity.WORK:
            work += length
        while first < len(states) and states[first][1] <= seg_start:
            first += 1
        for s_start, s_end, state, reason in states[first:]:
            if s_start >= seg_end:
                break
            if rules.admits(segment.activity, state, reason):
                adherent += _overlap(seg_start, seg_end, s_start, s_end)
    worked = sum((s[1] - s[0]).total_seconds() for s in states if rules.is_working(s[2]))
    return AdherenceTally(scheduled, adherent, work, worked)
