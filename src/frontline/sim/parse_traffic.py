"""Reading the traffic parts of a scenario: distributions and arrival profiles.

Empirical samples may be listed inline or come from a file; reading the file is the caller's
business (``SamplesLoader``), so parsing itself stays free of I/O and easy to test.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from frontline.sim import parse_values as pv
from frontline.sim.arrivals import ArrivalProfile
from frontline.sim.distributions import (
    Deterministic,
    Distribution,
    Empirical,
    Exponential,
    Lognormal,
)
from frontline.sim.scenario import ScenarioError

SamplesLoader = Callable[[str, str | None], Sequence[float]]
"""(file name as written in the scenario, optional CSV column) → the samples in it."""

DISTRIBUTION_FIELDS: Mapping[str, frozenset[str]] = {
    "exponential": frozenset({"mean_s"}),
    "lognormal": frozenset({"mean_s", "sd_s"}),
    "deterministic": frozenset({"value_s"}),
    "empirical": frozenset({"samples", "samples_file", "column"}),
}


def parse_distribution(
    value: object, where: str, load_samples: SamplesLoader | None = None
) -> Distribution:
    """``{distribution: NAME, ...}``; a bare number means a fixed duration in seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Deterministic(pv.number(value, where, strict=False))
    data = pv.mapping(value, where)
    kind = pv.required(data, "distribution", where)
    if kind not in DISTRIBUTION_FIELDS:
        known = ", ".join(sorted(DISTRIBUTION_FIELDS))
        raise ScenarioError(f"{where}.distribution: unknown distribution {kind!r} (known: {known})")
    pv.mapping(data, where, DISTRIBUTION_FIELDS[kind] | {"distribution"})
    if kind == "exponential":
        return Exponential(pv.number(pv.required(data, "mean_s", where), f"{where}.mean_s"))
    if kind == "lognormal":
        mean = pv.number(pv.required(data, "mean_s", where), f"{where}.mean_s")
        sd = pv.number(pv.required(data, "sd_s", where), f"{where}.sd_s")
        return Lognormal(mean, sd)
    if kind == "deterministic":
        return Deterministic(
            pv.number(pv.required(data, "value_s", where), f"{where}.value_s", strict=False)
        )
    return _parse_empirical(data, where, load_samples)


def _parse_empirical(
    data: Mapping[str, Any], where: str, load_samples: SamplesLoader | None
) -> Empirical:
    if ("samples" in data) == ("samples_file" in data):
        raise ScenarioError(f"{where}: give exactly one of 'samples' or 'samples_file'")
    if "samples" in data:
        raw: Sequence[Any] = pv.sequence(data["samples"], f"{where}.samples")
    else:
        file_name = pv.text(data["samples_file"], f"{where}.samples_file")
        column = pv.text(data["column"], f"{where}.column") if "column" in data else None
        if load_samples is None:
            raise ScenarioError(f"{where}.samples_file: files cannot be read here; inline samples")
        raw = load_samples(file_name, column)
        if not raw:
            raise ScenarioError(f"{where}.samples_file: {file_name} holds no samples")
    samples = tuple(pv.number(x, f"{where}.samples[{i}]", strict=False) for i, x in enumerate(raw))
    if not any(samples):
        raise ScenarioError(f"{where}.samples: all samples are zero")
    return Empirical(samples)


def parse_arrivals(value: object, where: str, duration_s: float) -> ArrivalProfile:
    """``{rate_per_hour: R}`` or ``{intervals_s: L, rates_per_hour: [R0, R1, ...]}``."""
    data = pv.mapping(value, where, frozenset({"rate_per_hour", "intervals_s", "rates_per_hour"}))
    if "rate_per_hour" in data:
        if "rates_per_hour" in data or "intervals_s" in data:
            raise ScenarioError(
                f"{where}: give either 'rate_per_hour' or 'intervals_s' with 'rates_per_hour'"
            )
        rate = pv.number(data["rate_per_hour"], f"{where}.rate_per_hour")
        return ArrivalProfile(duration_s, (rate,))
    interval = pv.number(pv.required(data, "intervals_s", where), f"{where}.intervals_s")
    raw = pv.sequence(pv.required(data, "rates_per_hour", where), f"{where}.rates_per_hour")
    rates = tuple(
        pv.number(r, f"{where}.rates_per_hour[{i}]", strict=False) for i, r in enumerate(raw)
    )
    covered = interval * len(rates)
    if covered < duration_s * (1 - 1e-12):
        raise ScenarioError(
            f"{where}.rates_per_hour: {len(rates)} intervals of {interval:g} s cover "
            f"{covered:g} s, less than duration_s {duration_s:g}"
        )
    needed = min(len(rates), math.ceil(duration_s / interval))
    if not any(rates[:needed]):
        raise ScenarioError(f"{where}.rates_per_hour: every rate within duration_s is zero")
    return ArrivalProfile(interval, rates)
