"""The one error type scheduling raises for bad input.

Planners fix their files by reading the message, so every message names the offending
row, shift, rule or agent instead of describing a solver failure.
"""

from __future__ import annotations


class SchedulingInputError(ValueError):
    """Input that cannot describe a valid scheduling problem; the message says where."""
