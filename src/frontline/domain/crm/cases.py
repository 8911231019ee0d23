"""The Case (ticket): status machine, entries, linked interactions, and the FCR rule.

Every method checks everything first and only then changes the case, so a refused command
leaves nothing half-written. Times must not go backwards: the status history is the input of
the SLA clock, which is recomputed from it rather than stored.

First-contact resolution (FCR) is defined precisely: a case counts as FCR when it is resolved
(or closed), was never reopened, and exactly one *customer contact* is linked to it, where a
customer contact is a distinct linked **inbound** interaction (a call, chat, email conversation
or SMS conversation the customer started). Outbound callbacks and agent replies do not count,
and linking the same interaction twice is one contact.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from frontline.domain.crm.case_records import (
    MAX_REASON,
    AttachmentRef,
    CaseEntry,
    Direction,
    EntryKind,
    EscalationRecord,
    LinkedInteraction,
    PriorityChange,
    StatusChange,
    aware_utc,
    checked_text,
)
from frontline.domain.crm.case_status import (
    DONE_STATUSES,
    CaseStatus,
    Priority,
    check_tier,
    check_transition,
)
from frontline.domain.crm.errors import CrmConflict, CrmInvalidValue, MandatoryStepsPending

CUSTOMER = "customer"


class CaseClosed(CrmConflict):
    """Closed cases are final; new customer contact belongs in a follow-up case."""


@dataclass
class Case:
    id: int
    customer_id: int
    subject: str
    created_at: datetime
    created_by: str
    description: str = ""
    queue: str = ""
    category: str = ""
    priority: Priority = Priority.NORMAL
    tier: int = 1
    owner: str | None = None
    follow_up_of: int | None = None
    status: CaseStatus = CaseStatus.NEW
    history: list[StatusChange] = field(default_factory=list)
    priority_history: list[PriorityChange] = field(default_factory=list)
    interactions: list[LinkedInteraction] = field(default_factory=list)
    entries: list[CaseEntry] = field(default_factory=list)
    escalations: list[EscalationRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.subject = checked_text(self.subject, "subject", 200)
        self.description = checked_text(self.description, "description", 20_000, min_length=0)
        self.category = checked_text(self.category, "category", 64, min_length=0).lower()
        self.created_at = aware_utc(self.created_at, "created_at")
        self.created_by = checked_text(self.created_by, "created_by", 100)
        self.tier = check_tier(self.tier)
        if not self.history:
            self.history.append(StatusChange(self.created_at, None, self.status, self.created_by))

    # -- derived facts -----------------------------------------------------------------
    @property
    def last_activity_at(self) -> datetime:
        times = [self.created_at, self.history[-1].at]
        for records in (self.entries, self.interactions, self.escalations, self.priority_history):
            if records:
                times.append(records[-1].at)
        return max(times)

    @property
    def first_response_at(self) -> datetime | None:
        """The first customer-visible reply by an agent: what the first-response SLA measures."""
        replies = (e.at for e in self.entries if e.kind is EntryKind.PUBLIC_REPLY)
        return next(replies, None)

    @property
    def resolved_at(self) -> datetime | None:
        """When the case was last resolved, while it is resolved or closed."""
        if self.status not in DONE_STATUSES:
            return None
        return next(c.at for c in reversed(self.history) if c.to_status is CaseStatus.RESOLVED)

    @property
    def customer_contacts(self) -> frozenset[str]:
        """Distinct linked inbound interactions (see the module docstring)."""
        return frozenset(
            i.interaction_id for i in self.interactions if i.direction is Direction.INBOUND
        )

    @property
    def was_reopened(self) -> bool:
        return any(c.from_status is CaseStatus.RESOLVED for c in self.history)

    @property
    def is_first_contact_resolution(self) -> bool:
        return (
            self.status in DONE_STATUSES
            and not self.was_reopened
            and len(self.customer_contacts) == 1
        )

    # -- commands ----------------------------------------------------------------------
    def change_status(self, to: CaseStatus, at: datetime, by: str, reason: str = "") -> None:
        """Any legal step except resolving, which has its own checks (`resolve`)."""
        if to is CaseStatus.RESOLVED:
            raise CrmInvalidValue("use resolve() to resolve a case: it checks script steps")
        if self.status is CaseStatus.RESOLVED and to is CaseStatus.OPEN:
            self.reopen(at, by, reason)
            return
        self._move(to, self._time(at), by, reason)

    def resolve(self, at: datetime, by: str, *, pending_script_steps: Collection[str]) -> None:
        """Resolve, refused while any linked interaction has mandatory script steps open.

        The caller collects ``pending_script_steps`` from the script runs saved on the
        linked interactions (`ScriptRun.pending_mandatory`); making it a required argument
        means no caller can forget the check.
        """
        moment = self._time(at)
        check_transition(self.status, CaseStatus.RESOLVED)
        if pending_script_steps:
            raise MandatoryStepsPending(tuple(sorted(pending_script_steps)))
        self._move(CaseStatus.RESOLVED, moment, by, "")

    def close(self, at: datetime, by: str) -> None:
        self._move(CaseStatus.CLOSED, self._time(at), by, "")

    def reopen(self, at: datetime, by: str, reason: str) -> None:
        """Resolved → open with a reason; a closed case cannot be reopened (follow-up instead)."""
        moment = self._time(at)
        self._refuse_if_closed()
        reason = checked_text(reason, "reopen reason", MAX_REASON)
        self._move(CaseStatus.OPEN, moment, by, reason)

    def add_entry(
        self,
        kind: EntryKind,
        body: str,
        author: str,
        at: datetime,
        attachments: tuple[AttachmentRef, ...] = (),
        interaction_id: str | None = None,
    ) -> CaseEntry:
        """Append a note, reply or customer message, with its effect on the status.

        A customer message puts a pending or resolved case back to open (the customer is
        waiting on us again); the first public reply opens a new case. On a closed case only
        internal notes are accepted.
        """
        entry = CaseEntry(kind, body, author, self._time(at), attachments, interaction_id)
        if kind is not EntryKind.INTERNAL_NOTE:
            self._refuse_if_closed()
        if kind is EntryKind.CUSTOMER_MESSAGE:
            self._customer_is_back(entry.at)
        elif kind is EntryKind.PUBLIC_REPLY and self.status is CaseStatus.NEW:
            self._move(CaseStatus.OPEN, entry.at, author, "first reply")
        self.entries.append(entry)
        return entry

    def link_interaction(self, link: LinkedInteraction) -> bool:
        """Attach an interaction; False if it was already linked (retries are harmless)."""
        self._time(link.at)
        if any(i.interaction_id == link.interaction_id for i in self.interactions):
            return False
        self._refuse_if_closed()
        if link.direction is Direction.INBOUND:
            self._customer_is_back(link.at)
        self.interactions.append(link)
        return True

    def set_priority(self, priority: Priority, at: datetime, by: str) -> None:
        moment = self._time(at)
        self._refuse_if_closed()
        if priority is not self.priority:
            self.priority_history.append(PriorityChange(moment, self.priority, priority, by))
            self.priority = priority

    def assign(self, owner: str | None, at: datetime) -> None:
        self._time(at)
        self._refuse_if_closed()
        self.owner = None if owner is None else checked_text(owner, "owner", 100)

    def apply_escalation(self, record: EscalationRecord, new_owner: str | None = None) -> None:
        """Move to the record's tier; the new tier's queue (or ``new_owner``) takes it over."""
        self._time(record.at)
        self._refuse_if_closed()
        if record.from_tier != self.tier:
            raise CrmConflict(f"case is at tier {self.tier}, not {record.from_tier}")
        self.escalations.append(record)
        self.tier = record.to_tier
        self.owner = new_owner

    # -- internals ---------------------------------------------------------------------
    def _customer_is_back(self, at: datetime) -> None:
        if self.status is CaseStatus.PENDING_CUSTOMER:
            self._move(CaseStatus.OPEN, at, CUSTOMER, "customer replied")
        elif self.status is CaseStatus.RESOLVED:
            self._move(CaseStatus.OPEN, at, CUSTOMER, "customer contacted again")

    def _refuse_if_closed(self) -> None:
        if self.status is CaseStatus.CLOSED:
            raise CaseClosed(f"case {self.id} is closed; open a follow-up case instead")

    def _move(self, to: CaseStatus, at: datetime, by: str, reason: str) -> None:
        check_transition(self.status, to)
        self.history.append(StatusChange(at, self.status, to, by, reason))
        self.status = to

    def _time(self, at: datetime) -> datetime:
        moment = aware_utc(at)
        if moment < self.last_activity_at:
            raise CrmInvalidValue(
                f"{moment.isoformat()} is before the case's last activity "
                f"{self.last_activity_at.isoformat()}; history must stay in time order"
            )
        return moment
