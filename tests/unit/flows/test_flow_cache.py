"""The flow cache answers "which flow runs on this queue" from memory for a few seconds, so a
new chat costs no database read, and forgets at once when this server publishes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import yaml
from tests.unit.flows.fakes import EXAMPLES

from frontline.service.selfservice.flow_cache import FlowCache
from frontline.service.selfservice.ports import StoredFlowVersion


class CountingStore:
    """Only what the cache calls: ``published_for`` (counted) and ``version``."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.targets: dict[str, int] = {}
        self.calls = 0

    def stored(self, version: int) -> StoredFlowVersion:
        at = datetime(2026, 1, 1, tzinfo=UTC)
        return StoredFlowVersion("billing-bot", version, self.document, "", "yaml", at, "admin")

    def published_for(self, target: str) -> StoredFlowVersion | None:
        self.calls += 1
        version = self.targets.get(target)
        return self.stored(version) if version is not None else None

    def version(self, flow_id: str, version: int) -> StoredFlowVersion | None:
        return self.stored(version)


def test_answers_are_kept_for_the_ttl_then_asked_again() -> None:
    document = yaml.safe_load(next(EXAMPLES.glob("*.yaml")).read_text(encoding="utf-8"))
    store = CountingStore(document)
    now = [100.0]
    cache = FlowCache(store, ttl_s=5.0, clock=lambda: now[0])  # type: ignore[arg-type]
    assert cache.cached_flow_for_queue("general") == (False, None)
    assert cache.flow_for_queue("general") is None
    assert cache.flow_for_queue("general") is None
    assert store.calls == 1
    assert cache.cached_flow_for_queue("general") == (True, None)  # known: no bot there

    store.targets["queue:general"] = 1  # published by another server
    assert cache.flow_for_queue("general") is None  # still within the TTL
    now[0] += 5.1
    flow = cache.flow_for_queue("general")
    assert flow is not None and store.calls == 2
    assert cache.cached_flow_for_queue("general") == (True, flow)


def test_a_publish_on_this_server_is_seen_at_once() -> None:
    document = yaml.safe_load(next(EXAMPLES.glob("*.yaml")).read_text(encoding="utf-8"))
    store = CountingStore(document)
    cache = FlowCache(store, ttl_s=60.0)  # type: ignore[arg-type]
    assert cache.flow_for_queue("general") is None
    store.targets["queue:general"] = 2
    cache.forget_targets()
    assert cache.cached_flow_for_queue("general") == (False, None)
    assert cache.flow_for_queue("general") is not None
    assert store.calls == 2
