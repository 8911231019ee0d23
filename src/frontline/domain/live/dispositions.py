"""Disposition codes: how an interaction ended, chosen by the agent at wrap-up.

A fixed, small list keeps reporting comparable across agents; notes carry the detail.
"""

from __future__ import annotations

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


def check_disposition(code: str) -> str:
    if code not in DISPOSITIONS:
        raise InvalidValue(f"unknown disposition {code!r}; choose from {', '.join(DISPOSITIONS)}")
    return code


def check_notes(notes: str) -> str:
    return clean_text(notes, "notes", max_length=MAX_NOTES_CHARS, min_length=0)
