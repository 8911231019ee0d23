"""Settings from the environment (``FRONTLINE_*``), read once by the composition root.

Nothing reads the environment at import time; ``Settings.from_env`` is called explicitly, so
tests build settings directly and two apps in one process can differ.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

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
        )

    @property
    def uses_sqlite_file(self) -> bool:
        return self.database_url.startswith("sqlite") and ":memory:" not in self.database_url
