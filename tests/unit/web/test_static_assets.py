"""The browser UIs have no build step, so these checks stand in for one: well-formed HTML, no
inline code (the pages' Content-Security-Policy would block it), every asset and ES-module
import resolvable, the ``data-testid`` hooks the browser tests rely on present, no HTML-parsing
DOM sinks anywhere (the XSS rule), and JavaScript that parses."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.unit.web.conftest import (
    CLASSIC_SCRIPTS,
    HTML_FILES,
    JS_FILES,
    STATIC_DIR,
    TEMPLATES_DIR,
)

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Closing tags HTML lets authors omit; none of our pages relies on that, but be exact anyway.
OPTIONAL_END = frozenset({"p", "li", "option", "tr", "td", "th", "thead", "tbody"})

REQUIRED_TEST_IDS = {
    "agent": {
        "login-username",
        "login-password",
        "login-submit",
        "state-ready",
        "state-break",
        "break-reason",
        "state-current",
        "offer",
        "offer-accept",
        "offer-decline",
        "conversation-",
        "reply-input",
        "reply-send",
        "end-chat",
        "wrapup-disposition",
        "wrapup-notes",
        "wrapup-submit",
        "customer-history",
    },
    "wallboard": {
        "login-username",
        "login-password",
        "login-submit",
        "queue-row-",
        "agent-row-",
        "last-updated",
        "connection",
    },
    "widget": {
        "fl-launcher",
        "fl-name",
        "fl-email",
        "fl-message",
        "fl-start",
        "fl-input",
        "fl-send",
        "fl-log",
        "fl-status",
        "fl-end",
    },
}
UI_SOURCES = {
    "agent": ["templates/agent.html", "static/agent.js", "static/agent/*.js"],
    "wallboard": ["templates/wallboard.html", "static/wallboard.js", "static/wallboard/*.js"],
    "widget": ["static/widget.js", "static/widget/*.js"],
}
WALLBOARD_METRICS = {
    "waiting",
    "longest_wait",
    "offered",
    "answered",
    "abandoned",
    "service_level",
    "asa",
    "aht",
    "abandon_rate",
}

HTML_SINKS = re.compile(r"\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|\beval\(")
IMPORT_FROM = re.compile(r"""^\s*(?:import|export)\b[^'"]*?\bfrom\s+["']([^"']+)["']""", re.M)
# A hook is present when its id appears as a string literal (or a template's literal prefix,
# for ids like `conversation-${id}`) in the UI's sources; driving the pages in a browser is the
# exact check, this one catches a renamed or deleted hook without one.
STRING_LITERAL = re.compile(r"""["'`]([a-z][a-z0-9-]*)(?:["'`]|\$\{)""")


class TreeChecker(HTMLParser):
    """Collects structure problems and the facts the tests below look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.problems: list[str] = []
        self.test_ids: set[str] = set()
        self.ids: list[str] = []
        self.label_targets: set[str] = set()
        self.form_controls: list[str] = []
        self.assets: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        line = self.getpos()[0]
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {line}: inline handler {name}= (blocked by CSP)")
            if name == "style":
                self.problems.append(f"line {line}: inline style= (blocked by CSP)")
            if name in ("href", "src") and value and value.startswith("/static/"):
                self.assets.append(value)
        if named.get("data-testid"):
            self.test_ids.add(str(named["data-testid"]))
        if named.get("id"):
            self.ids.append(str(named["id"]))
        if tag == "label" and named.get("for"):
            self.label_targets.add(str(named["for"]))
        if tag in ("input", "select", "textarea") and named.get("type") != "hidden":
            self.form_controls.append(str(named.get("id") or f"<{tag}> at line {line}"))
        if tag == "script" and not named.get("src"):
            self.inline_scripts += 1
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag in VOID_ELEMENTS:
            self.problems.append(f"line {line}: end tag for void element <{tag}>")
            return
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1][0] != tag:
            opened = self.stack[-1] if self.stack else ("nothing", 0)
            self.problems.append(f"line {line}: </{tag}> closes <{opened[0]}> of line {opened[1]}")
            return
        self.stack.pop()


def parse(path: Path) -> TreeChecker:
    checker = TreeChecker()
    checker.feed(path.read_text(encoding="utf-8"))
    checker.close()
    checker.problems += [f"<{tag}> of line {line} is never closed" for tag, line in checker.stack]
    return checker


def sources(patterns: list[str]) -> str:
    web = STATIC_DIR.parent
    return "\n".join(
        path.read_text(encoding="utf-8") for pattern in patterns for path in web.glob(pattern)
    )


def test_the_ui_files_are_all_there() -> None:
    names = {path.name for path in HTML_FILES}
    assert names == {"agent.html", "wallboard.html", "chat-demo.html"}
    for asset in ("styles.css", "common.js", "widget.js", "widget.css", "agent.js"):
        assert (STATIC_DIR / asset).is_file(), asset


@pytest.mark.parametrize("page", HTML_FILES, ids=lambda p: p.name)
def test_html_is_well_formed_and_csp_clean(page: Path) -> None:
    checker = parse(page)
    assert checker.problems == []
    assert checker.inline_scripts == 0, "inline <script> would be blocked by the page's CSP"
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    duplicates = {i for i in checker.ids if checker.ids.count(i) > 1}
    assert duplicates == set()


@pytest.mark.parametrize("page", HTML_FILES, ids=lambda p: p.name)
def test_every_form_control_has_a_label(page: Path) -> None:
    checker = parse(page)
    unlabelled = [c for c in checker.form_controls if c not in checker.label_targets]
    assert unlabelled == []


@pytest.mark.parametrize("page", HTML_FILES, ids=lambda p: p.name)
def test_referenced_static_assets_exist(page: Path) -> None:
    for asset in parse(page).assets:
        assert (STATIC_DIR / asset.removeprefix("/static/")).is_file(), asset


def test_the_checker_catches_broken_markup(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text('<!doctype html><div><span onclick="x()"></div><br></br>', encoding="utf-8")
    problems = parse(broken).problems
    assert any("inline handler onclick" in p for p in problems)
    assert any("</div> closes <span>" in p for p in problems)
    assert any("void element <br>" in p for p in problems)


@pytest.mark.parametrize("ui", sorted(REQUIRED_TEST_IDS))
def test_browser_test_hooks_exist(ui: str) -> None:
    found = set(STRING_LITERAL.findall(sources(UI_SOURCES[ui])))
    missing = {
        wanted
        for wanted in REQUIRED_TEST_IDS[ui]
        if not any(f == wanted or (wanted.endswith("-") and f.startswith(wanted)) for f in found)
    }
    assert missing == set()


def test_wallboard_cells_name_every_metric() -> None:
    model = (STATIC_DIR / "lib" / "wallboard-model.js").read_text(encoding="utf-8")
    metrics = set(re.findall(r'metric: "([a-z_]+)"', model))
    assert metrics == WALLBOARD_METRICS
    view = (STATIC_DIR / "wallboard" / "board-view.js").read_text(encoding="utf-8")
    assert "td.dataset.metric = cell.metric" in view


@pytest.mark.parametrize("script", JS_FILES, ids=lambda p: str(p.relative_to(STATIC_DIR)))
def test_no_html_parsing_sinks(script: Path) -> None:
    """Data reaches the page only via textContent; no sink that parses HTML exists at all."""
    code = script.read_text(encoding="utf-8")
    assert HTML_SINKS.findall(code) == []


@pytest.mark.parametrize("script", JS_FILES, ids=lambda p: str(p.relative_to(STATIC_DIR)))
def test_module_imports_resolve(script: Path) -> None:
    code = script.read_text(encoding="utf-8")
    for target in IMPORT_FROM.findall(code):
        assert target.startswith("./") or target.startswith("../"), f"bare import {target}"
        assert (script.parent / target).resolve().is_file(), f"{script.name} imports {target}"
    if script.name in CLASSIC_SCRIPTS:
        assert not IMPORT_FROM.findall(code), "the widget must stay a classic script"


@pytest.mark.parametrize("script", JS_FILES, ids=lambda p: str(p.relative_to(STATIC_DIR)))
def test_javascript_parses(script: Path, node: tuple[str, list[str]]) -> None:
    executable, module_flags = node
    flags = [] if script.name in CLASSIC_SCRIPTS else module_flags
    result = subprocess.run(
        [executable, *flags, "--check", str(script)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_syntax_check_rejects_broken_javascript(
    tmp_path: Path, node: tuple[str, list[str]]
) -> None:
    executable, module_flags = node
    broken = tmp_path / "broken.js"
    broken.write_text("export const ready = ;\n", encoding="utf-8")
    result = subprocess.run(
        [executable, *module_flags, "--check", str(broken)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0


def test_templates_dir_holds_only_pages() -> None:
    assert {p.suffix for p in TEMPLATES_DIR.iterdir()} == {".html"}
