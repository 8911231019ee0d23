"""Running a scenario: draw the day's traffic from the seed, play it, report the metrics.

`simulate` is the one entry point (the CLI, the benchmarks and the tests use it); the event
loop itself lives in `frontline.sim.event_loop`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from frontline.domain.metrics import MetricsReport
from frontline.domain.routing import Event
from frontline.sim.event_loop import EventLoop, ProgressCallback
from frontline.sim.scenario import Scenario
from frontline.sim.stability import instability_warnings
from frontline.sim.timeline import Timeline
from frontline.sim.traffic import draw_traffic


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """What one seeded run produced. ``events`` counts arrivals and calendar entries processed;
    ``unfinished`` counts contacts still waiting when no agent was left to serve them."""

    seed: int
    duration_s: float
    report: MetricsReport
    contacts: int
    events: int
    wall_seconds: float
    end_s: float
    unfinished: int
    warnings: tuple[str, ...]
    timeline: Timeline | None

    @property
    def stable(self) -> bool:
        return not self.warnings


def simulate(
    scenario: Scenario,
    seed: int = 0,
    *,
    progress: ProgressCallback | None = None,
    timeline_interval_s: float | None = None,
    trace: Callable[[Event], None] | None = None,
) -> SimulationResult:
    """Run ``scenario`` once with ``seed``; the same seed gives the same result.

    ``progress`` is called now and then with the simulated time; ``timeline_interval_s``
    collects per-interval series for plots; ``trace`` receives every routing-engine event.
    """
    started = time.perf_counter()
    traffic = draw_traffic(scenario, np.random.default_rng(seed))
    run = EventLoop(scenario, traffic, timeline_interval_s, trace)
    events, end = run.loop(progress)
    if run.timeline is not None:
        run.timeline.close()
    return SimulationResult(
        seed=seed,
        duration_s=scenario.duration_s,
        report=run.metrics.report(max(end, scenario.duration_s), run.pools),
        contacts=len(traffic),
        events=events,
        wall_seconds=time.perf_counter() - started,
        end_s=end,
        unfinished=run.in_system,
        warnings=instability_warnings(scenario),
        timeline=run.timeline,
    )
