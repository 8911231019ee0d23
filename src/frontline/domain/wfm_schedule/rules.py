"""Which live agent states count as doing a scheduled activity: the adherence table.

The default follows the states the routing engine reports: on a work segment any working state
counts (waiting for a contact, reserved, handling one, wrapping up); a break or lunch counts
only as a break with the matching reason; training and meetings as a break with that reason or
plain "not ready"; a day off as offline. Centers that code breaks differently replace entries
with ``AdherenceRules.from_config``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from frontline.domain.routing.states import AgentState
from frontline.domain.wfm_schedule.segments import Activity, ScheduleError, parse_activity


@dataclass(frozen=True)
class StateMatch:
    """A live state, optionally with one break reason; ``reason`` None admits any reason."""

    state: AgentState
    reason: str | None = None

    def admits(self, state: str, reason: str | None) -> bool:
        return state == self.state.value and (self.reason is None or reason == self.reason)

    @classmethod
    def parse(cls, text: str) -> StateMatch:
        """``"available"`` or ``"break:lunch"``."""
        name, _, reason = text.strip().partition(":")
        try:
            state = AgentState(name)
        except ValueError:
            known = ", ".join(s.value for s in AgentState)
            raise ScheduleError(f"adherence rules: unknown state {name!r}; use {known}") from None
        return cls(state, reason.strip() or None)

    def __str__(self) -> str:
        return self.state.value + (f":{self.reason}" if self.reason else "")


def _m(*texts: str) -> tuple[StateMatch, ...]:
    return tuple(StateMatch.parse(t) for t in texts)


DEFAULT_TABLE: Mapping[Activity, tuple[StateMatch, ...]] = MappingProxyType(
    {
        Activity.WORK: _m("available", "reserved", "busy", "wrap_up"),
        Activity.BREAK: _m("break:break", "break:personal"),
        Activity.LUNCH: _m("break:lunch"),
        Activity.TRAINING: _m("break:training", "break:coaching", "not_ready"),
        Activity.MEETING: _m("break:meeting", "not_ready"),
        Activity.OFF: _m("offline"),
    }
)


@dataclass(frozen=True)
class AdherenceRules:
    table: Mapping[Activity, tuple[StateMatch, ...]] = field(default_factory=lambda: DEFAULT_TABLE)

    def admits(self, activity: Activity, state: str, reason: str | None) -> bool:
        """True if an agent in ``state`` (with ``reason``) is doing ``activity``."""
        return any(match.admits(state, reason) for match in self.table.get(activity, ()))

    def is_working(self, state: str) -> bool:
        """Working time for conformance: any state a work segment admits, whatever the reason."""
        return any(match.state.value == state for match in self.table.get(Activity.WORK, ()))

    @classmethod
    def from_config(cls, config: Mapping[str, Sequence[str]]) -> AdherenceRules:
        """Replace the entries named in ``config`` (``{"lunch": ["break:lunch", "break:meal"]}``);
        activities not named keep their default."""
        table = dict(DEFAULT_TABLE)
        for activity, matches in config.items():
            if isinstance(matches, str) or not matches:
                raise ScheduleError(f"adherence rules: {activity!r} needs a list of states")
            table[parse_activity(activity)] = tuple(StateMatch.parse(m) for m in matches)
        return cls(MappingProxyType(table))
