"""Runs the JavaScript unit tests (tests/unit/web/js/*.test.mjs) under Node's own test runner.

They cover the logic of the browser UIs that needs no DOM: threshold colours, formatting, the
wallboard's figures, reconnect-and-resume with a fake WebSocket, offer deadlines, and the chat
widget's API client against a fake fetch.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

JS_TESTS = sorted((Path(__file__).parent / "js").glob("*.test.mjs"))


def test_there_are_javascript_tests() -> None:
    assert {p.name for p in JS_TESTS} >= {
        "agent-logic.test.mjs",
        "format.test.mjs",
        "resume.test.mjs",
        "thresholds.test.mjs",
        "widget.test.mjs",
    }


def test_javascript_unit_tests_pass(node: tuple[str, list[str]]) -> None:
    executable, module_flags = node
    result = subprocess.run(
        [executable, *module_flags, "--test", *map(str, JS_TESTS)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
