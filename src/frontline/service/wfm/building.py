"""Turning submitted rows into checked segments, with messages that name the row at fault."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from frontline.domain.wfm_schedule.schedule import Schedule
from frontline.domain.wfm_schedule.segments import (
    ScheduleError,
    Segment,
    check_no_overlaps,
    parse_activity,
)
from frontline.service.wfm.ports import AgentRef
from frontline.service.wfm.runtime import WfmRuntime


@dataclass(frozen=True)
class SegmentInput:
    agent_id: int
    activity: str
    start: datetime
    end: datetime
    note: str = ""


def build_segment(item: SegmentInput, agents: Mapping[int, AgentRef], where: str) -> Segment:
    """One segment from one submitted row; ``where`` ("segments[3]") prefixes any message."""
    if item.agent_id not in agents:
        raise ScheduleError(f"{where}: agent {item.agent_id} does not exist")
    try:
        return Segment(
            item.agent_id, parse_activity(item.activity), item.start, item.end, item.note
        )
    except ScheduleError as exc:
        raise ScheduleError(f"{where}: {exc}") from None


def names_of(agents: Mapping[int, AgentRef]) -> dict[int, str]:
    return {agent_id: ref.username for agent_id, ref in agents.items()}


def check_schedule(
    rt: WfmRuntime,
    schedule: Schedule,
    segments: Iterable[Segment],
    agents: Mapping[int, AgentRef],
) -> list[Segment]:
    """Every segment on the schedule's days and no agent in two places at once."""
    listed = list(segments)
    schedule.check_dates(listed, rt.zone)
    return check_no_overlaps(listed, names_of(agents))


def check_against_published(
    draft: Sequence[Segment], others: Sequence[tuple[int, Segment]], names: Mapping[int, str]
) -> None:
    """Publishing must not put an agent on two published schedules at the same time."""
    if not others:
        return
    try:
        check_no_overlaps([*draft, *(segment for _, segment in others)], names)
    except ScheduleError as exc:
        clashing = sorted({schedule_id for schedule_id, _ in others})
        listed = ", ".join(str(i) for i in clashing)
        raise ScheduleError(f"{exc} (clashes with published schedule(s) {listed})") from None
