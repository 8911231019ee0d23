"""Email end to end over real SMTP on loopback: a customer's mail reaches the built-in
listener, becomes an interaction offered to an email-capable agent, the agent's reply is
delivered by Frontline to a real SMTP server process with the threading headers, and the
customer's answer to that reply lands in the same interaction."""

from __future__ import annotations

import asyncio
import email
import email.policy
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A separate aiosmtpd process storing what it receives in a Maildir."""
    port = _free_port()
    maildir = tmp_path / "relay-maildir"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("the SMTP relay process did not start")
                time.sleep(0.05)
        yield port, maildir
    finally:
        process.terminate()
        process.wait(timeout=10)


def _mail(message_id: str, subject: str, body: str, in_reply_to: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Erin Example <erin@customer.example>"
    message["To"] = "help@support.example"
    message["Subject"] = subject
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = f"<first@customer.example> {in_reply_to}"
    message.set_content(body)
    message.add_attachment(
        b"%PDF-1.4 tiny", maintype="application", subtype="pdf", filename="invoice.pdf"
    )
    return bytes(message)


def _relayed(maildir: Path, timeout: float = 10.0) -> list[EmailMessage]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted((maildir / "new").glob("*")) if (maildir / "new").exists() else []
        if files:
            return [
                email.message_from_bytes(f.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
                for f in files
            ]
        time.sleep(0.05)
    raise AssertionError("the reply never reached the SMTP server")


def test_mail_in_reply_out_threaded(
    make_server: Any, kit: Any, relay: tuple[int, Path], tmp_path: Path
) -> None:
    relay_port, maildir = relay
    listen_port = _free_port()
    server = make_server(
        smtp_listen_port=listen_port,
        email_domains=("support.example",),
        smtp_relay_host="127.0.0.1",
        smtp_relay_port=relay_port,
        smtp_relay_security="plain",
        email_from="Acme Support <help@support.example>",
    )

    def send(raw: bytes) -> None:
        with smtplib.SMTP("127.0.0.1", listen_port, timeout=10) as smtp:
            smtp.sendmail("erin@customer.example", ["help@support.example"], raw)

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            alice = await kit.log_in(http, server, "alice")  # takes email
            async with alice.socket() as desk:
                await alice.ready()
                first = _mail("<first@customer.example>", "Invoice question", "Why twice?")
                await asyncio.to_thread(send, first)
                offer = await kit.next_event(desk, "offer")
                assert offer["channel"] == "email" and offer["queue"] == "support-email"
                assert offer["customer"]["email"] == "erin@customer.example"
                assert offer["customer"]["name"] == "Erin Example"
                assert offer["first_message"].strip() == "Why twice?"
                assert offer["subject"] == "Invoice question"
                interaction_id = offer["interaction_id"]
                await asyncio.to_thread(send, first)  # a redelivery changes nothing
                await alice.call("POST", f"/api/v1/interactions/{interaction_id}/accept")
                await alice.call(
                    "POST",
                    f"/api/v1/interactions/{interaction_id}/messages",
                    json={"text": "We refunded the second charge."},
                    expect=201,
                )
                [reply] = await asyncio.to_thread(_relayed, maildir)
                assert reply["To"].addresses[0].addr_spec == "erin@customer.example"
                assert reply["From"].addresses[0].addr_spec == "help@support.example"
                assert reply["Subject"] == "Re: Invoice question"
                assert reply["In-Reply-To"] == "<first@customer.example>"
                assert "<first@customer.example>" in reply["References"]
                assert reply["Message-ID"].endswith("@support.example>")
                assert reply.get_content().strip() == "We refunded the second charge."
                # the customer answers the reply: same interaction, pushed to the agent
                answer = _mail(
                    "<second@customer.example>",
                    "Re: Invoice question",
                    "Thank you!",
                    in_reply_to=reply["Message-ID"],
                )
                await asyncio.to_thread(send, answer)
                pushed = await kit.next_event(desk, "message")
                while pushed["message"]["sender"] != "customer":
                    pushed = await kit.next_event(desk, "message")
                assert pushed["interaction_id"] == interaction_id
                assert pushed["message"]["text"].strip() == "Thank you!"
            interaction = await alice.call("GET", f"/api/v1/interactions/{interaction_id}")
            customer_texts = [
                m["text"].strip() for m in interaction["messages"] if m["sender"] == "customer"
            ]
            assert customer_texts == ["Why twice?", "Thank you!"]
        stored = list((tmp_path / "attachments").rglob("*"))
        assert any(p.is_file() and p.read_bytes() == b"%PDF-1.4 tiny" for p in stored)

    asyncio.run(scenario())
