"""Readable names for the actor labels kept on case records.

Case records store who acted as an opaque label (``user:<id>``, ``system``, ``rule:<id>``), so
renaming a user never rewrites history. People reading a case want names, though, so a case
read turns every label it holds into one: the user's display name (their username when it is
blank), "System", or the escalation rule. All the users of a case are looked up in one
statement, however many entries they wrote.
"""

from __future__ import annotations

from collections.abc import Mapping

from frontline.domain.crm.cases import Case
from frontline.service.crm.clock import SYSTEM_LABEL, user_id_of
from frontline.service.crm.ports import CrmUnitOfWork, StaffName

SYSTEM_NAME = "System"
RULE_PREFIX = "rule:"


def labels_of(case: Case) -> frozenset[str]:
    """Each actor label the staff view of ``case`` shows (creator, authors, moves, escalations)."""
    labels = {case.created_by, *(e.author for e in case.entries)}
    labels |= {c.by for c in case.history} | {e.by for e in case.escalations}
    return frozenset(label for label in labels if label)


def readable_name(label: str, staff: Mapping[int, StaffName]) -> str:
    """The name shown for ``label``; ``staff`` holds the users already looked up.

    A user who no longer exists reads "User #<id>" rather than a bare label; a label of a kind
    this code does not know is shown as it is, since it names no member of staff.
    """
    if label == SYSTEM_LABEL:
        return SYSTEM_NAME
    user_id = user_id_of(label)
    if user_id is not None:
        found = staff.get(user_id)
        if found is None:
            return f"User #{user_id}"
        return found.display_name.strip() or found.username
    if label.startswith(RULE_PREFIX):
        return f"Escalation rule {label.removeprefix(RULE_PREFIX)}"
    return label


def actor_names(uow: CrmUnitOfWork, case: Case) -> dict[str, str]:
    """Label → readable name for every actor of ``case``, with one lookup of its users."""
    labels = labels_of(case)
    user_ids = {uid for uid in map(user_id_of, labels) if uid is not None}
    staff = uow.staff_names.names(user_ids)
    return {label: readable_name(label, staff) for label in labels}
