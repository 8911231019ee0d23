"""Service level and queue length per interval of the simulated day, for plots.

Outcomes (answered or abandoned) land in the interval in which they happen, the way a live
wallboard reports them; the queue length is the time-weighted mean number of contacts waiting
in each interval. The series cover the simulated day ``[0, horizon_s)``: contacts finishing
after it still count in the run's totals but not here. Only collected when asked for, as it
costs a little per event.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(slots=True)
class Timeline:
    """Per-interval totals over all queues."""

    interval_s: float
    sl_thresholds: Mapping[str, float]
    horizon_s: float
    offered: list[int] = field(default_factory=list)
    within_threshold: list[int] = field(default_factory=list)
    waiting_area: list[float] = field(default_factory=list)
    _waiting: int = 0
    _since: float = 0.0

    def _grow(self, index: int) -> None:
        missing = index + 1 - len(self.offered)
        if missing > 0:
            self.offered.extend([0] * missing)
            self.within_threshold.extend([0] * missing)
            self.waiting_area.extend([0.0] * missing)

    def answered(self, queue_id: str, at: float, waited_s: float) -> None:
        if at >= self.horizon_s:
            return
        index = int(at // self.interval_s)
        self._grow(index)
        self.offered[index] += 1
        if waited_s <= self.sl_thresholds[queue_id]:
            self.within_threshold[index] += 1

    def abandoned(self, at: float) -> None:
        if at >= self.horizon_s:
            return
        index = int(at // self.interval_s)
        self._grow(index)
        self.offered[index] += 1

    def waiting_changed(self, at: float, delta: int) -> None:
        """The number of waiting contacts changes by ``delta`` at ``at``."""
        self._accumulate_waiting(at)
        self._waiting += delta

    def _accumulate_waiting(self, until: float) -> None:
        until = min(until, self.horizon_s)
        start = self._since
        while start < until:
            index = int(start // self.interval_s)
            end = min(until, (index + 1) * self.interval_s)
            if self._waiting:
                self._grow(index)
                self.waiting_area[index] += self._waiting * (end - start)
            start = end
        self._since = max(self._since, until)

    def close(self) -> None:
        """Account the waiting count up to the horizon and cover every interval of the day."""
        self._accumulate_waiting(self.horizon_s)
        self._grow(math.ceil(self.horizon_s / self.interval_s) - 1)

    def service_levels(self) -> list[float]:
        """SL per interval (NaN where nothing was offered)."""
        return [
            w / o if o else math.nan
            for w, o in zip(self.within_threshold, self.offered, strict=True)
        ]

    def mean_waiting(self) -> list[float]:
        """Time-weighted mean number of waiting contacts per interval."""
        return [area / self.interval_s for area in self.waiting_area]

    def starts_s(self) -> list[float]:
        """Start time of each interval."""
        return [i * self.interval_s for i in range(len(self.offered))]
