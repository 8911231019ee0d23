"""Fixtures: the real bank arrivals (datasets/bank_calls.csv) as validated 30-minute history."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from frontline.wfm.forecast import DayGrid, History, build_history

BANK_CSV = Path(__file__).resolve().parents[4] / "datasets" / "bank_calls.csv"
EPOCH = datetime(1970, 1, 1)


def day_number(text: str) -> int:
    """Day number (days since 1970-01-01) of an ISO date."""
    return (date.fromisoformat(text) - EPOCH.date()).days


def read_bank() -> tuple[np.ndarray, np.ndarray]:
    """Wall-clock minutes and counts of the bank file; its ``Z`` label is dropped on purpose."""
    with BANK_CSV.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    minutes = [
        int((datetime.fromisoformat(r["DateTime"][:19]) - EPOCH).total_seconds()) // 60
        for r in rows
    ]
    return np.asarray(minutes, dtype=np.int64), np.asarray([float(r["Calls"]) for r in rows])


@pytest.fixture(scope="session")
def bank_raw() -> tuple[np.ndarray, np.ndarray]:
    return read_bank()


@pytest.fixture(scope="session")
def bank_history(bank_raw: tuple[np.ndarray, np.ndarray]) -> History:
    return build_history(bank_raw[0], bank_raw[1], 30)


@pytest.fixture(scope="session")
def bank(bank_history: History) -> DayGrid:
    return bank_history.grid
