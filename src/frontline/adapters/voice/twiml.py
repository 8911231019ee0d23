"""Render a flow `Step` as TwiML, the XML a programmable-voice carrier executes.

- the customer's turn: ``<Gather>`` (keys and speech, or speech alone for free text) wrapping
  the prompts so callers can barge in, then a ``<Redirect>`` the carrier follows on silence;
- a hand-off: the prompts, then ``<Enqueue>`` into the queue (hold music from ``wait_url``);
- voicemail: the prompts, ``<Record>``, ``<Hangup/>``; a callback booked or self-service done:
  the prompts and ``<Hangup/>``.
Documents are built with ``xml.etree``, so customer and author text is always escaped, and
control characters (which XML 1.0 cannot carry) are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from frontline.domain.flows import (
    EndFlow,
    Expect,
    HandOff,
    InputMode,
    Prompt,
    ScheduleCallback,
    Step,
    TakeVoicemail,
)

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


@dataclass(frozen=True, slots=True)
class VoiceUrls:
    """Where the carrier posts back: gathered input, silence, recordings; and hold music."""

    gather: str
    no_input: str
    recording: str | None = None
    wait: str | None = None


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _document(root: ET.Element) -> str:
    return DECLARATION + ET.tostring(root, encoding="unicode")


def _prompts(parent: ET.Element, prompts: tuple[Prompt, ...], voice: str | None) -> None:
    for prompt in prompts:
        if prompt.audio_url:
            ET.SubElement(parent, "Play").text = _clean(prompt.audio_url)
            continue
        if not prompt.text.strip():
            continue
        say = ET.SubElement(parent, "Say")
        if prompt.language:
            say.set("language", prompt.language)
        if voice:
            say.set("voice", voice)
        say.text = _clean(prompt.text)


def _gather(
    root: ET.Element, expect: Expect, step: Step, urls: VoiceUrls, voice: str | None
) -> None:
    gather = ET.SubElement(root, "Gather")
    gather.set("input", "speech" if expect.mode is InputMode.TEXT else "dtmf speech")
    gather.set("action", urls.gather)
    gather.set("method", "POST")
    gather.set("timeout", str(expect.timeout_seconds))
    if expect.mode is not InputMode.TEXT:
        if expect.min_digits == expect.max_digits:
            gather.set("numDigits", str(expect.max_digits))
        else:
            gather.set("finishOnKey", "#")
    if expect.mode is InputMode.TEXT or expect.hints:
        gather.set("speechTimeout", "auto")
    if expect.language:
        gather.set("language", expect.language)
    if expect.hints:
        gather.set("hints", _clean(", ".join(expect.hints)))
    _prompts(gather, step.prompts, voice)
    redirect = ET.SubElement(root, "Redirect")
    redirect.set("method", "POST")
    redirect.text = urls.no_input


def render_step(step: Step, urls: VoiceUrls, *, voice: str | None = None) -> str:
    """The TwiML answering the webhook that produced ``step``."""
    root = ET.Element("Response")
    if step.expect is not None:
        _gather(root, step.expect, step, urls, voice)
        return _document(root)
    if step.request is not None:
        raise ValueError("a step with a pending request cannot be rendered: drive it first")
    _prompts(root, step.prompts, voice)
    match step.outcome:
        case HandOff():
            enqueue = ET.SubElement(root, "Enqueue")
            if urls.wait:
                enqueue.set("waitUrl", urls.wait)
                enqueue.set("waitUrlMethod", "POST")
            enqueue.text = step.outcome.queue
        case TakeVoicemail():
            record = ET.SubElement(root, "Record")
            record.set("maxLength", str(step.outcome.max_seconds))
            record.set("playBeep", "true")
            if urls.recording:
                record.set("action", urls.recording)
                record.set("method", "POST")
            ET.SubElement(root, "Hangup")
        case ScheduleCallback() | EndFlow():
            ET.SubElement(root, "Hangup")
    return _document(root)


def render_connect_to_agent(client_identity: str, *, timeout_seconds: int = 20) -> str:
    """Bridge the call to the agent's browser or app client once the agent accepts the offer."""
    root = ET.Element("Response")
    dial = ET.SubElement(root, "Dial")
    dial.set("timeout", str(timeout_seconds))
    ET.SubElement(dial, "Client").text = _clean(client_identity)
    return _document(root)


def render_message(text: str, language: str = "en-US", *, hang_up: bool = True) -> str:
    """A spoken message (for example "this number is not in service"), then hang up."""
    root = ET.Element("Response")
    _prompts(root, (Prompt(text, language),), None)
    if hang_up:
        ET.SubElement(root, "Hangup")
    return _document(root)


def render_empty() -> str:
    """An empty response: acknowledges a status callback without instructions."""
    return _document(ET.Element("Response"))
