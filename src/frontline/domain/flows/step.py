"""One turn of the runner: what to present, and then what to wait for or what to do.

A `Step` carries the new state plus exactly one of: an `Expect` (the customer's turn), a
`Request` (the service layer's turn: fulfil it and feed the result back) or an `Outcome` (the
flow is over). Prompts come first in every case: "Your balance is ..." then "Goodbye".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from frontline.domain.flows.exchange import Request
from frontline.domain.flows.outcomes import FlowEvent, Outcome
from frontline.domain.flows.state import FlowState


@dataclass(frozen=True, slots=True)
class Prompt:
    """Words to say or show, in the language they are written in, or a recording to play."""

    text: str
    language: str
    audio_url: str | None = None


class InputMode(StrEnum):
    DIGITS = "digits"
    """Keypad digits (voice); speech is accepted too and read as spoken digits or words."""
    TEXT = "text"
    """Free text: typed on chat, transcribed speech on voice."""
    CHOICE = "choice"
    """Buttons (chat); typed text is matched against their labels as well."""


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Expect:
    mode: InputMode
    timeout_seconds: int
    min_digits: int = 1
    max_digits: int = 1
    choices: tuple[Choice, ...] = ()
    hints: tuple[str, ...] = ()
    """Words a speech recogniser should expect (menu labels)."""
    language: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    state: FlowState
    prompts: tuple[Prompt, ...]
    expect: Expect | None
    request: Request | None
    outcome: Outcome | None
    events: tuple[FlowEvent, ...]

    def __post_init__(self) -> None:
        chosen = [x for x in (self.expect, self.request, self.outcome) if x is not None]
        if len(chosen) != 1:
            raise ValueError("a step holds exactly one of expect, request and outcome")

    @property
    def finished(self) -> bool:
        return self.outcome is not None
