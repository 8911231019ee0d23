"""Checked reads of YAML-shaped values, each failure naming the field it is about.

Scenario files are written by hand; an error such as
``queues[0].handle_time.mean_s: must be a number > 0, got -3`` lets the author fix it at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from frontline.sim.scenario import ScenarioError


def mapping(value: object, where: str, allowed: frozenset[str] | None = None) -> Mapping[str, Any]:
    """A mapping with string keys, optionally restricted to ``allowed`` keys (typo guard)."""
    if not isinstance(value, Mapping):
        raise ScenarioError(f"{where}: expected a mapping, got {_show(value)}")
    for key in value:
        if not isinstance(key, str):
            raise ScenarioError(f"{where}: keys must be strings, got {_show(key)}")
        if allowed is not None and key not in allowed:
            raise ScenarioError(
                f"{where}: unknown field {key!r} (expected one of {', '.join(sorted(allowed))})"
            )
    return value


def sequence(value: object, where: str, *, non_empty: bool = True) -> Sequence[Any]:
    """A YAML list."""
    if not isinstance(value, list | tuple):
        raise ScenarioError(f"{where}: expected a list, got {_show(value)}")
    if non_empty and not value:
        raise ScenarioError(f"{where}: must not be empty")
    return value


def required(data: Mapping[str, Any], key: str, where: str) -> Any:
    """The value of a field that must be present."""
    if key not in data:
        raise ScenarioError(f"{where}: missing required field {key!r}")
    return data[key]


def number(value: object, where: str, *, minimum: float = 0.0, strict: bool = True) -> float:
    """A finite number ``> minimum`` (``>= minimum`` when not ``strict``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(f"{where}: expected a number, got {_show(value)}")
    if value < minimum or (strict and value == minimum):
        op = ">" if strict else ">="
        raise ScenarioError(f"{where}: must be a number {op} {minimum:g}, got {value!r}")
    return float(value)


def integer(value: object, where: str, *, minimum: int, maximum: int | None = None) -> int:
    """A whole number in ``[minimum, maximum]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(f"{where}: expected a whole number, got {_show(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise ScenarioError(f"{where}: must be {bound}, got {value}")
    return value


def text(value: object, where: str) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"{where}: expected a non-empty string, got {_show(value)}")
    return value


def proficiencies(value: object, where: str) -> dict[str, int]:
    """Skill name → proficiency 1–5."""
    data = mapping(value, where)
    return {
        name: integer(level, f"{where}.{name}", minimum=1, maximum=5)
        for name, level in data.items()
    }


def _show(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
