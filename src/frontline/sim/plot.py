"""Service level and queue length over the simulated day, drawn with matplotlib (Agg).

The Agg backend renders to files without a display, so plotting works on servers and in CI.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from frontline.sim.timeline import Timeline


def plot_timeline(timeline: Timeline, path: Path, *, title: str = "Simulated day") -> None:
    """Two stacked panels, per interval: service level (%) and mean contacts waiting."""
    hours = [start / 3600 for start in timeline.starts_s()]
    width = timeline.interval_s / 3600
    levels = [100 * v for v in timeline.service_levels()]
    fig, (sl_ax, queue_ax) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    try:
        # repeat the last level at the day's end so the last interval is drawn too
        edges = [*hours, timeline.horizon_s / 3600]
        sl_ax.step(edges, [*levels, levels[-1] if levels else 0.0], where="post")
        sl_ax.set_ylabel("service level (%)")
        sl_ax.set_ylim(0, 105)
        sl_ax.set_title(title)
        sl_ax.grid(alpha=0.3)
        queue_ax.bar(hours, timeline.mean_waiting(), width=width, align="edge", alpha=0.7)
        queue_ax.set_ylabel("mean contacts waiting")
        queue_ax.set_xlabel("simulated time (hours)")
        queue_ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(path, dpi=100)
    finally:
        plt.close(fig)
