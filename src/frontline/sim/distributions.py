"""Duration distributions for handle times, patience and wrap-up, sampled in numpy batches.

The simulator draws every duration of a run up front, one vectorised call per queue and
distribution, because a Python-level random call per contact would dominate its hot path.
Each distribution knows its mean so the scenario checks can estimate offered load.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class Distribution(Protocol):
    """A non-negative duration in seconds."""

    @property
    def mean_s(self) -> float: ...

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray: ...


@dataclass(frozen=True, slots=True)
class Exponential:
    """Memoryless durations: the M in M/M/n and the patience of Erlang A."""

    mean_s: float

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.exponential(self.mean_s, size)


@dataclass(frozen=True, slots=True)
class Lognormal:
    """Right-skewed durations given by their mean and standard deviation in seconds, the shape
    call-center handle times usually have (Brown et al. 2005)."""

    mean_s: float
    sd_s: float

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        sigma2 = math.log1p((self.sd_s / self.mean_s) ** 2)
        mu = math.log(self.mean_s) - sigma2 / 2
        return rng.lognormal(mu, math.sqrt(sigma2), size)


@dataclass(frozen=True, slots=True)
class Deterministic:
    """Always the same duration (M/D/n models, fixed wrap-up)."""

    value_s: float

    @property
    def mean_s(self) -> float:
        return self.value_s

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return np.full(size, self.value_s, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Empirical:
    """Resampling (with replacement) of observed durations, e.g. a day of real service times."""

    samples: tuple[float, ...]

    @property
    def mean_s(self) -> float:
        return math.fsum(self.samples) / len(self.samples)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.choice(np.asarray(self.samples, dtype=np.float64), size)


@dataclass(frozen=True, slots=True)
class Never:
    """An infinite duration: customers who never abandon."""

    @property
    def mean_s(self) -> float:
        return math.inf

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return np.full(size, math.inf, dtype=np.float64)
