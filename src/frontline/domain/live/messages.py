"""Messages inside an interaction, and the rules every message text obeys.

Text is stored and returned verbatim (HTML stays literal text: escaping is the renderer's
job); only what no renderer or database can hold safely is refused: empty text, more than
``MAX_MESSAGE_CHARS`` characters, control characters other than tab and newline (PostgreSQL
cannot store NUL, terminals misread escapes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.text import has_control_characters

MAX_MESSAGE_CHARS = 4000
MAX_EMAIL_TEXT_CHARS = 200_000


class Sender(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    SYSTEM = "system"
    BOT = "bot"
    """The self-service flow answering a chat before (or instead of) an agent."""


@dataclass(frozen=True)
class Message:
    id: int
    interaction_id: int
    sender: Sender
    text: str
    at: datetime
    author_user_id: int | None = None


def check_message_text(text: str, max_chars: int = MAX_MESSAGE_CHARS) -> str:
    """The text to store, or ``InvalidValue`` saying what is wrong with it."""
    if not text.strip():
        raise InvalidValue("a message needs some text")
    if len(text) > max_chars:
        raise InvalidValue(f"a message can be at most {max_chars} characters")
    if has_control_characters(text.replace("\r", "")):
        raise InvalidValue("a message must not contain control characters")
    return text
