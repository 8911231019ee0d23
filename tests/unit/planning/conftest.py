"""A small synthetic center for the planning tests: weekdays 09:00-13:00 in 30-minute rows.

Four weeks of history with a fixed intraday shape (about 10 Erlangs at the peak with a
180 s AHT) keep every stage fast: a plan week is 5 days × 8 intervals.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from frontline.wfm.forecast import History, build_history

SHAPE = (60, 80, 100, 100, 90, 80, 70, 60)
"""Calls per half hour from 09:00; 100 calls per 1800 s at AHT 180 s is 10 Erlangs."""
FIRST_DAY = date(2003, 3, 3)  # a Monday
WEEKS = 4


def _rows(weeks: int) -> list[tuple[date, int, float]]:
    rows = []
    for offset in range(7 * weeks):
        day = FIRST_DAY + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for slot, calls in enumerate(SHAPE):
            rows.append((day, 9 * 60 + 30 * slot, float(calls)))
    return rows


def synthetic_history(weeks: int = WEEKS) -> History:
    rows = _rows(weeks)
    epoch = date(1970, 1, 1)
    minutes = np.asarray(
        [(day - epoch).days * 1440 + minute for day, minute, _ in rows], dtype=np.int64
    )
    return build_history(minutes, np.asarray([c for _, _, c in rows]), 30)


@pytest.fixture
def history_csv(tmp_path: Path) -> Path:
    """The synthetic history as the ACD export ``frontline plan`` reads."""
    path = tmp_path / "history.csv"
    lines = ["DateTime,Calls"]
    for day, minute, calls in _rows(WEEKS):
        lines.append(f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00Z,{calls:g}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def shifts_doc() -> dict[str, Any]:
    """4-hour shifts with a 30-minute break, and 2-hour part-time shifts, on 30-minute periods."""
    return {
        "period_minutes": 30,
        "templates": [
            {
                "name": "full",
                "periods_per_day": 48,
                "first_start": 18,
                "last_start": 18,
                "lengths": [8],
                "cost": 4,
                "wrap": False,
                "breaks": [{"name": "tea", "length": 1, "window": [3, 6]}],
            },
            {
                "name": "part",
                "periods_per_day": 48,
                "first_start": 18,
                "last_start": 22,
                "lengths": [4],
                "cost": 2.25,
                "wrap": False,
            },
        ],
    }


@pytest.fixture
def history() -> History:
    return synthetic_history()
