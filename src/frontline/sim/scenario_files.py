"""Loading a scenario from a YAML file, with empirical samples read from files beside it.

This is the simulator's only file access; parsing proper (`scenario_parse`) works on data.
Every failure — missing file, malformed YAML, bad samples — becomes one `ScenarioError` line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from frontline.sim.parse_traffic import SamplesLoader
from frontline.sim.scenario import Scenario, ScenarioError
from frontline.sim.scenario_parse import parse_scenario


def load_scenario_file(path: Path) -> Scenario:
    """Read and validate the scenario at ``path``; sample files resolve relative to it."""
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot read scenario {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"cannot read scenario {path}: not UTF-8 text") from None
    return load_scenario_text(source, samples_from_dir(path.parent), name=str(path))


def load_scenario_text(
    source: str, load_samples: SamplesLoader | None = None, *, name: str = "scenario"
) -> Scenario:
    """Parse YAML text into a validated scenario."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"{name}: malformed YAML{where}: {problem}") from None
    if data is None:
        raise ScenarioError(f"{name}: the file is empty")
    return parse_scenario(data, load_samples)


def samples_from_dir(base: Path) -> SamplesLoader:
    """A loader reading numbers from files relative to ``base``: one per line, or one CSV
    column by header name."""

    def load(file_name: str, column: str | None) -> list[float]:
        target = base / file_name
        try:
            content = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"cannot read samples file {target}: {exc}") from None
        return _parse_samples(content, column, target)

    return load


def _parse_samples(content: str, column: str | None, target: Path) -> list[float]:
    if column is None:
        cells = [(i + 1, line.strip()) for i, line in enumerate(content.splitlines())]
        cells = [(n, cell) for n, cell in cells if cell]
    else:
        reader = csv.DictReader(io.StringIO(content))
        if reader.fieldnames is None or column not in reader.fieldnames:
            raise ScenarioError(f"samples file {target}: no column {column!r}")
        cells = [(i + 2, (row.get(column) or "").strip()) for i, row in enumerate(reader)]
    values = []
    for line_no, cell in cells:
        try:
            values.append(float(cell))
        except ValueError:
            raise ScenarioError(
                f"samples file {target}, line {line_no}: {cell!r} is not a number"
            ) from None
    return values
