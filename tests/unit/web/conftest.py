"""Where the browser UIs live, and a Node.js to check their JavaScript with (when installed)."""

from __future__ import annotations

import shutil
import subprocess
from importlib.resources import files
from pathlib import Path

import pytest

WEB_DIR = Path(str(files("frontline.web")))
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
JS_FILES = sorted(STATIC_DIR.rglob("*.js"))
HTML_FILES = sorted(TEMPLATES_DIR.glob("*.html"))
# widget.js is embedded with a plain <script> tag on other sites, so it must be a classic script
CLASSIC_SCRIPTS = frozenset({"widget.js"})


def _module_flags(node: str) -> list[str]:
    """Flags making node treat .js files as ES modules (older nodes need the flag)."""
    flag = "--experimental-default-type=module"
    probe = subprocess.run([node, flag, "-e", "0"], capture_output=True, check=False, timeout=30)
    return [flag] if probe.returncode == 0 else []


@pytest.fixture(scope="session")
def node() -> tuple[str, list[str]]:
    """The node executable and its ES-module flags; skips the test when node is missing."""
    path = shutil.which("node")
    if path is None:
        pytest.skip("Node.js is not installed: JavaScript syntax and unit checks need `node`")
    return path, _module_flags(path)
