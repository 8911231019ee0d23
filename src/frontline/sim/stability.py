"""Spotting scenarios whose queues grow without bound, so results are not taken at face value.

When customers never abandon and the work offered to a queue is at least what its agents can
do, no steady state exists (Erlang C has no finite answer for a ≥ n): a finite simulated day
still returns numbers, but they depend on the day's length. The simulator then still runs and
marks the result *unstable*, naming the queue and the figures, as documented in
docs/guides/simulator.md. Queues with abandonment are always stable (Erlang A).
"""

from __future__ import annotations

from frontline.sim.scenario import AgentGroupSpec, QueueSpec, Scenario, can_serve


def staffed_capacity(
    groups: tuple[AgentGroupSpec, ...], queue: QueueSpec, duration: float
) -> float:
    """Average number of contacts the queue's qualified agents can work on at once over the
    day, counting shift coverage and breaks (capacity per channel × share of the day on)."""
    capacity = 0.0
    for group in groups:
        if not can_serve(group, queue, fully_widened=True):
            continue
        share = _on_duty_share(group, duration)
        capacity += group.count * group.capacity.get(queue.channel, 0) * share
    return capacity


def offered_load(queue: QueueSpec, duration: float) -> float:
    """Mean offered load in Erlangs: arrival rate × (handle time + wrap-up)."""
    return queue.arrivals.mean_rate_per_s(duration) * queue.work_per_contact_s


def instability_warnings(scenario: Scenario) -> tuple[str, ...]:
    """One line per queue (and for the centre as a whole) that cannot reach a steady state."""
    warnings: list[str] = []
    duration = scenario.duration_s
    patient_load = 0.0
    for queue in scenario.queues:
        if queue.abandons:
            continue
        load = offered_load(queue, duration)
        patient_load += load
        capacity = staffed_capacity(scenario.agent_groups, queue, duration)
        if load >= capacity:
            warnings.append(
                f"unstable: queue {queue.name!r} is offered {load:.2f} Erlangs but its agents "
                f"can work {capacity:.2f} contacts at once on average and customers never "
                "abandon; waits grow with the length of the day"
            )
    if not warnings and patient_load > 0:
        everyone = _everyone_capacity(scenario)
        if patient_load >= everyone:
            warnings.append(
                f"unstable: never-abandoning queues are offered {patient_load:.2f} Erlangs in "
                f"all but the centre's agents can work {everyone:.2f} contacts at once"
            )
    return tuple(warnings)


def _everyone_capacity(scenario: Scenario) -> float:
    duration = scenario.duration_s
    total = 0.0
    for group in scenario.agent_groups:
        share = _on_duty_share(group, duration)
        total += group.count * max(group.capacity.values(), default=0) * share
    return total


def _on_duty_share(group: AgentGroupSpec, duration: float) -> float:
    on_shift = max(0.0, min(group.shift_end_s, duration) - min(group.shift_start_s, duration))
    return max(0.0, on_shift - sum(b.duration_s for b in group.breaks)) / duration
