"""Settings from the environment (``FRONTLINE_*``), read once by the composition root.

Nothing reads the environment at import time; ``Settings.from_env`` is called explicitly, so
tests build settings directly and two apps in one process can differ.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DB_FILE = "frontline.db"
MIN_SECRET_LENGTH = 32


class ConfigError(ValueError):
    """A setting is present but unusable; the message names the variable."""


def _int(env: Mapping[str, str], name: str, default: int | None, minimum: int = 1) -> int | None:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def _timezone(env: Mapping[str, str]) -> str:
    name = env.get("FRONTLINE_TIMEZONE") or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ConfigError(f"FRONTLINE_TIMEZONE: unknown time zone {name!r}") from None
    return name


def _choice(env: Mapping[str, str], name: str, default: str, allowed: set[str]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(sorted(allowed))}, got {value!r}")
    return value


def _live_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """Live-operation and email settings; each variable is optional."""

    def num(name: str, default: int, minimum: int = 1) -> int:
        return _int(env, name, default, minimum) or default

    domains = tuple(d.strip().lower() for d in env.get("FRONTLINE_EMAIL_DOMAINS", "").split(","))
    return {
        "offer_timeout_seconds": num("FRONTLINE_OFFER_TIMEOUT_SECONDS", 30),
        "wrap_up_seconds": num("FRONTLINE_WRAP_UP_SECONDS", 120),
        "agent_grace_seconds": num("FRONTLINE_AGENT_GRACE_SECONDS", 60),
        "customer_grace_seconds": num("FRONTLINE_CUSTOMER_GRACE_SECONDS", 120),
        "chat_sessions_per_address": num("FRONTLINE_CHAT_SESSIONS_PER_ADDRESS", 20),
        "chat_messages_per_session": num("FRONTLINE_CHAT_MESSAGES_PER_SESSION", 60),
        "chat_window_seconds": num("FRONTLINE_CHAT_WINDOW_SECONDS", 60),
        "timezone": _timezone(env),
        "smtp_listen_port": _int(env, "FRONTLINE_SMTP_PORT", None, minimum=0),
        "smtp_listen_host": env.get("FRONTLINE_SMTP_HOST") or "127.0.0.1",
        "email_domains": tuple(d for d in domains if d),
        "email_queue": env.get("FRONTLINE_EMAIL_QUEUE") or "support-email",
        "email_from": env.get("FRONTLINE_EMAIL_FROM") or None,
        "smtp_relay_host": env.get("FRONTLINE_SMTP_RELAY_HOST") or None,
        "smtp_relay_port": num("FRONTLINE_SMTP_RELAY_PORT", 587),
        "smtp_relay_security": _choice(
            env, "FRONTLINE_SMTP_RELAY_SECURITY", "starttls", {"starttls", "tls", "plain"}
        ),
        "smtp_relay_username": env.get("FRONTLINE_SMTP_RELAY_USERNAME") or None,
        "smtp_relay_password": env.get("FRONTLINE_SMTP_RELAY_PASSWORD") or None,
        "imap_host": env.get("FRONTLINE_IMAP_HOST") or None,
        "imap_port": num("FRONTLINE_IMAP_PORT", 993),
        "imap_security": _choice(
            env, "FRONTLINE_IMAP_SECURITY", "tls", {"tls", "starttls", "plain"}
        ),
        "imap_username": env.get("FRONTLINE_IMAP_USERNAME") or None,
        "imap_password": env.get("FRONTLINE_IMAP_PASSWORD") or None,
        "imap_poll_seconds": num("FRONTLINE_IMAP_POLL_SECONDS", 30),
        "attachment_max_bytes": num("FRONTLINE_ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024),
    }


def _self_service_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """FRONTLINE_BOT_MODEL_DIR, FRONTLINE_VOICE_AUTH_TOKEN, FRONTLINE_PUBLIC_URL (the external
    base URL the carrier signs), FRONTLINE_FLOW_BACKENDS (JSON: backend name → base URL)."""
    raw_backends = env.get("FRONTLINE_FLOW_BACKENDS") or "{}"
    try:
        backends = json.loads(raw_backends)
    except ValueError:
        backends = None
    if not isinstance(backends, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.startswith(("http://", "https://"))
        for k, v in backends.items()
    ):
        raise ConfigError("FRONTLINE_FLOW_BACKENDS must be a JSON object of name to http(s) URL")
    public_url = (env.get("FRONTLINE_PUBLIC_URL") or "").strip().rstrip("/") or None
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise ConfigError("FRONTLINE_PUBLIC_URL must start with http:// or https://")
    model_dir = env.get("FRONTLINE_BOT_MODEL_DIR")
    return {
        "bot_model_dir": Path(model_dir) if model_dir else None,
        "voice_auth_token": env.get("FRONTLINE_VOICE_AUTH_TOKEN") or None,
        "public_url": public_url,
        "flow_backends": tuple(sorted(backends.items())),
        "callback_poll_seconds": _int(env, "FRONTLINE_CALLBACK_POLL_SECONDS", 5) or 5,
    }


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str | None = field(default=None, repr=False)
    token_ttl_minutes: int = 8 * 60
    argon2_time_cost: int | None = None  # None: argon2-cffi's defaults
    argon2_memory_kib: int | None = None
    login_max_per_username: int = 10
    login_max_per_address: int = 50
    login_window_seconds: int = 300
    cookie_secure: bool = True
    migrate_on_start: bool = True
    # live operation (docs/guides/live-operation.md)
    offer_timeout_seconds: int = 30
    wrap_up_seconds: int = 120
    agent_grace_seconds: int = 60
    customer_grace_seconds: int = 120
    chat_sessions_per_address: int = 20
    chat_messages_per_session: int = 60
    chat_window_seconds: int = 60
    timezone: str = "UTC"
    # email channel (docs/guides/email.md); the listener is off unless a port is set
    smtp_listen_port: int | None = None
    smtp_listen_host: str = "127.0.0.1"
    email_domains: tuple[str, ...] = ()
    email_queue: str = "support-email"
    email_from: str | None = None
    smtp_relay_host: str | None = None
    smtp_relay_port: int = 587
    smtp_relay_security: str = "starttls"
    smtp_relay_username: str | None = None
    smtp_relay_password: str | None = field(default=None, repr=False)
    imap_host: str | None = None
    imap_port: int = 993
    imap_security: str = "tls"
    imap_username: str | None = None
    imap_password: str | None = field(default=None, repr=False)
    imap_poll_seconds: int = 30
    attachment_max_bytes: int = 25 * 1024 * 1024
    sla_evaluate_seconds: int = 60  # CRM SLA evaluator period; 0 turns it off
    # adherence (docs/guides/adherence.md): alert after this long out; optional rules file
    adherence_grace_seconds: int = 300
    adherence_rules_file: Path | None = None
    # self-service (docs/guides/self-service.md): bot model, voice webhooks, lookup backends
    bot_model_dir: Path | None = None
    voice_auth_token: str | None = field(default=None, repr=False)
    public_url: str | None = None
    flow_backends: tuple[tuple[str, str], ...] = ()
    callback_poll_seconds: int = 5

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Settings:
        env = os.environ if env is None else env
        secret = env.get("FRONTLINE_SECRET_KEY") or None
        if secret is not None and len(secret) < MIN_SECRET_LENGTH:
            raise ConfigError(
                f"FRONTLINE_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters"
            )
        data_dir = Path(env.get("FRONTLINE_DATA_DIR") or (cwd or Path.cwd()) / "data").resolve()
        url = (
            env.get("FRONTLINE_DATABASE_URL") or f"sqlite+pysqlite:///{data_dir / DEFAULT_DB_FILE}"
        )
        return cls(
            data_dir=data_dir,
            database_url=url,
            secret_key=secret,
            token_ttl_minutes=_int(env, "FRONTLINE_TOKEN_TTL_MINUTES", 8 * 60) or 480,
            argon2_time_cost=_int(env, "FRONTLINE_ARGON2_TIME_COST", None),
            argon2_memory_kib=_int(env, "FRONTLINE_ARGON2_MEMORY_KIB", None, minimum=8),
            login_max_per_username=_int(env, "FRONTLINE_LOGIN_MAX_PER_USERNAME", 10) or 10,
            login_max_per_address=_int(env, "FRONTLINE_LOGIN_MAX_PER_ADDRESS", 50) or 50,
            login_window_seconds=_int(env, "FRONTLINE_LOGIN_WINDOW_SECONDS", 300) or 300,
            cookie_secure=_bool(env, "FRONTLINE_COOKIE_SECURE", True),
            migrate_on_start=_bool(env, "FRONTLINE_MIGRATE_ON_START", True),
            sla_evaluate_seconds=_int(env, "FRONTLINE_SLA_EVALUATE_SECONDS", 60, minimum=0) or 0,
            adherence_grace_seconds=_int(env, "FRONTLINE_ADHERENCE_GRACE_SECONDS", 300, minimum=0)
            or 0,
            adherence_rules_file=Path(env["FRONTLINE_ADHERENCE_RULES"])
            if env.get("FRONTLINE_ADHERENCE_RULES")
            else None,
            **_live_settings(env),
            **_self_service_settings(env),
        )

    @property
    def uses_sqlite_file(self) -> bool:
        return self.database_url.startswith("sqlite") and ":memory:" not in self.database_url
