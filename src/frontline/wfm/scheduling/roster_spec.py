"""Read ``AGENTS.yaml`` (already loaded) and turn a selection into shifts to roster.

Hours in the file become minutes; availability is written ``"D HH:MM-HH:MM"`` with ``D`` the
day index (0 = first day of the week), so planners never count minutes by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontline.wfm.scheduling.errors import SchedulingInputError
from frontline.wfm.scheduling.problem import CoverageProblem, SelectionResult
from frontline.wfm.scheduling.roster_model import DAY, Agent, Contract, RosterShift

_AGENT_KEYS = {"name", "max_hours", "min_hours", "max_shifts", "days_off", "availability"}
_AGENT_KEYS |= {"skills", "avoid_days", "preferred_start", "rest_hours"}


def parse_agents(document: Any) -> tuple[Agent, ...]:
    """Agents from ``{rest_hours: 11, agents: [{name, max_hours, ...}, ...]}``."""
    if not isinstance(document, Mapping) or not isinstance(document.get("agents"), list):
        raise SchedulingInputError("the agents file must be a mapping with an 'agents' list")
    default_rest = _hours(document.get("rest_hours", 11), "rest_hours")
    agents: list[Agent] = []
    names: set[str] = set()
    for index, entry in enumerate(document["agents"]):
        if not isinstance(entry, Mapping) or not entry.get("name"):
            raise SchedulingInputError(f"agents[{index}] has no name")
        name = str(entry["name"])
        where = f"agent {name!r}"
        unknown = set(entry) - _AGENT_KEYS
        if unknown:
            raise SchedulingInputError(f"{where} has unknown keys: {sorted(unknown)}")
        if name in names:
            raise SchedulingInputError(f"{where} is listed twice")
        names.add(name)
        if "max_hours" not in entry:
            raise SchedulingInputError(f"{where} has no max_hours")
        contract = Contract(
            max_minutes=_hours(entry["max_hours"], f"{where}: max_hours"),
            min_minutes=_hours(entry.get("min_hours", 0), f"{where}: min_hours"),
            max_shifts=int(entry.get("max_shifts", 7)),
            min_rest_minutes=_hours(entry["rest_hours"], f"{where}: rest_hours")
            if "rest_hours" in entry
            else default_rest,
            days_off=frozenset(_days(entry.get("days_off"), f"{where}: days_off")),
        )
        preferred = entry.get("preferred_start")
        agents.append(
            Agent(
                name=name,
                contract=contract,
                skills=frozenset(str(s) for s in entry.get("skills") or []),
                availability=tuple(
                    _window(w, f"{where}: availability") for w in entry.get("availability") or []
                ),
                avoid_days=frozenset(_days(entry.get("avoid_days"), f"{where}: avoid_days")),
                preferred_start=None
                if preferred is None
                else _clock_range(str(preferred), f"{where}: preferred_start"),
            )
        )
    return tuple(agents)


def shifts_to_roster(
    problem: CoverageProblem, result: SelectionResult, period_minutes: int
) -> tuple[RosterShift, ...]:
    """The selected shifts as timed seats; a shift must be contiguous to be rostered."""
    seats: list[RosterShift] = []
    n_periods = len(problem.required)
    for shift in problem.shifts:
        count = result.counts.get(shift.name, 0)
        if count == 0:
            continue
        first = shift.periods[0]
        if any(p != (first + k) % n_periods for k, p in enumerate(shift.periods)):
            raise SchedulingInputError(
                f"shift {shift.name!r} is not one contiguous stretch; only such shifts can be "
                "rostered"
            )
        start = first * period_minutes
        seats.append(
            RosterShift(shift.name, start, start + len(shift.periods) * period_minutes, count)
        )
    return tuple(seats)


def _hours(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SchedulingInputError(f"{where} must be a non-negative number of hours")
    return round(float(value) * 60)


def _days(value: object, where: str) -> list[int]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(d, int) and 0 <= d < 7 for d in value):
        raise SchedulingInputError(f"{where} must be a list of day indices 0-6")
    return list(value)


def _window(text: object, where: str) -> tuple[int, int]:
    day_text, _, clock = str(text).partition(" ")
    try:
        day = int(day_text)
    except ValueError:
        raise SchedulingInputError(f"{where}: cannot read {text!r} (use '0 07:00-15:00')") from None
    lo, hi = _clock_range(clock, where)
    end = hi if hi > lo else hi + DAY
    return day * DAY + lo, day * DAY + end


def _clock_range(text: str, where: str) -> tuple[int, int]:
    first, dash, last = text.partition("-")
    if not dash:
        raise SchedulingInputError(f"{where}: cannot read {text!r} (use 07:00-15:00)")
    return _clock(first, where), _clock(last, where)


def _clock(text: str, where: str) -> int:
    hours, colon, minutes = text.strip().partition(":")
    try:
        value = int(hours) * 60 + (int(minutes) if colon else 0)
    except ValueError:
        raise SchedulingInputError(f"{where}: cannot read the time {text!r}") from None
    if not 0 <= value <= DAY:
        raise SchedulingInputError(f"{where}: {text!r} is not a time of day")
    return value
