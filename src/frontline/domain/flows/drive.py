"""Fulfil a step's requests until the customer has to act or the flow is over.

A channel adapter answering one webhook cannot return "please look this up" to a caller: it
must fulfil lookups, intent and article requests, and wait estimates, then answer with the next
thing the customer hears. `drive` does that loop with a caller-supplied ``fulfil`` function (the
service layer's adapters, or a fake in tests), merging the prompts and events of every step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from frontline.domain.flows.exchange import Request, RequestResult
from frontline.domain.flows.runner import feed
from frontline.domain.flows.step import Step

MAX_REQUESTS = 50


def drive(step: Step, fulfil: Callable[[Request], RequestResult], now: datetime) -> Step:
    """Feed ``fulfil(request)`` back until the step expects the customer or has an outcome."""
    prompts, events = list(step.prompts), list(step.events)
    for _ in range(MAX_REQUESTS):
        if step.request is None:
            return replace(step, prompts=tuple(prompts), events=tuple(events))
        step = feed(step.state, fulfil(step.request), now)
        prompts += step.prompts
        events += step.events
    raise RuntimeError(f"more than {MAX_REQUESTS} requests in one turn")
