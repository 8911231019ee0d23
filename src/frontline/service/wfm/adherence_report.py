"""Adherence per agent and team for a day, and the agents out of adherence right now.

Both read the *published* schedule (what agents were told) and the state log; the pure rules
are in ``frontline.domain.wfm_schedule``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from frontline.domain.org.users import Principal
from frontline.domain.wfm_schedule.adherence import AdherenceTally, StateSpan, tally
from frontline.domain.wfm_schedule.alerts import OutOfAdherence, out_of_adherence
from frontline.domain.wfm_schedule.schedule import day_bounds
from frontline.domain.wfm_schedule.segments import Segment
from frontline.service.wfm.ports import AgentRef, WfmUnitOfWork
from frontline.service.wfm.runtime import WfmRuntime
from frontline.service.wfm.visibility import visible_agents

LOOK_BACK = timedelta(days=1)  # how far an alert's mismatch is traced back
NEVER = datetime.min.replace(tzinfo=UTC)  # no state logged yet: offline since forever


@dataclass(frozen=True)
class AgentAdherence:
    agent: AgentRef
    tally: AdherenceTally


@dataclass(frozen=True)
class AdherenceDay:
    day: date
    start: datetime
    until: datetime  # the end of the day, or now if the day is not over
    agents: list[AgentAdherence]
    teams: dict[int | None, AdherenceTally]
    total: AdherenceTally


@dataclass(frozen=True)
class Alert:
    agent: AgentRef
    alert: OutOfAdherence


def _segments_by_agent(
    uow: WfmUnitOfWork, ids: frozenset[int], start: datetime, end: datetime
) -> dict[int, list[Segment]]:
    grouped: dict[int, list[Segment]] = defaultdict(list)
    for _, segment in uow.schedules.published(ids, start, end):
        grouped[segment.agent_id].append(segment)
    return grouped


def adherence_for_day(
    rt: WfmRuntime, actor: Principal, day: date, team_id: int | None = None
) -> AdherenceDay:
    """Figures of every visible agent with scheduled or worked time that day, so far."""
    start, end = day_bounds(day, rt.zone)
    until = max(start, min(end, rt.clock.now()))
    with rt.uow() as uow:
        agents = visible_agents(uow, actor, team_id)
        ids = frozenset(agents)
        segments = _segments_by_agent(uow, ids, start, end)
        spans: dict[int, list[StateSpan]] = defaultdict(list)
        for entry in uow.state_log.spans(ids, start, until):
            spans[entry.agent_id].append(
                StateSpan(entry.state, entry.reason, entry.started_at, entry.ended_at)
            )
    rows = []
    teams: dict[int | None, AdherenceTally] = defaultdict(AdherenceTally)
    for agent_id, ref in agents.items():
        figures = tally(segments.get(agent_id, []), spans.get(agent_id, []), start, until, rt.rules)
        if figures.scheduled_s == 0 and figures.worked_s == 0 and agent_id not in segments:
            continue
        rows.append(AgentAdherence(ref, figures))
        teams[ref.team_id] += figures
    total = sum((row.tally for row in rows), AdherenceTally())
    return AdherenceDay(day, start, until, rows, dict(teams), total)


def current_alerts(rt: WfmRuntime, actor: Principal) -> list[Alert]:
    """Visible agents whose state has not matched the published schedule for longer than the
    grace period, the longest first."""
    now = rt.clock.now()
    with rt.uow() as uow:
        agents = visible_agents(uow, actor)
        ids = frozenset(agents)
        segments = _segments_by_agent(uow, ids, now - LOOK_BACK, now + timedelta(seconds=1))
        current = {entry.agent_id: entry for entry in uow.state_log.current(frozenset(segments))}
    alerts = []
    for agent_id, mine in segments.items():
        entry = current.get(agent_id)
        state, reason, since = (
            (entry.state, entry.reason, entry.started_at) if entry else ("offline", None, NEVER)
        )
        found = out_of_adherence(mine, state, reason, since, now, rt.grace, rt.rules)
        if found is not None:
            alerts.append(Alert(agents[agent_id], found))
    return sorted(alerts, key=lambda a: (a.alert.since, a.agent.agent_id))
