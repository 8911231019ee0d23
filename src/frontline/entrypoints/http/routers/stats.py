"""The realtime wallboard figures (supervisors and admins: everything; team leads: their
teams' agents and the queues those agents serve)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.live_deps import Live, read
from frontline.entrypoints.http.security import require
from frontline.service.live import commands

router = APIRouter(prefix="/api/v1/stats", tags=["wallboard"])


async def stats_for(live: Live, actor: Principal) -> Any:
    team_ids: frozenset[int] | None = None
    if not actor.can(Permission.STATS_READ) and actor.user_id is not None:
        user_id = actor.user_id
        team_ids = await read(live, lambda r: r.team_ids_led_by(user_id))
    return await live.execute(commands.ReadStats(actor, team_ids))


@router.get("/realtime", summary="Per-queue and per-agent live figures")
async def realtime(
    live: Live, actor: Principal = require(Permission.STATS_READ, Permission.STATS_READ_TEAM)
) -> Any:
    return await stats_for(live, actor)
