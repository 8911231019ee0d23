"""Turning the chosen shifts into the simulator's agent groups, one open stretch at a time.

Each schedule line (people on one shift with the same breaks) becomes one agent group per open
stretch it works in: it logs in at the shift's first period inside the stretch (or at opening,
if the shift starts earlier), takes its breaks where the schedule placed them, and logs out at
the shift's end. People still on duty at closing time stay until the queue is empty, as a
center does when it closes its doors: the simulator lets every contact that arrived finish.

Shrinkage is applied as an expected value, not a random draw: of each stretch's groups, taken
in order of login time, ``(1 - shrinkage)`` of the people are kept by cumulative rounding, so
every prefix of the day keeps its share to within one person.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from frontline.domain.channels import Channel
from frontline.service.planning.calendar import OpenStretch, PlanCalendar
from frontline.sim.scenario import AgentGroupSpec, BreakSpec
from frontline.wfm.scheduling import ScheduledLine, ShiftType

SKILL = "general"
"""The single skill of a plan's queue and agents: the plan staffs one queue."""


@dataclass(frozen=True, slots=True)
class _Run:
    """A stretch of consecutive periods of one shift, as local minutes ``[start, end)``."""

    start: int
    end: int


def _time_runs(calendar: PlanCalendar, periods: Iterable[int]) -> list[_Run]:
    step = calendar.interval_minutes
    runs: list[_Run] = []
    for period in periods:
        minute = calendar.minute_of_period(period)
        if runs and runs[-1].end == minute:
            runs[-1] = _Run(runs[-1].start, minute + step)
        else:
            runs.append(_Run(minute, minute + step))
    return runs


def groups_for_stretch(
    calendar: PlanCalendar,
    stretch: OpenStretch,
    lines: Iterable[ScheduledLine],
    shifts: dict[str, ShiftType],
    shrinkage: float = 0.0,
) -> tuple[AgentGroupSpec, ...]:
    """The agent groups working in ``stretch``, times in seconds from its opening."""
    opens = stretch.start_minute
    closes = opens + stretch.rows * calendar.interval_minutes
    groups: list[AgentGroupSpec] = []
    for number, line in enumerate(lines):
        breaks = [run for placed in line.breaks for run in _time_runs(calendar, placed.periods)]
        for run in _time_runs(calendar, shifts[line.shift].periods):
            start, end = max(run.start, opens), min(run.end, closes)
            if start >= end:
                continue
            groups.append(
                AgentGroupSpec(
                    name=f"{line.shift}#{number}@{start}",
                    count=line.count,
                    skills={SKILL: 1},
                    capacity={Channel.VOICE: 1},
                    shift_start_s=60.0 * (start - opens),
                    shift_end_s=60.0 * (run.end - opens) if run.end < closes else math.inf,
                    breaks=tuple(
                        BreakSpec(60.0 * (b.start - opens), 60.0 * (b.end - b.start), "break")
                        for b in breaks
                        if start <= b.start < end
                    ),
                )
            )
    return _after_shrinkage(groups, shrinkage)


def _after_shrinkage(groups: list[AgentGroupSpec], shrinkage: float) -> tuple[AgentGroupSpec, ...]:
    if shrinkage <= 0:
        return tuple(groups)
    kept: list[AgentGroupSpec] = []
    expected = 0.0
    for group in sorted(groups, key=lambda g: (g.shift_start_s, g.name)):
        before = math.floor(expected + 0.5)
        expected += group.count * (1.0 - shrinkage)
        count = math.floor(expected + 0.5) - before
        if count > 0:
            kept.append(replace(group, count=count))
    return tuple(kept)


def agents_on_duty(groups: Iterable[AgentGroupSpec], starts_s: Iterable[float]) -> list[int]:
    """People logged in and not on a scheduled break at each of ``starts_s`` (seconds)."""
    counts: list[int] = []
    materialised = list(groups)
    for t in starts_s:
        on = 0
        for group in materialised:
            if not group.shift_start_s <= t < group.shift_end_s:
                continue
            if any(b.start_s <= t < b.start_s + b.duration_s for b in group.breaks):
                continue
            on += group.count
        counts.append(on)
    return counts
