"""The closed-loop picture: required vs scheduled agents, and simulated service per interval.

Rendered with matplotlib's Agg backend (no display needed) into PNG bytes; the caller decides
where they go. The x axis runs over open intervals only, day after day, with a line between
days, so a week of a center closed at night reads without empty nights.
"""

from __future__ import annotations

import io
import math
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from frontline.service.planning.pipeline import PlanResult

_EPOCH = date(1970, 1, 1)


def plan_png(result: PlanResult, *, title: str = "Plan check") -> bytes:
    """Two panels: agents per interval (step) and simulated service level with the goal."""
    calendar = result.calendar
    rows = result.rows
    edges = list(range(len(rows) + 1))

    def steps(values: list[float]) -> list[float]:
        return [*values, values[-1]] if values else [0.0]

    figure, (agents_ax, sl_ax) = plt.subplots(2, 1, figsize=(12, 6.5), sharex=True)
    try:
        required = [float(r.required_positions) for r in rows]
        agents_ax.step(edges, steps(required), where="post", label="required positions")
        agents_ax.step(
            edges,
            steps([float(r.scheduled) for r in rows]),
            where="post",
            label="scheduled (net of breaks)",
        )
        if result.goal.shrinkage > 0:
            agents_ax.step(
                edges,
                steps([float(r.required_agents) for r in rows]),
                where="post",
                linestyle="--",
                label="required on the phones",
            )
            agents_ax.step(
                edges,
                steps([float(r.on_phones) for r in rows]),
                where="post",
                linestyle=":",
                label="on the phones after shrinkage",
            )
        agents_ax.set_ylabel("agents")
        agents_ax.legend(loc="upper right", fontsize="small", ncols=2)
        agents_ax.set_title(title)
        levels = [100 * r.sim_sl if not math.isnan(r.sim_sl) else math.nan for r in rows]
        sl_ax.step(edges, steps(levels), where="post", color="tab:green", label="simulated SL")
        sl_ax.axhline(
            100 * result.goal.service_level,
            color="black",
            linestyle="--",
            linewidth=1,
            label=f"goal {100 * result.goal.service_level:g}%",
        )
        for index, row in enumerate(rows):
            if row.missed:
                sl_ax.axvspan(index, index + 1, color="tab:red", alpha=0.25, linewidth=0)
        sl_ax.set_ylabel(f"% answered in {result.goal.target_s:g} s")
        sl_ax.set_ylim(0, 105)
        sl_ax.legend(loc="lower left", fontsize="small")
        ticks = []
        for day_index in range(len(calendar.days)):
            start = day_index * calendar.slots
            ticks.append(start + calendar.slots / 2)
            for axes in (agents_ax, sl_ax):
                axes.axvline(start, color="0.6", linewidth=0.8)
        sl_ax.set_xticks(ticks)
        sl_ax.set_xticklabels(
            [f"{_EPOCH + timedelta(days=d):%a %d %b}" for d in calendar.days], fontsize="small"
        )
        sl_ax.set_xlabel(
            f"{calendar.interval_minutes}-minute intervals, {calendar.window_text()} each day "
            "(missed intervals shaded)"
        )
        for axes in (agents_ax, sl_ax):
            axes.grid(alpha=0.3)
            axes.set_xlim(0, len(rows))
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=90)
        return buffer.getvalue()
    finally:
        plt.close(figure)
