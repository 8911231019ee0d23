"""Lookups with fallback, intent-based routing, clarifying questions and knowledge-base answers."""

from __future__ import annotations

import pytest
from tests.unit.flows.fakes import (
    GOOD_ACCOUNT,
    MONDAY_3PM_NEW_YORK,
    Backends,
    KeywordBot,
    load_example,
    run_script,
    said,
)

from frontline.domain.channels import Channel
from frontline.domain.flows import (
    DigitsInput,
    FlowOutcome,
    FlowRuntimeError,
    HandOff,
    IntentRequest,
    LookupRequest,
    LookupResult,
    LookupStatus,
    TextInput,
    WaitEstimate,
    feed,
)

BANK = load_example("bank_ivr.yaml")
CHAT = load_example("chat_assistant.yaml")
TO_BALANCE = [DigitsInput("1"), DigitsInput("1"), DigitsInput(GOOD_ACCOUNT)]


def test_lookup_request_carries_the_collected_account_and_timeout() -> None:
    backends = Backends()
    run_script(BANK, Channel.VOICE, TO_BALANCE, backends)
    [lookup] = [r for r in backends.requests if isinstance(r, LookupRequest)]
    assert (lookup.backend, lookup.operation) == ("core_banking", "balance")
    assert lookup.params == {"account": GOOD_ACCOUNT} and lookup.timeout_seconds == 2.0


def test_lookup_timeout_takes_the_fallback_branch() -> None:
    backends = Backends(slow_accounts={GOOD_ACCOUNT}, wait_seconds=60)
    last = run_script(BANK, Channel.VOICE, TO_BALANCE, backends)[-1]
    assert "balance_unavailable" in last.state.path
    assert said(last)[:2] == ["Sorry, balances are not available right now.", "Connecting you now."]
    assert last.state.data["account_status"] == "timed_out"
    assert isinstance(last.outcome, HandOff)


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (LookupStatus.OK, "say_balance"),
        (LookupStatus.NOT_FOUND, "account_unknown"),
        (LookupStatus.FAILED, "balance_unavailable"),
        (LookupStatus.TIMED_OUT, "balance_unavailable"),
    ],
)
def test_every_lookup_status_has_its_branch(status: LookupStatus, target: str) -> None:
    steps = run_script(BANK, Channel.VOICE, TO_BALANCE[:2])
    asked = feed(steps[-1].state, TO_BALANCE[2], MONDAY_3PM_NEW_YORK)
    assert isinstance(asked.request, LookupRequest)
    answered = feed(asked.state, LookupResult(status, {"balance": 3}), MONDAY_3PM_NEW_YORK)
    assert answered.state.path[answered.state.path.index("balance_lookup") + 1] == target


def test_feeding_an_unexpected_answer_is_a_programming_error() -> None:
    steps = run_script(BANK, Channel.VOICE, TO_BALANCE[:2])
    with pytest.raises(FlowRuntimeError, match="waits for input, not LookupResult"):
        feed(steps[-1].state, LookupResult(LookupStatus.OK), MONDAY_3PM_NEW_YORK)
    done = run_script(BANK, Channel.VOICE, [DigitsInput("0")])[-1]
    with pytest.raises(FlowRuntimeError, match="already finished"):
        feed(done.state, DigitsInput("1"), MONDAY_3PM_NEW_YORK)


def test_intent_routes_a_lost_card_to_the_cards_queue_with_skills_and_priority() -> None:
    backends = Backends(wait_seconds=60)
    steps = run_script(
        BANK,
        Channel.VOICE,
        [DigitsInput("1"), DigitsInput("2"), TextInput("I lost my card yesterday")],
        backends,
    )
    outcome = steps[-1].outcome
    assert isinstance(outcome, HandOff)
    assert (outcome.queue, dict(outcome.skills), outcome.priority) == ("cards", {"cards": 2}, 50)
    assert outcome.context.intent == "lost_or_stolen_card"
    assert outcome.context.intent_confidence == 1.0
    assert ("Customer said", "I lost my card yesterday") in outcome.context.answers
    [intent_request] = [r for r in backends.requests if isinstance(r, IntentRequest)]
    assert intent_request.language == "en-US"


def test_spanish_skill_survives_intent_routing() -> None:
    steps = run_script(
        BANK,
        Channel.VOICE,
        [DigitsInput("2"), DigitsInput("2"), TextInput("my pin is blocked")],
        Backends(wait_seconds=0),
    )
    outcome = steps[-1].outcome
    assert isinstance(outcome, HandOff)
    assert dict(outcome.skills) == {"spanish": 1, "cards": 1}
    assert outcome.priority == 20 and outcome.context.language == "es-US"


