"""Routing engine alone: 10,000 agents, 200 queues, 30 skills, mixed channels.

Plays a stream of contacts through `RoutingEngine` as the simulator would (auto-accept, random
handling times, impatient customers, widening timers), first below capacity (contacts find idle
agents: "choose an agent") then above it (queues build up: "choose a contact when an agent
frees up"). Only the time spent inside engine calls is measured. A routing decision is one
`ContactOffered` event. Printed against the targets (≥ 50,000 decisions/s, p99 ≤ 1 ms):
- rate: decisions ÷ wall time of *all* engine calls (completions, abandons and ticks that
  decide nothing included) — the headline figure; also ÷ CPU time of those calls, which is
  steadier on a shared machine, and ÷ wall time of the deciding calls only;
- p50/p99: wall latency per decision of the calls that made one.
There is no peer ACD in Python to run side by side, so the ratio printed is against the targets.

    benchmarks/run.sh bench_routing.py [--contacts 200000] [--seed 7]
"""

from __future__ import annotations

import argparse
import heapq
import os
import platform
import random
import statistics
import time
from collections.abc import Callable

from frontline.domain.channels import Channel
from frontline.domain.routing import (
    Agent,
    AgentState,
    ContactOffered,
    Event,
    Queue,
    RoutingEngine,
    WideningStep,
)

N_AGENTS, N_QUEUES, N_SKILLS = 10_000, 200, 30
TARGET_RATE, TARGET_P99_MS = 50_000.0, 1.0
HANDLE_S = {Channel.VOICE: 240.0, Channel.CHAT: 420.0, Channel.EMAIL: 600.0, Channel.SMS: 300.0}
CHANNEL_MIX = [Channel.VOICE] * 5 + [Channel.CHAT] * 3 + [Channel.EMAIL, Channel.SMS]


def build(rng: random.Random) -> tuple[list[Queue], list[Agent]]:
    skills = [f"s{i}" for i in range(N_SKILLS)]
    queues = [
        Queue(
            id=f"q{i}",
            channel=rng.choice(CHANNEL_MIX),
            required_skills={
                s: rng.randint(1, 3) for s in rng.sample(skills, rng.choice([1, 1, 2]))
            },
            priority=rng.choice([0, 0, 10, 20]),
            acceleration=1.0,
            widening=(WideningStep(20.0, 1),),
            any_agent_after_s=rng.choice([None, 90.0]),
        )
        for i in range(N_QUEUES)
    ]
    agents = []
    for i in range(N_AGENTS):
        blended = rng.random() < 0.4
        capacity = (
            {Channel.VOICE: 1, Channel.CHAT: 3, Channel.EMAIL: 2, Channel.SMS: 2}
            if blended
            else {Channel.VOICE: 1}
        )
        agent_skills = {s: rng.randint(1, 5) for s in rng.sample(skills, rng.randint(3, 6))}
        agents.append(Agent(f"a{i}", agent_skills, capacity))
    return queues, agents


