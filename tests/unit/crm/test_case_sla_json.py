"""The case answer's SLA reads like its list row: the worst state over the targets and the
earliest due time of those still running, computed once on the server (`snapshot`)."""

from __future__ import annotations

from datetime import UTC, datetime

from frontline.domain.crm.sla import SlaTarget
from frontline.domain.crm.sla_clock import SlaReport, SlaState, TargetStatus
from frontline.entrypoints.http.schemas.crm_cases import sla_json


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, 1, hour, minute, tzinfo=UTC)


def _status(
    target: SlaTarget, state: SlaState, due: datetime | None, done: datetime | None = None
) -> TargetStatus:
    return TargetStatus(target, state, 3600.0, 600.0, 3000.0, due, None, done)


def _report(*statuses: TargetStatus) -> SlaReport:
    return SlaReport(1, "p", statuses, ())


def test_no_report_has_no_state_and_no_deadline() -> None:
    answer = sla_json(None)
    assert (answer["state"], answer["due_at"], answer["targets"]) == (None, None, [])


def test_worst_state_and_the_earliest_running_deadline() -> None:
    both_running = _report(
        _status(SlaTarget.FIRST_RESPONSE, SlaState.OK, _at(13)),
        _status(SlaTarget.RESOLUTION, SlaState.WARNING, _at(14)),
    )
    assert (sla_json(both_running)["state"], sla_json(both_running)["due_at"]) == (
        "warning",
        _at(13),
    )
    answered = _report(
        _status(SlaTarget.FIRST_RESPONSE, SlaState.MET, _at(10), done=_at(9, 30)),
        _status(SlaTarget.RESOLUTION, SlaState.WARNING, _at(14)),
    )
    assert (sla_json(answered)["state"], sla_json(answered)["due_at"]) == ("warning", _at(14))


def test_a_paused_clock_has_no_deadline_and_a_breach_outranks_it() -> None:
    paused = _report(
        _status(SlaTarget.FIRST_RESPONSE, SlaState.MET, _at(10), done=_at(9, 30)),
        _status(SlaTarget.RESOLUTION, SlaState.PAUSED, None),
    )
    assert (sla_json(paused)["state"], sla_json(paused)["due_at"]) == ("paused", None)
    breached = _report(
        _status(SlaTarget.FIRST_RESPONSE, SlaState.BREACHED, _at(8)),
        _status(SlaTarget.RESOLUTION, SlaState.PAUSED, None),
    )
    assert (sla_json(breached)["state"], sla_json(breached)["due_at"]) == ("breached", _at(8))
