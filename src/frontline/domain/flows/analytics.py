"""Flow analytics: per node how many entered, passed, retried, dropped, and how runs ended.

A pure accumulator over the events the runner emits, so it can be fed live, rebuilt from stored
events, or run over simulated traffic. Definitions:
- ``entered``/``passed``/``retried`` count visits (a customer looping through a menu twice
  counts twice); ``dropped`` counts runs abandoned (customer left) while at the node;
- ``contained`` and ``handed_off`` count *runs* that visited the node at least once and then
  ended in self-service (an ``end`` node) or with an agent (queue, escalation, callback,
  voicemail); abandoned runs are neither;
- a flow's containment rate is contained runs ÷ finished runs, abandons included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from frontline.domain.flows.outcomes import (
    FlowEvent,
    FlowFinished,
    FlowOutcome,
    NodeEntered,
    NodePassed,
    NodeRetried,
)


@dataclass
class NodeStats:
    entered: int = 0
    passed: int = 0
    retried: int = 0
    dropped: int = 0
    contained: int = 0
    handed_off: int = 0


@dataclass
class FlowStats:
    outcomes: Counter[FlowOutcome] = field(default_factory=Counter)
    nodes: dict[str, NodeStats] = field(default_factory=dict)

    @property
    def finished(self) -> int:
        return sum(self.outcomes.values())

    @property
    def contained(self) -> int:
        return self.outcomes[FlowOutcome.CONTAINED]

    @property
    def handed_off(self) -> int:
        return sum(n for outcome, n in self.outcomes.items() if outcome.needs_agent)

    @property
    def abandoned(self) -> int:
        return self.outcomes[FlowOutcome.ABANDONED]

    @property
    def containment_rate(self) -> float:
        return self.contained / self.finished if self.finished else 0.0

    def node(self, node_id: str) -> NodeStats:
        return self.nodes.setdefault(node_id, NodeStats())


class FlowAnalytics:
    """Counts per flow and node, fed with `FlowEvent` values in any interleaving of runs."""

    def __init__(self) -> None:
        self.flows: dict[str, FlowStats] = {}

    def flow(self, flow_id: str) -> FlowStats:
        return self.flows.setdefault(flow_id, FlowStats())

    def record(self, event: FlowEvent) -> None:
        stats = self.flow(event.flow_id)
        match event:
            case NodeEntered():
                stats.node(event.node).entered += 1
            case NodePassed():
                stats.node(event.node).passed += 1
            case NodeRetried():
                stats.node(event.node).retried += 1
            case FlowFinished():
                stats.outcomes[event.outcome] += 1
                if event.outcome is FlowOutcome.ABANDONED:
                    stats.node(event.node).dropped += 1
                    return
                for node_id in set(event.path):
                    node = stats.node(node_id)
                    if event.outcome is FlowOutcome.CONTAINED:
                        node.contained += 1
                    else:
                        node.handed_off += 1

    def record_all(self, events: Iterable[FlowEvent]) -> None:
        for event in events:
            self.record(event)
