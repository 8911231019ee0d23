"""Parsing the nodes that wait for the customer: menu, collect, intent and callback.

They share the input policy (retries, timeout, fallback target and wording), whose defaults
come from the flow header and are resolved here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from frontline.domain.flows.errors import FieldError
from frontline.domain.flows.nodes import (
    CallbackNode,
    CollectKind,
    CollectNode,
    InputPolicy,
    IntentNode,
    MenuNode,
    MenuOption,
    Node,
)
from frontline.domain.flows.parse_fields import ID_PATTERN, Fields
from frontline.domain.flows.texts import Text

MENU_KEYS = frozenset("123456789*#0")
INPUT_FIELDS = {"retries", "timeout", "on_failure", "no_match", "no_input"}


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


def parse_menu(f: Fields, d: NodeDefaults) -> Node:
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
                raise FieldError("synonyms", "must be a list of words (quote yes/no in YAML)")
            options.append(
                MenuOption(
                    key, o.text("label"), o.optional_text("say"), tuple(synonyms), o.target("next")
                )
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


def parse_collect(f: Fields, d: NodeDefaults) -> Node:
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


def parse_intent(f: Fields, d: NodeDefaults) -> Node:
    routes = []
    for intent, target in f.mapping("routes").items():
        if not isinstance(target, str) or not ID_PATTERN.fullmatch(target):
            raise FieldError(f"routes.{intent}", "must name a node")
        routes.append((str(intent), target))
    return IntentNode(
        f.identifier("id"),
        f.text("text"),
        f.identifier("into", "intent"),
        tuple(routes),
        f.target("next"),
        _input(f, d),
    )


def parse_callback(f: Fields, d: NodeDefaults) -> Node:
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
