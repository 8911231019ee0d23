"""Live operation under load: agent WebSockets, new chats per second, PostgreSQL backend.

Target (issue 4): 500 concurrent agent WebSockets and 50 new chats per second for 5 minutes;
p99 first message -> offer at an agent <= 100 ms, p99 message relay <= 50 ms, zero lost or
duplicated messages; CPU and memory reported. There is no peer product: the figures are
printed against the targets.

    benchmarks/run.sh bench_live.py [--agents 500 --rate 50 --duration 300 --clients 3]

A fresh PostgreSQL database (127.0.0.1:5432, user postgres) is created for the run and dropped
afterwards; the server runs in its own process; agents and customers run in ``--clients``
agent processes plus ``--clients`` customer processes on the same machine, so they compete
with the server for CPU (their CPU is reported too).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import multiprocessing as mp
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from live_load.agents import AgentPlan, agent_process
from live_load.customers import CustomerPlan, customer_process
from live_load.procstat import CpuWindow, RssSampler, memory_kib
from live_load.protocol import OFFER, TO_AGENT, TO_CUSTOMER, Records
from live_load.report import KINDS, delivery, merge, percentiles_ms
from live_load.server import ADMIN, BenchDatabase, BenchServer

AGENT_PASSWORD = "bench agent password"  # noqa: S105 - throw-away benchmark accounts
TARGET_MS = {OFFER: 100.0, TO_AGENT: 50.0, TO_CUSTOMER: 50.0}


async def create_agents(base: str, count: int) -> list[str]:
    """The ``general`` chat queue and ``count`` agents through the API; their tokens."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        login = await http.post(
            "/api/v1/auth/token", data=dict(zip(("username", "password"), ADMIN, strict=True))
        )
        login.raise_for_status()
        admin = {"Authorization": f"Bearer {login.json()['access_token']}"}
        made = await http.post(
            "/api/v1/queues", json={"name": "general", "channels": ["chat"]}, headers=admin
        )
        made.raise_for_status()
        gate = asyncio.Semaphore(16)

        async def one(n: int) -> str:
            async with gate:
                user = {"username": f"agent{n:04d}", "password": AGENT_PASSWORD, "roles": ["agent"]}
                created = await http.post("/api/v1/users", json=user, headers=admin)
                created.raise_for_status()
                body = {"user_id": created.json()["id"], "capacity": {"chat": 3}}
                (await http.post("/api/v1/agents", json=body, headers=admin)).raise_for_status()
                form = {"username": user["username"], "password": AGENT_PASSWORD}
                token = await http.post("/api/v1/auth/token", data=form)
                token.raise_for_status()
                return str(token.json()["access_token"])

        return list(await asyncio.gather(*(one(n) for n in range(1, count + 1))))


def split(items: list[str], parts: int) -> list[list[str]]:
    return [items[i::parts] for i in range(parts)]


def run(args: argparse.Namespace, database: BenchDatabase, server: BenchServer) -> bool:
    t0 = time.monotonic()
    tokens = asyncio.run(create_agents(server.base, args.agents))
    print(f"setup: {args.agents} agents created and logged in in {time.monotonic() - t0:.1f} s")
    ctx = mp.get_context("spawn")
    ready, results = ctx.Queue(), ctx.Queue()
    stop, go = ctx.Event(), ctx.Event()
    think = (args.think_min, args.think_max)
    agent_procs = [
        ctx.Process(
            target=agent_process,
            args=(
                AgentPlan(server.base, share, args.exchanges, think, 100 + i, args.agent_commands),
                ready,
                stop,
                results,
            ),
        )
        for i, share in enumerate(split(tokens, args.clients))
    ]
    customer_procs = [
        ctx.Process(
            target=customer_process,
            args=(
                CustomerPlan(
                    server.base,
                    args.rate / args.clients,
                    args.duration,
                    args.drain,
                    args.exchanges,
                    think,
                    seed=200 + i,
                ),
                go,
                results,
            ),
        )
        for i in range(args.clients)
    ]
    for process in agent_procs + customer_procs:
        process.daemon = True  # never outlive the run, also when it fails
        process.start()
    try:
        return measure(
            args, database, server, agent_procs, customer_procs, ready, results, stop, go
        )
    finally:
        for process in agent_procs + customer_procs:
            if process.is_alive():
                process.terminate()


