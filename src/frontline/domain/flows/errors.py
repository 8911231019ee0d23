"""Errors of the flow engine: a rejected flow document, and a runner driven the wrong way.

A flow is written by an administrator, so a rejected upload must say *where* it is wrong: every
problem names the node and the field. All problems of one document are reported together so the
author can fix them in one pass instead of one upload per mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from frontline.domain.org.errors import DomainError, InvalidValue


@dataclass(frozen=True, slots=True)
class FlowProblem:
    """One thing wrong with a flow: the node (empty for flow-wide settings), the field, why."""

    node: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"node {self.node!r}" if self.node else "flow"
        field = f" field {self.field!r}" if self.field else ""
        return f"{where}{field}: {self.message}"


class FlowValidationError(InvalidValue):
    """The flow document was rejected; ``problems`` lists every reason, each naming its node."""

    def __init__(self, problems: Iterable[FlowProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid flow: " + "; ".join(str(p) for p in self.problems))


class FlowRuntimeError(DomainError):
    """The caller drove the runner wrongly (fed a finished flow, or an answer it did not ask for).

    This is a programming error in the service layer, never the customer's fault: customer input
    that does not fit is handled inside the flow as a retry.
    """


class FieldError(Exception):
    """Raised while parsing one node; the parser adds the node id and records a `FlowProblem`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
