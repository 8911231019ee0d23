"""Per-node retries, the flow-wide failure limit, and the escape that always reaches a human."""

from __future__ import annotations

from typing import Any

from tests.unit.flows.fakes import GOOD_ACCOUNT, load_example, run_script, said

from frontline.domain.channels import Channel
from frontline.domain.flows import (
    DigitsInput,
    FlowOutcome,
    HandOff,
    NoInput,
    TextInput,
    parse_flow,
)

BANK = load_example("bank_ivr.yaml")


def small_flow(**menu: Any) -> dict[str, Any]:
    return {
        "id": "small",
        "start": "menu",
        "agent_queue": "general",
        "max_failures": 5,
        "nodes": [
            {
                "id": "menu",
                "type": "menu",
                "text": "Choose",
                "retries": 1,
                "options": [
                    {"key": "1", "label": "done", "next": "bye"},
                    {"key": "2", "label": "stop", "next": "sorry"},
                ],
                **menu,
            },
            {"id": "bye", "type": "end"},
            {"id": "sorry", "type": "end", "text": "Let's stop here."},
        ],
    }


def test_wrong_key_gets_apology_and_the_question_again() -> None:
    first, retry = run_script(BANK, Channel.VOICE, [DigitsInput("7")])
    assert said(retry) == ["Sorry, I didn't get that.", *said(first)[1:]]
    assert retry.state.node == "language" and retry.state.failures == 1


def test_silence_gets_its_own_apology() -> None:
    _, retry = run_script(BANK, Channel.VOICE, [NoInput()])
    assert said(retry)[0] == "Sorry, I didn't hear anything."


def test_node_retries_exhausted_leave_by_on_failure() -> None:
    flow = parse_flow(small_flow(on_failure="sorry"))
    steps = run_script(flow, Channel.VOICE, [DigitsInput("5"), DigitsInput("6")])
    assert said(steps[1])[0] == "Sorry, I didn't get that."
    assert steps[2].state.outcome is FlowOutcome.CONTAINED
    assert said(steps[2]) == ["Let's stop here."]


def test_node_retries_exhausted_without_on_failure_reach_an_agent() -> None:
    flow = parse_flow(small_flow())
    steps = run_script(flow, Channel.CHAT, [TextInput("what?"), TextInput("huh")])
    outcome = steps[-1].outcome
    assert isinstance(outcome, HandOff) and outcome.queue == "general"
    assert outcome.context.reason == "no valid answer at menu"
    assert steps[-1].state.outcome is FlowOutcome.ESCALATED


def test_flow_wide_failure_limit_hands_off_across_nodes() -> None:
    # max_failures 4 in the bank flow: 2 misses at the language menu, 2 at the account number.
    inputs = [
        DigitsInput("9"),
        DigitsInput("1"),
        DigitsInput("8"),
        DigitsInput("1"),
        DigitsInput("12345678"),
        DigitsInput("11111111"),
    ]
    steps = run_script(BANK, Channel.VOICE, inputs)
    last = steps[-1]
    assert isinstance(last.outcome, HandOff)
    assert last.outcome.context.reason == "4 failed attempts"
    assert said(last)[-1] == "Please hold while I connect you to an agent."


def test_invalid_account_number_fails_the_luhn_check() -> None:
    steps = run_script(
        BANK, Channel.VOICE, [DigitsInput("1"), DigitsInput("1"), DigitsInput("12345678")]
    )
    assert said(steps[-1])[0] == "That is not a valid account number."
    assert steps[-1].state.node == "account_number"


def test_zero_reaches_an_agent_from_any_waiting_node() -> None:
    for prefix in ([], [DigitsInput("1")], [DigitsInput("1"), DigitsInput("1")]):
        last = run_script(BANK, Channel.VOICE, [*prefix, DigitsInput("0")])[-1]
        assert isinstance(last.outcome, HandOff) and last.outcome.queue == "general"
        assert last.outcome.context.reason == "customer asked for an agent"


def test_agent_word_reaches_a_human_on_chat_mid_sentence() -> None:
    last = run_script(BANK, Channel.CHAT, [TextInput("1"), TextInput("I want a real Agent!")])[-1]
    assert isinstance(last.outcome, HandOff)
    assert last.state.outcome is FlowOutcome.ESCALATED


def test_zero_inside_an_account_number_is_not_an_escape() -> None:
    last = run_script(
        BANK, Channel.VOICE, [DigitsInput("1"), DigitsInput("1"), DigitsInput("00000000")]
    )[-1]
    # 00000000 passes Luhn, so it was looked up (unknown account) instead of escaping.
    assert last.state.path[-3:] == ("balance_lookup", "account_unknown", "to_agent")
    assert said(last) == ["We could not find that account.", "Connecting you now."]
    assert last.state.outcome is FlowOutcome.QUEUED


def test_account_number_owner_gets_balance_after_retry() -> None:
    steps = run_script(
        BANK,
        Channel.VOICE,
        [DigitsInput("1"), DigitsInput("1"), DigitsInput("1234"), DigitsInput(GOOD_ACCOUNT)],
    )
    assert said(steps[-2])[0] == "That is not a valid account number."
    assert said(steps[-1])[0] == "Your available balance is 1520.50 dollars."
