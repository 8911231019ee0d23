"""Errors the CRM rules raise.

Every error is a `ValueError` (one family for callers that turn bad input into a message) and
also one of the organisation error kinds (`InvalidValue`, `Conflict`), so the HTTP layer maps
CRM errors to the same status codes as the rest of the model without a second table.
"""

from __future__ import annotations

from frontline.domain.org.errors import Conflict, InvalidValue


class CrmError(ValueError):
    """Base of every CRM rule violation; the message is meant for the person who sent it."""


class CrmInvalidValue(CrmError, InvalidValue):
    """Input that breaks a rule by itself, whatever the current state."""


class CalendarError(CrmInvalidValue):
    """A business calendar that cannot be used: bad zone, overlapping hours, no hours at all."""


class InvalidPhone(CrmInvalidValue):
    """A phone number that is not a valid number for its (default) region."""


class InvalidEmail(CrmInvalidValue):
    """An email address that is not a valid addr-spec."""


class InvalidMerge(CrmInvalidValue):
    """A customer merge that cannot be carried out (into itself, already merged, too many ids)."""


class InvalidScript(CrmInvalidValue):
    """A guided script whose authoring is inconsistent; `step_id` names the step at fault."""

    def __init__(self, message: str, step_id: str | None = None) -> None:
        super().__init__(message)
        self.step_id = step_id


class InvalidAnswer(CrmInvalidValue):
    """An answer that does not fit the current step of a script run."""


class InvalidEscalation(CrmInvalidValue):
    """An escalation without a reason, to the same or a lower tier, or to no tier at all."""


class InvalidSlaPolicy(CrmInvalidValue):
    """An SLA policy with non-positive targets or an unusable warning rule."""


class CrmConflict(CrmError, Conflict):
    """A command that is well-formed but not allowed in the current state."""


class IllegalCaseTransition(CrmConflict):
    """A status change the case state machine does not allow; names both states."""

    def __init__(self, from_status: str, to_status: str) -> None:
        super().__init__(f"a case cannot go from {from_status!r} to {to_status!r}")
        self.from_status = from_status
        self.to_status = to_status


class MandatoryStepsPending(CrmConflict):
    """Resolving is refused while mandatory script steps (e.g. compliance statements) are open."""

    def __init__(self, steps: tuple[str, ...]) -> None:
        super().__init__("mandatory script steps are not completed: " + ", ".join(steps))
        self.steps = steps
