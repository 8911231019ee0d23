"""A simulated day of a 1,000-agent multi-skill contact center (about 250,000 contacts).

Runs examples/scenarios/center_1000_agents.yaml (five voice, chat and email queues, three
shifts with staggered breaks, skill widening) through ``frontline simulate --json`` in a fresh
process and reports the whole-process wall time against the 30-second target, plus the
simulator's own in-process time. No peer tool routes multi-skill, multi-channel contacts with
shifts, so the ratio printed is against the target. ``--profile`` shows where the time goes:
internal time summed per part (routing engine, metrics, simulator loop, the rest).

    benchmarks/run.sh bench_sim_day.py [--seed 1] [--repeat 1] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenarios" / "center_1000_agents.yaml"
TARGET_S = 30.0
PARTS = (
    ("routing engine", "frontline/domain/routing/"),
    ("metrics", "frontline/domain/metrics.py"),
    ("simulator", "frontline/sim/"),
)


def whole_process(seed: int) -> tuple[float, float, dict[str, object]]:
    """Wall and CPU time of ``frontline simulate --json`` from spawn to exit, and its output."""
    frontline = Path(sys.executable).parent / "frontline"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(frontline), "simulate", str(SCENARIO), "--seed", str(seed), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout)


def profile(seed: int) -> None:
    from frontline.sim.runner import simulate
    from frontline.sim.scenario_files import load_scenario_file

    scenario = load_scenario_file(SCENARIO)
    profiler = cProfile.Profile()
    profiler.enable()
    simulate(scenario, seed)
    profiler.disable()
    stats = pstats.Stats(profiler)
    per_part: dict[str, float] = defaultdict(float)
    for (file_name, _, _), row in stats.stats.items():  # type: ignore[attr-defined]
        part = next(
            (name for name, marker in PARTS if marker in file_name),
            "other (heapq, numpy, builtins)",
        )
        per_part[part] += row[2]  # internal time
    total = sum(per_part.values())
    print("where the time goes (cProfile internal time, profiler overhead included):")
    for part, seconds in sorted(per_part.items(), key=lambda item: -item[1]):
        print(f"  {part:<32} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    runs = [whole_process(args.seed) for _ in range(args.repeat)]
    wall, cpu, out = min(runs, key=lambda run: run[0])
    total = out["total"]
    assert isinstance(total, dict)
    print(f"{SCENARIO.name}, seed {args.seed}")
    print(
        f"contacts {out['contacts']:,}, events {out['events']:,}; simulator in-process "
        f"{out['wall_seconds']:.2f} s, whole process {wall:.2f} s wall, {cpu:.2f} s CPU "
        f"({out['contacts'] / wall:,.0f} contacts/s)"  # type: ignore[operator]
    )
    print(
        f"total: SL {total['service_level']:.3f}, ASA {total['asa']:.1f} s, "
        f"abandon {total['abandon_rate']:.3f}, occupancy {total['occupancy']:.3f}"
    )
    print(f"ratio (30 s target / whole-process time): {TARGET_S / wall:.2f}x")
    if args.profile:
        profile(args.seed)


if __name__ == "__main__":
    main()
