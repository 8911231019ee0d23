"""Scenario validation: valid files parse, every kind of bad input names its field."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from frontline.domain.channels import Channel
from frontline.sim.distributions import Deterministic, Empirical, Exponential, Lognormal, Never
from frontline.sim.scenario import Scenario, ScenarioError
from frontline.sim.scenario_files import load_scenario_file, load_scenario_text

ParseFn = Callable[[str], Scenario]

BASE = """
duration_s: 28800
queues:
  - name: general
    required_skills: {general: 1}
    arrivals: {rate_per_hour: 200}
    handle_time: {distribution: exponential, mean_s: 180}
agents:
  - {count: 14, skills: {general: 5}}
"""


def test_the_issue_example_parses_with_defaults(scenario_from: ParseFn) -> None:
    scenario = scenario_from(BASE)
    queue = scenario.queues[0]
    assert scenario.duration_s == 28800
    assert queue.channel is Channel.VOICE
    assert queue.sl_threshold_s == 20
    assert queue.handle_time == Exponential(180.0)
    assert isinstance(queue.patience, Never) and not queue.abandons
    assert queue.arrivals.rates_per_hour == (200.0,)
    group = scenario.agent_groups[0]
    assert group.count == 14 and group.shift_end_s == math.inf
    assert group.capacity == {channel: 1 for channel in Channel}


def test_full_featured_queue_and_group(scenario_from: ParseFn) -> None:
    scenario = scenario_from(
        """
duration_s: 3600
routing: {policy: most_skilled}
queues:
  - name: chat
    channel: chat
    required_skills: {support: 3}
    sl_threshold_s: 60
    priority: 2
    arrivals: {intervals_s: 1800, rates_per_hour: [10, 0]}
    handle_time: {distribution: lognormal, mean_s: 300, sd_s: 100}
    patience: {distribution: empirical, samples: [60, 120]}
    wrap_up: 15
    widening: [{after_s: 90, min_proficiency: 1}, {after_s: 30, min_proficiency: 2}]
    any_agent_after_s: 300
agents:
  - name: team
    count: 2
    skills: {support: 1}
    capacity: {chat: 3}
    queues: [chat]
    shift: {start_s: 600, end_s: 3000}
    breaks: [{start_s: 1200, duration_s: 300, reason: lunch, spread_s: 600}]
