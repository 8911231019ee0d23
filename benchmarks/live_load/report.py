"""Merging the processes' records: lost and duplicated messages, latency percentiles."""

from __future__ import annotations

from collections import Counter

import numpy as np

from live_load.protocol import OFFER, TO_AGENT, TO_CUSTOMER, Records

KINDS = {
    OFFER: "first message -> offer",
    TO_AGENT: "relay customer -> agent",
    TO_CUSTOMER: "relay agent -> customer",
}


def merge(parts: list[Records]) -> Records:
    total = Records()
    for part in parts:
        for kind, ids in part.sent.items():
            total.sent.setdefault(kind, []).extend(ids)
        for kind, got in part.received.items():
            total.received.setdefault(kind, []).extend(got)
        for name, value in part.counters.items():
            total.count(name, value)
        total.errors.extend(part.errors[: 20 - len(total.errors)])
        for kind, times in part.late.items():
            total.late.setdefault(kind, []).extend(times)
    return total


def delivery(records: Records, kind: str) -> tuple[int, int, int, int]:
    """(sent, received distinct, lost, duplicated) for one direction, matched by id."""
    sent = set(records.sent.get(kind, []))
    seen = Counter(ident for ident, _ in records.received.get(kind, []))
    lost = len(sent - seen.keys())
    duplicated = sum(count - 1 for count in seen.values() if count > 1)
    return len(sent), len(seen.keys() & sent), lost, duplicated


def percentiles_ms(records: Records, kind: str) -> dict[str, float]:
    values = np.array([ns for _, ns in records.received.get(kind, [])], dtype=float) / 1e6
    if values.size == 0:
        return {}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {"p50": p50, "p95": p95, "p99": p99, "max": float(values.max()), "n": values.size}
