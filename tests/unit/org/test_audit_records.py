"""Audit snapshots and diffs."""

from __future__ import annotations

from frontline.domain.channels import Channel
from frontline.domain.org.audit import diff, snapshot
from frontline.domain.org.queues import Queue
from frontline.domain.org.roles import Role
from frontline.domain.org.users import User


def test_snapshots_are_plain_json_and_never_hold_secrets() -> None:
    user = User("ada", "Ada", frozenset({Role.ADMIN, Role.AGENT}), "$argon2id$secret", id=7)
    plain = snapshot(user)
    assert plain["roles"] == ["admin", "agent"]
    assert plain["password_hash"].startswith("<secret ")
    assert "argon2" not in plain["password_hash"]
    changed = snapshot(User("ada", "Ada", frozenset({Role.AGENT}), "$argon2id$other"))
    assert diff(plain, changed)["password_hash"] != [None, None]
    assert "id" not in plain


def test_diff_lists_only_changed_fields_as_old_new_pairs() -> None:
    before = snapshot(Queue("billing", frozenset({Channel.CHAT}), priority=1))
    after = snapshot(Queue("billing", frozenset({Channel.CHAT, Channel.EMAIL}), priority=1))
    assert diff(before, after) == {"channels": [["chat"], ["chat", "email"]]}
    assert diff(None, {"a": 1}) == {"a": [None, 1]}
    assert diff({"a": 1}, None) == {"a": [1, None]}
    assert diff(before, before) == {}