"""
    )
    queue, group = scenario.queues[0], scenario.agent_groups[0]
    assert scenario.agent_policy == "most_skilled"
    assert queue.handle_time == Lognormal(300.0, 100.0)
    assert queue.patience == Empirical((60.0, 120.0))
    assert queue.wrap_up == Deterministic(15.0)
    assert queue.widening == ((30.0, 2), (90.0, 1))  # sorted by time
    assert group.capacity[Channel.CHAT] == 3 and group.capacity[Channel.VOICE] == 0
    assert group.breaks[0].start_for(1, 2) == 1500.0


def _with(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new)


BAD = [
    (
        _with("rate_per_hour: 200", "rate_per_hour: -5"),
        "queues[0].arrivals.rate_per_hour: must be a number > 0",
    ),
    (
        _with("rate_per_hour: 200", "rate_per_hour: 0"),
        "queues[0].arrivals.rate_per_hour: must be a number > 0",
    ),
    (_with("mean_s: 180", "mean_s: 0"), "queues[0].handle_time.mean_s: must be a number > 0"),
    (_with("exponential", "weibull"), "unknown distribution 'weibull'"),
    (_with("count: 14", "count: 0"), "agents[0].count: must be >= 1, got 0"),
    (_with("count: 14", "count: 2.5"), "agents[0].count: expected a whole number"),
    (_with("duration_s: 28800", "duration_s: -1"), "duration_s: must be a number > 0"),
    (_with("general: 5", "general: 7"), "agents[0].skills.general: must be between 1 and 5"),
    (_with("general: 5", "billing: 5"), "queue 'general': no agent group can serve it"),
    (_with("name: general", "name: general\n    channel: fax"), "unknown channel 'fax'"),
    (_with("name: general", "name: general\n    patience_s: 30"), "unknown field 'patience_s'"),
    (_with("mean_s: 180", "mean_s: 180, sd_s: 3"), "unknown field 'sd_s'"),
    (
        _with("{rate_per_hour: 200}", "{intervals_s: 1800, rates_per_hour: [10, 20]}"),
        "cover 3600 s, less than duration_s 28800",
    ),
    (
        _with("{rate_per_hour: 200}", "{intervals_s: 14400, rates_per_hour: [0, 0]}"),
        "every rate within duration_s is zero",
    ),
    (
        _with(
            "{count: 14, skills: {general: 5}}",
            "{count: 1, skills: {general: 5}, shift: {start_s: 100, end_s: 50}}",
        ),
        "shift.end_s: must be a number > 100",
    ),
    (
        BASE + "  - {count: 1, skills: {general: 1}, queues: [nope]}\n",
        "agents[1].queues: unknown queue 'nope'",
    ),
    (
        BASE.replace(
            "queues:\n",
            "queues:\n  - {name: general, required_skills: {general: 1},"
            " arrivals: {rate_per_hour: 1}, handle_time: 60}\n",
            1,
        ),
        "duplicate queue name 'general'",
    ),
    ("duration_s: 100\nqueues: []\nagents: []\n", "queues: must not be empty"),
    ("- just\n- a list\n", "scenario: expected a mapping"),
    ("duration_s: 100\n", "scenario: missing required field 'queues'"),
    (_with("mean_s: 180", "mean_s: yes"), "expected a number, got True"),
    (_with("duration_s: 28800", "duration_s: 1000000000000"), "the limit is 20,000,000"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_scenarios_name_the_problem(scenario_from: ParseFn, text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("queues: [\n  - {name: a\n", "malformed YAML at line"),
        ("", "the file is empty"),
        ("duration_s: 1\n  bad indent: 2\n", "malformed YAML"),
    ],
)
def test_malformed_yaml_is_one_line(text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message) as caught:
        load_scenario_text(text)
    assert "\n" not in str(caught.value)


def test_samples_file_next_to_the_scenario(tmp_path: Path) -> None:
    (tmp_path / "times.csv").write_text("id,ser_time\n1,100\n2,300\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("5\n\n15\n", encoding="utf-8")
    scenario_file = tmp_path / "s.yaml"
    scenario_file.write_text(
        _with(
            "handle_time: {distribution: exponential, mean_s: 180}",
            "handle_time: {distribution: empirical, samples_file: times.csv, column: ser_time}\n"
            "    patience: {distribution: empirical, samples_file: plain.txt}",
        ),
        encoding="utf-8",
    )
    queue = load_scenario_file(scenario_file).queues[0]
    assert queue.handle_time == Empirical((100.0, 300.0))
    assert queue.patience == Empirical((5.0, 15.0))


@pytest.mark.parametrize(
    ("content", "column", "message"),
    [
        ("id,ser_time\n1,abc\n", "ser_time", "line 2: 'abc' is not a number"),
        ("id,other\n1,2\n", "ser_time", "no column 'ser_time'"),
        ("", None, "holds no samples"),
    ],
)
def test_bad_samples_files(tmp_path: Path, content: str, column: str | None, message: str) -> None:
    (tmp_path / "t.csv").write_text(content, encoding="utf-8")
    col = f", column: {column}" if column else ""
    (tmp_path / "s.yaml").write_text(
        _with(
            "{distribution: exponential, mean_s: 180}",
            f"{{distribution: empirical, samples_file: t.csv{col}}}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match=message):
        load_scenario_file(tmp_path / "s.yaml")


def test_missing_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read scenario"):
        load_scenario_file(tmp_path / "absent.yaml")
    (tmp_path / "s.yaml").write_text(
        _with(
            "{distribution: exponential, mean_s: 180}",
            "{distribution: empirical, samples_file: no.csv}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match="cannot read samples file"):
        load_scenario_file(tmp_path / "s.yaml")


def test_every_example_scenario_is_valid(examples_dir: Path) -> None:
    files = sorted(examples_dir.glob("*.yaml"))
    assert len(files) >= 4
    for path in files:
        assert load_scenario_file(path).queues
