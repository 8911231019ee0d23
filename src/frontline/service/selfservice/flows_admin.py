"""Administering flows: upload (every upload is a new, validated version), list, publish a
version and attach it to chat queues and dialled numbers, and read its analytics.

Documents arrive as YAML or JSON text. The stored version number is the server's: the
document's own ``version`` is replaced by the next number, so two uploads can never claim the
same version and running sessions can always find the exact version they started on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import yaml

from frontline.domain.flows import (
    Flow,
    FlowAnalytics,
    FlowProblem,
    FlowValidationError,
    parse_flow,
)
from frontline.domain.org.customers import check_phone
from frontline.domain.org.errors import InvalidValue, NotFound
from frontline.service.selfservice.ports import (
    FlowEventLog,
    FlowStore,
    FlowSummary,
    JsonDict,
    StoredFlowVersion,
)

MAX_SOURCE_BYTES = 256 * 1024
QUEUE_TARGET = "queue:"
NUMBER_TARGET = "number:"


def decode_document(raw: bytes, content_type: str) -> tuple[JsonDict, str, str]:
    """``(document, format, source text)``; JSON when the content type says so, else YAML."""
    if len(raw) > MAX_SOURCE_BYTES:
        raise InvalidValue(f"a flow document can be at most {MAX_SOURCE_BYTES} bytes")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidValue("a flow document must be UTF-8 text") from None
    is_json = "json" in content_type.lower()
    try:
        document: Any = json.loads(source) if is_json else yaml.safe_load(source)
    except (ValueError, yaml.YAMLError) as exc:
        kind = "JSON" if is_json else "YAML"
        raise InvalidValue(f"the flow is not valid {kind}: {str(exc).splitlines()[0]}") from None
    if not isinstance(document, dict):
        raise FlowValidationError([FlowProblem("", "", "a flow document must be a mapping")])
    return document, "json" if is_json else "yaml", source


def upload_flow(
    store: FlowStore, raw: bytes, content_type: str, actor: str, now: datetime
) -> JsonDict:
    """Validate and store a new version; `FlowValidationError` names every bad node."""
    document, source_format, source = decode_document(raw, content_type)
    flow = parse_flow(document)
    version = store.next_version(flow.id)
    document = {**document, "version": version}
    flow = replace(flow, version=version)
    store.add_version(flow.id, flow.name, document, source, source_format, now, actor)
    summary = store.summary(flow.id)
    assert summary is not None
    return {**summary_view(summary), "version": version}


def summary_view(summary: FlowSummary) -> JsonDict:
    return {
        "id": summary.id,
        "name": summary.name,
        "latest_version": summary.latest_version,
        "published_version": summary.published_version,
        "queues": [t.removeprefix(QUEUE_TARGET) for t in summary.bindings if _is_queue(t)],
        "numbers": [t.removeprefix(NUMBER_TARGET) for t in summary.bindings if _is_number(t)],
        "created_at": summary.created_at.isoformat(),
        "updated_at": summary.updated_at.isoformat(),
    }


def version_view(stored: StoredFlowVersion, published: int | None) -> JsonDict:
    return {
        "flow_id": stored.flow_id,
        "version": stored.version,
        "published": stored.version == published,
        "format": stored.source_format,
        "source": stored.source,
        "created_at": stored.created_at.isoformat(),
        "created_by": stored.created_by,
    }


def list_flows(store: FlowStore) -> list[JsonDict]:
    return [summary_view(s) for s in store.summaries()]


def flow_versions(store: FlowStore, flow_id: str) -> list[JsonDict]:
    summary = _summary(store, flow_id)
    return [version_view(v, summary.published_version) for v in store.versions(flow_id)]


def publish_flow(
    store: FlowStore,
    flow_id: str,
    version: int | None,
    queues: Sequence[str],
    numbers: Sequence[str],
    queue_exists: Callable[[str], bool],
    now: datetime,
) -> JsonDict:
    """Make ``version`` (default: the latest) the one new runs use, and attach targets to it.

    A queue or number already attached to another flow moves to this one. Runs in progress
    keep the version they started on.
    """
    summary = _summary(store, flow_id)
    chosen = version if version is not None else summary.latest_version
    if store.version(flow_id, chosen) is None:
        raise NotFound(f"flow {flow_id!r} has no version {chosen}")
    targets: list[str] = []
    for queue in queues:
        name = queue.strip().lower()
        if not queue_exists(name):
            raise InvalidValue(f"unknown queue {queue!r}")
        targets.append(QUEUE_TARGET + name)
    targets += [NUMBER_TARGET + check_phone(number.strip()) for number in numbers]
    store.publish(flow_id, chosen, targets, now)
    published = store.summary(flow_id)
    assert published is not None
    return summary_view(published)


def flow_analytics(
    store: FlowStore, log: FlowEventLog, flow_id: str, version: int | None
) -> JsonDict:
    """Per node: entered, passed, retried, dropped, contained, handed off; per flow: outcomes."""
    _summary(store, flow_id)
    analytics = FlowAnalytics()
    analytics.record_all(log.events(flow_id, version))
    stats = analytics.flow(flow_id)
    return {
        "flow_id": flow_id,
        "version": version,
        "runs": {
            "finished": stats.finished,
            "contained": stats.contained,
            "handed_off": stats.handed_off,
            "abandoned": stats.abandoned,
            "containment_rate": round(stats.containment_rate, 4),
            "outcomes": {outcome.value: n for outcome, n in sorted(stats.outcomes.items())},
        },
        "nodes": [
            {
                "node": node_id,
                "entered": node.entered,
                "passed": node.passed,
                "retried": node.retried,
                "dropped": node.dropped,
                "contained": node.contained,
                "handed_off": node.handed_off,
            }
            for node_id, node in sorted(stats.nodes.items())
        ],
    }


def load_flow(stored: StoredFlowVersion) -> Flow:
    """A stored version as the runner needs it (it was validated when uploaded)."""
    return parse_flow(stored.document)


def _summary(store: FlowStore, flow_id: str) -> FlowSummary:
    summary = store.summary(flow_id)
    if summary is None:
        raise NotFound(f"flow {flow_id!r} not found")
    return summary


def _is_queue(target: str) -> bool:
    return target.startswith(QUEUE_TARGET)


def _is_number(target: str) -> bool:
    return target.startswith(NUMBER_TARGET)
