"""Planning the merge of two customer records that turned out to be one person.

The plan is pure data: the surviving record with every identifier of both (nothing a channel
could find the customer by is lost), and the list of record kinds to re-point from the absorbed
customer to the survivor so the whole history follows. The storage layer carries the plan out
in one transaction; the absorbed record stays as a tombstone pointing at the survivor so old
links and late-arriving events still resolve.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from frontline.domain.crm.errors import InvalidMerge

MAX_CONTACT_POINTS = 10

#: Everything that belongs to a customer and must move with a merge.
CUSTOMER_OWNED_RECORDS = (
    "interactions",
    "cases",
    "notes",
    "dispositions",
    "survey_responses",
    "script_runs",
    "timeline_entries",
)

AttributeValue = str | int | float | bool | None


@dataclass(frozen=True)
class CustomerIdentity:
    """The identifiers of one customer record, as the merge needs them."""

    customer_id: int
    external_ids: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    attributes: Mapping[str, AttributeValue] = field(default_factory=dict)
    merged_into: int | None = None


@dataclass(frozen=True)
class Repoint:
    record_kind: str
    from_customer: int
    to_customer: int


@dataclass(frozen=True)
class MergePlan:
    survivor: CustomerIdentity
    absorbed_id: int
    repoint: tuple[Repoint, ...]


def plan_merge(survivor: CustomerIdentity, absorbed: CustomerIdentity) -> MergePlan:
    """Merge ``absorbed`` into ``survivor``; refuses merging into itself or a tombstone.

    Identifiers are united in order (the survivor's first); attributes of the survivor win,
    the absorbed record only fills keys the survivor lacks.
    """
    if survivor.customer_id == absorbed.customer_id:
        raise InvalidMerge(f"customer {survivor.customer_id} cannot be merged into itself")
    for record in (survivor, absorbed):
        if record.merged_into is not None:
            raise InvalidMerge(
                f"customer {record.customer_id} was already merged into {record.merged_into}; "
                "merge the surviving record instead"
            )
    phones = _union(survivor.phones, absorbed.phones, "phone numbers")
    emails = _union(survivor.emails, absorbed.emails, "email addresses")
    external = _union(survivor.external_ids, absorbed.external_ids, "external ids")
    merged = CustomerIdentity(
        customer_id=survivor.customer_id,
        external_ids=external,
        phones=phones,
        emails=emails,
        attributes={**absorbed.attributes, **survivor.attributes},
    )
    repoint = tuple(
        Repoint(kind, absorbed.customer_id, survivor.customer_id) for kind in CUSTOMER_OWNED_RECORDS
    )
    return MergePlan(merged, absorbed.customer_id, repoint)


def _union(first: tuple[str, ...], second: tuple[str, ...], what: str) -> tuple[str, ...]:
    united = tuple(dict.fromkeys((*first, *second)))
    if len(united) > MAX_CONTACT_POINTS:
        raise InvalidMerge(
            f"the merged customer would have {len(united)} {what}; at most "
            f"{MAX_CONTACT_POINTS} are kept, remove some first"
        )
    return united
