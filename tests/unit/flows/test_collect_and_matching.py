"""Collected answers (digits, dates, yes/no, text) and how typed or spoken words are matched."""

from __future__ import annotations

from typing import Any

import pytest
from tests.unit.flows.fakes import run_script

from frontline.domain.channels import Channel
from frontline.domain.flows import (
    DigitsInput,
    FlowInput,
    InputMode,
    NoInput,
    TextInput,
    parse_flow,
)
from frontline.domain.flows.collect import luhn_valid
from frontline.domain.flows.matching import match_option, normalise, spoken_digits
from frontline.domain.flows.nodes import MenuOption
from frontline.domain.flows.texts import Text, fill


def asking(**collect: Any) -> Any:
    return parse_flow(
        {
            "id": "ask",
            "start": "ask",
            "agent_queue": "general",
            "max_failures": 9,
            "nodes": [
                {
                    "id": "ask",
                    "type": "collect",
                    "text": "Tell me",
                    "into": "answer",
                    "next": "done",
                    **collect,
                },
                {"id": "done", "type": "end", "text": "Got {data.answer}."},
            ],
        }
    )


def answer(channel: Channel, received: FlowInput, **collect: Any) -> object:
    steps = run_script(asking(**collect), channel, [received])
    return steps[-1].state.data.get("answer") if steps[-1].finished else None


@pytest.mark.parametrize(
    ("channel", "received", "order", "expected"),
    [
        (Channel.VOICE, DigitsInput("31122023"), "dmy", "2023-12-31"),
        (Channel.VOICE, DigitsInput("12312023"), "mdy", "2023-12-31"),
        (Channel.VOICE, DigitsInput("20231231"), "ymd", "2023-12-31"),
        (Channel.CHAT, TextInput("2024-02-29"), "dmy", "2024-02-29"),
        (Channel.CHAT, TextInput("5/4/2024"), "mdy", "2024-05-04"),
        (Channel.CHAT, TextInput("5.4.2024"), "dmy", "2024-04-05"),
        (Channel.VOICE, DigitsInput("30022024"), "dmy", None),  # no 30 February
        (Channel.CHAT, TextInput("2023-02-29"), "dmy", None),  # not a leap year
        (Channel.CHAT, TextInput("yesterday"), "dmy", None),
    ],
)
def test_dates(channel: Channel, received: FlowInput, order: str, expected: str | None) -> None:
    assert answer(channel, received, kind="date", date_order=order) == expected


def test_yes_no_on_both_channels() -> None:
    assert answer(Channel.VOICE, DigitsInput("1"), kind="yes_no") is True
    assert answer(Channel.VOICE, TextInput("nope"), kind="yes_no") is False
    assert answer(Channel.CHAT, TextInput("Yes please"), kind="yes_no") is True
    assert answer(Channel.CHAT, TextInput("yes and no"), kind="yes_no") is None
    first = run_script(asking(kind="yes_no"), Channel.VOICE, [])[0]
    assert [p.text for p in first.prompts] == ["Tell me", "Press 1 for yes or 2 for no."]
    chat = run_script(asking(kind="yes_no"), Channel.CHAT, [])[0]
    assert chat.expect is not None and chat.expect.mode is InputMode.CHOICE


def test_digits_text_and_patterns() -> None:
    assert answer(Channel.CHAT, TextInput("1234 5678"), kind="digits") == "12345678"
    assert answer(Channel.VOICE, TextInput("four five six"), kind="digits") == "456"
    assert answer(Channel.VOICE, DigitsInput("12"), kind="digits", min_length=3) is None
    postcode = {"kind": "text", "pattern": "[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}"}
    assert answer(Channel.CHAT, TextInput("SW1A 1AA"), **postcode) == "SW1A 1AA"
    assert answer(Channel.CHAT, TextInput("nowhere"), **postcode) is None
    assert answer(Channel.VOICE, NoInput(), kind="text") is None


def test_collected_value_is_shown_and_templated() -> None:
    steps = run_script(asking(kind="digits"), Channel.CHAT, [TextInput("42")])
    assert [p.text for p in steps[-1].prompts] == ["Got 42."]
    assert steps[-1].state.answers == (("Answer", "42"),)


def test_luhn_known_values() -> None:
    assert luhn_valid("79927398713")  # the classic published example
    assert not luhn_valid("79927398710")
    assert luhn_valid("4111111111111111")  # a well-known test card number


def test_spoken_digits_and_normalising() -> None:
    assert spoken_digits("one two three") == "123"
    assert spoken_digits("4 5, 6") == "456"
    assert spoken_digits("one apple") is None
    assert normalise("  Sí, ¡GRACIAS!  ") == "si gracias"


def test_option_matching_needs_one_clear_option() -> None:
    options = (
        MenuOption("1", Text.plain("card payments"), None, (), "a"),
        MenuOption("2", Text.plain("card delivery"), None, ("post",), "b"),
        MenuOption("3", Text.plain("card"), None, (), "c"),
    )
    assert match_option(TextInput("Card"), options) == options[2]  # exact label wins
    assert match_option(TextInput("where's my post"), options) == options[1]
    assert match_option(TextInput("card payments and card delivery"), options) is None
    assert match_option(TextInput("two"), options) == options[1]
    assert match_option(DigitsInput("4"), options) is None


def test_templates_never_evaluate() -> None:
    scope = {"data": {"name": "Ana", "n": 2.5, "ok": True}}
    assert fill("{data.name} {data.n} {data.ok} {data.missing}!", scope) == "Ana 2.50 yes !"
    assert fill("{data.__class__} {0} {data.name.upper}", scope) == " {0} "
