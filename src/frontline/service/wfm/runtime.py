"""What the WFM entrypoints are handed by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from frontline.domain.wfm_schedule.rules import AdherenceRules
from frontline.service.wfm.ports import Clock, WfmUnitOfWork

DEFAULT_GRACE = timedelta(minutes=5)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class WfmRuntime:
    """``zone`` is the site's time zone: schedule days, "today" and CSV wall-clock times."""

    uow: Callable[[], WfmUnitOfWork]
    clock: Clock = field(default_factory=SystemClock)
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    grace: timedelta = DEFAULT_GRACE
    rules: AdherenceRules = field(default_factory=AdherenceRules)
