"""Shared CRM test helpers: calendars and local-time constructors used by several test files."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from frontline.domain.channels import Channel
from frontline.domain.crm.business_calendar import BusinessCalendar
from frontline.domain.crm.case_records import Direction, LinkedInteraction
from frontline.domain.crm.cases import Case

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
OFFICE_DAY = ["08:00-12:00", "13:00-18:00"]


def berlin(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)  # type: ignore[arg-type, misc]


def new_york(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NEW_YORK)  # type: ignore[arg-type, misc]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[arg-type, misc]


@pytest.fixture
def office() -> BusinessCalendar:
    """Berlin office: Mon–Fri 08–12 and 13–18 (9 h), Saturday 09–13 (4 h); 49 h a week."""
    weekly: dict[int | str, list[str]] = {
        d: OFFICE_DAY for d in ("mon", "tue", "wed", "thu", "fri")
    }
    weekly["sat"] = ["09:00-13:00"]
    return BusinessCalendar("Europe/Berlin", weekly)


def new_case(at: datetime, **kw: object) -> Case:
    """A case opened by an agent at ``at`` (priority and category may be overridden)."""
    fields: dict[str, object] = {"id": 1, "customer_id": 7, "subject": "Card blocked"}
    fields.update(kw)
    return Case(created_at=at, created_by="user:1", **fields)  # type: ignore[arg-type]


def inbound(
    interaction_id: str, at: datetime, channel: Channel = Channel.VOICE
) -> LinkedInteraction:
    return LinkedInteraction(interaction_id, channel, Direction.INBOUND, at)
