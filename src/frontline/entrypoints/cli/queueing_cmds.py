"""``frontline erlang`` and ``frontline staff``: queueing figures and staffing for one interval.

All times are in seconds. Without ``--patience`` the model is Erlang C; with it, Erlang A.
An Erlang C queue with at least as much traffic as agents has no finite waiting time:
``erlang`` reports that as an error (exit 1) rather than printing infinities, because
``Infinity`` is not valid JSON and a planner needs to add agents anyway.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from frontline.entrypoints.cli.errors import CliError
from frontline.wfm.erlang import (
    ErlangInputError,
    QueueStats,
    erlang_a_stats,
    erlang_c_stats,
    staff_for_service_level,
)

Calls = Annotated[float, typer.Option(help="Contacts arriving in the interval.")]
Interval = Annotated[float, typer.Option(help="Interval length in seconds.")]
Aht = Annotated[float, typer.Option(help="Average handling time in seconds.")]
Target = Annotated[float, typer.Option(help="Service-level threshold in seconds.")]
Patience = Annotated[
    float | None,
    typer.Option(help="Mean caller patience in seconds; switches to Erlang A (abandonment)."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def _require_positive(**values: float | None) -> None:
    for name, value in values.items():
        if value is not None and not value > 0:
            raise CliError(f"--{name.replace('_', '-')} must be greater than zero, got {value:g}")


def _figures(stats: QueueStats, *, with_abandon: bool) -> dict[str, float]:
    figures = {
        "traffic": float(stats.traffic),
        "p_wait": float(stats.p_wait),
        "service_level": float(stats.service_level),
        "asa": float(stats.asa),
        "occupancy": float(stats.occupancy),
    }
    if with_abandon:
        figures["p_abandon"] = float(stats.p_abandon)
    return figures


def _emit(figures: dict[str, float | int], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(figures))
        return
    for name, value in figures.items():
        text = str(value) if isinstance(value, int) else f"{value:.6g}"
        typer.echo(f"{name:<14} {text}")


def erlang(
    calls: Calls,
    interval: Interval,
    aht: Aht,
    agents: Annotated[int, typer.Option(help="Agents handling the queue.")],
    target: Target,
    patience: Patience = None,
    as_json: AsJson = False,
) -> None:
    """Waiting probability, service level, ASA and occupancy for a given number of agents."""
    _require_positive(calls=calls, interval=interval, aht=aht, agents=agents, patience=patience)
    if target < 0:
        raise CliError(f"--target must not be negative, got {target:g}")
    rate = calls / interval
    try:
        if patience is None:
            stats = erlang_c_stats(rate, aht, agents, target)
        else:
            stats = erlang_a_stats(rate, aht, patience, agents, target)
    except ErlangInputError as exc:
        raise CliError(str(exc)) from exc
    if not bool(stats.stable):
        raise CliError(
            f"unstable queue: {float(stats.traffic):g} Erlangs of traffic need more than "
            f"{agents} agents for a finite wait (add agents, or give --patience for Erlang A)"
        )
    _emit(dict(_figures(stats, with_abandon=patience is not None)), as_json)


def staff(
    calls: Calls,
    interval: Interval,
    aht: Aht,
    target: Target,
    service_level: Annotated[
        float, typer.Option(help="Share to answer within the target, e.g. 0.8.")
    ],
    patience: Patience = None,
    shrinkage: Annotated[
        float, typer.Option(help="Share of paid time away from the phones, e.g. 0.3.")
    ] = 0.0,
    max_occupancy: Annotated[
        float | None, typer.Option(help="Highest acceptable occupancy, e.g. 0.85.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Fewest agents meeting the service-level goal, and positions after shrinkage."""
    _require_positive(
        calls=calls, interval=interval, aht=aht, patience=patience, max_occupancy=max_occupancy
    )
    if target < 0:
        raise CliError(f"--target must not be negative, got {target:g}")
    if not 0 < service_level < 1:
        raise CliError(
            f"--service-level must be between 0 and 1 (exclusive), got {service_level:g}"
        )
    if not 0 <= shrinkage < 1:
        raise CliError(f"--shrinkage must be at least 0 and below 1, got {shrinkage:g}")
    try:
        result = staff_for_service_level(
            calls / interval,
            aht,
            target,
            service_level,
            patience=patience,
            max_occupancy=max_occupancy,
            shrinkage=shrinkage,
        )
    except ErlangInputError as exc:
        raise CliError(str(exc)) from exc
    figures: dict[str, float | int] = {
        "agents": int(result.agents),
        "positions": int(result.positions),
    }
    achieved = _figures(result.stats, with_abandon=patience is not None)
    for name in ("service_level", "asa", "occupancy", "p_abandon"):
        if name in achieved:
            figures[name] = achieved[name]
    _emit(figures, as_json)


def register(app: typer.Typer) -> None:
    """Attach ``erlang`` and ``staff`` to the main app."""
    app.command("erlang")(erlang)
    app.command("staff")(staff)
