"""Flow documents are validated on upload and every problem names its node and field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from tests.unit.flows.fakes import load_example

from frontline.domain.flows import FlowValidationError, parse_flow


def minimal(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "tiny",
        "start": "hello",
        "agent_queue": "general",
        "nodes": [
            {"id": "hello", "type": "say", "text": "Hello", "next": "menu"},
            {
                "id": "menu",
                "type": "menu",
                "text": "Choose",
                "options": [
                    {"key": "1", "label": "sales", "next": "sales"},
                    {"key": "2", "label": "bye", "next": "bye"},
                ],
            },
            {"id": "sales", "type": "queue", "queue": "sales"},
            {"id": "bye", "type": "end", "text": "Goodbye"},
        ],
    }
    doc.update(overrides)
    return doc


def problems_of(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(FlowValidationError) as caught:
        parse_flow(doc)
    return [(p.node, p.field, p.message) for p in caught.value.problems]


def with_node(doc: dict[str, Any], node_id: str, **changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for node in doc["nodes"]:
        if node["id"] == node_id:
            node.update(changes)
    return doc


def test_the_examples_are_valid_flows() -> None:
    bank = load_example("bank_ivr.yaml")
    chat = load_example("chat_assistant.yaml")
    assert bank.start == "welcome" and len(bank.nodes) == 18
    assert bank.schedule_names() == {"contact_center"}
    assert chat.intents["lost_or_stolen_card"].queue == "cards"


def test_minimal_flow_parses_with_defaults() -> None:
    flow = parse_flow(minimal())
    assert flow.max_failures == 3 and flow.escape.digit == "0"
    assert flow.nodes["menu"].input.retries == 2  # type: ignore[union-attr]


def test_unknown_node_type_is_named() -> None:
    doc = with_node(minimal(), "hello", type="shout")
    [(node, field, message)] = problems_of(doc)
    assert (node, field) == ("hello", "type")
    assert "unknown node type 'shout'" in message


def test_missing_target_names_node_and_field() -> None:
    doc = minimal()
    doc["nodes"][1]["options"][1]["next"] = "farewell"
    problems = problems_of(doc)
    assert ("menu", "options[2].next", "target 'farewell' does not exist") in problems


def test_unreachable_node_is_named() -> None:
    doc = minimal()
    doc["nodes"].append({"id": "orphan", "type": "end"})
    [(node, _, message)] = problems_of(doc)
    assert node == "orphan" and "unreachable" in message


def test_duplicate_ids_and_missing_start() -> None:
    doc = minimal()
    doc["nodes"].append({"id": "bye", "type": "hangup"})
    assert ("bye", "id", "duplicate node id") in problems_of(doc)
    assert problems_of(minimal(start="nowhere")) == [
        ("", "start", "start node 'nowhere' does not exist")
    ]


def test_loop_that_never_waits_is_refused_with_its_nodes() -> None:
    doc = minimal()
    doc["nodes"][0]["next"] = "check"
    doc["nodes"].append(
        {
            "id": "check",
            "type": "condition",
            "branches": [{"when": {"field": "data.ok", "equals": True}, "next": "menu"}],
            "else": "again",
        }
    )
    doc["nodes"].append({"id": "again", "type": "say", "text": "Checking", "next": "check"})
    [(node, _, message)] = problems_of(doc)
    assert node == "check"
    assert message == "loop check → again → check never waits for the customer"


def test_dead_end_before_a_trap_is_named() -> None:
    doc = minimal()
    doc["nodes"] = [
        {"id": "hello", "type": "say", "text": "Hi", "next": "spin"},
        {"id": "spin", "type": "set", "values": {"a": 1}, "next": "spin"},
    ]
    problems = problems_of(doc)
    assert ("spin", "", "loop spin → spin never waits for the customer") in problems
    assert ("hello", "", "no path from here to an end or an agent") in problems


def test_menu_retry_loop_is_allowed() -> None:
    doc = minimal()
    doc["nodes"][1]["options"].append({"key": "9", "label": "repeat", "next": "again"})
    doc["nodes"][1]["on_failure"] = "menu"
    doc["nodes"].append({"id": "again", "type": "say", "text": "Again", "next": "menu"})
    assert "again" in parse_flow(doc).nodes


def test_escape_key_cannot_be_a_menu_option() -> None:
    doc = minimal()
    doc["nodes"][1]["options"][0]["key"] = "0"
    assert ("menu", "options[0].key", "key 0 is reserved for reaching an agent") in problems_of(doc)


def test_every_broken_node_is_reported_at_once() -> None:
    doc = with_node(minimal(), "hello", nxt="menu")
    doc = with_node(doc, "sales", priority=500)
    problems = problems_of(doc)
    assert {(p[0], p[1]) for p in problems} == {("hello", "nxt"), ("sales", "priority")}


_WHEN_WEEKDAY = {"when": {"weekday": ["funday"]}, "next": "menu"}
_WHEN_SECRET = {"when": {"field": "secret.x", "equals": 1}, "next": "menu"}


@pytest.mark.parametrize(
    ("node", "field", "fragment"),
    [
        ({"type": "collect", "kind": "shoe_size", "next": "menu"}, "kind", "must be one of"),
        (
            {"type": "collect", "kind": "text", "pattern": "(", "into": "x", "next": "menu"},
            "pattern",
            "bad regular expression",
        ),
        (
            {"type": "condition", "branches": [_WHEN_WEEKDAY], "else": "menu"},
            "branches[0].when.weekday",
            "'funday' is not a weekday",
        ),
        (
            {"type": "condition", "branches": [_WHEN_SECRET], "else": "menu"},
            "branches[0].when.field",
            "must be a path starting with one of",
        ),
        ({"type": "lookup", "source": "ftp"}, "source", "must be customer or http"),
        (
            {"type": "callback", "queue": "q", "text": "t", "allow_scheduled": True},
            "schedule",
            "need the business hours",
        ),
    ],
)
def test_field_errors_name_the_field(node: dict[str, Any], field: str, fragment: str) -> None:
    doc = minimal()
    doc["nodes"][0] = {"id": "hello", **node}
    [(node_id, got_field, message)] = problems_of(doc)
    assert (node_id, got_field) == ("hello", field)
    assert fragment in message


def test_yaml_no_pitfall_gets_a_hint() -> None:
    doc = minimal()
    doc["nodes"][1]["options"][1]["synonyms"] = [False, "bye"]
    [(_, field, message)] = problems_of(doc)
    assert field == "options[1].synonyms" and "quote yes/no" in message


def test_flow_wide_settings_are_checked() -> None:
    assert problems_of(minimal(timezone="Mars/Olympus")) == [
        ("", "timezone", "unknown time zone 'Mars/Olympus'")
    ]
    assert problems_of(minimal(escape={"digit": "10"}))[0][1] == "escape.digit"
    assert problems_of(minimal(messages={"bye": "x"}))[0][1] == "messages.bye"
    assert problems_of({"id": "x"})[0][1] in {"start", "agent_queue"}
    with pytest.raises(FlowValidationError, match="must be a mapping"):
        parse_flow([1])
