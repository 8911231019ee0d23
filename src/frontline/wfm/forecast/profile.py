"""Daily total × intraday profile: the strong method for day-ahead call arrivals.

Call-center arrivals split well into two parts (Weinberg, Brown & Stroud 2007; Taylor 2008):
how many calls the day brings, and how they spread over its intervals. The spread is stable,
so it is averaged over several weeks of the same weekday and shrunk toward the all-weekday
profile to tame noise. The daily total moves with a slow level times a weekday factor, so the
level is exponentially smoothed over weekday-adjusted totals of *all* recent days (five times
the data a same-weekday average sees). Days right after a holiday get a carry-over factor
learned from past holidays, and are kept out of the level so one spike does not lift a week.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from frontline.wfm.forecast.grid import (
    CARRY_OVER_DAYS,
    DayGrid,
    FloatArray,
    IntArray,
    days_since_closure,
    weekday_of,
)


@dataclass(frozen=True)
class ProfileSettings:
    """Tuning of the profile method.

    The defaults won a grid search on the bank data's 60 days *before* the last 40 (the
    accuracy window), so the reported accuracy is out of sample; rerun it with
    ``benchmarks/bench_forecast.py --tune``. A high ``alpha`` means yesterday's
    weekday-adjusted volume says most about tomorrow, as Weinberg et al. found for this bank.

    ``alpha`` is the smoothing weight of the newest day in the level; ``factor_days`` the span
    of recent days the weekday factors are measured on; ``profile_weeks`` how many same
    weekdays the intraday shares average; ``profile_weight`` the weight of the weekday's own
    shares against the all-weekday shares; ``carry_over_prior`` how many pseudo-observations
    of "no holiday effect" the carry-over factors are shrunk with.
    """

    alpha: float = 0.8
    factor_days: int = 150
    profile_weeks: int = 8
    profile_weight: float = 0.6
    carry_over_prior: float = 4.0


@dataclass(frozen=True)
class DailyModel:
    """What the profile method learned: enough to explain a forecast to a planner."""

    level: float
    weekday_factors: FloatArray
    carry_over: FloatArray
    profiles: FloatArray


class ProfileMethod:
    """Callable forecasting method; see the module docstring for the model."""

    def __init__(self, settings: ProfileSettings | None = None) -> None:
        self.settings = settings or ProfileSettings()

    def __call__(self, grid: DayGrid, targets: IntArray) -> FloatArray:
        model = self.fit(grid)
        targets = np.asarray(targets, dtype=np.int64)
        ranks = days_since_closure(grid, targets)
        totals = model.level * model.weekday_factors[weekday_of(targets)] * model.carry_over[ranks]
        return np.asarray(totals[:, None] * model.profiles[weekday_of(targets)], dtype=np.float64)

    def fit(self, grid: DayGrid) -> DailyModel:
        """Estimate level, weekday factors, carry-over factors and profiles from the history."""
        totals = grid.values.sum(axis=1)
        weekdays = grid.weekdays
        ranks = grid.ranks
        factors = self._weekday_factors(totals, weekdays, ranks)
        level, carry = self._level_and_carry(totals / factors[weekdays], ranks)
        return DailyModel(level, factors, carry, self._profiles(grid, totals, weekdays))

    def _weekday_factors(
        self, totals: FloatArray, weekdays: IntArray, ranks: IntArray
    ) -> FloatArray:
        """Mean total of each weekday over recent normal days, relative to all of them."""
        recent = np.zeros(len(totals), dtype=bool)
        recent[-self.settings.factor_days :] = True
        factors = np.ones(7)
        for pool in (recent & (ranks == 0), ranks == 0, np.ones(len(totals), dtype=bool)):
            if pool.any() and totals[pool].mean() > 0:
                break
        overall = totals[pool].mean() if pool.any() else 0.0
        if overall <= 0:
            return factors
        for weekday in range(7):
            mine = pool & (weekdays == weekday)
            if not mine.any():
                mine = weekdays == weekday
            if mine.any():
                factors[weekday] = max(totals[mine].mean() / overall, 1e-9)
        return factors

    def _level_and_carry(self, adjusted: FloatArray, ranks: IntArray) -> tuple[float, FloatArray]:
        """Smooth the level over normal days; measure how post-holiday days exceed it."""
        alpha = self.settings.alpha
        normal = adjusted[ranks == 0]
        level = float(normal[: min(5, len(normal))].mean()) if len(normal) else float(adjusted[0])
        excess: list[list[float]] = [[] for _ in range(CARRY_OVER_DAYS + 1)]
        for value, rank in zip(adjusted, ranks, strict=True):
            if rank:
                if level > 0:
                    excess[rank].append(value / level)
                continue
            level = alpha * float(value) + (1 - alpha) * level
        carry = np.ones(CARRY_OVER_DAYS + 1)
        prior = self.settings.carry_over_prior
        for rank in range(1, CARRY_OVER_DAYS + 1):
            seen = excess[rank]
            if seen:
                weight = len(seen) / (len(seen) + prior)
                carry[rank] = 1 + weight * (float(np.mean(seen)) - 1)
        return level, carry

    def _profiles(self, grid: DayGrid, totals: FloatArray, weekdays: IntArray) -> FloatArray:
        """Per weekday, the shares of the day per interval, shrunk toward the common shares."""
        slots = grid.slots
        busy = totals > 0
        shares = np.zeros_like(grid.values)
        shares[busy] = grid.values[busy] / totals[busy, None]
        weeks = self.settings.profile_weeks
        busy_rows = np.flatnonzero(busy)
        span = weeks * max(1, len(grid.open_weekdays()))
        common = shares[busy_rows[-span:]].mean(axis=0) if len(busy_rows) else np.ones(slots)
        profiles = np.tile(common, (7, 1))
        weight = self.settings.profile_weight
        for weekday in range(7):
            rows = busy_rows[weekdays[busy_rows] == weekday][-weeks:]
            if len(rows):
                profiles[weekday] = weight * shares[rows].mean(axis=0) + (1 - weight) * common
        sums = profiles.sum(axis=1, keepdims=True)
        return np.asarray(profiles / np.where(sums > 0, sums, 1.0), dtype=np.float64)
