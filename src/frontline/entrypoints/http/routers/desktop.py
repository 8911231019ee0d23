"""The agent's own desktop: the snapshot it is rebuilt from, and its presence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.live_deps import Live, Strict
from frontline.entrypoints.http.security import require
from frontline.service.live import commands

router = APIRouter(prefix="/api/v1/agents/me", tags=["agent desktop"])


class StateIn(Strict):
    state: Annotated[str, Field(max_length=16, description="available, break, not_ready, offline")]
    reason: Annotated[str | None, Field(max_length=64)] = None


def _user_id(actor: Principal) -> int:
    assert actor.user_id is not None
    return actor.user_id


@router.get("/desktop", summary="Snapshot of the caller's desktop (state, contacts, offers)")
async def get_desktop(live: Live, actor: Principal = require(Permission.DESKTOP_USE)) -> Any:
    return await live.execute(commands.ReadDesktop(_user_id(actor)))


@router.put("/state", summary="Change the caller's presence (409 for an illegal transition)")
async def put_state(
    body: StateIn, live: Live, actor: Principal = require(Permission.DESKTOP_USE)
) -> Any:
    return await live.execute(commands.SetAgentState(_user_id(actor), body.state, body.reason))
