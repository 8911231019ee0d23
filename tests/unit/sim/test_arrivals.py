"""Piecewise-constant Poisson arrivals."""

from __future__ import annotations

import numpy as np
import pytest

from frontline.sim.arrivals import ArrivalProfile


def test_counts_per_interval_follow_the_rates() -> None:
    profile = ArrivalProfile(interval_s=1000.0, rates_per_hour=(0.0, 3600.0, 7200.0))
    rng = np.random.default_rng(11)
    counts = np.array(
        [
            np.histogram(profile.generate(rng, 3000.0), bins=[0, 1000, 2000, 3000])[0]
            for _ in range(400)
        ]
    )
    assert counts[:, 0].sum() == 0  # a closed interval gets nobody
    means = counts.mean(axis=0)
    # Poisson means 1000 and 2000; the mean of 400 runs has a standard error of sqrt(m/400)
    assert means[1] == pytest.approx(1000, abs=4 * np.sqrt(1000 / 400))
    assert means[2] == pytest.approx(2000, abs=4 * np.sqrt(2000 / 400))
    # Poisson: variance equals the mean (dispersion index 1)
    assert counts[:, 2].var(ddof=1) / means[2] == pytest.approx(1.0, abs=0.25)


def test_times_are_sorted_inside_the_day_and_uniform_within_an_interval() -> None:
    profile = ArrivalProfile(interval_s=3600.0, rates_per_hour=(50_000.0,))
    times = profile.generate(np.random.default_rng(5), 1800.0)  # the day ends mid-interval
    assert (np.diff(times) >= 0).all()
    assert times.min() >= 0 and times.max() < 1800.0
    assert times.size == pytest.approx(25_000, abs=4 * np.sqrt(25_000))
    halves = np.histogram(times, bins=[0, 900, 1800])[0]
    assert halves[0] == pytest.approx(halves[1], rel=0.05)


def test_rate_lookup_and_expected_count() -> None:
    profile = ArrivalProfile(1800.0, (100.0, 300.0))
    assert profile.rate_per_hour_at(0.0) == 100.0
    assert profile.rate_per_hour_at(1800.0) == 300.0
    assert profile.rate_per_hour_at(4000.0) == 0.0
    assert profile.expected_count(3600.0) == pytest.approx(50 + 150)
