"""Agents' clock-driven behaviour in a simulation: log in, take breaks, end wrap-up, log out.

A real agent does not drop a customer to go on break or home. So a break or logout that falls
due while the agent is working is *pending*: the engine is told the agent's wish (presence
``break`` or ``not_ready``) so that no new contact is offered, and the change becomes visible
when the work in hand ends. A break then lasts its full duration from when it really starts.
Wrap-up always ends by the simulator's clock (the engine's queues use open-ended wrap-up), so
its length can follow any distribution and a pending break or logout can take over from it.
"""

from __future__ import annotations

from collections.abc import Callable

from frontline.domain.routing import AgentState, AgentStateChanged, Event, RoutingEngine
from frontline.sim.calendar import SHIFT, WRAP_END
from frontline.sim.roster import ShiftEvent

Schedule = Callable[[float, int, object], None]
Apply = Callable[[list[Event]], None]


class AgentDay:
    """Pending wrap-ups, breaks and logouts of all agents, and the handlers that resolve them."""

    __slots__ = (
        "_apply",
        "_engine",
        "_leaving",
        "_pending_break",
        "_pending_wrap",
        "_schedule",
        "in_wrap_up",
    )

    def __init__(self, engine: RoutingEngine, schedule: Schedule, apply: Apply) -> None:
        self._engine = engine
        self._schedule = schedule
        self._apply = apply
        self._pending_wrap: dict[str, float] = {}
        self._pending_break: dict[str, tuple[float, str]] = {}
        self._leaving: set[str] = set()
        self.in_wrap_up = 0
        """Agents in wrap-up now: the run is not over until their after-contact work is."""

    def expect_wrap_up(self, agent_id: str, seconds: float) -> None:
        """The contact the agent is completing is followed by ``seconds`` of wrap-up."""
        self._pending_wrap[agent_id] = seconds

    def observe(self, event: AgentStateChanged) -> None:
        """React to the engine's visible agent state changes."""
        agent_id, new = event.agent_id, event.new
        if event.old is AgentState.WRAP_UP:
            self.in_wrap_up -= 1
        if new is AgentState.WRAP_UP:
            self.in_wrap_up += 1
            wrap_s = self._pending_wrap.pop(agent_id, 0.0)
            self._schedule(event.at + wrap_s, WRAP_END, agent_id)
        elif new is AgentState.BREAK and agent_id in self._pending_break:
            duration, reason = self._pending_break.pop(agent_id)
            end = event.at + duration
            self._schedule(end, SHIFT, ShiftEvent(end, "break_end", agent_id, reason=reason))
        elif new is AgentState.NOT_READY and agent_id in self._leaving:
            self._set(agent_id, AgentState.OFFLINE, event.at)
        elif new is AgentState.OFFLINE:
            self._leaving.discard(agent_id)

    def wrap_ended(self, agent_id: str, now: float) -> None:
        """The agent's after-contact work is done: go on to what is pending, else be ready."""
        if self._engine.agent_state(agent_id) is not AgentState.WRAP_UP:
            return
        if agent_id in self._leaving:
            self._set(agent_id, AgentState.OFFLINE, now)
        elif agent_id in self._pending_break:
            self._set(agent_id, AgentState.BREAK, now, self._pending_break[agent_id][1])
        else:
            self._set(agent_id, AgentState.AVAILABLE, now)

    def on_shift_event(self, event: ShiftEvent, now: float) -> None:
        state = self._engine.agent_state(event.agent_id)
        if event.kind == "login":
            if state is AgentState.OFFLINE:
                self._set(event.agent_id, AgentState.AVAILABLE, now)
        elif event.kind == "logout":
            self._log_out(event.agent_id, state, now)
        elif event.kind == "break":
            self._start_break(event, state, now)
        elif event.kind == "break_end" and state is AgentState.BREAK:
            self._set(event.agent_id, AgentState.AVAILABLE, now)  # a logout ends breaks early

    def _log_out(self, agent_id: str, state: AgentState, now: float) -> None:
        self._pending_break.pop(agent_id, None)
        if state is AgentState.OFFLINE:
            return
        if state in (AgentState.AVAILABLE, AgentState.BREAK, AgentState.NOT_READY):
            self._set(agent_id, AgentState.OFFLINE, now)
            return
        self._leaving.add(agent_id)
        if state is not AgentState.WRAP_UP:  # wrap_ended logs out after wrap-up
            self._set(agent_id, AgentState.NOT_READY, now)

    def _start_break(self, event: ShiftEvent, state: AgentState, now: float) -> None:
        agent_id = event.agent_id
        if state in (AgentState.OFFLINE, AgentState.BREAK) or agent_id in self._leaving:
            return
        self._pending_break[agent_id] = (event.duration_s, event.reason)
        if state is not AgentState.WRAP_UP:  # wrap_ended starts it after wrap-up
            self._set(agent_id, AgentState.BREAK, now, event.reason)

    def _set(self, agent_id: str, state: AgentState, now: float, reason: str | None = None) -> None:
        self._apply(self._engine.set_state(agent_id, state, now, reason))
