"""The periodic SLA evaluator: warnings, breaches and automatic escalations, exactly once.

`evaluate_slas(now)` walks every case that is not resolved or closed in batches (one unit of
work per batch), records the SLA events not stored before, applies the escalation rules whose
condition holds (each rule fires once per case) and refreshes the SLA snapshot lists sort by.
Running it twice at the same ``now`` changes nothing the second time. `SlaEvaluatorService`
runs it on a timer beside the API; every node may run it, since events are unique per case
and key in the database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from frontline.domain.crm.errors import CrmError
from frontline.domain.crm.escalation import EscalationRule, apply_decision, plan_escalations
from frontline.domain.crm.sla_clock import SlaBreached
from frontline.service.crm.ports import Clock, CrmUnitOfWork
from frontline.service.crm.sla_status import SlaContext, snapshot

log = logging.getLogger(__name__)
BATCH = 200


@dataclass
class EvaluationSummary:
    cases: int = 0
    warnings: int = 0
    breaches: int = 0
    escalations: int = 0


def evaluate_slas(make_uow: Callable[[], CrmUnitOfWork], now: datetime) -> EvaluationSummary:
    summary = EvaluationSummary()
    after = 0
    while True:
        with make_uow() as uow:
            ids = uow.cases.open_ids(after, BATCH)
            if not ids:
                return summary
            context = SlaContext(uow)
            rules = uow.sla.rules()
            for case_id in ids:
                try:
                    _evaluate_case(context, case_id, now, rules, summary)
                except CrmError as exc:  # one unusable case must not stop the others
                    log.warning("SLA evaluation of case %s skipped: %s", case_id, exc)
            uow.commit()
        after = ids[-1]


def _evaluate_case(
    context: SlaContext,
    case_id: int,
    now: datetime,
    rules: Sequence[EscalationRule],
    summary: EvaluationSummary,
) -> None:
    uow = context.uow
    case = uow.cases.get(case_id)
    if case is None:
        return
    summary.cases += 1
    report = context.report(case, now)
    for event in report.events:
        if isinstance(event, SlaBreached):
            summary.breaches += 1
        else:
            summary.warnings += 1
    if report.events:
        uow.cases.add_events(case.id, report.events, now)
    plan = plan_escalations(
        case,
        now,
        rules,
        sla=report,
        calendar=context.calendar(case.queue),
        applied=uow.cases.fired_rules(case.id),
    )
    if plan.fired:
        uow.cases.mark_rules_fired(case.id, plan.fired)
    if plan.decision is not None and now >= case.last_activity_at:
        apply_decision(case, plan.decision, now, report)
        summary.escalations += 1
        report = context.report(case, now)
    uow.cases.save(case, snapshot(report))


class SlaEvaluatorService:
    """Runs `evaluate_slas` every ``interval_s`` seconds in a daemon thread until stopped."""

    def __init__(
        self, make_uow: Callable[[], CrmUnitOfWork], clock: Clock, interval_s: float
    ) -> None:
        self._make_uow = make_uow
        self._clock = clock
        self._interval_s = interval_s
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="sla-evaluator", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _loop(self) -> None:
        while not self._stopping.wait(self._interval_s):
            try:
                evaluate_slas(self._make_uow, self._clock.now())
            except Exception:  # keep the timer alive; the next round retries
                log.exception("SLA evaluation failed")
