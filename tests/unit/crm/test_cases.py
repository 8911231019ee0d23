"""Case state machine, entries and their effect on status, reopen rules and FCR."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import product

import pytest
from tests.unit.crm.conftest import inbound, new_case, utc

from frontline.domain.channels import Channel
from frontline.domain.crm.case_records import Direction, EntryKind, LinkedInteraction
from frontline.domain.crm.case_status import LEGAL_TRANSITIONS, CaseStatus, Priority
from frontline.domain.crm.cases import Case, CaseClosed
from frontline.domain.crm.errors import (
    CrmInvalidValue,
    IllegalCaseTransition,
    MandatoryStepsPending,
)

T0 = utc(2024, 3, 4, 9)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def case_in(status: CaseStatus) -> Case:
    """A case driven to ``status`` through legal steps."""
    case = new_case(T0)
    path = {
        CaseStatus.NEW: [],
        CaseStatus.OPEN: [CaseStatus.OPEN],
        CaseStatus.PENDING_CUSTOMER: [CaseStatus.PENDING_CUSTOMER],
        CaseStatus.ON_HOLD: [CaseStatus.ON_HOLD],
        CaseStatus.RESOLVED: [CaseStatus.RESOLVED],
        CaseStatus.CLOSED: [CaseStatus.RESOLVED, CaseStatus.CLOSED],
    }[status]
    for step, target in enumerate(path, start=1):
        if target is CaseStatus.RESOLVED:
            case.resolve(at(step), "user:1", pending_script_steps=())
        else:
            case.change_status(target, at(step), "user:1")
    return case


@pytest.mark.parametrize(("source", "target"), list(product(CaseStatus, CaseStatus)))
def test_every_status_pair_follows_the_table(source: CaseStatus, target: CaseStatus) -> None:
    case = case_in(source)
    before = list(case.history)
    legal = target in LEGAL_TRANSITIONS[source]

    def attempt() -> None:
        if target is CaseStatus.RESOLVED:
            case.resolve(at(10), "user:2", pending_script_steps=())
        else:
            case.change_status(target, at(10), "user:2", "asked again")

    if legal:
        attempt()
        assert case.status is target and case.history[-1].from_status is source
    else:
        with pytest.raises(IllegalCaseTransition) as info:
            attempt()
        assert source.value in str(info.value) and target.value in str(info.value)
        assert case.status is source and case.history == before


def test_closed_is_final_and_points_to_a_follow_up() -> None:
    case = case_in(CaseStatus.CLOSED)
    with pytest.raises(CaseClosed, match="follow-up"):
        case.add_entry(EntryKind.CUSTOMER_MESSAGE, "Still broken", "customer", at(20))
    with pytest.raises(CaseClosed):
        case.link_interaction(inbound("call-2", at(20)))
    case.add_entry(EntryKind.INTERNAL_NOTE, "Post-mortem: fraud team", "user:3", at(21))
    assert case.status is CaseStatus.CLOSED and len(case.entries) == 1


def test_customer_message_resumes_a_pending_case() -> None:
    case = case_in(CaseStatus.PENDING_CUSTOMER)
    case.add_entry(EntryKind.CUSTOMER_MESSAGE, "Here is my card number", "customer:7", at(30))
    assert case.status is CaseStatus.OPEN
    assert case.history[-1].reason == "customer replied"


def test_new_inbound_contact_reopens_a_resolved_case_and_spoils_fcr() -> None:
    case = new_case(T0)
    case.link_interaction(inbound("call-1", T0))
    case.resolve(at(5), "user:1", pending_script_steps=())
    assert case.is_first_contact_resolution
    case.link_interaction(inbound("call-2", at(60)))
    assert case.status is CaseStatus.OPEN and case.was_reopened
    case.resolve(at(70), "user:1", pending_script_steps=())
    assert not case.is_first_contact_resolution


def test_fcr_counts_distinct_inbound_interactions_only() -> None:
    case = new_case(T0)
    assert case.link_interaction(inbound("chat-1", T0, Channel.CHAT))
    assert not case.link_interaction(inbound("chat-1", at(1), Channel.CHAT))  # retry: same
    callback = LinkedInteraction("call-9", Channel.VOICE, Direction.OUTBOUND, at(2))
    case.link_interaction(callback)
    case.add_entry(EntryKind.PUBLIC_REPLY, "Unblocked it for you", "user:1", at(3))
    case.resolve(at(4), "user:1", pending_script_steps=())
    assert case.customer_contacts == {"chat-1"}
    assert case.is_first_contact_resolution


def test_two_contacts_or_unresolved_is_not_fcr() -> None:
    case = new_case(T0)
    case.link_interaction(inbound("call-1", T0))
    assert not case.is_first_contact_resolution  # not resolved yet
    case.link_interaction(inbound("email-1", at(1), Channel.EMAIL))
    case.resolve(at(2), "user:1", pending_script_steps=())
    assert not case.is_first_contact_resolution


def test_agent_reopen_needs_a_reason() -> None:
    case = case_in(CaseStatus.RESOLVED)
    with pytest.raises(CrmInvalidValue, match="reopen reason"):
        case.change_status(CaseStatus.OPEN, at(10), "user:1")
    case.reopen(at(11), "user:1", "customer called: still blocked")
    assert case.status is CaseStatus.OPEN and case.resolved_at is None


def test_resolve_refused_while_mandatory_steps_pending_leaves_case_untouched() -> None:
    case = case_in(CaseStatus.OPEN)
    before = list(case.history)
    with pytest.raises(MandatoryStepsPending, match="read-recording-notice"):
        case.resolve(at(10), "user:1", pending_script_steps={"read-recording-notice"})
    assert case.status is CaseStatus.OPEN and case.history == before


def test_first_public_reply_opens_a_new_case_and_is_the_first_response() -> None:
    case = new_case(T0)
    case.add_entry(EntryKind.INTERNAL_NOTE, "Looks like fraud", "user:1", at(1))
    assert case.status is CaseStatus.NEW and case.first_response_at is None
    case.add_entry(EntryKind.PUBLIC_REPLY, "We are on it", "user:1", at(2))
    assert case.status is CaseStatus.OPEN and case.first_response_at == at(2)
    assert not case.entries[0].customer_visible and case.entries[1].customer_visible


def test_history_cannot_go_back_in_time() -> None:
    case = case_in(CaseStatus.OPEN)
    with pytest.raises(CrmInvalidValue, match="time order"):
        case.add_entry(EntryKind.INTERNAL_NOTE, "late note", "user:1", T0)


def test_priority_changes_are_recorded() -> None:
    case = new_case(T0)
    case.set_priority(Priority.URGENT, at(1), "user:1")
    case.set_priority(Priority.URGENT, at(2), "user:1")
    assert case.priority is Priority.URGENT and len(case.priority_history) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"subject": "  "}, "subject"), ({"tier": 4}, "tier"), ({"subject": "a\x00b"}, "control")],
)
def test_bad_case_fields_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(CrmInvalidValue, match=message):
        new_case(T0, **fields)


def test_empty_entry_needs_an_attachment() -> None:
    case = new_case(T0)
    with pytest.raises(CrmInvalidValue, match="body"):
        case.add_entry(EntryKind.PUBLIC_REPLY, "   ", "user:1", at(1))
    assert case.entries == [] and case.status is CaseStatus.NEW
