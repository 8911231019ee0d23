"""Shift selection: a week of 15-minute periods, and daily instances side by side with pyworkforce.

Requirements come from real traffic: calls per 5 minutes at a North American bank (Weinberg,
Brown & Stroud 2007; /work/shared/data/bank_calls.csv), summed to 15-minute periods and turned
into agents with Erlang C (AHT 4 minutes, 80% answered within 20 seconds). The data covers
weekdays 07:00-21:00; Saturday and Sunday reuse Friday's curve at 50% and 30% (stated, not
measured). Shift costs are paid periods, so every cost is an integer.

(a) the week: 672 periods, several hundred shift types from templates, with and without
    breaks; prints status, cost, LP bound, MIP bound, gap to the LP bound and time.
(b) single days: the same instance through Frontline and pyworkforce's MinRequiredResources
    (OR-tools CP-SAT); prints the cost and time of each and the ratios.

Run: benchmarks/run.sh bench_scheduling.py [--time-limit 60] [--days 5]
"""

from __future__ import annotations

import argparse
import csv
import math
import time
from collections import defaultdict
from pathlib import Path

from frontline.wfm.scheduling import BreakRule, CoverageProblem, ShiftType, select_shifts
from frontline.wfm.scheduling.templates import ShiftTemplate, expand_template

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "bank_calls.csv"
if not DATA.exists():
    DATA = Path("/work/shared/data/bank_calls.csv")
PERIODS_PER_DAY = 96
OPEN = 28  # 07:00 in 15-minute periods
AHT_MINUTES = 4.0


def erlang_c_agents(calls: float, minutes: float = 15.0, target: float = 0.8) -> int:
    """Fewest agents answering ``target`` of ``calls`` within 20 s (Erlang C, AHT 4 min)."""
    load = calls * AHT_MINUTES / minutes
    if load <= 0:
        return 0
    agents = max(1, math.ceil(load))
    while True:
        blocking = 1.0
        for k in range(1, agents + 1):
            blocking = load * blocking / (k + load * blocking)
        wait_prob = agents * blocking / (agents - load * (1 - blocking))
        level = 1 - wait_prob * math.exp(-(agents - load) * (20 / 60) / AHT_MINUTES)
        if agents > load and level >= target:
            return agents
        agents += 1


def daily_curves() -> dict[str, list[int]]:
    """Agents required per 15-minute period, 07:00-21:00 (56 periods), for each day."""
    calls: dict[str, list[float]] = defaultdict(lambda: [0.0] * 56)
    with DATA.open() as handle:
        for row in csv.DictReader(handle):
            day, clock = row["DateTime"][:10], row["DateTime"][11:16]
            index = (int(clock[:2]) * 60 + int(clock[3:]) - 7 * 60) // 15
            if 0 <= index < 56:
                calls[day][index] += float(row["Calls"])
    return {day: [erlang_c_agents(c) for c in curve] for day, curve in sorted(calls.items())}


def week_requirements(curves: dict[str, list[int]]) -> list[int]:
    week = [day for day in curves if day >= "2003-03-10"][:5]  # Monday 10 March 2003
    days = [curves[d] for d in week]
    days += [[math.ceil(0.5 * v) for v in days[4]], [math.ceil(0.3 * v) for v in days[4]]]
    required = [0] * (7 * PERIODS_PER_DAY)
    for d, curve in enumerate(days):
        for k, need in enumerate(curve):
            required[d * PERIODS_PER_DAY + OPEN + k] = need
    return required


def week_shifts(with_breaks: bool) -> list[ShiftType]:
    """Starts every 15 minutes 07:00-17:00, lengths 4, 6 and 8 hours, every day of the week."""
    lunch_and_two = (
        BreakRule("break-1", 1, 4, 12),
        BreakRule("lunch", 2, 12, 20),
        BreakRule("break-2", 1, 20, 28),
    )
    templates = [
        ShiftTemplate("h4", tuple(range(7)), 96, 28, 68, 1, (16,), cost_per_period=1),
        ShiftTemplate(
            "h6",
            tuple(range(7)),
            96,
            28,
            68,
            1,
            (24,),
            cost_per_period=1,
            breaks=(BreakRule("break", 1, 8, 16),) if with_breaks else (),
        ),
        ShiftTemplate(
            "h8",
            tuple(range(7)),
            96,
            28,
            68,
            1,
            (32,),
            cost_per_period=1,
            breaks=lunch_and_two if with_breaks else (),
        ),
    ]
    return [s for t in templates for s in expand_template(t, 7 * PERIODS_PER_DAY, 15)]