class Meter:
    """Times engine calls and counts the decisions they made."""

    def __init__(self) -> None:
        self.total_ns = 0
        self.deciding_ns = 0  # wall time of the calls that made at least one decision
        self.cpu_ns = 0  # CPU time of this thread: less sensitive to other load on the machine
        self.decisions = 0
        self.calls = 0
        self.decision_call_ns: list[int] = []
        self.by_call: dict[str, list[int]] = {}  # name -> [calls, ns, decisions]

    def __call__(self, fn: Callable[..., list[Event]], *args: object) -> list[Event]:
        cpu_start = time.thread_time_ns()
        start = time.perf_counter_ns()
        events = fn(*args)
        elapsed = time.perf_counter_ns() - start
        self.cpu_ns += time.thread_time_ns() - cpu_start
        self.total_ns += elapsed
        self.calls += 1
        made = sum(1 for e in events if type(e) is ContactOffered)
        tally = self.by_call.setdefault(fn.__name__, [0, 0, 0])
        tally[0] += 1
        tally[1] += elapsed
        tally[2] += made
        if made:
            self.decisions += made
            self.decision_call_ns.append(elapsed // made)
            self.deciding_ns += elapsed
        return events

    def report(self, label: str) -> tuple[float, float]:
        rate = self.decisions / (self.total_ns / 1e9)
        cpu_rate = self.decisions / (self.cpu_ns / 1e9)
        lat = sorted(self.decision_call_ns)
        p50 = lat[len(lat) // 2] / 1e6
        p99 = lat[int(len(lat) * 0.99)] / 1e6
        print(
            f"{label:<22} decisions={self.decisions:>8,} wall={self.total_ns / 1e9:6.2f}s "
            f"cpu={self.cpu_ns / 1e9:6.2f}s rate={rate:>8,.0f}/s (cpu {cpu_rate:>8,.0f}/s) "
            f"p50={p50 * 1000:6.1f}µs p99={p99 * 1000:6.1f}µs"
        )
        print(
            f"    decisions / wall time of deciding calls only: "
            f"{self.decisions / (self.deciding_ns / 1e9):,.0f}/s"
        )
        for name, (calls, ns, made) in sorted(self.by_call.items()):
            print(
                f"    {name:<9} calls={calls:>8,} mean={ns / calls / 1000:7.1f}µs "
                f"decisions={made:>8,} share={ns / self.total_ns:5.1%}"
            )
        return rate, p99


def play(
    engine: RoutingEngine,
    queues: list[Queue],
    channel_of: dict[str, Channel],
    rng: random.Random,
    contacts: int,
    load: float,
    start: float,
    meter: Meter,
) -> float:
    """Feed `contacts` Poisson arrivals at `load` × nominal capacity; returns the end time."""
    nominal = N_AGENTS / statistics.mean(HANDLE_S.values())
    rate = load * nominal
    pending: list[tuple[float, int, str, str]] = []  # (time, seq, kind, contact)
    seq = 0
    now = start
    made = 0
    next_arrival = now + rng.expovariate(rate)
    while made < contacts or pending:
        due = engine.next_due()
        candidates = [next_arrival if made < contacts else float("inf")]
        if pending:
            candidates.append(pending[0][0])
        if due is not None:
            candidates.append(due)
        now = max(now, min(candidates))
        if due is not None and due <= now:
            events = meter(engine.tick, now)
        elif made < contacts and next_arrival <= now:
            contact = f"k{start:.0f}-{made}"
            made += 1
            queue = rng.choice(queues)
            events = meter(engine.enqueue, contact, queue.id, now)
            seq += 1
            heapq.heappush(pending, (now + rng.expovariate(1 / 120.0), seq, "abandon", contact))
            next_arrival = now + rng.expovariate(rate)
        else:
            _, _, kind, contact = heapq.heappop(pending)
            if kind == "abandon":
                if engine.contact_agent(contact) is not None or engine.queue_of(contact) is None:
                    continue
                events = meter(engine.abandon, contact, now)
            else:
                events = meter(engine.complete, contact, now)
        for event in events:
            if type(event) is ContactOffered:
                seq += 1
                handle = rng.expovariate(1 / HANDLE_S[channel_of[event.queue_id]])
                heapq.heappush(pending, (now + handle, seq, "complete", event.contact_id))
    return now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=150_000, help="contacts per phase")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    queues, agents = build(rng)
    channel_of = {q.id: q.channel for q in queues}
    t0 = time.perf_counter()
    engine = RoutingEngine(queues, auto_accept=True)
    for agent in agents:
        engine.add_agent(agent, 0.0)
        engine.set_state(agent.id, AgentState.AVAILABLE, 0.0)
    setup_s = time.perf_counter() - t0
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}, {platform.python_implementation()} "
        f"{platform.python_version()}; setup of {N_AGENTS:,} agents x {N_QUEUES} queues "
        f"x {N_SKILLS} skills: {setup_s:.2f}s"
    )
    under, over = Meter(), Meter()
    end = play(engine, queues, channel_of, rng, args.contacts, 0.7, 0.0, under)
    play(engine, queues, channel_of, rng, args.contacts, 2.5, end + 3600.0, over)
    under.report("below capacity (0.7)")
    over.report("above capacity (2.5)")
    both = Meter()
    both.total_ns = under.total_ns + over.total_ns
    both.cpu_ns = under.cpu_ns + over.cpu_ns
    both.deciding_ns = under.deciding_ns + over.deciding_ns
    both.decisions = under.decisions + over.decisions
    both.decision_call_ns = under.decision_call_ns + over.decision_call_ns
    rate, p99 = both.report("all")
    print(
        f"ratio to target: rate {rate / TARGET_RATE:.2f}x of {TARGET_RATE:,.0f}/s, "
        f"p99 {p99:.3f} ms vs {TARGET_P99_MS} ms target "
        f"({'met' if rate >= TARGET_RATE and p99 <= TARGET_P99_MS else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
