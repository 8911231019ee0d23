"""Simulator speed: Frontline vs Ciw on the same M/M/14+M queue, whole process each.

The model is the Erlang A textbook example: Poisson arrivals of 100 per 30 minutes,
exponential handle time of 180 s, 14 agents, exponential patience of 300 s (Ciw's
``reneging_time_distributions``). Both simulate the same span of time (default 1,800,000 s,
about 100,000 customers). Each tool runs in its own fresh Python process, timed from spawn to
exit (interpreter start, imports, model setup, simulation, result extraction), so the figure
is what a user waits for. The script prints both tools' customers per second of wall time,
the ratio, and each tool's P(wait), abandonment and service level next to the exact Erlang A
values, to show that both simulated the same model.

    benchmarks/run.sh bench_sim_vs_ciw.py [--duration 1800000] [--seed 1] [--repeat 1]

With ``--repeat N`` the two tools take turns N times and each keeps its best wall time and its
best CPU time (user + system), so a burst of load from other work spoils one run, not a tool.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

ARRIVALS_PER_S = 100 / 1800
AHT_S = 180.0
PATIENCE_S = 300.0
AGENTS = 14
SL_THRESHOLD_S = 20.0
ERLANG_A = {"p_wait": 0.14526, "abandon_rate": 0.013984, "service_level": 0.916792}

SCENARIO = f"""
duration_s: {{duration}}
queues:
  - name: general
    required_skills: {{{{general: 1}}}}
    sl_threshold_s: {SL_THRESHOLD_S}
    arrivals: {{{{rate_per_hour: {ARRIVALS_PER_S * 3600}}}}}
    handle_time: {{{{distribution: exponential, mean_s: {AHT_S}}}}}
    patience: {{{{distribution: exponential, mean_s: {PATIENCE_S}}}}}
agents:
  - {{{{count: {AGENTS}, skills: {{{{general: 5}}}}}}}}
"""


def run_frontline(duration: float, seed: int) -> dict[str, Any]:
    from frontline.sim.runner import simulate
    from frontline.sim.scenario_files import load_scenario_text

    result = simulate(load_scenario_text(SCENARIO.format(duration=duration)), seed)
    total = result.report.total
    return {
        "customers": total.offered,
        "p_wait": total.p_wait,
        "abandon_rate": total.abandon_rate,
        "service_level": total.service_level,
    }


def run_ciw(duration: float, seed: int) -> dict[str, Any]:
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=ARRIVALS_PER_S)],
        service_distributions=[ciw.dists.Exponential(rate=1 / AHT_S)],
        number_of_servers=[AGENTS],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1 / PATIENCE_S)],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(duration)
    records = simulation.get_all_records()
    served = [r for r in records if r.record_type == "service"]
    reneged = [r for r in records if r.record_type == "renege"]
    customers = len(served) + len(reneged)
    waited = sum(1 for r in served if r.waiting_time > 0) + len(reneged)
    quick = sum(1 for r in served if r.waiting_time <= SL_THRESHOLD_S)
    return {
        "customers": customers,
        "p_wait": waited / customers,
        "abandon_rate": len(reneged) / customers,
        "service_level": quick / customers,
    }


WORKERS = {"frontline": run_frontline, "ciw": run_ciw}


def timed_process(tool: str, duration: float, seed: int) -> tuple[float, float, dict[str, Any]]:
    """Run one tool in a fresh interpreter: wall time from spawn to exit, and the CPU time
    (user + system) the process used, which other load on a shared machine disturbs less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            tool,
            "--duration",
            str(duration),
            "--seed",
            str(seed),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=1_800_000.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeat", type=int, default=1, help="N runs per tool, taking turns; keep the best"
    )
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args.duration, args.seed)))
        return
    print(f"M/M/{AGENTS}+M, {args.duration:,.0f} simulated seconds, seed {args.seed}")
    # The tools take turns, so load from other work on the machine falls on both alike; each
    # tool's best wall time and best CPU time over the repeats are kept (same seed each run).
    tools = ("frontline", "ciw")
    runs: dict[str, list[tuple[float, float, dict[str, Any]]]] = {tool: [] for tool in tools}
    for _ in range(args.repeat):
        for tool in tools:
            runs[tool].append(timed_process(tool, args.duration, args.seed))
    rates, cpu_rates = {}, {}
    for tool in tools:
        wall = min(run[0] for run in runs[tool])
        cpu = min(run[1] for run in runs[tool])
        out = runs[tool][0][2]
        rates[tool] = out["customers"] / wall
        cpu_rates[tool] = out["customers"] / cpu
        print(
            f"{tool:>9}: {out['customers']:,} customers in {wall:.2f} s wall ({cpu:.2f} s CPU) "
            f"= {rates[tool]:,.0f} customers/s | P(wait) {out['p_wait']:.4f} "
            f"abandon {out['abandon_rate']:.4f} SL {out['service_level']:.4f}"
        )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    exact = ", ".join(f"{k} {v}" for k, v in ERLANG_A.items())
    print(f"Erlang A exact: {exact}")
    print(f"ratio (Frontline / Ciw customers per second): {rates['frontline'] / rates['ciw']:.1f}x")
    print(f"ratio per CPU second: {cpu_rates['frontline'] / cpu_rates['ciw']:.1f}x")


if __name__ == "__main__":
    main()
