"""Dispositions (wrap-up codes): why an interaction ended, chosen by the agent per queue.

Reporting on contact reasons and outcomes is only as good as its coverage, so a queue can make
a disposition mandatory: `check_can_close` refuses to close an interaction without a valid
one. Codes are per queue because a sales queue and a fraud queue end calls for different
reasons; a code can demand a note ("other" without explanation is useless in a report).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from frontline.domain.crm.case_records import aware_utc, checked_text
from frontline.domain.crm.errors import CrmConflict, CrmInvalidValue
from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.text import clean_slug

MAX_NOTE = 2000


class DispositionRequired(CrmConflict):
    """The interaction cannot close: its queue requires a disposition it does not have."""


@dataclass(frozen=True)
class DispositionCode:
    code: str
    label: str
    requires_note: bool = False

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "code", clean_slug(self.code, "disposition code"))
        except InvalidValue as exc:
            raise CrmInvalidValue(str(exc)) from exc
        object.__setattr__(self, "label", checked_text(self.label, "label", 100))


@dataclass(frozen=True)
class WrapUp:
    """What the agent chose at the end of an interaction."""

    codes: tuple[str, ...]
    at: datetime
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", aware_utc(self.at))
        object.__setattr__(self, "note", checked_text(self.note, "note", MAX_NOTE, 0))


@dataclass(frozen=True)
class DispositionSet:
    """The codes a queue offers; ``required`` makes one mandatory before closing."""

    queue: str
    codes: tuple[DispositionCode, ...]
    required: bool = True
    max_codes: int = 1

    def __post_init__(self) -> None:
        names = [c.code for c in self.codes]
        if len(set(names)) != len(names):
            raise CrmInvalidValue(f"queue {self.queue!r} lists a disposition code twice")
        if self.required and not self.codes:
            raise CrmInvalidValue(f"queue {self.queue!r} requires a disposition but has no codes")
        if self.max_codes < 1:
            raise CrmInvalidValue("max_codes must be at least 1")

    def code(self, name: str) -> DispositionCode:
        found = next((c for c in self.codes if c.code == name), None)
        if found is None:
            offered = ", ".join(c.code for c in self.codes)
            raise CrmInvalidValue(f"{name!r} is not a disposition of {self.queue!r} ({offered})")
        return found

    def check(self, wrap_up: WrapUp) -> tuple[DispositionCode, ...]:
        """Validate a wrap-up against this queue's codes; returns the chosen codes."""
        chosen = _unique(wrap_up.codes)
        if len(chosen) > self.max_codes:
            raise CrmInvalidValue(f"queue {self.queue!r} allows at most {self.max_codes} codes")
        codes = tuple(self.code(name) for name in chosen)
        needs_note = [c.code for c in codes if c.requires_note]
        if needs_note and not wrap_up.note:
            raise CrmInvalidValue(f"disposition {needs_note[0]!r} needs a note")
        return codes


def check_can_close(dispositions: DispositionSet, wrap_up: WrapUp | None) -> None:
    """Raise unless the interaction may close with ``wrap_up`` (None: nothing chosen yet)."""
    if wrap_up is None or not wrap_up.codes:
        if dispositions.required:
            raise DispositionRequired(
                f"choose a disposition for queue {dispositions.queue!r} before closing"
            )
        return
    dispositions.check(wrap_up)


def _unique(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.strip().lower() for n in names))
