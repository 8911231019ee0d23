"""How an actor label on a case reads: names for people, "System", rules, and what is left."""

from __future__ import annotations

import pytest

from frontline.service.crm.actor_names import readable_name
from frontline.service.crm.ports import StaffName

STAFF = {
    3: StaffName(username="ann", display_name="Ann Smith"),
    4: StaffName(username="ben", display_name="   "),
}


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("user:3", "Ann Smith"),  # the display name first
        ("user:4", "ben"),  # blank display name: the username
        ("user:5", "User #5"),  # no such user (any more): a number, not a bare label
        ("system", "System"),
        ("rule:slow-billing", "Escalation rule slow-billing"),
        ("user:x", "user:x"),  # not a user id: shown as it is
        ("customer", "customer"),
    ],
)
def test_a_label_reads_as(label: str, name: str) -> None:
    assert readable_name(label, STAFF) == name
