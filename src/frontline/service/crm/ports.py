"""Ports of the CRM use cases: the clock, the CRM repositories and the unit of work holding them.

The CRM unit of work is the platform one plus the CRM repositories on the same transaction, so
a case change, its SLA events and its audit entry commit together or not at all.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from frontline.domain.crm.cases import Case
from frontline.domain.crm.escalation import EscalationRule
from frontline.domain.crm.sla import SlaPolicy
from frontline.domain.crm.sla_clock import SlaEvent
from frontline.domain.crm.timeline import TimelineEntry
from frontline.domain.org.customers import Customer
from frontline.service.ports import UnitOfWork


class Clock(Protocol):
    """Where use cases get "now" from, so tests can freeze time (SLA across a weekend)."""

    def now(self) -> datetime: ...


# -- cases ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SlaSnapshot:
    """The SLA facts stored on the case row for lists: worst state, next due and warn times."""

    state: str | None = None
    due_at: datetime | None = None
    warn_at: datetime | None = None


@dataclass(frozen=True)
class CaseScope:
    """Which cases a caller may see: all, or own cases plus queue cases up to a tier."""

    everything: bool
    owner_id: int | None = None
    queues: frozenset[str] = frozenset()
    max_tier: int = 1

    def admits(self, case: Case, owner_id: int | None) -> bool:
        if self.everything or (owner_id is not None and owner_id == self.owner_id):
            return True
        return case.queue in self.queues and case.tier <= self.max_tier


@dataclass(frozen=True)
class CaseQuery:
    """Filters of the case list; ``after`` is the keyset cursor (sort key of the last row)."""

    scope: CaseScope
    owner_ids: frozenset[int] | None = None
    statuses: frozenset[str] = frozenset()
    priorities: frozenset[str] = frozenset()
    tiers: frozenset[int] = frozenset()
    queues: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    customer_id: int | None = None
    text: str | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    by_due: bool = False
    after: tuple[Any, ...] | None = None
    limit: int = 50


@dataclass(frozen=True)
class CaseSummary:
    """One row of a case list. ``customer_name`` is the name the customer directory shows,
    read with the page (a person working cases recognises names, not ids); None only when
    the customer row has no name, and the caller then shows the id."""

    id: int
    customer_id: int
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
    sla: SlaSnapshot = field(default_factory=SlaSnapshot)
    customer_name: str | None = None


class CaseRepository(Protocol):
    def add(self, case: Case, sla: SlaSnapshot) -> Case: ...
    def get(self, case_id: int) -> Case | None: ...
    def save(self, case: Case, sla: SlaSnapshot) -> None: ...
    def fired_rules(self, case_id: int) -> frozenset[str]: ...
    def mark_rules_fired(self, case_id: int, rule_ids: Iterable[str]) -> None: ...
    def emitted_keys(self, case_id: int) -> frozenset[str]: ...
    def add_events(self, case_id: int, events: Sequence[SlaEvent], at: datetime) -> None: ...
    def events(self, case_id: int) -> builtins.list[dict[str, Any]]: ...
    def with_interaction(self, interaction_id: str) -> builtins.list[int]: ...
    def open_ids(self, after_id: int, limit: int) -> builtins.list[int]: ...
    def list(self, query: CaseQuery) -> builtins.list[CaseSummary]: ...
    def fcr_counts(self, start: datetime, end: datetime) -> tuple[int, int]: ...
    def owns_case_of(self, user_id: int, customer_id: int) -> bool: ...


# -- SLA configuration ---------------------------------------------------------------------
@dataclass(frozen=True)
class StoredPolicy:
    id: int
    priority: str
    category: str
    policy: SlaPolicy


class SlaRepository(Protocol):
    def policies(self) -> builtins.list[StoredPolicy]: ...
    def get_policy(self, policy_id: int) -> StoredPolicy | None: ...
    def add_policy(self, priority: str, category: str, policy: SlaPolicy) -> StoredPolicy: ...
    def save_policy(self, stored: StoredPolicy) -> None: ...
    def delete_policy(self, policy_id: int) -> None: ...
    def calendar_spec(self, queue: str) -> dict[str, Any] | None: ...
    def save_calendar_spec(self, queue: str, spec: dict[str, Any]) -> None: ...
    def delete_calendar_spec(self, queue: str) -> bool: ...
    def rules(self) -> builtins.list[EscalationRule]: ...
    def save_rule(self, rule: EscalationRule) -> None: ...
    def delete_rule(self, rule_id: str) -> bool: ...


# -- knowledge base ------------------------------------------------------------------------
@dataclass
class Article:
    title: str
    body: str
    audience: str
    tags: tuple[str, ...] = ()
    review_at: date | None = None
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str = ""
    id: int = 0


@dataclass(frozen=True)
class KbQuery:
    """``terms`` are plain words (already split and cleaned); all must match."""

    terms: tuple[str, ...]
    audience: str | None = None
    tag: str | None = None
    limit: int = 10


@dataclass(frozen=True)
class KbHit:
    """A ranked hit; ``snippet`` marks matches with U+E000/U+E001 (made HTML by the caller)."""

    article_id: int
    title: str
    audience: str
    score: float
    snippet: str


class KbRepository(Protocol):
    def add(self, article: Article) -> Article: ...
    def get(self, article_id: int) -> Article | None: ...
    def save(self, article: Article, previous: Article) -> None: ...
    def delete(self, article_id: int) -> None: ...
    def list(
        self,
        audience: str | None,
        tag: str | None,
        review_due: date | None,
        limit: int,
        offset: int,
    ) -> tuple[builtins.list[Article], int]: ...
    def versions(self, article_id: int) -> builtins.list[Article]: ...
    def search(self, query: KbQuery) -> builtins.list[KbHit]: ...


# -- scripts -------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredScript:
    id: str
    title: str
    queue: str | None
    version: int
    definition: dict[str, Any]
    updated_at: datetime


@dataclass(frozen=True)
class StoredRun:
    interaction_id: str
    script_id: str
    version: int
    run: dict[str, Any]
    pending: tuple[str, ...]
    started_at: datetime
    started_by: str
    updated_at: datetime


class ScriptRepository(Protocol):
    def get(self, script_id: str) -> StoredScript | None: ...
    def get_version(self, script_id: str, version: int) -> StoredScript | None: ...
    def save(self, script: StoredScript) -> None: ...
    def delete(self, script_id: str) -> bool: ...
    def list(self, queue: str | None) -> builtins.list[StoredScript]: ...
    def run(self, interaction_id: str) -> StoredRun | None: ...
    def save_run(self, run: StoredRun) -> None: ...
    def pending_for(self, interaction_ids: Iterable[str]) -> dict[str, tuple[str, ...]]: ...


# -- customers in bulk ---------------------------------------------------------------------
class CustomerBulkRepository(Protocol):
    def existing_external_ids(self, external_ids: Iterable[str]) -> frozenset[str]: ...
    def insert_many(self, customers: Sequence[Customer]) -> int: ...


# -- customer timeline and merge -----------------------------------------------------------
class TimelineSource(Protocol):
    """A customer's timeline entries from one store, newest window first.

    ``before`` None means up to now. ``limit`` None means every entry at or before
    ``before``; otherwise, per kind of record, at least the ``limit`` newest entries strictly
    before ``before`` plus every entry exactly at ``before`` and at the oldest instant
    returned, so the caller's exact paging over the union never misses an entry.
    """

    def entries(
        self, customer_id: int, before: datetime | None, limit: int | None
    ) -> builtins.list[TimelineEntry]: ...


@dataclass(frozen=True)
class InteractionFacts:
    """What the CRM needs to know about a live interaction to open or link a case for it."""

    id: int
    customer_id: int | None
    channel: str
    queue: str
    subject: str
    agent_user_id: int | None


class CustomerLinkRepository(Protocol):
    def interaction(self, interaction_id: int) -> InteractionFacts | None: ...
    def name_of(self, customer_id: int) -> str | None:
        """The customer's name, or None when there is no such customer (one cheap lookup)."""
        ...

    def repoint(self, from_customer: int, to_customer: int) -> dict[str, int]:
        """Move every record of ``from_customer`` to ``to_customer``; counts per kind."""
        ...


# -- who wrote a case record ---------------------------------------------------------------
@dataclass(frozen=True)
class StaffName:
    """The two names a user has; a case shows the display name, the username if it is blank."""

    username: str
    display_name: str


class StaffNameSource(Protocol):
    def names(self, user_ids: Collection[int]) -> dict[int, StaffName]:
        """The names of those of ``user_ids`` that exist, in one statement whatever their
        number (a case's readers see every author at once); unknown ids are left out."""
        ...


class CrmUnitOfWork(UnitOfWork, Protocol):
    cases: CaseRepository
    sla: SlaRepository
    kb: KbRepository
    scripts: ScriptRepository
    customer_bulk: CustomerBulkRepository
    timeline: TimelineSource
    customer_links: CustomerLinkRepository
    staff_names: StaffNameSource
