"""Adherence per agent and team for a day, and the agents out of adherence right now (the
list a wallboard shows)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.params import IdQuery
from frontline.entrypoints.http.routers.wfm_deps import Wfm
from frontline.entrypoints.http.schemas.wfm_schedules import (
    AdherenceOut,
    AgentFigures,
    AlertOut,
    AlertsOut,
    Figures,
    TeamFigures,
)
from frontline.entrypoints.http.security import require
from frontline.service.wfm.adherence_report import adherence_for_day, current_alerts

router = APIRouter(prefix="/api/v1/adherence", tags=["adherence"])
READ = (Permission.SCHEDULES_READ, Permission.SCHEDULES_READ_TEAM)


@router.get("", summary="Adherence and conformance per agent and team for a day, so far")
def adherence(
    wfm: Wfm,
    day: Annotated[date | None, Query(alias="date", description="default: today")] = None,
    team: IdQuery = None,
    actor: Principal = require(*READ),
) -> AdherenceOut:
    day = day or wfm.clock.now().astimezone(wfm.zone).date()
    result = adherence_for_day(wfm, actor, day, team)
    teams = sorted(result.teams.items(), key=lambda item: (item[0] is None, item[0] or 0))
    return AdherenceOut(
        date=result.day,
        timezone=wfm.zone.key,
        start=result.start,
        until=result.until,
        total=Figures(**Figures.values(result.total)),
        teams=[TeamFigures(team_id=team_id, **Figures.values(t)) for team_id, t in teams],
        agents=[AgentFigures.of(row.agent, row.tally) for row in result.agents],
    )


@router.get("/alerts", summary="Agents out of adherence for longer than the grace period")
def alerts(wfm: Wfm, actor: Principal = require(*READ)) -> AlertsOut:
    now = wfm.clock.now()
    found = current_alerts(wfm, actor)
    return AlertsOut(
        at=now,
        grace_seconds=wfm.grace.total_seconds(),
        alerts=[
            AlertOut(
                agent_id=a.agent.agent_id,
                username=a.agent.username,
                display_name=a.agent.display_name,
                team_id=a.agent.team_id,
                scheduled_activity=a.alert.activity,
                scheduled_until=a.alert.scheduled_until,
                state=a.alert.state,
                reason=a.alert.reason,
                out_since=a.alert.since,
                minutes_out=round(a.alert.seconds(now) / 60, 2),
            )
            for a in found
        ],
    )
