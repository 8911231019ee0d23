"""Regenerate the guides' screenshots (docs/screenshots/*.png) from a real running server.

Why a script: screenshots made by hand from staged data drift from the product without anyone
noticing. This one starts ``frontline demo --no-traffic`` on a free port with a throw-away
SQLite database, plays one bank-support story through the real UI and the public APIs, and
photographs it with Debian's Chromium driven by Playwright (never a downloaded browser):

1. colleagues (agent2, agent3) answer earlier chats of the seeded customers over the REST API,
   so the customer panel has real history and the wallboard real figures;
2. ``chat-widget.png``: Grace writes in the widget on the demo bank site, agent1 answers;
3. ``agent-desktop-offer.png``: Ada's chat is offered while Grace's is open;
4. ``agent-desktop-two-chats.png``: both chats, Ada's history and a knowledge-base search;
5. ``agent-desktop-wrap-up.png``: Grace's chat ended, disposition and notes filled in;
6. ``wallboard.png``: the supervisor's board after the chats above;
7. ``agent-desktop-cases.png``: agent1's cases with the demo's SLA clocks, one opened.

Usage: ``.venv/bin/python scripts/docs_screenshots.py [--out docs/screenshots]``. The server is
stopped and the temporary directory deleted whatever happens; a failure prints one line and
exits 1.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "demo"  # noqa: S105 - the documented demo login (demo_seed.DEMO_PASSWORD)
WAIT_MS = 15_000
STAFF_NAMES = {"agent1": "Alice Martin", "agent2": "Bob Okafor", "agent3": "Chen Wei"}
KB_ARTICLES = [
    (
        "Change of address",
        "Confirm identity with two security questions, update the address in the core banking "
        "screen, then send the confirmation letter to the old and the new address. New cards "
        "are not needed after a move.",
        ["address", "accounts"],
    ),
    (
        "Card declined: security holds",
        "A card payment flagged by fraud screening places a security hold. Check the hold time "
        "in the card screen, confirm the payment with the customer, then lift the hold.",
        ["cards", "fraud"],
    ),
    (
        "Proof of address for a change of address",
        "A utility bill or council tax letter under three months old. Customers can upload it "
        "in the app; the change is applied within one working day.",
        ["address"],
    ),
]


class Failure(Exception):
    """Something the person running the script can act on; printed as one line."""


# ------------------------------------------------------------------------------ the server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _frontline_command() -> str:
    beside = Path(sys.executable).parent / "frontline"
    found = str(beside) if beside.exists() else shutil.which("frontline")
    if found is None:
        raise Failure("the `frontline` command is missing: run `pip install -e .` in the venv")
    return found


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no output"


@contextmanager
def demo_server(workdir: Path) -> Iterator[str]:
    """``frontline demo --no-traffic`` on a free port and a database inside ``workdir``; the
    process is stopped on the way out, also when the scenes fail."""
    port = _free_port()
    # None of the caller's FRONTLINE_* settings: they could point at a real database or mailbox.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    env = {
        **inherited,
        "FRONTLINE_DATA_DIR": str(workdir),
        "FRONTLINE_DATABASE_URL": f"sqlite+pysqlite:///{workdir / 'screenshots.db'}",
        "FRONTLINE_SECRET_KEY": secrets.token_urlsafe(48),
        "FRONTLINE_TIMEZONE": "Europe/London",
    }
    log = workdir / "server.log"
    command = [_frontline_command(), "demo", "--no-traffic", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own console script, no shell
            command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise Failure(f"the demo server exited: {_last_line(log)}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise Failure(f"the demo server did not answer /healthz: {_last_line(log)}")
            time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# ------------------------------------------------------------------- people behind the API


class Api:
    """A logged-in member of staff speaking the REST API (the colleagues and the admin)."""

    def __init__(self, base: str, username: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=15)
        login = self.http.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        _check(login, f"log in as {username}")
        self.http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        self.username = username

    def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        answer = self.http.request(method, path, **kwargs)
        _check(answer, f"{self.username}: {method} {path}", expect)
        return answer.json() if answer.content else None

    def set_state(self, state: str, reason: str | None = None) -> None:
        body = {"state": state} | ({"reason": reason} if reason else {})
        self.call("PUT", "/api/v1/agents/me/state", json=body)

    def next_offer(self) -> int:
        """The id of the interaction offered to this agent (polled: no socket needed here)."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while time.monotonic() < deadline:
            desktop = self.call("GET", "/api/v1/agents/me/desktop")
            for item in desktop["interactions"]:
                if item["status"] == "offered":
                    return int(item["id"])
            time.sleep(0.1)
        raise Failure(f"{self.username} received no offer")

    def handle(
        self,
        customer: Customer,
        replies: list[str],
        disposition: str,
        notes: str,
        case: str | None = None,
    ) -> None:
        """Accept the next offer, answer (the customer thanks after the first reply), maybe
        open a case, end and wrap up: one handled contact in the customer's history and in the
        wallboard's counts. Short pauses stand for reading and typing, so the wallboard's
        ASA and AHT are not all zero."""
        path = f"/api/v1/interactions/{self.next_offer()}"
        time.sleep(1.5)
        self.call("POST", f"{path}/accept")
        if case is not None:  # as the desktop's "Open case" does, for the contact in hand
            self.call("POST", f"{path}/case", 201, json={"subject": case})
        for n, reply in enumerate(replies):
            self.call("POST", f"{path}/messages", 201, json={"text": reply})
            time.sleep(1.0)
            if n == 0:
                customer.write("Thank you, that's very helpful.")
        self.call("POST", f"{path}/end")
        time.sleep(1.0)
        wrap = {"disposition": disposition, "notes": notes}
        self.call("POST", f"{path}/wrap-up", json=wrap)


