"""Flow analytics: per node entered/passed/dropped, and contained versus handed off."""

from __future__ import annotations

import pytest
from tests.unit.flows.fakes import GOOD_ACCOUNT, Backends, load_example, run_script

from frontline.domain.channels import Channel
from frontline.domain.flows import (
    DigitsInput,
    FlowAnalytics,
    FlowOutcome,
    HungUp,
    TextInput,
)

BANK = load_example("bank_ivr.yaml")


def record(analytics: FlowAnalytics, inputs: list, backends: Backends | None = None) -> None:
    for step in run_script(BANK, Channel.VOICE, inputs, backends):
        analytics.record_all(step.events)


def test_counts_over_four_scripted_calls() -> None:
    analytics = FlowAnalytics()
    # 1: balance, then goodbye -> contained
    record(
        analytics, [DigitsInput("1"), DigitsInput("1"), DigitsInput(GOOD_ACCOUNT), DigitsInput("2")]
    )
    # 2: hangs up at the main menu -> abandoned there
    record(analytics, [DigitsInput("1"), HungUp()])
    # 3: presses 0 at the language menu -> escalated
    record(analytics, [DigitsInput("0")])
    # 4: one wrong key, then intent -> queued to cards
    record(
        analytics,
        [DigitsInput("5"), DigitsInput("1"), DigitsInput("2"), TextInput("I lost my card")],
        Backends(wait_seconds=0),
    )
    stats = analytics.flow("bank-ivr")
    assert stats.outcomes == {
        FlowOutcome.CONTAINED: 1,
        FlowOutcome.ABANDONED: 1,
        FlowOutcome.ESCALATED: 1,
        FlowOutcome.QUEUED: 1,
    }
    assert (stats.finished, stats.contained, stats.handed_off, stats.abandoned) == (4, 1, 2, 1)
    assert stats.containment_rate == pytest.approx(0.25)
    language = stats.node("language")
    # a re-ask is a retry, not a new entry
    assert (language.entered, language.passed, language.retried) == (4, 3, 1)
    assert (language.contained, language.handed_off) == (1, 2)
    main = stats.node("main_menu")
    assert (main.entered, main.passed, main.dropped) == (3, 2, 1)
    assert stats.node("say_balance").contained == 1
    assert stats.node("to_agent").handed_off == 1
    assert stats.node("welcome").passed == 4


def test_empty_analytics_has_zero_containment() -> None:
    assert FlowAnalytics().flow("none").containment_rate == 0.0
