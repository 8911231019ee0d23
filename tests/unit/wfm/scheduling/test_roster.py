"""Rostering: contracts, rest, days off, skills and wishes decide who works what."""

from __future__ import annotations

import pytest

from frontline.wfm.scheduling import SchedulingInputError
from frontline.wfm.scheduling.roster import build_roster
from frontline.wfm.scheduling.roster_model import DAY, Agent, Contract, RosterShift
from frontline.wfm.scheduling.roster_spec import parse_agents

H = 60


def day_shift(name: str, day: int, start_h: int, hours: int, count: int = 1) -> RosterShift:
    start = day * DAY + start_h * H
    return RosterShift(name, start, start + hours * H, count)


def agent(name: str, max_h: int = 40, **kw: object) -> Agent:
    contract_keys = {"min_minutes", "max_shifts", "min_rest_minutes", "days_off"}
    contract = Contract(max_h * H, **{k: v for k, v in kw.items() if k in contract_keys})
    return Agent(name, contract, **{k: v for k, v in kw.items() if k not in contract_keys})


def test_every_seat_is_filled_within_hours() -> None:
    shifts = [day_shift(f"d{d}", d, 8, 8, count=2) for d in range(5)]
    agents = [agent("a"), agent("b"), agent("c", max_h=16)]
    roster = build_roster(agents, shifts)
    assert roster.unfilled == {}
    hours: dict[str, int] = {}
    for a in roster.assignments:
        hours[a.agent] = hours.get(a.agent, 0) + (a.end - a.start) // H
    assert sum(hours.values()) == 80 and hours.get("c", 0) <= 16
    assert max(hours.values()) <= 40


def test_rest_between_a_late_and_an_early_shift() -> None:
    """A 22:00 finish then a 06:00 start leaves 8 h: with 11 h rest one person cannot do both."""
    shifts = [day_shift("late", 0, 14, 8), day_shift("early", 1, 6, 8)]
    roster = build_roster([agent("solo")], shifts)
    assert len(roster.assignments) == 1 and sum(roster.unfilled.values()) == 1
    relaxed = build_roster([agent("solo", min_rest_minutes=8 * H)], shifts)
    assert len(relaxed.assignments) == 2


def test_days_off_and_skills_make_seats_unfillable_with_a_reason() -> None:
    shifts = [
        day_shift("sat", 5, 8, 8),
        RosterShift("spanish", 8 * H, 16 * H, 1, skill="es"),
    ]
    roster = build_roster([agent("a", days_off=frozenset({5}))], shifts)
    assert roster.unfilled == {"sat": 1, "spanish": 1}
    assert "no agent is eligible" in roster.reasons["sat"]


def test_wishes_steer_the_choice_without_breaking_rules() -> None:
    shifts = [day_shift("fri", 4, 8, 8)]
    agents = [agent("wants-friday-off", avoid_days=frozenset({4})), agent("happy")]
    roster = build_roster(agents, shifts)
    assert [a.agent for a in roster.assignments] == ["happy"]
    assert roster.preference_cost == 0


def test_minimum_hours_beyond_availability_name_the_agent() -> None:
    shifts = [day_shift(f"d{d}", d, 8, 8) for d in range(5)]
    part_timer = agent("pat", min_minutes=30 * H, availability=((0, 2 * DAY),))
    with pytest.raises(SchedulingInputError, match="agent 'pat': min_hours 30 cannot be met"):
        build_roster([part_timer], shifts)


def test_minimums_that_collide_with_seat_counts_name_the_agents() -> None:
    shifts = [day_shift("only", 0, 8, 8)]
    with pytest.raises(
        SchedulingInputError, match=r"minimum hours of agent\(s\) '(a|b)' cannot be met"
    ):
        build_roster([agent("a", min_minutes=8 * H), agent("b", min_minutes=8 * H)], shifts)


def test_agents_file_is_read_and_checked() -> None:
    agents = parse_agents(
        {
            "rest_hours": 12,
            "agents": [
                {
                    "name": "ann",
                    "max_hours": 32,
                    "days_off": [5, 6],
                    "availability": ["0 07:00-19:00", "1 22:00-06:00"],
                    "preferred_start": "07:00-09:00",
                }
            ],
        }
    )
    (ann,) = agents
    assert ann.contract.max_minutes == 32 * H and ann.contract.min_rest_minutes == 12 * H
    assert ann.availability == ((7 * H, 19 * H), (DAY + 22 * H, 2 * DAY + 6 * H))
    with pytest.raises(SchedulingInputError, match="agent 'bo': min_hours 40 exceeds max_hours 20"):
        parse_agents({"agents": [{"name": "bo", "max_hours": 20, "min_hours": 40}]})
    with pytest.raises(SchedulingInputError, match="agent 'cy' has no max_hours"):
        parse_agents({"agents": [{"name": "cy"}]})
