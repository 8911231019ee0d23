"""The composition root: the one place that turns settings into engines, adapters and the app.

Nothing is built at import time. ``app_from_environment`` is the factory ``frontline serve``
hands to uvicorn; tests call ``build_container``/``create_app`` with their own settings.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from fastapi import FastAPI
from sqlalchemy import Engine

from frontline.adapters.db import migrate
from frontline.adapters.db.engine import is_reachable, make_engine
from frontline.adapters.db.live_store import SqlLiveStore
from frontline.adapters.db.repositories.crm_uow import SqlCrmUnitOfWorkFactory
from frontline.adapters.db.repositories.wfm_uow import SqlWfmUnitOfWorkFactory
from frontline.adapters.db.uow import SqlUnitOfWorkFactory
from frontline.adapters.email_wiring import EmailChannel, build_email_channel
from frontline.adapters.realtime.memory_hub import MemoryHub
from frontline.adapters.security.passwords import Argon2PasswordHasher
from frontline.adapters.security.secret_key import load_or_create_secret
from frontline.adapters.security.throttle import SlidingWindowThrottle
from frontline.adapters.security.tokens import JwtTokenCodec
from frontline.adapters.selfservice_wiring import SelfServiceParts, build_self_service
from frontline.config import ConfigError, Settings
from frontline.domain.wfm_schedule.rules import AdherenceRules
from frontline.domain.wfm_schedule.segments import ScheduleError
from frontline.entrypoints.http.app import BackgroundService
from frontline.entrypoints.http.app import create_app as create_http_app
from frontline.entrypoints.http.context import HttpContext
from frontline.service.auth import LoginThrottles, PrincipalCache, watching_users
from frontline.service.crm.clock import SystemClock
from frontline.service.crm.runtime import CrmRuntime
from frontline.service.crm.sla_evaluator import SlaEvaluatorService
from frontline.service.live.ahead import Ahead
from frontline.service.live.ports import RealtimeHub
from frontline.service.live.routing_service import RoutingService
from frontline.service.live.runtime import ChatThrottles, LiveRuntime
from frontline.service.live.state import LiveSettings
from frontline.service.principal_refresh import PrincipalRefresher
from frontline.service.wfm.runtime import SystemClock as WfmClock
from frontline.service.wfm.runtime import WfmRuntime
from frontline.service.wfm.state_feed import StateLogFeed


@dataclass(frozen=True)
class Container:
    settings: Settings
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory
    hasher: Argon2PasswordHasher
    tokens: JwtTokenCodec
    throttles: LoginThrottles
    live: LiveRuntime
    email: EmailChannel | None
    crm: CrmRuntime
    wfm: WfmRuntime | None = None
    state_feed: StateLogFeed | None = None  # copies agent states into the adherence log
    selfservice: SelfServiceParts | None = None  # flows, chat bot, voice webhooks, callbacks
    principals: PrincipalCache = field(default_factory=PrincipalCache)  # who a token names


def live_settings(settings: Settings) -> LiveSettings:
    return LiveSettings(
        offer_timeout_s=float(settings.offer_timeout_seconds),
        wrap_up_s=float(settings.wrap_up_seconds),
        agent_grace_s=float(settings.agent_grace_seconds),
        customer_grace_s=float(settings.customer_grace_seconds),
        timezone=settings.timezone,
    )


def build_live(
    settings: Settings, engine: Engine, hub: RealtimeHub | None = None
) -> tuple[LiveRuntime, EmailChannel | None]:
    """The routing service with its store and hub, and the email channel feeding it."""
    store = SqlLiveStore(engine)
    hub = hub or MemoryHub()
    email = build_email_channel(settings, store)
    service = RoutingService(
        store.writer,
        store.reader,
        hub,
        live_settings(settings),
        email_replier=email.send_reply if email is not None else None,
        on_stop=store.close,
    )
    if email is not None:
        email.attach(service)
    window = settings.chat_window_seconds
    throttles = ChatThrottles(
        sessions_by_address=SlidingWindowThrottle(settings.chat_sessions_per_address, window),
        messages_by_session=SlidingWindowThrottle(settings.chat_messages_per_session, window),
    )
    ahead = Ahead(store.reader, store.side_writer if store.concurrent_writers else None)
    return LiveRuntime(service, hub, store.reader, throttles, ahead=ahead), email


def load_adherence_rules(path: Path | None) -> AdherenceRules:
    """FRONTLINE_ADHERENCE_RULES: a YAML mapping of activity to admitted states."""
    if path is None:
        return AdherenceRules()
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(config, dict):
            raise ScheduleError("the file must map activities to lists of states")
        return AdherenceRules.from_config(config)
    except (OSError, yaml.YAMLError, ScheduleError) as exc:
        raise ConfigError(f"FRONTLINE_ADHERENCE_RULES ({path}): {exc}") from None


def build_wfm(settings: Settings, uow: SqlWfmUnitOfWorkFactory) -> WfmRuntime:
    return WfmRuntime(
        uow,
        WfmClock(),
        ZoneInfo(settings.timezone),
        timedelta(seconds=settings.adherence_grace_seconds),
        load_adherence_rules(settings.adherence_rules_file),
    )


def build_hasher(settings: Settings) -> Argon2PasswordHasher:
    return Argon2PasswordHasher(settings.argon2_time_cost, settings.argon2_memory_kib)


def build_container(settings: Settings, engine: Engine | None = None) -> Container:
    if settings.uses_sqlite_file:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or make_engine(settings.database_url)
    secret = load_or_create_secret(settings.data_dir, settings.secret_key)
    window = settings.login_window_seconds
    wfm_uow = SqlWfmUnitOfWorkFactory(engine)
    state_feed = StateLogFeed(MemoryHub(), wfm_uow)
    live, email = build_live(settings, engine, state_feed)
    uow_factory = SqlUnitOfWorkFactory(engine)
    crm_uow = SqlCrmUnitOfWorkFactory(engine)
    return Container(
        settings=settings,
        engine=engine,
        uow_factory=uow_factory,
        hasher=build_hasher(settings),
        tokens=JwtTokenCodec(secret, timedelta(minutes=settings.token_ttl_minutes)),
        throttles=LoginThrottles(
            by_username=SlidingWindowThrottle(settings.login_max_per_username, window),
            by_address=SlidingWindowThrottle(settings.login_max_per_address, window),
        ),
        live=live,
        email=email,
        crm=CrmRuntime(crm_uow, SystemClock()),
        wfm=build_wfm(settings, wfm_uow),
        state_feed=state_feed,
        selfservice=build_self_service(settings, engine, live, uow_factory, crm_uow),
    )


# Young collections every 20,000 allocations instead of 700: each stays a few milliseconds,
# and the full ones that follow from them (160 ms with a busy server's heap) come minutes
# apart instead of seconds.
GC_THRESHOLDS = (20_000, 10, 10)


class FrozenStartupHeap:
    """A background service that, once the others have started, moves every object alive
    then (modules, the app, the routes, the restored routing state) out of the garbage
    collector's sight (``gc.freeze``).

    Why: a full collection walks every tracked object. With the server's start-up heap that
    took 260-280 ms, every 4-5 s under load, and stopped every thread meanwhile: each one
    was a burst of late offers and messages. Objects from start-up live as long as the
    process, so the collector gains nothing by walking them again. Together with
    ``GC_THRESHOLDS`` the live benchmark's p99 went from 1.4-1.6 s to 0.23-0.45 s.
    """

    def __init__(self) -> None:
        self._default = gc.get_threshold()

    def start(self) -> None:
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)

    def stop(self) -> None:
        gc.unfreeze()
        gc.set_threshold(*self._default)


def create_app(container: Container, *, freeze_startup_heap: bool = False) -> FastAPI:
    """The HTTP app; applies migrations on start unless settings turn that off. The server
    entry points freeze the start-up heap (``FrozenStartupHeap``); tests, which build many
    apps in one process, do not."""
    context = HttpContext(
        uow_factory=watching_users(container.uow_factory, container.principals),
        hasher=container.hasher,
        tokens=container.tokens,
        throttles=container.throttles,
        database_reachable=lambda: is_reachable(container.engine),
        token_ttl_seconds=container.settings.token_ttl_minutes * 60,
        cookie_secure=container.settings.cookie_secure,
        live=container.live,
        crm=container.crm,
        wfm=container.wfm,
        selfservice=container.selfservice.runtime if container.selfservice else None,
        voice=container.selfservice.voice if container.selfservice else None,
    )
    on_start = (
        (lambda: migrate.upgrade(container.engine)) if container.settings.migrate_on_start else None
    )
    services: list[BackgroundService] = [container.live]
    services.append(PrincipalRefresher(container.principals, container.uow_factory))
    if container.state_feed is not None:  # starts first, stops last: no state change is lost
        services.insert(0, container.state_feed)
    if container.email is not None:
        services.append(container.email)
    if container.selfservice is not None:  # promised callbacks join their queues when due
        services.append(container.selfservice.releaser)
    if container.settings.sla_evaluate_seconds > 0:  # warnings, breaches, auto-escalation
        crm = container.crm
        interval = container.settings.sla_evaluate_seconds
        services.append(SlaEvaluatorService(crm.uow, crm.clock, interval))
    if freeze_startup_heap:  # last: after the routing state has been restored
        services.append(FrozenStartupHeap())
    app = create_http_app(context, on_startup=on_start, services=services)
    app.state.principals = container.principals  # read by entrypoints.http.security
    return app


def app_from_environment() -> FastAPI:
    """Uvicorn factory (``frontline.bootstrap:app_from_environment``): settings from env."""
    return create_app(build_container(Settings.from_env()), freeze_startup_heap=True)


def demo_app_from_environment() -> FastAPI:
    """Like ``app_from_environment``, but the session cookie also works over plain http on
    127.0.0.1 unless FRONTLINE_COOKIE_SECURE says otherwise."""
    settings = Settings.from_env()
    if "FRONTLINE_COOKIE_SECURE" not in os.environ:
        settings = replace(settings, cookie_secure=False)
    return create_app(build_container(settings), freeze_startup_heap=True)
