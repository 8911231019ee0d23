"""Errors raised by the routing engine.

Every error is a `ValueError` so that callers translating bad input (HTTP 4xx, CLI messages)
can catch one family; the subclasses let tests and callers tell the causes apart.
"""

from __future__ import annotations


class RoutingError(ValueError):
    """A command the routing engine cannot apply; the engine state is left unchanged."""


class IllegalTransition(RoutingError):
    """An agent state change that the state machine does not allow."""


class UnknownAgent(RoutingError):
    """The agent id is not registered with the engine."""


class UnknownQueue(RoutingError):
    """The queue id is not configured in the engine."""


class UnknownContact(RoutingError):
    """The contact id is not (or no longer) known to the engine."""


class DuplicateContact(RoutingError):
    """A contact id is enqueued while a contact with the same id is still live."""


class DuplicateAgent(RoutingError):
    """An agent id is added twice."""


class WrongContactPhase(RoutingError):
    """The command does not fit where the contact is (waiting, offered or being handled)."""


class NotYourOffer(RoutingError):
    """An agent accepts or declines an offer that was made to somebody else (or to nobody)."""


class ClockWentBackwards(RoutingError):
    """`now` is earlier than a time the engine has already seen."""
