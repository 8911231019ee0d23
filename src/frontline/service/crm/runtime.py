"""What the CRM entrypoints are handed by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from frontline.service.crm.ports import Clock, CrmUnitOfWork, TimelineSource

DEFAULT_BREACHING_SOON = timedelta(hours=2)


@dataclass(frozen=True)
class CrmRuntime:
    """``uow`` makes a fresh CRM unit of work; ``clock`` says what time it is.

    ``survey_scores`` is the slot for post-contact survey results on the customer timeline;
    outbound surveys do not store any yet, so the composition root leaves it empty.
    """

    uow: Callable[[], CrmUnitOfWork]
    clock: Clock
    breaching_soon: timedelta = DEFAULT_BREACHING_SOON
    survey_scores: TimelineSource | None = None
