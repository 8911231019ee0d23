"""Disposition codes: how an interaction ended, chosen by the agent at wrap-up.

A small list keeps reporting comparable across agents; notes carry the detail. Each queue
carries its own list (a sales queue and a fraud queue end contacts for different reasons);
``DISPOSITIONS`` is the list a queue starts with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.text import clean_text

DISPOSITIONS: dict[str, str] = {
    "resolved": "Resolved",
    "follow_up": "Follow-up needed",
    "escalated": "Escalated",
    "information_given": "Information given",
    "no_response": "Customer stopped responding",
    "spam": "Spam or abuse",
}
MAX_NOTES_CHARS = 4000
MAX_CODE_CHARS = 40
MAX_LABEL_CHARS = 100
MAX_CODES = 50


def check_disposition(code: str, allowed: Mapping[str, str] = DISPOSITIONS) -> str:
    """``code`` if the queue offers it; the error names every allowed code."""
    if code not in allowed:
        raise InvalidValue(f"unknown disposition {code!r}; choose from {', '.join(allowed)}")
    return code


def check_disposition_list(codes: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A queue's ``(code, label)`` list, in display order: non-empty, codes unique, 1-40
    characters without spaces (they end up in reports and URLs), labels 1-100 characters."""
    checked: dict[str, str] = {}
    for code, label in codes:
        code = code.strip()
        if not 1 <= len(code) <= MAX_CODE_CHARS or any(c.isspace() for c in code):
            raise InvalidValue(
                f"disposition code {code!r} must be 1-{MAX_CODE_CHARS} characters without spaces"
            )
        if not code.isprintable():
            raise InvalidValue(f"disposition code {code!r} has control characters")
        if code in checked:
            raise InvalidValue(f"disposition code {code!r} is listed twice")
        checked[code] = clean_text(label, f"label of {code!r}", max_length=MAX_LABEL_CHARS)
    if not checked:
        raise InvalidValue("a queue needs at least one disposition code")
    if len(checked) > MAX_CODES:
        raise InvalidValue(f"a queue may have at most {MAX_CODES} disposition codes")
    return checked


def check_notes(notes: str) -> str:
    return clean_text(notes, "notes", max_length=MAX_NOTES_CHARS, min_length=0)