class Customer:
    """A customer chatting through the public chat API, as the widget does."""

    def __init__(self, base: str, name: str, email: str, message: str, queue: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=15)
        body = {"name": name, "email": email, "message": message, "queue": queue}
        started = self.http.post("/api/v1/chat/sessions", json=body)
        _check(started, f"start a chat as {name}", 201)
        self.session = started.json()["session_id"]
        self.http.headers["Authorization"] = f"Bearer {started.json()['token']}"

    def write(self, text: str) -> None:
        written = self.http.post(
            f"/api/v1/chat/sessions/{self.session}/messages", json={"text": text}
        )
        _check(written, "write as a customer", 201)

    def leave(self) -> None:
        _check(self.http.post(f"/api/v1/chat/sessions/{self.session}/end"), "leave a chat")


def _check(answer: httpx.Response, what: str, expect: int = 200) -> None:
    if answer.status_code != expect:
        raise Failure(f"{what}: HTTP {answer.status_code} {answer.text[:200]}")


def prepare(base: str) -> None:
    """What an administrator and the colleagues did before agent1's shift: names on the staff,
    knowledge-base articles, and earlier chats that gave Ada and Grace a history."""
    admin = Api(base, "admin")
    users = admin.call("GET", "/api/v1/users", params={"limit": 100})["items"]
    for user in users:
        if user["username"] in STAFF_NAMES:
            name = STAFF_NAMES[user["username"]]
            admin.call("PATCH", f"/api/v1/users/{user['id']}", json={"display_name": name})
    for title, body, tags in KB_ARTICLES:
        admin.call(
            "POST", "/api/v1/kb/articles", 201, json={"title": title, "body": body, "tags": tags}
        )

    bob, chen = Api(base, "agent2"), Api(base, "agent3")
    bob.set_state("available")
    ada = Customer(
        base,
        "Ada Lovelace",
        "ada@example.com",
        "Hi, could I get a copy of my March statement?",
        "general",
    )
    bob.handle(
        ada,
        ["Of course, Ada. I've sent it to your secure inbox as a PDF."],
        "resolved",
        "Sent March statement as PDF; customer confirmed receipt.",
    )
    grace = Customer(
        base,
        "Grace Hopper",
        "grace@example.org",
        "My card was stolen on holiday in Lisbon.",
        "general",
    )
    bob.handle(
        grace,
        ["I'm sorry, Grace. I've blocked the card; a new one goes out by express post."],
        "resolved",
        "Card blocked, replacement sent express. Advised to check recent payments.",
        case="Stolen card: check the payments made in Lisbon",
    )
    bob.set_state("not_ready")
    chen.set_state("available")
    for name, email, question in [
        ("Tom Becker", "tom.becker@example.net", "What is the daily limit for cash withdrawals?"),
        ("Priya Shah", "priya.shah@example.net", "Can I pay a cheque in using the app?"),
    ]:
        chen.handle(
            Customer(base, name, email, question, "general"),
            [
                "Good question: let me check that for you.",
                "It's all set out in the app under Help.",
            ],
            "information_given",
            "Answered from the help pages.",
        )
    chen.set_state("break", "lunch")
    # Nobody ready has the billing skill (Bob is not ready): this customer waits (the wallboard's
    # "Waiting now"), the next one gives up (its "Abandoned").
    Customer(
        base,
        "Oliver Grant",
        "oliver.grant@example.net",
        "I'd like to dispute an overdraft fee.",
        "billing",
    )
    Customer(
        base, "Marta Nowak", "marta.nowak@example.net", "Why was I charged twice?", "billing"
    ).leave()


