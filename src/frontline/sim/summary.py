"""A simulation result as plain data: what ``frontline simulate --json`` prints.

Field names are the metric names of `frontline.domain.metrics`; times are seconds, ratios are
fractions (0.88, not 88 %); a ratio with nothing to divide by is ``null``.
"""

from __future__ import annotations

from typing import Any

from frontline.domain.metrics import QueueMetrics
from frontline.sim.runner import SimulationResult

METRIC_FIELDS = (
    "offered",
    "answered",
    "abandoned",
    "service_level",
    "asa",
    "p_wait",
    "abandon_rate",
    "occupancy",
    "aht",
)


def metrics_dict(metrics: QueueMetrics) -> dict[str, Any]:
    """The published metrics of one queue or the total."""
    return {name: getattr(metrics, name) for name in METRIC_FIELDS}


def result_dict(result: SimulationResult) -> dict[str, Any]:
    """Everything a caller of the CLI needs, JSON-ready."""
    return {
        "seed": result.seed,
        "duration_s": result.duration_s,
        "queues": {name: metrics_dict(m) for name, m in result.report.queues.items()},
        "total": metrics_dict(result.report.total),
        "contacts": result.contacts,
        "events": result.events,
        "wall_seconds": round(result.wall_seconds, 4),
        "unfinished": result.unfinished,
        "stable": result.stable,
        "warnings": list(result.warnings),
    }
