"""The records a case accumulates: linked interactions, entries, status changes, escalations.

They are immutable values appended in time order; together they are the case's history, from
which the SLA clock, the FCR rule and the customer timeline are all recomputed exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from frontline.domain.channels import Channel
from frontline.domain.crm.case_status import CaseStatus, Priority, check_tier
from frontline.domain.crm.errors import CrmInvalidValue, InvalidEscalation
from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.text import clean_text

MAX_BODY = 50_000
MAX_REASON = 1_000
MAX_ATTACHMENTS = 20


def aware_utc(value: datetime, what: str = "time") -> datetime:
    """History must be comparable across servers: refuse naive datetimes, store UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise CrmInvalidValue(f"{what} {value.isoformat()} has no time zone")
    return value.astimezone(UTC)


def checked_text(value: str, what: str, max_length: int, min_length: int = 1) -> str:
    """`clean_text` with the CRM error family."""
    try:
        return clean_text(value, what, max_length=max_length, min_length=min_length)
    except InvalidValue as exc:
        raise CrmInvalidValue(str(exc)) from exc


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class EntryKind(StrEnum):
    """Internal notes are never shown to the customer; replies and messages are."""

    INTERNAL_NOTE = "internal_note"
    PUBLIC_REPLY = "public_reply"
    CUSTOMER_MESSAGE = "customer_message"


@dataclass(frozen=True)
class LinkedInteraction:
    """An interaction (call, chat, email, SMS) that belongs to the case."""

    interaction_id: str
    channel: Channel
    direction: Direction
    at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "interaction_id", checked_text(self.interaction_id, "id", 100))
        object.__setattr__(self, "at", aware_utc(self.at))


@dataclass(frozen=True)
class AttachmentRef:
    """A stored file; the bytes live in the attachment store, the case keeps the reference."""

    file_name: str
    content_type: str
    size_bytes: int
    storage_key: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file_name", checked_text(self.file_name, "file name", 255))
        if self.size_bytes < 0:
            raise CrmInvalidValue("attachment size must not be negative")


@dataclass(frozen=True)
class CaseEntry:
    """A note, reply or message; ``author`` is an opaque actor label such as ``user:7``."""

    kind: EntryKind
    body: str
    author: str
    at: datetime
    attachments: tuple[AttachmentRef, ...] = ()
    interaction_id: str | None = None

    def __post_init__(self) -> None:
        min_length = 0 if self.attachments else 1
        object.__setattr__(self, "body", checked_text(self.body, "body", MAX_BODY, min_length))
        object.__setattr__(self, "author", checked_text(self.author, "author", 100))
        object.__setattr__(self, "at", aware_utc(self.at))
        if len(self.attachments) > MAX_ATTACHMENTS:
            raise CrmInvalidValue(f"at most {MAX_ATTACHMENTS} attachments per entry")

    @property
    def customer_visible(self) -> bool:
        return self.kind is not EntryKind.INTERNAL_NOTE


@dataclass(frozen=True)
class StatusChange:
    """One step of the status history; the first has no ``from_status``."""

    at: datetime
    from_status: CaseStatus | None
    to_status: CaseStatus
    by: str
    reason: str = ""


@dataclass(frozen=True)
class EscalationRecord:
    """Who moved the case to which tier, why, and what the case looked like at that moment.

    ``context`` is a snapshot (status, priority, owner, SLA states, counts) so the receiving
    tier and later audits see the situation as it was, even after the case moves on.
    """

    at: datetime
    from_tier: int
    to_tier: int
    reason: str
    by: str
    rule_id: str | None = None
    previous_owner: str | None = None
    context: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", aware_utc(self.at))
        try:
            reason = checked_text(self.reason, "escalation reason", MAX_REASON)
        except CrmInvalidValue as exc:
            raise InvalidEscalation(str(exc)) from exc
        object.__setattr__(self, "reason", reason)
        check_tier(self.from_tier)
        check_tier(self.to_tier)
        if self.to_tier <= self.from_tier:
            raise InvalidEscalation(
                f"escalation goes to a higher tier: {self.to_tier} is not above {self.from_tier}"
            )


@dataclass(frozen=True)
class PriorityChange:
    at: datetime
    from_priority: Priority
    to_priority: Priority
    by: str
