"""Webhook form parsing: required fields, number formats, digits and statuses."""

from __future__ import annotations

import pytest

from frontline.adapters.voice.call_lifecycle import CallStatusConflict, advance
from frontline.adapters.voice.webhook_forms import (
    CallStatus,
    WebhookFormError,
    parse_call,
    parse_gather,
    parse_recording,
    parse_status,
)
from frontline.domain.flows import DigitsInput, NoInput, TextInput

BASE = {
    "CallSid": "CA0123456789abcdef0123456789abcdef",
    "From": "+14155550100",
    "To": "+18005550199",
    "CallStatus": "ringing",
}


@pytest.mark.parametrize("field", ["CallSid", "From", "To", "CallStatus"])
def test_each_required_field_is_named_when_missing(field: str) -> None:
    form = {k: v for k, v in BASE.items() if k != field}
    with pytest.raises(WebhookFormError, match=f"missing form field {field}"):
        parse_call(form)
    with pytest.raises(WebhookFormError, match=field):
        parse_call({**BASE, field: "  "})


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("CallSid", "XX123", "malformed"),
        ("From", "555-0100", "E.164"),
        ("To", "anonymous", "E.164"),
        ("CallStatus", "exploded", "unknown"),
    ],
)
def test_malformed_fields(field: str, value: str, fragment: str) -> None:
    with pytest.raises(WebhookFormError, match=fragment):
        parse_call({**BASE, field: value})


def test_numbers_withheld_callers_and_clients() -> None:
    assert parse_call(BASE).caller == "+14155550100"
    assert parse_call({**BASE, "From": "14155550100"}).caller == "+14155550100"
    assert parse_call({**BASE, "From": "Anonymous"}).caller is None
    assert parse_call({**BASE, "From": "client:agent-7"}).caller == "client:agent-7"
    assert parse_call({**BASE, "CallStatus": "in-progress"}).status is CallStatus.IN_PROGRESS


def test_gather_turns_into_flow_input() -> None:
    assert parse_gather({**BASE, "Digits": "12#"}).as_input() == DigitsInput("12#")
    speech = parse_gather({**BASE, "SpeechResult": "  lost   my card "})
    assert speech.as_input() == TextInput("lost my card")
    assert parse_gather({**BASE, "Digits": "4", "SpeechResult": "x"}).as_input() == DigitsInput("4")
    assert parse_gather(BASE).as_input() == NoInput()
    with pytest.raises(WebhookFormError, match="Digits"):
        parse_gather({**BASE, "Digits": "12a"})


def test_status_and_recording_forms() -> None:
    done = parse_status({**BASE, "CallStatus": "completed", "CallDuration": "42"})
    assert done.call.status is CallStatus.COMPLETED and done.duration_seconds == 42
    with pytest.raises(WebhookFormError, match="CallDuration"):
        parse_status({**BASE, "CallDuration": "-1"})
    rec = parse_recording(
        {**BASE, "RecordingUrl": "https://carrier.example/r/RE1", "RecordingDuration": "17"}
    )
    assert rec.duration_seconds == 17
    with pytest.raises(WebhookFormError, match="https"):
        parse_recording({**BASE, "RecordingUrl": "file:///etc/passwd"})


def test_call_lifecycle_ignores_late_reports_and_refuses_contradictions() -> None:
    status = advance(None, CallStatus.RINGING)
    status = advance(status, CallStatus.IN_PROGRESS)
    assert advance(status, CallStatus.RINGING) is CallStatus.IN_PROGRESS  # late, ignored
    with pytest.raises(CallStatusConflict, match="answered"):
        advance(status, CallStatus.BUSY)
    done = advance(status, CallStatus.COMPLETED)
    assert advance(done, CallStatus.COMPLETED) is CallStatus.COMPLETED  # carrier retry
    with pytest.raises(CallStatusConflict, match="already completed"):
        advance(done, CallStatus.IN_PROGRESS)
    assert advance(CallStatus.RINGING, CallStatus.NO_ANSWER) is CallStatus.NO_ANSWER
