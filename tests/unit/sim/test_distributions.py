"""Duration distributions: right means and shapes, reproducible from a seed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from frontline.sim.distributions import Deterministic, Empirical, Exponential, Lognormal, Never

N = 200_000


def _rng(seed: int = 7) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_exponential_has_its_mean_and_unit_coefficient_of_variation() -> None:
    x = Exponential(180.0).sample(_rng(), N)
    assert x.mean() == pytest.approx(180.0, rel=0.01)
    assert x.std() / x.mean() == pytest.approx(1.0, rel=0.02)
    assert x.min() >= 0


def test_lognormal_is_parameterised_by_mean_and_standard_deviation() -> None:
    dist = Lognormal(mean_s=240.0, sd_s=180.0)
    x = dist.sample(_rng(), N)
    assert x.mean() == pytest.approx(240.0, rel=0.01)
    assert x.std() == pytest.approx(180.0, rel=0.03)
    # log of a lognormal is normal: its median is exp(mu) = mean / sqrt(1 + cv^2)
    assert float(np.median(x)) == pytest.approx(240.0 / math.sqrt(1 + 0.75**2), rel=0.02)


def test_deterministic_and_never() -> None:
    assert set(Deterministic(30.0).sample(_rng(), 5).tolist()) == {30.0}
    assert Never().mean_s == math.inf
    assert np.isinf(Never().sample(_rng(), 3)).all()


def test_empirical_resamples_only_observed_values_with_their_frequencies() -> None:
    dist = Empirical((10.0, 10.0, 10.0, 70.0))
    x = dist.sample(_rng(), N)
    assert set(np.unique(x).tolist()) == {10.0, 70.0}
    assert (x == 70.0).mean() == pytest.approx(0.25, abs=0.005)
    assert dist.mean_s == 25.0


def test_same_seed_same_draws() -> None:
    dist = Lognormal(100.0, 50.0)
    assert (dist.sample(_rng(3), 10) == dist.sample(_rng(3), 10)).all()
    assert not (dist.sample(_rng(3), 10) == dist.sample(_rng(4), 10)).all()
