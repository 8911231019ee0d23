"""Manual escalation rules and automatic escalation rules evaluated as data."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tests.unit.crm.conftest import berlin, inbound, new_case

from frontline.domain.crm.business_calendar import BusinessCalendar
from frontline.domain.crm.case_records import EntryKind
from frontline.domain.crm.case_status import CaseStatus, Priority
from frontline.domain.crm.cases import Case
from frontline.domain.crm.errors import CrmInvalidValue, InvalidEscalation
from frontline.domain.crm.escalation import (
    EscalationRule,
    OnSlaBreach,
    OnSlaWarning,
    UnansweredFor,
    apply_decision,
    escalate,
    plan_escalations,
)
from frontline.domain.crm.sla import SlaPolicy, SlaPolicyBook, SlaTarget
from frontline.domain.crm.sla_clock import SlaReport, evaluate

H = timedelta(hours=1)
BOOK = SlaPolicyBook({("*", "*"): SlaPolicy("std", first_response=4 * H, resolution=16 * H)})
RULES = [
    EscalationRule("urgent-silent-30", UnansweredFor(30, Priority.URGENT), to_tier=2),
    EscalationRule("fr-breach", OnSlaBreach(SlaTarget.FIRST_RESPONSE)),
    EscalationRule(
        "res-warning",
        OnSlaWarning(SlaTarget.RESOLUTION),
        to_tier=3,
        reason="resolution at risk: specialists take over",
    ),
]


def sla(case: Case, now: datetime, cal: BusinessCalendar) -> SlaReport:
    return evaluate(case, now, policies=BOOK, calendar=cal)


def test_manual_escalation_goes_up_with_reason_and_snapshot(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 4, 9), owner="user:1", queue="cards")
    case.link_interaction(inbound("call-1", berlin(2024, 3, 4, 9)))
    case.add_entry(
        EntryKind.INTERNAL_NOTE, "Tried reset; fails", "user:1", berlin(2024, 3, 4, 9, 5)
    )
    now = berlin(2024, 3, 4, 9, 10)
    record = escalate(
        case, 2, "  needs back-office access  ", "user:1", now, sla=sla(case, now, office)
    )
    assert (case.tier, case.owner) == (2, None)
    assert record.reason == "needs back-office access" and record.previous_owner == "user:1"
    assert record.context["interactions"] == ["call-1"] and record.context["entries"] == 1
    assert record.context["sla"]["first_response"]["state"] == "ok"  # type: ignore[index]
    assert case.escalations == [record]


@pytest.mark.parametrize(
    ("to_tier", "reason", "error", "message"),
    [
        (1, "same tier", InvalidEscalation, "higher tier"),
        (2, "   ", InvalidEscalation, "reason must not be empty"),
        (2, "x" * 1001, InvalidEscalation, "at most 1000"),
        (4, "no such tier", CrmInvalidValue, "tier must be"),
    ],
)
def test_bad_manual_escalations_change_nothing(
    to_tier: int, reason: str, error: type[Exception], message: str
) -> None:
    case = new_case(berlin(2024, 3, 4, 9), owner="user:1")
    with pytest.raises(error, match=message):
        escalate(case, to_tier, reason, "user:1", berlin(2024, 3, 4, 10))
    assert (case.tier, case.owner, case.escalations) == (1, "user:1", [])


def test_escalating_down_is_refused() -> None:
    case = new_case(berlin(2024, 3, 4, 9), tier=3)
    with pytest.raises(InvalidEscalation, match="2 is not above 3"):
        escalate(case, 2, "wrong way", "user:1", berlin(2024, 3, 4, 10))


def test_urgent_unanswered_rule_fires_after_business_minutes(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 4, 11, 50), priority=Priority.URGENT)
    early = berlin(2024, 3, 4, 13, 15)  # 10 min before lunch + 15 after: 25 business minutes
    plan = plan_escalations(case, early, RULES, sla=sla(case, early, office), calendar=office)
    assert plan.decision is None and plan.fired == ()
    now = berlin(2024, 3, 4, 13, 25)
    plan = plan_escalations(case, now, RULES, sla=sla(case, now, office), calendar=office)
    assert plan.fired == ("urgent-silent-30",)
    assert plan.decision is not None and plan.decision.to_tier == 2
    assert plan.decision.at == berlin(2024, 3, 4, 13, 20)
    assert "unanswered for 30 business minutes" in plan.decision.reason
    record = apply_decision(case, plan.decision, now, sla(case, now, office))
    assert case.tier == 2 and record.by == "rule:urgent-silent-30"
    again = plan_escalations(
        case, now, RULES, sla=sla(case, now, office), calendar=office, applied=set(plan.fired)
    )
    assert again.decision is None


def test_unanswered_rule_ignores_other_priorities_and_answered_cases(
    office: BusinessCalendar,
) -> None:
    normal = new_case(berlin(2024, 3, 4, 9))
    now = berlin(2024, 3, 4, 11)
    assert (
        plan_escalations(
            normal, now, RULES[:1], sla=sla(normal, now, office), calendar=office
        ).fired
        == ()
    )
    answered = new_case(berlin(2024, 3, 4, 9), priority=Priority.URGENT)
    answered.add_entry(EntryKind.PUBLIC_REPLY, "On it", "user:1", berlin(2024, 3, 4, 9, 10))
    assert (
        plan_escalations(
            answered, now, RULES[:1], sla=sla(answered, now, office), calendar=office
        ).fired
        == ()
    )


def test_several_rules_firing_move_the_case_once_to_the_highest_tier(
    office: BusinessCalendar,
) -> None:
    case = new_case(berlin(2024, 3, 4, 9))
    now = berlin(2024, 3, 5, 16)  # 4 h first response long breached; 16 h resolution at 80 %+
    report = sla(case, now, office)
    plan = plan_escalations(case, now, RULES, sla=report, calendar=office)
    assert set(plan.fired) == {"fr-breach", "res-warning"}
    assert plan.decision is not None
    assert (plan.decision.rule_id, plan.decision.to_tier) == ("res-warning", 3)
    assert plan.decision.reason == "resolution at risk: specialists take over"


def test_breach_rule_goes_to_next_tier_and_stops_at_the_top(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 4, 9), tier=3)
    at_due = berlin(2024, 3, 4, 14)  # 09-12 and 13-14: due exactly now, not yet breached
    assert (
        plan_escalations(
            case, at_due, RULES[1:2], sla=sla(case, at_due, office), calendar=office
        ).fired
        == ()
    )
    now = berlin(2024, 3, 4, 14, 1)
    plan = plan_escalations(case, now, RULES[1:2], sla=sla(case, now, office), calendar=office)
    assert plan.fired == ("fr-breach",) and plan.decision is None


def test_no_rules_fire_on_closed_cases(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 4, 9))
    case.resolve(berlin(2024, 3, 6, 9), "user:1", pending_script_steps=())
    case.change_status(CaseStatus.CLOSED, berlin(2024, 3, 6, 10), "user:1")
    now = berlin(2024, 3, 7, 9)
    assert (
        plan_escalations(case, now, RULES, sla=sla(case, now, office), calendar=office).fired == ()
    )
    with pytest.raises(InvalidEscalation, match="closed"):
        escalate(case, 2, "too late", "user:1", now)
