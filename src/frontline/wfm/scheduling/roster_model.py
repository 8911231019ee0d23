"""Records for stage 2, rostering: who works which selected shift.

Times are minutes from the start of the week, so a shift, an availability window and the
rest between two shifts are all compared on one axis; days are ``minute // 1440``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from frontline.wfm.scheduling.errors import SchedulingInputError

DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class Contract:
    """What an agent may be asked to work in one week."""

    max_minutes: int
    min_minutes: int = 0
    max_shifts: int = 7
    min_rest_minutes: int = 11 * 60
    days_off: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Agent:
    """A person to roster: contract, skills, when they can work and what they would rather not.

    ``availability`` lists ``(start, end)`` minute windows (empty: always available);
    ``avoid_days`` and ``preferred_start`` (a minute-of-day window) are soft wishes, each
    broken wish costing one point.
    """

    name: str
    contract: Contract
    skills: frozenset[str] = frozenset()
    availability: tuple[tuple[int, int], ...] = ()
    avoid_days: frozenset[int] = frozenset()
    preferred_start: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        where = f"agent {self.name!r}"
        c = self.contract
        if c.max_minutes < 0 or c.min_minutes < 0:
            raise SchedulingInputError(f"{where}: hours must not be negative")
        if c.min_minutes > c.max_minutes:
            raise SchedulingInputError(
                f"{where}: min_hours {c.min_minutes / 60:g} exceeds max_hours "
                f"{c.max_minutes / 60:g}"
            )


@dataclass(frozen=True, slots=True)
class RosterShift:
    """``count`` people needed on one shift from ``start`` to ``end`` (minutes of the week)."""

    name: str
    start: int
    end: int
    count: int
    skill: str | None = None

    @property
    def day(self) -> int:
        return self.start // DAY

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Assignment:
    """One agent on one shift."""

    agent: str
    shift: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RosterResult:
    """Assignments, seats nobody could fill (with the reason), and the broken wishes."""

    assignments: tuple[Assignment, ...]
    unfilled: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    preference_cost: float = 0.0
    optimal: bool = True
