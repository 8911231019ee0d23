"""Tests a ``condition`` node branches on: collected data, customer attributes, time, hours.

A test is a small tree of values (``all``/``any``/``not`` over leaves), parsed once on upload and
evaluated against a scope of plain values, the local time and the caller's opening schedules.
Comparisons between values of different kinds are simply false: a condition must never crash a
live call because a backend returned a string where a number was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from frontline.domain.callbacks import OpeningSchedule
from frontline.domain.flows.errors import FieldError
from frontline.domain.flows.texts import resolve_path

FIELD_ROOTS = frozenset({"data", "customer", "intent", "channel", "language", "caller", "priority"})
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Op(StrEnum):
    EQUALS = "equals"
    NOT_EQUALS = "not_equals"
    IN = "in"
    NOT_IN = "not_in"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    EXISTS = "exists"
    MATCHES = "matches"


@dataclass(frozen=True, slots=True)
class FieldTest:
    path: str
    op: Op
    value: object


@dataclass(frozen=True, slots=True)
class BusinessHoursTest:
    schedule: str


@dataclass(frozen=True, slots=True)
class TimeBetweenTest:
    """Local time of day in ``[start, end)``; an interval with start > end wraps midnight."""

    start: time
    end: time


@dataclass(frozen=True, slots=True)
class WeekdayTest:
    days: frozenset[int]


@dataclass(frozen=True, slots=True)
class AllOf:
    tests: tuple[Test, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    tests: tuple[Test, ...]


@dataclass(frozen=True, slots=True)
class Not:
    test: Test


Test = FieldTest | BusinessHoursTest | TimeBetweenTest | WeekdayTest | AllOf | AnyOf | Not


def evaluate(
    test: Test,
    scope: Mapping[str, object],
    local_now: datetime,
    schedules: Mapping[str, OpeningSchedule],
) -> bool:
    """Whether ``test`` holds; ``local_now`` is aware and already in the flow's time zone."""
    match test:
        case FieldTest():
            return _compare(resolve_path(scope, test.path), test.op, test.value)
        case BusinessHoursTest():
            return schedules[test.schedule].is_open(local_now)
        case TimeBetweenTest():
            moment = local_now.time().replace(tzinfo=None)
            if test.start <= test.end:
                return test.start <= moment < test.end
            return moment >= test.start or moment < test.end
        case WeekdayTest():
            return local_now.weekday() in test.days
        case AllOf():
            return all(evaluate(t, scope, local_now, schedules) for t in test.tests)
        case AnyOf():
            return any(evaluate(t, scope, local_now, schedules) for t in test.tests)
        case Not():
            return not evaluate(test.test, scope, local_now, schedules)


def schedule_names(test: Test) -> set[str]:
    """The opening schedules a test needs from the context."""
    match test:
        case BusinessHoursTest():
            return {test.schedule}
        case AllOf() | AnyOf():
            return set().union(*(schedule_names(t) for t in test.tests))
        case Not():
            return schedule_names(test.test)
        case _:
            return set()


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _same(actual: object, expected: object) -> bool:
    if actual == expected and type(actual) is type(expected):
        return True
    left, right = _number(actual), _number(expected)
    return left is not None and left == right


def _compare(actual: object, op: Op, expected: object) -> bool:
    if op is Op.EXISTS:
        return (actual is not None and actual != "") == expected
    if op in (Op.EQUALS, Op.NOT_EQUALS):
        return _same(actual, expected) == (op is Op.EQUALS)
    if op in (Op.IN, Op.NOT_IN):
        assert isinstance(expected, tuple)
        return any(_same(actual, choice) for choice in expected) == (op is Op.IN)
    if op is Op.MATCHES:
        assert isinstance(expected, re.Pattern)
        return actual is not None and expected.fullmatch(str(actual)) is not None
    left, right = _number(actual), _number(expected)
    if left is None or right is None:
        return False
    return {Op.GT: left > right, Op.GTE: left >= right, Op.LT: left < right, Op.LTE: left <= right}[
        op
    ]


def parse_test(raw: object, field: str) -> Test:
    """Parse one test from its plain form, raising `FieldError` naming the offending field."""
    if not isinstance(raw, Mapping) or not raw:
        raise FieldError(field, "a test must be a mapping such as {field: data.x, equals: 1}")
    if "field" in raw:
        return _parse_field_test(raw, field)
    if len(raw) != 1:
        raise FieldError(field, f"a test has exactly one kind, got {sorted(raw)}")
    kind, value = next(iter(raw.items()))
    if kind in ("all", "any"):
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            raise FieldError(f"{field}.{kind}", "must be a non-empty list of tests")
        parsed = tuple(parse_test(t, f"{field}.{kind}[{i}]") for i, t in enumerate(value))
        return AllOf(parsed) if kind == "all" else AnyOf(parsed)
    if kind == "not":
        return Not(parse_test(value, f"{field}.not"))
    if kind == "business_hours":
        if not isinstance(value, str) or not value:
            raise FieldError(f"{field}.business_hours", "must name a schedule")
        return BusinessHoursTest(value)
    if kind == "time_between":
        if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 2:
            raise FieldError(f"{field}.time_between", 'must be ["HH:MM", "HH:MM"]')
        start, end = (_clock(v, f"{field}.time_between") for v in value)
        return TimeBetweenTest(start, end)
    if kind == "weekday":
        return WeekdayTest(_weekdays(value, f"{field}.weekday"))
    raise FieldError(field, f"unknown test {kind!r}")


def _parse_field_test(raw: Mapping[object, object], field: str) -> FieldTest:
    path = raw["field"]
    if not isinstance(path, str) or path.split(".")[0] not in FIELD_ROOTS:
        roots = ", ".join(sorted(FIELD_ROOTS))
        raise FieldError(f"{field}.field", f"must be a path starting with one of {roots}")
    ops = [key for key in raw if key != "field"]
    if len(ops) != 1 or ops[0] not in set(Op):
        raise FieldError(field, f"needs exactly one operator of {[o.value for o in Op]}")
    op = Op(str(ops[0]))
    value = raw[ops[0]]
    if op in (Op.IN, Op.NOT_IN):
        if not isinstance(value, Sequence) or isinstance(value, str):
            raise FieldError(f"{field}.{op}", "must be a list")
        value = tuple(value)
    elif op is Op.MATCHES:
        try:
            value = re.compile(str(value))
        except re.error as exc:
            raise FieldError(f"{field}.matches", f"bad regular expression: {exc}") from None
    elif op is Op.EXISTS and not isinstance(value, bool):
        raise FieldError(f"{field}.exists", "must be true or false")
    elif op in (Op.GT, Op.GTE, Op.LT, Op.LTE) and _number(value) is None:
        raise FieldError(f"{field}.{op}", "must be a number")
    return FieldTest(path, op, value)


def _clock(value: object, field: str) -> time:
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise FieldError(field, f"{value!r} is not a time of day HH:MM") from None


def _weekdays(value: object, field: str) -> frozenset[int]:
    items = [value] if isinstance(value, str | int) else value
    if not isinstance(items, Sequence) or not items:
        raise FieldError(field, "must be a day or a list of days (mon..sun)")
    days = set()
    for item in items:
        if isinstance(item, str) and item.lower()[:3] in WEEKDAYS:
            days.add(WEEKDAYS.index(item.lower()[:3]))
        elif isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 6:
            days.add(item)
        else:
            raise FieldError(field, f"{item!r} is not a weekday (mon..sun or 0..6)")
    return frozenset(days)
