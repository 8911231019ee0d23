"""Read contact history from CSV and write forecasts back, with errors that name the line.

Two input shapes are accepted: a count per interval (a time column and a count column, as
exported by most ACDs) or one row per contact (the platform's own interaction records), which
are counted into intervals. Times become local wall-clock minutes since 1970-01-01: arrivals
follow the local clock, so a ``Z`` or offset label is dropped as written unless ``tz`` names
the zone to convert aware timestamps into first (the bank data is naive local time labelled
``Z``, so it is read without ``tz``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from frontline.wfm.forecast.grid import FloatArray, IntArray
from frontline.wfm.forecast.series import History, SeriesError, build_history

_EPOCH = datetime(1970, 1, 1)
_MINUTE = timedelta(minutes=1)


class CsvSeriesError(ValueError):
    """Bad history file; the message names the file, line and rule."""


@dataclass(frozen=True)
class RawSeries:
    """Parsed rows: local wall-clock minutes, counts, and the file line of each row."""

    minutes: IntArray
    counts: FloatArray
    lines: list[int]


def _rows(path: Path, columns: list[str]) -> Iterator[tuple[int, list[str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise CsvSeriesError(f"{path}: the file is empty")
            missing = [c for c in columns if c not in header]
            if missing:
                raise CsvSeriesError(
                    f"{path}: no column {missing[0]!r}; the columns are {', '.join(header)}"
                )
            where = [header.index(c) for c in columns]
            for record in reader:
                if record:
                    yield reader.line_num, [record[i] if i < len(record) else "" for i in where]
    except OSError as exc:
        raise CsvSeriesError(f"{path}: cannot read ({exc.strerror})") from exc


def parse_time(text: str, zone: ZoneInfo | None) -> datetime:
    """ISO 8601 (``T`` or space, optional seconds, ``Z`` or offset) to naive local time."""
    stamp = datetime.fromisoformat(text.strip())
    if stamp.tzinfo is not None and zone is not None:
        stamp = stamp.astimezone(zone)
    return stamp.replace(tzinfo=None)


def _zone(tz: str | None) -> ZoneInfo | None:
    if tz is None:
        return None
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CsvSeriesError(f"unknown time zone {tz!r} (use a name like Europe/Berlin)") from exc


def _stamp(path: Path, line: int, text: str, column: str, zone: ZoneInfo | None) -> datetime:
    try:
        return parse_time(text, zone)
    except ValueError:
        raise CsvSeriesError(
            f"{path} line {line}: {text!r} in column {column!r} is not a date and time"
        ) from None


def read_counts(
    path: Path, time_column: str, value_column: str, tz: str | None = None
) -> RawSeries:
    """Rows of (time, count); counts must be whole or decimal numbers, times on whole minutes."""
    zone = _zone(tz)
    minutes: list[int] = []
    counts: list[float] = []
    lines: list[int] = []
    for line, (time_text, value_text) in _rows(path, [time_column, value_column]):
        stamp = _stamp(path, line, time_text, time_column, zone)
        if stamp.second or stamp.microsecond:
            raise CsvSeriesError(f"{path} line {line}: {time_text!r} is not on a whole minute")
        try:
            value = float(value_text)
        except ValueError:
            raise CsvSeriesError(
                f"{path} line {line}: {value_text!r} in column {value_column!r} is not a number"
            ) from None
        minutes.append((stamp - _EPOCH) // _MINUTE)
        counts.append(value)
        lines.append(line)
    return RawSeries(np.asarray(minutes, dtype=np.int64), np.asarray(counts), lines)


def read_records(path: Path, time_column: str, interval: int, tz: str | None = None) -> RawSeries:
    """One row per contact: count them per interval, with zeros inside each day's window."""
    zone = _zone(tz)
    buckets: list[int] = []
    for line, (time_text,) in _rows(path, [time_column]):
        stamp = _stamp(path, line, time_text, time_column, zone)
        buckets.append((stamp - _EPOCH) // _MINUTE // interval)
    if not buckets:
        raise CsvSeriesError(f"{path}: no contact records")
    occupied, counts = np.unique(np.asarray(buckets, dtype=np.int64), return_counts=True)
    per_day = 24 * 60 // interval
    slots = occupied % per_day
    days = np.unique(occupied // per_day)
    window = np.arange(slots.min(), slots.max() + 1)
    full = (days[:, None] * per_day + window[None, :]).ravel()
    values = np.zeros(len(full))
    values[np.searchsorted(full, occupied)] = counts
    return RawSeries(full * interval, values, [0] * len(full))


def load_history(raw: RawSeries, interval: int, path: Path) -> History:
    """Validate and bucket; a rule broken by one row is reported with that row's line."""
    try:
        return build_history(raw.minutes, raw.counts, interval)
    except SeriesError as exc:
        where = ""
        if exc.index is not None and raw.lines[exc.index]:
            where = f" line {raw.lines[exc.index]}"
        raise CsvSeriesError(f"{path}{where}: {exc}") from None


def format_minute(minute: int) -> str:
    """Local wall-clock ISO timestamp without offset, matching how the history was read."""
    return (_EPOCH + minute * _MINUTE).isoformat()


def write_forecast(
    path: Path, minutes: IntArray, mean: FloatArray, lower: FloatArray, upper: FloatArray
) -> None:
    """Write ``timestamp,forecast,lower,upper``, one row per interval start."""
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["timestamp", "forecast", "lower", "upper"])
            for row in zip(minutes, mean, lower, upper, strict=True):
                out.writerow([format_minute(int(row[0])), *(f"{float(v):.2f}" for v in row[1:])])
    except OSError as exc:
        raise CsvSeriesError(f"{path}: cannot write ({exc.strerror})") from exc
