"""Shared helpers for the simulator tests: scenarios written inline as YAML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from frontline.sim.scenario import Scenario
from frontline.sim.scenario_files import load_scenario_text

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "scenarios"


@pytest.fixture
def scenario_from() -> Callable[[str], Scenario]:
    """Parse a scenario written as YAML text."""
    return load_scenario_text


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES
