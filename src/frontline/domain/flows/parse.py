"""Turn a flow document (already decoded from YAML or JSON) into a validated `Flow`.

Decoding happens at the edge; this module takes plain dicts and lists so the same rules apply to
an uploaded file, an API body and a test fixture. Every problem found is reported at once, each
naming its node and field, in a `FlowValidationError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontline.domain.flows.errors import FieldError, FlowProblem, FlowValidationError
from frontline.domain.flows.flow import EscapePolicy, Flow, IntentRoute, Messages
from frontline.domain.flows.graph import check_graph
from frontline.domain.flows.nodes import Node
from frontline.domain.flows.parse_fields import Fields, parse_text
from frontline.domain.flows.parse_nodes import parse_node
from frontline.domain.flows.parse_waiting_nodes import NodeDefaults

MAX_NODES = 500
_HEADER = {
    "id",
    "version",
    "name",
    "description",
    "start",
    "language",
    "timezone",
    "agent_queue",
    "max_failures",
    "escape",
    "defaults",
    "messages",
    "intents",
    "nodes",
}


def parse_flow(raw: object) -> Flow:
    """Validate a flow document; raises `FlowValidationError` listing every problem."""
    if not isinstance(raw, Mapping):
        raise FlowValidationError([FlowProblem("", "", "a flow document must be a mapping")])
    problems: list[FlowProblem] = []
    try:
        header = Fields(raw, _HEADER)
        messages = _messages(header.mapping("messages"))
        defaults_raw = Fields(header.mapping("defaults"), {"retries", "timeout"})
        defaults = NodeDefaults(
            retries=defaults_raw.integer("retries", 2, 0, 5),
            timeout_seconds=defaults_raw.integer("timeout", 6, 1, 120),
            no_match=messages.no_match,
            no_input=messages.no_input,
        )
        flow = Flow(
            id=header.identifier("id"),
            version=header.integer("version", 1, 1, 1_000_000),
            name=header.string("name", str(raw.get("id", "")), max_length=200),
            start=header.identifier("start"),
            language=header.string("language", "en-US", max_length=35),
            timezone=_timezone(header.string("timezone", "UTC")),
            agent_queue=header.identifier("agent_queue"),
            max_failures=header.integer("max_failures", 3, 1, 20),
            escape=_escape(header.mapping("escape")),
            messages=messages,
            intents=_intents(header.mapping("intents")),
        )
    except FieldError as exc:
        raise FlowValidationError([FlowProblem("", exc.field, exc.message)]) from None
    nodes = _nodes(raw.get("nodes"), defaults, problems)
    if problems:
        raise FlowValidationError(problems)
    problems = check_graph(flow.start, nodes, flow.escape.digit)
    if problems:
        raise FlowValidationError(problems)
    return replace(flow, nodes=nodes)


def _nodes(raw: object, defaults: NodeDefaults, problems: list[FlowProblem]) -> dict[str, Node]:
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        problems.append(FlowProblem("", "nodes", "must be a non-empty list of nodes"))
        return {}
    if len(raw) > MAX_NODES:
        problems.append(FlowProblem("", "nodes", f"at most {MAX_NODES} nodes"))
        return {}
    nodes: dict[str, Node] = {}
    for position, item in enumerate(raw):
        name = f"#{position + 1}"
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            name = item["id"]
        if not isinstance(item, Mapping):
            problems.append(FlowProblem(name, "", "a node must be a mapping"))
            continue
        if name in nodes:
            problems.append(FlowProblem(name, "id", "duplicate node id"))
            continue
        try:
            nodes[name] = parse_node(item, defaults)
        except FieldError as exc:
            problems.append(FlowProblem(name, exc.field, exc.message))
    return nodes


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise FieldError("timezone", f"unknown time zone {name!r}") from None
    return name


def _escape(raw: Mapping[object, object]) -> EscapePolicy:
    f = Fields(raw, {"words", "digit"})
    default = EscapePolicy()
    words = raw.get("words", list(default.words))
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise FieldError("escape.words", "must be a list of words")
    digit = f.optional_string("digit") if "digit" in raw else default.digit
    if digit is not None and (len(digit) != 1 or digit not in "0123456789*#"):
        raise FieldError("escape.digit", "must be one phone key")
    return EscapePolicy(tuple(w.strip().lower() for w in words), digit)


def _messages(raw: Mapping[object, object]) -> Messages:
    names = {f.name for f in fields(Messages)}
    unknown = sorted(str(k) for k in raw if k not in names)
    if unknown:
        raise FieldError(f"messages.{unknown[0]}", f"unknown message (known: {sorted(names)})")
    return Messages(**{str(k): parse_text(v, f"messages.{k}") for k, v in raw.items()})


def _intents(raw: Mapping[object, object]) -> dict[str, IntentRoute]:
    routes = {}
    for intent, spec in raw.items():
        where = f"intents.{intent}"
        if not isinstance(spec, Mapping):
            raise FieldError(where, "must be a mapping with label, queue, skills, priority")
        try:
            f = Fields(spec, {"label", "queue", "skills", "priority"})
            routes[str(intent)] = IntentRoute(
                label=f.optional_text("label"),
                queue=f.identifier("queue") if f.has("queue") else None,
                skills=f.skills("skills"),
                priority=f.optional_integer("priority", 0, 100),
            )
        except FieldError as exc:
            raise FieldError(f"{where}.{exc.field}", exc.message) from None
    return routes
