"""What goes into the runner (customer input, fulfilled requests) and what comes out of it.

The runner never performs I/O. When a node needs the outside world (a backend lookup, the intent
bot, a knowledge-base article, the expected wait of a queue) the step carries a *request*; the
service layer fulfils it and feeds the matching *result* back. Customer input arrives as digits,
text (typed or transcribed speech, or a chat button's value), silence or a hang-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from frontline.domain.bot_policy import BotDecision, IntentPrediction


@dataclass(frozen=True, slots=True)
class DigitsInput:
    digits: str


@dataclass(frozen=True, slots=True)
class TextInput:
    """Typed text, a transcription of speech, or the value of a chat button."""

    text: str


@dataclass(frozen=True, slots=True)
class NoInput:
    """The node's timeout passed without input."""


@dataclass(frozen=True, slots=True)
class HungUp:
    """The customer left (call completed, chat closed) before the flow finished."""


class LookupStatus(StrEnum):
    OK = "ok"
    NOT_FOUND = "not_found"
    FAILED = "failed"
    TIMED_OUT = "timed_out"


@dataclass(frozen=True, slots=True)
class LookupResult:
    status: LookupStatus
    data: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IntentResult:
    """The bot's ranking and its policy decision (answer, clarify between two, hand off)."""

    prediction: IntentPrediction
    decision: BotDecision


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """A knowledge-base article, or ``found=False`` when there is none for the key."""

    found: bool
    title: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    """Expected wait in seconds of a queue right now."""

    seconds: float


CustomerInput = DigitsInput | TextInput | NoInput | HungUp
RequestResult = LookupResult | IntentResult | ArticleResult | WaitEstimate
FlowInput = CustomerInput | RequestResult


@dataclass(frozen=True, slots=True)
class LookupRequest:
    node: str
    source: str
    backend: str
    operation: str
    params: Mapping[str, str]
    timeout_seconds: float


@dataclass(frozen=True, slots=True)
class IntentRequest:
    node: str
    text: str
    language: str


@dataclass(frozen=True, slots=True)
class ArticleRequest:
    node: str
    article: str
    language: str


@dataclass(frozen=True, slots=True)
class WaitEstimateRequest:
    node: str
    queue: str


Request = LookupRequest | IntentRequest | ArticleRequest | WaitEstimateRequest
