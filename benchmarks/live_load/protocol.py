"""What load-generator processes exchange: tagged message texts and the records they return.

Every message text is ``m:<uuid hex>:<time.monotonic_ns() at sending>``. CLOCK_MONOTONIC is
system-wide on Linux, so a receiver in another process computes the one-way latency by
subtracting the embedded time from its own clock.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field

OFFER = "offer"  # customer's first message, received inside the agent's offer
TO_AGENT = "to_agent"  # customer message relayed to the agent
TO_CUSTOMER = "to_customer"  # agent message relayed to the customer


SLOW_NS = 100_000_000  # deliveries slower than this are kept, with when, for the time profile


def tagged_text() -> tuple[str, str]:
    """A fresh (id, text) pair stamped with the current monotonic time."""
    ident = uuid.uuid4().hex
    return ident, f"m:{ident}:{time.monotonic_ns()}"


def parse(text: str) -> tuple[str, int] | None:
    """(id, sent ns) of a tagged text, None for any other text."""
    parts = text.split(":")
    if len(parts) != 3 or parts[0] != "m":
        return None
    return parts[1], int(parts[2])


@dataclass
class Records:
    """One process's log: ``sent[kind]`` ids; ``received[kind]`` (id, latency ns) pairs."""

    sent: dict[str, list[str]] = field(default_factory=dict)
    received: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # kind: (monotonic ns at receipt, latency ns) of every delivery slower than SLOW_NS
    late: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def note_sent(self, kind: str, ident: str) -> None:
        self.sent.setdefault(kind, []).append(ident)

    def withdraw(self, kind: str, ident: str) -> None:
        """A message the server refused outright (503, come back later): never accepted, so
        neither delivered nor lost; the refusal is counted apart."""
        self.sent[kind].remove(ident)

    def note_received(self, kind: str, text: str) -> None:
        tag = parse(text)
        if tag is None:
            self.count("untagged_" + kind)
            return
        ident, sent_ns = tag
        now = time.monotonic_ns()
        self.received.setdefault(kind, []).append((ident, now - sent_ns))
        if now - sent_ns > SLOW_NS:  # when the slow ones arrived: spread out, or in bursts?
            self.late.setdefault(kind, []).append((now, now - sent_ns))

    def count(self, name: str, by: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + by

    def error(self, what: str) -> None:
        self.count("errors")
        kind = "error kind: " + re.sub(r"\d+", "N", what)[:100]
        self.count(kind)
        if len(self.errors) < 20:
            self.errors.append(what)
