"""Properties of the runner under arbitrary customer input (Hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.flows.fakes import MONDAY_3PM_NEW_YORK, Backends, load_example, run_script

from frontline.domain.channels import Channel
from frontline.domain.flows import (
    DigitsInput,
    FlowInput,
    FlowOutcome,
    FlowState,
    HandOff,
    NoInput,
    TextInput,
    drive,
    feed,
)

FLOWS = [load_example("bank_ivr.yaml"), load_example("chat_assistant.yaml")]
customer_input = st.one_of(
    st.builds(DigitsInput, st.text("0123456789*#", min_size=1, max_size=9)),
    st.builds(
        TextInput,
        st.sampled_from(
            [
                "yes",
                "no",
                "balance",
                "one",
                "lost card",
                "help",
                "exchange rate",
                "12345674",
                "1700",
                "¿qué?",
                "",
            ]
        ),
    ),
    st.just(NoInput()),
)


@settings(max_examples=150, deadline=None)
@given(
    flow_index=st.sampled_from([0, 1]),
    channel=st.sampled_from([Channel.VOICE, Channel.CHAT]),
    inputs=st.lists(customer_input, max_size=12),
    wait=st.sampled_from([0.0, 900.0]),
)
def test_any_input_keeps_the_run_well_formed(
    flow_index: int, channel: Channel, inputs: list[FlowInput], wait: float
) -> None:
    flow = FLOWS[flow_index]
    backends = Backends(wait_seconds=wait)
    step = run_script(flow, channel, [], backends)[0]
    for received in inputs:
        if step.finished:
            break
        step = drive(feed(step.state, received, MONDAY_3PM_NEW_YORK), backends, MONDAY_3PM_NEW_YORK)
        # failures never exceed the limit: reaching it always ends the run
        assert step.state.failures <= flow.max_failures
        restored = FlowState.restore(flow, step.state.snapshot(), step.state.schedules)
        assert restored.snapshot() == step.state.snapshot()
    if not step.finished:
        # from wherever the customer is waiting, "agent" reaches a human
        escaped = feed(step.state, TextInput("agent"), MONDAY_3PM_NEW_YORK)
        assert isinstance(escaped.outcome, HandOff)
        assert escaped.state.outcome is FlowOutcome.ESCALATED
