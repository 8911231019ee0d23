"""Reads of committed live data for the entrypoints, with their access rules.

These run outside the routing service (any thread, any number at once): they only read what
the service has already committed.
"""

from __future__ import annotations

from frontline.domain.live.interactions import Interaction, customer_status
from frontline.domain.org.errors import AuthenticationFailed, Forbidden, NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.live.chat_tokens import hash_token
from frontline.service.live.ports import JsonDict, LiveReader
from frontline.service.live.views import interaction_view, message_view

HISTORY_LIMIT = 50


def chat_session(reader: LiveReader, session_id: int, token: str | None) -> Interaction:
    """The session the token opens: 401 for a token that opens nothing, 403 for another's."""
    if not token:
        raise AuthenticationFailed("this chat session needs its token")
    owner = reader.session_of_token(hash_token(token))
    if owner is None:
        raise AuthenticationFailed("invalid chat session token")
    if owner != session_id:
        raise Forbidden("this token belongs to another chat session")
    interaction = reader.interaction(session_id)
    if interaction is None:  # deleted meanwhile
        raise NotFound(f"chat session {session_id} not found")
    return interaction


def chat_transcript(
    reader: LiveReader, interaction: Interaction, after: int, agent_name: str | None
) -> JsonDict:
    return {
        "session_id": interaction.id,
        "status": customer_status(interaction.status),
        "agent_name": agent_name,
        "messages": [message_view(m) for m in reader.messages(interaction.id, after)],
    }


def may_see_customer_data(principal: Principal) -> bool:
    return principal.can(Permission.CUSTOMERS_READ)


def interaction_detail(
    reader: LiveReader, principal: Principal, interaction_id: int, agent_name: str | None
) -> JsonDict:
    """An agent sees the contacts it holds or handled; customer-data readers see all."""
    interaction = reader.interaction(interaction_id)
    if interaction is None or not (
        may_see_customer_data(principal)
        or principal.user_id in (interaction.agent_user_id, interaction.offered_to)
    ):
        raise NotFound(f"interaction {interaction_id} not found")
    return interaction_view(
        interaction, agent_username=agent_name, messages=reader.messages(interaction.id)
    )


def customer_history(
    reader: LiveReader, principal: Principal, customer_id: int, held: set[int]
) -> JsonDict:
    """A customer's interactions, newest first. An agent sees the history only of a customer
    whose contact it holds right now (``held``: its customers), the way it sees the customer
    on its desktop; customer-data readers see any."""
    if not may_see_customer_data(principal) and customer_id not in held:
        raise NotFound(f"customer {customer_id} not found")
    items = reader.customer_history(customer_id, HISTORY_LIMIT)
    return {"customer_id": customer_id, "interactions": [interaction_view(i) for i in items]}
