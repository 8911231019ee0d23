"""Building a `Scenario` from its YAML-shaped mapping, rejecting anything that cannot run.

Every error is one `ScenarioError` line naming the field (``queues[1].arrivals...``), so the
CLI can print it as is. See docs/guides/simulator.md for the format.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from frontline.domain.channels import Channel
from frontline.sim import parse_values as pv
from frontline.sim.distributions import Never
from frontline.sim.parse_traffic import SamplesLoader, parse_arrivals, parse_distribution
from frontline.sim.scenario import (
    AgentGroupSpec,
    BreakSpec,
    QueueSpec,
    Scenario,
    ScenarioError,
    can_serve,
)

TOP_FIELDS = frozenset({"duration_s", "queues", "agents", "routing"})
QUEUE_FIELDS = frozenset(
    {
        "name", "channel", "required_skills", "sl_threshold_s", "arrivals", "handle_time",
        "patience", "wrap_up", "priority", "widening", "any_agent_after_s",
    }
)  # fmt: skip
GROUP_FIELDS = frozenset({"name", "count", "skills", "capacity", "queues", "shift", "breaks"})
AGENT_POLICIES = frozenset({"longest_idle", "most_skilled"})
MAX_EXPECTED_CONTACTS = 20_000_000
"""Every contact's durations are drawn up front (about 40 bytes each, plus the engine's
records); beyond this a run would exhaust a laptop's memory, so it is refused instead."""


def parse_scenario(data: object, load_samples: SamplesLoader | None = None) -> Scenario:
    """Validate ``data`` (as loaded from YAML) into a runnable scenario."""
    top = pv.mapping(data, "scenario", TOP_FIELDS)
    duration = pv.number(pv.required(top, "duration_s", "scenario"), "duration_s")
    raw_queues = pv.sequence(pv.required(top, "queues", "scenario"), "queues")
    queues = tuple(
        _parse_queue(q, f"queues[{i}]", duration, load_samples) for i, q in enumerate(raw_queues)
    )
    expected = sum(q.arrivals.expected_count(duration) for q in queues)
    if expected > MAX_EXPECTED_CONTACTS:
        raise ScenarioError(
            f"duration_s: the scenario would simulate about {expected:,.0f} contacts; "
            f"the limit is {MAX_EXPECTED_CONTACTS:,} (shorten the run or split it)"
        )
    names = [q.name for q in queues]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ScenarioError(f"queues: duplicate queue name {duplicates[0]!r}")
    raw_groups = pv.sequence(pv.required(top, "agents", "scenario"), "agents")
    groups = tuple(
        _parse_group(g, f"agents[{i}]", frozenset(names)) for i, g in enumerate(raw_groups)
    )
    policy = "longest_idle"
    if "routing" in top:
        routing = pv.mapping(top["routing"], "routing", frozenset({"policy"}))
        policy = pv.text(routing.get("policy", policy), "routing.policy")
        if policy not in AGENT_POLICIES:
            raise ScenarioError(
                f"routing.policy: unknown policy {policy!r} (known: longest_idle, most_skilled)"
            )
    for queue in queues:
        if not any(can_serve(g, queue, fully_widened=True) for g in groups):
            raise ScenarioError(
                f"queue {queue.name!r}: no agent group can serve it (needs "
                f"{_describe_skills(queue.required_skills)} and {queue.channel} capacity)"
            )
    return Scenario(duration, queues, groups, policy)


def _parse_queue(
    value: object, where: str, duration: float, load_samples: SamplesLoader | None
) -> QueueSpec:
    data = pv.mapping(value, where, QUEUE_FIELDS)
    name = pv.text(pv.required(data, "name", where), f"{where}.name")
    skills = pv.proficiencies(
        pv.required(data, "required_skills", where), f"{where}.required_skills"
    )
    if not skills:
        raise ScenarioError(f"{where}.required_skills: name at least one skill")
    wrap_up = None
    if data.get("wrap_up") is not None:
        wrap_up = parse_distribution(data["wrap_up"], f"{where}.wrap_up", load_samples)
    patience = (
        parse_distribution(data["patience"], f"{where}.patience", load_samples)
        if data.get("patience") is not None
        else Never()
    )
    if patience.mean_s == 0:
        raise ScenarioError(f"{where}.patience: zero patience means nobody could ever be served")
    handle_time = parse_distribution(
        pv.required(data, "handle_time", where), f"{where}.handle_time", load_samples
    )
    if handle_time.mean_s <= 0:
        raise ScenarioError(f"{where}.handle_time: handle time must be > 0 on average")
    any_after = data.get("any_agent_after_s")
    return QueueSpec(
        name=name,
        required_skills=skills,
        arrivals=parse_arrivals(
            pv.required(data, "arrivals", where), f"{where}.arrivals", duration
        ),
        handle_time=handle_time,
        channel=_channel(data.get("channel", "voice"), f"{where}.channel"),
        sl_threshold_s=pv.number(
            data.get("sl_threshold_s", 20), f"{where}.sl_threshold_s", strict=False
        ),
        patience=patience,
        wrap_up=wrap_up,
        priority=pv.integer(data.get("priority", 0), f"{where}.priority", minimum=-1_000_000),
        widening=_parse_widening(data.get("widening", []), f"{where}.widening"),
        any_agent_after_s=(
            None
            if any_after is None
            else pv.number(any_after, f"{where}.any_agent_after_s", strict=False)
        ),
    )


