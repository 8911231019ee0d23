"""Turning break counts into people's days, and levelling breaks against the demand curve.

The selection model decides, per shift and break rule, how many people start the break at
each position. Because one shift's break windows are disjoint, pairing the k-th start of
every rule gives valid days; identical days are merged into one ``ScheduledLine``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from frontline.wfm.scheduling.problem import CoverageProblem, PlacedBreak, ScheduledLine
from frontline.wfm.scheduling.selection_model import BreakColumn


def lines_from_break_counts(
    problem: CoverageProblem,
    columns: Sequence[BreakColumn],
    shift_counts: NDArray[np.int64],
    break_counts: NDArray[np.int64],
) -> tuple[ScheduledLine, ...]:
    """One line per distinct day (shift plus break starts), with how many people work it."""
    starts: dict[tuple[int, int], list[int]] = {}
    for column, count in zip(columns, break_counts, strict=True):
        starts.setdefault((column.shift, column.rule), []).extend([column.start] * int(count))
    lines: list[ScheduledLine] = []
    for j, shift in enumerate(problem.shifts):
        people = int(shift_counts[j])
        if people == 0:
            continue
        per_rule = [sorted(starts.get((j, r), [])) for r in range(len(shift.breaks))]
        days: Counter[tuple[int, ...]] = Counter(
            tuple(rule_starts[k] for rule_starts in per_rule) for k in range(people)
        )
        for day, count in sorted(days.items()):
            placed = tuple(
                PlacedBreak(rule.name, start, shift.break_periods(rule, start))
                for rule, start in zip(shift.breaks, day, strict=True)
            )
            lines.append(ScheduledLine(shift.name, count, placed))
    return tuple(lines)


def level_breaks(
    required: NDArray[np.int64],
    net: NDArray[np.int64],
    columns: Sequence[BreakColumn],
    column_periods: Sequence[tuple[int, ...]],
    break_counts: NDArray[np.int64],
    max_passes: int = 20,
) -> NDArray[np.int64]:
    """Move breaks to where the surplus is largest, so staffing follows the demand curve.

    The solver is indifferent between break starts that all keep coverage, so its choice can
    bunch breaks where demand peaks. This local search moves one person's break at a time
    within its window when that lowers the sum of squared surpluses and takes nobody below
    the requirement: shortfalls never grow, surpluses never grow in total, the cost never
    rises. Returns the new counts; ``net`` is updated in place.
    """
    counts = break_counts.copy()
    surplus = (net - required).astype(np.int64)
    groups: dict[tuple[int, int], list[int]] = {}
    for index, column in enumerate(columns):
        groups.setdefault((column.shift, column.rule), []).append(index)
    for _ in range(max_passes):
        moved = False
        for members in groups.values():
            if len(members) < 2:
                continue
            for source in members:
                while counts[source] > 0:
                    target = _best_move(source, members, column_periods, surplus)
                    if target is None:
                        break
                    counts[source] -= 1
                    counts[target] += 1
                    for p in column_periods[source]:
                        surplus[p] += 1
                        net[p] += 1
                    for p in column_periods[target]:
                        surplus[p] -= 1
                        net[p] -= 1
                    moved = True
        if not moved:
            break
    return counts


def _best_move(
    source: int,
    members: list[int],
    column_periods: Sequence[tuple[int, ...]],
    surplus: NDArray[np.int64],
) -> int | None:
    freed = set(column_periods[source])
    best: int | None = None
    best_delta = 0
    for target in members:
        if target == source:
            continue
        taken = set(column_periods[target])
        gained = freed - taken
        lost = taken - freed
        if any(surplus[p] < 1 for p in lost):
            continue
        delta = sum(2 * int(surplus[p]) + 1 for p in gained)
        delta += sum(1 - 2 * int(surplus[p]) for p in lost)
        if delta < best_delta:
            best, best_delta = target, delta
    return best


def place_breaks_greedily(
    required: NDArray[np.int64],
    gross: NDArray[np.int64],
    columns: Sequence[BreakColumn],
    column_periods: Sequence[tuple[int, ...]],
    shift_counts: NDArray[np.int64],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Give every person their breaks one at a time where the staffing surplus is largest.

    Starting from the gross coverage of ``shift_counts``, each break goes to the start in its
    window whose periods have the largest smallest surplus (ties: largest total surplus),
    and the surplus is updated before the next break. Returns the break counts per column
    and the net coverage. Used when the exact break model is too large to solve directly.
    """
    counts = np.zeros(len(columns), dtype=np.int64)
    net = gross.astype(np.int64).copy()
    groups: dict[tuple[int, int], list[int]] = {}
    for index, column in enumerate(columns):
        groups.setdefault((column.shift, column.rule), []).append(index)
    for (shift, _rule), members in groups.items():
        people = int(shift_counts[shift])
        if people == 0:
            continue
        width = max(len(column_periods[m]) for m in members)
        table = np.array(
            [
                list(column_periods[m]) + [column_periods[m][-1]] * (width - len(column_periods[m]))
                for m in members
            ]
        )
        for _ in range(people):
            surplus = (net - required)[table]
            score = surplus.min(axis=1) * 10_000 + surplus.sum(axis=1)
            choice = int(np.argmax(score))
            counts[members[choice]] += 1
            net[list(column_periods[members[choice]])] -= 1
    return counts, net
