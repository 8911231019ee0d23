"""Staffing 10,000 intervals: Frontline's vectorised search vs pyworkforce's ErlangC.

Both solve the same problem per interval: the fewest agents whose Erlang C service level
(answered within 20 s) is at least 80 %, then positions after 30 % shrinkage. pyworkforce
takes its times in minutes (AHT 3 min, ASA threshold 20/60 min, interval 30 min) and
``transactions`` per interval; Frontline takes an arrival rate per second and seconds, so
the offered load is the same A = calls × AHT / interval. The script checks that agent and
position counts are identical, prints both times and the ratio, and lists any mismatch
next to the count that exact rational arithmetic gives (pyworkforce takes the ceiling of
float quotients such as 175 / 0.7 = 250.00000000000003, which rounds 250 up to 251).

    benchmarks/run.sh bench_staffing.py [--intervals 10000] [--repeat 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
from pyworkforce.queuing import ErlangC

from frontline.wfm.erlang import staff_for_service_level

AHT_SECONDS = 180.0
TARGET_SECONDS = 20.0
INTERVAL_SECONDS = 1800.0
SERVICE_LEVEL = 0.8
SHRINKAGE = 0.3


def best_time(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Fastest of ``repeat`` runs (the least disturbed by other load on a shared machine)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def pyworkforce_staffing(calls: np.ndarray, max_occupancy: float) -> tuple[np.ndarray, ...]:
    agents, positions = [], []
    for volume in calls:
        model = ErlangC(
            transactions=float(volume),
            aht=AHT_SECONDS / 60,
            asa=TARGET_SECONDS / 60,
            interval=INTERVAL_SECONDS / 60,
            shrinkage=SHRINKAGE,
        )
        answer = model.required_positions(service_level=SERVICE_LEVEL, max_occupancy=max_occupancy)
        agents.append(answer["raw_positions"])
        positions.append(answer["positions"])
    return np.array(agents), np.array(positions)


def frontline_staffing(calls: np.ndarray, max_occupancy: float) -> tuple[np.ndarray, ...]:
    result = staff_for_service_level(
        calls / INTERVAL_SECONDS,
        AHT_SECONDS,
        TARGET_SECONDS,
        SERVICE_LEVEL,
        max_occupancy=None if max_occupancy >= 1 else max_occupancy,
        shrinkage=SHRINKAGE,
    )
    return result.agents, result.positions


def exact_counts(
    calls: np.ndarray, service_agents: np.ndarray, max_occupancy: float
) -> tuple[np.ndarray, np.ndarray]:
    """Agents and positions in exact rational arithmetic, given the agents the service-level
    goal needs (identical in both tools): the occupancy cap needs ceil(A / cap) agents and
    shrinkage turns agents into ceil(agents / (1 - shrinkage)) positions. Decides who is
    right where the tools differ only by floating-point rounding before a ceiling."""
    cap, keep = Fraction(str(max_occupancy)), 1 - Fraction(str(SHRINKAGE))
    agents, positions = [], []
    for volume, needed in zip(calls, service_agents, strict=True):
        load = Fraction(int(volume)) * Fraction(int(AHT_SECONDS), int(INTERVAL_SECONDS))
        count = max(int(needed), math.ceil(load / cap))
        agents.append(count)
        positions.append(math.ceil(count / keep))
    return np.array(agents), np.array(positions)


def compare(calls: np.ndarray, max_occupancy: float, repeat: int) -> None:
    ours_s, (ours_agents, ours_positions) = best_time(
        lambda: frontline_staffing(calls, max_occupancy), repeat
    )
    peer_s, (peer_agents, peer_positions) = best_time(
        lambda: pyworkforce_staffing(calls, max_occupancy), repeat
    )
    service_agents, _ = frontline_staffing(calls, 1.0)
    exact_agents, exact_positions = exact_counts(calls, service_agents, max_occupancy)
    print(f"max occupancy {max_occupancy:g}: {calls.size} intervals, best of {repeat}")
    print(f"  frontline   {ours_s * 1000:9.1f} ms")
    print(f"  pyworkforce {peer_s * 1000:9.1f} ms")
    print(f"  ratio       {peer_s / ours_s:9.1f}x faster")
    for label, ours, peer, exact in (
        ("agents", ours_agents, peer_agents, exact_agents),
        ("positions", ours_positions, peer_positions, exact_positions),
    ):
        differ = np.flatnonzero(ours != peer)
        print(f"  {label:<10} identical in {calls.size - differ.size}/{calls.size} intervals;")
        print(
            f"             equal to exact arithmetic: frontline {np.sum(ours == exact)}, "
            f"pyworkforce {np.sum(peer == exact)}"
        )
        for index in differ[:5]:
            print(
                f"    calls={calls[index]:.6g}: frontline {ours[index]}, "
                f"pyworkforce {peer[index]}, exact {exact[index]}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intervals", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    # Whole call counts, as a forecast per half hour would give them.
    calls = rng.integers(10, 2001, size=args.intervals).astype(np.float64)
    for max_occupancy in (1.0, 0.85):
        compare(calls, max_occupancy, args.repeat)


if __name__ == "__main__":
    main()
