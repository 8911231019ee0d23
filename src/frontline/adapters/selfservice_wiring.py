"""Building self-service from settings: stores, the intent bot, the fulfiller, the chat bot,
the voice gateway and the callback releaser (called by the composition root)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from frontline.adapters.bot.errors import BotError
from frontline.adapters.db.repositories.flows_runs import (
    SqlCallbackStore,
    SqlCallStore,
    SqlSessionStore,
)
from frontline.adapters.db.repositories.flows_store import SqlFlowStore
from frontline.adapters.flow_backends import HttpLookupBackends
from frontline.adapters.voice_wiring import VoiceGateway
from frontline.config import Settings
from frontline.service.crm.ports import CrmUnitOfWork
from frontline.service.live.runtime import LiveRuntime
from frontline.service.ports import UnitOfWork
from frontline.service.ports_bot import IntentClassifier
from frontline.service.selfservice.callbacks import CallbackReleaser
from frontline.service.selfservice.chat_bot import ChatSelfService
from frontline.service.selfservice.flow_cache import FlowCache
from frontline.service.selfservice.fulfiller import Fulfiller
from frontline.service.selfservice.live_commands import EstimateWait
from frontline.service.selfservice.runtime import SelfServiceRuntime
from frontline.service.selfservice.sources import KnowledgeBaseArticles, PlatformCustomers

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


def load_classifier(folder: Path | None) -> IntentClassifier | None:
    """The intent model, or None with one clear warning: intent questions then hand off."""
    if folder is None:
        log.info("no FRONTLINE_BOT_MODEL_DIR: flow intent questions will hand off to agents")
        return None
    from frontline.adapters.bot.model_store import load_model

    try:
        return load_model(folder)
    except BotError as exc:
        log.warning(
            "the intent bot is off (%s); flow intent questions will hand off to agents", exc
        )
        return None


@dataclass
class SelfServiceParts:
    runtime: SelfServiceRuntime
    voice: VoiceGateway | None
    releaser: CallbackReleaser
    backends: HttpLookupBackends


def build_self_service(
    settings: Settings,
    engine: Engine,
    live: LiveRuntime,
    uow: Callable[[], UnitOfWork],
    crm_uow: Callable[[], CrmUnitOfWork],
    classifier: IntentClassifier | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> SelfServiceParts:
    store = SqlFlowStore(engine)
    flows = FlowCache(store)
    callbacks = SqlCallbackStore(engine, clock)
    backends = HttpLookupBackends(dict(settings.flow_backends))
    execute = live.service.execute_blocking

    def wait_seconds(queue: str) -> float:
        return float(execute(EstimateWait(queue)))

    if classifier is None:
        classifier = load_classifier(settings.bot_model_dir)
    fulfil = Fulfiller(
        classifier=classifier,
        articles=KnowledgeBaseArticles(crm_uow),
        customers=PlatformCustomers(uow),
        backends=backends,
        wait_seconds=wait_seconds,
    )
    chat = ChatSelfService(
        flows=flows,
        sessions=SqlSessionStore(engine, clock),
        events=store,
        callbacks=callbacks,
        fulfil=fulfil,
        execute=execute,
        clock=clock,
    )
    voice = None
    if settings.voice_auth_token:
        voice = VoiceGateway(
            auth_token=settings.voice_auth_token,
            public_url=settings.public_url or "http://127.0.0.1:8000",
            flows=flows,
            calls=SqlCallStore(engine, clock),
            events=store,
            callbacks=callbacks,
            fulfil=fulfil,
            execute=execute,
            agent_of=lambda interaction_id: _agent_of(live, interaction_id),
            clock=clock,
        )
    releaser = CallbackReleaser(callbacks, execute, clock, settings.callback_poll_seconds)
    runtime = SelfServiceRuntime(store, store, clock, chat, flows.forget_targets)
    return SelfServiceParts(runtime, voice, releaser, backends)


def _agent_of(live: LiveRuntime, interaction_id: int) -> str | None:
    """The username of the agent handling the interaction (the carrier's client identity)."""
    if not live.service.running:
        return None
    interaction: Any = live.service.state.interactions.get(interaction_id)
    if interaction is None or interaction.status.value != "active":
        return None
    return live.agent_username(interaction.agent_user_id)
