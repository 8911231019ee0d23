"""Turn a flat series of (timestamp, count) rows into the day × interval grid, or say why not.

Planners export history from many systems, so every rule a method relies on is checked here
once, and a violation names the offending row (its position in the input) and the rule:
time order, no duplicates, no gaps inside a day, no negative counts, one daily window.

Source rows may be finer than the forecast interval (5-minute rows, 30-minute forecast); they
are summed into buckets. A bucket only partly covered at the edge of a day is dropped rather
than guessed: the bank data's last row of each day (21:00–21:05) would otherwise become a
21:00–21:30 bucket holding a sixth of its calls. A last day that stops early is kept apart as
"today so far" for intraday re-forecasting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from frontline.wfm.forecast.grid import DayGrid, FloatArray, IntArray

MINUTES_PER_DAY = 24 * 60


class SeriesError(ValueError):
    """Input that breaks a rule; ``index`` is the 0-based position of the offending row."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class History:
    """Complete days as a grid, plus the intervals seen so far on a last, unfinished day."""

    grid: DayGrid
    today: int | None = None
    today_values: FloatArray | None = None


def clock(minute_of_day: int) -> str:
    """``HH:MM`` for a minute after midnight (24:00 for the end of the day)."""
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def _check_rows(minutes: IntArray, counts: FloatArray) -> int:
    """Validate order, duplicates and counts; return the source step in minutes."""
    if len(minutes) != len(counts):
        raise SeriesError("timestamps and counts differ in length")
    if len(minutes) == 0:
        raise SeriesError("the history is empty")
    bad = np.flatnonzero(~np.isfinite(counts) | (counts < 0))
    if len(bad):
        raise SeriesError(f"count {counts[bad[0]]:g} is negative or not a number", int(bad[0]))
    steps = np.diff(minutes)
    backwards = np.flatnonzero(steps <= 0)
    if len(backwards):
        i = int(backwards[0]) + 1
        rule = "duplicate timestamp" if steps[i - 1] == 0 else "timestamp earlier than the row"
        raise SeriesError(f"{rule} before it; rows must be in strictly increasing time order", i)
    same_day = (minutes[1:] // MINUTES_PER_DAY) == (minutes[:-1] // MINUTES_PER_DAY)
    within = steps[same_day]
    step = int(within.min()) if len(within) else MINUTES_PER_DAY
    gaps = np.flatnonzero(same_day & (steps != step))
    if len(gaps):
        i = int(gaps[0]) + 1
        raise SeriesError(
            f"gap inside a day: {clock(int(minutes[i - 1] % MINUTES_PER_DAY))} is followed by "
            f"{clock(int(minutes[i] % MINUTES_PER_DAY))}, expected a row every {step} minutes "
            "(write 0 for intervals with no contacts)",
            i,
        )
    return step


def _check_interval(minutes: IntArray, step: int, interval: int) -> None:
    if interval <= 0 or MINUTES_PER_DAY % interval:
        raise SeriesError(f"interval of {interval} minutes does not divide a day")
    if step < MINUTES_PER_DAY and interval % step:
        raise SeriesError(
            f"the history has a row every {step} minutes; the forecast interval "
            f"({interval} minutes) must be a whole multiple of that"
        )
    misaligned = np.flatnonzero(minutes % min(step, interval))
    if len(misaligned):
        raise SeriesError(
            f"timestamp is not on the {min(step, interval)}-minute grid", int(misaligned[0])
        )


def build_history(minutes: IntArray, counts: FloatArray, interval: int) -> History:
    """Validate rows (local wall-clock minutes since 1970-01-01) and bucket them by ``interval``."""
    minutes = np.asarray(minutes, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.float64)
    step = _check_rows(minutes, counts)
    _check_interval(minutes, step, interval)
    per_bucket = max(1, interval // step) if step < MINUTES_PER_DAY else 1
    bucket = minutes // interval
    uniq, first_row, filled = np.unique(bucket, return_index=True, return_counts=True)
    sums = np.add.reduceat(counts, first_row)
    keep = filled == per_bucket
    uniq, first_row, sums = uniq[keep], first_row[keep], sums[keep]
    if len(uniq) == 0:
        raise SeriesError(f"no complete {interval}-minute interval in the history")
    day_of = (uniq * interval) // MINUTES_PER_DAY
    slot_of = (uniq * interval) % MINUTES_PER_DAY // interval
    days, starts = np.unique(day_of, return_index=True)
    ends = np.append(starts[1:], len(uniq))
    windows = [(int(slot_of[a]), int(slot_of[b - 1])) for a, b in zip(starts, ends, strict=True)]
    window = Counter(windows).most_common(1)[0][0]
    today: int | None = None
    complete = len(days)
    for k, (lo, hi) in enumerate(windows):
        if (lo, hi) == window:
            continue
        if k == len(days) - 1 and lo == window[0] and hi < window[1] and k > 0:
            today, complete = int(days[k]), k
            continue
        raise SeriesError(
            f"this day covers {clock(lo * interval)}–{clock((hi + 1) * interval)} but most days "
            f"cover {clock(window[0] * interval)}–{clock((window[1] + 1) * interval)}; every day "
            "must cover the same window (only the last day may stop early)",
            int(first_row[starts[k]]),
        )
    slots = window[1] - window[0] + 1
    values = sums[: complete * slots].reshape(complete, slots)
    grid = DayGrid(days[:complete].astype(np.int64), values, window[0] * interval, interval)
    today_values = sums[complete * slots :] if today is not None else None
    return History(grid, today, today_values)