# ---------------------------------------------------------------------------- the scenes


class Scenes:
    """The browser half of the story; every step is a click or a keystroke a person makes."""

    def __init__(self, base: str, browser: Any, out: Path) -> None:
        self.base, self.browser, self.out = base, browser, out
        self.step = "log in as agent1"  # named in the one-line error when a scene fails

    def page(self) -> Any:
        context = self.browser.new_context(
            viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London"
        )
        context.set_default_timeout(WAIT_MS)
        return context.new_page()

    def shoot(self, page: Any, name: str, full_page: bool = False) -> None:
        page.wait_for_timeout(400)  # let transitions and the countdowns settle
        target = self.out / name
        page.screenshot(path=str(target), full_page=full_page)
        print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")

    def log_in(self, path: str, username: str) -> Any:
        page = self.page()
        page.goto(f"{self.base}{path}")
        page.get_by_test_id("login-username").fill(username)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        return page

    def run(self) -> None:
        expect = _expect()
        agent = self.log_in("/agent", "agent1")
        agent.get_by_test_id("state-ready").click()
        expect(agent.get_by_test_id("state-current")).to_have_attribute("data-state", "available")

        self.step = "chat-widget.png"
        # 1. The customer writes in the widget on the bank's site; agent1 answers.
        site = self.page()
        site.goto(f"{self.base}/chat-demo")
        site.get_by_test_id("fl-launcher").click()
        site.get_by_test_id("fl-name").fill("Grace Hopper")
        site.get_by_test_id("fl-email").fill("grace@example.org")
        site.get_by_test_id("fl-message").fill(
            "Hello, my card was declined at a shop this morning. Can you check what happened?"
        )
        site.get_by_test_id("fl-start").click()
        offer = agent.get_by_test_id("offer")
        expect(offer).to_contain_text("Grace Hopper")
        agent.get_by_test_id("offer-accept").click()
        self.reply(agent, "Hi Grace, I'm Alice. Let me look at your card right away.")
        expect(site.get_by_test_id("fl-log")).to_contain_text("Let me look at your card")
        site.get_by_test_id("fl-input").fill("Thanks! It's the new card ending 4021.")
        site.get_by_test_id("fl-send").click()
        expect(agent.get_by_test_id("transcript")).to_contain_text("ending 4021")
        self.reply(agent, "Thanks. I can see a security hold from 09:12; I'm lifting it now.")
        expect(site.get_by_test_id("fl-log")).to_contain_text("lifting it now")
        site.get_by_test_id("fl-input").press_sequentially("Brilliant, I'll try the", delay=20)
        self.shoot(site, "chat-widget.png")

        self.step = "agent-desktop-offer.png"
        # 2. A second customer, with history, is offered while Grace's chat is open.
        ada = Customer(
            self.base,
            "Ada Lovelace",
            "ada@example.com",
            "Hi, I moved house last week. How do I change the address on my account?",
            "general",
        )
        expect(offer).to_contain_text("Ada Lovelace")
        expect(agent.get_by_test_id("timeline-item").first).to_be_visible()
        self.shoot(agent, "agent-desktop-offer.png")

        self.step = "agent-desktop-two-chats.png"
        # 3. Both chats open: Ada's history beside her question, a knowledge-base search.
        agent.get_by_test_id("offer-accept").click()
        expect(offer).to_have_count(0)
        self.reply(agent, "Hi Ada, happy to help. First, can you confirm your date of birth?")
        ada.write("Of course: 10 December 1985.")
        expect(agent.get_by_test_id("transcript")).to_contain_text("10 December")
        site.get_by_test_id("fl-input").fill("Brilliant, I'll try the card again now.")
        site.get_by_test_id("fl-send").click()
        grace_tab = agent.locator(".conversation-tab", has_text="Grace Hopper")
        expect(grace_tab.locator(".unread")).to_have_text("1")
        search = agent.get_by_test_id("kb-search")
        search.fill("new address")
        search.press("Enter")
        expect(agent.get_by_test_id("kb-hit").first).to_contain_text("Change of address")
        agent.get_by_test_id("kb-hit").last.scroll_into_view_if_needed()
        self.shoot(agent, "agent-desktop-two-chats.png")

        self.step = "agent-desktop-wrap-up.png"
        # 4. Grace's chat ends; the wrap-up form with disposition and notes.
        grace_tab.click()
        expect(agent.get_by_test_id("transcript")).to_contain_text("try the card again")
        self.reply(agent, "You're welcome, Grace. Have a lovely day!")
        search.fill("")  # the search was for Ada; Grace's case and history matter now
        search.press("Enter")
        agent.get_by_test_id("end-chat").click()
        agent.get_by_test_id("wrapup-disposition").select_option("resolved")
        agent.get_by_test_id("wrapup-notes").fill(
            "Security hold lifted after the customer confirmed the payment; card working again."
        )
        agent.wait_for_timeout(2500)  # the after-contact-work timer has visibly started
        self.shoot(agent, "agent-desktop-wrap-up.png")
        agent.get_by_test_id("wrapup-submit").click()

        self.step = "wallboard.png"
        # 5. The wallboard: handled chats, Ada's chat in progress, a billing customer waiting,
        # and one more colleague back from lunch (agent5: no billing skill, so Oliver waits on).
        Api(self.base, "agent5").set_state("available")
        board = self.log_in("/wallboard", "supervisor")
        general = board.get_by_test_id("queue-row-general")
        expect(general.locator("[data-metric=answered]")).to_have_text("6")  # 4 + Grace + Ada
        self.shoot(board, "wallboard.png", full_page=True)  # every agent card, none cut off

        self.step = "agent-desktop-cases.png"
        # 6. agent1's cases: the demo's SLA clocks (breached, on track, paused) and Grace's
        # case from this morning; the breached one opened beside the list.
        agent.get_by_test_id("show-cases").click()
        cases = agent.get_by_test_id("case-list")
        breached = cases.locator(".case-row", has_text="Charged twice for the March invoice")
        expect(breached).to_contain_text("Ada Lovelace")
        breached.click()
        expect(agent.get_by_test_id("case-detail-subject")).to_contain_text("Charged twice")
        self.shoot(agent, "agent-desktop-cases.png")

    def reply(self, agent: Any, text: str) -> None:
        box = agent.get_by_test_id("reply-input")
        box.fill(text)
        box.press("Enter")
        _expect()(agent.get_by_test_id("transcript")).to_contain_text(text)


