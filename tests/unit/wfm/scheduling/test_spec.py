"""Reading REQUIREMENTS rows and SHIFTS documents: good input parses, bad input is named."""

from __future__ import annotations

from typing import Any

import pytest

from frontline.wfm.scheduling import SchedulingInputError
from frontline.wfm.scheduling.periods import format_period_set, parse_period_set
from frontline.wfm.scheduling.spec import parse_requirements, parse_shift_catalogue


def rows(*pairs: tuple[str, str]) -> list[dict[str, str | None]]:
    return [{"period": p, "required": r} for p, r in pairs]


def test_requirements_are_ordered_by_period() -> None:
    assert parse_requirements(rows(("1", "5"), ("0", "3"), ("2", "0"))) == (3, 5, 0)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (rows(("0", "1"), ("0", "2")), "row 3: period 0 is listed twice (first on row 2)"),
        (rows(("0", "1"), ("1", "-2")), "row 3: period 1 requires -2 (negative)"),
        (rows(("0", "1"), ("2", "1")), "period 1 is missing"),
        (rows(("0", "1.5")), "row 2: required must be a whole number"),
        (rows(("zero", "1")), "row 2: period is not a number"),
        ([], "the requirements have no rows"),
    ],
)
def test_bad_requirements_name_the_row(bad: list[dict[str, str | None]], message: str) -> None:
    with pytest.raises(SchedulingInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_requirements(bad)


def test_period_sets_take_ranges_lists_and_wrap() -> None:
    assert parse_period_set("0-2,5", 7, "x") == (0, 1, 2, 5)
    assert parse_period_set([6, "0-1"], 7, "x") == (6, 0, 1)
    assert parse_period_set("5-1", 7, "x") == (5, 6, 0, 1)
    assert format_period_set((5, 6, 0, 1, 3)) == "5-6,0-1,3"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "covers no periods"),
        ("0-9", "period 9 is outside the requirements"),
        ("1,1", "lists period 1 twice"),
        ("a-b", "cannot read period 'a-b'"),
    ],
)
def test_bad_period_sets_are_explained(spec: str, message: str) -> None:
    with pytest.raises(SchedulingInputError, match=message):
        parse_period_set(spec, 7, "shift 'x'")


def test_catalogue_reads_shifts_and_breaks() -> None:
    document: dict[str, Any] = {
        "period_minutes": 15,
        "shifts": [
            {
                "name": "day",
                "periods": "0-31",
                "cost": 8,
                "max": 4,
                "breaks": [{"name": "lunch", "length": 2, "window": [12, 20]}],
            }
        ],
    }
    catalogue = parse_shift_catalogue(document, 96)
    (shift,) = catalogue.shifts
    assert catalogue.period_minutes == 15
    assert shift.periods == tuple(range(32)) and shift.max_count == 4
    assert [b.name for b in shift.breaks] == ["lunch"]
    assert list(shift.breaks[0].starts()) == list(range(12, 19))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "x", "cost": 1}, "shift 'x' covers no periods"),
        ({"name": "x", "periods": [], "cost": 1}, "shift 'x' covers no periods"),
        ({"name": "x", "periods": "0", "cost": -1}, "shift 'x' has a negative cost"),
        ({"name": "x", "periods": "0", "cost": 1, "min": 3, "max": 2}, "max 2 below min 3"),
        ({"name": "x", "periods": "0", "cost": 1, "colour": "red"}, "unknown keys"),
        ({"periods": "0", "cost": 1}, r"shifts\[0\] has no name"),
        (
            {
                "name": "x",
                "periods": "0-9",
                "cost": 1,
                "breaks": [
                    {"name": "a", "length": 1, "window": [1, 5]},
                    {"name": "b", "length": 1, "window": [4, 8]},
                ],
            },
            "windows of breaks 'a' and 'b' overlap",
        ),
        (
            {
                "name": "x",
                "periods": "0-3",
                "cost": 1,
                "breaks": [{"name": "a", "length": 2, "window": [2, 6]}],
            },
            "lies outside the shift's 4 periods",
        ),
    ],
)
def test_bad_shifts_name_the_shift_and_rule(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(SchedulingInputError, match=message):
        parse_shift_catalogue({"shifts": [entry]}, 24)


def test_duplicate_shift_names_are_caught_by_the_problem() -> None:
    from frontline.wfm.scheduling import CoverageProblem

    catalogue = parse_shift_catalogue(
        {
            "shifts": [
                {"name": "a", "periods": 0, "cost": 1},
                {"name": "a", "periods": 1, "cost": 1},
            ]
        },
        2,
    )
    with pytest.raises(SchedulingInputError, match="shift 'a' is defined twice"):
        CoverageProblem((1, 1), catalogue.shifts)


def test_templates_generate_every_day_start_and_length() -> None:
    document = {
        "period_minutes": 15,
        "templates": [
            {
                "name": "day",
                "days": "0-6",
                "periods_per_day": 96,
                "first_start": 28,
                "last_start": 44,
                "every": 4,
                "lengths": [16, 32],
                "cost_per_period": 0.25,
            }
        ],
    }
    shifts = parse_shift_catalogue(document, 7 * 96).shifts
    assert len(shifts) == 7 * 5 * 2
    first = shifts[0]
    assert first.name == "day-d0-07:00-4h"
    assert first.periods == tuple(range(28, 44)) and first.cost == 4.0
    sunday_late = next(s for s in shifts if s.name == "day-d6-11:00-8h")
    assert sunday_late.periods[0] == 6 * 96 + 44


def test_templates_wrap_past_the_horizon_unless_told_not_to() -> None:
    base = {"name": "night", "periods_per_day": 24, "first_start": 22, "last_start": 22}
    base |= {"lengths": [4], "cost": 1}
    wrapped = parse_shift_catalogue({"templates": [base]}, 24).shifts
    assert wrapped[0].periods == (22, 23, 0, 1)
    with pytest.raises(SchedulingInputError, match="defines no shifts"):
        parse_shift_catalogue({"templates": [base | {"wrap": False}]}, 24)
