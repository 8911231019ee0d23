"""Errors the organisation rules raise; outer layers map each kind to one HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule violation; the message is meant for the person who sent the input."""


class InvalidValue(DomainError):
    """A value breaks a rule of the model (out of range, malformed, inconsistent)."""


class NotFound(DomainError):
    """The referenced record does not exist (or is not visible to the caller)."""


class Conflict(DomainError):
    """The change collides with existing state, e.g. a duplicate unique name."""


class Forbidden(DomainError):
    """The caller is authenticated but the rules do not let them do this."""


class AuthenticationFailed(DomainError):
    """Credentials or token are wrong; deliberately vague about which part was wrong."""
