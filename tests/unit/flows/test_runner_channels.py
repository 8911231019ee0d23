"""The same flow end to end on voice and chat, driven by scripted input through the pure runner."""

from __future__ import annotations

import json

from tests.unit.flows.fakes import GOOD_ACCOUNT, Backends, load_example, run_script, said

from frontline.domain.channels import Channel
from frontline.domain.flows import (
    DigitsInput,
    EndFlow,
    FlowOutcome,
    FlowState,
    InputMode,
    TextInput,
    feed,
)

BANK = load_example("bank_ivr.yaml")


def test_voice_balance_call_reads_menus_and_ends_contained() -> None:
    steps = run_script(
        BANK,
        Channel.VOICE,
        [DigitsInput("1"), DigitsInput("1"), DigitsInput(GOOD_ACCOUNT), DigitsInput("2")],
    )
    first, language_chosen, account, balance, goodbye = steps
    assert said(first) == [
        "Welcome to Example Bank.",
        "Please choose your language.",
        "For English, press 1.",
        "Para español, oprima 2.",
    ]
    assert first.expect is not None and first.expect.mode is InputMode.DIGITS
    assert first.expect.max_digits == 1 and first.expect.hints == ("English", "Español")
    assert said(language_chosen) == [
        "Main menu.",
        "Press 1 for your account balance.",
        "Press 2 for anything else.",
    ]
    assert account.expect is not None
    assert (account.expect.min_digits, account.expect.max_digits) == (8, 8)
    assert said(balance)[0] == "Your available balance is 1520.50 dollars."
    assert isinstance(goodbye.outcome, EndFlow)
    assert goodbye.state.outcome is FlowOutcome.CONTAINED
    assert said(goodbye) == ["Thank you for calling Example Bank. Goodbye."]


def test_chat_runs_the_same_flow_with_buttons_and_free_text() -> None:
    steps = run_script(
        BANK,
        Channel.CHAT,
        [
            TextInput("English"),
            TextInput("what's my balance?"),
            TextInput(GOOD_ACCOUNT),
            TextInput("2"),
        ],
    )
    first, menu, account, balance, goodbye = steps
    assert first.expect is not None and first.expect.mode is InputMode.CHOICE
    assert [(c.value, c.label) for c in first.expect.choices] == [
        ("1", "English"),
        ("2", "Español"),
    ]
    assert said(menu) == ["Main menu."]  # no "press 1" on chat: buttons instead
    assert menu.expect is not None
    assert [c.label for c in menu.expect.choices] == ["your account balance", "anything else"]
    assert account.expect is not None and account.expect.mode is InputMode.TEXT
    assert said(balance)[0] == "Your available balance is 1520.50 dollars."
    assert goodbye.state.outcome is FlowOutcome.CONTAINED


def test_spanish_caller_hears_spanish_and_gets_spanish_skill() -> None:
    by_name = run_script(BANK, Channel.VOICE, [TextInput("¡Español!")])
    assert by_name[-1].state.language == "es-US"
    steps = run_script(BANK, Channel.VOICE, [DigitsInput("2"), DigitsInput("2")])
    menu, ask = steps[1], steps[2]
    assert {p.language for p in menu.prompts} == {"es-US"}
    assert said(menu)[1] == "Oprima 1 para el saldo de su cuenta."
    assert said(ask) == ["En pocas palabras, ¿en qué le puedo ayudar?"]
    assert ask.state.skills == {"spanish": 1}


def test_spoken_digits_and_option_words_select_on_voice() -> None:
    by_word = run_script(BANK, Channel.VOICE, [TextInput("English"), TextInput("balance")])
    by_number = run_script(BANK, Channel.VOICE, [TextInput("one"), TextInput("one")])
    for steps in (by_word, by_number):
        assert steps[-1].state.node == "account_number"


def test_state_snapshot_survives_json_and_continues_identically() -> None:
    steps = run_script(BANK, Channel.VOICE, [DigitsInput("1"), DigitsInput("1")])
    state = steps[-1].state
    snapshot = json.loads(json.dumps(state.snapshot()))
    restored = FlowState.restore(BANK, snapshot, state.schedules)
    backends = Backends()
    original = feed(state, DigitsInput(GOOD_ACCOUNT), steps[-1].state.started_at)
    again = feed(restored, DigitsInput(GOOD_ACCOUNT), steps[-1].state.started_at)
    assert original.request == again.request
    assert original.state.snapshot() == again.state.snapshot()
    assert backends.requests == []
