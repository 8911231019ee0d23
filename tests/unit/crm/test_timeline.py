"""Timeline: one stable order over heterogeneous entries, and cursor paging that never skips
or repeats an entry, even with many entries at the same instant."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.crm.conftest import berlin, new_case, utc

from frontline.domain.channels import Channel
from frontline.domain.crm.case_records import EntryKind
from frontline.domain.crm.errors import CrmInvalidValue
from frontline.domain.crm.escalation import escalate
from frontline.domain.crm.timeline import (
    TimelineEntry,
    TimelineKind,
    case_entries,
    merge_timeline,
    page,
    search,
)

T0 = utc(2024, 3, 4, 9)


def entry(
    minute: int, kind: TimelineKind, source: str, summary: str = "x", channel: Channel | None = None
) -> TimelineEntry:
    return TimelineEntry(T0 + timedelta(minutes=minute), kind, source, summary, channel)


def test_equal_times_order_by_kind_then_source() -> None:
    survey = entry(5, TimelineKind.SURVEY_SCORE, "s1")
    call = entry(5, TimelineKind.INTERACTION, "call-2")
    chat = entry(5, TimelineKind.INTERACTION, "chat-1")
    earlier = entry(1, TimelineKind.DISPOSITION, "d1")
    merged = merge_timeline([survey, call], [chat, earlier], [call])
    assert [e.source_id for e in merged] == ["d1", "call-2", "chat-1", "s1"]


def test_timezone_of_input_does_not_change_the_order() -> None:
    berlin_nine = TimelineEntry(berlin(2024, 3, 4, 10), TimelineKind.NOTE, "n", "x")  # 09:00Z
    utc_half_nine = entry(30, TimelineKind.NOTE, "m")
    assert merge_timeline([utc_half_nine, berlin_nine])[0].source_id == "n"


entries_strategy = st.lists(
    st.tuples(st.integers(0, 5), st.sampled_from(list(TimelineKind)), st.integers(0, 30)),
    max_size=60,
    unique_by=lambda t: (t[1], t[2]),
).map(lambda rows: [entry(m, k, f"src-{n}") for m, k, n in rows])


@settings(max_examples=80, deadline=None)
@given(entries_strategy, st.integers(1, 7), st.booleans())
def test_paging_visits_every_entry_once_in_order(
    entries: list[TimelineEntry], limit: int, newest_first: bool
) -> None:
    ordered = merge_timeline(entries)
    seen: list[TimelineEntry] = []
    cursor = None
    for _ in range(len(ordered) + 2):
        result = page(ordered, limit=limit, cursor=cursor, newest_first=newest_first)
        seen += result.items
        cursor = result.next_cursor
        if cursor is None:
            break
    assert seen == (ordered[::-1] if newest_first else ordered)


def test_new_entries_do_not_disturb_an_open_cursor() -> None:
    ordered = merge_timeline([entry(m, TimelineKind.INTERACTION, f"c{m}") for m in range(5)])
    first = page(ordered, limit=2)
    assert [e.source_id for e in first.items] == ["c4", "c3"]
    grown = merge_timeline(ordered, [entry(9, TimelineKind.INTERACTION, "late")])
    second = page(grown, limit=2, cursor=first.next_cursor)
    assert [e.source_id for e in second.items] == ["c2", "c1"]


def test_bad_cursor_and_page_size_are_refused() -> None:
    with pytest.raises(CrmInvalidValue, match="cursor"):
        page([], cursor="not-a-cursor")
    with pytest.raises(CrmInvalidValue, match="page size"):
        page([], limit=0)


def test_case_history_becomes_timeline_entries_with_internal_flag() -> None:
    case = new_case(T0)
    case.add_entry(EntryKind.INTERNAL_NOTE, "VIP, be careful", "user:1", T0 + timedelta(minutes=1))
    case.add_entry(EntryKind.PUBLIC_REPLY, "We fixed it", "user:1", T0 + timedelta(minutes=2))
    escalate(case, 2, "needs specialist", "user:1", T0 + timedelta(minutes=3))
    rows = merge_timeline(case_entries(case))
    assert [(r.kind, r.internal) for r in rows] == [
        (TimelineKind.CASE_EVENT, False),  # created (new)
        (TimelineKind.NOTE, True),
        (TimelineKind.CASE_EVENT, False),  # first reply opened it
        (TimelineKind.NOTE, False),
        (TimelineKind.CASE_EVENT, False),  # escalation
    ]
    assert "escalated to tier 2" in rows[-1].summary


def test_supervisor_search_filters() -> None:
    rows = [
        entry(0, TimelineKind.INTERACTION, "a", "Card blocked abroad", Channel.VOICE),
        entry(1, TimelineKind.INTERACTION, "b", "card PIN reset", Channel.CHAT),
        entry(2, TimelineKind.SURVEY_SCORE, "c", "CSAT 5 - card help"),
    ]
    assert [e.source_id for e in search(rows, text="CARD")] == ["a", "b", "c"]
    assert [e.source_id for e in search(rows, text="card", channel=Channel.CHAT)] == ["b"]
    assert [e.source_id for e in search(rows, kinds=[TimelineKind.SURVEY_SCORE])] == ["c"]
    window = search(rows, since=T0 + timedelta(minutes=1), until=T0 + timedelta(minutes=2))
    assert [e.source_id for e in window] == ["b"]
