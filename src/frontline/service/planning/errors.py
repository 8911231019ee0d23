"""The one error the planning pipeline raises for input it cannot plan with.

Every message names what the planner must fix (the horizon rule, the shift, the period with
its day and clock time, the agent whose contract cannot be honoured), so the CLI can print it
as one line.
"""

from __future__ import annotations


class PlanningError(ValueError):
    """A plan cannot be made from this input; the message says which row or rule is at fault."""
