"""The live wallboard figures, computed from the routing engine's events in one place.

Two ``MetricsAccumulator``s (``frontline.domain.metrics``, the same definitions the simulator
reports) are fed every event: one for *today* (reset at the organisation's local midnight)
and one since start, from which the rolling 30 minutes is derived. Tallies are additive
counts, so "the last 30 minutes" is the running tally minus the tally as it stood at the
minute boundary 30 minutes ago: one small snapshot per minute, no per-event history.

Routing queues are per (queue, channel) (see ``routing_map``); figures are summed per
organisation queue name. Waiting counts and longest waits are not events: the caller passes
the arrival times of what is waiting now.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from frontline.domain.live.routing_map import split_routing_queue_id
from frontline.domain.metrics import MetricsAccumulator, QueueMetrics, QueueTally
from frontline.domain.routing import AgentStateChanged, Event

ROLLING_WINDOW_S = 30 * 60
SNAPSHOT_EVERY_S = 60


def _minus(now: QueueTally, then: QueueTally) -> QueueTally:
    return QueueTally(
        **{f.name: getattr(now, f.name) - getattr(then, f.name) for f in dataclasses.fields(now)}
    )


def _by_queue_name(tallies: Mapping[str, QueueTally]) -> dict[str, QueueTally]:
    summed: dict[str, QueueTally] = {}
    for routing_id, tally in tallies.items():
        name, _ = split_routing_queue_id(routing_id)
        summed.setdefault(name, QueueTally()).add(tally)
    return summed


def _copy(tallies: Mapping[str, QueueTally]) -> dict[str, QueueTally]:
    return {key: dataclasses.replace(tally) for key, tally in tallies.items()}


def _figures(tally: QueueTally) -> dict[str, Any]:
    metrics = QueueMetrics.from_tally(tally, None)
    return {
        "offered": metrics.offered,
        "answered": metrics.answered,
        "abandoned": metrics.abandoned,
        "service_level": metrics.service_level,
        "asa_s": metrics.asa,
        "aht_s": metrics.aht,
        "abandon_rate": metrics.abandon_rate,
    }


@dataclass(frozen=True)
class QueueTarget:
    name: str
    sl_percent: float
    sl_threshold_s: float


@dataclass
class AgentPresence:
    state: str
    since: float


@dataclass
class LiveStats:
    """Feed with ``observe``; read with ``queue_rows`` and ``agent_rows``. Times are epoch s."""

    targets: Mapping[str, QueueTarget]
    routing_thresholds: Mapping[str, float]
    day_start: float
    today: MetricsAccumulator = field(init=False)
    running: MetricsAccumulator = field(init=False)
    presence: dict[str, AgentPresence] = field(default_factory=dict)
    _snapshots: deque[tuple[float, dict[str, QueueTally]]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.today = self._accumulator()
        self.running = self._accumulator()
        self._snapshots.append((self.day_start, {}))

    def _accumulator(self) -> MetricsAccumulator:
        return MetricsAccumulator(sl_thresholds=dict(self.routing_thresholds))

    def observe(self, events: Iterable[Event]) -> None:
        for event in events:
            self.today.observe(event)
            self.running.observe(event)
            if isinstance(event, AgentStateChanged):
                self.presence[event.agent_id] = AgentPresence(event.new.value, event.at)

    def seed_agent(self, agent_id: str, state: str, at: float) -> None:
        """Start counting an agent's time from a known state (after a restore)."""
        self.presence[agent_id] = AgentPresence(state, at)
        self.today.agent_state_changed(agent_id, state, at)
        self.running.agent_state_changed(agent_id, state, at)

    def new_day(self, day_start: float) -> None:
        """Local midnight passed: today's tallies restart; agents keep their current state."""
        self.day_start = day_start
        self.today = self._accumulator()
        for agent_id, presence in self.presence.items():
            self.today.agent_state_changed(agent_id, presence.state, day_start)

    def _advance(self, now: float) -> None:
        last = self._snapshots[-1][0]
        if now - last >= SNAPSHOT_EVERY_S:
            self._snapshots.append((now, _copy(self.running.tallies)))
        while len(self._snapshots) > 1 and self._snapshots[1][0] <= now - ROLLING_WINDOW_S:
            self._snapshots.popleft()

    def queue_rows(
        self, now: float, waiting_since: Mapping[str, Iterable[float]]
    ) -> list[dict[str, Any]]:
        """One row per queue: today's figures plus ``rolling_30m``; ``waiting_since`` maps a
        queue name to the arrival times of its waiting contacts."""
        self._advance(now)
        today = _by_queue_name(self.today.tallies)
        running = _by_queue_name(self.running.tallies)
        then = _by_queue_name(self._snapshots[0][1])
        rows = []
        for name in sorted(self.targets):
            target = self.targets[name]
            arrivals = list(waiting_since.get(name, ()))
            rolling = _minus(running.get(name, QueueTally()), then.get(name, QueueTally()))
            rows.append(
                {
                    "name": name,
                    "waiting": len(arrivals),
                    "longest_wait_s": max((now - t for t in arrivals), default=0.0),
                    **_figures(today.get(name, QueueTally())),
                    "sl_target": target.sl_percent / 100.0,
                    "sl_threshold_s": target.sl_threshold_s,
                    "rolling_30m": _figures(rolling),
                }
            )
        return rows

    def agent_occupancy(self, agent_id: str, now: float) -> float | None:
        return self.today.occupancy(now, [agent_id])
