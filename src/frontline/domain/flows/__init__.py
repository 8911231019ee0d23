"""Self-service flows: the flow model, its validation, the pure runner and flow analytics.

Flows are data (decoded from YAML or JSON at the edge and validated by `parse_flow`); the runner
is a state machine (`start`, `feed`) that asks the service layer for lookups, intents, articles
and wait estimates through requests instead of performing I/O. See docs/guides/flows.md.
"""

from frontline.domain.flows.analytics import FlowAnalytics, FlowStats, NodeStats
from frontline.domain.flows.drive import drive
from frontline.domain.flows.errors import FlowProblem, FlowRuntimeError, FlowValidationError
from frontline.domain.flows.exchange import (
    ArticleRequest,
    ArticleResult,
    CustomerInput,
    DigitsInput,
    FlowInput,
    HungUp,
    IntentRequest,
    IntentResult,
    LookupRequest,
    LookupResult,
    LookupStatus,
    NoInput,
    Request,
    RequestResult,
    TextInput,
    WaitEstimate,
    WaitEstimateRequest,
)
from frontline.domain.flows.flow import Flow
from frontline.domain.flows.outcomes import (
    EndFlow,
    FlowEvent,
    FlowFinished,
    FlowOutcome,
    HandOff,
    HandOffContext,
    Outcome,
    ScheduleCallback,
    TakeVoicemail,
)
from frontline.domain.flows.parse import parse_flow
from frontline.domain.flows.runner import feed, start
from frontline.domain.flows.state import FlowContext, FlowState
from frontline.domain.flows.step import Choice, Expect, InputMode, Prompt, Step

__all__ = [
    "ArticleRequest",
    "ArticleResult",
    "Choice",
    "CustomerInput",
    "DigitsInput",
    "EndFlow",
    "Expect",
    "Flow",
    "FlowAnalytics",
    "FlowContext",
    "FlowEvent",
    "FlowFinished",
    "FlowInput",
    "FlowOutcome",
    "FlowProblem",
    "FlowRuntimeError",
    "FlowState",
    "FlowStats",
    "FlowValidationError",
    "HandOff",
    "HandOffContext",
    "HungUp",
    "InputMode",
    "IntentRequest",
    "IntentResult",
    "LookupRequest",
    "LookupResult",
    "LookupStatus",
    "NoInput",
    "NodeStats",
    "Outcome",
    "Prompt",
    "Request",
    "RequestResult",
    "ScheduleCallback",
    "Step",
    "TakeVoicemail",
    "TextInput",
    "WaitEstimate",
    "WaitEstimateRequest",
    "drive",
    "feed",
    "parse_flow",
    "start",
]
