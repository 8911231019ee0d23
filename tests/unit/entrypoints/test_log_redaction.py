"""Credentials never reach a log line written by the server."""

from __future__ import annotations

import io
import logging
import logging.config

from frontline.entrypoints.log_redaction import RedactSecrets, redact, uvicorn_log_config


def test_query_tokens_and_bearer_credentials_are_masked() -> None:
    line = '127.0.0.1:1 - "WebSocket /ws/agent?token=eyJ.abc.def&after=3" [accepted]'
    assert redact(line) == '127.0.0.1:1 - "WebSocket /ws/agent?token=***&after=3" [accepted]'
    assert redact("Authorization: Bearer abc.DEF-123") == "Authorization: Bearer ***"
    assert redact("/ws/chat/7?after=2&token=s3cr3t") == "/ws/chat/7?after=2&token=***"
    assert redact("nothing secret here") == "nothing secret here"


def test_filter_masks_the_formatted_message_of_a_record_with_args() -> None:
    record = logging.LogRecord(
        "uvicorn.error",
        logging.INFO,
        __file__,
        1,
        '%s - "WebSocket %s" [accepted]',
        ("127.0.0.1:5", "/ws/wallboard?token=live-secret"),
        None,
    )
    assert RedactSecrets().filter(record) is True
    assert "live-secret" not in record.getMessage()
    assert record.getMessage().endswith('"WebSocket /ws/wallboard?token=***" [accepted]')


def test_every_uvicorn_handler_carries_the_filter() -> None:
    config = uvicorn_log_config()
    stream = io.StringIO()
    config["handlers"]["default"]["stream"] = stream
    logging.config.dictConfig(config)
    try:
        logging.getLogger("uvicorn.error").info("open /ws/agent?token=%s", "abc123")
        assert "abc123" not in stream.getvalue()
        assert "token=***" in stream.getvalue()
        assert all("redact_secrets" in h["filters"] for h in config["handlers"].values())
    finally:
        logging.getLogger("uvicorn.error").handlers.clear()
