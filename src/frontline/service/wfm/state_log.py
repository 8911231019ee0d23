"""The agent state log adherence is measured against: one entry per state an agent was in.

A change is ignored when it repeats the agent's open entry (the routing service re-announces
every agent's state when it restarts); otherwise it closes the open entry at the change and
opens the next. A change older than the open entry is refused, for that change only.

The live feed logs a whole tick of changes at once, so the rules run in memory over a batch
(``plan_changes``): one read of the open entries of every agent in it, then one write of the
entries it closes and one of those it opens, instead of two or three round trips per change.
Several changes of one agent in a batch apply in order; the entries opened and closed within
the batch are written already closed. ``apply_state`` is a batch of one, so the rules live here
once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from frontline.domain.org.errors import InvalidValue
from frontline.domain.routing.states import AgentState
from frontline.service.wfm.ports import StateLogEntry, WfmUnitOfWork

MAX_REASON = 64


@dataclass(frozen=True)
class AgentStateChange:
    agent_id: int
    state: str
    reason: str | None
    at: datetime


@dataclass
class StateLogPlan:
    """What a batch writes: open entries to close (id: end), new entries in the order of the
    changes, and the changes refused with why."""

    closes: dict[int, datetime] = field(default_factory=dict)
    entries: list[StateLogEntry] = field(default_factory=list)
    refused: list[InvalidValue] = field(default_factory=list)


def _next_entry(current: StateLogEntry | None, change: AgentStateChange) -> StateLogEntry | None:
    """The entry ``change`` opens after ``current``; None when it repeats it."""
    try:
        AgentState(change.state)
    except ValueError:
        raise InvalidValue(f"unknown agent state {change.state!r}") from None
    if change.at.tzinfo is None:
        raise InvalidValue("the time of a state change needs a time zone")
    reason = change.reason[:MAX_REASON] if change.reason else None
    if current is not None:
        if current.state == change.state and current.reason == reason:
            return None
        if change.at < current.started_at:
            raise InvalidValue(
                f"agent {change.agent_id}: a change at {change.at.isoformat()} is older than "
                f"the current state, {current.state} since {current.started_at.isoformat()}"
            )
    return StateLogEntry(change.agent_id, change.state, reason, change.at)


def plan_changes(
    open_entries: Mapping[int, StateLogEntry], changes: Iterable[AgentStateChange]
) -> StateLogPlan:
    """Apply ``changes`` in order to the agents' ``open_entries``, in memory: the rows are the
    same as applying them one at a time, each in its own read and write."""
    plan = StateLogPlan()
    current = dict(open_entries)
    opened: dict[int, int] = {}  # agent: index in plan.entries of the entry opened here
    for change in changes:
        agent = change.agent_id
        try:
            entry = _next_entry(current.get(agent), change)
        except InvalidValue as exc:
            plan.refused.append(exc)
            continue
        if entry is None:
            continue
        if agent in opened:
            index = opened[agent]
            plan.entries[index] = replace(plan.entries[index], ended_at=change.at)
        elif agent in current:
            plan.closes[current[agent].id] = change.at
        opened[agent] = len(plan.entries)
        plan.entries.append(entry)
        current[agent] = entry
    return plan


def apply_states(uow: WfmUnitOfWork, changes: Sequence[AgentStateChange]) -> StateLogPlan:
    """Log ``changes`` inside an open unit of work: one read and at most two writes."""
    if not changes:
        return StateLogPlan()
    agents = frozenset(change.agent_id for change in changes)
    plan = plan_changes(uow.state_log.open_entries(agents), changes)
    if plan.closes:
        uow.state_log.close_many(plan.closes)
    if plan.entries:
        uow.state_log.add_many(plan.entries)
    return plan


def apply_state(
    uow: WfmUnitOfWork, agent_id: int, state: str, reason: str | None, at: datetime
) -> bool:
    """Log the change inside an open unit of work; False when nothing changed."""
    plan = apply_states(uow, [AgentStateChange(agent_id, state, reason, at)])
    if plan.refused:
        raise plan.refused[0]
    return bool(plan.entries)


def record_agent_state(
    uow: WfmUnitOfWork, agent_id: int, state: str, reason: str | None, at: datetime
) -> bool:
    """Log that agent ``agent_id`` entered ``state`` (with ``reason``) at ``at``, committed."""
    with uow:
        changed = apply_state(uow, agent_id, state, reason, at)
        if changed:
            uow.commit()
    return changed
