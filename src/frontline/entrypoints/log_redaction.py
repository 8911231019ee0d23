"""Keep credentials out of server logs.

Browsers cannot set headers on a WebSocket, so staff and chat sockets carry their token in the
query string (`/ws/agent?token=...`), and uvicorn logs every socket URL it accepts. A token in a
log file is a live credential, so every uvicorn handler gets this filter: it rewrites the
formatted message with the secret parts masked before any handler writes it.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

_SECRET_QUERY = re.compile(r"(?i)\b(token|access_token|password|secret)=[^&\s\"']+")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")


def redact(text: str) -> str:
    """`text` with token/password query values and bearer credentials replaced by `***`."""
    return _BEARER.sub(r"\1 ***", _SECRET_QUERY.sub(r"\1=***", text))


class RedactSecrets(logging.Filter):
    """A logging filter that masks credentials in the final message (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """Uvicorn's default logging configuration with `RedactSecrets` on every handler."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_secrets"] = {"()": RedactSecrets}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_secrets")
    return config
