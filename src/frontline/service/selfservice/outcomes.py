"""What a finished flow means for the live platform, the same on chat and voice: the hand-off
context the agent sees, and where the contact is routed."""

from __future__ import annotations

from frontline.domain.flows import HandOff, HandOffContext
from frontline.service.selfservice.ports import JsonDict


def context_view(context: HandOffContext, skills: dict[str, int] | None = None) -> JsonDict:
    """The screen-pop: intent, answers, data, path and reason; the skills asked for."""
    view = context.to_dict()
    if skills:
        view["skills"] = dict(skills)
    return view


def hand_off_view(outcome: HandOff) -> JsonDict:
    return context_view(outcome.context, dict(outcome.skills))
