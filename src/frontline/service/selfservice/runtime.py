"""What the entrypoints are handed for self-service: flow storage and analytics, the chat bot,
and the clock. Built by the composition root; nothing here is created at import time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from frontline.service.selfservice.chat_bot import ChatSelfService
from frontline.service.selfservice.ports import FlowEventLog, FlowStore


@dataclass
class SelfServiceRuntime:
    flows: FlowStore
    events: FlowEventLog
    clock: Callable[[], datetime]
    chat: ChatSelfService | None = None
    flows_published: Callable[[], None] = lambda: None  # clears what caches a flow's targets
