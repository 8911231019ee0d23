"""Finding the records a command acts on, with the error each absence deserves."""

from __future__ import annotations

from frontline.domain.live.interactions import Interaction
from frontline.domain.org.errors import Conflict, Forbidden, NotFound
from frontline.service.live.registry import register_agent
from frontline.service.live.state import AgentInfo, Tx


class NeedsReload(Exception):
    """The command names configuration the engine was built without (a queue created after
    start): the service reloads the engine from the database and applies the command again."""


def open_interaction(tx: Tx, interaction_id: int) -> Interaction:
    """A not-yet-closed interaction; a closed one is a 409, an unknown one a 404."""
    interaction = tx.state.interactions.get(interaction_id)
    if interaction is not None:
        return interaction
    with tx.reader() as reader:
        stored = reader.interaction(interaction_id)
    if stored is None:
        raise NotFound(f"interaction {interaction_id} not found")
    raise Conflict(f"interaction {interaction_id} is {stored.status}; it has ended")


def owned_interaction(tx: Tx, interaction_id: int, user_id: int) -> Interaction:
    interaction = open_interaction(tx, interaction_id)
    if interaction.agent_user_id != user_id and interaction.offered_to != user_id:
        raise Forbidden(f"interaction {interaction_id} is not assigned to you")
    return interaction


def agent_info(tx: Tx, user_id: int) -> AgentInfo:
    """The agent, loading a profile created since the engine was built."""
    info = tx.state.agents.get(user_id)
    if info is not None:
        return info
    with tx.reader() as reader:
        found = reader.staff(user_id)
    if not found:
        raise NotFound("you have no agent profile; ask an administrator to create one")
    return register_agent(tx.state, found[0], tx.now)
