"""Service level, ASA and abandon rate per forecast interval, from the routing engine's events.

Contacts are counted in the interval in which they **arrived**, the way planning reports read
("of the calls that came in between 10:00 and 10:30, how many were answered within 20 s"):
a shortfall then shows in the interval that caused it, not in the one where the queue drains.
(The simulator's own timeline counts outcomes where they happen, like a live wallboard.)
Offered is every contact that entered the queue, so a contact nobody was left to answer counts
against the service level too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from frontline.domain.routing import ContactAbandoned, ContactQueued, Event, OfferAccepted


@dataclass(slots=True)
class IntervalTally:
    """Counts per interval, summed over every run fed to it."""

    n: int
    offered: list[int] = field(init=False)
    within: list[int] = field(init=False)
    answered: list[int] = field(init=False)
    wait_s: list[float] = field(init=False)
    abandoned: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.offered = [0] * self.n
        self.within = [0] * self.n
        self.answered = [0] * self.n
        self.wait_s = [0.0] * self.n
        self.abandoned = [0] * self.n

    def recorder(
        self, first_row: int, rows: int, interval_s: float, threshold_s: float
    ) -> _Recorder:
        """A trace callback for one run covering ``rows`` intervals from ``first_row``, whose
        time 0 is the start of ``first_row``."""
        return _Recorder(self, (first_row, first_row + rows - 1), interval_s, threshold_s)

    def service_levels(self) -> list[float]:
        return [w / o if o else math.nan for w, o in zip(self.within, self.offered, strict=True)]

    def asa(self) -> list[float]:
        return [s / a if a else math.nan for s, a in zip(self.wait_s, self.answered, strict=True)]

    def abandon_rates(self) -> list[float]:
        return [a / o if o else math.nan for a, o in zip(self.abandoned, self.offered, strict=True)]


class _Recorder:
    """Called with every engine event of one run; keeps the three that carry outcomes."""

    __slots__ = ("_first", "_interval", "_last", "_tally", "_threshold")

    def __init__(
        self, tally: IntervalTally, rows: tuple[int, int], interval_s: float, threshold: float
    ) -> None:
        self._tally = tally
        self._first, self._last = rows
        self._interval = interval_s
        self._threshold = threshold

    def _row(self, arrived_s: float) -> int:
        row = self._first + int(arrived_s // self._interval)
        return min(max(row, self._first), self._last)  # guards float rounding at the edges

    def __call__(self, event: Event) -> None:
        kind = event.__class__
        if kind is OfferAccepted:
            assert isinstance(event, OfferAccepted)
            row = self._row(event.at - event.waited_s)
            tally = self._tally
            tally.answered[row] += 1
            tally.wait_s[row] += event.waited_s
            if event.waited_s <= self._threshold:
                tally.within[row] += 1
        elif kind is ContactQueued:
            assert isinstance(event, ContactQueued)
            self._tally.offered[self._row(event.arrived_at)] += 1
        elif kind is ContactAbandoned:
            assert isinstance(event, ContactAbandoned)
            self._tally.abandoned[self._row(event.at - event.waited_s)] += 1
