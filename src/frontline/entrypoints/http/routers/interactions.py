"""Working a contact: accept or decline the offer, reply, transfer, end, wrap up; and the
contact and customer history an agent needs on screen."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field

from frontline.domain.live.dispositions import MAX_CODE_CHARS, MAX_NOTES_CHARS
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.live_deps import Live, Strict, TextIn, read
from frontline.entrypoints.http.routers.params import IdPath
from frontline.entrypoints.http.security import require
from frontline.service.live import commands
from frontline.service.live.ports import LiveReader
from frontline.service.live.queries import customer_history, interaction_detail

router = APIRouter(tags=["interactions"])
P = Permission
PREFIX = "/api/v1/interactions/{interaction_id}"


class TransferIn(Strict):
    queue: Annotated[str | None, Field(max_length=64)] = None
    agent: Annotated[str | None, Field(max_length=64, description="username")] = None


class WrapUpIn(Strict):
    disposition: Annotated[str, Field(max_length=MAX_CODE_CHARS)]
    notes: Annotated[str, Field(max_length=MAX_NOTES_CHARS)] = ""


def _uid(actor: Principal) -> int:
    assert actor.user_id is not None
    return actor.user_id


@router.post(f"{PREFIX}/accept", summary="Accept an offer (409 if not yours or expired)")
async def accept(
    interaction_id: IdPath, live: Live, actor: Principal = require(P.INTERACTIONS_HANDLE)
) -> Any:
    return await live.execute(commands.AcceptOffer(_uid(actor), interaction_id))


@router.post(f"{PREFIX}/decline", summary="Decline an offer")
async def decline(
    interaction_id: IdPath, live: Live, actor: Principal = require(P.INTERACTIONS_HANDLE)
) -> Any:
    return await live.execute(commands.DeclineOffer(_uid(actor), interaction_id))


@router.post(f"{PREFIX}/messages", status_code=201, summary="Reply to the customer")
async def reply(
    interaction_id: IdPath,
    body: TextIn,
    live: Live,
    actor: Principal = require(P.INTERACTIONS_HANDLE),
) -> Any:
    return await live.execute(commands.PostAgentMessage(_uid(actor), interaction_id, body.text))


@router.post(f"{PREFIX}/typing", status_code=204, summary="Agent typing")
async def typing(
    interaction_id: IdPath, live: Live, actor: Principal = require(P.INTERACTIONS_HANDLE)
) -> None:
    live.agent_typing(_uid(actor), interaction_id)


@router.post(f"{PREFIX}/transfer", summary="Transfer to a queue or to an agent (username)")
async def transfer(
    interaction_id: IdPath,
    body: TransferIn,
    live: Live,
    actor: Principal = require(P.INTERACTIONS_HANDLE),
) -> Any:
    cmd = commands.TransferInteraction(_uid(actor), interaction_id, body.queue, body.agent)
    return await live.execute(cmd)


@router.post(f"{PREFIX}/end", summary="End the conversation (it enters wrap-up)")
async def end(
    interaction_id: IdPath, live: Live, actor: Principal = require(P.INTERACTIONS_HANDLE)
) -> Any:
    return await live.execute(commands.EndInteraction(_uid(actor), interaction_id))


@router.post(f"{PREFIX}/wrap-up", summary="Close with a disposition and notes")
async def wrap_up(
    interaction_id: IdPath,
    body: WrapUpIn,
    live: Live,
    actor: Principal = require(P.INTERACTIONS_HANDLE),
) -> Any:
    cmd = commands.WrapUp(_uid(actor), interaction_id, body.disposition, body.notes)
    return await live.execute(cmd)


@router.get(PREFIX, summary="An interaction with its messages")
async def get_interaction(
    interaction_id: IdPath,
    live: Live,
    actor: Principal = require(P.INTERACTIONS_HANDLE, P.CUSTOMERS_READ),
) -> Any:
    def query(reader: LiveReader) -> Any:
        found = reader.interaction(interaction_id)
        name = live.agent_username(found.agent_user_id) if found else None
        return interaction_detail(reader, actor, interaction_id, name)

    return await read(live, query)


@router.get(
    "/api/v1/customers/{customer_id}/interactions",
    tags=["customers"],
    summary="A customer's interactions, newest first (agents: customers they are serving)",
)
async def history(
    customer_id: IdPath,
    live: Live,
    actor: Principal = require(P.CUSTOMERS_READ, P.INTERACTIONS_HANDLE),
) -> Any:
    held = live.held_customers(actor.user_id) if live.service.running else set()
    return await read(live, lambda r: customer_history(r, actor, customer_id, held))
