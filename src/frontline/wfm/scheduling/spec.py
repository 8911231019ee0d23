"""Read the planner's files, already loaded into Python values, into problem records.

``REQUIREMENTS.csv`` arrives as the rows of ``csv.DictReader`` (columns ``period,required``);
``SHIFTS.yaml`` as the document ``yaml.safe_load`` returns. Keeping the file reading in the
CLI and the checking here lets every message name the row or shift a planner must fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from frontline.wfm.scheduling.errors import SchedulingInputError
from frontline.wfm.scheduling.periods import parse_period_set
from frontline.wfm.scheduling.shifts import BreakRule, ShiftType
from frontline.wfm.scheduling.templates import ShiftTemplate, expand_template


@dataclass(frozen=True, slots=True)
class ShiftCatalogue:
    """The shift types of a ``SHIFTS.yaml`` and the period length (minutes) if it gives one."""

    shifts: tuple[ShiftType, ...]
    period_minutes: int | None = None


def parse_requirements(rows: Iterable[Mapping[str, str | None]]) -> tuple[int, ...]:
    """Requirements indexed by period; rows are numbered as lines of the file (header = 1)."""
    by_period: dict[int, tuple[int, int]] = {}
    for line, row in enumerate(rows, start=2):
        if "period" not in row or "required" not in row:
            raise SchedulingInputError("the requirements need the columns period,required")
        period = _whole(row["period"], f"row {line}: period")
        need = _whole(row["required"], f"row {line}: required")
        if period < 0:
            raise SchedulingInputError(f"row {line}: period {period} is negative")
        if need < 0:
            raise SchedulingInputError(f"row {line}: period {period} requires {need} (negative)")
        if period in by_period:
            first = by_period[period][0]
            raise SchedulingInputError(
                f"row {line}: period {period} is listed twice (first on row {first})"
            )
        by_period[period] = (line, need)
    if not by_period:
        raise SchedulingInputError("the requirements have no rows")
    for period in range(len(by_period)):
        if period not in by_period:
            raise SchedulingInputError(
                f"period {period} is missing: periods must run 0..{len(by_period) - 1} without gaps"
            )
    return tuple(by_period[p][1] for p in range(len(by_period)))


def parse_shift_catalogue(document: Any, n_periods: int) -> ShiftCatalogue:
    """Shift types listed under ``shifts:`` plus those generated from ``templates:``."""
    if not isinstance(document, Mapping):
        raise SchedulingInputError("the shifts file must be a mapping with a 'shifts' list")
    unknown = set(document) - {"shifts", "templates", "period_minutes"}
    if unknown:
        raise SchedulingInputError(f"the shifts file has unknown keys: {sorted(unknown)}")
    minutes = document.get("period_minutes")
    if minutes is not None and (not isinstance(minutes, int) or minutes <= 0):
        raise SchedulingInputError("period_minutes must be a positive whole number")
    shifts: list[ShiftType] = []
    for index, entry in enumerate(_entries(document, "shifts")):
        shifts.append(_shift(entry, index, n_periods))
    for index, entry in enumerate(_entries(document, "templates")):
        shifts.extend(expand_template(_template(entry, index, n_periods), n_periods, minutes))
    if not shifts:
        raise SchedulingInputError("the shifts file defines no shifts or templates")
    return ShiftCatalogue(tuple(shifts), minutes)


def _entries(document: Mapping[str, Any], key: str) -> Sequence[Mapping[str, Any]]:
    entries = document.get(key) or []
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise SchedulingInputError(f"'{key}' must be a list of mappings")
    return entries


def _shift(entry: Mapping[str, Any], index: int, n_periods: int) -> ShiftType:
    name = str(entry.get("name") or "")
    where = f"shift {name!r}" if name else f"shifts[{index}]"
    _only(entry, {"name", "periods", "cost", "min", "max", "breaks"}, where)
    if not name:
        raise SchedulingInputError(f"{where} has no name")
    if "periods" not in entry:
        raise SchedulingInputError(f"{where} covers no periods (no 'periods' given)")
    return ShiftType(
        name=name,
        periods=parse_period_set(entry["periods"], n_periods, where),
        cost=_number(entry.get("cost"), f"{where}: cost"),
        min_count=_whole(entry.get("min", 0), f"{where}: min"),
        max_count=None if entry.get("max") is None else _whole(entry["max"], f"{where}: max"),
        breaks=_breaks(entry.get("breaks"), where),
    )


def _template(entry: Mapping[str, Any], index: int, n_periods: int) -> ShiftTemplate:
    name = str(entry.get("name") or "")
    where = f"template {name!r}" if name else f"templates[{index}]"
    allowed = {"name", "days", "periods_per_day", "first_start", "last_start", "every"}
    allowed |= {"lengths", "cost", "cost_per_period", "max", "breaks", "wrap"}
    _only(entry, allowed, where)
    if not name:
        raise SchedulingInputError(f"{where} has no name")
    per_day = _whole(entry.get("periods_per_day", n_periods), f"{where}: periods_per_day")
    days_count = max(1, n_periods // per_day) if per_day > 0 else 1
    lengths = entry.get("lengths")
    if not isinstance(lengths, list) or not lengths:
        raise SchedulingInputError(f"{where}: lengths must be a list of period counts")
    cost = entry.get("cost")
    per_period = entry.get("cost_per_period")
    return ShiftTemplate(
        name=name,
        days=parse_period_set(entry.get("days", f"0-{days_count - 1}"), days_count, where),
        periods_per_day=per_day,
        first_start=_whole(entry.get("first_start", 0), f"{where}: first_start"),
        last_start=_whole(entry.get("last_start", per_day - 1), f"{where}: last_start"),
        every=_whole(entry.get("every", 1), f"{where}: every"),
        lengths=tuple(_whole(v, f"{where}: lengths") for v in lengths),
        cost=None if cost is None else _number(cost, f"{where}: cost"),
        cost_per_period=None if per_period is None else _number(per_period, f"{where}: cost"),
        max_count=None if entry.get("max") is None else _whole(entry["max"], f"{where}: max"),
        breaks=_breaks(entry.get("breaks"), where),
        wrap=bool(entry.get("wrap", True)),
    )


def _breaks(spec: Any, where: str) -> tuple[BreakRule, ...]:
    if spec is None:
        return ()
    if not isinstance(spec, list):
        raise SchedulingInputError(f"{where}: breaks must be a list")
    rules: list[BreakRule] = []
    for entry in spec:
        if not isinstance(entry, Mapping) or not entry.get("name"):
            raise SchedulingInputError(f"{where}: every break needs a name")
        label = f"{where}, break {entry['name']!r}"
        _only(entry, {"name", "length", "window"}, label)
        window = entry.get("window")
        if not isinstance(window, list) or len(window) != 2:
            raise SchedulingInputError(f"{label}: window must be [earliest, latest]")
        rules.append(
            BreakRule(
                name=str(entry["name"]),
                length=_whole(entry.get("length"), f"{label}: length"),
                earliest=_whole(window[0], f"{label}: window"),
                latest=_whole(window[1], f"{label}: window"),
            )
        )
    return tuple(rules)


def _only(entry: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise SchedulingInputError(f"{where} has unknown keys: {sorted(unknown)}")


def _whole(value: object, where: str) -> int:
    """A whole number from a CSV cell or YAML value; ``3.0`` is fine, ``2.5`` is not."""
    number = _number(value, where)
    if number != int(number):
        raise SchedulingInputError(f"{where} must be a whole number, not {value!r}")
    return int(number)


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or value is None:
        raise SchedulingInputError(f"{where} is missing or not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            raise SchedulingInputError(f"{where} is not a number: {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise SchedulingInputError(f"{where} must be finite")
    return number