def test_unsure_bot_asks_which_of_two_then_routes() -> None:
    backends = Backends(wait_seconds=0)
    steps = run_script(
        BANK,
        Channel.VOICE,
        [DigitsInput("1"), DigitsInput("2"), TextInput("lost card, exchange?"), DigitsInput("2")],
        backends,
    )
    clarify, routed = steps[-2], steps[-1]
    assert said(clarify) == [
        "Did you mean a lost or stolen card or exchange rates?",
        "Press 1 for a lost or stolen card.",
        "Press 2 for exchange rates.",
    ]
    assert isinstance(routed.outcome, HandOff)
    assert routed.outcome.context.intent == "exchange_rate"
    assert routed.outcome.queue == "general"


def test_bot_hand_off_decision_re_asks_then_escalates() -> None:
    backends = Backends(bot=KeywordBot({"a": ("alpha",), "b": ("beta",), "c": ("gamma",)}))
    steps = run_script(
        CHAT,
        Channel.CHAT,
        [TextInput("hmm"), TextInput("no idea"), TextInput("still nothing")],
        backends,
    )
    assert said(steps[1])[0] == "Sorry, I'm not sure I understood. Could you put it another way?"
    assert isinstance(steps[-1].outcome, HandOff)
    assert steps[-1].state.outcome is FlowOutcome.ESCALATED
    assert steps[-1].outcome.queue == "chat_general"


def test_chat_answers_from_the_knowledge_base_and_is_contained() -> None:
    steps = run_script(
        CHAT, Channel.CHAT, [TextInput("When will my new card arrive?"), TextInput("yes, thanks")]
    )
    answered, done = steps[1], steps[2]
    assert said(answered) == [
        "New cards arrive within 5 working days.",
        "Did that answer your question?",
    ]
    assert answered.expect is not None
    assert [c.value for c in answered.expect.choices] == ["yes", "no"]
    assert done.state.outcome is FlowOutcome.CONTAINED


def test_chat_hand_off_carries_the_screen_pop_context() -> None:
    steps = run_script(
        CHAT, Channel.CHAT, [TextInput("what is the exchange rate to euro"), TextInput("no")]
    )
    outcome = steps[-1].outcome
    assert isinstance(outcome, HandOff) and outcome.queue == "chat_general"
    pop = outcome.context.to_dict()
    assert pop["intent"] == "exchange_rate"
    assert pop["answers"] == [
        {"label": "Customer said", "value": "what is the exchange rate to euro"},
        {"label": "Answer helped", "value": "no"},
    ]
    assert pop["path"][-3:] == ["helped", "check_helped", "to_agent"]


def test_missing_article_goes_to_an_agent() -> None:
    steps = run_script(CHAT, Channel.CHAT, [TextInput("my top up failed")])
    outcome = steps[-1].outcome
    assert isinstance(outcome, HandOff)
    assert (outcome.queue, dict(outcome.skills)) == ("payments", {"payments": 1})


def test_urgent_intent_raises_priority_through_a_set_node() -> None:
    steps = run_script(CHAT, Channel.CHAT, [TextInput("my card was stolen")])
    outcome = steps[-1].outcome
    assert isinstance(outcome, HandOff)
    assert (outcome.queue, outcome.priority) == ("cards", 80)
    assert outcome.context.data["urgent"] is True


def test_long_wait_offers_a_callback_short_wait_does_not() -> None:
    inputs = [DigitsInput("1"), DigitsInput("2"), TextInput("exchange rate please")]
    short = run_script(BANK, Channel.VOICE, inputs, Backends(wait_seconds=180))[-1]
    assert isinstance(short.outcome, HandOff)  # 180 s is not above the 180 s threshold
    long = run_script(BANK, Channel.VOICE, inputs, Backends(wait_seconds=600))[-1]
    assert said(long) == [
        "All our agents are busy; the expected wait is about 10 minutes.",
        "Press 1 for a call back without losing your place.",
        "Press 2 for a call back at a time you choose.",
        "Press 3 for staying on the line.",
    ]
    stay = feed(long.state, DigitsInput("3"), MONDAY_3PM_NEW_YORK)
    assert isinstance(stay.outcome, HandOff) and stay.outcome.queue == "general"
    assert isinstance(WaitEstimate(1.0).seconds, float)
