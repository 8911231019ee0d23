"""Password hashing, tokens, the secret file and the login throttle (no database needed)."""

from __future__ import annotations

import stat
import time
from datetime import timedelta
from pathlib import Path

import jwt
import pytest

from frontline.adapters.security.passwords import Argon2PasswordHasher
from frontline.adapters.security.secret_key import load_or_create_secret
from frontline.adapters.security.throttle import SlidingWindowThrottle
from frontline.adapters.security.tokens import JwtTokenCodec
from frontline.domain.org.errors import AuthenticationFailed

SECRET = "s" * 40


def test_argon2_hashes_verify_and_flag_weaker_parameters_for_rehash() -> None:
    cheap = Argon2PasswordHasher(time_cost=1, memory_cost=8)
    stored = cheap.hash("demo")
    assert stored.startswith("$argon2id$")
    assert cheap.verify(stored, "demo")
    assert not cheap.verify(stored, "Demo")
    assert not cheap.verify("not a hash", "demo")
    assert not cheap.needs_rehash(stored)
    assert Argon2PasswordHasher(time_cost=2, memory_cost=16).needs_rehash(stored)


def test_tokens_round_trip_and_refuse_tampering_and_expiry() -> None:
    codec = JwtTokenCodec(SECRET, timedelta(minutes=5))
    token = codec.issue(42, "ada")
    assert codec.read(token) == 42
    forged = jwt.encode({"sub": "1", "iss": "frontline", "exp": 4102444800}, "t" * 40, "HS256")
    with pytest.raises(AuthenticationFailed):
        codec.read(forged)
    expired = JwtTokenCodec(SECRET, timedelta(seconds=-1)).issue(42, "ada")
    with pytest.raises(AuthenticationFailed):
        codec.read(expired)
    with pytest.raises(AuthenticationFailed):
        codec.read("garbage")
    assert SECRET not in repr(codec)


def test_a_remembered_token_still_expires_on_time() -> None:
    codec = JwtTokenCodec(SECRET, timedelta(seconds=1))
    token = codec.issue(7, "ada")
    assert codec.read(token) == 7
    assert codec.read(token) == 7  # remembered
    time.sleep(1.2)
    with pytest.raises(AuthenticationFailed):
        codec.read(token)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with pytest.raises(AuthenticationFailed):
        codec.read(tampered)


def test_short_secrets_are_refused() -> None:
    with pytest.raises(ValueError, match="32"):
        JwtTokenCodec("short", timedelta(minutes=1))


def test_the_secret_is_created_once_private_and_then_reused(tmp_path: Path) -> None:
    first = load_or_create_secret(tmp_path / "data", None)
    assert len(first) >= 32
    mode = stat.S_IMODE((tmp_path / "data" / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert load_or_create_secret(tmp_path / "data", None) == first
    assert load_or_create_secret(tmp_path / "data", "from-env" * 5) == "from-env" * 5


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_allows_n_attempts_per_window_then_says_when_to_retry() -> None:
    clock = FakeClock()
    throttle = SlidingWindowThrottle(max_attempts=3, window_seconds=60, clock=clock)
    for _ in range(3):
        assert throttle.retry_after("ada") is None
        throttle.hit("ada")
        clock.now += 10
    assert throttle.retry_after("ada") == pytest.approx(30.0)  # first hit leaves at t=1060
    assert throttle.retry_after("grace") is None  # keys are independent
    clock.now += 30
    assert throttle.retry_after("ada") is None
    throttle.hit("ada")
    throttle.reset("ada")
    assert throttle.retry_after("ada") is None


def test_throttle_memory_is_pruned_when_full() -> None:
    clock = FakeClock()
    throttle = SlidingWindowThrottle(max_attempts=1, window_seconds=1, clock=clock, max_keys=10)
    for n in range(10):
        throttle.hit(f"k{n}")
    clock.now += 5
    throttle.hit("fresh")
    assert throttle.tracked_keys == 1
