"""What the CRM entrypoints are handed by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from frontline.service.crm.ports import Clock, CrmUnitOfWork

DEFAULT_BREACHING_SOON = timedelta(hours=2)


@dataclass(frozen=True)
class CrmRuntime:
    """``uow`` makes a fresh CRM unit of work; ``clock`` says what time it is."""

    uow: Callable[[], CrmUnitOfWork]
    clock: Clock
    breaching_soon: timedelta = DEFAULT_BREACHING_SOON
