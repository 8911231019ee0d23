"""The one error type CLI commands raise for bad input: printed as a single line, exit 1."""

from __future__ import annotations


class CliError(Exception):
    """A user-facing failure: the message is the whole explanation, no traceback."""