def measure(
    args: argparse.Namespace,
    database: BenchDatabase,
    server: BenchServer,
    agent_procs: list[Any],
    customer_procs: list[Any],
    ready: Any,
    results: Any,
    stop: Any,
    go: Any,
) -> bool:
    """The timed phase: go, sample CPU and memory, collect and merge the processes' records."""
    connected, deadline = 0, time.monotonic() + 300
    while connected < args.agents:
        connected += ready.get(timeout=max(1.0, deadline - time.monotonic()))
    print(f"all {connected} agent sockets open and agents ready; timed phase starts")
    assert server.process is not None
    server_pid = server.process.pid
    rss = RssSampler(server_pid)
    rss.start()
    server_cpu, pg_cpu, client_cpu = CpuWindow(), CpuWindow(), CpuWindow()
    client_pids = [p.pid for p in agent_procs + customer_procs if p.pid is not None]
    pg_pids = database.backend_pids()
    server_cpu.start([server_pid])
    pg_cpu.start(pg_pids)
    client_cpu.start(client_pids)
    profiler = None
    if args.profile:
        profiler = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                "--pid",
                str(server_pid),
                "--duration",
                str(int(args.duration)),
                "--format",
                args.profile_format,
                "--output",
                args.profile,
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    go.set()
    started = time.monotonic()
    time.sleep(args.duration)
    window = time.monotonic() - started
    server_cpu.stop([server_pid])
    pg_cpu.stop(sorted(set(pg_pids) | set(database.backend_pids())))
    client_cpu.stop(client_pids)
    if profiler is not None:
        try:
            profiler.wait(timeout=60)
        except subprocess.TimeoutExpired:  # never let the profiler sink the measurement
            profiler.terminate()
            print("py-spy did not finish within 60 s of the timed phase; stopped it")
    print(f"arrivals over after {window:.0f} s; letting open chats finish (<= {args.drain:.0f} s)")
    parts: list[Records] = []
    for _ in customer_procs:
        parts.append(results.get(timeout=args.drain + 600)[1])  # loaded machines are slow
    stop.set()
    for _ in agent_procs:
        parts.append(results.get(timeout=120)[1])
    for process in agent_procs + customer_procs:
        process.join(timeout=30)
    rss.halt.set()
    hwm = memory_kib(server_pid).get("VmHWM", 0)
    total = merge(parts)
    print_late(total, started)
    return report(
        args,
        total,
        window,
        {"server": server_cpu, "pg": pg_cpu, "clients": client_cpu},
        max(rss.peak_kib, hwm),
    )


