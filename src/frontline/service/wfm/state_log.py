"""The agent state log adherence is measured against: one entry per state an agent was in.

``record_agent_state`` is idempotent for a repeated state (the routing service re-announces
every agent's state when it restarts), closes the open entry at the change and opens the next.
"""

from __future__ import annotations

from datetime import datetime

from frontline.domain.org.errors import InvalidValue
from frontline.domain.routing.states import AgentState
from frontline.service.wfm.ports import StateLogEntry, WfmUnitOfWork

MAX_REASON = 64


def apply_state(
    uow: WfmUnitOfWork, agent_id: int, state: str, reason: str | None, at: datetime
) -> bool:
    """Log the change inside an open unit of work; False when nothing changed."""
    try:
        AgentState(state)
    except ValueError:
        raise InvalidValue(f"unknown agent state {state!r}") from None
    if at.tzinfo is None:
        raise InvalidValue("the time of a state change needs a time zone")
    reason = (reason or None) and reason[:MAX_REASON]
    current = uow.state_log.open_entry(agent_id)
    if current is not None:
        if current.state == state and current.reason == reason:
            return False
        if at < current.started_at:
            raise InvalidValue(
                f"agent {agent_id}: a change at {at.isoformat()} is older than the current "
                f"state, {current.state} since {current.started_at.isoformat()}"
            )
        uow.state_log.close(current.id, at)
    uow.state_log.add(StateLogEntry(agent_id, state, reason, at))
    return True


def record_agent_state(
    uow: WfmUnitOfWork, agent_id: int, state: str, reason: str | None, at: datetime
) -> bool:
    """Log that agent ``agent_id`` entered ``state`` (with ``reason``) at ``at``, committed."""
    with uow:
        changed = apply_state(uow, agent_id, state, reason, at)
        if changed:
            uow.commit()
    return changed
