"""Settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.adapters.db.engine import normalise_url
from frontline.config import ConfigError, Settings


def test_defaults_put_sqlite_in_data_under_the_current_directory(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cwd=tmp_path)
    assert settings.data_dir == tmp_path / "data"
    assert settings.database_url == f"sqlite+pysqlite:///{tmp_path / 'data' / 'frontline.db'}"
    assert settings.uses_sqlite_file and settings.cookie_secure
    assert settings.argon2_time_cost is None  # production keeps argon2-cffi's defaults


def test_environment_overrides_and_the_secret_stays_out_of_repr(tmp_path: Path) -> None:
    env = {
        "FRONTLINE_DATABASE_URL": "postgresql://u:p@db/frontline",
        "FRONTLINE_SECRET_KEY": "k" * 40,
        "FRONTLINE_LOGIN_MAX_PER_USERNAME": "3",
        "FRONTLINE_COOKIE_SECURE": "false",
    }
    settings = Settings.from_env(env, cwd=tmp_path)
    assert settings.login_max_per_username == 3 and not settings.cookie_secure
    assert "k" * 40 not in repr(settings)
    assert normalise_url(settings.database_url) == "postgresql+psycopg://u:p@db/frontline"
    assert not settings.uses_sqlite_file


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FRONTLINE_LOGIN_MAX_PER_USERNAME": "many"}, "whole number"),
        ({"FRONTLINE_LOGIN_WINDOW_SECONDS": "0"}, "at least 1"),
        ({"FRONTLINE_COOKIE_SECURE": "perhaps"}, "true or false"),
        ({"FRONTLINE_SECRET_KEY": "short"}, "at least 32"),
    ],
)
def test_unusable_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)
