"""Case status, priority and tier, and the one table of legal status changes.

The table is explicit (rather than rules scattered over methods) so the API can show which
buttons apply, the SLA clock can rely on every history entry being a legal step, and a test
can enumerate all pairs.
"""

from __future__ import annotations

from enum import StrEnum

from frontline.domain.crm.errors import CrmInvalidValue, IllegalCaseTransition

MIN_TIER = 1
MAX_TIER = 3


class CaseStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING_CUSTOMER = "pending_customer"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


#: Closed is final: a customer writing about a closed case gets a follow-up case instead, so
#: reporting on closed cases never changes after the fact. Resolved may be reopened.
LEGAL_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.NEW: frozenset(
        {CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER, CaseStatus.ON_HOLD, CaseStatus.RESOLVED}
    ),
    CaseStatus.OPEN: frozenset(
        {CaseStatus.PENDING_CUSTOMER, CaseStatus.ON_HOLD, CaseStatus.RESOLVED}
    ),
    CaseStatus.PENDING_CUSTOMER: frozenset(
        {CaseStatus.OPEN, CaseStatus.ON_HOLD, CaseStatus.RESOLVED}
    ),
    CaseStatus.ON_HOLD: frozenset(
        {CaseStatus.OPEN, CaseStatus.PENDING_CUSTOMER, CaseStatus.RESOLVED}
    ),
    CaseStatus.RESOLVED: frozenset({CaseStatus.OPEN, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}

#: Statuses in which the customer's problem counts as solved (resolution clock stopped).
DONE_STATUSES = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})


def check_transition(current: CaseStatus, target: CaseStatus) -> None:
    """Raise `IllegalCaseTransition` naming both states unless the table allows the step."""
    if target not in LEGAL_TRANSITIONS[current]:
        raise IllegalCaseTransition(current.value, target.value)


def check_tier(tier: int) -> int:
    """Tiers are support levels 1 (front line) to 3 (specialists)."""
    if isinstance(tier, bool) or not isinstance(tier, int) or not MIN_TIER <= tier <= MAX_TIER:
        raise CrmInvalidValue(f"tier must be {MIN_TIER}, 2 or {MAX_TIER}, not {tier!r}")
    return tier