def _expect() -> Callable[..., Any]:
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    return expect


# ------------------------------------------------------------------------------- main


def _photograph(base: str, out: Path) -> None:
    """Launch Debian's Chromium and play the scenes; a browser error names the scene."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise Failure("Playwright is missing: pip install -e '.[dev]' in the venv") from None
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            raise Failure(f"{CHROMIUM} did not start: {_first_line(error.message)}") from None
        scenes = Scenes(base, browser, out)
        try:
            scenes.run()
        except PlaywrightError as error:
            raise Failure(f"{scenes.step}: {_first_line(error.message)}") from None
        except AssertionError as error:  # Playwright's expect() failing its wait
            raise Failure(f"{scenes.step}: {_first_line(error)}") from None
        finally:
            browser.close()


def _first_line(text: object) -> str:
    return next((line.strip() for line in str(text).splitlines() if line.strip()), "failed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out: Path = parser.parse_args(argv).out.resolve()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` still cleans up
    try:
        if not os.access(CHROMIUM, os.X_OK):
            raise Failure(f"{CHROMIUM} is missing: apt-get install chromium")
        out.mkdir(parents=True, exist_ok=True)
        with (
            tempfile.TemporaryDirectory(prefix="frontline-screenshots-") as workdir,
            demo_server(Path(workdir)) as base,
        ):
            prepare(base)
            _photograph(base, out)
    except httpx.HTTPError as error:
        print(f"docs_screenshots: the server stopped answering: {error}", file=sys.stderr)
        return 1
    except Failure as failure:
        print(f"docs_screenshots: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