def _parse_widening(value: object, where: str) -> tuple[tuple[float, int], ...]:
    steps = []
    for i, raw in enumerate(pv.sequence(value, where, non_empty=False)):
        step = pv.mapping(raw, f"{where}[{i}]", frozenset({"after_s", "min_proficiency"}))
        after = pv.number(
            pv.required(step, "after_s", f"{where}[{i}]"), f"{where}[{i}].after_s", strict=False
        )
        level = pv.integer(
            pv.required(step, "min_proficiency", f"{where}[{i}]"),
            f"{where}[{i}].min_proficiency",
            minimum=1,
            maximum=5,
        )
        steps.append((after, level))
    return tuple(sorted(steps))


def _parse_group(value: object, where: str, queue_names: frozenset[str]) -> AgentGroupSpec:
    data = pv.mapping(value, where, GROUP_FIELDS)
    name = pv.text(data.get("name", where.replace("[", "").replace("]", "")), f"{where}.name")
    capacity = {channel: 1 for channel in Channel}
    if "capacity" in data:
        raw_capacity = pv.mapping(data["capacity"], f"{where}.capacity")
        capacity = {channel: 0 for channel in Channel}
        for key, amount in raw_capacity.items():
            channel = _channel(key, f"{where}.capacity")
            capacity[channel] = pv.integer(amount, f"{where}.capacity.{key}", minimum=0)
    members = frozenset(
        pv.text(q, f"{where}.queues[{i}]")
        for i, q in enumerate(
            pv.sequence(data.get("queues", []), f"{where}.queues", non_empty=False)
        )
    )
    unknown = sorted(members - queue_names)
    if unknown:
        raise ScenarioError(f"{where}.queues: unknown queue {unknown[0]!r}")
    start, end = 0.0, math.inf
    if "shift" in data:
        shift = pv.mapping(data["shift"], f"{where}.shift", frozenset({"start_s", "end_s"}))
        start = pv.number(shift.get("start_s", 0), f"{where}.shift.start_s", strict=False)
        if "end_s" in shift:
            end = pv.number(shift["end_s"], f"{where}.shift.end_s", minimum=start)
    breaks = tuple(
        _parse_break(b, f"{where}.breaks[{i}]")
        for i, b in enumerate(
            pv.sequence(data.get("breaks", []), f"{where}.breaks", non_empty=False)
        )
    )
    return AgentGroupSpec(
        name=name,
        count=pv.integer(pv.required(data, "count", where), f"{where}.count", minimum=1),
        skills=pv.proficiencies(pv.required(data, "skills", where), f"{where}.skills"),
        capacity=capacity,
        queues=members,
        shift_start_s=start,
        shift_end_s=end,
        breaks=breaks,
    )


def _parse_break(value: object, where: str) -> BreakSpec:
    data = pv.mapping(value, where, frozenset({"start_s", "duration_s", "reason", "spread_s"}))
    return BreakSpec(
        start_s=pv.number(pv.required(data, "start_s", where), f"{where}.start_s", strict=False),
        duration_s=pv.number(pv.required(data, "duration_s", where), f"{where}.duration_s"),
        reason=pv.text(data.get("reason", "break"), f"{where}.reason"),
        spread_s=pv.number(data.get("spread_s", 0), f"{where}.spread_s", strict=False),
    )


def _channel(value: object, where: str) -> Channel:
    try:
        return Channel(str(value))
    except ValueError:
        known = ", ".join(c.value for c in Channel)
        raise ScenarioError(f"{where}: unknown channel {value!r} (known: {known})") from None


def _describe_skills(skills: Mapping[str, int]) -> str:
    return ", ".join(f"{name} >= {level}" for name, level in skills.items())
