"""What the HTTP layer is given by the composition root, and the dependency that hands it out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from frontline.adapters.voice_wiring import VoiceGateway
from frontline.service.auth import LoginThrottles
from frontline.service.crm.runtime import CrmRuntime
from frontline.service.live.runtime import LiveRuntime
from frontline.service.ports import PasswordHasher, TokenCodec, UnitOfWork
from frontline.service.selfservice.runtime import SelfServiceRuntime
from frontline.service.wfm.runtime import WfmRuntime


@dataclass(frozen=True)
class HttpContext:
    uow_factory: Callable[[], UnitOfWork]
    hasher: PasswordHasher
    tokens: TokenCodec
    throttles: LoginThrottles
    database_reachable: Callable[[], bool]
    token_ttl_seconds: int
    cookie_secure: bool = True
    live: LiveRuntime | None = None
    crm: CrmRuntime | None = None
    wfm: WfmRuntime | None = None
    selfservice: SelfServiceRuntime | None = None
    voice: VoiceGateway | None = None  # the carrier's webhooks (needs the voice token)


async def get_context(request: Request) -> HttpContext:  # async: no thread-pool hop per request
    context = request.app.state.frontline
    assert isinstance(context, HttpContext)
    return context


Context = Annotated[HttpContext, Depends(get_context)]
