"""Checking a collected answer: digits, account numbers (with Luhn), dates, yes/no, free text.

Each check returns the value to store and how it reads in the agent's screen-pop, or None when
the input does not fit (the runner then re-asks). On voice, dates are keyed as eight digits in
the node's ``date_order``; on chat they may be typed with separators as well.
"""

from __future__ import annotations

import re
from datetime import date

from frontline.domain.flows.exchange import CustomerInput, TextInput
from frontline.domain.flows.matching import digits_of, yes_or_no
from frontline.domain.flows.nodes import CollectKind, CollectNode

_DATE_PARTS = re.compile(r"^\s*(\d{1,4})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{1,4})\s*$")


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check used by card and many account numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def collect_value(node: CollectNode, received: CustomerInput) -> tuple[object, str] | None:
    """``(stored value, display text)`` for a fitting answer, else None."""
    match node.kind:
        case CollectKind.DIGITS | CollectKind.ACCOUNT_NUMBER:
            digits = digits_of(received)
            if digits is None or not node.min_length <= len(digits) <= node.max_length:
                return None
            if node.luhn and not luhn_valid(digits):
                return None
            if node.pattern and not re.fullmatch(node.pattern, digits):
                return None
            return digits, digits
        case CollectKind.DATE:
            parsed = _date(received, node.date_order)
            return (parsed.isoformat(), parsed.isoformat()) if parsed else None
        case CollectKind.YES_NO:
            answer = yes_or_no(received)
            return None if answer is None else (answer, "yes" if answer else "no")
        case CollectKind.TEXT:
            if not isinstance(received, TextInput):
                return None
            text = " ".join(received.text.split())
            if not node.min_length <= len(text) <= node.max_length:
                return None
            if node.pattern and not re.fullmatch(node.pattern, text):
                return None
            return text, text


def _date(received: CustomerInput, order: str) -> date | None:
    """A typed date with separators is read by its parts; otherwise eight keyed digits."""
    found = _DATE_PARTS.fullmatch(received.text) if isinstance(received, TextInput) else None
    digits = digits_of(received)
    if found is not None:
        a, b, c = found.groups()
        if len(a) == 4:
            parts = (a, b, c)
        else:
            parts = {"dmy": (c, b, a), "mdy": (c, a, b), "ymd": (a, b, c)}[order]
    elif digits is not None and len(digits) == 8:
        parts = {
            "dmy": (digits[4:], digits[2:4], digits[:2]),
            "mdy": (digits[4:], digits[:2], digits[2:4]),
            "ymd": (digits[:4], digits[4:6], digits[6:]),
        }[order]
    else:
        return None
    year, month, day = (int(p) for p in parts)
    if year < 1000:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
