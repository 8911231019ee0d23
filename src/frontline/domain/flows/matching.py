"""Understanding what a customer typed or said: escape words, spoken digits, menu choices.

Voice callers may press keys or speak ("two", "balance please"); chat users may click a button
or type. The same matching serves both so one flow behaves alike on every channel.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from frontline.domain.flows.exchange import CustomerInput, DigitsInput, TextInput
from frontline.domain.flows.flow import EscapePolicy
from frontline.domain.flows.nodes import MenuOption

SPOKEN_DIGITS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "to": "2",
    "too": "2",
    "three": "3",
    "four": "4",
    "for": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
YES_WORDS = frozenset({"yes", "yeah", "yep", "sure", "correct", "right", "ok", "okay", "si", "oui"})
NO_WORDS = frozenset({"no", "nope", "nah", "non", "incorrect", "wrong"})
_NON_WORD = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    """Case, accents and punctuation removed, single spaces: "Sí, ¡gracias!" → "si gracias"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", plain).split())


def _contains_phrase(text: str, phrase: str) -> bool:
    wanted = normalise(phrase)
    return bool(wanted) and f" {wanted} " in f" {text} "


def spoken_digits(text: str) -> str | None:
    """Digits typed or spoken ("4 5 6", "four five six", "456-7"), or None if anything else."""
    digits = []
    for token in normalise(text).split():
        if token.isdigit() and token.isascii():
            digits.append(token)
        elif token in SPOKEN_DIGITS:
            digits.append(SPOKEN_DIGITS[token])
        else:
            return None
    return "".join(digits) or None


def digits_of(received: CustomerInput) -> str | None:
    """The digits in keyed or textual input, None if the input is not digits."""
    if isinstance(received, DigitsInput):
        return received.digits if received.digits.isdigit() else None
    if isinstance(received, TextInput):
        return spoken_digits(received.text)
    return None


def asks_for_agent(received: CustomerInput, escape: EscapePolicy) -> bool:
    """The global escape: the escape key alone, or an escape word anywhere in the text."""
    if isinstance(received, DigitsInput):
        return escape.digit is not None and received.digits == escape.digit
    if isinstance(received, TextInput):
        if escape.digit is not None and received.text.strip() == escape.digit:
            return True
        text = normalise(received.text)
        return any(_contains_phrase(text, word) for word in escape.words)
    return False


def yes_or_no(received: CustomerInput) -> bool | None:
    """1/yes → True, 2/no → False, anything else None."""
    digits = digits_of(received)
    if digits in ("1", "2"):
        return digits == "1"
    if isinstance(received, TextInput):
        words = set(normalise(received.text).split())
        said_yes, said_no = bool(words & YES_WORDS), bool(words & NO_WORDS)
        if said_yes != said_no:
            return said_yes
    return None


def match_option(received: CustomerInput, options: Sequence[MenuOption]) -> MenuOption | None:
    """The option meant by a key, a button value, or text naming exactly one option."""
    key = received.digits if isinstance(received, DigitsInput) else None
    if isinstance(received, TextInput):
        key = received.text.strip() or None
        spoken = spoken_digits(received.text)
        if key not in {o.key for o in options} and spoken is not None:
            key = spoken
    for option in options:
        if option.key == key:
            return option
    if not isinstance(received, TextInput):
        return None
    text = normalise(received.text)
    named = [o for o in options if any(_contains_phrase(text, p) for p in _phrases(o))]
    exact = [o for o in named if any(normalise(p) == text for p in _phrases(o))]
    if len(exact) == 1:
        return exact[0]
    return named[0] if len(named) == 1 else None


def _phrases(option: MenuOption) -> list[str]:
    return [text for _, text in option.label.variants] + list(option.synonyms)
