"""Parsing each node type from its plain mapping (one function per type, strict fields)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from frontline.domain.flows.conditions import parse_test
from frontline.domain.flows.errors import FieldError
from frontline.domain.flows.nodes import (
    AnswerNode,
    Branch,
    ConditionNode,
    EndNode,
    LookupNode,
    LookupSource,
    Node,
    QueueNode,
    SayNode,
    SetNode,
    VoicemailNode,
)
from frontline.domain.flows.parse_fields import ID_PATTERN, Fields
from frontline.domain.flows.parse_waiting_nodes import (
    INPUT_FIELDS,
    NodeDefaults,
    parse_callback,
    parse_collect,
    parse_intent,
    parse_menu,
)


def _say(f: Fields, d: NodeDefaults) -> Node:
    text, audio = f.optional_text("text"), f.optional_string("audio")
    if text is None and audio is None:
        raise FieldError("text", "a say node needs text or audio")
    return SayNode(f.identifier("id"), text, audio, f.target("next"))


def _condition(f: Fields, d: NodeDefaults) -> Node:
    raw = f.raw.get("branches")
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise FieldError("branches", "a condition needs a list of {when, next} branches")
    branches = []
    for i, branch in enumerate(raw):
        if not isinstance(branch, Mapping):
            raise FieldError(f"branches[{i}]", "must be a mapping with when and next")
        try:
            b = Fields(branch, {"when", "next"})
            branches.append(Branch(parse_test(b.raw.get("when"), "when"), b.target("next")))
        except FieldError as exc:
            raise FieldError(f"branches[{i}].{exc.field}", exc.message) from None
    return ConditionNode(f.identifier("id"), tuple(branches), f.target("else"))


def _lookup(f: Fields, d: NodeDefaults) -> Node:
    try:
        source = LookupSource(f.string("source"))
    except ValueError:
        raise FieldError("source", "must be customer or http") from None
    params = []
    for name, value in f.mapping("params").items():
        if not isinstance(name, str) or not isinstance(value, str | int):
            raise FieldError(f"params.{name}", "parameters map names to text templates")
        params.append((name, str(value)))
    failure = f.target("on_failure")
    return LookupNode(
        id=f.identifier("id"),
        source=source,
        backend=f.identifier("backend", "customers" if source is LookupSource.CUSTOMER else None),
        operation=f.identifier("operation", "find"),
        params=tuple(params),
        into=f.identifier("into"),
        timeout_seconds=f.number("timeout", 3.0, 0.1, 30.0),
        next=f.target("next"),
        on_failure=failure,
        on_not_found=f.optional_target("on_not_found") or failure,
    )


def _answer(f: Fields, d: NodeDefaults) -> Node:
    return AnswerNode(
        f.identifier("id"),
        f.string("article", "{intent}"),
        f.target("next"),
        f.optional_target("on_missing"),
    )


def _set(f: Fields, d: NodeDefaults) -> Node:
    values = []
    for name, value in f.mapping("values").items():
        if not isinstance(name, str) or not ID_PATTERN.fullmatch(name):
            raise FieldError(f"values.{name}", "is not an attribute name")
        if not (value is None or isinstance(value, str | int | float | bool)):
            raise FieldError(f"values.{name}", "must be a plain value")
        values.append((name, value))
    node = SetNode(
        id=f.identifier("id"),
        values=tuple(values),
        priority=f.optional_integer("priority", 0, 100),
        language=f.optional_string("language"),
        skills=f.skills("skills"),
        next=f.target("next"),
    )
    if not (node.values or node.skills or node.language or node.priority is not None):
        raise FieldError("values", "a set node must set values, priority, language or skills")
    return node


def _queue(f: Fields, d: NodeDefaults) -> Node:
    return QueueNode(
        f.identifier("id"),
        f.identifier("queue"),
        f.boolean("route_by_intent", False),
        f.skills("skills"),
        f.optional_integer("priority", 0, 100),
        f.optional_text("text"),
    )


def _voicemail(f: Fields, d: NodeDefaults) -> Node:
    return VoicemailNode(
        f.identifier("id"),
        f.optional_text("text"),
        f.identifier("mailbox"),
        f.integer("max_seconds", 120, 5, 600),
    )


def _end(f: Fields, d: NodeDefaults) -> Node:
    return EndNode(f.identifier("id"), f.optional_text("text"))


_INPUT = INPUT_FIELDS
NODE_TYPES: dict[str, tuple[Callable[[Fields, NodeDefaults], Node], set[str]]] = {
    "say": (_say, {"text", "audio", "next"}),
    "menu": (parse_menu, {"text", "options"} | _INPUT),
    "collect": (
        parse_collect,
        {
            "text",
            "kind",
            "into",
            "label",
            "min_length",
            "max_length",
            "length",
            "luhn",
            "pattern",
            "date_order",
            "next",
        }
        | _INPUT,
    ),
    "condition": (_condition, {"branches", "else"}),
    "lookup": (
        _lookup,
        {
            "source",
            "backend",
            "operation",
            "params",
            "into",
            "timeout",
            "next",
            "on_failure",
            "on_not_found",
        },
    ),
    "intent": (parse_intent, {"text", "into", "routes", "next"} | _INPUT),
    "answer": (_answer, {"article", "next", "on_missing"}),
    "set": (_set, {"values", "priority", "language", "skills", "next"}),
    "queue": (_queue, {"queue", "route_by_intent", "skills", "priority", "text"}),
    "callback": (
        parse_callback,
        {
            "queue",
            "threshold",
            "text",
            "allow_scheduled",
            "schedule",
            "time_text",
            "confirm_text",
            "number",
            "next",
        }
        | _INPUT,
    ),
    "voicemail": (_voicemail, {"text", "mailbox", "max_seconds"}),
    "end": (_end, {"text"}),
    "hangup": (_end, {"text"}),
}


def parse_node(raw: Mapping[object, object], defaults: NodeDefaults) -> Node:
    """One node from its mapping; ``type`` picks the parser. Raises `FieldError`."""
    kind = raw.get("type")
    if kind not in NODE_TYPES:
        raise FieldError(
            "type", f"unknown node type {kind!r} (expected one of {sorted(NODE_TYPES)})"
        )
    parser, allowed = NODE_TYPES[str(kind)]
    return parser(Fields(raw, allowed | {"id", "type"}), defaults)
