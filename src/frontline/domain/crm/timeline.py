"""The customer timeline: everything that happened with a customer, on every channel, in order.

Entries come from different stores (interactions, cases, notes, dispositions, surveys); this
module merges them into one order and pages through it. The order is total and stable so that
paging never skips or repeats an entry: time first, then a fixed rank per kind, then the
source id. The cursor is the sort key of the last entry shown (opaque, URL-safe), so a page
stays correct even when newer entries arrive between requests.
"""

from __future__ import annotations

import base64
import binascii
import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from frontline.domain.channels import Channel
from frontline.domain.crm.case_records import aware_utc
from frontline.domain.crm.cases import Case
from frontline.domain.crm.errors import CrmInvalidValue

MAX_PAGE = 200


class TimelineKind(StrEnum):
    INTERACTION = "interaction"
    CASE_EVENT = "case_event"
    NOTE = "note"
    DISPOSITION = "disposition"
    SURVEY_SCORE = "survey_score"


#: Within one instant: the contact first, then what was done about it.
_RANK = {kind: rank for rank, kind in enumerate(TimelineKind)}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: TimelineKind
    source_id: str
    summary: str
    channel: Channel | None = None
    case_id: int | None = None
    internal: bool = False  # internal notes: agents and supervisors only, never the customer
    data: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", aware_utc(self.at))

    @property
    def sort_key(self) -> tuple[datetime, int, str]:
        return (self.at, _RANK[self.kind], self.source_id)


@dataclass(frozen=True)
class TimelinePage:
    items: tuple[TimelineEntry, ...]
    next_cursor: str | None


def merge_timeline(*sources: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """All entries in ascending order; duplicates (same kind and source id) appear once."""
    unique = {(e.kind, e.source_id): e for source in sources for e in source}
    return sorted(unique.values(), key=lambda e: e.sort_key)


def page(
    ordered: list[TimelineEntry],
    *,
    limit: int = 50,
    cursor: str | None = None,
    newest_first: bool = True,
) -> TimelinePage:
    """One page of an ascending list from `merge_timeline`, continuing after ``cursor``."""
    if not 1 <= limit <= MAX_PAGE:
        raise CrmInvalidValue(f"page size must be 1-{MAX_PAGE}")
    keys = [e.sort_key for e in ordered]
    if newest_first:
        end = len(ordered) if cursor is None else bisect_left(keys, _decode(cursor))
        items = ordered[max(0, end - limit) : end][::-1]
        more = end - limit > 0
    else:
        start = 0 if cursor is None else bisect_right(keys, _decode(cursor))
        items = ordered[start : start + limit]
        more = start + limit < len(ordered)
    next_cursor = _encode(items[-1].sort_key) if items and more else None
    return TimelinePage(tuple(items), next_cursor)


def search(
    entries: Iterable[TimelineEntry],
    *,
    text: str | None = None,
    kinds: Iterable[TimelineKind] | None = None,
    channel: Channel | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[TimelineEntry]:
    """Supervisor filter: case-insensitive text in the summary, kinds, channel, time window."""
    wanted = set(kinds) if kinds is not None else None
    needle = text.casefold() if text else None
    low = aware_utc(since) if since else None
    high = aware_utc(until) if until else None
    return [
        e
        for e in entries
        if (wanted is None or e.kind in wanted)
        and (channel is None or e.channel is channel)
        and (low is None or e.at >= low)
        and (high is None or e.at < high)
        and (needle is None or needle in e.summary.casefold())
    ]


def case_entries(case: Case) -> list[TimelineEntry]:
    """A case's own history as timeline entries: status changes, notes/replies, escalations."""
    entries = [
        TimelineEntry(
            change.at,
            TimelineKind.CASE_EVENT,
            f"case:{case.id}:status:{index}",
            f"Case {case.id} {change.to_status.value}: {case.subject}",
            case_id=case.id,
        )
        for index, change in enumerate(case.history)
    ]
    entries += [
        TimelineEntry(
            entry.at,
            TimelineKind.NOTE,
            f"case:{case.id}:entry:{index}",
            entry.body[:200],
            case_id=case.id,
            internal=not entry.customer_visible,
            data={"kind": entry.kind.value},
        )
        for index, entry in enumerate(case.entries)
    ]
    entries += [
        TimelineEntry(
            record.at,
            TimelineKind.CASE_EVENT,
            f"case:{case.id}:escalation:{index}",
            f"Case {case.id} escalated to tier {record.to_tier}: {record.reason}",
            case_id=case.id,
        )
        for index, record in enumerate(case.escalations)
    ]
    return entries


def cursor_instant(cursor: str) -> datetime:
    """The time of the last entry a cursor points after, so stores can fetch only the window
    of entries at or before it; raises `CrmInvalidValue` for a cursor that is not ours."""
    return _decode(cursor)[0]


def _encode(key: tuple[datetime, int, str]) -> str:
    raw = json.dumps([key[0].isoformat(), key[1], key[2]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, rank, source = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return (aware_utc(datetime.fromisoformat(at)), int(rank), str(source))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise CrmInvalidValue(
            "the timeline cursor is not valid; start from the first page"
        ) from exc
