"""Contact channels, shared by the organisation model, the routing engine and the simulator."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """The medium a contact arrives on; agents have a separate capacity for each."""

    VOICE = "voice"
    CHAT = "chat"
    EMAIL = "email"
    SMS = "sms"
