"""Bodies and answers of the case endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from frontline.domain.crm.case_records import MAX_BODY, MAX_REASON
from frontline.domain.crm.case_status import CaseStatus, Priority
from frontline.domain.crm.cases import Case
from frontline.domain.crm.sla_clock import SlaReport
from frontline.entrypoints.http.schemas.common import Id, InputModel, PatchModel
from frontline.service.crm.case_views import CaseDetail
from frontline.service.crm.clock import user_id_of
from frontline.service.crm.ports import CaseSummary
from frontline.service.crm.sla_status import snapshot

Subject = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
Category = Annotated[str, StringConstraints(max_length=64, pattern=r"^[^\x00-\x1f]*$")]
QueueName = Annotated[str, StringConstraints(max_length=64, pattern=r"^[A-Za-z0-9_-]*$")]
Tier = Annotated[int, Field(ge=1, le=3)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=MAX_REASON)]
Body = Annotated[str, StringConstraints(max_length=MAX_BODY)]
InteractionKey = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class CaseIn(InputModel):
    customer_id: Id
    subject: Subject
    description: Text = ""
    queue: QueueName = ""
    category: Category = ""
    priority: Priority = Priority.NORMAL
    owner_user_id: Id | None = None


class CasePatch(PatchModel):
    nullable = frozenset({"owner_user_id"})
    subject: Subject | None = None
    description: Text | None = None
    queue: QueueName | None = None
    category: Category | None = None
    priority: Priority | None = None
    owner_user_id: Id | None = None


class StatusIn(InputModel):
    status: CaseStatus
    reason: Annotated[str, StringConstraints(max_length=MAX_REASON)] = ""


class AttachmentIn(InputModel):
    file_name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    content_type: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    size_bytes: Annotated[int, Field(ge=0, le=2**40)]
    storage_key: Annotated[str, StringConstraints(min_length=1, max_length=300)]


class EntryIn(InputModel):
    kind: Literal["internal_note", "public_reply"]
    body: Body
    attachments: Annotated[list[AttachmentIn], Field(max_length=20)] = Field(default_factory=list)
    interaction_id: InteractionKey | None = None


class EscalateIn(InputModel):
    to_tier: Tier
    reason: Reason


class LinkIn(InputModel):
    interaction_id: InteractionKey
    channel: Literal["voice", "chat", "email", "sms"]
    direction: Literal["inbound", "outbound"] = "inbound"


class SlaOut(BaseModel):
    state: str | None
    due_at: datetime | None
    warn_at: datetime | None


class CaseSummaryOut(BaseModel):
    """One case of a list. ``customer_name`` is the directory's name for the customer, so a
    list reads as people rather than ids; null only when that name is missing (show the id)."""

    id: int
    customer_id: int
    customer_name: str | None
    subject: str
    status: str
    priority: str
    category: str
    queue: str
    tier: int
    owner_user_id: int | None
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    fcr: bool | None
    sla: SlaOut

    @classmethod
    def of(cls, row: CaseSummary) -> CaseSummaryOut:
        return cls(
            id=row.id,
            customer_id=row.customer_id,
            customer_name=row.customer_name,
            subject=row.subject,
            status=row.status,
            priority=row.priority,
            category=row.category,
            queue=row.queue,
            tier=row.tier,
            owner_user_id=row.owner_user_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            first_response_at=row.first_response_at,
            resolved_at=row.resolved_at,
            fcr=row.fcr,
            sla=SlaOut(state=row.sla.state, due_at=row.sla.due_at, warn_at=row.sla.warn_at),
        )


class CasePageOut(BaseModel):
    items: list[CaseSummaryOut]
    next_cursor: str | None


def sla_json(report: SlaReport | None) -> dict[str, Any]:
    """The policy and each target, and the case's state and next deadline as its list row
    shows them (`sla_status.snapshot`: worst state, earliest running due time), so a client
    shows one case the way it shows a row without deriving it again."""
    if report is None:
        return {"policy": None, "state": None, "due_at": None, "targets": []}
    summary = snapshot(report)
    return {
        "policy": report.policy,
        "state": summary.state,
        "due_at": summary.due_at,
        "targets": [
            {
                "target": s.target.value,
                "state": s.state.value,
                "target_s": s.target_s,
                "elapsed_s": s.elapsed_s,
                "remaining_s": s.remaining_s,
                "due_at": s.due_at,
                "warn_at": s.warn_at,
                "completed_at": s.completed_at,
            }
            for s in report.statuses
        ],
    }


def detail_json(detail: CaseDetail) -> dict[str, Any]:
    """The staff answer for a case read or just written, actors named."""
    return case_json(detail.case, detail.sla, detail.events, detail.names)


def case_json(
    case: Case,
    report: SlaReport | None = None,
    events: list[dict[str, Any]] | None = None,
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The whole case for staff: entries (notes included), links, history, escalations.

    Actors stay as their raw labels (``author``, ``by``, ``created_by``: ``user:<id>`` or
    ``system``) for clients that already read them; each has a ``*_name`` beside it taken
    from ``names`` (the label itself when a label is missing there), so a page shows people.
    """
    named = names or {}

    def name(label: str | None) -> str | None:
        return None if label is None else named.get(label, label)

    return {
        "id": case.id,
        "customer_id": case.customer_id,
        "subject": case.subject,
        "description": case.description,
        "status": case.status.value,
        "priority": case.priority.value,
        "category": case.category,
        "queue": case.queue,
        "tier": case.tier,
        "owner_user_id": user_id_of(case.owner),
        "follow_up_of": case.follow_up_of,
        "created_at": case.created_at,
        "created_by": case.created_by,
        "created_by_name": name(case.created_by),
        "first_response_at": case.first_response_at,
        "resolved_at": case.resolved_at,
        "fcr": case.is_first_contact_resolution,
        "sla": sla_json(report),
        "sla_events": events or [],
        "entries": [
            {
                "kind": e.kind.value,
                "body": e.body,
                "author": e.author,
                "author_name": name(e.author),
                "at": e.at,
                "customer_visible": e.customer_visible,
                "interaction_id": e.interaction_id,
                "attachments": [vars(a) for a in e.attachments],
            }
            for e in case.entries
        ],
        "interactions": [
            {
                "interaction_id": i.interaction_id,
                "channel": i.channel.value,
                "direction": i.direction.value,
                "at": i.at,
            }
            for i in case.interactions
        ],
        "history": [
            {
                "at": c.at,
                "from": c.from_status.value if c.from_status else None,
                "to": c.to_status.value,
                "by": c.by,
                "by_name": name(c.by),
                "reason": c.reason,
            }
            for c in case.history
        ],
        "escalations": [
            {
                "at": e.at,
                "from_tier": e.from_tier,
                "to_tier": e.to_tier,
                "reason": e.reason,
                "by": e.by,
                "by_name": name(e.by),
                "rule_id": e.rule_id,
                "previous_owner": user_id_of(e.previous_owner),
                "context": dict(e.context),
            }
            for e in case.escalations
        ],
    }
