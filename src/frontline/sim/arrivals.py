"""Poisson arrivals whose rate is constant within each planning interval of the day.

A piecewise-constant rate is what forecasts deliver (calls per 15 or 30 minutes). Such a
non-homogeneous Poisson process is generated exactly, without thinning: the count in each
interval is Poisson with mean rate × length, and given the count the times are independent
and uniform within the interval. All of it is a handful of vectorised numpy calls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from frontline.sim.distributions import FloatArray


@dataclass(frozen=True, slots=True)
class ArrivalProfile:
    """Arrival rate per hour for consecutive intervals of ``interval_s`` seconds from time 0."""

    interval_s: float
    rates_per_hour: tuple[float, ...]

    def rate_per_hour_at(self, t: float) -> float:
        """The rate in force at simulated time ``t`` (zero after the last interval)."""
        index = int(t // self.interval_s)
        return self.rates_per_hour[index] if 0 <= index < len(self.rates_per_hour) else 0.0

    def expected_count(self, duration_s: float) -> float:
        """Mean number of arrivals in [0, duration_s)."""
        _, lengths, rates = self._intervals(duration_s)
        return float(np.sum(rates * lengths))

    def mean_rate_per_s(self, duration_s: float) -> float:
        """Average arrival rate over [0, duration_s)."""
        return self.expected_count(duration_s) / duration_s

    def generate(self, rng: np.random.Generator, duration_s: float) -> FloatArray:
        """Sorted arrival times in [0, duration_s)."""
        starts, lengths, rates = self._intervals(duration_s)
        counts = rng.poisson(rates * lengths)
        offsets = rng.random(int(counts.sum())) * np.repeat(lengths, counts)
        times = np.repeat(starts, counts) + offsets
        times.sort()  # plain values: any sort gives the same array, the default is fastest
        return times

    def _intervals(self, duration_s: float) -> tuple[FloatArray, FloatArray, FloatArray]:
        n = min(len(self.rates_per_hour), int(np.ceil(duration_s / self.interval_s)))
        starts = np.arange(n, dtype=np.float64) * self.interval_s
        lengths = np.minimum(starts + self.interval_s, duration_s) - starts
        rates = np.asarray(self.rates_per_hour[:n], dtype=np.float64) / 3600.0
        return starts, lengths, rates
