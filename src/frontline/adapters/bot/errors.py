"""Failures of the bot adapters that a user can act on, each with a message that says how."""

from __future__ import annotations


class BotError(Exception):
    """Base class: the message is the whole explanation and is shown to the user as is."""


class BotDataError(BotError):
    """A training or evaluation file is missing, unreadable or not ``text,category`` data."""


class BotModelError(BotError):
    """A model folder is missing, incomplete, corrupt or from an incompatible version."""


class FeaturiserUnavailable(BotError):
    """The featuriser a model needs (an optional package) is not installed."""
