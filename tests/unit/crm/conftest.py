"""Shared CRM test helpers: calendars and local-time constructors used by several test files."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from frontline.domain.crm.business_calendar import BusinessCalendar

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
    weekly: dict[int | str, list[str]] = {d: OFFICE_DAY for d in ("mon", "tue", "wed", "thu", "fri")}
    weekly["sat"] = ["09:00-13:00"]
    return BusinessCalendar("Europe/Berlin", weekly)
