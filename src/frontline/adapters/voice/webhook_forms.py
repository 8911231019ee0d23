"""Parsing the carrier's webhook forms into typed values, with errors a 4xx can carry.

Every voice webhook carries ``CallSid``, ``From``, ``To`` and ``CallStatus``; gather callbacks
add ``Digits`` or ``SpeechResult``; status callbacks may add ``CallDuration``; recording
callbacks add ``RecordingUrl``. Numbers are E.164-ish (``+`` and up to 15 digits); a browser
or app leg shows as ``client:<identity>``; a withheld caller id is kept as None.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from frontline.domain.flows import CustomerInput, DigitsInput, NoInput, TextInput

_CALL_SID = re.compile(r"^CA[0-9A-Za-z]{1,64}$")
_E164ISH = re.compile(r"^\+?[1-9]\d{1,14}$")
_CLIENT = re.compile(r"^client:[A-Za-z0-9_.@-]{1,128}$")
_DIGITS = re.compile(r"^[0-9*#]{1,64}$")
WITHHELD = frozenset({"anonymous", "restricted", "unknown", "private", "unavailable"})
MAX_SPEECH = 2000


class WebhookFormError(ValueError):
    """A required field is missing or malformed; answer 400 with this message."""


class CallStatus(StrEnum):
    QUEUED = "queued"
    RINGING = "ringing"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    BUSY = "busy"
    FAILED = "failed"
    NO_ANSWER = "no-answer"
    CANCELED = "canceled"

    @property
    def is_final(self) -> bool:
        return self in _FINAL


_FINAL = frozenset(
    {
        CallStatus.COMPLETED,
        CallStatus.BUSY,
        CallStatus.FAILED,
        CallStatus.NO_ANSWER,
        CallStatus.CANCELED,
    }
)


@dataclass(frozen=True, slots=True)
class CallInfo:
    """The fields every voice webhook carries."""

    call_sid: str
    caller: str | None
    """E.164 number (``+`` added when missing) or ``client:<id>``; None when withheld."""
    called: str
    status: CallStatus


@dataclass(frozen=True, slots=True)
class GatherResult:
    call: CallInfo
    digits: str | None
    speech: str | None

    def as_input(self) -> CustomerInput:
        """Keys win over speech; nothing at all is silence."""
        if self.digits:
            return DigitsInput(self.digits)
        if self.speech:
            return TextInput(self.speech)
        return NoInput()


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    call: CallInfo
    duration_seconds: int | None


@dataclass(frozen=True, slots=True)
class RecordingResult:
    call: CallInfo
    recording_url: str
    duration_seconds: int


def _required(form: Mapping[str, str], name: str) -> str:
    value = form.get(name)
    if value is None or not value.strip():
        raise WebhookFormError(f"missing form field {name}")
    return value.strip()


def _number(value: str, name: str, *, allow_withheld: bool) -> str | None:
    if _CLIENT.fullmatch(value):
        return value
    if allow_withheld and value.lower() in WITHHELD:
        return None
    if not _E164ISH.fullmatch(value):
        raise WebhookFormError(f"{name} {value!r} is not a phone number in E.164 form")
    return value if value.startswith("+") else "+" + value


def parse_call(form: Mapping[str, str]) -> CallInfo:
    """The common fields; raises `WebhookFormError` naming the first bad field."""
    call_sid = _required(form, "CallSid")
    if not _CALL_SID.fullmatch(call_sid):
        raise WebhookFormError(f"CallSid {call_sid!r} is malformed")
    caller = _number(_required(form, "From"), "From", allow_withheld=True)
    called = _number(_required(form, "To"), "To", allow_withheld=False)
    assert called is not None
    raw_status = _required(form, "CallStatus")
    try:
        status = CallStatus(raw_status)
    except ValueError:
        raise WebhookFormError(f"CallStatus {raw_status!r} is unknown") from None
    return CallInfo(call_sid, caller, called, status)


def parse_gather(form: Mapping[str, str]) -> GatherResult:
    call = parse_call(form)
    digits = (form.get("Digits") or "").strip() or None
    if digits is not None and not _DIGITS.fullmatch(digits):
        raise WebhookFormError(f"Digits {digits!r} holds characters no keypad has")
    speech = " ".join((form.get("SpeechResult") or "").split()) or None
    if speech is not None and len(speech) > MAX_SPEECH:
        raise WebhookFormError(f"SpeechResult longer than {MAX_SPEECH} characters")
    return GatherResult(call, digits, speech)


def _seconds(form: Mapping[str, str], name: str) -> int | None:
    raw = form.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise WebhookFormError(f"{name} {raw!r} is not a whole number of seconds")
    return int(raw)


def parse_status(form: Mapping[str, str]) -> StatusUpdate:
    return StatusUpdate(parse_call(form), _seconds(form, "CallDuration"))


def parse_recording(form: Mapping[str, str]) -> RecordingResult:
    url = _required(form, "RecordingUrl")
    if not url.startswith("https://"):
        raise WebhookFormError("RecordingUrl must be an https URL")
    return RecordingResult(parse_call(form), url, _seconds(form, "RecordingDuration") or 0)
