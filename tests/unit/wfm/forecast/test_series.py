"""Validation and bucketing of raw rows: each broken rule names its row."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.wfm.forecast import History, SeriesError, build_history

from .conftest import day_number

MONDAY = day_number("2024-01-01") * 1440


def day_rows(day_start: int, first: int, last: int, step: int) -> np.ndarray:
    return np.arange(day_start + first, day_start + last, step, dtype=np.int64)


def three_days(step: int = 5) -> np.ndarray:
    return np.concatenate([day_rows(MONDAY + d * 1440, 420, 1265, step) for d in range(3)])


def test_bank_file_buckets_to_28_half_hours_and_drops_the_2100_row(bank_raw, bank_history):
    counts = bank_raw[1]
    grid = bank_history.grid
    assert grid.values.shape == (164, 28)
    assert grid.first_minute == 7 * 60 and grid.interval_minutes == 30
    assert bank_history.today is None
    # 169 five-minute rows a day: the first 168 fill 28 buckets, the 21:00 row is dropped.
    per_day = counts.reshape(164, 169)
    assert np.array_equal(grid.values.sum(axis=1), per_day[:, :168].sum(axis=1))
    assert (
        grid.values[0, 0] == per_day[0, :6].sum() == 111 + 113 + 76 + 82 + 91 + 87
    )  # rows 1–6 of the file
    assert grid.days[0] == day_number("2003-03-03")


def test_hourly_and_fifteen_minute_buckets_keep_the_same_totals(bank_raw):
    minutes, counts = bank_raw
    hourly = build_history(minutes, counts, 60).grid
    quarter = build_history(minutes, counts, 15).grid
    assert hourly.values.shape == (164, 14) and quarter.values.shape == (164, 56)
    assert np.array_equal(hourly.values.sum(axis=1), quarter.values.sum(axis=1))


@pytest.mark.parametrize(
    ("mutate", "index", "words"),
    [
        (lambda m, c: (np.insert(m, 10, m[9]), np.insert(c, 10, 1.0)), 10, "duplicate timestamp"),
        (lambda m, c: (m[[*range(7), 8, 7, *range(9, len(m))]], c), 8, "earlier than the row"),
        (lambda m, c: (np.delete(m, 20), np.delete(c, 20)), 20, "gap inside a day"),
        (lambda m, c: (m, np.where(np.arange(len(c)) == 33, -2.0, c)), 33, "negative"),
        (lambda m, c: (m, np.where(np.arange(len(c)) == 5, np.nan, c)), 5, "not a number"),
    ],
)
def test_broken_rules_name_the_offending_row(mutate, index, words):
    minutes, counts = mutate(three_days(), np.ones(len(three_days())))
    with pytest.raises(SeriesError, match=words) as caught:
        build_history(minutes, counts, 30)
    assert caught.value.index == index


def test_gap_message_names_both_clock_times():
    minutes = np.delete(three_days(), 20)
    with pytest.raises(SeriesError, match=r"08:35 is followed by 08:45, expected a row every 5"):
        build_history(minutes, np.ones(len(minutes)), 30)


def test_a_short_day_in_the_middle_is_rejected_with_its_first_row():
    days = [day_rows(MONDAY, 420, 1260, 30), day_rows(MONDAY + 1440, 420, 720, 30)]
    days.append(day_rows(MONDAY + 2880, 420, 1260, 30))
    minutes = np.concatenate(days)
    with pytest.raises(SeriesError, match="07:00–12:00 but most days cover 07:00–21:00") as caught:
        build_history(minutes, np.ones(len(minutes)), 30)
    assert caught.value.index == 28


def test_interval_must_be_a_multiple_of_the_row_step():
    with pytest.raises(SeriesError, match="whole multiple"):
        build_history(three_days(step=10), np.ones(len(three_days(step=10))), 15)


def test_empty_history_is_rejected():
    with pytest.raises(SeriesError, match="empty"):
        build_history(np.empty(0, dtype=np.int64), np.empty(0), 30)


def test_an_unfinished_last_day_becomes_today_with_its_complete_buckets():
    full = three_days()
    morning = day_rows(MONDAY + 3 * 1440, 420, 420 + 5 * 13, 5)  # 07:00–08:05, 13 rows
    minutes = np.concatenate([full, morning])
    history = build_history(minutes, np.ones(len(minutes)), 30)
    assert history.today == day_number("2024-01-04")
    assert history.today_values is not None
    assert list(history.today_values) == [6.0, 6.0]  # 08:00 bucket holds 1 of 6 rows: dropped
    assert len(history.grid.days) == 3


@given(
    counts=st.lists(st.integers(0, 500), min_size=3 * 169, max_size=3 * 169),
    interval=st.sampled_from([5, 15, 30, 60]),
)
def test_bucketing_conserves_every_complete_bucket(counts, interval):
    minutes = np.concatenate([day_rows(MONDAY + d * 1440, 420, 1265, 5) for d in range(3)])
    values = np.asarray(counts, dtype=float)
    history: History = build_history(minutes, values, interval)
    kept = history.grid.values.size * (interval // 5)
    per_day = values.reshape(3, 169)[:, : kept // 3]
    assert history.grid.values.sum() == per_day.sum()