def run_week(time_limit: float) -> None:
    required = week_requirements(daily_curves())
    for with_breaks in (False, True):
        shifts = week_shifts(with_breaks)
        problem = CoverageProblem(tuple(required), tuple(shifts))
        result = select_shifts(problem, time_limit=time_limit)
        assert result.cost is not None and result.lp_bound is not None
        gap_lp = (result.cost - result.lp_bound) / result.lp_bound
        label = "with breaks" if with_breaks else "no breaks"
        print(
            f"week ({label}): {len(required)} periods, {len(shifts)} shift types: "
            f"{result.status.value}, cost {result.cost:g}, LP bound {result.lp_bound:.2f}, "
            f"MIP bound {result.lower_bound:g}, gap to LP {gap_lp:.3%}, "
            f"{result.seconds:.2f} s, {sum(result.counts.values())} shifts staffed"
        )


def day_shifts() -> dict[str, list[int]]:
    """Starts every 15 minutes, 4/6/8 hours, all ending by 21:00 (56 periods in the day)."""
    coverage: dict[str, list[int]] = {}
    for length in (16, 24, 32):
        for start in range(0, 56 - length + 1):
            coverage[f"s{start}-l{length}"] = [
                1 if start <= p < start + length else 0 for p in range(56)
            ]
    return coverage


def run_days(n_days: int, time_limit: float) -> None:
    from pyworkforce.scheduling import MinRequiredResources

    curves = daily_curves()
    coverage = day_shifts()
    costs = {name: sum(cover) for name, cover in coverage.items()}
    cap = 500
    print(f"daily instances: 56 periods (07:00-21:00), {len(coverage)} shift types")
    total_ratio_cost = total_ratio_time = 0.0
    picked = list(curves)[:: max(1, len(curves) // n_days)][:n_days]
    for day in picked:
        need = curves[day]
        shifts = tuple(
            ShiftType(name, tuple(p for p, c in enumerate(cover) if c), costs[name], max_count=cap)
            for name, cover in coverage.items()
        )
        began = time.perf_counter()
        ours = select_shifts(CoverageProblem(tuple(need), shifts), time_limit=time_limit)
        ours_s = time.perf_counter() - began
        began = time.perf_counter()
        peer = MinRequiredResources(
            num_days=1,
            periods=56,
            shifts_coverage=coverage,
            required_resources=[need],
            max_period_concurrency=10_000,
            max_shift_concurrency=cap,
            cost_dict=costs,
            max_search_time=time_limit,
            num_search_workers=2,
        ).solve()
        peer_s = time.perf_counter() - began
        assert ours.cost is not None
        cost_ratio = ours.cost / peer["cost"] if peer["cost"] > 0 else float("nan")
        total_ratio_cost += cost_ratio
        total_ratio_time += peer_s / ours_s
        print(
            f"  {day}: frontline {ours.status.value} cost {ours.cost:g} in {ours_s:.3f} s | "
            f"pyworkforce {peer['status']} cost {peer['cost']:g} in {peer_s:.3f} s | "
            f"cost ratio {cost_ratio:.4f}, speed-up {peer_s / ours_s:.1f}x"
        )
    print(
        f"mean over {len(picked)} days: cost ratio (frontline/pyworkforce) "
        f"{total_ratio_cost / len(picked):.4f}, speed-up {total_ratio_time / len(picked):.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--skip-week", action="store_true")
    parser.add_argument("--skip-days", action="store_true")
    args = parser.parse_args()
    if not args.skip_week:
        run_week(args.time_limit)
    if not args.skip_days:
        run_days(args.days, args.time_limit)


if __name__ == "__main__":
    main()
