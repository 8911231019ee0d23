"""Parsing each node type from its plain mapping (one function per type, strict fields)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from frontline.domain.flows.conditions import parse_test
from frontline.domain.flows.errors import FieldError
from frontline.domain.flows.nodes import (
    AnswerNode,
    Branch,
    CallbackNode,
    CollectKind,
    CollectNode,
    ConditionNode,
    EndNode,
    InputPolicy,
    IntentNode,
    LookupNode,
    LookupSource,
    MenuNode,
    MenuOption,
    Node,
    QueueNode,
    SayNode,
    SetNode,
    VoicemailNode,
)
from frontline.domain.flows.parse_fields import ID_PATTERN, Fields
from frontline.domain.flows.texts import Text

MENU_KEYS = frozenset("123456789*#0")
_INPUT_FIELDS = {"retries", "timeout", "on_failure", "no_match", "no_input"}


@dataclass(frozen=True, slots=True)
class NodeDefaults:
    retries: int
    timeout_seconds: int
    no_match: Text
    no_input: Text


def _input(f: Fields, d: NodeDefaults) -> InputPolicy:
    return InputPolicy(
        retries=f.integer("retries", d.retries, 0, 5),
        timeout_seconds=f.integer("timeout", d.timeout_seconds, 1, 120),
        on_failure=f.optional_target("on_failure"),
        no_match=f.optional_text("no_match") or d.no_match,
        no_input=f.optional_text("no_input") or d.no_input,
    )


def _say(f: Fields, d: NodeDefaults) -> Node:
    text, audio = f.optional_text("text"), f.optional_string("audio")
    if text is None and audio is None:
        raise FieldError("text", "a say node needs text or audio")
    return SayNode(f.identifier("id"), text, audio, f.target("next"))


def _menu(f: Fields, d: NodeDefaults) -> Node:
    raw_options = f.raw.get("options")
    if not isinstance(raw_options, Sequence) or isinstance(raw_options, str) or not raw_options:
        raise FieldError("options", "a menu needs a list of options")
    options = []
    for i, raw in enumerate(raw_options):
        if not isinstance(raw, Mapping):
            raise FieldError(f"options[{i}]", "must be a mapping with key, label and next")
        try:
            o = Fields(raw, {"key", "label", "say", "synonyms", "next"})
            key = o.string("key")
            if key not in MENU_KEYS:
                raise FieldError("key", "must be one phone key: 1-9, 0, * or #")
            synonyms = o.raw.get("synonyms", [])
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                raise FieldError("synonyms", "must be a list of words")
            options.append(
                MenuOption(key, o.text("label"), o.optional_text("say"), tuple(synonyms), o.target("next"))
            )
        except FieldError as exc:
            raise FieldError(f"options[{i}].{exc.field}", exc.message) from None
    keys = [o.key for o in options]
    if len(set(keys)) != len(keys):
        raise FieldError("options", f"duplicate keys in {keys}")
    return MenuNode(f.identifier("id"), f.text("text"), tuple(options), _input(f, d))


_LENGTHS = {
    CollectKind.DIGITS: (1, 20),
    CollectKind.ACCOUNT_NUMBER: (8, 8),
    CollectKind.DATE: (8, 8),
    CollectKind.YES_NO: (1, 1),
    CollectKind.TEXT: (1, 500),
}


def _collect(f: Fields, d: NodeDefaults) -> Node:
    try:
        kind = CollectKind(f.string("kind"))
    except ValueError:
        raise FieldError("kind", f"must be one of {[k.value for k in CollectKind]}") from None
    low, high = _LENGTHS[kind]
    min_length = f.integer("min_length", low, 1, 500)
    max_length = f.integer("max_length", max(high, min_length), min_length, 500)
    if kind is CollectKind.ACCOUNT_NUMBER and "length" in f.raw:
        min_length = max_length = f.integer("length", None, 4, 30)
    pattern = f.optional_string("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise FieldError("pattern", f"bad regular expression: {exc}") from None
    order = f.string("date_order", "dmy")
    if order not in ("dmy", "mdy", "ymd"):
        raise FieldError("date_order", "must be dmy, mdy or ymd")
    into = f.identifier("into")
    return CollectNode(
        id=f.identifier("id"),
        text=f.text("text"),
        kind=kind,
        into=into,
        label=f.string("label", into.replace("_", " ").capitalize()),
        min_length=min_length,
        max_length=max_length,
        luhn=f.boolean("luhn", False),
        pattern=pattern,
        date_order=order,
        next=f.target("next"),
        input=_input(f, d),
    )


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


def _intent(f: Fields, d: NodeDefaults) -> Node:
    routes = []
    for intent, target in f.mapping("routes").items():
        if not isinstance(target, str) or not ID_PATTERN.fullmatch(target):
            raise FieldError(f"routes.{intent}", "must name a node")
        routes.append((str(intent), target))
    return IntentNode(
        f.identifier("id"), f.text("text"), f.identifier("into", "intent"), tuple(routes),
        f.target("next"), _input(f, d),
    )


def _answer(f: Fields, d: NodeDefaults) -> Node:
    return AnswerNode(
        f.identifier("id"), f.string("article", "{intent}"), f.target("next"),
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
        id=f.identifier("id"), values=tuple(values),
        priority=f.optional_integer("priority", 0, 100), language=f.optional_string("language"),
        skills=f.skills("skills"), next=f.target("next"),
    )
    if not (node.values or node.skills or node.language or node.priority is not None):
        raise FieldError("values", "a set node must set values, priority, language or skills")
    return node


def _queue(f: Fields, d: NodeDefaults) -> Node:
    return QueueNode(
        f.identifier("id"), f.identifier("queue"), f.boolean("route_by_intent", False),
        f.skills("skills"), f.optional_integer("priority", 0, 100), f.optional_text("text"),
    )


def _callback(f: Fields, d: NodeDefaults) -> Node:
    allow_scheduled = f.boolean("allow_scheduled", False)
    schedule = f.optional_string("schedule")
    if allow_scheduled and schedule is None:
        raise FieldError("schedule", "scheduled callbacks need the business hours to check")
    return CallbackNode(
        id=f.identifier("id"),
        queue=f.identifier("queue"),
        threshold_seconds=f.integer("threshold", 120, 0, 24 * 3600),
        text=f.text("text"),
        allow_scheduled=allow_scheduled,
        schedule=schedule,
        time_text=f.optional_text("time_text")
        or Text.plain("Enter the time as four digits on the 24-hour clock, for example 1430."),
        confirm_text=f.optional_text("confirm_text")
        or Text.plain("Thank you. We will call you back."),
        number=f.string("number", "{caller}"),
        next=f.target("next"),
        input=_input(f, d),
    )


def _voicemail(f: Fields, d: NodeDefaults) -> Node:
    return VoicemailNode(
        f.identifier("id"), f.optional_text("text"), f.identifier("mailbox"),
        f.integer("max_seconds", 120, 5, 600),
    )


def _end(f: Fields, d: NodeDefaults) -> Node:
    return EndNode(f.identifier("id"), f.optional_text("text"))


_INPUT = _INPUT_FIELDS
NODE_TYPES: dict[str, tuple[Callable[[Fields, NodeDefaults], Node], set[str]]] = {
    "say": (_say, {"text", "audio", "next"}),
    "menu": (_menu, {"text", "options"} | _INPUT),
    "collect": (_collect, {"text", "kind", "into", "label", "min_length", "max_length", "length",
                           "luhn", "pattern", "date_order", "next"} | _INPUT),
    "condition": (_condition, {"branches", "else"}),
    "lookup": (_lookup, {"source", "backend", "operation", "params", "into", "timeout", "next",
                         "on_failure", "on_not_found"}),
    "intent": (_intent, {"text", "into", "routes", "next"} | _INPUT),
    "answer": (_answer, {"article", "next", "on_missing"}),
    "set": (_set, {"values", "priority", "language", "skills", "next"}),
    "queue": (_queue, {"queue", "route_by_intent", "skills", "priority", "text"}),
    "callback": (_callback, {"queue", "threshold", "text", "allow_scheduled", "schedule",
                             "time_text", "confirm_text", "number", "next"} | _INPUT),
    "voicemail": (_voicemail, {"text", "mailbox", "max_seconds"}),
    "end": (_end, {"text"}),
    "hangup": (_end, {"text"}),
}


def parse_node(raw: Mapping[object, object], defaults: NodeDefaults) -> Node:
    """One node from its mapping; ``type`` picks the parser. Raises `FieldError`."""
    kind = raw.get("type")
    if kind not in NODE_TYPES:
        raise FieldError("type", f"unknown node type {kind!r} (expected one of {sorted(NODE_TYPES)})")
    parser, allowed = NODE_TYPES[str(kind)]
    return parser(Fields(raw, allowed | {"id", "type"}), defaults)
