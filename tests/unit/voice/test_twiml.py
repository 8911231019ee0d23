"""TwiML rendering, parsed back with xml.etree and checked element by element."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from tests.unit.flows.fakes import (
    GOOD_ACCOUNT,
    MONDAY_3PM_NEW_YORK,
    SATURDAY_NOON_NEW_YORK,
    Backends,
    contact_center_hours,
    load_example,
    run_script,
)

from frontline.adapters.voice.twiml import (
    VoiceUrls,
    render_connect_to_agent,
    render_message,
    render_step,
)
from frontline.domain.channels import Channel
from frontline.domain.flows import (
    DigitsInput,
    FlowContext,
    LookupResult,
    LookupStatus,
    TextInput,
    feed,
    start,
)

BANK = load_example("bank_ivr.yaml")
URLS = VoiceUrls(
    gather="https://cc.example/voice/gather",
    no_input="https://cc.example/voice/gather?silence=1",
    recording="https://cc.example/voice/recording",
    wait="https://cc.example/voice/hold",
)


def parse(xml: str) -> ET.Element:
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(xml)  # noqa: S314 - our own output, under test
    assert root.tag == "Response"
    return root


def test_menu_renders_a_gather_with_prompts_inside_and_a_redirect() -> None:
    root = parse(render_step(run_script(BANK, Channel.VOICE, [])[0], URLS))
    gather, redirect = list(root)
    assert gather.tag == "Gather" and redirect.tag == "Redirect"
    assert gather.attrib == {
        "input": "dtmf speech",
        "action": URLS.gather,
        "method": "POST",
        "timeout": "6",
        "numDigits": "1",
        "speechTimeout": "auto",
        "language": "en-US",
        "hints": "English, Español",
    }
    says = [(s.get("language"), s.text) for s in gather.findall("Say")]
    assert says[0] == ("en-US", "Welcome to Example Bank.")
    assert says[-1] == ("es-US", "Para español, oprima 2.")
    assert redirect.text == URLS.no_input and redirect.get("method") == "POST"


def test_free_text_gathers_speech_only() -> None:
    steps = run_script(BANK, Channel.VOICE, [DigitsInput("1"), DigitsInput("2")])
    gather = parse(render_step(steps[-1], URLS)).find("Gather")
    assert gather is not None
    assert gather.get("input") == "speech" and gather.get("numDigits") is None


def test_variable_length_digits_finish_on_hash() -> None:
    flow_step = run_script(BANK, Channel.VOICE, [DigitsInput("1"), DigitsInput("1")])[-1]
    gather = parse(render_step(flow_step, URLS)).find("Gather")
    assert gather is not None and gather.get("numDigits") == "8"


def test_hand_off_enqueues_with_hold_music() -> None:
    steps = run_script(
        BANK,
        Channel.VOICE,
        [DigitsInput("1"), DigitsInput("2"), TextInput("I lost my card")],
        Backends(wait_seconds=0),
    )
    root = parse(render_step(steps[-1], URLS))
    assert [child.tag for child in root] == ["Say", "Enqueue"]
    enqueue = root.find("Enqueue")
    assert enqueue is not None and enqueue.text == "cards"
    assert enqueue.get("waitUrl") == URLS.wait


def test_voicemail_records_then_hangs_up() -> None:
    context = FlowContext(schedules={"contact_center": contact_center_hours()})
    step = start(BANK, Channel.VOICE, context, SATURDAY_NOON_NEW_YORK)
    root = parse(render_step(step, URLS))
    assert [child.tag for child in root] == ["Say", "Say", "Say", "Record", "Hangup"]
    record = root.find("Record")
    assert record is not None
    assert (record.get("maxLength"), record.get("action")) == ("120", URLS.recording)


def test_customer_data_is_escaped_not_injected() -> None:
    steps = run_script(BANK, Channel.VOICE, [DigitsInput("1"), DigitsInput("1")])
    asked = feed(steps[-1].state, DigitsInput(GOOD_ACCOUNT), MONDAY_3PM_NEW_YORK)
    hostile = '</Say><Dial>+19005550000</Dial><Say a="&'
    answered = feed(
        asked.state,
        LookupResult(LookupStatus.OK, {"balance": hostile + "\x07"}),
        MONDAY_3PM_NEW_YORK,
    )
    xml = render_step(answered, URLS)
    root = parse(xml)
    assert root.find(".//Dial") is None
    first_say = root.find("Gather/Say")
    assert first_say is not None
    assert first_say.text == f"Your available balance is {hostile} dollars."
    assert "\x07" not in xml


def test_goodbye_hangs_up_and_requests_cannot_be_rendered() -> None:
    steps = run_script(
        BANK,
        Channel.VOICE,
        [DigitsInput("1"), DigitsInput("1"), DigitsInput(GOOD_ACCOUNT), DigitsInput("2")],
    )
    assert [c.tag for c in parse(render_step(steps[-1], URLS))] == ["Say", "Hangup"]
    pending = feed(steps[2].state, DigitsInput(GOOD_ACCOUNT), MONDAY_3PM_NEW_YORK)
    assert pending.request is not None
    with pytest.raises(ValueError, match="drive it first"):
        render_step(pending, URLS)


def test_connect_to_agent_and_plain_message() -> None:
    dial = parse(render_connect_to_agent("agent-7&co")).find("Dial")
    assert dial is not None
    client = dial.find("Client")
    assert client is not None and client.text == "agent-7&co"
    root = parse(render_message("This number is not in service."))
    assert [c.tag for c in root] == ["Say", "Hangup"]