def print_late(total: Records, started: float, bucket_s: int = 20) -> None:
    """When the slow deliveries arrived, per 20 s of the run: a steady trickle is a slow
    path, a burst is a stall of the whole server (or of the machine). ``in busiest 10 s``:
    the share of the deliveries over 100 ms that arrived in the run's 10 worst seconds."""
    print(f"\nslow deliveries, by {bucket_s} s of the run (receipt time):")
    for kind, label in KINDS.items():
        slow = total.late.get(kind, [])
        for limit_ms in (100, 1000):
            counts: dict[int, int] = {}
            for at_ns, latency_ns in slow:
                if latency_ns > limit_ms * 1_000_000:
                    slot = int((at_ns / 1e9 - started) // bucket_s)
                    counts[slot] = counts.get(slot, 0) + 1
            row = " ".join(f"{slot * bucket_s}s:{n}" for slot, n in sorted(counts.items()))
            print(f"  {label:25} >{limit_ms:>4} ms  {row or 'none'}")
        seconds = Counter(int(at_ns / 1e9 - started) for at_ns, _ in slow)
        if seconds:
            busiest = sum(n for _, n in seconds.most_common(10))
            print(
                f"  {'':25} >100 ms in {len(seconds)} distinct seconds; "
                f"{busiest / len(slow):.0%} in the busiest 10 s"
            )


def report(
    args: argparse.Namespace,
    total: Records,
    window: float,
    cpu: dict[str, CpuWindow],
    peak_kib: int,
) -> bool:
    print(
        f"\nlive load: {args.agents} agents, {args.rate:g} chats/s for {args.duration:g} s, "
        f"{args.exchanges} messages each way per chat, "
        f"think {args.think_min:g}-{args.think_max:g} s, "
        f"{args.clients}+{args.clients} client processes, agent commands by "
        f"{args.agent_commands}, PostgreSQL; machine: 2 shared cores"
    )
    c = total.counters
    print(
        f"chats started {c.get('started', 0)}, offered {c.get('offers', 0)}, accepted "
        f"{c.get('accepted', 0)}, completed (wrapped up) {c.get('completed', 0)}, customer saw end "
        f"{c.get('ended', 0)}; offers revoked {c.get('offers_revoked', 0)}, unfinished "
        f"{c.get('unfinished_at_drain', 0)}, client errors {c.get('errors', 0)}"
    )
    kinds = sorted(((n, k) for k, n in c.items() if k.startswith("error kind: ")), reverse=True)
    for count, kind in kinds[:12]:
        print(f"  {count:6d} x {kind.removeprefix('error kind: ')}")
    refused = c.get("refused_busy", 0)
    ok = refused == 0
    print(
        f"new chats refused with 503 (server busy, Retry-After): {refused}  "
        f"{'PASS' if ok else 'FAIL: the offered rate was not served'}"
    )
    print(f"{'latency (ms)':32}{'n':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}  target p99")
    for kind, label in KINDS.items():
        q = percentiles_ms(total, kind)
        if not q:
            print(f"{label:32} no samples  FAIL")
            ok = False
            continue
        passed = q["p99"] <= TARGET_MS[kind]
        ok &= passed
        print(
            f"{label:32}{q['n']:>8}{q['p50']:>9.1f}{q['p95']:>9.1f}{q['p99']:>9.1f}{q['max']:>9.1f}"
            f"  <= {TARGET_MS[kind]:.0f}  {'PASS' if passed else 'FAIL'}"
        )
    for kind, label in KINDS.items():
        sent, received, lost, duplicated = delivery(total, kind)
        # an offer revoked (timeout, decline) is offered again: that repeat is not a duplicate
        expected = c.get("offers_revoked", 0) if kind == OFFER else 0
        passed = lost == 0 and duplicated <= expected
        ok &= passed
        note = f" ({expected} re-offers after a revoke expected)" if expected else ""
        print(
            f"{label:32} sent {sent}, received {received}, lost {lost}, duplicated {duplicated}"
            f"{note}  {'PASS' if passed else 'FAIL'}"
        )
    server_s, pg_s, clients_s = (cpu[k].used for k in ("server", "pg", "clients"))
    completed = max(1, c.get("completed", 0))
    print(
        f"server CPU {server_s:.1f} s over {window:.0f} s = {server_s / window:.2f} cores "
        f"({1000 * server_s / completed:.1f} ms per chat completed); RSS peak "
        f"{peak_kib / 1024:.0f} MiB"
    )
    print(
        f"PostgreSQL backends CPU {pg_s:.1f} s = {pg_s / window:.2f} cores; load generators "
        f"CPU {clients_s:.1f} s = {clients_s / window:.2f} cores"
    )
    print(
        "waiting for a CPU (run queue, all threads; other work on the machine shows here): "
        + ", ".join(
            f"{name} {cpu[key].waited:.1f} s"
            for key, name in (("server", "server"), ("pg", "PostgreSQL"), ("clients", "clients"))
        )
    )
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"overall: {'PASS' if ok else 'FAIL'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--rate", type=float, default=50.0, help="new chats per second")
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of arrivals")
    parser.add_argument("--clients", type=int, default=3, help="agent and customer processes, each")
    parser.add_argument(
        "--exchanges", type=int, default=3, help="messages each side sends per chat"
    )
    parser.add_argument(
        "--agent-commands",
        choices=("socket", "rest"),
        default="socket",
        help="agents accept, reply, end and wrap up with frames on their socket, or by REST",
    )
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=1.5)
    parser.add_argument("--drain", type=float, default=60.0, help="seconds for open chats to end")
    parser.add_argument("--profile", help="py-spy profile of the server's timed phase to this file")
    parser.add_argument(
        "--profile-format", default="speedscope", help="py-spy: flamegraph, raw, speedscope"
    )
    args = parser.parse_args()
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)  # progress lines show up when piped
    with BenchDatabase() as database:
        server = BenchServer(database)
        try:
            server.start()
            print(
                f"server pid {server.process.pid if server.process else '?'} on {server.base}, "
                f"database {database.name}"
            )
            return 0 if run(args, database, server) else 1
        except KeyboardInterrupt:
            print("interrupted")
            return 130
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
