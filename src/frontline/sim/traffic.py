"""All contacts of a run, drawn up front: arrival time, queue, handle time, patience, wrap-up.

Drawing every random number in a few numpy batches (per queue, in a fixed order) makes a run
reproducible from its seed and keeps the random number generator out of the event loop. The
columns are converted to Python lists because the loop reads single items, which is faster
from a list than from a numpy array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from frontline.sim.scenario import Scenario


@dataclass(frozen=True, slots=True)
class Traffic:
    """Contact ``i`` arrives at ``arrival_s[i]`` to queue ``queue_index[i]``; it would take
    ``handle_s[i]`` to handle and ``wrap_up_s[i]`` of after-contact work, and gives up after
    ``patience_s[i]`` of waiting (``inf``: never)."""

    arrival_s: list[float]
    queue_index: list[int]
    handle_s: list[float]
    patience_s: list[float]
    wrap_up_s: list[float]

    def __len__(self) -> int:
        return len(self.arrival_s)


def draw_traffic(scenario: Scenario, rng: np.random.Generator) -> Traffic:
    """Sample the contacts of one simulated day, merged across queues in arrival order."""
    times, queues, handles, patiences, wraps = [], [], [], [], []
    for index, queue in enumerate(scenario.queues):
        arrivals = queue.arrivals.generate(rng, scenario.duration_s)
        n = arrivals.size
        times.append(arrivals)
        queues.append(np.full(n, index, dtype=np.int64))
        handles.append(queue.handle_time.sample(rng, n))
        patiences.append(queue.patience.sample(rng, n))
        wraps.append(queue.wrap_up.sample(rng, n) if queue.wrap_up else np.zeros(n))
    if len(times) == 1:  # one queue: its arrivals are sorted already
        return Traffic(
            arrival_s=times[0].tolist(),
            queue_index=[0] * len(times[0]),
            handle_s=handles[0].tolist(),
            patience_s=patiences[0].tolist(),
            wrap_up_s=wraps[0].tolist(),
        )
    all_times = np.concatenate(times)
    order = np.argsort(all_times, kind="stable")
    return Traffic(
        arrival_s=all_times[order].tolist(),
        queue_index=np.concatenate(queues)[order].tolist(),
        handle_s=np.concatenate(handles)[order].tolist(),
        patience_s=np.concatenate(patiences)[order].tolist(),
        wrap_up_s=np.concatenate(wraps)[order].tolist(),
    )
