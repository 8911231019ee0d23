"""Period sets written the way planners write them: ``"0-4,6"`` or ``[0, "2-5", 9]``.

Periods are zero-based indices into the requirement curve. They may be intervals of a day
or days of a week; the notation does not care, which is what lets classic covering problems
(seven days, five consecutive working days) be written in the same file format.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontline.wfm.scheduling.errors import SchedulingInputError


def parse_period_set(spec: object, n_periods: int, where: str) -> tuple[int, ...]:
    """Return the periods named by ``spec`` in the order written, validated against the horizon.

    ``spec`` is an int, a string of comma-separated indices and ``a-b`` ranges (inclusive),
    or a list of those. A range ``a-b`` with ``a > b`` wraps around the end of the horizon,
    so a night shift or a Saturday-to-Wednesday pattern is one range. ``where`` names the
    input (e.g. ``shift 'early'``) in error messages.
    """
    periods: list[int] = []
    for token in _tokens(spec, where):
        periods.extend(_expand(token, n_periods, where))
    if not periods:
        raise SchedulingInputError(f"{where} covers no periods")
    seen: set[int] = set()
    for period in periods:
        if period in seen:
            raise SchedulingInputError(f"{where} lists period {period} twice")
        seen.add(period)
    return tuple(periods)


def format_period_set(periods: Iterable[int]) -> str:
    """Write periods back compactly (``0-4,6``), keeping runs of consecutive indices together."""
    parts: list[str] = []
    run: list[int] = []
    for period in periods:
        if run and period == run[-1] + 1:
            run.append(period)
            continue
        if run:
            parts.append(_run_text(run))
        run = [period]
    if run:
        parts.append(_run_text(run))
    return ",".join(parts)


def _run_text(run: list[int]) -> str:
    return str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}"


def _tokens(spec: object, where: str) -> list[str]:
    if isinstance(spec, bool):
        raise SchedulingInputError(f"{where}: periods must be indices or ranges, not {spec!r}")
    if isinstance(spec, int):
        return [str(spec)]
    if isinstance(spec, str):
        return [part.strip() for part in spec.split(",") if part.strip()]
    if isinstance(spec, list):
        tokens: list[str] = []
        for item in spec:
            tokens.extend(_tokens(item, where))
        return tokens
    raise SchedulingInputError(f"{where}: periods must be indices or ranges, not {spec!r}")


def _expand(token: str, n_periods: int, where: str) -> list[int]:
    first_text, dash, last_text = token.partition("-")
    try:
        first = int(first_text)
        last = int(last_text) if dash else first
    except ValueError:
        raise SchedulingInputError(
            f"{where}: cannot read period {token!r} (use 3 or 3-7)"
        ) from None
    for value in (first, last):
        if not 0 <= value < n_periods:
            raise SchedulingInputError(
                f"{where}: period {value} is outside the requirements (0-{n_periods - 1})"
            )
    if first <= last:
        return list(range(first, last + 1))
    return list(range(first, n_periods)) + list(range(0, last + 1))
