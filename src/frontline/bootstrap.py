"""The composition root: the one place that turns settings into engines, adapters and the app.

Nothing is built at import time. ``app_from_environment`` is the factory ``frontline serve``
hands to uvicorn; tests call ``build_container``/``create_app`` with their own settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import Engine

from frontline.adapters.db import migrate
from frontline.adapters.db.engine import is_reachable, make_engine
from frontline.adapters.db.uow import SqlUnitOfWorkFactory
from frontline.adapters.security.passwords import Argon2PasswordHasher
from frontline.adapters.security.secret_key import load_or_create_secret
from frontline.adapters.security.throttle import SlidingWindowThrottle
from frontline.adapters.security.tokens import JwtTokenCodec
from frontline.config import Settings
from frontline.entrypoints.http.app import create_app as create_http_app
from frontline.entrypoints.http.context import HttpContext
from frontline.service.auth import LoginThrottles


@dataclass(frozen=True)
class Container:
    settings: Settings
    engine: Engine
    uow_factory: SqlUnitOfWorkFactory
    hasher: Argon2PasswordHasher
    tokens: JwtTokenCodec
    throttles: LoginThrottles


def build_hasher(settings: Settings) -> Argon2PasswordHasher:
    return Argon2PasswordHasher(settings.argon2_time_cost, settings.argon2_memory_kib)


def build_container(settings: Settings, engine: Engine | None = None) -> Container:
    if settings.uses_sqlite_file:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or make_engine(settings.database_url)
    secret = load_or_create_secret(settings.data_dir, settings.secret_key)
    window = settings.login_window_seconds
    return Container(
        settings=settings,
        engine=engine,
        uow_factory=SqlUnitOfWorkFactory(engine),
        hasher=build_hasher(settings),
        tokens=JwtTokenCodec(secret, timedelta(minutes=settings.token_ttl_minutes)),
        throttles=LoginThrottles(
            by_username=SlidingWindowThrottle(settings.login_max_per_username, window),
            by_address=SlidingWindowThrottle(settings.login_max_per_address, window),
        ),
    )


def create_app(container: Container) -> FastAPI:
    """The HTTP app; applies migrations on start unless settings turn that off."""
    context = HttpContext(
        uow_factory=container.uow_factory,
        hasher=container.hasher,
        tokens=container.tokens,
        throttles=container.throttles,
        database_reachable=lambda: is_reachable(container.engine),
        token_ttl_seconds=container.settings.token_ttl_minutes * 60,
        cookie_secure=container.settings.cookie_secure,
    )
    on_start = (
        (lambda: migrate.upgrade(container.engine)) if container.settings.migrate_on_start else None
    )
    return create_http_app(context, on_startup=on_start)


def app_from_environment() -> FastAPI:
    """Uvicorn factory (``frontline.bootstrap:app_from_environment``): settings from env."""
    return create_app(build_container(Settings.from_env()))


def demo_app_from_environment() -> FastAPI:
    """Like ``app_from_environment``, but the session cookie also works over plain http on
    127.0.0.1 unless FRONTLINE_COOKIE_SECURE says otherwise."""
    settings = Settings.from_env()
    if "FRONTLINE_COOKIE_SECURE" not in os.environ:
        settings = replace(settings, cookie_secure=False)
    return create_app(build_container(settings))
